"""A team's screen in a class game hosted on the network: the team's own view from the host
(``game.net.client.Link``), with the moves the host takes.

The window's local screens read a whole ``Game``; a device has only what its country may know
(the host's view: the same observation a bot gets, the news, the leaderboard, its own
negotiations), so this one screen shows that view: the score and the leaderboard on the left,
and on the right the year's news, the offers to answer (with the projected effect for the team),
a proposal with its projected effect (asked of the host with ``query``), keep-or-break in the
compliance phase, and the final results. Every move goes to the host as an ``act`` message; the
screen never waits for it: the buttons rest until the host acknowledges it (applied and saved)
or refuses it (said in a toast), and the next view redraws the screen.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pygame

from game.classroom.timer import clock_text
from game.net.client import Link, Pending
from game.scenario.terms import ClauseKind
from game.ui import draw
from game.ui.netview import Names, clauses_text, event_title, names_of, phase_name, team_label
from game.ui.scene import Scene, escape
from game.ui.text import cap, country_name, names, number, percent, reason_text, signed, term_name, tr, ui
from game.ui.widgets import segmented

#: The clauses a proposal from a device may hold: those that bind every party alike (the
#: directed ones, with a giver and an amount, are the window's negotiation screen's).
CLAUSES = (ClauseKind.TRADE_LIBERALISATION, ClauseKind.SECURITY_COOPERATION,
           ClauseKind.VISA_FACILITATION, ClauseKind.EDUCATION_EXCHANGE)
LEVELS = (0.25, 0.5, 0.75, 1.0)
DURATIONS = (3, 5, 10)
TABS = ("news", "offers", "propose", "keep")


class RemoteScene(Scene):
    name = "remote"

    def __init__(self, app, link: Link):
        super().__init__(app)
        self.link = link
        self.tab: str | None = None  # None: the phase's own tab
        self.partners: list[str] = []
        self.clauses: dict[str, float] = {}
        self.level = 0.5
        self.duration = 5
        self.keep: dict[tuple[str, int], bool] = {}
        self.pending: Pending | None = None
        self.pending_kind = ""
        self.effect: dict[str, Any] | None = None
        self.effect_query: Pending | None = None
        self.effect_for: tuple | None = None
        self.leaving = False
        self.shown: tuple | None = None  # what the widgets were built from

    # --- what the view says -----------------------------------------------------------------
    @property
    def view(self) -> dict[str, Any]:
        return self.link.view or {}

    @property
    def names(self) -> Names | None:
        return names_of(self.view.get("scenario", ""))

    @property
    def me(self) -> str:
        return self.view.get("country") or self.link.country or ""

    @property
    def phase(self) -> str:
        view = self.view
        return "finished" if view.get("game_over") else view.get("phase", "news")

    def can_act(self) -> bool:
        view = self.view
        return (self.link.state == "joined" and self.pending is None and bool(view.get("deciding"))
                and not view.get("paused") and not view.get("game_over"))

    def current_tab(self) -> str:
        tabs = self.tabs()
        if self.tab in tabs:
            return self.tab
        phase = self.phase
        if phase == "diplomacy":
            waiting = any(n.get("waiting_for_me") for n in self.view.get("negotiations", []))
            return "offers" if waiting or not self.can_propose() else "propose"
        return "keep" if phase == "compliance" else "news"

    def tabs(self) -> list[str]:
        phase = self.phase
        tabs = ["news", "offers"]
        if phase == "diplomacy":
            tabs.append("propose")
        if phase == "compliance":
            tabs.append("keep")
        return tabs

    def can_propose(self) -> bool:
        view = self.view
        me = (view.get("observation") or {}).get("me", {})
        return (self.phase == "diplomacy" and not view.get("answers_only")
                and me.get("delegations_left", 0) > 0 and not view.get("ended"))

    def status(self) -> str:
        """The line under the title: the year and phase, and whose move it is."""
        view = self.view
        link = self.link
        if link.state == "lost":
            state = ui("remote.reconnecting")
        elif view.get("game_over"):
            state = ui("remote.over")
        elif view.get("paused"):
            state = ui("remote.paused")
        elif self.pending is not None:
            state = ui("remote.sending")
        elif view.get("deciding"):
            state = ui("remote.your_move")
        else:
            state = ui("remote.waiting")
        year = ui("game.turn_status", turn=view.get("turn", 1), turns=view.get("last_turn", 1),
                  phase=phase_name(view.get("phase", "news")))
        return f"{year}  ·  {state}"

    def signature(self) -> tuple:
        return (self.link.sequence, self.link.state, self.current_tab(), self.pending is not None,
                self.app.settings.language, tuple(self.partners), tuple(sorted(self.clauses.items())),
                self.level, self.duration, tuple(sorted(self.keep.items())), self.leaving)

    # --- layout --------------------------------------------------------------------------------
    def build(self) -> None:
        self.shown = self.signature()
        margin = self.px(16)
        header = self.px(62)
        leave = ui("remote.leave_confirm") if self.leaving else ui("remote.leave")
        leave_w = max(self.px(130), self.font().size(leave)[0] + self.px(28))
        self.button(pygame.Rect(margin, self.px(12), leave_w, self.px(38)), leave, self.back,
                    key="back", tooltip=ui("remote.leave_tip"))
        title = team_label(self.view, self.names, self.me) if self.me else ui("join.title")
        text_x = margin + leave_w + self.px(16)
        timer_w = self.px(190)
        self.label(pygame.Rect(text_x, self.px(8), self.width - text_x - timer_w - margin, self.px(32)),
                   title, "#heading")
        self.label(pygame.Rect(text_x + self.px(2), self.px(38), self.width - text_x - timer_w - margin,
                               self.px(20)), self.status(), "#muted")
        body_top = header + self.px(8)
        left_w = max(self.px(250), round((self.width - 3 * margin) * 0.31))
        self.left_rect = pygame.Rect(margin, body_top, left_w, self.height - body_top - margin)
        right = pygame.Rect(self.left_rect.right + margin, body_top,
                            self.width - self.left_rect.right - 2 * margin, self.left_rect.height)
        bar_h = self.px(44)
        tabs = self.tabs()
        counts = {"offers": sum(1 for n in self.view.get("negotiations", []) if n.get("waiting_for_me"))}
        options = [(t, ui(f"remote.tab.{t}", count=counts.get(t, 0))) for t in tabs]
        segmented(self, pygame.Rect(right.x, right.y, right.width, self.px(36)), options,
                  self.current_tab(), self.on_tab, gap=self.px(6), key="tab")
        content = pygame.Rect(right.x, right.y + self.px(44), right.width,
                              right.height - self.px(44) - bar_h - self.px(10))
        self.content_rect = content
        getattr(self, f"_build_{self.current_tab()}")(content)
        self._build_bar(pygame.Rect(right.x, right.bottom - bar_h, right.width, bar_h))

    def _build_bar(self, bar: pygame.Rect) -> None:
        """The phase's move at the bottom right (and Send on the proposal's tab)."""
        phase = self.phase
        label, action = None, None
        if phase == "news":
            label, action = ui("game.begin_diplomacy"), self.on_begin
        elif phase == "diplomacy" and not self.view.get("ended"):
            label, action = ui("game.end_diplomacy"), self.on_end_diplomacy
        elif phase == "compliance" and not self.view.get("ended"):
            label, action = ui("compliance.end_turn"), self.on_end_compliance
        x = bar.right
        if label is not None:
            width = max(self.px(200), self.font("heading", True).size(label)[0] + self.px(36))
            width = min(width, bar.width // 2)
            x = bar.right - width
            self.button(pygame.Rect(x, bar.y, width, bar.height), label, action, "#primary",
                        enabled=self.can_act(), key="action", fit=True)
        if self.current_tab() == "propose":
            send = ui("negotiation.send")
            width = min(max(self.px(190), self.font("heading", True).size(send)[0] + self.px(36)),
                        (x - bar.x) // 2)
            self.button(pygame.Rect(x - width - self.px(8), bar.y, width, bar.height), send,
                        self.on_send, "#primary",
                        enabled=self.can_act() and self.can_propose() and self.draft_ready(),
                        key="send", fit=True)

    def _build_news(self, area: pygame.Rect) -> None:
        view = self.view
        game_names = self.names
        parts: list[str] = []
        if view.get("game_over"):
            parts.append(f"<b>{escape(ui('remote.final'))}</b>")
            for row in view.get("leaderboard", []):
                parts.append(escape(f"{row['rank']}. {team_label(view, game_names, row['country'])}: "
                                    f"{number(row['score'], 1)}"))
            parts.append("")
        parts.append(f"<b>{escape(ui('game.news', turn=view.get('turn', 1)))}</b>")
        events = view.get("news") or []
        for event in events:
            struck = names(game_names, event.get("countries") or []) or ui("game.everyone")
            parts.append(escape(f"• {event_title(game_names, event)}: {struck}"))
        if not events:
            parts.append(escape(ui("game.quiet_year")))
        report = view.get("last_report")
        if report:
            parts.append("")
            parts.append(f"<b>{escape(ui('remote.last_year', turn=report['turn']))}</b>")
            parts.append(escape(ui("remote.made_ended", made=len(report["agreements_made"]),
                                   ended=len(report["agreements_ended"]))))
            for breach in report.get("breaches", []):
                parts.append(escape("• " + ui("remote.breach", country=country_name(
                    game_names, breach["country"]), agreement=breach["agreement"])))
        if view.get("phase") == "news" and not view.get("game_over"):
            parts.append("")
            parts.append(escape(ui("status.news")))
        self.textbox(area, "<br>".join(parts), "#boxed")

    def _build_offers(self, area: pygame.Rect) -> None:
        negotiations = sorted(self.view.get("negotiations", []),
                              key=lambda n: (not n.get("waiting_for_me"), -n["id"]))
        if not negotiations:
            self.textbox(area, escape(ui("inbox.nothing")), "#boxed")
            return
        values = {n["id"]: n.get("my_value") for n in
                  (self.view.get("observation") or {}).get("negotiations", [])}
        game_names = self.names
        me = self.me
        rows = []
        for negotiation in negotiations:
            offer = negotiation["offers"][-1]
            others = [p for p in negotiation["parties"] if p != me]
            if offer["by"] == me:
                heading = ui("inbox.heading.yours", parties=names(game_names, others))
            else:
                heading = ui("inbox.heading.from", name=team_label(self.view, game_names, offer["by"]))
            clauses = clauses_text(game_names, offer["clauses"])
            facts = f"{clauses}  ·  {ui('negotiation.duration', years=offer['duration'])}"
            detail = self._offer_detail(negotiation, values.get(negotiation["id"]))
            waiting = negotiation.get("waiting_for_me") and negotiation["status"] == "open"
            rows.append(([(heading, "#subheading"), (facts, None), (detail, "#muted")],
                         self.px(240) if waiting else 0,
                         (lambda box, rect, n=negotiation["id"]: self._answer_buttons(box, rect, n))
                         if waiting else None))
        self._rows(area, rows)

    def _rows(self, area: pygame.Rect, rows: list[tuple[list[tuple[str, str | None]], int, Any]]) -> None:
        """Cards of wrapped lines in a scrolling box, each with its buttons on the right
        (``rows``: the lines and their styles, the buttons' width, what makes the buttons)."""
        gap = self.px(12)
        button_h = self.px(40)

        def layout(width: int) -> list[tuple[list[tuple[str, str | None, int]], int]]:
            laid = []
            for lines, buttons_w, _ in rows:
                text_w = width - buttons_w - (self.px(12) if buttons_w else 0)
                wrapped = []
                for text, style in lines:
                    fnt = self.label_font(style)
                    for part in draw.wrap(text, fnt, text_w - self.px(8))[:3]:
                        wrapped.append((part, style, fnt.get_linesize() + self.px(2)))
                laid.append((wrapped, max(sum(h for *_, h in wrapped), button_h + self.px(8))))
            return laid

        laid = layout(area.width)
        total = sum(h + gap for _, h in laid)
        if total > area.height:  # room for the scroll bar
            laid = layout(area.width - self.px(22))
            total = sum(h + gap for _, h in laid)
        box = self.scrolling(area, total)
        width = area.width - (self.px(22) if total > area.height else 0)
        y = 0
        for (lines, height), (_, buttons_w, make) in zip(laid, rows, strict=True):
            text_w = width - buttons_w - (self.px(12) if buttons_w else 0)
            line_y = y
            for text, style, h in lines:
                self.label(pygame.Rect(0, line_y, text_w, h), text, style, container=box)
                line_y += h
            if make is not None:
                make(box, pygame.Rect(width - buttons_w, y + self.px(4), buttons_w, button_h))
            y += height + gap

    def _answer_buttons(self, box: Any, rect: pygame.Rect, negotiation: int) -> None:
        half = (rect.width - self.px(8)) // 2
        self.button(pygame.Rect(rect.x, rect.y, half, rect.height), ui("inbox.accept"),
                    lambda: self.on_answer("accept", negotiation), "#primary", enabled=self.can_act(),
                    container=box, key=f"accept:{negotiation}", fit=True)
        self.button(pygame.Rect(rect.right - half, rect.y, half, rect.height), ui("inbox.reject"),
                    lambda: self.on_answer("reject", negotiation), enabled=self.can_act(),
                    container=box, key=f"reject:{negotiation}", fit=True)

    def _offer_detail(self, negotiation: dict[str, Any], value: float | None) -> str:
        """For you: +1.2 · status · each partner's answer and a computer's first reasons."""
        game_names = self.names
        parts = []
        if value is not None:
            parts.append(ui("remote.for_you", value=signed(value, 2)))
        parts.append(ui("inbox.status_line", status=ui(f"inbox.status.{negotiation['status']}")))
        for partner, answer in (negotiation.get("answers") or {}).items():
            said = ui(f"inbox.answer.{answer}") if answer else ui("inbox.answer.waiting")
            reasons = (negotiation.get("reasons") or {}).get(partner)
            because = ""
            if reasons and reasons.get("reasons"):
                top = sorted(reasons["reasons"], key=lambda r: -abs(r["points"]))[:2]
                because = " (" + "; ".join(reason_text(game_names, SimpleNamespace(**r)) for r in top) + ")"
            parts.append(f"{country_name(game_names, partner)} {said}{because}")
        return "  ·  ".join(parts)

    def _build_propose(self, area: pygame.Rect) -> None:
        game_names = self.names
        me = self.me
        observation = self.view.get("observation") or {}
        ids = [c for c in observation.get("country_ids", []) if c != me]
        x, y, width = area.x, area.y, area.width
        label_h, row_h, gap = self.px(24), self.px(36), self.px(6)
        left = observation.get("me", {}).get("delegations_left", 0)
        note = ui("negotiation.delegations", count=left)
        if self.view.get("answers_only"):
            note = ui("remote.answers_only")
        self.label(pygame.Rect(x, y, width, label_h), f"{ui('negotiation.partners')}  ·  {note}")
        y += label_h + self.px(2)
        columns = 3 if width >= self.px(420) else 2
        cell = (width - gap * (columns - 1)) // columns
        for k, country in enumerate(ids):
            rect = pygame.Rect(x + (k % columns) * (cell + gap), y + (k // columns) * (row_h + gap),
                               cell, row_h)
            chosen = country in self.partners
            self.button(rect, country_name(game_names, country),
                        lambda c=country: self.on_partner(c), "#on" if chosen else None,
                        tooltip=team_label(self.view, game_names, country), key=f"partner:{country}",
                        fit=True)
        y += ((len(ids) + columns - 1) // columns) * (row_h + gap) + self.px(6)
        self.label(pygame.Rect(x, y, width, label_h), ui("negotiation.clauses"))
        y += label_h + self.px(2)
        columns = 2
        cell = (width - gap) // columns
        for k, kind in enumerate(CLAUSES):
            rect = pygame.Rect(x + (k % columns) * (cell + gap), y + (k // columns) * (row_h + gap),
                               cell, row_h)
            chosen = kind.value in self.clauses
            self.button(rect, cap(tr(f"clause.{kind.value}")), lambda c=kind.value: self.on_clause(c),
                        "#on" if chosen else None, key=f"clause:{kind.value}", fit=True)
        y += 2 * (row_h + gap) + self.px(6)
        half = (width - self.px(16)) // 2
        self.label(pygame.Rect(x, y, half, label_h), ui("remote.level"))
        self.label(pygame.Rect(x + half + self.px(16), y, half, label_h),
                   ui("negotiation.duration", years=self.duration))
        y += label_h + self.px(2)
        segmented(self, pygame.Rect(x, y, half, row_h), [(v, percent(v)) for v in LEVELS], self.level,
                  self.on_level, gap=self.px(4), key="level")
        segmented(self, pygame.Rect(x + half + self.px(16), y, half, row_h),
                  [(d, ui("remote.years", years=d)) for d in DURATIONS], self.duration, self.on_duration,
                  gap=self.px(4), key="duration")
        y += row_h + self.px(14)
        self.effect_box = self.textbox(pygame.Rect(x, y, width, max(self.px(40), area.bottom - y)),
                                       self.effect_html(), "#boxed")

    def _build_keep(self, area: pygame.Rect) -> None:
        obligations = (self.view.get("observation") or {}).get("obligations", [])
        if not obligations or self.view.get("ended"):
            text = ui("remote.compliance_done") if self.view.get("ended") else ui("compliance.nothing")
            self.textbox(area, escape(text), "#boxed")
            return
        game_names = self.names
        choice_w = min(self.px(230), area.width // 3)
        rows = []
        for duty in obligations:
            clause = clauses_text(game_names, [duty])
            partners = ui("remote.with", partners=names(game_names, duty.get("partners", [])),
                          agreement=duty["agreement"])
            if "gain_if_broken" in duty:
                detail = ui("compliance.if_broken", gain=signed(duty["gain_if_broken"], 2),
                            total=signed(duty["score_change_if_broken"], 2))
            else:
                detail = ui("compliance.values_unavailable")
            key = (duty["agreement"], int(duty["clause"]))
            rows.append(([(clause, "#subheading"), (partners, None), (detail, "#muted")], choice_w,
                         lambda box, rect, key=key: self._keep_buttons(box, rect, key)))
        self._rows(area, rows)

    def _keep_buttons(self, box: Any, rect: pygame.Rect, key: tuple[str, int]) -> None:
        segmented(self, rect, [(True, ui("compliance.keep")), (False, ui("compliance.break"))],
                  self.keep.get(key, True), lambda value: self.on_keep(key, value), gap=self.px(4),
                  key=f"keep:{key[0]}:{key[1]}", container=box)

    # --- the draft's projected effect ----------------------------------------------------------
    def draft(self) -> tuple[list[str], list[dict[str, Any]]]:
        parties = [self.me, *self.partners]
        clauses = [{"kind": kind, "level": level} for kind, level in sorted(self.clauses.items())]
        return parties, clauses

    def draft_ready(self) -> bool:
        return bool(self.partners) and bool(self.clauses)

    def effect_text(self) -> str:
        if not self.draft_ready():
            return ui("remote.effect_none")
        if self.effect is None or self.effect_for != self._draft_key():
            return ui("remote.effect_asking")
        effect = self.effect
        terms = sorted(((t, v) for t, v in effect.items() if t != "total" and round(v, 2) != 0),
                       key=lambda item: -abs(item[1]))[:2]
        detail = ", ".join(f"{term_name(t).lower()} {signed(v, 2)}" for t, v in terms)
        text = ui("remote.effect", total=signed(effect.get("total", 0.0), 2))
        return f"{text} ({detail})" if detail else text

    def effect_html(self) -> str:
        return f"<b>{escape(self.effect_text())}</b>"

    def _draft_key(self) -> tuple:
        return (tuple(self.partners), tuple(sorted(self.clauses.items())), self.duration,
                self.link.sequence)

    def ask_effect(self) -> None:
        if not self.draft_ready() or self.link.state != "joined":
            return
        asked = self.effect is not None or self.effect_query is not None
        if self.effect_for == self._draft_key() and asked:
            return
        parties, clauses = self.draft()
        self.effect_for = self._draft_key()
        self.effect = None
        self.effect_query = self.link.query("projected_effect", parties, clauses, self.duration)

    # --- every frame -----------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        link = self.link
        if link.state == "refused":  # removed by the teacher
            message = (link.refusal or {}).get("text") or ui("remote.lost")
            self.app.goto("menu")
            self.app.show_error(ui("remote.left_title"), message)
            return
        if self.pending is not None and self.pending.done:
            self.finish(self.pending)
        query = self.effect_query
        if query is not None and query.done:
            self.effect_query = None
            if query.ok and self.effect_for == self._draft_key():
                self.effect = query.reply["result"].get("effect")
            box = getattr(self, "effect_box", None)
            if box is not None and box.alive():
                box.set_text(self.effect_html())
        if self.current_tab() == "propose":
            self.ask_effect()
        if self.signature() != self.shown:
            self.app.rebuild()

    def finish(self, pending: Pending) -> None:
        """A move answered: a refusal in a toast, a proposal's draft cleared once it is sent."""
        self.pending = None
        reply = pending.reply or {}
        if reply.get("type") == "error":
            self.app.toast(reply.get("text") or reply.get("key", ""), "bad")
        elif self.pending_kind == "propose":
            self.partners, self.clauses = [], {}
            self.effect = None
            self.tab = "offers"
            self.app.toast(ui("remote.sent"), "good")
        elif self.pending_kind in ("begin_diplomacy", "end_diplomacy", "end_compliance"):
            self.tab = None
            self.keep = {}

    def act(self, move: dict[str, Any]) -> None:
        if not self.can_act():
            return
        self.pending_kind = move["kind"]
        self.pending = self.link.act(move)

    # --- drawing ---------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        colours = self.colours
        pygame.draw.rect(surface, colours.panel, pygame.Rect(0, 0, self.width, self.px(62)))
        rect = getattr(self, "left_rect", None)
        if rect is None:
            return
        draw.card(surface, rect, colours.panel, colours.border, self.px(8))
        key = (self.link.sequence, self.app.settings.language)
        surface.blit(self.cached("left", key, rect.size, self.paint_left), rect)

    def draw_over(self, surface: pygame.Surface) -> None:
        left = self.link.remaining()
        if left is None:
            return
        text = ui("competition.countdown", time=clock_text(left))
        fnt = self.font("heading", True)
        width = max(self.px(150), fnt.size(text)[0] + self.px(24))
        rect = pygame.Rect(self.width - width - self.px(16), self.px(11), width, self.px(40))
        warning = left <= 30
        draw.card(surface, rect, self.colours.bad if warning else self.colours.panel_alt,
                  self.colours.bad if warning else self.colours.accent, self.px(8))
        draw.text(surface, text, rect.center, fnt,
                  self.colours.background if warning else self.colours.text, "center",
                  max_width=rect.width - self.px(12))

    def paint_left(self, image: pygame.Surface) -> None:
        """The team's score with its terms, and the leaderboard."""
        view = self.view
        colours = self.colours
        game_names = self.names
        pad = self.px(14)
        width = image.get_width() - 2 * pad
        me = (view.get("observation") or {}).get("me", {})
        heading, big, small = self.font("heading", True), self.font("title", True), self.font("small")
        y = self.px(10)
        draw.text(image, ui("game.score"), (pad, y), heading, colours.muted)
        y += heading.get_linesize()
        draw.text(image, number(me.get("score", 0.0), 1), (pad, y), big, colours.accent)
        y += big.get_linesize() + self.px(2)
        for term, value in (me.get("terms") or {}).items():
            draw.text(image, term_name(term), (pad, y), small, colours.text, max_width=width - self.px(60))
            draw.text(image, signed(value, 2), (pad + width, y), small, draw.sign_colour(value, colours, 2),
                      "topright")
            y += small.get_linesize()
        y += self.px(10)
        draw.text(image, ui("projector.leaderboard"), (pad, y), heading, colours.text)
        y += heading.get_linesize() + self.px(2)
        teams = view.get("teams") or {}
        normal = self.font("normal")
        bold = self.font("normal", True)
        line = normal.get_linesize() + self.px(2)
        for row in view.get("leaderboard", []):
            if y + line > image.get_height() - self.px(6):
                break
            country = row["country"]
            mine = country == self.me
            fnt = bold if mine else normal
            colour = colours.accent if mine else (colours.text if country in teams else colours.muted)
            score = number(row["score"], 1)
            score_w = fnt.size(score)[0]
            draw.text(image, f"{row['rank']}.", (pad, y), fnt, colours.muted)
            room = pad + width - score_w - self.px(10)
            drawn = draw.text(image, country_name(game_names, country), (pad + self.px(28), y), fnt, colour,
                              max_width=room - pad - self.px(28))
            team = teams.get(country)
            if team and team != country and drawn.right + fnt.size(f" · {team}")[0] <= room:
                draw.text(image, f" · {team}", (drawn.right, y), fnt, colours.muted)
            draw.text(image, score, (pad + width, y), fnt, colour, "topright")
            y += line

    # --- events ----------------------------------------------------------------------------------
    def back(self) -> None:
        """Leave the class game: a second click (or Esc) to be sure; the team's game goes on."""
        if not self.leaving and not self.view.get("game_over"):
            self.leaving = True
            return
        self.link.close()
        self.app.goto("menu")

    def on_tab(self, tab: str) -> None:
        self.tab = tab
        self.leaving = False

    def on_begin(self) -> None:
        self.act({"kind": "begin_diplomacy"})

    def on_end_diplomacy(self) -> None:
        self.act({"kind": "end_diplomacy"})

    def on_end_compliance(self) -> None:
        obligations = (self.view.get("observation") or {}).get("obligations", [])
        keep = [{"agreement": d["agreement"], "clause": int(d["clause"]),
                 "keep": self.keep.get((d["agreement"], int(d["clause"])), True)} for d in obligations]
        self.act({"kind": "end_compliance", "keep": keep})

    def on_answer(self, kind: str, negotiation: int) -> None:
        self.act({"kind": kind, "negotiation": negotiation})

    def on_send(self) -> None:
        if not self.draft_ready() or not self.can_propose():
            return
        parties, clauses = self.draft()
        self.act({"kind": "propose", "parties": parties, "clauses": clauses, "duration": self.duration})

    def on_partner(self, country: str) -> None:
        if country in self.partners:
            self.partners.remove(country)
        else:
            self.partners.append(country)

    def on_clause(self, kind: str) -> None:
        if kind in self.clauses:
            del self.clauses[kind]
        else:
            self.clauses[kind] = self.level

    def on_level(self, level: float) -> None:
        self.level = level
        self.clauses = {kind: level for kind in self.clauses}

    def on_duration(self, years: int) -> None:
        self.duration = years

    def on_keep(self, key: tuple[str, int], keep: bool) -> None:
        self.keep[key] = keep

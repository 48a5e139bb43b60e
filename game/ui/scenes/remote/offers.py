"""Part of the team's screen in a class game (``RemoteScene``): the year's news, the offers to answer (with
their reasons and projected effect) and keep-or-break in the compliance phase."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pygame

from game.ui import draw
from game.ui.flags import flag_width, framed_flag
from game.ui.icons import clause_icon
from game.ui.netview import agreement_label, clauses_text, event_title, team_label
from game.ui.scene import escape
from game.ui.text import country_name, names, number, reason_text, signed, ui
from game.ui.widgets import segmented


class RemoteOffers:
    """Part of ``RemoteScene``: the year's news, the offers to answer (with their reasons and projected
    effect) and keep-or-break in the compliance phase."""

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
                label = agreement_label(game_names, breach["agreement"])
                country = country_name(game_names, breach["country"])
                parts.append(escape("• " + (ui("remote.breach", country=country, agreement=label)
                                            if label else ui("remote.breach_made", country=country))))
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
        pictures: list[pygame.Surface | None] = []
        for negotiation in negotiations:
            offer = negotiation["offers"][-1]
            others = [p for p in negotiation["parties"] if p != me]
            if offer["by"] == me:
                heading = ui("inbox.heading.yours", parties=names(game_names, others))
            else:
                heading = ui("inbox.heading.from", name=team_label(self.view, game_names, offer["by"]))
            clauses = clauses_text(game_names, offer["clauses"])
            facts = f"{clauses}  ·  {ui('negotiation.duration', count=offer['duration'])}"
            detail = self._offer_detail(negotiation, values.get(negotiation["id"]))
            waiting = negotiation.get("waiting_for_me") and negotiation["status"] == "open"
            rows.append(([(heading, "#subheading"), (facts, None), (detail, "#muted")],
                         self.px(240) if waiting else 0,
                         (lambda box, rect, n=negotiation["id"]: self._answer_buttons(box, rect, n))
                         if waiting else None))
            shown = offer["by"] if offer["by"] != me else (others[0] if others else None)
            pictures.append(framed_flag(game_names, shown, self.picture_height()) if shown else None)
        self._rows(area, rows, pictures)

    def picture_height(self) -> int:
        """The height of the flag or icon before a card's heading."""
        return self.label_font("#subheading").get_linesize() - self.px(8)

    def _rows(self, area: pygame.Rect, rows: list[tuple[list[tuple[str, str | None]], int, Any]],
              pictures: list[pygame.Surface | None] | None = None) -> None:
        """Cards of wrapped lines in a scrolling box, each with its buttons on the right
        (``rows``: the lines and their styles, the buttons' width, what makes the buttons), and
        ``pictures``' (a flag, a clause's icon; if any) before a card's first line."""
        gap = self.px(12)
        button_h = self.px(40)
        pictures = pictures or [None] * len(rows)
        indent = flag_width(self.picture_height()) + self.px(8)

        def layout(width: int) -> list[tuple[list[tuple[str, str | None, int]], int]]:
            laid = []
            for (lines, buttons_w, _), picture in zip(rows, pictures, strict=True):
                text_w = width - buttons_w - (self.px(12) if buttons_w else 0)
                wrapped = []
                for k, (text, style) in enumerate(lines):
                    fnt = self.label_font(style)
                    room = text_w - self.px(8) - (indent if k == 0 and picture else 0)
                    for part in draw.wrap(text, fnt, room)[:3]:
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
        for (lines, height), (_, buttons_w, make), picture in zip(laid, rows, pictures, strict=True):
            text_w = width - buttons_w - (self.px(12) if buttons_w else 0)
            line_y = y
            for k, (text, style, h) in enumerate(lines):
                left = indent if k == 0 and picture else 0
                if left:
                    size = picture.get_size()
                    self.picture(pygame.Rect((0, line_y + (h - size[1]) // 2), size), picture, container=box)
                self.label(pygame.Rect(left, line_y, text_w - left, h), text, style, container=box)
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
        offers = negotiation.get("offers") or [{}]
        maker = offers[-1].get("by")
        accepted = set(negotiation.get("accepted") or ())
        for partner, answer in (negotiation.get("answers") or {}).items():
            # as the local inbox says it: the maker of the offer on the table made it (it has
            # nothing to answer), a party that accepted it without a step of its own accepts
            if partner == maker and negotiation.get("status") == "open":
                answer = "offered"
            elif answer is None and partner in accepted:
                answer = "accept"
            said = ui(f"inbox.answer.{answer}") if answer else ui("inbox.answer.waiting")
            reasons = (negotiation.get("reasons") or {}).get(partner)
            because = ""
            if reasons and reasons.get("reasons"):
                top = sorted(reasons["reasons"], key=lambda r: -abs(r["points"]))[:2]
                because = " (" + "; ".join(reason_text(game_names, SimpleNamespace(**r)) for r in top) + ")"
            parts.append(f"{country_name(game_names, partner)} {said}{because}")
        return "  ·  ".join(parts)

    def _build_keep(self, area: pygame.Rect) -> None:
        obligations = (self.view.get("observation") or {}).get("obligations", [])
        if not obligations or self.view.get("ended"):
            text = ui("remote.compliance_done") if self.view.get("ended") else ui("compliance.nothing")
            self.textbox(area, escape(text), "#boxed")
            return
        game_names = self.names
        choice_w = min(self.px(230), area.width // 3)
        rows = []
        pictures: list[pygame.Surface | None] = []
        for duty in obligations:
            clause = clauses_text(game_names, [duty])
            label = agreement_label(game_names, duty["agreement"])
            partners = names(game_names, duty.get("partners", []))
            partners = ui("remote.with", partners=partners, agreement=label) if label \
                else ui("remote.with_partners", partners=partners)
            if "gain_if_broken" in duty:
                detail = ui("compliance.if_broken", gain=signed(duty["gain_if_broken"], 2),
                            total=signed(duty["score_change_if_broken"], 2))
            else:
                detail = ui("compliance.values_unavailable")
            key = (duty["agreement"], int(duty["clause"]))
            rows.append(([(clause, "#subheading"), (partners, None), (detail, "#muted")], choice_w,
                         lambda box, rect, key=key: self._keep_buttons(box, rect, key)))
            pictures.append(clause_icon(str(duty.get("kind", "")), self.picture_height(),
                                        self.colours.accent))
        self._rows(area, rows, pictures)

    def _keep_buttons(self, box: Any, rect: pygame.Rect, key: tuple[str, int]) -> None:
        segmented(self, rect, [(True, ui("compliance.keep")), (False, ui("compliance.break"))],
                  self.keep.get(key, True), lambda value: self.on_keep(key, value), gap=self.px(4),
                  key=f"keep:{key[0]}:{key[1]}", container=box)

    def on_answer(self, kind: str, negotiation: int) -> None:
        self.act({"kind": kind, "negotiation": negotiation})

    def on_keep(self, key: tuple[str, int], keep: bool) -> None:
        self.keep[key] = keep

    def on_end_compliance(self) -> None:
        obligations = (self.view.get("observation") or {}).get("obligations", [])
        keep = [{"agreement": d["agreement"], "clause": int(d["clause"]),
                 "keep": self.keep.get((d["agreement"], int(d["clause"])), True)} for d in obligations]
        self.act({"kind": "end_compliance", "keep": keep})

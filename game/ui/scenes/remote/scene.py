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

The screen in parts by job, each mixed into ``RemoteScene`` (``scene.py``: the view, the tabs,
the bar and the moves' acknowledgements): ``offers`` (news, offers, keep-or-break), ``proposal``
(a proposal and its projected effect) and ``painting`` (what is drawn over the widgets).
"""

from __future__ import annotations

from typing import Any

import pygame

from game.net.client import Link, Pending
from game.ui.flags import flag_width
from game.ui.netview import Names, names_of, phase_name, team_label
from game.ui.scene import Scene
from game.ui.scenes.remote.offers import RemoteOffers
from game.ui.scenes.remote.painting import RemotePainting
from game.ui.scenes.remote.proposal import RemoteProposal
from game.ui.text import turns_shown, ui
from game.ui.widgets import segmented


class RemoteScene(RemoteOffers, RemoteProposal, RemotePainting, Scene):
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
        year = ui("game.turn_status", turn=view.get("turn", 1), turns=turns_shown(view),
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
        # the team's flag before its name, as on the game screen's top bar
        self.flag_rect = pygame.Rect(text_x, self.px(13), flag_width(self.px(36)), self.px(36)) \
            if self.me else None
        if self.flag_rect is not None:
            text_x = self.flag_rect.right + self.px(12)
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









"""The game screen's bottom bar and what its buttons do: the next step of the phase, charts,
report, inbox, negotiate, the status line; and the top bar's menu, help and save."""

from __future__ import annotations

from datetime import datetime

import pygame

from game.rules.game import Phase
from game.rules.storage import StorageError
from game.ui.questions import ask
from game.ui.settings import saves_dir
from game.ui.teacher import ask_leave, teacher_only
from game.ui.text import ui


class BottomBarAndActions:
    """Part of ``GameScene``: the bottom bar, the status line and the actions."""

    def _build_actions(self) -> None:
        session = self.session
        viewer = self.viewer
        stage = session.stage
        y = self.height - self.bottom_h + self.px(12)
        h = self.px(44)
        x = self.width - self.px(12)
        next_text, next_action = {
            Phase.NEWS: (ui("game.begin_diplomacy"), self.on_begin_diplomacy),
            Phase.DIPLOMACY: (ui("game.end_diplomacy"), self.on_end_diplomacy),
            Phase.COMPLIANCE: (ui("game.decide_compliance"), self.on_compliance),
        }.get(stage, (ui("game.results"), self.app.show_game))
        width = max(self.px(200), self.font("heading", True).size(next_text)[0] + self.px(36))
        x -= width
        self.button(pygame.Rect(x, y, width, h), next_text, next_action, "#primary", key="next",
                    tooltip=ui("game.next_tip"))
        inbox = len(session.inbox(viewer))
        actions = [
            ("charts", ui("game.charts"), self.on_charts, True),
            ("report", ui("game.report"), self.on_report, bool(session.game.reports)),
            ("inbox", ui("game.inbox", count=inbox), self.on_inbox, True),
            ("negotiate", ui("game.negotiate"), self.on_negotiate, stage is Phase.DIPLOMACY),
        ]
        for key, text, action, enabled in actions:
            width = max(self.px(96), self.font().size(text)[0] + self.px(28))
            x -= width + self.px(8)
            object_id = "#on" if key == "inbox" and inbox and stage is Phase.DIPLOMACY else None
            self.button(pygame.Rect(x, y, width, h), text, action, object_id, enabled=enabled,
                        key=key, tooltip=ui(f"game.{key}_tip"))
        self.status_rect = pygame.Rect(self.px(16), y, x - self.px(28), h)

    def status_text(self) -> str:
        session = self.session
        viewer = self.viewer
        stage = session.stage
        if stage is Phase.NEWS:
            return ui("status.news")
        if stage is Phase.DIPLOMACY:
            return ui("status.diplomacy", delegations=session.game.delegations_left(viewer),
                      offers=len(session.inbox(viewer)))
        if stage is Phase.COMPLIANCE:
            return ui("status.compliance", count=len(session.game.obligations(viewer)))
        return ""

    def texts(self) -> list[str]:
        return [self.status_text()]

    def on_next(self) -> None:
        button = self.buttons.get("next")
        if button is not None and button.is_enabled:
            {Phase.NEWS: self.on_begin_diplomacy, Phase.DIPLOMACY: self.on_end_diplomacy,
             Phase.COMPLIANCE: self.on_compliance}.get(self.session.stage, self.app.show_game)()

    def on_begin_diplomacy(self) -> None:
        viewer = self.viewer
        self.app.busy(ui("busy.computers_propose"), lambda: self.session.begin_diplomacy(viewer))
        self.invalidate()
        self.app.after_move(keep=self)

    def on_end_diplomacy(self) -> None:
        """End this country's diplomacy; with offers waiting or delegations unused, ask first
        (the safe answer has the ring, so a second Enter keeps negotiating)."""
        session = self.session
        viewer = self.viewer
        offers = len(session.inbox(viewer))
        delegations = session.game.delegations_left(viewer)
        if not offers and not delegations:
            self.end_diplomacy_now()
            return
        parts = []
        if offers:
            parts.append(ui("guard.end.offers", count=offers))
        if delegations:
            parts.append(ui("guard.end.delegations", count=delegations))
        ask(self.app, ui("guard.end.title"), "\n".join([*parts, ui("guard.end.after")]),
            [("confirm", ui("guard.end.confirm"), self.end_diplomacy_now, "#primary")],
            cancel=ui("guard.end.cancel"))

    def end_diplomacy_now(self) -> None:
        viewer = self.viewer
        self.app.busy(ui("busy.computers_answer"), lambda: self.session.end_diplomacy(viewer))
        self.invalidate()
        self.app.after_move(keep=self)

    def on_compliance(self) -> None:
        self.app.push("compliance")

    def on_negotiate(self) -> None:
        if self.session.stage is not Phase.DIPLOMACY:
            self.app.toast(ui("game.not_diplomacy"))
            return
        partners = [self.selected] if self.selected and self.selected != self.viewer else []
        self.app.push("negotiation", partners=partners)

    def on_propose_selected(self) -> None:
        self.on_negotiate()

    def on_inbox(self) -> None:
        self.app.push("inbox")

    def on_report(self) -> None:
        if not self.session.game.reports:
            self.app.toast(ui("report.none_yet"))
            return
        self.app.push("report")

    def on_charts(self) -> None:
        self.app.push("report", tab="charts")

    def on_moderator(self) -> None:
        teacher_only(self.app, "moderator", lambda: self.app.push("moderator"))

    def on_help(self) -> None:
        self.app.push("help")

    def on_menu(self) -> None:
        ask_leave(self.app)

    def back(self) -> None:
        self.on_menu()

    def on_save(self) -> None:
        game = self.session.game
        stamp = datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
        path = saves_dir() / f"{game.scenario.scenario.id}_{stamp}.json"
        try:
            self.session.save(path)
        except (OSError, StorageError) as error:
            self.app.toast(ui("save.failed", error=str(error)), "bad")
            return
        self.app.toast(ui("save.saved", path=str(path)), "good")

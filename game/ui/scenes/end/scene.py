"""The end screen, composed of its parts: the leaderboard, the awards, the shared result, the
debrief and the exports. This class holds the results read from the session, lays out the
screen and rereads the results when par arrives."""

from __future__ import annotations

import pygame

from game.classroom.classroom import classroom_of
from game.ui.classroom import par_state, reflection_due
from game.ui.scene import Scene
from game.ui.scenes.end.debrief import Debrief
from game.ui.scenes.end.exports import ResultExports
from game.ui.scenes.end.panels import ResultPanels
from game.ui.teacher import ask_leave
from game.ui.text import country_name, scenario_text, ui
from game.ui.widgets import segmented


class EndScene(Debrief, ResultPanels, ResultExports, Scene):
    name = "end"

    def __init__(self, app, viewer: str | None = None):
        super().__init__(app)
        session = app.session
        self.viewer = viewer or app.viewer or session.humans[0]
        self.shared = session.nash_social_welfare()
        self.read_results()

    def read_results(self) -> None:
        """The leaderboard, awards and facts as they stand (par may arrive later)."""
        session = self.session
        self.par_seen = par_state(session)
        self.board = session.leaderboard()
        self.awards = session.awards()
        self.facts = {c: session.facts(c) for c in session.game.country_ids}

    def update(self, dt: float) -> None:
        """Par computed while the end screen is up: rank by it, and rewrite the results folder."""
        super().update(dt)
        if par_state(self.session) == self.par_seen:
            return
        self.read_results()
        session = self.session
        room = classroom_of(session)
        if session.par_known() is not None and room.results_folder is not None \
                and not room.write_results(session):
            self.app.toast(ui("classroom.results_failed", error=room.results_error or ""), "bad")
            room.results_error = None
        self.app.rebuild()

    @property
    def session(self):
        return self.app.session

    def build(self) -> None:
        game = self.session.game
        top = self.top_bar(ui("end.title", scenario=scenario_text(game.scenario.scenario.title)))
        margin = self.px(16)
        gap = self.px(14)
        bottom = self.height - self.px(16)
        left_w = max(self.px(280), round((self.width - 2 * margin) * 0.30))
        shared_h = max(self.px(150), self.shared_height(left_w))
        self.board_rect = pygame.Rect(margin, top, left_w, bottom - top - shared_h - self.px(10))
        self.shared_rect = pygame.Rect(margin, bottom - shared_h, left_w, shared_h)
        left = self.board_rect.right + gap
        right = pygame.Rect(left, top, self.width - margin - left, bottom - top)
        self.awards_rect = pygame.Rect(right.left, right.top, right.width, self.awards_height(right.width))
        buttons_h = self.px(46)
        debrief_top = self.awards_rect.bottom + self.px(10)
        humans = self.session.humans
        if len(humans) > 1:
            segmented(self, pygame.Rect(right.left, debrief_top, right.width, self.px(34)),
                      [(h, country_name(game, h)) for h in humans[:5]], self.viewer, self.on_viewer,
                      key="viewer")
            debrief_top += self.px(42)
        self.textbox(pygame.Rect(right.left, debrief_top, right.width,
                                 bottom - debrief_top - buttons_h - self.px(10)),
                     self.debrief_html(), "#boxed")
        export = (ui("classroom.export_folder") if classroom_of(self.session).results_folder is not None
                  else ui("end.export_csv"))
        actions = [("export_csv", export, self.on_export_csv, None),
                   ("export_png", ui("end.export_png"), self.on_export_png, None),
                   ("charts", ui("end.charts"), self.on_charts, None),
                   ("menu", ui("end.menu"), self.app.to_menu, "#primary")]
        # widths shared in proportion to the labels, so that a long one is not cut short
        room = right.width - self.px(8) * (len(actions) - 1)
        needed = [(self.font("heading", True) if object_id == "#primary" else self.font()).size(text)[0]
                  + self.px(28) for _, text, _, object_id in actions]
        widths = [room * n // sum(needed) for n in needed]
        widths[-1] = room - sum(widths[:-1])
        x = right.left
        for (key, text, action, object_id), each in zip(actions, widths, strict=True):
            self.button(pygame.Rect(x, bottom - buttons_h, each, buttons_h), text, action, object_id,
                        key=key, fit=True)
            x += each + self.px(8)

    def back(self) -> None:
        ask_leave(self.app)

    def enter(self) -> None:
        if reflection_due(self.session):  # the last year's reflection, before the debrief
            self.app.defer(lambda: self.app.push("reflection", then=None))

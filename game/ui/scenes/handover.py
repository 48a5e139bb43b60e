"""Hot-seat hand-over: the screen is hidden until the next team says it is ready."""

from __future__ import annotations

import pygame

from game.classroom.classroom import classroom_of
from game.ui import draw
from game.ui.flags import draw_flag, flag_width
from game.ui.scene import Scene
from game.ui.teacher import ask_leave
from game.ui.text import cap, country_name, tr, ui


class HandoverScene(Scene):
    name = "handover"
    first_focus = "ready"  # Enter: the team says it is ready

    def __init__(self, app, country: str):
        super().__init__(app)
        self.country = country

    def build(self) -> None:
        game = self.app.session.game
        name = country_name(game, self.country)
        team = classroom_of(self.app.session).teams.get(self.country)  # a team: its name first
        phase = ui("handover.phase", turn=game.turn, phase=cap(tr(f"phase.{game.phase.value}")))
        if team:
            phase = ui("competition.team_phase", country=name, phase=phase)
            name = team
        self.back_button(text=ui("game.menu"))
        middle = self.height // 2
        self.label(pygame.Rect(0, middle - self.px(150), self.width, self.px(40)),
                   ui("handover.pass_to"), "#subtitle")
        self.label(pygame.Rect(0, middle - self.px(110), self.width, self.px(80)), name, "#title")
        self.label(pygame.Rect(0, middle - self.px(24), self.width, self.px(30)), phase, "#subtitle")
        width = min(self.width - self.px(80), self.px(460))
        self.button(pygame.Rect((self.width - width) // 2, middle + self.px(90), width, self.px(56)),
                    ui("handover.ready", name=name), self.on_ready, "#primary", key="ready", fit=True)

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        height = self.px(60)  # the country's flag above "Pass the screen to"
        draw_flag(surface, self.app.session.game, self.country,
                  ((self.width - flag_width(height)) // 2, self.height // 2 - self.px(160) - height),
                  height, self.colours.border)
        fnt = self.font("normal")
        width = min(self.width - self.px(80), self.px(720))
        rect = pygame.Rect((self.width - width) // 2, self.height // 2 + self.px(16), width, self.px(70))
        lines = draw.wrap(ui("handover.private"), fnt, width)
        y = rect.top
        for line in lines:
            draw.text(surface, line, (self.width // 2, y), fnt, self.colours.muted, "midtop")
            y += fnt.get_linesize()

    def on_ready(self) -> None:
        self.app.viewer = self.country
        self.app.show_game()

    def back(self) -> None:
        ask_leave(self.app)

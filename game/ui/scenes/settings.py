"""Settings: language, UI scale, colour-blind-safe palette, full screen (remembered)."""

from __future__ import annotations

import pygame

from game.ui import draw
from game.ui.scene import Scene
from game.ui.settings import settings_path
from game.ui.text import number, ui
from game.ui.widgets import segmented


class SettingsScene(Scene):
    name = "settings"

    def build(self) -> None:
        self.top_bar(ui("settings.title"))
        settings = self.app.settings
        column = min(self.px(760), self.width - self.px(80))
        left = (self.width - column) // 2
        label_width = round(column * 0.42)
        row = self.px(78)
        top = self.px(110)
        rows = [
            ("language", [("en", "English"), ("id", "Bahasa Indonesia")], settings.language,
             self.on_language),
            ("scale", [(v, number(v, 1)) for v in (1.0, 1.5, 2.0)], settings.scale, self.on_scale),
            ("palette", [(False, ui("settings.palette_default")),
                         (True, ui("settings.palette_colour_blind"))], settings.colour_blind,
             self.on_palette),
            ("fullscreen", [(False, ui("settings.windowed")), (True, ui("settings.fullscreen_on"))],
             settings.fullscreen, self.on_fullscreen),
        ]
        self.rows = []
        for k, (key, options, current, action) in enumerate(rows):
            y = top + k * row
            self.label(pygame.Rect(left, y, label_width, self.px(30)), ui(f"settings.{key}"),
                       "#subheading")
            self.label(pygame.Rect(left, y + self.px(30), label_width, self.px(24)),
                       ui(f"settings.{key}_hint"), "#muted")
            segmented(self, pygame.Rect(left + label_width + self.px(12), y + self.px(6),
                                        column - label_width - self.px(12), self.px(42)),
                      options, current, action, key=key)
        self.note_top = top + len(rows) * row + self.px(10)
        self.left = left
        self.column = column

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        fnt = self.font("small")
        lines = [ui("settings.saved_in", path=str(settings_path()))]
        if self.app.scale != self.app.settings.scale:
            lines.insert(0, ui("settings.scale_limited", scale=number(self.app.scale, 2)))
        y = self.note_top
        for line in lines:
            y += draw.paragraph(surface, line, pygame.Rect(self.left, y, self.column, self.px(60)),
                                fnt, self.colours.muted) + self.px(6)

    def on_language(self, value: str) -> None:
        self.app.settings.language = value
        self.app.apply_settings(rebuild_manager=False)

    def on_scale(self, value: float) -> None:
        self.app.settings.scale = value
        self.app.apply_settings()

    def on_palette(self, value: bool) -> None:
        self.app.settings.colour_blind = value
        self.app.apply_settings()

    def on_fullscreen(self, value: bool) -> None:
        self.app.set_fullscreen(value)
        self.app.apply_settings()

"""Settings: language, UI scale, colour-blind-safe palette, full screen, sound (on or muted), and
the teacher's PIN on this computer (remembered; the PIN only as its hash)."""

from __future__ import annotations

import pygame

from game.classroom.pin import pin_matches
from game.ui import draw
from game.ui.scene import Scene
from game.ui.settings import save_settings, settings_path
from game.ui.teacher import choose_pin
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
        row = self.px(62)  # six rows and the note fit the smallest window (960×540 scaled)
        top = self.px(84)
        rows = [
            ("language", [("en", "English"), ("id", "Bahasa Indonesia")], settings.language,
             self.on_language),
            ("scale", [(v, number(v, 1)) for v in (1.0, 1.5, 2.0)], settings.scale, self.on_scale),
            ("palette", [(False, ui("settings.palette_default")),
                         (True, ui("settings.palette_colour_blind"))], settings.colour_blind,
             self.on_palette),
            ("fullscreen", [(False, ui("settings.windowed")), (True, ui("settings.fullscreen_on"))],
             settings.fullscreen, self.on_fullscreen),
            ("sound", [(True, ui("settings.sound_on")), (False, ui("settings.sound_off"))],
             settings.sound, self.on_sound),
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
        self._build_teacher(pygame.Rect(left, top + len(rows) * row, column, row), label_width)
        self.note_top = top + (len(rows) + 1) * row + self.px(10)
        self.left = left
        self.column = column

    def _build_teacher(self, area: pygame.Rect, label_width: int) -> None:
        """The teacher's profile on this computer: a PIN set (or changed, after the old one)."""
        self.label(pygame.Rect(area.left, area.top, label_width, self.px(30)),
                   ui("guard.teacher.settings_title"), "#subheading")
        self.label(pygame.Rect(area.left, area.top + self.px(30), label_width, self.px(24)),
                   ui("guard.teacher.settings_hint"), "#muted")
        has_pin = bool(self.app.settings.teacher_pin)
        text = ui("guard.teacher.settings_change") if has_pin else ui("guard.teacher.settings_set")
        self.button(pygame.Rect(area.left + label_width + self.px(12), area.top + self.px(6),
                                area.width - label_width - self.px(12), self.px(42)), text,
                    self.on_teacher_pin, key="teacher_pin", tooltip=ui("guard.teacher.settings_tip"),
                    fit=True)

    def on_teacher_pin(self) -> None:
        def choose() -> None:
            reason = ui("guard.teacher.choose_reason")
            choose_pin(self.app, ui("guard.teacher.settings_title"), reason, self.use_pin)

        stored = self.app.settings.teacher_pin
        if not stored:
            choose()
            return
        self.app.push("pin", ui("guard.teacher.settings_title"), ui("guard.teacher.change_reason"),
                      choose, check=lambda pin: pin_matches(pin, stored))

    def use_pin(self, hashed: str) -> None:
        self.app.settings.teacher_pin = hashed
        if self.app.save_settings_on_change:
            error = save_settings(self.app.settings)
            if error:
                self.app.toast(ui("settings.not_saved", error=error), "bad")
                return
        self.app.toast(ui("guard.teacher.saved"), "good")
        self.app.rebuild()

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

    def on_sound(self, value: bool) -> None:
        self.app.settings.sound = value
        self.app.apply_settings(rebuild_manager=False)
        if value:  # what it sounds like, now that it is on
            self.app.react("agreed")

    def on_fullscreen(self, value: bool) -> None:
        self.app.set_fullscreen(value)
        self.app.apply_settings()

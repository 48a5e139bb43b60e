"""The teacher's PIN over the screen: asked before a teacher-only action (``game.ui.teacher``),
or chosen (twice, to catch a typo) for a competition or the teacher's profile in the settings.

The PIN is typed hidden and never shown; a wrong one changes nothing and says so. Enter in the
field answers, Esc or Cancel closes the question.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame
import pygame_gui

from game.classroom.pin import MAXIMUM_LENGTH, MINIMUM_LENGTH, valid_pin
from game.ui import draw
from game.ui.scene import Scene
from game.ui.text import ui

#: After this many wrong PINs the question closes (a student trying numbers gets nowhere fast).
MAXIMUM_TRIES = 3


class PinScene(Scene):
    """Ask for the teacher's PIN (``check`` says whether it is right), or choose a new one
    (``check`` None: ``then`` gets the new PIN)."""

    name = "pin"
    esc_closes = True  # Esc closes the question even while the PIN field has the typing

    def __init__(self, app, title: str, reason: str, then: Callable[..., Any],
                 check: Callable[[str], bool] | None = None):
        super().__init__(app)
        self.title = title
        self.reason = reason
        self.then = then
        self.check = check
        self.message = ""
        self.tries = 0
        self.typed = ["", ""]
        self.backdrop = app.window.copy()
        self.pictured_toasts = tuple(app.toasts_drawn)

    @property
    def choosing(self) -> bool:
        return self.check is None

    def card_rect(self) -> pygame.Rect:
        width = min(self.width - 2 * self.px(24), self.px(560))
        rows = 2 if self.choosing else 1
        inner = width - 2 * self.px(22)
        reason_h = len(draw.wrap(self.reason, self.font(), inner)) * round(self.font().get_linesize() * 1.15)
        height = self.px(22) * 2 + self.px(40) + reason_h + self.px(12) + rows * self.px(74) \
            + self.px(30) + self.px(46)
        rect = pygame.Rect(0, 0, width, min(height, self.height - 2 * self.px(12)))
        rect.center = (self.width // 2, self.height // 2)
        return rect

    def build(self) -> None:
        card = self.card_rect()
        pad = self.px(22)
        inner = card.inflate(-2 * pad, -2 * pad)
        reason_h = len(draw.wrap(self.reason, self.font(), inner.width)) * round(
            self.font().get_linesize() * 1.15)
        y = inner.top + self.px(40) + reason_h + self.px(12)
        labels = [ui("guard.pin.new"), ui("guard.pin.again")] if self.choosing else [ui("guard.pin.enter")]
        self.entries = []
        for k, text in enumerate(labels):
            self.label(pygame.Rect(inner.left, y, inner.width, self.px(26)), text)
            entry = self.entry(pygame.Rect(inner.left, y + self.px(28), self.px(220), self.px(38)),
                               self.typed[k])
            entry.set_text_hidden(True)
            entry.set_text_length_limit(MAXIMUM_LENGTH)
            entry.set_allowed_characters("numbers")
            self.entries.append(entry)
            y += self.px(74)
        self.message_rect = pygame.Rect(inner.left, y, inner.width, self.px(26))
        h = self.px(46)
        ok = ui("guard.pin.save") if self.choosing else ui("guard.pin.ok")
        width = max(self.px(130), self.font("heading", True).size(ok)[0] + self.px(40))
        self.button(pygame.Rect(inner.right - width, inner.bottom - h, width, h), ok, self.on_ok,
                    "#primary", key="ok")
        cancel_w = max(self.px(130), self.font().size(ui("guard.cancel"))[0] + self.px(40))
        self.button(pygame.Rect(inner.right - width - self.px(10) - cancel_w, inner.bottom - h,
                                cancel_w, h), ui("guard.cancel"), self.back, key="cancel")
        self.app.focus(self.entries[0])

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element in self.entries:
            self.typed[self.entries.index(event.ui_element)] = event.ui_element.get_text()
        elif event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element in self.entries:
            index = self.entries.index(event.ui_element)
            if index + 1 < len(self.entries):
                self.app.focus(self.entries[index + 1])
            else:
                self.app.defer(self.on_ok)

    def on_ok(self) -> None:
        pin = self.typed[0]
        if self.choosing:
            if not valid_pin(pin):
                self.say(ui("guard.pin.digits", minimum=MINIMUM_LENGTH, maximum=MAXIMUM_LENGTH))
            elif pin != self.typed[1]:
                self.say(ui("guard.pin.differ"))
            else:
                self.app.pop()
                self.then(pin)
            return
        if self.check(pin):
            self.app.pop()
            self.app.render()
            self.then()
            return
        self.tries += 1
        if self.tries >= MAXIMUM_TRIES:
            self.app.pop()
            self.app.toast(ui("guard.pin.refused"), "bad")
            return
        self.typed = ["", ""]
        self.say(ui("guard.pin.wrong"))

    def say(self, message: str) -> None:
        self.message = message
        self.app.rebuild()

    def draw(self, surface: pygame.Surface) -> None:
        card = self.card_rect()
        draw.dialog(surface, self.backdrop, card, self.colours, self.px(12))
        pad = self.px(22)
        inner = card.inflate(-2 * pad, -2 * pad)
        draw.text(surface, draw.fit(self.title, self.font("large", True), inner.width),
                  inner.topleft, self.font("large", True), self.colours.text)
        draw.paragraph(surface, self.reason, pygame.Rect(inner.left, inner.top + self.px(40),
                                                         inner.width, inner.height), self.font(),
                       self.colours.text)
        if self.message:
            draw.text(surface, draw.fit(self.message, self.font(bold=True), self.message_rect.width),
                      self.message_rect.topleft, self.font(bold=True), self.colours.bad)

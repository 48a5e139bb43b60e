"""A question over the screen before something that cannot be taken back: leaving a game,
ending diplomacy with offers waiting, reloading a scenario. The safe answer has the keyboard's
ring, so a second Enter (or Esc) never does the harmful thing.

``game.ui.questions.ask(app, title, text, choices)`` shows it; each choice is ``(key, label,
action, style)``; the ``cancel`` choice (always there, last) only closes the question.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pygame

from game.ui import draw
from game.ui.questions import Choice
from game.ui.scene import Scene
from game.ui.text import ui


class AskScene(Scene):
    """A question with its answers over a shaded picture of the screen it was asked on."""

    name = "ask"

    def __init__(self, app, title: str, text: str, choices: Sequence[Choice] = (),
                 cancel: str | None = None, backdrop: pygame.Surface | None = None):
        super().__init__(app)
        self.title = title
        self.text = text
        self.choices = [*choices, ("cancel", cancel or ui("guard.cancel"), None, None)]
        self.backdrop = backdrop if backdrop is not None else app.window.copy()
        self.pictured_toasts = tuple(app.toasts_drawn)
        self.first_focus = "cancel"

    # --- layout ------------------------------------------------------------------------------
    def card_width(self) -> int:
        return min(self.width - 2 * self.px(24), self.px(660))

    def button_widths(self, inner: int) -> tuple[list[int], bool]:
        """Each answer's width and whether they stand one under another (too wide for a row)."""
        fnt = self.font("heading", True)
        widths = [max(self.px(120), fnt.size(label)[0] + self.px(40)) for _, label, _, _ in self.choices]
        gap = self.px(10)
        if sum(widths) + gap * (len(widths) - 1) <= inner:
            return widths, False
        return [inner] * len(widths), True

    def card_rect(self) -> pygame.Rect:
        pad = self.px(22)
        width = self.card_width()
        inner = width - 2 * pad
        lines = sum(len(draw.wrap(part, self.font(), inner)) for part in self.text.split("\n"))
        text_h = lines * round(self.font().get_linesize() * 1.15) + self.px(8) * self.text.count("\n")
        title_h = len(draw.wrap(self.title, self.font("large", True), inner)) * \
            round(self.font("large", True).get_linesize() * 1.15)
        widths, stacked = self.button_widths(inner)
        buttons_h = self.px(46) * (len(widths) if stacked else 1) + self.px(8) * (
            len(widths) - 1 if stacked else 0)
        height = min(self.height - 2 * self.px(12),
                     2 * pad + title_h + self.px(14) + text_h + self.px(18) + buttons_h)
        rect = pygame.Rect(0, 0, width, height)
        rect.center = (self.width // 2, self.height // 2)
        return rect

    def build(self) -> None:
        card = self.card_rect()
        pad = self.px(22)
        inner = card.width - 2 * pad
        widths, stacked = self.button_widths(inner)
        h = self.px(46)
        if stacked:
            y = card.bottom - pad - len(widths) * h - (len(widths) - 1) * self.px(8)
            for (key, label, action, style), _ in zip(self.choices, widths, strict=True):
                self.button(pygame.Rect(card.left + pad, y, inner, h), label,
                            lambda a=action: self.choose(a), style, key=key, fit=True)
                y += h + self.px(8)
        else:
            x = card.right - pad
            for (key, label, action, style), width in zip(reversed(self.choices), reversed(widths),
                                                          strict=True):
                x -= width
                self.button(pygame.Rect(x, card.bottom - pad - h, width, h), label,
                            lambda a=action: self.choose(a), style, key=key)
                x -= self.px(10)

    def draw(self, surface: pygame.Surface) -> None:
        card = self.card_rect()
        draw.dialog(surface, self.backdrop, card, self.colours, self.px(12))
        pad = self.px(22)
        inner = pygame.Rect(card.left + pad, card.top + pad, card.width - 2 * pad,
                            card.height - 2 * pad)
        y = inner.top + draw.paragraph(surface, self.title, inner, self.font("large", True),
                                       self.colours.text) + self.px(14)
        for part in self.text.split("\n"):
            y += draw.paragraph(surface, part, pygame.Rect(inner.left, y, inner.width, inner.bottom - y),
                                self.font(), self.colours.text) + self.px(8)

    # --- answers -----------------------------------------------------------------------------
    def choose(self, action: Callable[[], Any] | None) -> None:
        """Close the question, then do the answer's action on the screen below."""
        if self.app.scene is self:
            self.app.pop()
            self.app.render()  # the screen below, for an overlay that pictures it
        if action is not None:
            action()

    def back(self) -> None:
        self.choose(None)


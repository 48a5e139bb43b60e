"""What the window draws over every screen: the toasts (short messages that fade after a few
seconds) and the busy card shown while the computers think."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pygame

from game.ui import classroom, draw

TOAST_SECONDS = 4.0


class Overlays:
    """Part of ``App``: the toasts and the busy card."""

    def toast(self, message: str, kind: str = "info") -> None:
        self.toasts.append((time.monotonic() + TOAST_SECONDS, message, kind))
        self.toasts = self.toasts[-3:]

    def busy(self, message: str, action: Callable[[], Any]) -> Any:
        """Show ``message`` while ``action`` runs (the computers' turns take a moment)."""
        self.busy_message = message
        self.render()
        pygame.display.flip()
        try:
            with classroom.held(self):  # the computers' thinking time is not diplomacy time
                return action()
        finally:
            self.busy_message = None

    def _draw_toasts(self, surface: pygame.Surface) -> None:
        now = time.monotonic()
        self.toasts = [t for t in self.toasts if t[0] > now]
        y = self.size[1] - round(80 * self.scale)
        fnt = draw.font("normal", self.scale, bold=True)
        for _, message, kind in reversed(self.toasts):
            colour = {"bad": self.palette.bad, "good": self.palette.good}.get(kind, self.palette.accent)
            width = min(self.size[0] - round(40 * self.scale), fnt.size(message)[0] + round(32 * self.scale))
            rect = pygame.Rect(0, 0, width, round(40 * self.scale))
            rect.midbottom = (self.size[0] // 2, y)
            draw.card(surface, rect, self.palette.panel, colour, round(8 * self.scale))
            draw.text(surface, message, rect.center, fnt, self.palette.text, "center",
                      max_width=rect.width - round(20 * self.scale))
            y = rect.top - round(8 * self.scale)

    def _draw_busy(self, surface: pygame.Surface) -> None:
        draw.shade(surface, self.palette.background, 170)
        fnt = draw.font("large", self.scale, bold=True)
        rect = pygame.Rect(0, 0, min(self.size[0] - 40, fnt.size(self.busy_message)[0] + 80),
                           round(90 * self.scale))
        rect.center = (self.size[0] // 2, self.size[1] // 2)
        draw.card(surface, rect, self.palette.panel, self.palette.accent, round(10 * self.scale))
        draw.text(surface, self.busy_message, rect.center, fnt, self.palette.text, "center",
                  max_width=rect.width - 20)

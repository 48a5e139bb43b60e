"""What the window draws over every screen: the toasts (short messages that fade after a few
seconds), the busy card shown while the computers think, and the whole text of a drawn text
shortened with "…" when the mouse rests on it."""

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
        pad = round(16 * self.scale)
        for _, message, kind in reversed(self.toasts):
            colour = {"bad": self.palette.bad, "good": self.palette.good}.get(kind, self.palette.accent)
            width = min(self.size[0] * 2 // 3, fnt.size(message)[0] + 2 * pad)
            lines = draw.wrap(message, fnt, width - 2 * pad)  # wrapped, never cut
            height = max(round(40 * self.scale), len(lines) * fnt.get_linesize() + pad)
            rect = pygame.Rect(0, 0, width, height)
            rect.midbottom = (self.size[0] // 2, y)
            draw.card(surface, rect, self.palette.panel, colour, round(8 * self.scale))
            top = rect.centery - len(lines) * fnt.get_linesize() // 2
            for k, line in enumerate(lines):
                draw.text(surface, line, (rect.centerx, top + k * fnt.get_linesize()), fnt,
                          self.palette.text, "midtop")
            y = rect.top - round(8 * self.scale)

    def _draw_shortened_tip(self, surface: pygame.Surface) -> None:
        """The whole text of the shortened text under the mouse, on an opaque box beside it."""
        if not pygame.mouse.get_focused() and not self.headless:
            return
        mouse = self.manager.get_mouse_position()
        whole = next((text for rect, text in reversed(draw.shortened) if rect.collidepoint(mouse)),
                     None)
        if whole is None:
            return
        fnt = draw.font("small", self.scale)
        pad = round(6 * self.scale)
        width = min(fnt.size(whole)[0], self.size[0] // 2)
        lines = draw.wrap(whole, fnt, width)
        rect = pygame.Rect(0, 0, width + 2 * pad, len(lines) * fnt.get_linesize() + 2 * pad)
        rect.topleft = (mouse[0] + round(14 * self.scale), mouse[1] + round(18 * self.scale))
        rect.clamp_ip(surface.get_rect())
        draw.card(surface, rect, self.palette.panel_alt, self.palette.border, round(4 * self.scale))
        for k, line in enumerate(lines):
            surface.blit(draw.render(line, fnt, self.palette.text),
                         (rect.left + pad, rect.top + pad + k * fnt.get_linesize()))

    def _draw_busy(self, surface: pygame.Surface) -> None:
        draw.shade(surface, self.palette.background, 170)
        fnt = draw.font("large", self.scale, bold=True)
        rect = pygame.Rect(0, 0, min(self.size[0] - 40, fnt.size(self.busy_message)[0] + 80),
                           round(90 * self.scale))
        rect.center = (self.size[0] // 2, self.size[1] // 2)
        draw.card(surface, rect, self.palette.panel, self.palette.accent, round(10 * self.scale))
        draw.text(surface, self.busy_message, rect.center, fnt, self.palette.text, "center",
                  max_width=rect.width - 20)

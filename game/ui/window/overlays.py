"""What the window draws over every screen: the toasts (short messages that fade after a few
seconds), the busy card shown while the computers think, and the whole text of a drawn text
shortened with "…" when the mouse rests on it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pygame

from game.ui import classroom, draw
from game.ui.layout_audit import INTERACTIVE

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
        """The messages stacked, newest at the bottom, where they cover no button, field or list
        and not the player's country (``toast_place``)."""
        now = time.monotonic()
        self.toasts = [t for t in self.toasts if t[0] > now]
        self.toast_rects = []
        # a question over the screen pictures the toasts it was asked over (shaded): those are
        # not drawn again on top of it
        pictured = self.scene.pictured_toasts if self.scene is not None else ()
        toasts = [t for t in self.toasts if t not in pictured]
        self.toasts_drawn = toasts
        if not toasts:
            return
        fnt = draw.font("normal", self.scale, bold=True)
        pad = round(16 * self.scale)
        gap = round(8 * self.scale)
        chosen = None
        for share in (2 / 3, 1 / 2, 2 / 5, 1 / 3):  # narrower (more lines) where wide covers
            boxes = []
            for _, message, kind in toasts:
                width = min(round(self.size[0] * share), fnt.size(message)[0] + 2 * pad)
                lines = draw.wrap(message, fnt, width - 2 * pad)  # wrapped, never cut
                height = max(round(40 * self.scale), len(lines) * fnt.get_linesize() + pad)
                boxes.append((lines, kind, width, height))
            size = (max(b[2] for b in boxes), sum(b[3] for b in boxes) + gap * (len(boxes) - 1))
            stack, cost = self._toast_place(size)
            if chosen is None or cost < chosen[2]:
                chosen = (boxes, stack, cost)
            if cost == (0, 0):
                break
        boxes, stack, _ = chosen
        y = stack.top
        for lines, kind, width, height in boxes:
            colour = {"bad": self.palette.bad, "good": self.palette.good}.get(kind, self.palette.accent)
            rect = pygame.Rect(0, y, width, height)
            rect.centerx = stack.centerx
            draw.card(surface, rect, self.palette.panel, colour, round(8 * self.scale))
            top = rect.centery - len(lines) * fnt.get_linesize() // 2
            for k, line in enumerate(lines):
                draw.text(surface, line, (rect.centerx, top + k * fnt.get_linesize()), fnt,
                          self.palette.text, "midtop")
            self.toast_rects.append(rect)
            y = rect.bottom + gap

    def _toast_place(self, size: tuple[int, int]) -> tuple[pygame.Rect, tuple[int, int]]:
        """Where a stack of toasts of ``size`` goes on this screen, and how much it covers of
        what must stay clear and of the rest (remembered while the screen's widgets stay put)."""
        widgets = [(element, pygame.Rect(element.rect))
                   for element in self.manager.get_sprite_group().sprites()
                   if element.alive() and getattr(element, "visible", True)
                   and getattr(element, "parent_element", None) is None]
        clear = self.scene.keep_clear() if self.scene is not None else []
        panels = self.scene.panels() if self.scene is not None else []
        key = (size, self.size, id(self.scene), tuple(tuple(r) for _, r in widgets),
               tuple(tuple(r) for r in clear), tuple(tuple(r) for r in panels))
        places = self.__dict__.setdefault("_toast_places", {})
        if key not in places:
            if len(places) > 16:
                places.clear()
            interactive = [r for e, r in widgets if isinstance(e, INTERACTIVE)]
            content = [r for e, r in widgets if not isinstance(e, INTERACTIVE)
                       and r.width * r.height < self.size[0] * self.size[1] // 2]
            places[key] = toast_place(self.size, size, round(12 * self.scale),
                                      interactive + clear, content + panels)
        return places[key]

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


def toast_place(window: tuple[int, int], size: tuple[int, int], margin: int,
                keep_clear: list[pygame.Rect], content: list[pygame.Rect]
                ) -> tuple[pygame.Rect, tuple[int, int]]:
    """A place for a block of ``size`` in the window that covers none of ``keep_clear`` (the
    buttons, fields and lists a player uses, the player's country) and as little ``content``
    (labels, text boxes, drawn panels) as it can, and the areas of both it covers: tried from the
    bottom up, in the middle, then at the right and at the left; in the top third only when the
    rest covers more."""
    width, height = window
    step = max(4, margin // 2)
    xs = ((width - size[0]) // 2, width - margin - size[0], margin)
    best, best_cost = None, None
    for bottom in range(height - margin, size[1] + margin - 1, -step):
        for x in xs:
            rect = pygame.Rect(x, bottom - size[1], *size)
            covered = sum(_area(rect.clip(r)) for r in keep_clear)
            cost = (covered, sum(_area(rect.clip(r)) for r in content), bottom < height // 3)
            if best_cost is None or cost < best_cost:
                best, best_cost = rect, cost
            if cost == (0, 0, False):
                return rect, (0, 0)
    if best is None:
        return pygame.Rect((width - size[0]) // 2, margin, *size), (0, 0)
    return best, best_cost[:2]


def _area(rect: pygame.Rect) -> int:
    return rect.width * rect.height

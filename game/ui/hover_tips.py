"""Explanations that appear when the mouse rests on a number drawn by hand (the score's terms,
the indicators, an offer's projected effect): the drawing code registers each row's rectangle
with its text, the scene follows the mouse and draws the card over everything else.

The texts come from the catalogs by key (``explain.term.<term>``, ``explain.indicator.<key>``),
so every score term has its words whatever terms the model's score holds."""

from __future__ import annotations

import pygame

from game.ui import draw
from game.ui.text import has, tr


def term_tip(term: str) -> str:
    """What a score term means, for a student (empty for a term the catalogs do not explain)."""
    return tr(f"explain.term.{term}") if has(f"explain.term.{term}") else ""


def indicator_tip(key: str) -> str:
    """What an indicator means, for a student (empty for one the catalogs do not explain)."""
    return tr(f"explain.indicator.{key}") if has(f"explain.indicator.{key}") else ""


class HoverTips:
    """Part of a scene: rectangles (in screen pixels) with the explanation shown on hover."""

    def reset_tips(self, area: str) -> None:
        """Forget the tips of one drawn area (before drawing it again)."""
        self.__dict__.setdefault("hover_tips", {})[area] = []

    def add_tip(self, area: str, rect: pygame.Rect, text: str) -> None:
        if text:
            self.__dict__.setdefault("hover_tips", {}).setdefault(area, []).append(
                (pygame.Rect(rect), text))

    def tip_at(self, position: tuple[int, int]) -> str | None:
        for tips in self.__dict__.get("hover_tips", {}).values():
            for rect, text in tips:
                if rect.collidepoint(position):
                    return text
        return None

    def follow_mouse(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEMOTION:
            self.__dict__["tip_mouse"] = event.pos

    def draw_hover_tip(self, surface: pygame.Surface) -> None:
        """The explanation under the mouse in a card beside it (kept on the screen)."""
        position = self.__dict__.get("tip_mouse")
        text = self.tip_at(position) if position is not None else None
        if not text:
            return
        colours = self.colours
        fnt = self.font("small")
        width = min(self.px(340), surface.get_width() - self.px(16))
        lines = draw.wrap(text, fnt, width - self.px(20))
        height = fnt.get_linesize() * len(lines) + self.px(14)
        rect = pygame.Rect(position[0] + self.px(16), position[1] + self.px(12), width, height)
        screen = surface.get_rect()
        if rect.right > screen.right - 4:
            rect.right = position[0] - self.px(8)
        if rect.bottom > screen.bottom - 4:
            rect.bottom = position[1] - self.px(8)
        rect.clamp_ip(screen)
        draw.card(surface, rect, colours.background, colours.accent, self.px(6))
        y = rect.top + self.px(7)
        for line in lines:
            draw.text(surface, line, (rect.left + self.px(10), y), fnt, colours.text)
            y += fnt.get_linesize()

"""Mouse and keys on the map: hover, click to select, drag to pan, wheel and +/- to zoom, arrows
to pan; the country under the mouse read from the pick surface."""

from __future__ import annotations

import pygame

from game.ui.map_view.rendering import picked_index


class MapControls:
    """Part of ``MapWidget``: the country under a point, and mouse and key events."""

    def country_at(self, position: tuple[int, int]) -> str | None:
        if self.pick is None or not self.rect.collidepoint(position):
            return None
        local = (position[0] - self.rect.left, position[1] - self.rect.top)
        k = picked_index(self.pick.get_at(local))
        if 0 <= k < len(self.game.country_ids):
            return self.game.country_ids[k]
        return None

    def handle(self, event: pygame.event.Event) -> str | None:
        """Mouse and keys on the map; returns "select" when a country was clicked."""
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            if self.drag_start is not None:
                dx, dy = event.pos[0] - self.drag_start[0], event.pos[1] - self.drag_start[1]
                if self.dragging or abs(dx) + abs(dy) > 5:
                    self.dragging = True
                    self.drag_offset = (dx, dy)
                self.hover = None
            else:
                self.hover = self.country_at(event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 \
                and self.rect.collidepoint(event.pos):
            self.drag_start = event.pos
            self.dragging = False
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.drag_start:
            start, self.drag_start = self.drag_start, None
            if self.dragging:
                self.dragging = False
                self.pan(event.pos[0] - start[0], event.pos[1] - start[1])
                self.drag_offset = (0, 0)
            elif self.rect.collidepoint(event.pos):
                self.select(self.country_at(event.pos))
                return "select"
        elif event.type == pygame.MOUSEWHEEL and self.rect.collidepoint(self.mouse):
            self.zoom(1.25 ** event.y, self.mouse)
        return None

    def key(self, key: int) -> bool:
        step = 0.15
        moves = {pygame.K_LEFT: (step, 0), pygame.K_RIGHT: (-step, 0), pygame.K_UP: (0, step),
                 pygame.K_DOWN: (0, -step)}
        if key in moves:
            dx, dy = moves[key]
            self.pan(dx * self.rect.width, dy * self.rect.height)
            return True
        if key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.zoom(1.4)
            return True
        if key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.zoom(1 / 1.4)
            return True
        return False

"""The game screen's events: the group chooser, clicks and drags on the map (a country
selected), and the keyboard's shortcuts."""

from __future__ import annotations

import pygame
import pygame_gui

from game.ui.map_view import LENSES


class MapEventsAndKeys:
    """Part of ``GameScene``: mouse events on the map and the keys."""

    def handle(self, event: pygame.event.Event) -> None:
        self.follow_mouse(event)
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.dropdown:
            self.group = self.group_keys.get(event.text)
            if self.map is not None:
                self.map.set_group(self.group)
            return
        if event.type == pygame.KEYDOWN:
            self.key(event)
            return
        if self.map is None:
            return
        if self.dropdown is not None and event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) \
                and self.dropdown.rect.collidepoint(event.pos):
            return
        if event.type == pygame.MOUSEBUTTONDOWN and self._over_widget(event.pos):
            return
        if self.map.handle(event) == "select" and self.selected != self.map.selected:
            self.selected = self.map.selected
            self.app.defer(self._refresh)

    def _over_widget(self, position) -> bool:
        hovered = self.app.manager.get_hovering_any_element()
        return (bool(hovered) and not self.map_rect.collidepoint(position)) or any(
            b.rect.collidepoint(position) for b in self.buttons.values() if b.alive())

    def _refresh(self) -> None:
        self.view = self.map.view if self.map is not None else self.view
        self.app.rebuild()

    def key(self, event: pygame.event.Event) -> None:
        if self.app.manager.get_focus_set():
            focused = self.app.manager.get_focus_set()
            if any(isinstance(w, pygame_gui.elements.UITextEntryLine) for w in focused):
                return
        key = event.key
        if self.map is not None and self.map.key(key):
            return
        actions = {
            pygame.K_n: self.on_negotiate, pygame.K_i: self.on_inbox, pygame.K_r: self.on_report,
            pygame.K_c: self.on_charts, pygame.K_F1: self.on_help, pygame.K_F7: self.on_moderator,
            pygame.K_RETURN: self.on_next, pygame.K_KP_ENTER: self.on_next,
        }
        if key == pygame.K_s and event.mod & pygame.KMOD_CTRL:
            self.app.defer(self.on_save)
        elif key in (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4):
            self.app.defer(lambda: self.on_lens(LENSES[key - pygame.K_1]))
        elif key in actions:
            self.app.defer(actions[key])

"""The competition screen's country chooser: the list of the countries still free, opened under
a team's country button (above it near the screen's bottom)."""

from __future__ import annotations

import pygame
from pygame_gui.elements import UISelectionList

from game.ui.text import language


class CountryChooser:
    """Part of ``CompetitionScene``: opening and closing the list of countries."""

    def on_choose(self, index: int) -> None:
        """Open (or close) the list of countries for team ``index`` under its button."""
        was = self.chooser_for
        self.close_chooser()
        if was == index or self.loaded is None:
            return
        others = {t["country"] for k, t in enumerate(self.teams) if k != index}
        names = {c.id: c.name.get(language()) for c in self.loaded.scenario.countries}
        self.chooser_names = {names[c]: c for c in self.country_ids() if c not in others}
        items = sorted(self.chooser_names, key=str.casefold)
        button = self.buttons[f"country:{index}"]
        anchor = button.rect  # on the screen, also inside a scrolling box
        row = self.px(30)
        height = min(len(items) * row + self.px(6), self.height - self.px(80))
        rect = pygame.Rect(anchor.x, anchor.bottom + self.px(2), max(anchor.width, self.px(220)), height)
        if rect.bottom > self.height - self.px(8):
            rect.bottom = anchor.top - self.px(2)
        rect.top = max(rect.top, self.px(8))
        rect.right = min(rect.right, self.width - self.px(8))
        current = names.get(self.teams[index]["country"])
        self.chooser = UISelectionList(rect, items, self.app.manager, starting_height=8,
                                       default_selection=current if current in items else None)
        self.chooser_for = index

    def close_chooser(self) -> None:
        if self.chooser is not None:
            self.chooser.kill()
        self.chooser = None
        self.chooser_for = None

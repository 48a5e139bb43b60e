"""The game screen's map and its tools: the lens bar, the zoom and view buttons, the group
chooser of the membership lens, the map widget itself and the tutorial's hint over it."""

from __future__ import annotations

import pygame
from pygame_gui.elements import UIDropDownMenu

from game.i18n import numbers
from game.ui import draw
from game.ui.map_view import LENSES, MapWidget
from game.ui.text import ui
from game.ui.widgets import lens_bar

#: Where the "Propose to…" button lies over the map at scale 1: its bottom above the map's (over
#: the legend) and its height.
PROPOSE_BUTTON_BOTTOM = 72 + 10
PROPOSE_BUTTON_HEIGHT = 38


class MapAndLenses:
    """Part of ``GameScene``: the map, its lenses and its view tools."""

    def _build_map_tools(self) -> None:
        area = self.map_area
        tips = {lens: ui(f"map.legend.{lens}") for lens in LENSES if lens != "membership"}
        lens_bar(self, area.move(0, self.px(2)), LENSES, self.lens, self.on_lens,
                 {**tips, "membership": ui("map.membership_tip")})
        # view tools: a column at the map's top right
        tools = (("zoom_in", "+", lambda: self._zoom(1.4)),
                 ("zoom_out", numbers.minus(), lambda: self._zoom(1 / 1.4)),
                 ("region", ui("map.region"), self._region),
                 ("world", ui("map.world"), self._world))
        w = max([self.px(40)] + [self.font("small").size(t)[0] + self.px(18) for _, t, _ in tools])
        y = self.map_rect.top + self.px(8)
        for key, text, action in tools:
            self.button(pygame.Rect(self.map_rect.right - w - self.px(8), y, w, self.px(30)), text,
                        action, "#small_button", tooltip=ui(f"map.{key}_tip"), key=key)
            y += self.px(34)
        self.tools_width = w + self.px(16)
        self.dropdown = None
        if self.lens == "membership":
            self._ensure_map()
            groups = self.map.groups
            if groups:
                labels = self._group_labels(groups)
                current = next((labels[k] for k, g in enumerate(groups) if g["key"] == self.map.group),
                               labels[0])
                self.dropdown = UIDropDownMenu(labels, current, pygame.Rect(
                    self.map_rect.left + self.px(8), self.map_rect.top + self.px(8),
                    min(self.px(300), self.map_rect.width - self.px(24) - self.tools_width),
                    self.px(32)),
                    self.app.manager)
                self.group_keys = dict(zip(labels, [g["key"] for g in groups], strict=True))

    def _group_labels(self, groups) -> list[str]:
        labels = []
        for group in groups:
            label = self.map.group_name(group)
            while label in labels:
                label += " "
            labels.append(label)
        return labels

    def _ensure_map(self) -> None:
        if self.map is None:
            self.map = MapWidget(self.app, self.session, self.viewer, self.map_rect, self.lens,
                                 self.view, self.group)
            self.map.reserved_right = getattr(self, "tools_width", 0) / self.s
            self.map.reserved_bottom = PROPOSE_BUTTON_BOTTOM + PROPOSE_BUTTON_HEIGHT + 8
            if self.view is None:  # the region, clear of the tools, the legend and the button
                self.map.show_region()
            self.map.select(self.selected)
        else:
            self.map.set_rect(self.map_rect)

    def _hint(self, surface: pygame.Surface, hint: str) -> None:
        colours = self.colours
        fnt = self.font("normal", bold=True)
        width = self.map_rect.width - self.px(24) - self.tools_width
        lines = draw.wrap(hint, fnt, width - self.px(24))
        height = len(lines) * fnt.get_linesize() + self.px(14)
        top = self.map_rect.top + self.px(8) + (self.px(40) if self.dropdown is not None else 0)

        def paint(image: pygame.Surface) -> None:
            draw.card(image, image.get_rect(), colours.accent, None, self.px(6))
            y = self.px(7)
            for line in lines:
                draw.text(image, line, (self.px(12), y), fnt, colours.background)
                y += fnt.get_linesize()

        surface.blit(self.cached("hint", hint, (width, height), paint),
                     (self.map_rect.left + self.px(12), top))

    def on_lens(self, lens: str) -> None:
        self.lens = lens
        if self.map is not None:
            self.map.set_lens(lens)
            self.view = self.map.view
        self.app.rebuild()

    def _zoom(self, factor: float) -> None:
        self._ensure_map()
        self.map.zoom(factor)

    def _world(self) -> None:
        self._ensure_map()
        self.map.show_world()

    def _region(self) -> None:
        self._ensure_map()
        self.map.show_region()

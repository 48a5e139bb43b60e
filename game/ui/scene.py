"""The base of every screen, and small helpers to make widgets.

A scene builds its widgets in ``build`` from its own state (so that it can be rebuilt after a
change of language, scale or window size), draws what pygame_gui does not (``draw`` below the
widgets, ``draw_over`` above them), and says where Esc goes (``back``). Widget callbacks never
act at once: they are deferred to after event handling, so a callback may rebuild the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame
from pygame_gui.core import ObjectID
from pygame_gui.elements import (
    UIButton,
    UIHorizontalSlider,
    UIImage,
    UILabel,
    UIScrollingContainer,
    UITextBox,
    UITextEntryLine,
)

from game.ui import draw
from game.ui.text import ui

if TYPE_CHECKING:
    from game.ui.app import App


class Scene:
    """One screen of the game."""

    name = "scene"

    def __init__(self, app: App):
        self.app = app
        self.buttons: dict[str, UIButton] = {}
        self._cache: dict[str, tuple[Any, pygame.Surface, list[str], list[str]]] = {}

    # --- geometry ----------------------------------------------------------------------------
    @property
    def s(self) -> float:
        return self.app.scale

    def px(self, value: float) -> int:
        return round(value * self.app.scale)

    @property
    def width(self) -> int:
        return self.app.size[0]

    @property
    def height(self) -> int:
        return self.app.size[1]

    @property
    def colours(self):
        return self.app.palette

    def font(self, size: str = "normal", bold: bool = False) -> pygame.font.Font:
        return draw.font(size, self.app.scale, bold)

    # --- life cycle --------------------------------------------------------------------------
    def cached(self, name: str, key: Any, size: tuple[int, int],
               paint: Callable[[pygame.Surface], None]) -> pygame.Surface:
        """A see-through surface painted once per ``key`` (the texts it shows are noted every
        frame, for the language tests)."""
        key = (key, size, self.app.scale, self.app.palette.name, self.app.settings.language)
        entry = self._cache.get(name)
        if entry is None or entry[0] != key:
            image = pygame.Surface((max(size[0], 1), max(size[1], 1)), pygame.SRCALPHA)
            lost = len(draw.lost)
            with draw.recording() as texts:
                paint(image)
            entry = (key, image, list(texts), draw.lost[lost:])
            self._cache[name] = entry
        else:
            draw.lost.extend(entry[3])
        for value in entry[2]:
            draw.note(value)
        return entry[1]

    def build(self) -> None:
        """Create the widgets (the manager has just been cleared)."""

    def enter(self) -> None:
        """Called when the scene becomes the current one, before ``build``."""

    def handle(self, event: pygame.event.Event) -> None:
        """Events after pygame_gui has seen them."""

    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(self.colours.background)

    def draw_over(self, surface: pygame.Surface) -> None:
        pass

    #: The window's toasts this screen shows in a picture of the screen below (a question's
    #: shaded backdrop): the window does not draw them again over it.
    pictured_toasts: tuple[tuple[float, str, str], ...] = ()

    def keep_clear(self) -> list[pygame.Rect]:
        """What the window's toasts must not cover besides the widgets a player uses (the map's
        own country on the game screen)."""
        return []

    def panels(self) -> list[pygame.Rect]:
        """The panels this screen draws itself (not widgets), which toasts cover only when there
        is no emptier place."""
        return []

    def back(self) -> None:
        """Esc and the back button: by default, the previous screen."""
        self.app.pop()

    def texts(self) -> list[str]:
        """Texts this scene shows that are not in widgets or drawn by ``draw`` (for tests)."""
        return []

    # --- widget helpers ----------------------------------------------------------------------
    def button(self, rect: pygame.Rect | tuple, text: str, on: Callable[[], Any] | None,
               object_id: str | None = None, tooltip: str | None = None, enabled: bool = True,
               container: Any = None, key: str | None = None, fit: bool = False) -> UIButton:
        command = (lambda: self.app.defer(on)) if on is not None else None
        if fit:
            fnt = self.font("heading", True) if object_id == "#primary" else self.font(
                "small" if object_id == "#small_button" else "normal",
                object_id in ("#on", "#item_on"))
            shortened = draw.fit(text, fnt, pygame.Rect(rect).width - self.px(22))
            if shortened != text:  # the whole text one hover away, above what the button does
                tooltip = escape(text) if tooltip is None else f"<b>{escape(text)}</b><br>{tooltip}"
            text = shortened
        widget = UIButton(pygame.Rect(rect), text, self.app.manager, container=container,
                          tool_tip_text=tooltip, object_id=_object_id(object_id), command=command)
        if not enabled or on is None:
            widget.disable()
        if key is not None:
            self.buttons[key] = widget
        return widget

    def label_font(self, object_id: str | None) -> pygame.font.Font:
        size, bold = LABEL_FONTS.get(object_id, ("normal", False))
        return self.font(size, bold)

    def label(self, rect: pygame.Rect | tuple, text: str, object_id: str | None = None,
              container: Any = None) -> UILabel:
        """A one-line label; text that does not fit is shortened with an ellipsis, and the whole
        text shows when the mouse rests on it."""
        rect = pygame.Rect(rect)
        shortened = draw.fit(text, self.label_font(object_id), rect.width - self.px(6))
        widget = UILabel(rect, shortened, self.app.manager, container=container,
                         object_id=_object_id(object_id))
        if shortened != text:
            widget.set_tooltip(text)
        return widget

    def textbox(self, rect: pygame.Rect | tuple, html: str, object_id: str | None = None,
                container: Any = None) -> UITextBox:
        return UITextBox(html, pygame.Rect(rect), self.app.manager, container=container,
                         object_id=_object_id(object_id))

    def picture(self, rect: pygame.Rect | tuple, image: pygame.Surface,
                container: Any = None) -> UIImage:
        """A picture (a flag, an icon) drawn by the game, as a widget that scrolls with its
        container."""
        return UIImage(pygame.Rect(rect), image, self.app.manager, container=container)

    def entry(self, rect: pygame.Rect | tuple, value: str = "", placeholder: str = "",
              container: Any = None) -> UITextEntryLine:
        widget = UITextEntryLine(pygame.Rect(rect), self.app.manager, container=container,
                                 initial_text=value or None, placeholder_text=placeholder or None)
        return widget

    def slider(self, rect: pygame.Rect | tuple, value: float, low: float, high: float,
               step: float = 1, container: Any = None) -> UIHorizontalSlider:
        return UIHorizontalSlider(pygame.Rect(rect), value, (low, high), self.app.manager,
                                  container=container, click_increment=step)

    def scrolling(self, rect: pygame.Rect | tuple, inner_height: int) -> UIScrollingContainer:
        box = UIScrollingContainer(pygame.Rect(rect), self.app.manager, allow_scroll_x=False)
        box.set_scrollable_area_dimensions((pygame.Rect(rect).width - self.px(22)
                                            if inner_height > pygame.Rect(rect).height
                                            else pygame.Rect(rect).width, inner_height))
        return box

    def back_button(self, rect: pygame.Rect | None = None, text: str | None = None) -> UIButton:
        rect = rect or pygame.Rect(self.px(16), self.px(12), self.px(130), self.px(38))
        return self.button(rect, text or ui("common.back"), self.back, key="back",
                           tooltip=ui("common.back_tip"))

    def top_bar(self, title: str, subtitle: str = "") -> int:
        """The standard top bar with a back button and a title; returns its height."""
        height = self.px(62)
        self.back_button(pygame.Rect(self.px(16), self.px(12), self.px(130), self.px(38)))
        self.label(pygame.Rect(self.px(162), self.px(10), self.width - self.px(340), self.px(34)),
                   title, "#heading")
        if subtitle:
            self.label(pygame.Rect(self.px(164), self.px(40), self.width - self.px(340),
                                   self.px(20)), subtitle, "#muted")
        return height


#: The font of each label style (as in assets/theme/base.json).
LABEL_FONTS = {
    "#title": ("hero", True), "#subtitle": ("large", False), "#heading": ("large", True),
    "#subheading": ("heading", True), "#muted": ("small", False), "#muted_centre": ("normal", False),
    "#accent": ("heading", True), "#good_text": ("normal", True), "#bad_text": ("normal", True),
}


def _object_id(object_id: str | None) -> ObjectID | None:
    return ObjectID(object_id=object_id) if object_id else None


def escape(text: str) -> str:
    """Text made safe for a pygame_gui HTML text box."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def colour_tag(colour: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)

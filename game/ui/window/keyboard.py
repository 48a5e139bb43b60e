"""The window's keyboard focus on every screen: Tab and Shift+Tab move a visible focus ring over
the screen's buttons and text fields (top to bottom, left to right), Enter or Space presses the
focused button, and the arrow keys move the ring once it is shown (except on the map screens,
where they pan the map). Text fields get pygame_gui's own focus, so typing goes to them. A
slider takes the ring too: Left and Right move its value by one step (Up and Down move the
ring).

The ring survives a rebuild of the same screen (a choice that redraws it keeps the ring on the
same place), and a mouse click hides it.
"""

from __future__ import annotations

from typing import Any

import pygame
from pygame_gui import UI_BUTTON_PRESSED, UI_HORIZONTAL_SLIDER_MOVED
from pygame_gui.elements import (
    UIButton,
    UIHorizontalSlider,
    UIScrollingContainer,
    UITextEntryBox,
    UITextEntryLine,
)

#: Parts of pygame_gui's composite widgets that Tab skips (scroll bars' and sliders' handles).
SKIPPED_PARTS = frozenset({"#sliding_button", "#top_button", "#bottom_button", "#expand_button"})
#: Screens where the arrow keys belong to the map (they pan it), never to the focus ring.
MAP_SCREENS = frozenset({"game", "projector"})
ARROWS_BACK = (pygame.K_LEFT, pygame.K_UP)
ARROWS_ON = (pygame.K_RIGHT, pygame.K_DOWN)


def _focusable(element: Any) -> bool:
    if not element.alive() or not getattr(element, "visible", True):
        return False
    if isinstance(element, UIButton):
        return element.is_enabled and not (set(element.object_ids) & SKIPPED_PARTS)
    return isinstance(element, UITextEntryLine | UITextEntryBox | UIHorizontalSlider) \
        and element.is_enabled


def nudge_slider(slider: UIHorizontalSlider, steps: int) -> None:
    """Move a slider's value by ``steps`` of its increment (within its range), telling its
    screen as a drag of the handle would."""
    low, high = sorted(slider.value_range)
    value = min(high, max(low, slider.get_current_value() + steps * (slider.increment or 1)))
    slider.set_current_value(value, False)
    pygame.event.post(pygame.event.Event(UI_HORIZONTAL_SLIDER_MOVED, {
        "value": slider.current_value, "ui_element": slider,
        "ui_object_id": slider.most_specific_combined_id}))


class KeyboardFocus:
    """Part of ``App``: the keyboard's focus ring."""

    #: the widget the keyboard has focused (None: no ring shown).
    focused: Any = None
    #: the screen whose widget has the ring (a rebuild after a change of screen forgets it).
    focus_scene: Any = None

    def focusables(self) -> list[Any]:
        """The widgets Tab visits on the current screen, in reading order."""
        widgets = [e for e in self.manager.get_sprite_group().sprites() if _focusable(e)]
        row = max(1, round(8 * self.scale))
        return sorted(widgets, key=lambda w: (w.rect.top // row, w.rect.left))

    def focus(self, widget: Any) -> None:
        """Put the ring on ``widget`` (None: no ring), text fields taking the typing."""
        self.focused = widget
        self.focus_scene = self.scene
        if widget is None:
            return
        self._scroll_into_view(widget)
        if isinstance(widget, UITextEntryLine | UITextEntryBox):
            self.manager.set_focus_set(widget)
        else:
            self.manager.set_focus_set(None)

    def focus_key(self, key: str) -> None:
        """Put the ring on the current screen's button ``key`` (if it is there)."""
        scene = self.scene
        widget = scene.buttons.get(key) if scene is not None else None
        if widget is not None and _focusable(widget):
            self.focus(widget)

    def move_focus(self, step: int) -> None:
        widgets = self.focusables()
        if not widgets:
            self.focused = None
            return
        if self.focused in widgets:
            index = (widgets.index(self.focused) + step) % len(widgets)
        else:
            index = 0 if step > 0 else len(widgets) - 1
        self.focus(widgets[index])

    def press_focused(self) -> bool:
        """Press the focused button as a click would; False if no button has the ring."""
        widget = self.focused
        if not isinstance(widget, UIButton) or not _focusable(widget):
            return False
        widget.on_self_event(UI_BUTTON_PRESSED, {"mouse_button": 1})
        return True

    def keyboard_key(self, event: pygame.event.Event) -> bool:
        """Tab, Enter, Space and the arrows for the focus ring; True if the key was used."""
        key = event.key
        if key == pygame.K_TAB and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            self.move_focus(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            return True
        if self.focused is None:
            return False
        if not self.focused.alive():
            self.focused = None
            return False
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            return self.press_focused()
        if isinstance(self.focused, UIHorizontalSlider) and key in (pygame.K_LEFT, pygame.K_RIGHT):
            nudge_slider(self.focused, -1 if key == pygame.K_LEFT else 1)
            return True
        scene = self.scene
        if scene is not None and scene.name not in MAP_SCREENS \
                and not isinstance(self.focused, UITextEntryLine | UITextEntryBox):
            if key in ARROWS_BACK:
                self.move_focus(-1)
                return True
            if key in ARROWS_ON:
                self.move_focus(1)
                return True
        return False

    def forget_focus_on_click(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEBUTTONDOWN:
            self.focused = None

    def remembered_focus(self) -> tuple[Any, int, pygame.Rect] | None:
        """Where the ring is before a rebuild: the screen, its place in the order and its box."""
        if self.focused is None:
            return None
        widgets = self.focusables()  # (a new manager after a change of palette has none yet)
        index = widgets.index(self.focused) if self.focused in widgets else 0
        return self.focus_scene, index, pygame.Rect(self.focused.rect)

    def restore_focus(self, memory: tuple[Any, int, pygame.Rect] | None) -> None:
        """After a rebuild of the same screen: the ring on the widget in the same box (or the
        same place in the order)."""
        if memory is None or memory[0] is not self.scene:
            return
        widgets = self.focusables()
        if not widgets:
            return
        same = [w for w in widgets if w.rect == memory[2]]
        self.focus(same[0] if same else widgets[min(memory[1], len(widgets) - 1)])

    def _scroll_into_view(self, widget: Any) -> None:
        for box in self.manager.get_sprite_group().sprites():
            if not isinstance(box, UIScrollingContainer) or box.vert_scroll_bar is None:
                continue
            inner = box.scrollable_container
            if widget.ui_container is not inner:
                continue
            view = box._view_container.rect
            if view.top <= widget.rect.top and widget.rect.bottom <= view.bottom:
                return
            height = max(inner.rect.height, 1)
            top = widget.relative_rect.top
            wanted = top if widget.rect.top < view.top else top + widget.rect.height - view.height
            box.vert_scroll_bar.set_scroll_from_start_percentage(max(wanted, 0) / height)
            box.vert_scroll_bar.has_moved_recently = True
            return

    def draw_focus(self, surface: pygame.Surface) -> None:
        widget = self.focused
        if widget is None or not widget.alive() or not getattr(widget, "visible", True):
            return
        width = ring_width(self.scale)
        # a dark gap, then the ring: it shows on a highlighted (accent) button too
        pygame.draw.rect(surface, self.palette.background, widget.rect.inflate(2 * width, 2 * width),
                         width, border_radius=width * 2)
        pygame.draw.rect(surface, self.palette.accent, widget.rect.inflate(4 * width, 4 * width),
                         width, border_radius=width * 3)


def ring_width(scale: float) -> int:
    """The focus ring's line (and its gap's) in pixels."""
    return max(2, round(3 * scale))


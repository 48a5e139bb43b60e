"""Composite widgets: segmented choices, the map's lens buttons, and a text entry box whose
placeholder reads as a hint, not as typed text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pygame
from pygame_gui.elements import UITextEntryBox

from game.ui.scene import Scene
from game.ui.text import ui


def segmented(scene: Scene, rect: pygame.Rect, options: Sequence[tuple[Any, str]], current: Any,
              pick: Callable[[Any], None], gap: int = 6, key: str | None = None,
              container: Any = None) -> list:
    """A row of buttons of which one (the current value) is highlighted."""
    count = max(len(options), 1)
    width = (rect.width - gap * (count - 1)) // count
    buttons = []
    for k, (value, label) in enumerate(options):
        button_rect = pygame.Rect(rect.left + k * (width + gap), rect.top, width, rect.height)
        object_id = "#on" if value == current else None
        buttons.append(scene.button(button_rect, label, (lambda v=value: pick(v)), object_id,
                                    container=container,
                                    key=f"{key}:{value}" if key is not None else None))
    return buttons


#: The height of one row of lens buttons and the space it takes with its gap, at scale 1.
LENS_BUTTON_HEIGHT = 32
LENS_ROW = 36


def lens_bar_height(scene: Scene, width: int, lenses: Sequence[str]) -> int:
    """The height the lens buttons need in ``width``: one row, or two when their names do not
    fit side by side (large interface sizes), so that no name is cut short."""
    return scene.px(LENS_ROW) * _lens_rows(scene, width, lenses)[0]


def _lens_rows(scene: Scene, width: int, lenses: Sequence[str]) -> tuple[int, int]:
    gap = scene.px(4)
    widest = max(scene.font("normal", True).size(ui(f"map.lens.{lens}"))[0] for lens in lenses)
    one_row = (width - gap * (len(lenses) - 1)) // len(lenses)
    per_row = len(lenses) if widest + scene.px(22) <= one_row else 2
    return -(-len(lenses) // per_row), per_row


def lens_bar(scene: Scene, area: pygame.Rect, lenses: Sequence[str], current: str,
             pick: Callable[[str], None], tooltips: dict[str, str] | None = None) -> None:
    """The map's lens buttons from ``area``'s top left (see ``lens_bar_height``); the current
    lens highlighted; buttons keyed ``lens:<name>``."""
    _, per_row = _lens_rows(scene, area.width, lenses)
    gap = scene.px(4)
    width = (area.width - gap * (per_row - 1)) // per_row
    for k, lens in enumerate(lenses):
        row, column = divmod(k, per_row)
        rect = pygame.Rect(area.left + column * (width + gap), area.top + row * scene.px(LENS_ROW),
                           width, scene.px(LENS_BUTTON_HEIGHT))
        scene.button(rect, ui(f"map.lens.{lens}"), (lambda v=lens: pick(v)),
                     "#on" if lens == current else "#small_button",
                     tooltip=(tooltips or {}).get(lens), key=f"lens:{lens}", fit=True)


class AnswerBox(UITextEntryBox):
    """A text entry box whose placeholder shows in the muted colour, in italics (pygame_gui
    draws it in the colour of typed text, so an empty box looks already answered)."""

    def __init__(self, *args: Any, placeholder_colour: tuple[int, int, int], **kwargs: Any):
        self.placeholder_colour = "#{:02x}{:02x}{:02x}".format(*placeholder_colour)
        super().__init__(*args, **kwargs)

    def showing_placeholder(self) -> bool:
        return (len(self.html_text) == 0 and self.placeholder_text is not None
                and not self.is_focused)

    def _pre_parse_text(self, input_text: str) -> str:
        text = super()._pre_parse_text(input_text)
        if getattr(self, "placeholder_colour", None) and self.showing_placeholder():
            return f'<font color="{self.placeholder_colour}"><i>{text}</i></font>'
        return text

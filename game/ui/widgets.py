"""Composite widgets: segmented choices and lists of item buttons."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pygame

from game.ui.scene import Scene


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

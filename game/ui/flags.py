"""Country flags beside country names: the scenario's own flag file, the built-in flag of a real
country (``assets/flags/<ISO3>.png``, from the openly licensed flag-icons package, see its
LICENCE.md), or an emblem drawn from the country's id for an invented country.

Flags are 4:3 and drawn at the height asked (cached per height), so a list line at scale 2.0 is
as sharp as at 1.0; a thin outline keeps white flags visible on a white card.
"""

from __future__ import annotations

import math
import zlib
from functools import cache
from pathlib import Path
from typing import Any

import pygame

from game.data import resource

FLAG_FOLDER = resource("assets", "flags")
#: Width to height of every flag drawn.
ASPECT = 4 / 3


def built_in_flag(country: str) -> Path | None:
    """The built-in flag file of a real country (ISO alpha-3 id), if the game has one."""
    path = FLAG_FOLDER / f"{country}.png"
    return path if country.isalpha() and path.is_file() else None


def flag_file(game: Any, country: str) -> Path | None:
    """The file of a country's flag: the scenario's own (relative to its file), else the
    built-in one; None when the country gets an emblem. ``game`` is a game or a loaded
    scenario (the new-game screen has no game yet)."""
    loaded = getattr(game, "loaded", game)
    scenario, source = getattr(loaded, "scenario", None), getattr(loaded, "source", "")
    named = next((c.flag for c in scenario.countries if c.id == country), None) if scenario else None
    if named and source:
        path = Path(source).parent / named
        if path.is_file():
            return path
    return built_in_flag(country)


def flag_width(height: int) -> int:
    return round(height * ASPECT)


def flag(game: Any, country: str, height: int) -> pygame.Surface:
    """The country's flag ``height`` pixels high."""
    path = flag_file(game, country)
    return _image(str(path) if path else "", country, max(4, height))


def draw_flag(surface: pygame.Surface, game: Any, country: str, position: tuple[int, int],
              height: int, outline: tuple[int, int, int] = (90, 96, 110)) -> int:
    """Blit the flag with its top-left corner at ``position``; the width used."""
    image = flag(game, country, height)
    rect = surface.blit(image, position)
    pygame.draw.rect(surface, outline, rect, width=1)
    return rect.width


def framed_flag(game: Any, country: str, height: int,
                outline: tuple[int, int, int] = (90, 96, 110)) -> pygame.Surface:
    """The flag with its thin outline, as a picture of its own (for a widget)."""
    image = flag(game, country, height).copy()
    pygame.draw.rect(image, outline, image.get_rect(), width=1)
    return image


def draw_list_flags(surface: pygame.Surface, game: Any, selection_list: Any,
                    countries: dict[str, str]) -> None:
    """Flags at the right end of the visible items of a pygame_gui selection list of country
    names (``countries``: name shown -> id), inside the list's frame."""
    frame = selection_list.rect
    clip = surface.get_clip()
    surface.set_clip(frame.inflate(-2, -2))
    for item in selection_list.item_list:
        button = item.get("button_element")
        country = countries.get(item.get("text", ""))
        if button is None or country is None or not button.visible:
            continue
        rect = button.rect
        height = max(6, rect.height * 5 // 8)
        draw_flag(surface, game, country, (rect.right - flag_width(height) - max(4, height // 3),
                                           rect.centery - height // 2), height)
    surface.set_clip(clip)


@cache
def _image(path: str, country: str, height: int) -> pygame.Surface:
    size = (flag_width(height), height)
    if path:
        try:
            if path.lower().endswith(".svg"):
                return pygame.image.load_sized_svg(path, size)
            return pygame.transform.smoothscale(pygame.image.load(path).convert(24), size)
        except (pygame.error, OSError, ValueError):
            pass  # a damaged file: the emblem rather than a crash
    return emblem(country, height)


def emblem_colours(country: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The emblem's field and figure colours, fixed by the country's id."""
    code = zlib.crc32(country.encode("utf-8"))
    field = pygame.Color(0)
    field.hsva = (code % 360, 55 + (code >> 9) % 30, 55 + (code >> 14) % 25, 100)
    figure = (245, 240, 225) if field.hsva[2] < 75 else (30, 30, 40)
    return (field.r, field.g, field.b), figure


def emblem(country: str, height: int) -> pygame.Surface:
    """A simple flag for an invented country: a field in the country's colour, a band and a
    figure (circle, star or diamond), each chosen by the id, drawn at ``height``."""
    width = flag_width(height)
    image = pygame.Surface((width, height), pygame.SRCALPHA)
    field, figure = emblem_colours(country)
    code = zlib.crc32(country.encode("utf-8"))
    image.fill(field)
    band = max(1, height // 6)
    style = (code >> 3) % 3
    if style == 0:  # a band along the bottom
        pygame.draw.rect(image, figure, (0, height - 2 * band, width, band))
    elif style == 1:  # a band at the hoist
        pygame.draw.rect(image, figure, (0, 0, band * 2, height))
    else:  # a diagonal
        pygame.draw.polygon(image, figure, [(0, height), (band * 2, height), (width, 0),
                                            (width - band * 2, 0)])
    centre = ((width // 2 + band, height // 2) if style == 1 else (width // 2, height // 2 - band // 2)
              if style == 0 else (width // 4, height // 3))
    radius = max(2, height // (4 if style != 2 else 5))
    shape = (code >> 7) % 3
    if shape == 0:
        pygame.draw.circle(image, figure, centre, radius)
        pygame.draw.circle(image, field, centre, max(1, radius * 6 // 10))
    elif shape == 1:
        pygame.draw.polygon(image, figure, _star(centre, radius))
    else:
        x, y = centre
        pygame.draw.polygon(image, figure, [(x, y - radius), (x + radius, y), (x, y + radius),
                                            (x - radius, y)])
    return image


def _star(centre: tuple[int, int], radius: int) -> list[tuple[float, float]]:
    points = []
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((centre[0] + r * math.cos(angle), centre[1] + r * math.sin(angle)))
    return points

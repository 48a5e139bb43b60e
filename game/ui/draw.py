"""Drawing helpers for what the client draws itself: text, cards, bars, sparklines.

Fonts are the Noto Sans files that ship with pygame_gui, cached by size. Every string drawn
here can be recorded (``recording()``), so that a test can check that no English text shows in
the Indonesian interface.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache

import pygame

from game.i18n import numbers
from game.ui.theme import SIZES, Colour, font_file

_record: list[str] | None = None
#: Texts shortened on the window this frame: (the rectangle drawn, the whole text), so that the
#: window can show the whole text when the mouse rests on it (``shortened_tip``).
shortened: list[tuple[pygame.Rect, str]] = []
#: Texts shortened where no tooltip can show them (drawn off-screen, or lines left out of a
#: paragraph): what the layout tests count as cut.
lost: list[str] = []


@contextmanager
def recording() -> Iterator[list[str]]:
    """Collect every string drawn inside the block."""
    global _record
    previous, _record = _record, []
    try:
        yield _record
    finally:
        _record = previous


def note(text: str) -> None:
    if _record is not None:
        _record.append(text)


@cache
def _font(size: int, bold: bool) -> pygame.font.Font:
    return pygame.font.Font(font_file(bold), size)


def font(size: str | int, scale: float, bold: bool = False) -> pygame.font.Font:
    pixels = SIZES[size] if isinstance(size, str) else size
    return _font(max(8, round(pixels * scale)), bold)


def minus_sign() -> str:
    """The sign negative numbers take in the window's font: U+2212 where the font draws it as a
    minus (as wide as "+"), else the en dash (pygame_gui's Noto Sans draws U+2212 as narrow as a
    hyphen, which reads as one)."""
    fnt = _font(40, False)
    if fnt.size(numbers.TRUE_MINUS)[0] >= 0.8 * fnt.size("+")[0]:
        return numbers.TRUE_MINUS
    return numbers.EN_DASH


def render(text: str, fnt: pygame.font.Font, colour: Colour) -> pygame.Surface:
    note(text)
    return fnt.render(text, True, colour)


def text(surface: pygame.Surface, value: str, position: tuple[float, float], fnt: pygame.font.Font,
         colour: Colour, anchor: str = "topleft", max_width: int | None = None) -> pygame.Rect:
    """Draw one line; ``anchor`` is a pygame.Rect attribute name; cut with … to fit."""
    whole = value
    if max_width is not None:
        value = fit(value, fnt, max_width)
    image = render(value, fnt, colour)
    rect = image.get_rect(**{anchor: (round(position[0]), round(position[1]))})
    surface.blit(image, rect)
    if value != whole:
        if surface is pygame.display.get_surface():
            shortened.append((rect, whole))
        else:
            lost.append(whole)
    return rect


def fit(value: str, fnt: pygame.font.Font, width: int) -> str:
    """The text, shortened with an ellipsis if it is wider than ``width``."""
    if width <= 0 or fnt.size(value)[0] <= width:
        return value
    low, high = 0, len(value)
    while low < high:
        middle = (low + high + 1) // 2
        if fnt.size(value[:middle].rstrip() + "…")[0] <= width:
            low = middle
        else:
            high = middle - 1
    return value[:low].rstrip() + "…"


def wrap(value: str, fnt: pygame.font.Font, width: int) -> list[str]:
    """Lines of at most ``width`` pixels (words longer than a line are cut)."""
    lines: list[str] = []
    for paragraph in value.split("\n"):
        words = paragraph.split(" ")
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if fnt.size(candidate)[0] <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
            while fnt.size(line)[0] > width and len(line) > 1:
                cut = len(line)
                while cut > 1 and fnt.size(line[:cut])[0] > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def paragraph(surface: pygame.Surface, value: str, rect: pygame.Rect, fnt: pygame.font.Font,
              colour: Colour, spacing: float = 1.15) -> int:
    """Wrapped text inside ``rect`` (lines that do not fit are left out); the height used."""
    y = rect.top
    step = round(fnt.get_linesize() * spacing)
    for line in wrap(value, fnt, rect.width):
        if y + fnt.get_linesize() > rect.bottom:
            lost.append(value)
            break
        text(surface, line, (rect.left, y), fnt, colour)
        y += step
    return y - rect.top


def sign_colour(value: float, palette, digits: int = 1) -> Colour:
    """Green for a gain, red for a loss, plain for what shows as zero at ``digits`` decimals
    (a "0,0" in red reads as a loss that is not there)."""
    rounded = round(value, digits)
    if rounded > 0:
        return palette.good
    if rounded < 0:
        return palette.bad
    return palette.text


def card(surface: pygame.Surface, rect: pygame.Rect, fill: Colour, border: Colour | None = None,
         radius: int = 8) -> None:
    pygame.draw.rect(surface, fill, rect, border_radius=radius)
    if border is not None:
        pygame.draw.rect(surface, border, rect, width=1, border_radius=radius)


def sparkline(surface: pygame.Surface, rect: pygame.Rect, values: Sequence[float], colour: Colour,
              width: int = 2, baseline: Colour | None = None) -> None:
    """A small line of ``values`` filling ``rect`` (a dot for a single value)."""
    if not values:
        return
    low, high = min(values), max(values)
    if high - low < 1e-12:
        low, high = low - 1.0, high + 1.0
    count = len(values)

    def point(k: int, v: float) -> tuple[int, int]:
        x = rect.left + (rect.width * k / (count - 1) if count > 1 else rect.width / 2)
        y = rect.bottom - (v - low) / (high - low) * rect.height
        return round(x), round(y)

    points = [point(k, v) for k, v in enumerate(values)]
    if baseline is not None:
        pygame.draw.line(surface, baseline, (rect.left, rect.bottom), (rect.right, rect.bottom))
    if len(points) > 1:
        pygame.draw.lines(surface, colour, False, points, width)
    pygame.draw.circle(surface, colour, points[-1], max(2, width + 1))


def bar(surface: pygame.Surface, rect: pygame.Rect, value: float, limit: float, positive: Colour,
        negative: Colour, axis: Colour) -> None:
    """A horizontal bar from the middle of ``rect``: right for positive, left for negative."""
    middle = rect.centerx
    limit = max(limit, 1e-9)
    length = min(abs(value) / limit, 1.0) * (rect.width / 2)
    if value >= 0:
        bar_rect = pygame.Rect(middle, rect.top, round(length), rect.height)
        colour = positive
    else:
        bar_rect = pygame.Rect(round(middle - length), rect.top, round(length), rect.height)
        colour = negative
    if bar_rect.width > 0:
        pygame.draw.rect(surface, colour, bar_rect, border_radius=2)
    pygame.draw.line(surface, axis, (middle, rect.top - 2), (middle, rect.bottom + 1))


def shade(surface: pygame.Surface, colour: Colour, alpha: int) -> None:
    """Cover the whole surface with a see-through colour."""
    veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    veil.fill((*colour, alpha))
    surface.blit(veil, (0, 0))


def dialog(surface: pygame.Surface, backdrop: pygame.Surface | None, card_rect: pygame.Rect,
           palette, radius: int) -> None:
    """A question's card over the screen it was asked from (``backdrop``, shaded): the
    background of the question and PIN screens."""
    surface.fill(palette.background)
    if backdrop is not None:
        if backdrop.get_size() != surface.get_size():
            backdrop = pygame.transform.smoothscale(backdrop, surface.get_size())
        surface.blit(backdrop, (0, 0))
    shade(surface, palette.background, 190)
    card(surface, card_rect, palette.panel, palette.accent, radius)

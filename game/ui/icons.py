"""Icons for the seven clause kinds, drawn by the game (no image files): arrows both ways for
trade, a rising coin stack for investment, a gear for technology, a heart for aid, a shield for
security, a passport for visas and a graduation cap for education.

Each icon is painted with ``pygame.draw`` on a 64-unit grid at four times the size asked and
smoothed down, so it is sharp at every scale; cached per kind, size and colour.
"""

from __future__ import annotations

import atexit
import math
import shutil
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pygame

from game.rules.terms import ClauseKind

Colour = tuple[int, int, int]
#: Supersampling: painted this many times larger, then smoothed down.
_OVERSAMPLE = 4


def _trade(s: pygame.Surface, c: Colour, u: Callable[[float], int]) -> None:
    width = u(6)
    pygame.draw.line(s, c, (u(8), u(22)), (u(52), u(22)), width)
    pygame.draw.polygon(s, c, [(u(58), u(22)), (u(44), u(11)), (u(44), u(33))])
    pygame.draw.line(s, c, (u(56), u(42)), (u(12), u(42)), width)
    pygame.draw.polygon(s, c, [(u(6), u(42)), (u(20), u(31)), (u(20), u(53))])


def _investment(s: pygame.Surface, c: Colour, u: Callable[[float], int]) -> None:
    for k, height in enumerate((14, 26, 40)):
        pygame.draw.rect(s, c, (u(8 + k * 17), u(58 - height), u(13), u(height)))
    pygame.draw.line(s, c, (u(6), u(30)), (u(28), u(14)), u(5))
    pygame.draw.line(s, c, (u(28), u(14)), (u(54), u(6)), u(5))
    pygame.draw.polygon(s, c, [(u(60), u(4)), (u(46), u(2)), (u(52), u(15))])


def _technology(s: pygame.Surface, c: Colour, u: Callable[[float], int]) -> None:
    centre = (u(32), u(32))
    teeth = []
    for k in range(16):
        radius = 28 if k % 2 == 0 else 21
        angle = k * math.pi / 8 - math.pi / 16
        for side in (-0.16, 0.16):
            teeth.append((centre[0] + u(radius) * math.cos(angle + side),
                          centre[1] + u(radius) * math.sin(angle + side)))
    pygame.draw.polygon(s, c, teeth)
    pygame.draw.circle(s, (0, 0, 0, 0), centre, u(9))


def _aid(s: pygame.Surface, c: Colour, u: Callable[[float], int]) -> None:
    pygame.draw.circle(s, c, (u(20), u(22)), u(14))
    pygame.draw.circle(s, c, (u(44), u(22)), u(14))
    pygame.draw.polygon(s, c, [(u(7), u(28)), (u(57), u(28)), (u(32), u(58))])


def _security(s: pygame.Surface, c: Colour, u: Callable[[float], int]) -> None:
    outline = [(u(32), u(4)), (u(56), u(12)), (u(54), u(34)), (u(32), u(60)), (u(10), u(34)),
               (u(8), u(12))]
    pygame.draw.polygon(s, c, outline)
    pygame.draw.polygon(s, (0, 0, 0, 0), [(u(32), u(13)), (u(47), u(18)), (u(46), u(32)),
                                         (u(32), u(49))])


def _visas(s: pygame.Surface, c: Colour, u: Callable[[float], int]) -> None:
    pygame.draw.rect(s, c, (u(12), u(4), u(40), u(56)), border_radius=u(5))
    pygame.draw.circle(s, (0, 0, 0, 0), (u(32), u(26)), u(11))
    pygame.draw.circle(s, c, (u(32), u(26)), u(7))
    pygame.draw.rect(s, (0, 0, 0, 0), (u(20), u(44), u(24), u(5)))


def _education(s: pygame.Surface, c: Colour, u: Callable[[float], int]) -> None:
    pygame.draw.polygon(s, c, [(u(32), u(10)), (u(62), u(24)), (u(32), u(38)), (u(2), u(24))])
    pygame.draw.polygon(s, c, [(u(16), u(32)), (u(48), u(32)), (u(48), u(48)), (u(32), u(54)),
                               (u(16), u(48))])
    pygame.draw.line(s, c, (u(56), u(26)), (u(56), u(46)), u(4))
    pygame.draw.circle(s, c, (u(56), u(48)), u(4))


#: The painter of each clause kind's icon (a new kind without one fails tests/test_feel.py).
PAINTERS: dict[ClauseKind, Callable[[pygame.Surface, Colour, Callable[[float], int]], None]] = {
    ClauseKind.TRADE_LIBERALISATION: _trade,
    ClauseKind.INVESTMENT: _investment,
    ClauseKind.TECHNOLOGY_TRANSFER: _technology,
    ClauseKind.DEVELOPMENT_AID: _aid,
    ClauseKind.SECURITY_COOPERATION: _security,
    ClauseKind.VISA_FACILITATION: _visas,
    ClauseKind.EDUCATION_EXCHANGE: _education,
}


@cache
def clause_icon(kind: str, size: int, colour: Colour) -> pygame.Surface:
    """The icon of a clause kind, ``size`` pixels square, in ``colour`` on a see-through ground
    (an unknown kind gets an empty square)."""
    size = max(6, size)
    big = size * _OVERSAMPLE
    canvas = pygame.Surface((big, big), pygame.SRCALPHA)
    painter = PAINTERS.get(ClauseKind(kind)) if kind in ClauseKind._value2member_map_ else None
    if painter is not None:
        painter(canvas, tuple(colour), lambda units: round(units * big / 64))
    return pygame.transform.smoothscale(canvas, (size, size))


#: Where the icons shown in pygame_gui text boxes are written (its <img> tag reads files): a
#: folder of this run, removed at exit.
_folder: list[Path] = []


def icon_tag(kind: str, size: int, colour: Colour) -> str:
    """An HTML ``<img>`` of a clause kind's icon for a pygame_gui text box, floating at the start
    of the line ("" if the picture cannot be written: the line then reads as before)."""
    kinds = list(ClauseKind)
    if kind not in ClauseKind._value2member_map_:
        return ""
    try:
        if not _folder:
            _folder.append(Path(tempfile.mkdtemp(prefix="diplomasi-icons-")))
            atexit.register(shutil.rmtree, _folder[0], True)
        # a neutral name (no English words in the Indonesian screens' HTML)
        path = _folder[0] / "icon-{}-{}-{:02x}{:02x}{:02x}.png".format(
            kinds.index(ClauseKind(kind)), size, *colour[:3])
        if not path.exists():
            pygame.image.save(clause_icon(kind, size, tuple(colour[:3])), str(path))
    except (OSError, pygame.error):
        return ""
    return f"<img src='{path}' float=left padding='{max(2, size // 5)}px {max(2, size // 4)}px 0px 0px'>"


def draw_icon(surface: pygame.Surface, kind: str, position: tuple[int, int], size: int,
              colour: Colour) -> int:
    """Blit the icon with its top-left corner at ``position``; the width used."""
    return surface.blit(clause_icon(str(kind), size, tuple(colour)), position).width


@cache
def medal(size: int, colour: Colour) -> pygame.Surface:
    """An award's medal (a ribbon and a disc with a star), ``size`` pixels square, in ``colour``
    on a see-through ground; painted large and smoothed down like the clause icons."""
    size = max(6, size)
    big = size * _OVERSAMPLE

    def u(units: float) -> int:
        return round(units * big / 64)

    canvas = pygame.Surface((big, big), pygame.SRCALPHA)
    pygame.draw.polygon(canvas, colour, [(u(14), u(2)), (u(28), u(2)), (u(38), u(30)), (u(26), u(34))])
    pygame.draw.polygon(canvas, colour, [(u(50), u(2)), (u(36), u(2)), (u(26), u(30)), (u(38), u(34))])
    pygame.draw.circle(canvas, colour, (u(32), u(42)), u(20))
    star = []
    for k in range(10):
        radius = u(12) if k % 2 == 0 else u(5)
        angle = -math.pi / 2 + k * math.pi / 5
        star.append((u(32) + radius * math.cos(angle), u(42) + radius * math.sin(angle)))
    pygame.draw.polygon(canvas, (0, 0, 0, 0), star)
    return pygame.transform.smoothscale(canvas, (size, size))

"""Colours, fonts and the pygame_gui theme, for a UI scale and a palette.

Two palettes for the screen: the default one and a colour-blind-safe one (a yellow "you" and
country colours that stay apart as seen with deuteranopia and protanopia, and colour ramps that
change in lightness, so that they read in grey too), and a third for paper
(``PRINT``: dark ink on white, the colour-blind-safe ``PRINT_SERIES``) used by every chart
written to a PNG file (the results folder's summary, the balance and tournament reports). The
pygame_gui theme is built as a dict from ``assets/theme/base.json`` with the sizes multiplied by
the scale; font sizes are strings, as pygame_gui requires.
"""

from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pygame_gui

from game.data import resource

Colour = tuple[int, int, int]

THEME_FILE = resource("assets", "theme", "base.json")
FONT_DIRECTORY = Path(pygame_gui.__file__).resolve().parent / "data"
FONT_REGULAR = FONT_DIRECTORY / "NotoSans-Regular.ttf"
FONT_BOLD = FONT_DIRECTORY / "NotoSans-Bold.ttf"

#: Font sizes in pixels at scale 1.
SIZES = {"small": 13, "normal": 15, "heading": 18, "large": 22, "title": 34, "hero": 56}


def hex_colour(colour: Colour, alpha: int | None = None) -> str:
    text = "#{:02x}{:02x}{:02x}".format(*colour)
    return text + (f"{alpha:02x}" if alpha is not None else "")


def parse(text: str) -> Colour:
    text = text.lstrip("#")
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


def mix(a: Colour, b: Colour, t: float) -> Colour:
    t = min(max(t, 0.0), 1.0)
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


def ramp(stops: tuple[Colour, ...], t: float) -> Colour:
    """The colour at ``t`` (0..1) along evenly spaced stops."""
    t = min(max(t, 0.0), 1.0) * (len(stops) - 1)
    k = min(int(t), len(stops) - 2)
    return mix(stops[k], stops[k + 1], t - k)


@dataclass(frozen=True)
class Palette:
    name: str
    background: Colour
    panel: Colour
    panel_alt: Colour
    border: Colour
    text: Colour
    muted: Colour
    accent: Colour  # "you", highlights
    primary: Colour  # the next-step button
    good: Colour
    bad: Colour
    neutral: Colour  # the charts' "average" line
    sea: Colour
    land: Colour
    coastline: Colour
    series: tuple[Colour, ...]  # the charts' countries after "you" (accent); links' colours
    trust_ramp: tuple[Colour, ...]
    trade_ramp: tuple[Colour, ...]
    dependency_ramp: tuple[Colour, ...]
    member: Colour
    non_member: Colour


#: The colours a chart shows together: "you" (accent), your largest partners (the series, in
#: order) and the average (neutral). They were chosen by perceptual distance (CIEDE2000, see
#: ``game.ui.perception``): in the default palette every pair of the first ``CHART_COLOURS`` is at
#: least ``MIN_DISTANCE`` apart, in the colour-blind one also as seen with deuteranopia and
#: protanopia (Machado 2009), and each stands out from the panel (tests/test_colours.py).
CHART_COLOURS = 6
MIN_DISTANCE = 20.0
MIN_DISTANCE_DICHROMAT = 18.0


def chart_colours(colours: Palette, count: int = CHART_COLOURS) -> list[Colour]:
    """The first ``count`` colours a chart gives its lines: accent, series..., and neutral last."""
    return [colours.accent, *colours.series[: count - 2], colours.neutral]


def _c(*codes: str) -> tuple[Colour, ...]:
    return tuple(parse(c) for c in codes)


DEFAULT = Palette(
    name="default",
    background=parse("0e1826"), panel=parse("162438"), panel_alt=parse("1e3048"),
    border=parse("32486a"), text=parse("e8eef5"), muted=parse("9db0c8"),
    accent=parse("f2b632"), primary=parse("1b8a8f"), good=parse("52b85a"), bad=parse("e5534b"),
    neutral=parse("8c8c8c"), sea=parse("10263c"), land=parse("2a3a4e"),
    coastline=parse("0b1520"),
    series=_c("229ffa", "e15759", "33a02c", "cc79d0", "9be7d2", "edc948", "b07aa1", "ff9da7",
              "9c755f", "bab0ac"),
    trust_ramp=_c("c23b34", "e0853c", "c4ccd4", "7dbd69", "2f9e5a"),
    trade_ramp=_c("1f3a52", "2d6f8f", "3ea3b8", "8fd6d0", "e8f7f2"),
    dependency_ramp=_c("2c4a5e", "8a7a3e", "d99a2b", "e5603a", "f2a6a0"),
    member=parse("3ea3b8"), non_member=parse("34455a"),
)

COLOUR_BLIND = Palette(
    name="colour_blind",
    background=parse("0e1826"), panel=parse("162438"), panel_alt=parse("1e3048"),
    border=parse("32486a"), text=parse("f0f3f7"), muted=parse("a9b7c9"),
    accent=parse("f0e442"), primary=parse("0072b2"), good=parse("56b4e9"), bad=parse("e69f00"),
    neutral=parse("999999"), sea=parse("10263c"), land=parse("2e3b4b"),
    coastline=parse("0b1520"),
    series=_c("94e8f6", "dc6508", "79ffcf", "c35cdd", "0072b2", "e69f00", "cc79a7", "56b4e9"),
    trust_ramp=_c("b35806", "e08214", "e6e6e6", "8073ac", "542788"),
    trade_ramp=_c("00204d", "31446b", "666970", "958f78", "cbba69", "ffea46"),
    dependency_ramp=_c("1b2a4a", "3d4f7d", "8f7fb5", "e0a0c8", "fde0ef"),
    member=parse("56b4e9"), non_member=parse("3a4656"),
)


#: Okabe & Ito's colour-blind-safe palette (its yellow darkened and last), then a few more: the
#: lines and bars of charts printed on white.
PRINT_SERIES: tuple[Colour, ...] = (
    (0, 114, 178), (230, 159, 0), (0, 158, 115), (204, 121, 167), (86, 180, 233),
    (213, 94, 0), (0, 0, 0), (120, 120, 120), (150, 80, 30), (200, 180, 20),
)

#: Dark ink on white paper, with the colour-blind-safe series.
PRINT = replace(DEFAULT, name="print", background=(255, 255, 255), panel=(255, 255, 255),
                panel_alt=(236, 241, 247), border=(188, 197, 208), text=(25, 30, 40),
                muted=(90, 100, 115), accent=(0, 90, 160), good=(0, 130, 80), bad=(190, 50, 40),
                series=PRINT_SERIES)


def palette(colour_blind: bool) -> Palette:
    return COLOUR_BLIND if colour_blind else DEFAULT


def effective_scale(scale: float, size: tuple[int, int]) -> float:
    """The UI scale the window can hold: every screen needs at least 960×540 scaled pixels, so a
    large scale in a small window is reduced (at full HD, 2.0 is exact)."""
    width, height = size
    return max(0.75, min(scale, width / 960.0, height / 540.0))


@cache
def _base_theme() -> dict:
    return json.loads(THEME_FILE.read_text(encoding="utf-8"))


def font_px(name: str, scale: float) -> int:
    return max(8, round(SIZES[name] * scale))


def build_theme(scale: float, colours: Palette) -> dict:
    """The pygame_gui theme dict for a scale and a palette."""
    theme = copy.deepcopy(_base_theme())
    names = {
        "background": colours.background, "panel": colours.panel, "panel_alt": colours.panel_alt,
        "border": colours.border, "text": colours.text, "muted": colours.muted,
        "accent": colours.accent, "primary": colours.primary, "good": colours.good,
        "bad": colours.bad, "hover": _lighter(colours.panel_alt),
        "primary_hover": _lighter(colours.primary), "dark_text": parse("0e1826"),
        "disabled": mix(colours.panel, colours.background, 0.5),
        "accent_hover": _lighter(colours.accent),
    }

    def resolve(node: object) -> object:
        if isinstance(node, dict):
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, str) and node.startswith("$"):
            name, _, alpha = node[1:].partition("/")
            return hex_colour(names[name], int(alpha, 16) if alpha else None)
        if isinstance(node, str) and node.startswith("font:"):
            return str(font_px(node[5:], scale))
        if isinstance(node, str) and node.startswith("px:"):
            return ",".join(str(max(1, round(float(part.removeprefix("px:")) * scale)))
                            for part in node.split(","))
        return node

    return resolve(theme)  # type: ignore[return-value]


def _lighter(colour: Colour) -> Colour:
    return mix(colour, (255, 255, 255), 0.14)


def fonts_to_preload(scale: float) -> list[dict]:
    """Every font the theme and the HTML text boxes use (preloaded: no warnings, no stalls)."""
    result = []
    for name in SIZES:
        for style in ("regular", "bold", "italic"):
            result.append({"name": "noto_sans", "point_size": font_px(name, scale), "style": style})
    return result


def font_file(bold: bool = False) -> str:
    return os.fspath(FONT_BOLD if bold else FONT_REGULAR)

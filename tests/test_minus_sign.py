"""Issue 15, item 6: negative numbers are written with a minus sign, never a hyphen, by one
formatter (game.i18n.numbers) wherever they are shown; the window takes the sign its font draws
as a minus (pygame_gui's Noto Sans draws U+2212 as narrow as a hyphen, so the en dash). The
screens themselves are checked by the layout audit over the screenshot tour (no number with a
hyphen, ``layout_audit.hyphen_numbers``)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game.i18n import numbers, translate
from game.ui import draw, text


@pytest.fixture
def minus_sign():
    before = numbers.minus()
    yield
    numbers.use_minus(before)


def test_numbers_take_the_minus_sign_in_both_languages(minus_sign):
    numbers.use_minus(numbers.TRUE_MINUS)
    assert numbers.number(-1234.5, 1, "en") == "\u22121,234.5"
    assert numbers.number(-1234.5, 1, "id") == "\u22121.234,5"
    assert numbers.signed(-0.04, 1) == "0.0" and numbers.signed(2, 1) == "+2.0"
    assert numbers.signed(-2, 1) == "\u22122.0"
    # a value handed to a catalog text: never a hyphen, the reader's decimal mark
    assert translate("ui.par.line", "en", par=-45.25, difference=-3.0) == \
        "Par \u221245.25 · score \u2212 par \u22123"
    assert "\u221245,25" in translate("ui.par.line", "id", par=-45.25, difference=1.5)


def test_the_window_uses_a_sign_its_font_draws_as_wide_as_plus(minus_sign):
    pygame.font.init()
    sign = draw.minus_sign()
    fnt = draw.font("normal", 2.0)
    assert fnt.size(sign)[0] >= 0.8 * fnt.size("+")[0]
    assert fnt.size(sign)[0] > fnt.size("-")[0]  # unlike a hyphen
    numbers.use_minus(sign)
    text.set_language("en")
    try:
        assert text.signed(-57.7) == f"{sign}57.7"
        # the catalogs' own minus signs ("score − par") take the same sign
        assert translate("ui.par.ranked_by", "en") == f"Ranked by score {sign} par"
    finally:
        text.set_language("en")

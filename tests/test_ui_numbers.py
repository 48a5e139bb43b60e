"""Numbers as people write them, in both languages, with no "−0"."""

from __future__ import annotations

import pytest

from game.ui import text


@pytest.fixture
def language():
    yield text.set_language
    text.set_language("en")


def test_thousands_and_decimals_follow_the_language(language):
    language("en")
    assert text.number(1234.5) == "1,234.5"
    assert text.number(-2.25, 2) == "\u22122.25"
    language("id")
    assert text.number(1234.5) == "1.234,5"
    assert text.percent(0.125, 1) == "12,5%"


@pytest.mark.parametrize("value", [-0.0, -0.04, -1e-12, 0.04])
def test_a_value_that_rounds_to_zero_has_no_sign(language, value):
    language("en")
    assert text.number(value) == "0.0"
    assert text.number(value, 0) == "0"
    assert text.signed(value) == "0.0"

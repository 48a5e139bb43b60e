"""The in-game help explains the score the model really computes, and par, in both languages
(issue 13: the help still listed the old six terms after the score changed).

The help's score step is built from ``SCORE_TERMS`` and the terms' own explanations
(``explain.term.<term>``, the hover tips), so a term added to or removed from the model's score
changes the help with it; these tests keep the catalogs in step."""

from __future__ import annotations

import re

import pytest

from game.i18n import catalog
from game.model.state import SCORE_TERMS
from game.ui.scenes.help import PLAY_STEPS, play_html, score_text
from game.ui.text import language, set_language, term_name

LANGUAGES = ("en", "id")
#: What a point is: 0.1 % of welfare, written as each language writes numbers.
POINT = {"en": "0.1 %", "id": "0,1 %"}
#: The word for par, the computer and score − par in each language.
PAR_WORDS = {"en": ("par", "computer", "score − par"),
             "id": ("patokan", "komputer", "skor − patokan")}


@pytest.fixture(params=LANGUAGES)
def lang(request):
    previous = language()
    set_language(request.param)
    yield request.param
    set_language(previous)


def bullets(text: str) -> list[str]:
    return [re.sub(r"</?b>", "", line.removeprefix("&#8226; ")) for line in text.split("<br>")
            if line.startswith("&#8226; ")]


def test_the_score_help_names_every_term_of_the_score_and_no_other(lang):
    lines = bullets(score_text())
    assert [line.split(":")[0] for line in lines] == [term_name(t) for t in SCORE_TERMS]
    assert "technology" not in SCORE_TERMS and "human_capital" not in SCORE_TERMS
    # the retired terms are not named as terms anywhere in the help's score step
    retired = [term_name(t) for t in ("technology", "human_capital")]
    assert not any(line.startswith(name) for line in lines for name in retired)
    assert "+" not in catalog(lang)["ui.play.score.text"]  # no "a + b + c" formula to go stale


def test_the_catalogs_explain_exactly_the_score_terms():
    for lang in LANGUAGES:
        explained = {key.split(".")[-1] for key in catalog(lang) if key.startswith("explain.term.")}
        assert explained == set(SCORE_TERMS), lang


def test_the_help_says_what_a_point_is_and_what_welfare_counts(lang):
    texts = catalog(lang)
    assert POINT[lang] in texts["ui.play.score.text"]
    assert POINT[lang] in texts["explain.score"]
    # welfare counts only the growth above what the country would have anyway
    growth = {"en": r"\banyway\b", "id": r"\bdengan sendirinya\b"}[lang]
    assert re.search(growth, texts["explain.term.welfare"])
    assert texts["explain.term.welfare"] in bullets(score_text())


def test_the_help_explains_par(lang):
    assert "par" in PLAY_STEPS
    text = catalog(lang)["ui.play.par.text"]
    for word in PAR_WORDS[lang]:
        assert word in text.lower(), (lang, word)
    assert text in play_html((255, 255, 255))

"""A hidden game end on the screens (game.rules.ending): every screen that says "Turn 3 of 10"
says "Turn 3 of about 10" in both languages and never the turn drawn; the new-game screen and
the competition set-up choose it; the help says why."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game.classroom.competition import Competition, competition_toml, parse_competition, start_session
from game.rules.game import Game
from game.session.session import Session
from game.ui.scenes.help import PLAY_STEPS
from game.ui.testing import click, open_app, visible_texts
from game.ui.text import game_facts, set_language, turns_shown, ui

#: tutorial, seed 3, announced 3 turns: the end is drawn after turn 2 (window 1 .. 5).
SEED, ANNOUNCED = 3, 3


@pytest.fixture
def app(folders):
    application = open_app(frames=1)
    yield application
    set_language("en")
    pygame.display.quit()


@pytest.mark.parametrize("language, about", [("en", "Turn 1 of about 3"),
                                             ("id", "Giliran 1 dari sekitar 3")])
def test_the_top_bars_say_about(app, tutorial, language, about):
    set_language(language)
    game = Game(tutorial, SEED, ANNOUNCED, hidden_end=True)
    assert game.end_turn == 2 and game.last_turn == 5
    session = Session(game, ["SAM"], "normal")
    app.session, app.viewer = session, "SAM"
    app.goto("game")
    texts = " | ".join(visible_texts(app))
    assert about in texts
    assert "of 2" not in texts and "dari 2" not in texts  # never the end drawn
    app.push("projector")
    texts = " | ".join(visible_texts(app))
    year = "Year 1 of about 3" if language == "en" else "Tahun ke-1 dari sekitar 3"
    assert year in texts
    # the network client's and the browser page's text from a view
    view = {"turn": 1, "last_turn": 5, **game.end_facts()}
    assert turns_shown(view) == ui("game.about_turns", turns=3)
    assert turns_shown({"turn": 1, "last_turn": 5, "hidden_end": False}) == 5
    assert turns_shown(game_facts(Game(tutorial, SEED, ANNOUNCED))) == 3


def test_the_new_game_screen_starts_a_hidden_end_game(app):
    from game.ui.testing import buttons
    app.push("setup", scenario_id="tutorial")
    hidden = next(b for b in buttons(app) if b.text == ui("setup.end_hidden"))
    click(app, hidden)
    assert app.scene.hidden_end
    assert ui("setup.turns", turns=ui("game.about_turns", turns=app.scene.turns)) in visible_texts(app)
    app.scene.on_start()
    for _ in range(50):
        app.step([], 0.05)
        if app.session is not None:
            break
    assert app.session is not None and app.session.game.rules_of_play.hidden_end


def test_the_competition_set_up_keeps_the_choice(tutorial):
    competition = Competition(scenario="tutorial", seed=SEED, turns=ANNOUNCED, hidden_end=True,
                              teams=[{"name": "A", "country": "SAM"}])
    text = competition_toml(competition)
    assert "hidden_end = true" in text
    again = parse_competition(text)
    assert again.hidden_end is True
    session = start_session(again, tutorial)
    assert session.game.rules_of_play.hidden_end and session.game.end_turn == 2
    plain = Competition(scenario="tutorial", seed=SEED, teams=[{"name": "A", "country": "SAM"}])
    assert "# hidden_end = true" in competition_toml(plain)
    assert parse_competition(competition_toml(plain)).hidden_end is None
    assert not start_session(plain, tutorial).game.rules_of_play.hidden_end


def test_the_help_says_why_the_end_is_hidden():
    assert "hidden_end" in PLAY_STEPS
    for language in ("en", "id"):
        set_language(language)
        text = ui("play.hidden_end.text")
        assert ("about 10" in text) if language == "en" else ("sekitar 10" in text)
    set_language("en")

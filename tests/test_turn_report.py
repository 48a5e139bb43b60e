"""The turn report lists agreements made during the year, not the scenario's opening ones."""

from __future__ import annotations

from game.agents.baseline import BaselinePolicy
from game.rules.game import Game
from game.rules.protocol import play_game
from game.scenario.loading import load_scenario, resolve


def test_opening_agreements_are_not_reported_as_made_in_the_first_year():
    loaded = load_scenario(resolve("indonesia-partners"))
    opening = {spec.id for spec in loaded.scenario.agreements}
    assert len(opening) >= 2
    game = Game(loaded, 3, 2)
    policy = BaselinePolicy()
    play_game(game, {c: policy for c in game.country_ids})
    first = game.reports[0]
    assert first.turn == 1
    assert not opening & set(first.agreements_made)
    negotiated = {a.id for a in game.agreements if a.start_turn == 1 and a.id not in opening}
    assert set(first.agreements_made) == negotiated


def test_the_game_screen_marks_opening_agreements_in_force_not_new():
    loaded = load_scenario(resolve("indonesia-partners"))
    game = Game(loaded, 3, 2)
    opening = [a for a in game.agreements if a.id in game.opening]
    assert opening and not any(game.newly_made(a) for a in opening)
    policy = BaselinePolicy()
    play_game(game, {c: policy for c in game.country_ids})
    made = [a for a in game.agreements if a.id not in game.opening]
    assert made, "the baseline concludes some agreements in two years"
    assert all(game.newly_made(a) == (a.start_turn == game.turn) for a in made)

"""The AI's proposals in large scenarios: fewer partners and one level (``proposals.tried``),
so that a world phase projects a third of the candidates; small scenarios try them all."""

from __future__ import annotations

import pytest

from game.agents.ai import AINegotiator, proposals
from game.agents.personalities import DIFFICULTIES
from game.agents.projection import LOCAL_LIMIT
from game.rules.game import Game
from game.scenario.loading import load_scenario, resolve
from tests.playing import to_diplomacy


def _in_diplomacy(scenario: str) -> Game:
    return to_diplomacy(Game(load_scenario(resolve(scenario)), 1))


@pytest.fixture(scope="module")
def world() -> Game:
    return _in_diplomacy("world")


@pytest.mark.parametrize("scenario", ["tutorial", "archipelago", "indonesia-partners",
                                      "asean-plus-three"])
def test_small_scenarios_try_every_partner_and_level(scenario):
    game = _in_diplomacy(scenario)
    assert len(game.country_ids) <= LOCAL_LIMIT
    for difficulty in DIFFICULTIES.values():
        assert proposals.tried(difficulty, game) == (difficulty.partners, difficulty.levels)


def test_large_scenarios_try_fewer_partners_at_the_highest_level(world):
    assert len(world.country_ids) > LOCAL_LIMIT
    tried = {name: proposals.tried(d, world) for name, d in DIFFICULTIES.items()}
    assert tried == {"easy": (2, (0.5,)), "normal": (3, (0.8,)), "hard": (5, (1.0,))}


def test_a_world_country_proposes_to_its_first_three_partners_at_one_level(world):
    ai = AINegotiator("normal")
    country = "IDN"
    menu = ai.candidates(world, country)
    bilateral = {p for parties, _ in menu if len(parties) == 2 for p in parties} - {country}
    assert len(bilateral) == 3
    levels = {c.level for _, clauses in menu for c in clauses if not c.amount}
    assert levels == {0.8}
    assert any(len(parties) > 2 for parties, _ in menu)  # multilateral groups remain

"""For the observation tests: a game at several moments, and equality that also checks types."""

from __future__ import annotations

from collections.abc import Iterator

from game.agents.bots.controller import BotController
from game.agents.bots.examples import BUILT_IN
from game.rules.game import Game, Phase
from game.rules.protocol import Driver
from game.scenario.loading import load_scenario, resolve


def strictly_equal(one, other) -> bool:
    """Equal values of the very same types all the way down (1 is not 1.0, a tuple no list),
    dicts' keys in the same order."""
    if type(one) is not type(other):
        return False
    if type(one) is dict:
        return list(one) == list(other) and all(strictly_equal(one[k], other[k]) for k in one)
    if type(one) in (list, tuple):
        return len(one) == len(other) and all(map(strictly_equal, one, other))
    return one == other or (one != one and other != other)


def controllers(game: Game) -> dict:
    """The built-in bots of four kinds, in turn, in the game's seats."""
    kinds = ["cooperator", "opportunist", "reciprocator", "random"]
    return {c: BotController(BUILT_IN[kinds[k % 4]](), kinds[k % 4])
            for k, c in enumerate(game.country_ids)}


def states(scenario: str) -> Iterator[Game]:
    """Games at several moments: the first round, after proposals and acceptances in the
    middle of a round, compliance, and a later turn."""
    game = Game(load_scenario(resolve(scenario)), 3, 3)
    driver = Driver(game, controllers(game))
    driver._end_everyone()  # the news read: diplomacy
    yield game
    for _ in range(2):
        driver._scheduled_round(game.round)  # proposals and answers: negotiations open
        yield game
    driver.advance(until=Phase.COMPLIANCE)
    yield game
    driver.advance(one_turn=True)
    driver.advance(until=Phase.DIPLOMACY)
    yield game

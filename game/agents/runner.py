"""Drive a game with a controller for every country: the loop behind `simulate` and replays.

A controller answers ``diplomacy(game, country, round_number)`` and ``compliance(game, country)``
with lists of actions. Diplomacy runs the scenario's rounds in country order, then one more
round in which only answers are given, so that no offer goes unanswered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from game.rules import actions as act
from game.rules.game import Game, Phase


class Controller(Protocol):
    def diplomacy(self, game: Game, country: str, round_number: int) -> list[act.Action]: ...

    def compliance(self, game: Game, country: str) -> list[act.Action]: ...


def play_turn(game: Game, controllers: dict[str, Controller]) -> None:
    """Play the current turn from its news to the resolution."""
    turn = game.turn
    while not game.finished and game.turn == turn:
        if game.phase is Phase.NEWS:
            _end_phase(game)
        elif game.phase is Phase.DIPLOMACY:
            play_diplomacy(game, controllers)
            _end_phase(game)
        elif game.phase is Phase.COMPLIANCE:
            for country in game.country_ids:
                for action in controllers[country].compliance(game, country):
                    if game.legal(action) is None:
                        game.apply(action)
            _end_phase(game)


def play_diplomacy(game: Game, controllers: dict[str, Controller]) -> None:
    """The rounds of one diplomacy phase: every country in turn, each round; the last round is
    for answers only (a proposal there could not be answered). Illegal actions are dropped."""
    rounds = game.scenario.scenario.diplomacy_rounds
    for round_number in range(rounds + 1):
        for country in game.country_ids:
            for action in controllers[country].diplomacy(game, country, round_number):
                if round_number == rounds and isinstance(action, act.Propose):
                    continue
                if game.legal(action) is None:
                    game.apply(action)


def play_game(game: Game, controllers: dict[str, Controller],
              after_turn: Callable[[Game], None] | None = None) -> Game:
    """Play to the end, calling ``after_turn`` after every resolution."""
    tell_controllers(controllers)
    while not game.finished:
        play_turn(game, controllers)
        if after_turn is not None:
            after_turn(game)
    return game


def tell_controllers(controllers: dict[str, Controller]) -> None:
    """Tell each controller that wants to know (``plays``) every country it plays."""
    countries: dict[int, list[str]] = {}
    for country, controller in controllers.items():
        countries.setdefault(id(controller), []).append(country)
    for controller in {id(c): c for c in controllers.values()}.values():
        plays = getattr(controller, "plays", None)
        if plays is not None:
            plays(countries[id(controller)])


def _end_phase(game: Game) -> None:
    for country in game.waiting_for():
        game.apply(act.EndPhase(country))

"""Plain-data views of a game at a point in time, for the CLI, exports and the screen.

Everything here reads the game (its figures from the game's records, ``game.rules.records``)
and returns dicts and lists of numbers with country ids, ready for JSON; nothing changes the
game.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from game.model.state import ModelState
from game.rules.agreements import Agreement
from game.rules.game import Game
from game.rules.records import collect, country_table, records


def _matrix(array: np.ndarray) -> list[list[float]]:
    return [[float(x) for x in row] for row in array]


def country_indicators(game: Game, state: ModelState) -> dict[str, dict[str, Any]]:
    """Each country's indicators, score and weighted score terms in ``state`` (batch of one),
    from the game's records when ``state`` is a year of its history."""
    year = state.year
    if 0 <= year < len(game.history) and game.history[year] is state:
        return records(game).table(year)
    return country_table(collect(state, game.economy), game.country_ids)


def matrices(game: Game, turn: int) -> dict[str, Any]:
    """Trade, trust and dependency (partner shares) matrices after ``turn``, [i][j] in country
    order."""
    state = game.history[turn]
    year = records(game).year(turn)
    return {
        "trade": _matrix(state.exports[0]),
        "trust": _matrix(year["trust"]),
        "import_shares": _matrix(year["import_shares"]),
        "technology_shares": _matrix(year["technology_shares"]),
        "investment_shares": _matrix(year["investment_shares"]),
    }


def agreements_in_force(game: Game, turn: int) -> list[dict[str, Any]]:
    """The agreements in force during ``turn`` (turn 0: those the scenario starts with)."""
    opening = {spec.id for spec in game.scenario.agreements}

    def active(agreement: Agreement) -> bool:
        if turn == 0:
            return agreement.id in opening
        not_ended = agreement.ended_turn is None or turn <= agreement.ended_turn
        return agreement.start_turn <= turn < agreement.start_turn + agreement.duration and not_ended

    return [
        {**a.to_dict(), "type": game.agreement_type(a.parties).value}
        for a in game.agreements
        if active(a)
    ]


def turn_record(game: Game, turn: int) -> dict[str, Any]:
    """Everything about the state after ``turn`` (0 = the start)."""
    state = game.history[turn]
    report = game.reports[turn - 1] if turn >= 1 else None
    return {
        "turn": turn,
        "countries": country_indicators(game, state),
        **matrices(game, turn),
        "agreements_in_force": agreements_in_force(game, max(turn, 0)),
        "events": [e.to_dict() for e in report.events] if report else [],
        "breaches": [list(b) for b in report.breaches] if report else [],
    }


def game_record(game: Game) -> dict[str, Any]:
    """The whole game, turn by turn, with the scenario's identity and the country order."""
    info = game.scenario.scenario
    return {
        "scenario": info.id,
        "scenario_sha256": game.loaded.sha256,
        "seed": game.seed,
        "currency": {"en": info.currency.en, "id": info.currency.id},
        "country_ids": list(game.country_ids),
        "turns": [turn_record(game, t) for t in range(len(game.history))],
        "negotiations": [n.to_dict() for n in game.negotiations],
        "final_state_hash": game.state_hash(),
    }

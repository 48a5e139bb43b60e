"""A clause that an agreement in force already gives as strongly is flagged (issue 15: "trade
50 % while ATIGA's 90 % applies"); a stronger one, another direction or other parties are not."""

from __future__ import annotations

import pytest

from game.rules.agreements import Clause
from game.rules.game import Game
from game.scenario.loading import load_scenario, resolve
from game.scenario.schema import ClauseKind
from game.session.overlap import weaker_clauses

TRADE = ClauseKind.TRADE_LIBERALISATION
TECHNOLOGY = ClauseKind.TECHNOLOGY_TRANSFER


@pytest.fixture(scope="module")
def game() -> Game:
    return Game(load_scenario(resolve("indonesia-partners")), 1)


def flagged(game, parties, clauses):
    return {(w.clause.kind, w.agreement.id) for w in weaker_clauses(game, parties, tuple(clauses))}


def test_trade_below_the_free_trade_area_in_force_is_flagged(game):
    found = weaker_clauses(game, ("IDN", "MYS"), (Clause(TRADE, level=0.5),))
    assert [(w.agreement.id, w.level) for w in found] in ([("ATIGA", 0.9)],)


def test_a_stronger_clause_or_other_parties_are_not_flagged(game):
    assert flagged(game, ("IDN", "JPN"), [Clause(TRADE, level=0.5)]) == {(TRADE, "IJEPA")}
    assert flagged(game, ("IDN", "JPN"), [Clause(TRADE, level=0.7)]) == set()
    assert flagged(game, ("JPN", "KOR"), [Clause(TRADE, level=0.1)]) == set()
    # security is not in force between Indonesia and Japan
    assert flagged(game, ("IDN", "JPN"), [Clause(ClauseKind.SECURITY_COOPERATION, level=0.2)]) == set()


def test_direction_matters(game):
    weaker = Clause(TECHNOLOGY, level=0.2, giver="JPN", receiver="IDN")
    assert flagged(game, ("IDN", "JPN"), [weaker]) == {(TECHNOLOGY, "IJEPA")}
    other_way = Clause(TECHNOLOGY, level=0.2, giver="IDN", receiver="JPN")
    assert flagged(game, ("IDN", "JPN"), [other_way]) == set()
    # IJEPA's technology transfer (30 %) has a training part: a stronger one is not flagged
    stronger = Clause(TECHNOLOGY, level=0.4, giver="JPN", receiver="IDN", training=True)
    assert flagged(game, ("IDN", "JPN"), [stronger]) == set()

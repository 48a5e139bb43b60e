"""The class's shared result above trend (issue 13): Nash social welfare of each country's
welfare against a counterfactual run of the same game with only the opening agreements. With
no new agreement it is exactly nothing; a trade agreement the members keep makes it positive."""

from __future__ import annotations

from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game, Phase
from game.scenario.schema import ClauseKind
from game.session.views import nash_social_welfare

TRADE = Clause(ClauseKind.TRADE_LIBERALISATION, level=1.0)


def end_turn(game: Game) -> None:
    """Every country ends each phase until the next turn's news (clauses kept)."""
    turn = game.turn
    while game.turn == turn and game.phase is not Phase.FINISHED:
        for country in list(game.waiting_for()):
            game.apply(act.EndPhase(country))


def test_no_new_agreement_adds_nothing_above_trend(tutorial):
    game = Game(tutorial)
    for _ in range(3):
        end_turn(game)
    shared = nash_social_welfare(game)
    assert shared["above"] == 0.0
    assert shared["nash"] > 0.0  # trend growth is not cooperation


def test_a_kept_trade_agreement_shows_above_trend(tutorial):
    game = Game(tutorial)
    for country in list(game.waiting_for()):  # the news phase
        game.apply(act.EndPhase(country))
    game.apply(act.Propose("SAM", ("SAM", "KAR"), (TRADE,), 5))
    game.apply(act.Accept("KAR", game.negotiations[-1].id))
    for _ in range(3):
        end_turn(game)
    first = nash_social_welfare(game)
    assert first["above"] > 0.0
    assert nash_social_welfare(game) == first  # the counterfactual is kept, not redone

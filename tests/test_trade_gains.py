"""A trade agreement pays its members: over the AI's horizon and over ten years, both parties'
welfare term rises (the gains from trade outweigh the home sector's adjustment cost and the
tariff revenue given up), as Baier & Bergstrand and the ACR formula lead one to expect. Found by
the balance report: with a larger adjustment cost nobody ever proposed trade liberalisation."""

from __future__ import annotations

import pytest

from game.agents.projection import project_terms
from game.model.state import SCORE_TERMS
from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game
from game.scenario.loading import load_scenario, resolve
from game.scenario.schema import ClauseKind

WELFARE = SCORE_TERMS.index("welfare")


@pytest.mark.parametrize(("scenario", "parties"), [
    ("tutorial", ("SAM", "KAR")), ("tutorial", ("KAR", "AWN")), ("tutorial", ("SAM", "AWN")),
    ("indonesia-partners", ("IDN", "JPN")), ("indonesia-partners", ("IDN", "KOR")),
])
@pytest.mark.parametrize("years", [3, 10])
def test_both_members_of_a_trade_agreement_gain_welfare(scenario, parties, years):
    game = Game(load_scenario(resolve(scenario)), 1, 8)
    for country in list(game.waiting_for()):  # into diplomacy: the news phase is over
        game.apply(act.EndPhase(country))
    trade = (parties, (Clause(ClauseKind.TRADE_LIBERALISATION, level=0.9),))
    terms = project_terms(game, [trade], years)
    for country in parties:
        k = game.index[country]
        assert terms[1, k, WELFARE] > terms[0, k, WELFARE], (country, years)

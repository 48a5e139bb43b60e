"""Projecting candidate agreements: batched, and local in large scenarios."""

from __future__ import annotations

import numpy as np

from game.agents import projection
from game.agents.projection import candidate_values, project_scores, project_terms
from game.model.state import SCORE_TERMS, Compliance, Shocks
from game.model.subset import subset_economy, subset_state
from game.model.update import advance
from game.rules.agreements import Clause
from game.rules.game import Game
from game.scenario.schema import ClauseKind

TRADE = Clause(ClauseKind.TRADE_LIBERALISATION, level=0.8)
AID = Clause(ClauseKind.DEVELOPMENT_AID, amount=5.0, giver="AWN", receiver="SAM")


def test_a_subset_of_every_country_is_the_whole_model(tutorial):
    game = Game(tutorial)
    keep = np.arange(3)
    state = subset_state(game.state, keep)
    economy = subset_economy(game.economy, keep)
    provisions = game.provisions_in_force()[None]
    full = advance(game.state, game.economy, provisions, Compliance.none(3), Shocks.quiet(3))
    part = advance(state, economy, provisions, Compliance.none(3), Shocks.quiet(3))
    for name, array in full.arrays().items():
        assert np.array_equal(array, part.arrays()[name]), name


def test_candidates_are_valued_against_no_change(tutorial):
    game = Game(tutorial)
    candidates = [(("SAM", "KAR"), (TRADE,)), (("AWN", "SAM"), (AID,))]
    values = candidate_values(game, candidates)
    assert values.shape == (2, 3)
    terms = project_terms(game, candidates)
    welfare = SCORE_TERMS.index("welfare")
    sam, awn = game.index["SAM"], game.index["AWN"]
    # The donor pays for the aid in welfare, the receiver gains.
    assert terms[2, awn, welfare] < terms[0, awn, welfare]
    assert terms[2, sam, welfare] > terms[0, sam, welfare]
    assert np.array_equal(project_scores(game, candidates), terms.sum(axis=-1))


def test_local_projection_agrees_in_direction_with_the_full_model(tutorial, monkeypatch):
    game = Game(tutorial)
    candidates = [(("SAM", "KAR"), (TRADE,)), (("AWN", "SAM"), (AID,))]
    full = candidate_values(game, candidates)
    monkeypatch.setattr(projection, "LOCAL_LIMIT", 1)
    monkeypatch.setattr(projection, "LOCAL_PARTNERS", 0)
    local = candidate_values(game, candidates)
    # Only the parties are kept: outsiders get no projected change.
    alone = candidate_values(game, candidates[:1])
    assert alone[0, game.index["AWN"]] == 0.0
    for b, (parties, _) in enumerate(candidates):
        for party in parties:
            k = game.index[party]
            assert np.sign(local[b, k]) == np.sign(full[b, k])


def test_local_compliance_projection_agrees_in_direction_with_the_full_model(tutorial,
                                                                              monkeypatch):
    from game.agents.projection import compliance_values
    from game.rules import actions as act

    game = Game(tutorial)
    for _ in range(2):
        for country in game.country_ids:
            game.apply(act.EndPhase(country))
    full = compliance_values(game, "KAR")
    monkeypatch.setattr(projection, "LOCAL_LIMIT", 1)
    local = compliance_values(game, "KAR")
    assert [(v["agreement"], v["clause"]) for v in local] == [("fisheries", 0)]
    for whole, part in zip(full, local, strict=True):
        assert np.sign(whole["gain_now"]) == np.sign(part["gain_now"])
        assert np.sign(whole["trust_cost"]["SAM"]) == np.sign(part["trust_cost"]["SAM"]) == -1


def test_a_neighbourhood_keeps_the_security_its_countries_get_from_outside_it(monkeypatch):
    """Security received counts only up to a level of 1. A country covered by pacts with
    countries outside a candidate's neighbourhood gains no security from the candidate's pact,
    projected locally as on the whole model (the neighbourhood used to forget them)."""
    from game.rules import actions as act
    from game.scenario.loading import load_scenario
    from tests.conftest import SCENARIOS

    game = Game(load_scenario(SCENARIOS / "asean-plus-three.toml"), 1)
    for country in game.country_ids:
        game.apply(act.EndPhase(country))
    me, partner = "PHL", "JPN"
    pact = (Clause(ClauseKind.SECURITY_COOPERATION, level=1.0),)
    candidate = [((me, partner), pact)]
    security, index = SCORE_TERMS.index("security"), game.index[me]
    keep = projection.local_keep(game, (me, partner))
    far = [c for c in game.country_ids if game.index[c] not in keep and c != me][:2]

    def local_security() -> float:
        with monkeypatch.context() as patch:
            patch.setattr(projection, "LOCAL_LIMIT", 1)  # every projection on a neighbourhood
            found = projection.project(game, candidate)
            return float(found.changes(np.array([0]), np.array([index]))[0, security])

    assert local_security() > 0  # not covered yet: the pact adds security
    for country in far:  # covered by two full pacts from outside the neighbourhood
        game.apply(act.Propose(country, (country, me), pact, 5))
        game.apply(act.Accept(me, game.negotiations[-1].id))
    whole = project_terms(game, candidate)
    assert whole[1, index, security] == whole[0, index, security]
    assert local_security() == 0.0

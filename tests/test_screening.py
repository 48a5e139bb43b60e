"""Fast evaluation for the AI: first-order screening, local projections batched with a
neighbourhood per member, and answers worked out together for all the countries it plays."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from game.agents import projection, screening
from game.agents.ai import AINegotiator, neighbours
from game.agents.projection import local_keep, project_local, project_terms
from game.agents.screening import screen, screen_terms
from game.model import indicators
from game.model.state import SECURITY, Compliance, Shocks
from game.model.subset import gather_economy, gather_state, subset_economy, subset_state
from game.model.update import advance
from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game
from game.rules.protocol import play_game
from game.scenario.loading import load_scenario
from game.scenario.schema import ClauseKind
from tests.conftest import SCENARIOS
from tests.playing import to_diplomacy


@pytest.fixture(scope="module")
def asean() -> Game:
    return to_diplomacy(Game(load_scenario(SCENARIOS / "asean-plus-three.toml"), seed=1))


def everyone_s_candidates(game: Game, ai: AINegotiator) -> list[tuple[str, tuple]]:
    return [(c, candidate) for c in game.country_ids for candidate in ai.candidates(game, c)]


def year_screened(asean: Game, seed: int) -> tuple[Game, list, screening.UnitTable, int]:
    """A game in its first diplomacy phase with every country's proposal candidates screened,
    as the AI does when the phase opens: (game, candidates, unit table, units projected)."""
    game = Game(asean.loaded, seed=seed)
    to_diplomacy(game)
    menus = [c for _, c in everyone_s_candidates(game, AINegotiator("normal"))]
    assert not screen(game, menus, 3).exact
    table = screening.unit_table(game, 3)
    return game, menus, table, int((table.row_of >= 0).sum())


def test_screening_ranks_candidates_like_the_full_model(asean):
    ai = AINegotiator("normal")
    pairs = everyone_s_candidates(asean, ai)
    candidates = [c for _, c in pairs]
    rough = screen_terms(asean, candidates, 3)
    exact = project_terms(asean, candidates, 3)
    assert rough.shape == exact.shape
    assert not rough[0].any()  # changes only: row 0 is no candidate
    mine = np.array([asean.index[c] for c, _ in pairs])
    rows = np.arange(1, len(candidates) + 1)
    screened = rough[rows, mine].sum(axis=-1)
    full = (exact[rows, mine] - exact[0, mine]).sum(axis=-1)
    assert np.corrcoef(screened, full)[0, 1] > 0.97
    assert (np.sign(screened) == np.sign(full)).mean() > 0.97
    assert np.abs(screened - full).mean() < 0.15 * np.abs(full).mean()


def test_screening_a_batch_is_screening_each_candidate(asean):
    ai = AINegotiator("easy")
    candidates = [c for _, c in everyone_s_candidates(asean, ai)][:40]
    together = screen_terms(asean, candidates, 1)
    for b, candidate in enumerate(candidates, start=1):
        assert np.array_equal(screen_terms(asean, [candidate], 1)[1], together[b])


def test_a_unit_screened_alone_is_its_local_projection(asean):
    """A candidate of one clause at the reference level whose pair already holds kept-clause
    evidence is exactly one unit: screening it is projecting it on its neighbourhood."""
    kept = projection.kept_in_force(asean, np.arange(len(asean.index)))
    i, j = (int(k) for k in np.argwhere(kept > 0)[0])
    parties = (asean.country_ids[i], asean.country_ids[j])
    clause = Clause(ClauseKind.SECURITY_COOPERATION, level=screening.REFERENCE_LEVEL)
    game = Game(asean.loaded, seed=1)
    to_diplomacy(game)
    room = 1.0 - game.provisions_in_force()[SECURITY, i, j]
    assert room >= screening.REFERENCE_LEVEL  # within the cap: the scale is exactly one
    screened = screen_terms(game, [(parties, (clause,))], 2)[1]
    exact = project_local(game, [(parties, (clause,))], 2)[0]
    np.testing.assert_allclose(screened[exact[0]], exact[1], rtol=1e-12, atol=1e-12)
    outside = np.setdiff1d(np.arange(len(game.index)), exact[0])
    assert not screened[outside].any()


def test_candidates_whose_units_are_mostly_new_are_projected_exactly(asean):
    game = Game(asean.loaded, seed=3)
    to_diplomacy(game)
    candidates = [c for c in AINegotiator("normal").candidates(game, "IDN")
                  if len(c[1]) == 2 and c[1][0].kind is ClauseKind.EDUCATION_EXCHANGE][:1]
    assert candidates
    projected = screen(game, candidates, 3)  # one candidate with two new units
    assert projected.exact
    assert np.array_equal(projected.rows(0, len(candidates)),
                          project_terms(game, candidates, 3))
    again = screen(game, candidates, 3)  # not projected as units: still new, still exact
    assert again.exact


def test_variants_of_an_offer_are_screened_on_the_units_of_the_year(asean):
    """As the phase opens every proposal candidate is screened, projecting the year's units;
    the variants of an offer that change its levels or drop a clause then need no new unit."""
    game, menus, table, known = year_screened(asean, seed=4)
    offer = next(c for c in menus if len(c[1]) == 2 and len(c[0]) == 2)
    kinds = {c.kind for c in offer[1]}
    variants = [(offer[0], v) for v in neighbours(game, offer[1], offer[0])
                if {c.kind for c in v} <= kinds]
    assert len(variants) >= 3
    projected = screen(game, variants, 3)
    assert not projected.exact and int((table.row_of >= 0).sum()) == known


def test_gathered_neighbourhoods_are_the_subset_model(asean):
    keep = np.array([[0, 3, 5, 7, 9], [2, 1, 12, 4, 6]])
    state, economy = gather_state(asean.state, keep), gather_economy(asean.economy, keep)
    provisions = np.stack([asean.provisions_in_force()[:, k[:, None], k[None, :]] for k in keep])
    quiet = Compliance(np.zeros((2, 5, 5)), np.zeros((2, 5, 5)))
    together = advance(state, economy, provisions, quiet, Shocks.quiet(5))
    terms = indicators.score_terms(together, economy)
    for b, countries in enumerate(keep):
        alone_economy = subset_economy(asean.economy, countries)
        alone = advance(subset_state(asean.state, countries), alone_economy,
                        provisions[b : b + 1], Compliance.none(5), Shocks.quiet(5))
        assert np.array_equal(terms[b], indicators.score_terms(alone, alone_economy)[0])
        for name, array in alone.arrays().items():
            assert np.array_equal(together.arrays()[name][b], array[0]), name


def test_local_projection_is_each_candidate_on_its_own_neighbourhood(asean):
    ai = AINegotiator("normal")
    candidates = ai.candidates(asean, "THA")[:6] + ai.candidates(asean, "JPN")[-3:]
    local = project_local(asean, candidates, 2)
    for candidate, (keep, change) in zip(candidates, local, strict=True):
        parties = candidate[0]
        assert np.array_equal(keep, local_keep(asean, parties))
        assert {asean.index[p] for p in parties} <= set(keep.tolist())
        assert len(keep) == max(projection.LOCAL_SIZE, len(parties) + 4)
        # The same candidate alone on the subset model of that neighbourhood.
        provisions, kept = projection.candidate_provisions(asean, [candidate], keep)
        economy = subset_economy(asean.economy, keep)
        state = subset_state(asean.state, keep).repeat(2)
        compliance = Compliance(kept, np.zeros_like(kept))
        for _ in range(2):
            state = advance(state, economy, provisions, compliance, Shocks.quiet(len(keep)))
        alone = indicators.score_terms(state, economy)
        np.testing.assert_allclose(change, alone[1] - alone[0], rtol=0, atol=1e-12)


def test_answers_worked_out_together_come_from_the_full_model(asean):
    game = Game(asean.loaded, seed=1)
    to_diplomacy(game)
    ai = AINegotiator("normal")
    for country in game.country_ids:  # round 0: everyone proposes
        for action in ai.diplomacy(game, country, 0):
            if game.legal(action) is None:
                game.apply(action)
    waiting = [(c, n) for n in game.open_negotiations() for c in n.waiting_for
               if n.current.by != c]
    assert len(waiting) > 5
    ai = AINegotiator("normal")  # it has played every country before: it knows its own
    ai._follow(game).update(game.country_ids)
    ai.diplomacy(game, waiting[0][0], 1)  # works out every waiting answer at once
    judge = AINegotiator("normal")
    answers = Counter(country for country, _ in waiting)
    alone = 0
    for country, negotiation in waiting:
        decision = ai._answers[(negotiation.id, country, len(negotiation.offers))][1]
        expected = judge.evaluate(game, country, negotiation.parties,
                                  negotiation.current.clauses,
                                  offers_made=len(negotiation.offers))
        committed = any(country in n.accepted for n in game.open_negotiations(country))
        if answers[country] == 1 and not committed:  # valued alone, as the judge does
            assert decision.utility == pytest.approx(expected.utility, abs=1e-5)
            alone += 1
        else:  # one after another: what it signs first leaves less room for the next
            assert decision.utility <= expected.utility + 1e-5
        assert decision.accept == (decision.utility >= decision.threshold)
        assert sum(r.points for r in decision.reasons) == decision.utility
    assert alone > 0


def test_a_negotiator_playing_game_after_game_answers_like_a_new_one(asean):
    seasoned = AINegotiator("normal")
    for seed in (1, 2):
        game = Game(asean.loaded, seed=seed, turns=2)
        play_game(game, dict.fromkeys(game.country_ids, seasoned))
        again = Game(asean.loaded, seed=seed, turns=2)
        fresh = AINegotiator("normal")
        play_game(again, dict.fromkeys(again.country_ids, fresh))
        assert game.negotiations and [n.to_dict() for n in game.negotiations] == [
            n.to_dict() for n in again.negotiations]


def test_answers_leave_new_units_to_the_full_model(asean):
    """Screening an offer's variants without projecting new units marks exactly the variants
    that need one, and projects nothing; the AI confirms those with the full model."""
    game, menus, table, known = year_screened(asean, seed=5)
    offer = next(c for c in menus if len(c[0]) == 2 and len(c[1]) == 2
                 and all(not clause.directed for clause in c[1]))
    variants = [(offer[0], v) for v in neighbours(game, offer[1], offer[0])]
    met = {(clause.kind, clause.giver, clause.receiver) for c in menus if set(c[0]) == set(offer[0])
           for clause in c[1]}
    needs_new = np.array([any((clause.kind, clause.giver, clause.receiver) not in met
                              for clause in v) for _, v in variants])
    assert needs_new.any() and not needs_new.all()
    projected = screen(game, variants, 3, project_new=False)
    assert not projected.exact
    assert np.array_equal(projected.lacking, needs_new)
    assert int((table.row_of >= 0).sum()) == known  # nothing projected


def test_a_country_offered_many_security_pacts_at_once_values_them_one_after_another(asean):
    """Security received counts only up to a level of 1: offered a pact by every other
    country in one round, a country values them as if it signed them in turn, so the pacts
    after the first few bring it no security and it does not take them all."""
    game = Game(asean.loaded, seed=6)
    to_diplomacy(game)
    me = "JPN"
    pact = (Clause(ClauseKind.SECURITY_COOPERATION, level=0.8),)
    for country in game.country_ids:
        if country != me:
            action = act.Propose(country, (country, me), pact, 5)
            if game.legal(action) is None:
                game.apply(action)
    offers = [n for n in game.open_negotiations(me) if n.current.by != me]
    assert len(offers) >= 5
    ai = AINegotiator("normal")
    ai._follow(game).update(game.country_ids)
    ai.respond(game, me, offers[0])  # works out every answer of the batch
    judge = AINegotiator("normal")
    alone, together = [], []
    for negotiation in offers:
        action, decision = ai._answers[(negotiation.id, me, len(negotiation.offers))]
        points = {r.key: r.points for r in decision.reasons}
        first = judge.evaluate(game, me, negotiation.parties, pact, offers_made=1)
        alone.append({r.key: r.points for r in first.reasons}.get("security", 0.0))
        together.append(points.get("security", 0.0))
        assert sum(r.points for r in decision.reasons) == decision.utility
    assert min(alone) > 0  # each pact alone would raise its security
    assert sum(together) < 0.5 * sum(alone)  # together, most of them no longer would
    accepted = [a for a in (ai._answers[(n.id, me, len(n.offers))][0] for n in offers)
                if isinstance(a, act.Accept)]
    assert len(accepted) < len(offers)


def test_a_full_catalogue_is_replaced_for_new_tables_only(asean, monkeypatch):
    """Catalogues are bounded (long tournaments screen millions of candidates): a full one is
    replaced for the unit tables made after it, and a table made before keeps screening with
    the numbers it holds, to the same values."""
    game, menus, table, _ = year_screened(asean, seed=7)
    before = screen_terms(game, menus[:50], 3)
    monkeypatch.setattr(screening, "CATALOGUE_CANDIDATES", 10)
    _, _, other_table, _ = year_screened(asean, seed=8)
    assert other_table.catalogue is not table.catalogue
    assert np.array_equal(screen_terms(game, menus[:50], 3), before)
    assert screening.unit_table(game, 3) is table

"""Compliance in large scenarios: every computer country of world decides on every obligation
from projections on small neighbourhoods (``projection.breaches``), close to the whole-world
model, and as before where the scenario is small enough for the whole model
(``projection.compliance_terms``)."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from game.agents import projection
from game.agents.ai import HONESTY_POINTS, AINegotiator, personal_weights
from game.agents.ai.compliance import breach_changes
from game.agents.projection import (
    breaches,
    breaches_among,
    compliance_changes,
    compliance_terms,
    compliance_values,
    kept_columns,
    kept_in_force,
    neighbourhood,
)
from game.model.state import SCORE_TERMS
from game.rules.game import Game, Phase
from game.rules.protocol import play_diplomacy
from game.scenario.loading import load_scenario, resolve

#: Countries of world compared with slower projections: a member of the EU single market, a
#: small economy that imports most of its GDP, a large emerging economy, and the largest
#: economy, which transfers technology to many partners (each has obligations after the first
#: diplomacy phase: ``test_the_sample_has_obligations``).
SAMPLE = ("AUT", "LUX", "IDN", "USA")



def _in_compliance(scenario: str) -> Game:
    """A game after its first diplomacy phase played by the AI (normal, seed 1)."""
    game = Game(load_scenario(resolve(scenario)), 1)
    ai = AINegotiator("normal")
    controllers = {c: ai for c in game.country_ids}
    play_diplomacy(game, controllers)  # the news, then diplomacy
    assert game.phase is Phase.COMPLIANCE
    return game


@pytest.fixture(scope="module")
def world() -> Game:
    return _in_compliance("world")


@pytest.fixture
def fresh(world):
    """A copy of the world game as the diplomacy phase left it (nothing of compliance cached)."""
    return lambda: copy.deepcopy(world)


def previous_compliance_terms(game: Game, country: str, years: int
                              ) -> tuple[list, np.ndarray, np.ndarray]:
    """``compliance_terms`` as it was for large scenarios before ``breaches``: all the
    country's obligations in one batch on the neighbourhood of all its agreements (their
    parties and main partners), 25-34 s a turn of world. Kept to compare with."""
    obligations = game.obligations(country)
    keep = neighbourhood(game, [(a.parties, a.clauses) for a, _ in obligations]
                         or [((country,), ())])
    return breaches_among(game, country, years, keep)


def _own_changes(terms: np.ndarray, game: Game, country: str) -> np.ndarray:
    me = game.index[country]
    return terms[1:, me] - terms[0, me]


def _gains(game: Game, country: str, changes: np.ndarray) -> np.ndarray:
    """The points the AI weighs against its honesty, as ``AINegotiator.compliance`` does."""
    ai = AINegotiator("normal")
    return (breach_changes(changes) * personal_weights(ai.leaning(game, country))).sum(axis=-1)


def test_the_sample_has_obligations(world):
    assert all(world.obligations(country) for country in SAMPLE)


def test_every_computer_country_of_world_decides_on_every_obligation(fresh):
    """One decision per obligation, all legal (the time it takes is measured by
    ``benchmarks/bench_ai.py``, not here)."""
    game = fresh()
    ai = AINegotiator("normal")
    ai.plays(game.country_ids)
    obligations = sum(len(game.obligations(c)) for c in game.country_ids)
    decisions = [a for c in game.country_ids for a in ai.compliance(game, c)]
    assert len(decisions) == obligations > 300  # hundreds of obligations
    for action in decisions:
        assert game.legal(action) is None
        game.apply(action)


def test_world_values_agree_with_the_whole_world_model_closer_than_before(fresh, monkeypatch):
    """Against the whole model (every country, every obligation projected on the whole world),
    the values are within 0.5 % of welfare (five points), closer than the previous
    projection's (which left out much of a small country's trade: SMR's welfare change came out
    at 40 % of the whole model's), and every decision is the same."""
    game = fresh()
    mine = compliance_changes(game, list(SAMPLE), 3)
    previous = {c: previous_compliance_terms(game, c, 3) for c in SAMPLE}
    monkeypatch.setattr(projection, "LOCAL_LIMIT", len(game.index))  # the whole model
    trust = SCORE_TERMS.index("trust")
    errors, errors_before = [], []
    for country in SAMPLE:
        obligations, terms, _ = compliance_terms(game, country, 3)
        whole = _own_changes(terms, game, country)
        before = _own_changes(previous[country][1], game, country)
        assert [(a.id, k) for a, k in obligations] == [(a.id, k) for a, k in mine[country][0]]
        changes = mine[country][1]
        # Trust is projected on the whole world: the same up to rounding.
        assert np.abs(changes[:, trust] - whole[:, trust]).max() <= 1e-5, country
        # Within 0.5 % of welfare, as before issue 13: a point is now 0.1 % of welfare
        # (score_scale 1000, was 100), so the half point it was is five points. The breaker's
        # diversion (Π of its market, on the whole world), quality and productivity gains are in
        # ``breaker_terms``; what is left is the income the breach moves outside the
        # neighbourhood (tariffs on the outsiders' diverted sales): AUT 0.9, LUX 2.2 points.
        assert np.abs(changes - whole).max() < 5.0, country
        gains, exact, old = (_gains(game, country, c) for c in (changes, whole, before))
        errors.append(np.abs(gains - exact).mean())
        errors_before.append(np.abs(old - exact).mean())
        margin = HONESTY_POINTS * AINegotiator("normal").leaning(game, country).honesty
        assert np.array_equal(gains <= margin, exact <= margin), country
        assert np.array_equal(gains <= margin, old <= margin), country
    # Closer over the sample, not in every country: since the trust term counts 5 points a
    # unit (was 300) the errors left are welfare's, and Austria's is 0.105 points against the
    # previous 0.087 (of gains up to 6.1), while Luxembourg's is 0.83 against 1.79.
    assert sum(errors) <= sum(errors_before), (errors, errors_before)


def test_a_country_alone_gets_the_values_it_gets_with_every_other(fresh):
    alone, together = fresh(), fresh()
    everyone = breaches(together, list(together.country_ids), 3)
    for country in SAMPLE:
        found = breaches(alone, [country], 3)[country]
        assert np.array_equal(found.own, everyone[country].own), country
        assert np.array_equal(found.trust, everyone[country].trust), country


def test_the_ai_decides_from_the_values_the_compliance_screen_shows(fresh):
    game = fresh()
    ai = AINegotiator("easy")  # a horizon of one year, as the compliance screen
    ai.plays(game.country_ids)
    for country in SAMPLE:
        values = compliance_values(game, country)
        obligations, changes = compliance_changes(game, [country], 1)[country]
        assert [(v["agreement"], v["clause"]) for v in values] == [(a.id, k)
                                                                   for a, k in obligations]
        welfare = SCORE_TERMS.index("welfare")
        for value, change in zip(values, changes, strict=True):
            assert value["gain_now"] == pytest.approx(change[welfare], abs=1e-12)
            assert value["score_change"] == pytest.approx(change.sum(), abs=1e-12)
            assert all(cost < 0 for cost in value["trust_cost"].values())
        margin = HONESTY_POINTS * ai.leaning(game, country).honesty
        kept = [a.keep for a in ai.compliance(game, country)]
        assert kept == list(_gains(game, country, changes) <= margin)


def test_the_whole_world_as_neighbourhood_gives_the_whole_model(monkeypatch):
    """With every country in every neighbourhood, ``breaches`` is ``compliance_terms`` of the
    whole model up to rounding: the shifts, the levels and the trust column add up."""
    game = _in_compliance("asean-plus-three")
    n = len(game.index)
    countries = [c for c in game.country_ids if game.obligations(c)]
    assert countries
    full = {c: compliance_terms(game, c, 3) for c in countries}
    monkeypatch.setattr(projection, "LOCAL_LIMIT", 1)
    monkeypatch.setattr(projection, "BREACH_SIZE", n)
    for country in countries:
        obligations, terms, trust = compliance_terms(game, country, 3)
        assert [(a.id, k) for a, k in obligations] == [(a.id, k) for a, k in full[country][0]]
        whole_terms, whole_trust = full[country][1], full[country][2]
        assert np.abs(terms[1:] - (whole_terms[1:] - whole_terms[:1])).max() < 1e-4, country
        me = game.index[country]
        assert np.abs(trust[1:, :, me] - (whole_trust[1:, :, me] - whole_trust[:1, :, me])
                      ).max() < 1e-12, country


def test_the_kept_columns_are_those_of_the_agreements_in_force(world):
    n = len(world.index)
    assert np.array_equal(kept_columns(world, np.arange(n)),
                          kept_in_force(world, np.arange(n)).T)


def test_small_scenarios_keep_the_whole_model(monkeypatch):
    """Up to LOCAL_LIMIT countries the AI weighs exactly what ``compliance_terms`` gives."""
    game = _in_compliance("asean-plus-three")
    assert len(game.index) <= projection.LOCAL_LIMIT
    called = []
    monkeypatch.setattr(projection, "breaches", lambda *a: called.append(a))
    ai = AINegotiator("normal")
    ai.plays(game.country_ids)
    for country in game.country_ids:
        _, terms, _ = compliance_terms(game, country, 3)
        assert np.array_equal(compliance_changes(game, [country], 3)[country][1],
                              _own_changes(terms, game, country))
        margin = HONESTY_POINTS * ai.leaning(game, country).honesty
        gains = _gains(game, country, _own_changes(terms, game, country))
        assert [a.keep for a in ai.compliance(game, country)] == list(gains <= margin)
    assert not called

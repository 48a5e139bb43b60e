"""The numpy model: calibration, the sourced equations, batching, and invariants."""

from __future__ import annotations

import ast
import math
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.model import indicators
from game.model.calibration import StartingData, build, evidence_for
from game.model.parameters import Parameters, parameter_table
from game.model.state import (
    CHANNELS,
    SCORE_TERMS,
    TECHNOLOGY,
    TRADE,
    TRAINING,
    Compliance,
    Shocks,
)
from game.model.update import advance, multilateral_resistance
from game.rules.game import Game, IllegalAction
from tests.strategies import loaded, random_action, scenario_data

ROOT = Path(__file__).resolve().parents[1]


def starting_data(n: int = 4, **changes) -> StartingData:
    """A small economy with equal sector strengths and no given flows."""
    data = StartingData(
        gdp=np.linspace(100.0, 400.0, n),
        population=np.full(n, 10.0),
        growth=np.full(n, 0.03),
        tariff=np.full(n, 0.05),
        technology=np.linspace(0.3, 0.9, n),
        human_capital=np.full(n, 0.5),
        security=np.full(n, 0.5),
        stability=np.full(n, 0.7),
        productivity=np.ones((n, 3)),
        latitude=np.linspace(-10, 10, n),
        longitude=np.linspace(100, 130, n),
        given_exports=np.full((n, n), np.nan),
        investment_stock=np.zeros((n, n)),
        trust=np.full((n, n), np.nan),
        provisions=np.zeros((CHANNELS, n, n)),
        agreement_age=np.zeros((n, n)),
        weights=np.ones((n, len(SCORE_TERMS))),
    )
    return replace(data, **changes)


def run(economy, state, provisions, years, compliance=None):
    n = state.countries
    compliance = compliance or Compliance.none(n)
    for _ in range(years):
        state = advance(state, economy, provisions, compliance, Shocks.quiet(n))
    return state


def test_given_flows_are_reproduced_exactly_at_turn_zero(tutorial):
    game = Game(tutorial)
    index = game.index
    for relation in tutorial.scenario.relations:
        a, b = (index[c] for c in relation.between)
        assert game.state.exports[0, a, b] == relation.exports[0]
        assert game.state.exports[0, b, a] == relation.exports[1]


def test_modelled_flows_total_the_configured_share_of_gdp():
    data = starting_data(6)
    economy, state = build(data, Parameters())
    total = state.exports[0].sum()
    assert math.isclose(total, Parameters().modelled_trade_share * data.gdp.sum(), rel_tol=1e-9)
    # Closer pairs trade more than farther pairs of the same sizes (distance elasticity).
    assert economy.pair_factor[0, 1] > economy.pair_factor[0, 5]


def test_one_given_direction_keeps_the_other_modelled():
    given = np.full((3, 3), np.nan)
    given[0, 1] = 50.0
    _, state = build(starting_data(3, given_exports=given), Parameters())
    assert state.exports[0, 0, 1] == 50.0
    assert state.exports[0, 1, 0] > 0


def test_full_trade_agreement_doubles_trade_after_phase_in():
    """Baier & Bergstrand 2007: members' trade about doubles over ten years, relative to the
    members' trade with outsiders, once the members' export quality (which raises their sales
    in the markets opened to them) and trade diversion (Π, which lowers every supplier's sales
    to a market that opened to some) are taken out."""
    data = starting_data(3)
    economy, state = build(data, Parameters())
    provisions = np.zeros((2, CHANNELS, 3, 3))
    provisions[1, TRADE, 0, 1] = provisions[1, TRADE, 1, 0] = 1.0

    def relative(after, years):
        member = after.exports[1, 0, 1] / after.exports[0, 0, 1]
        outsider = after.exports[1, 0, 2] / after.exports[0, 0, 2]
        openness = economy.agreement_effect * np.swapaxes(provisions[:, TRADE], -1, -2) \
            * after.trade_phase
        openness = openness + np.swapaxes(provisions[:, TRADE], -1, -2) * after.trade_phase \
            * np.log(after.quality)[:, :, None]
        resistance = multilateral_resistance(openness, economy)
        diverted = resistance[1, 1] / resistance[0, 1] / (resistance[1, 2] / resistance[0, 2])
        return member / outsider * diverted / after.quality[1, 0] ** after.trade_phase[1, 0, 1]

    assert math.isclose(relative(run(economy, state.repeat(2), provisions, 10), 10), 2.0,
                        rel_tol=1e-9)
    assert math.isclose(relative(run(economy, state.repeat(2), provisions, 5), 5), 2.0**0.5,
                        rel_tol=1e-9)
    after = run(economy, state.repeat(2), provisions, 10)
    # The outsider's exports to a member fall (trade diversion); the members' quality rose.
    assert after.exports[1, 2, 0] < after.exports[0, 2, 0]
    assert after.quality[1, 0] > after.quality[0, 0]


def test_gains_from_trade_follow_the_domestic_expenditure_share():
    """Arkolakis, Costinot & Rodríguez-Clare 2012: W ∝ λ^(−1/ε)."""
    p = Parameters()
    income, population = np.array([[100.0, 100.0]]), np.array([[10.0, 10.0]])
    lam = np.array([[1.0, 0.8]])
    welfare = indicators.welfare(income, population, lam, p)
    assert math.isclose(welfare[0, 0], 10.0)
    assert math.isclose(welfare[0, 1] / welfare[0, 0], 0.8 ** (-1 / 5.0))


def test_beta_reputation_and_forgetting():
    """Jøsang & Ismail 2002: trust = (r + 1) / (r + s + 2); evidence fades by λ a year."""
    p = Parameters()
    r, s = evidence_for(np.array([0.7]), p)
    assert math.isclose((r[0] + 1) / (r[0] + s[0] + 2), 0.7)
    assert math.isclose(r[0] + s[0], p.trust_prior_evidence)
    economy, state = build(starting_data(3, trust=np.full((3, 3), 0.8)), p)
    later = run(economy, state, np.zeros((1, CHANNELS, 3, 3)), 1)
    assert math.isclose(later.trust_positive[0, 0, 1], state.trust_positive[0, 0, 1] * 0.9)


def test_broken_clause_costs_trust_most_with_the_partner_and_less_with_observers():
    economy, state = build(starting_data(3), Parameters())
    broken = np.zeros((1, 3, 3))
    broken[0, 0, 1] = 1.0  # country 1 broke a clause towards country 0
    after = run(economy, state, np.zeros((1, CHANNELS, 3, 3)), 1,
                Compliance(np.zeros((1, 3, 3)), broken))
    quiet = run(economy, state, np.zeros((1, CHANNELS, 3, 3)), 1)
    trust, trust_quiet = indicators.trust(after)[0], indicators.trust(quiet)[0]
    partner_loss = trust_quiet[0, 1] - trust[0, 1]
    observer_loss = trust_quiet[2, 1] - trust[2, 1]
    assert partner_loss > observer_loss > 0
    assert trust[0, 2] == trust_quiet[0, 2]  # nobody else is blamed


def test_concentration_is_the_herfindahl_index():
    matrix = np.array([[[0.0, 1.0, 3.0], [1.0, 0.0, 1.0], [1.0, 0.0, 0.0]]])
    hhi = indicators.concentration(matrix)[0]
    # Columns are receivers: [0] gets 1 and 1, [1] gets 1 from one partner, [2] gets 3 and 1.
    assert math.isclose(hhi[0], 0.5)
    assert math.isclose(hhi[1], 1.0)
    assert math.isclose(hhi[2], 0.75**2 + 0.25**2)


def test_training_lowers_technology_dependency():
    economy, state = build(starting_data(3), Parameters())
    provisions = np.zeros((2, CHANNELS, 3, 3))
    provisions[:, TECHNOLOGY, 2, 0] = 1.0  # the leader shares technology with country 0
    provisions[1, TRAINING, 2, 0] = 1.0  # ... with training in batch member 1
    after = run(economy, state.repeat(2), provisions, 5)
    reliance = indicators.dependency(after, economy.parameters)["technology_reliance"]
    assert reliance[1, 0] < reliance[0, 0]
    assert after.human_capital[1, 0] > after.human_capital[0, 0]
    assert after.technology[0, 0] > state.technology[0, 0]


def test_batch_members_match_single_runs_bit_for_bit():
    economy, state = build(starting_data(5), Parameters())
    rng = np.random.default_rng(3)
    provisions = rng.uniform(0, 1, (4, CHANNELS, 5, 5)) * (rng.uniform(size=(4, CHANNELS, 5, 5)) > 0.6)
    batch = run(economy, state.repeat(4), provisions, 3)
    for b in range(4):
        single = run(economy, state, provisions[b : b + 1], 3)
        for name, array in single.arrays().items():
            assert np.array_equal(array[0], batch.arrays()[name][b]), name


def test_score_terms_compare_with_the_start():
    economy, state = build(starting_data(4), Parameters())
    terms = indicators.score_terms(state, economy)
    assert np.allclose(terms, 0.0, atol=1e-12)


def test_every_parameter_has_unit_source_and_a_default_in_range():
    for row in parameter_table():
        assert row["unit"] and row["source"] and row["description"]
        assert row["minimum"] <= row["default"] <= row["maximum"], row["name"]


def test_the_yearly_update_has_no_python_loops():
    tree = ast.parse((ROOT / "game/model/update.py").read_text())
    loops = [node for node in ast.walk(tree) if isinstance(node, ast.For | ast.While
                                                            | ast.ListComp | ast.GeneratorExp)]
    assert loops == []


def test_core_packages_do_not_import_pygame():
    code = ("import sys, game.model.update, game.rules.game, game.rules.storage, "
            "game.agents.baseline, game.scenario.loading, game.tools.cli; "
            "print('pygame' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    assert out.stdout.strip() == "False"


def check_invariants(game: Game) -> None:
    state = game.state
    for name, array in state.arrays().items():
        assert np.isfinite(array).all(), name
    for name in ("exports", "investment_stock", "technology_received", "debt", "gdp",
                 "population", "income", "welfare", "trust_positive", "trust_negative"):
        assert (getattr(state, name) >= 0).all(), name
    trust = indicators.trust(state)
    assert ((trust >= 0) & (trust <= 1)).all()
    for matrix in (state.exports, state.investment_stock, state.technology_received):
        sums = indicators.partner_shares(matrix).sum(axis=-2)
        assert np.all(np.isclose(sums, 1.0) | (sums == 0.0))
    terms = game.score_terms()
    for k in range(len(game.country_ids)):
        assert game.scores()[k] == sum(terms[k].tolist()) == sum(reversed(terms[k].tolist()))
        assert game.scores()[k] == sum(sorted(terms[k].tolist()))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=scenario_data(), moves=st.data())
def test_invariants_hold_for_any_scenario_and_any_actions(data, moves):
    game = Game(loaded(data), seed=moves.draw(st.integers(0, 2**32)))
    check_invariants(game)
    for _ in range(100):
        if game.finished:
            break
        action = random_action(game, moves)
        if game.legal(action) is None:
            turn = game.turn
            game.apply(action)
            if game.turn != turn or game.finished:  # a year has passed
                check_invariants(game)
        else:
            before = game.state_hash()
            with pytest.raises(IllegalAction):
                game.apply(action)
            assert game.state_hash() == before
    check_invariants(game)


def test_docs_list_every_parameter_with_its_default():
    text = (ROOT / "docs/model.md").read_text(encoding="utf-8")
    for row in parameter_table():
        assert f"| `{row['name']}` | {row['default']:g} |" in text, row["name"]


def test_soft_loans_are_repaid_to_the_lender():
    """A loan is not a grant: its non-gift part comes back to the lender year by year."""
    from game.model.state import LOAN

    economy, state = build(starting_data(3), Parameters())
    loan = np.zeros((2, CHANNELS, 3, 3))
    loan[1, LOAN, 2, 0] = 10.0  # country 2 lends country 0 ten a year, in year 1 only
    year1 = advance(state.repeat(2), economy, loan, Compliance.none(3), Shocks.quiet(3))
    year2 = advance(year1, economy, np.zeros((2, CHANNELS, 3, 3)), Compliance.none(3),
                    Shocks.quiet(3))
    owed = 10.0 * (1 - Parameters().loan_grant_element)
    assert math.isclose(year1.debt[1, 2, 0], owed)
    assert math.isclose(year2.debt[1, 2, 0], owed * 0.9)
    assert year2.income[1, 2] > year2.income[0, 2]  # the lender is repaid
    assert year1.income[1, 0] - year1.income[0, 0] > 9.0  # the loan arrives in full

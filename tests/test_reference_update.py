"""The vectorised yearly update agrees with the plain-Python reference in ``benchmarks``.

Both implementations advance the same states with the same provisions, compliance and shocks for
several years, each on its own chain, and every array of the state must agree to 1e-9 relative.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from benchmarks import reference_update as reference
from game.model import indicators
from game.model.calibration import StartingData, build
from game.model.parameters import Parameters
from game.model.state import (
    CHANNELS,
    GRANT,
    INVESTMENT,
    LOAN,
    SCORE_TERMS,
    TECHNOLOGY,
    TRADE,
    TRAINING,
    Compliance,
    Economy,
    ModelState,
    Shocks,
)
from game.model.update import advance, gravity_exports, trade_and_welfare, trade_openness
from game.rules.game import Game
from game.scenario.loading import load_scenario

RTOL = 1e-9
ATOL = 1e-12
YEARS = 6
SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
AMOUNT_CHANNELS = (INVESTMENT, GRANT, LOAN)


def assert_states_agree(fast: ModelState, slow: ModelState, context: str) -> None:
    assert fast.year == slow.year, context
    for name, array in fast.arrays().items():
        expected = getattr(slow, name)
        assert array.shape == expected.shape, f"{context}: {name} shape"
        assert np.all(np.isfinite(array)), f"{context}: {name} not finite"
        worst = np.max(np.abs(array - expected) / np.maximum(np.abs(expected), ATOL), initial=0.0)
        assert np.allclose(array, expected, rtol=RTOL, atol=ATOL), (
            f"{context}: {name} differs (largest relative difference {worst:.3g})"
        )


def random_starting_data(rng: np.random.Generator, n: int = 12, sectors: int = 4) -> StartingData:
    """A random economy with every feature the update reads: given and modelled flows, existing
    provisions in every channel, investment stocks, trust given for some pairs."""
    off_diagonal = ~np.eye(n, dtype=bool)
    gdp = rng.uniform(20.0, 3000.0, n)
    gdp[0] = 5.0  # a very small economy whose imports hit the cap
    given = rng.uniform(0.0, 0.02, (n, n)) * np.sqrt(gdp[:, None] * gdp[None, :])
    given[1:, 0] = rng.uniform(1.0, 3.0, n - 1)  # large against GDP 5: the import cap binds
    given[rng.random((n, n)) < 0.3] = np.nan
    given[~off_diagonal] = np.nan
    trust = rng.uniform(0.1, 0.9, (n, n))
    trust[rng.random((n, n)) < 0.4] = np.nan
    provisions = np.zeros((CHANNELS, n, n))
    for channel in range(CHANNELS):
        mask = (rng.random((n, n)) < 0.35) & off_diagonal
        if channel in AMOUNT_CHANNELS:
            values = rng.uniform(0.001, 0.01, (n, n)) * gdp[:, None]
        else:
            values = rng.uniform(0.05, 1.0, (n, n))
        provisions[channel] = np.where(mask, values, 0.0)
    provisions[TRAINING] = np.minimum(provisions[TRAINING], provisions[TECHNOLOGY])
    stock = np.where(rng.random((n, n)) < 0.5, rng.uniform(0.0, 0.05, (n, n)) * gdp[:, None], 0.0)
    return StartingData(
        gdp=gdp,
        population=rng.uniform(0.5, 300.0, n),
        growth=rng.uniform(-0.01, 0.07, n),
        tariff=rng.uniform(0.0, 0.2, n),
        technology=rng.uniform(0.05, 0.95, n),
        human_capital=rng.uniform(0.1, 0.9, n),
        security=rng.uniform(0.2, 0.9, n),
        stability=rng.uniform(0.2, 0.9, n),
        productivity=rng.uniform(0.3, 2.0, (n, sectors)),
        latitude=rng.uniform(-60.0, 70.0, n),
        longitude=rng.uniform(-180.0, 180.0, n),
        given_exports=given,
        investment_stock=stock * off_diagonal,
        trust=trust,
        provisions=provisions,
        agreement_age=rng.integers(0, 15, (n, n)).astype(float),
        weights=rng.uniform(0.0, 1.5, (n, len(SCORE_TERMS))),
    )


def random_year(rng: np.random.Generator, base: np.ndarray, batch: int = 1
                ) -> tuple[np.ndarray, Compliance, Shocks]:
    """Provisions (some clauses dropped, so phases also erode), compliance with kept and broken
    counts, and shocks with every field nonzero."""
    n = base.shape[-1]
    off_diagonal = ~np.eye(n, dtype=bool)
    keep = rng.random((batch, CHANNELS, n, n)) < 0.8
    provisions = base[None] * keep
    kept = rng.integers(0, 4, (batch, n, n)) * off_diagonal
    broken = rng.integers(0, 3, (batch, n, n)) * (rng.random((batch, n, n)) < 0.3) * off_diagonal
    shocks = Shocks(
        growth=rng.uniform(-0.05, 0.03, n),
        trade=float(rng.uniform(0.05, 0.3)),
        technology=rng.uniform(0.0, 0.05, n),
        stability=rng.uniform(0.0, 0.1, n),
        security=rng.uniform(0.0, 0.1, n),
        investment=float(rng.uniform(0.1, 0.5)),
        distrust=rng.uniform(0.0, 2.0, (n, n)) * (rng.random((n, n)) < 0.2),
        pressure=rng.uniform(0.0, 2.0, n) * (rng.random(n) < 0.3),
        cut=rng.uniform(0.0, 1.0, n) * (rng.random(n) < 0.2),
        licence=rng.uniform(0.0, 1.0, n) * (rng.random(n) < 0.2),
    )
    provoked = (rng.random((batch, n, n)) < 0.3) * off_diagonal
    withheld = rng.uniform(0.0, 5.0, (batch, n)) * (rng.random((batch, n)) < 0.3)
    return provisions, Compliance(kept.astype(float), broken.astype(float),
                                  provoked.astype(float), withheld), shocks


def run_both(economy: Economy, state: ModelState, base: np.ndarray, rng: np.random.Generator,
             context: str, batch: int = 1) -> ModelState:
    fast = slow = state
    for year in range(YEARS):
        provisions, compliance, shocks = random_year(rng, base, batch)
        fast = advance(fast, economy, provisions, compliance, shocks)
        slow = reference.advance(slow, economy, provisions, compliance, shocks)
        assert_states_agree(fast, slow, f"{context}, year {year + 1}")
    return fast


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_random_economy_agrees(seed: int) -> None:
    rng = np.random.default_rng(seed)
    data = random_starting_data(rng)
    economy, state = build(data, Parameters())
    assert np.isnan(data.given_exports[~np.eye(12, dtype=bool)]).any()
    final = run_both(economy, state, data.provisions, rng, f"seed {seed}")
    # The random years really did exercise what they are meant to: the small economy's imports
    # are capped, loans left debt, technology was transferred.
    cap = economy.parameters.maximum_import_share * final.gdp[0, 0]
    assert np.isclose(final.exports[0, :, 0].sum(), cap)
    assert np.any(final.debt > 0)
    assert np.any(final.technology_received > 0)


def test_floors_and_caps_agree() -> None:
    """The limits that ordinary years rarely reach: the technology inflow capped at the largest
    gap, human capital at zero, the growth factor's floor and the income floor."""
    rng = np.random.default_rng(7)
    data = random_starting_data(rng, n=8)
    data.human_capital[2] = 0.0
    data.provisions[:, :, 2] = 0.0  # nothing received, so country 2's human capital stays at 0
    data.provisions[GRANT, 3, 4] = 2.0 * data.gdp[3]  # gives away more than its income
    parameters = Parameters(technology_transfer_rate=1.0)
    economy, state = build(data, parameters)
    provisions = data.provisions[None]
    _, compliance, shocks = random_year(rng, data.provisions)
    shocks = replace(shocks, growth=np.where(np.arange(8) == 5, -1.2, shocks.growth))  # GDP collapses
    fast = advance(state, economy, provisions, compliance, shocks)
    slow = reference.advance(state, economy, provisions, compliance, shocks)
    assert_states_agree(fast, slow, "floors and caps")
    gap = np.maximum(state.technology[0, :, None] - state.technology[0, None, :], 0.0)
    absorption = 0.5 + 0.5 * state.human_capital[0]
    uncapped = (provisions[0, TECHNOLOGY] * gap * absorption[None, :]).sum(axis=0)
    assert np.any(uncapped > gap.max(axis=0))
    assert fast.human_capital[0, 2] == 0.0
    assert np.isclose(fast.gdp[0, 5], 0.05 * state.gdp[0, 5])
    assert np.isclose(fast.income[0, 3], 0.01 * fast.gdp[0, 3])


def test_batch_members_agree() -> None:
    """A batch of three futures, each with its own provisions and compliance."""
    rng = np.random.default_rng(11)
    data = random_starting_data(rng, n=7, sectors=2)
    economy, state = build(data, Parameters())
    run_both(economy, state.repeat(3), data.provisions, rng, "batch of three", batch=3)


def test_tutorial_game_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every resolution of a tutorial game played by the baseline, with some clauses broken and
    the scenario's events: the reference gives the same next state from the same inputs."""
    from game.agents.baseline import BaselinePolicy
    from game.rules import actions as act
    from game.rules import game as game_module
    from game.rules.protocol import play_game

    checked: list[int] = []

    def checked_advance(state, economy, provisions, compliance, shocks):
        fast = advance(state, economy, provisions, compliance, shocks)
        slow = reference.advance(state, economy, provisions, compliance, shocks)
        assert_states_agree(fast, slow, f"tutorial year {fast.year}")
        checked.append(fast.year)
        return fast

    class Breaker(BaselinePolicy):
        """Breaks every third obligation in odd turns, so that trust also gets broken evidence."""

        def compliance(self, game, country):
            return [
                act.Comply(country, a.id, k, not (game.turn % 2 and number % 3 == 0))
                for number, (a, k) in enumerate(game.obligations(country))
            ]

    monkeypatch.setattr(game_module, "advance", checked_advance)
    game = Game(load_scenario(SCENARIOS / "tutorial.toml"), seed=3)
    play_game(game, dict.fromkeys(game.country_ids, Breaker()))
    assert checked == list(range(1, game.last_turn + 1))
    assert any(agreement.broken for agreement in game.agreements)
    assert any(report.events for report in game.reports)


def test_tutorial_with_shocks_agrees() -> None:
    """The tutorial's economy with its agreements in force and a random, noisy year every year."""
    rng = np.random.default_rng(5)
    game = Game(load_scenario(SCENARIOS / "tutorial.toml"), seed=1)
    base = game.provisions_in_force()
    base[TRADE] = np.maximum(base[TRADE], 0.3 * (1.0 - np.eye(base.shape[-1])))
    run_both(game.economy, game.state, base, rng, "tutorial with shocks")


def test_helpers_agree() -> None:
    """gravity_exports, trade_and_welfare and trust, called directly."""
    rng = np.random.default_rng(21)
    data = random_starting_data(rng, n=9)
    economy, state = build(data, Parameters())
    provisions = data.provisions[None]
    gdp = state.gdp * rng.uniform(0.8, 1.3, state.gdp.shape)
    quality = rng.uniform(0.9, 1.2, state.gdp.shape)
    phase = rng.uniform(0.0, 1.0, state.trade_phase.shape)
    openness = trade_openness(provisions, phase, economy)
    fast = gravity_exports(gdp, quality, openness, 0.1, economy)[0]
    slow = reference.gravity_exports(gdp[0].tolist(), quality[0].tolist(), openness[0].tolist(),
                                     0.1, economy)
    np.testing.assert_allclose(fast, slow, rtol=RTOL, atol=ATOL)

    flows = provisions[:, INVESTMENT] * 0.7
    repayments = rng.uniform(0.0, 3.0, state.debt.shape)
    fast_result = trade_and_welfare(gdp, state.population, quality, phase, state.investment_stock,
                                    provisions, flows, repayments, 0.1, economy)
    slow_result = reference.trade_and_welfare(
        gdp[0].tolist(), state.population[0].tolist(), quality[0].tolist(), phase[0].tolist(),
        state.investment_stock[0].tolist(), provisions[0].tolist(), flows[0].tolist(),
        repayments[0].tolist(), 0.1, economy,
    )
    for fast_array, slow_array in zip(fast_result, slow_result, strict=True):
        np.testing.assert_allclose(fast_array[0], slow_array, rtol=RTOL, atol=ATOL)

    fast_trust = indicators.trust(state)[0]
    slow_trust = [[reference.trust(r, s) for r, s in zip(rows, rowt, strict=True)]
                  for rows, rowt in zip(state.trust_positive[0].tolist(),
                                        state.trust_negative[0].tolist(), strict=True)]
    np.testing.assert_allclose(fast_trust, slow_trust, rtol=RTOL, atol=ATOL)


def test_benchmark_inputs_agree() -> None:
    """The benchmark's synthetic stand-in for the world scenario builds, and both
    implementations agree on it (so the speed-up compares like with like)."""
    from benchmarks.bench_model import synthetic_case

    case = synthetic_case(30)
    args = (case.state, case.economy, case.provisions, case.compliance, case.shocks)
    assert_states_agree(advance(*args), reference.advance(*args), "synthetic benchmark case")

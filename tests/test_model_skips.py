"""The yearly update skips work that cannot change a number (channels empty in the whole batch,
imports below the cap, evidence already derived from the same compliance record): every skip
must give exactly, bit for bit, what computing it would give."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from game.model.state import (
    GRANT,
    INVESTMENT,
    LOAN,
    TECHNOLOGY,
    TRADE,
    TRAINING,
    VISA,
    Compliance,
    Shocks,
)
from game.model.update import advance, capped
from game.rules.game import Game
from game.scenario.loading import load_scenario

ROOT = Path(__file__).resolve().parents[1]
#: The channels a batch skips when none of its members uses them.
SKIPPABLE = (GRANT, LOAN, TECHNOLOGY, TRAINING, VISA, INVESTMENT)


@pytest.fixture(scope="module")
def game() -> Game:
    return Game(load_scenario(ROOT / "scenarios" / "asean-plus-three.toml"), 1)


def _run(game: Game, provisions: np.ndarray, compliance: Compliance, years: int = 3,
         start=None):
    state = (start or game.state).repeat(provisions.shape[0])
    for _ in range(years):
        state = advance(state, game.economy, provisions, compliance, Shocks.quiet(state.countries))
    return state


@pytest.mark.parametrize("channel", SKIPPABLE)
def test_a_member_without_a_channel_runs_alone_as_in_a_batch_with_it(game, channel):
    """Alone, member 0 skips the channel (and the evidence of broken clauses); in a batch with
    member 1, which has it (and a broken clause), both are computed. Every other channel is
    used by both members."""
    n = len(game.index)
    rng = np.random.default_rng(5)
    full = game.provisions_in_force().copy()
    for used in (*SKIPPABLE, TRADE):
        full[used] += rng.uniform(0.0, 0.5, (n, n)) * (rng.random((n, n)) < 0.3)
    full[:, np.arange(n), np.arange(n)] = 0.0
    without = full.copy()
    without[channel] = 0.0
    provisions = np.stack([without, full])
    kept = np.repeat((full[TRADE] > 0)[None] * 1.0, 2, axis=0)
    broken = np.zeros_like(kept)
    broken[1, 0, 1] = 1.0
    # From a year with every channel in use: debts, stocks and transfers under way.
    start = _run(game, full[None], Compliance(kept[:1], broken[:1]), years=1)
    batch = _run(game, provisions, Compliance(kept, broken), start=start)
    for member in (0, 1):
        single = _run(game, provisions[member : member + 1],
                      Compliance(kept[member : member + 1], broken[member : member + 1]),
                      start=start)
        for name, array in single.arrays().items():
            assert np.array_equal(array[0], batch.arrays()[name][member]), (member, name)


def test_capping_in_place_or_not_and_below_the_cap_give_the_same_exports(game):
    economy = game.economy
    exports = np.repeat(game.state.exports, 2, axis=0)
    exports[1] *= 50.0  # far above every import cap
    gdp = np.repeat(game.state.gdp, 2, axis=0)
    scaled = capped(exports, gdp, economy.parameters)
    assert not np.array_equal(scaled[1], exports[1])
    assert np.array_equal(scaled[0], capped(exports[:1], gdp[:1], economy.parameters)[0])
    assert np.array_equal(scaled, capped(exports.copy(), gdp, economy.parameters, in_place=True))


def test_a_compliance_record_gives_the_same_evidence_however_often_it_is_used(game):
    """The evidence derived from a record is kept with it: reusing the record over years, or
    with an economy of other parameters, must give what a fresh record gives."""
    n = len(game.index)
    provisions = game.provisions_in_force()[None]
    kept = (provisions[:, TRADE] > 0) * 1.0
    record = Compliance(kept, np.zeros_like(kept))
    other = replace(game.economy,
                    parameters=replace(game.economy.parameters, keep_evidence=2.0,
                                       agreement_trade_effect=0.3))
    assert not np.array_equal(other.agreement_effect, game.economy.agreement_effect)
    for economy in (game.economy, other, game.economy):
        reused = fresh = game.state
        for _ in range(3):
            reused = advance(reused, economy, provisions, record, Shocks.quiet(n))
            fresh = advance(fresh, economy, provisions, Compliance(kept, np.zeros_like(kept)),
                            Shocks.quiet(n))
        for name, array in fresh.arrays().items():
            assert np.array_equal(array, reused.arrays()[name]), name


def test_the_gap_to_the_best_source_is_the_largest_pairwise_gap_bit_for_bit():
    """The technology update takes max_i (t_i − t_j)⁺ as (max_i t_i − t_j)⁺: equal because
    rounding is monotonic."""
    rng = np.random.default_rng(11)
    technology = rng.uniform(0.01, 1.0, (200, 13)) ** rng.uniform(0.5, 8.0, (200, 1))
    pairwise = np.maximum(technology[:, :, None] - technology[:, None, :], 0.0).max(axis=-2)
    best = np.maximum(technology.max(axis=-1, keepdims=True) - technology, 0.0)
    assert np.array_equal(pairwise, best)

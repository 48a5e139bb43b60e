"""The yearly update's fixed costs cut (model17) change no number: what a projection keeps for
its years (the visa term and its exponential, transfer rates, training shares, the aid effect,
the goodwill, the trend growth) gives, bit for bit, what computing it afresh each year gives;
``np.clip``'s own ufunc is ``np.clip``; a quality of 1.0 multiplies nothing; a state made
without the dataclass's ``__init__`` is the same state; a record without breaches serves the
years after as its ``after_breaches`` would. On random states with every channel in use."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from game.agents.projection.years import advance_years
from game.model.state import (
    CHANNELS,
    GRANT,
    LOAN,
    TECHNOLOGY,
    TRADE,
    VISA,
    Compliance,
    ModelState,
    Shocks,
)
from game.model.update import _CLIP, _kept_evidence, advance, gravity_base
from game.rules.game import Game
from game.scenario.loading import load_scenario

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def game() -> Game:
    return Game(load_scenario(ROOT / "scenarios" / "asean-plus-three.toml"), 1)


def _provisions(game: Game, batch: int, seed: int, empty: tuple[int, ...] = ()) -> np.ndarray:
    """``batch`` random sets of provisions on top of those in force, every channel in use but
    ``empty``; nothing on the diagonal."""
    n = len(game.index)
    rng = np.random.default_rng(seed)
    provisions = np.repeat(game.provisions_in_force()[None], batch, axis=0)
    provisions = provisions + rng.uniform(0.0, 0.6, (batch, CHANNELS, n, n)) * (
        rng.random((batch, CHANNELS, n, n)) < 0.3)
    provisions[:, list(empty)] = 0.0
    provisions[:, :, np.arange(n), np.arange(n)] = 0.0
    return provisions


def _random_state(game: Game, batch: int, seed: int) -> ModelState:
    """The game's state a year on under random provisions: debts, stocks, transfers and trust
    under way, different in each member."""
    provisions = _provisions(game, batch, seed + 100)
    kept = (provisions[:, TRADE] > 0) * 1.0
    return advance(game.state.repeat(batch), game.economy, provisions,
                   Compliance(kept, np.zeros_like(kept)), Shocks.quiet(len(game.index)))


def _same(left: ModelState, right: ModelState) -> None:
    for name, array in left.arrays().items():
        assert array.tobytes() == right.arrays()[name].tobytes(), name
    assert left.year == right.year


@pytest.mark.parametrize("empty", [(), (VISA,), (TECHNOLOGY,), (GRANT, LOAN),
                                   (VISA, TECHNOLOGY, GRANT, LOAN)])
@pytest.mark.parametrize("seed", [1, 2])
def test_years_with_the_kept_terms_equal_years_computed_afresh(game, empty, seed):
    n = len(game.index)
    state = _random_state(game, 6, seed)
    provisions = _provisions(game, 6, seed, empty)
    kept = (provisions[:, TRADE] > 0) * 1.0
    rng = np.random.default_rng(seed)
    outside = rng.uniform(0.0, 0.4, (6, 4, n))
    quiet = Shocks.quiet(n)
    news = Shocks(growth=rng.normal(0.0, 0.01, n), trade=0.0, technology=np.zeros(n),
                  stability=np.zeros(n), security=np.zeros(n), investment=0.0,
                  distrust=np.zeros((n, n)))
    for kept_outside in (None, outside):
        derived: dict = {}
        kept_years, fresh_years = state, state
        for year in range(3):
            shocks = news if year == 0 else quiet
            compliance = Compliance(kept, np.zeros_like(kept))
            kept_years = advance(kept_years, game.economy, provisions, compliance, shocks,
                                 derived, kept_outside)
            fresh_years = advance(fresh_years, game.economy, provisions.copy(),
                                  Compliance(kept.copy(), np.zeros_like(kept)), shocks, None,
                                  None if kept_outside is None else kept_outside.copy())
            _same(kept_years, fresh_years)


def test_the_clip_ufunc_is_np_clip():
    values = np.array([-0.0, 0.0, -1e-300, 1e-300, 0.5, 1.0, 1.0 + 1e-16, 2.0, -np.inf, np.inf,
                       np.nan, -np.nan, 0.01, 0.00999999])
    for low, high in ((0.0, 1.0), (0.01, 1.0)):
        assert _CLIP(values, low, high).tobytes() == np.clip(values, low, high).tobytes()
        inside = values.copy()
        assert _CLIP(inside, low, high, out=inside).tobytes() == np.clip(values, low, high).tobytes()


def test_a_quality_of_one_multiplies_nothing(game):
    state = _random_state(game, 4, 3)
    p = game.economy.parameters
    written_out = game.economy.pair_factor * (state.gdp ** p.origin_gdp_elasticity * 1.0)[:, :, None]
    written_out *= (state.gdp ** p.destination_gdp_elasticity)[:, None, :]
    assert gravity_base(state.gdp, 1.0, game.economy).tobytes() == written_out.tobytes()
    quality = state.quality
    with_quality = game.economy.pair_factor * (
        state.gdp ** p.origin_gdp_elasticity * quality)[:, :, None]
    with_quality *= (state.gdp ** p.destination_gdp_elasticity)[:, None, :]
    assert gravity_base(state.gdp, quality, game.economy).tobytes() == with_quality.tobytes()


def test_a_made_state_is_the_constructed_state(game):
    state = _random_state(game, 2, 4)
    values = {f.name: getattr(state, f.name) for f in fields(state)}
    made, constructed = ModelState.made(**values), ModelState(**values)
    assert made == constructed and type(made) is ModelState
    assert made.batch_size == 2 and made.countries == len(game.index)
    with pytest.raises(AttributeError):  # still frozen
        made.year = 3  # type: ignore[misc]


def test_kept_evidence_without_breaks_equals_the_masked_formula(game):
    state = _random_state(game, 3, 5)
    kept = (state.trade_phase > 0.2) * 2.0
    compliance = Compliance(kept, np.zeros_like(kept))
    p, off_diagonal = game.economy.parameters, game.economy.off_diagonal
    masked = p.keep_evidence * ((kept > 0) & (np.zeros_like(kept) == 0))
    seen = np.ones(kept.shape[-2]) @ masked
    expected = (p.observation_weight * (seen[..., None, :] - masked) + masked) * off_diagonal
    assert _kept_evidence(compliance, game.economy).tobytes() == expected.tobytes()


@pytest.mark.parametrize("broken", [False, True])
def test_a_record_without_breaches_serves_the_years_after(game, broken):
    """``advance_years`` keeps a record with nothing broken for the later years; the years
    equal those with the record's ``after_breaches`` (and with breaches it still makes it)."""
    state = _random_state(game, 5, 6)
    provisions = _provisions(game, 5, 6)
    kept = (provisions[:, TRADE] > 0) * 1.0
    broken_clauses = np.zeros_like(kept)
    if broken:
        broken_clauses[2, 0, 1] = 1.0
    compliance = Compliance(kept, broken_clauses)
    quiet = Shocks.quiet(len(game.index))
    by_hand, record = state, compliance
    for year in range(3):
        by_hand = advance(by_hand, game.economy, provisions, record, quiet)
        if year == 0:
            record = record.after_breaches()
    _same(advance_years(state, game.economy, provisions, Compliance(kept, broken_clauses), 3),
          by_hand)

"""A neighbourhood's members carry only what the yearly update and the score read (issue 17,
phase17b): projected with ``repeat_for_update`` they must give the states and score terms of
the whole repeated economy (``repeat_economy``), to the last bit."""

from __future__ import annotations

import numpy as np
import pytest

from game.agents.memo import Memo
from game.agents.projection.local import _start_rows
from game.agents.projection.years import advance_years
from game.model import indicators
from game.model.state import CHANNELS, Compliance
from game.model.subset import (
    START_READ,
    gather_economy,
    gather_for_update,
    gather_state,
    repeat_economy,
    repeat_for_update,
    repeat_members,
    start_values,
)
from game.rules.game import Game
from game.scenario.loading import load_scenario, resolve


def _members(game: Game, size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = len(game.index)
    distinct = np.sort(np.array([rng.choice(n, size, replace=False) for _ in range(7)]), axis=1)
    return distinct, rng.integers(0, len(distinct), 90)


def _project(game: Game, economy, distinct: np.ndarray, which: np.ndarray, seed: int):
    rng = np.random.default_rng(seed)
    size = distinct.shape[1]
    provisions = np.moveaxis(game.provisions_in_force()[:, distinct[:, :, None],
                                                       distinct[:, None, :]], 0, 1)[which]
    provisions = provisions + (rng.random((len(which), CHANNELS, size, size)) < 0.05) * 0.4
    kept = (rng.random((len(which), size, size)) < 0.1).astype(float)
    state = repeat_members(gather_state(game.state, distinct), which)
    state = advance_years(state, economy, provisions, Compliance(kept, np.zeros_like(kept)), 3,
                          np.zeros((len(which), 4, size)))
    return state, indicators.score_terms(state, economy)


@pytest.mark.parametrize("scenario, size", [("asean-plus-three", 6), ("asean-plus-three", 9),
                                            ("world", 6), ("world", 10)])
def test_members_projected_with_the_fields_read_are_those_with_everything(scenario, size):
    game = Game(load_scenario(resolve(scenario)), 1)
    distinct, which = _members(game, size, 5)
    whole = repeat_economy(gather_economy(game.economy, distinct), which)
    trust, dependency = _start_rows(game, distinct, [d.tobytes() for d in distinct], Memo(game))
    light = repeat_for_update(gather_for_update(game.economy, distinct, trust, dependency), which)
    chunked = repeat_for_update(gather_economy(game.economy, distinct), which)
    assert np.array_equal(light.start_foreign_share, whole.start_foreign_share)
    assert np.array_equal(light.agreement_effect, whole.agreement_effect)
    for name in START_READ:
        assert np.array_equal(getattr(light.start, name), getattr(whole.start, name)), name
    expected_state, expected_terms = _project(game, whole, distinct, which, 9)
    for economy in (light, chunked):
        state, terms = _project(game, economy, distinct, which, 9)
        assert np.array_equal(terms, expected_terms)
        for name, array in expected_state.arrays().items():
            assert np.array_equal(state.arrays()[name], array), name


def test_the_fields_nothing_reads_are_left_empty():
    game = Game(load_scenario(resolve("asean-plus-three")), 1)
    distinct, which = _members(game, 6, 2)
    light = repeat_for_update(gather_economy(game.economy, distinct), which)
    assert light.start.exports.size == 0 and light.start.investment_stock.size == 0
    assert light.complementarity.size == 0
    assert light.pair_factor.shape == (len(which), 6, 6)


@pytest.mark.parametrize("scenario, size", [("asean-plus-three", 6), ("world", 6), ("world", 9)])
def test_start_values_from_the_fields_they_read_are_those_of_the_whole_gathering(scenario, size):
    game = Game(load_scenario(resolve(scenario)), 1)
    distinct, _ = _members(game, size, 8)
    whole = gather_economy(game.economy, distinct)
    trust, dependency = start_values(game.economy, distinct)
    assert np.array_equal(trust, whole.start_trust)
    assert np.array_equal(dependency, whole.start_dependency)
    assert np.abs(dependency).sum() > 0  # something to compare

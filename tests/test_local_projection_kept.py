"""Neighbourhood projections keep what does not change from batch to batch (issue 17): each
neighbourhood's start trust and dependency (for the year) and what it receives from outside
(until an agreement is made). The values must be those computed afresh, to the last bit."""

from __future__ import annotations

import numpy as np

from game.agents.ai import AINegotiator
from game.agents.memo import Memo
from game.agents.projection import local
from game.model.subset import gather_economy, gather_known, repeat_economy
from game.rules import protocol
from game.rules.game import Game
from game.scenario.loading import load_scenario, resolve
from tests.playing import to_diplomacy


def _asean_in_diplomacy() -> Game:
    return to_diplomacy(Game(load_scenario(resolve("asean-plus-three")), 1))


def _candidates(game: Game) -> list:
    ai = AINegotiator()
    return [c for country in game.country_ids[:6] for c in ai.candidates(game, country)]


def test_kept_neighbourhood_figures_give_the_same_projection_as_computed_afresh(monkeypatch):
    game = _asean_in_diplomacy()
    candidates = _candidates(game)
    assert len(candidates) > 100
    memo = Memo(game)
    kept_first = local.project_local(game, candidates, 3, memo)
    kept_again = local.project_local(game, candidates[::-1], 3, memo)[::-1]  # from the memo
    # Afresh: every neighbourhood size down the path that computes everything in its batch.
    monkeypatch.setattr(local, "LOCAL_CHUNKED", 0)
    afresh = local.project_local(game, candidates, 3, Memo(game))
    for (keep_a, change_a), (keep_b, change_b), (keep_c, change_c) in zip(
            kept_first, kept_again, afresh, strict=True):
        assert np.array_equal(keep_a, keep_c) and np.array_equal(keep_b, keep_c)
        assert np.array_equal(change_a, change_c)
        assert np.array_equal(change_b, change_c)


def test_gathering_with_known_start_values_is_gathering_them():
    game = _asean_in_diplomacy()
    rng = np.random.default_rng(3)
    distinct = np.sort(np.array([rng.choice(13, 6, replace=False) for _ in range(9)]), axis=1)
    which = rng.integers(0, 9, 40)
    plain = repeat_economy(gather_economy(game.economy, distinct), which)
    trust, dependency = local._start_rows(game, distinct, [d.tobytes() for d in distinct],
                                          Memo(game))
    known = repeat_economy(gather_known(game.economy, distinct, trust, dependency), which)
    for name in ("pair_factor", "complementarity", "off_diagonal", "start_share",
                 "start_openness", "growth", "tariff", "weights", "world_factor",
                 "start_trust", "start_dependency"):
        assert np.array_equal(getattr(plain, name), getattr(known, name)), name
    for name, array in plain.start.arrays().items():
        assert np.array_equal(array, known.start.arrays()[name]), name


def test_what_a_neighbourhood_receives_from_outside_follows_new_agreements():
    game = _asean_in_diplomacy()
    memo = Memo(game)
    distinct = np.array([[0, 1, 2, 3, 4, 5], [2, 3, 5, 7, 8, 9]])
    codes = [d.tobytes() for d in distinct]
    before = local._outside_rows(game, distinct, codes, memo)
    assert np.array_equal(before, local.received_outside(game, distinct))
    ai = AINegotiator()
    ai.plays(game.country_ids)
    protocol.play_diplomacy(game, {c: ai for c in game.country_ids}, tell=False)
    assert game.agreements, "the AI made no agreement to change what comes from outside"
    after = local._outside_rows(game, distinct, codes, memo)
    assert not np.array_equal(after, before)  # the new agreements give these countries more
    assert np.array_equal(after, local.received_outside(game, distinct))

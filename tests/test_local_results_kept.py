"""Neighbourhood projections kept for the turn (issue 17, answers17): a candidate projected
earlier in the turn is not projected again while no agreement made since has a party in its
neighbourhood, and a candidate asked twice in one call is projected once. What comes back must
be what a fresh projection gives, to the last bit, before and after an agreement."""

from __future__ import annotations

import numpy as np
import pytest

from game.agents.ai import AINegotiator
from game.agents.memo import Memo
from game.agents.projection import local
from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game
from game.scenario.loading import load_scenario, resolve
from game.scenario.schema import ClauseKind
from tests.playing import to_diplomacy


@pytest.fixture(scope="module")
def world() -> Game:
    return to_diplomacy(Game(load_scenario(resolve("world")), 1))


def _same(first: list, second: list) -> bool:
    return all(np.array_equal(a_keep, b_keep) and np.array_equal(a, b)
               for (a_keep, a), (b_keep, b) in zip(first, second, strict=True))


def test_kept_results_are_those_projected_afresh_before_and_after_an_agreement(world, monkeypatch):
    game = world
    ai = AINegotiator()
    candidates = [c for country in game.country_ids[:12] for c in ai.candidates(game, country)]
    assert len(candidates) > 100
    projected: list[int] = []
    runs = local.local_runs

    def counted(game, keeps, *rest, **options):
        projected.append(len(keeps))
        return runs(game, keeps, *rest, **options)

    monkeypatch.setattr(local, "local_runs", counted)
    memo = Memo(game)
    asked = candidates + candidates[:40]
    small = [len(local.local_keep(game, parties, memo)) < local.LOCAL_CHUNKED
             for parties, _ in asked]
    once = len({c for c, s in zip(asked, small, strict=True) if s}) + small.count(False)
    first = local.project_local(game, asked, 3, memo)
    assert projected == [once] and once < len(asked)  # small neighbourhoods' repeated once
    assert _same(first[len(candidates):], first[:40])
    again = local.project_local(game, candidates[::-1], 3, memo)[::-1]
    large = small[:len(candidates)].count(False)
    assert projected == [once, large]  # the small ones kept: not projected again
    assert _same(again, first[:len(candidates)])

    # An agreement between a pair of the candidates' parties that some neighbourhoods hold
    # and others do not: the results of those that hold either go, the others stay.
    def holding(pair: tuple[str, ...]) -> list[int]:
        return [b for b, (keep, _) in enumerate(first[:len(candidates)])
                if {game.index[p] for p in pair} & set(keep.tolist())]

    parties = next(parties for parties, _ in candidates if len(parties) == 2
                   and 0 < len(holding(parties)) < len(candidates) // 2)
    pact = (Clause(ClauseKind.SECURITY_COOPERATION, level=1.0),)
    game.apply(act.Propose(parties[0], parties[:2], pact, 5))
    game.apply(act.Accept(parties[1], game.negotiations[-1].id))
    assert len(game.in_force()) > 0
    after = local.project_local(game, candidates, 3, memo)
    touched = holding(parties)
    assert projected[-1] == len({candidates[b] for b in touched if small[b]}) + large
    fresh = local.project_local(game, candidates, 3, Memo(game))  # nothing kept
    assert _same(after, fresh)
    assert not all(np.array_equal(after[b][1], first[b][1]) for b in touched)  # it moved them

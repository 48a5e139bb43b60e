"""The collector's freeze after each computer stretch (game/session/session.py): given back once
a turn and when the frozen objects doubled, and counted only every few stretches (counting walks
the whole frozen list: on the class host, where every team's move is a stretch, counting each
time was a quarter of the host's CPU)."""

from __future__ import annotations

import gc

import pytest

from game.rules.game import Game
from game.scenario.loading import load_scenario, resolve
from game.session import session as session_module


@pytest.fixture
def game():
    gc.unfreeze()
    yield Game(load_scenario(resolve("tutorial")), 1, 2)
    gc.unfreeze()


def _stretch(game, garbage=None):
    session_module._thaw_once_a_turn(game)
    if garbage is not None:
        garbage.append([[] for _ in range(2000)])  # tracked objects, alive: frozen next
    session_module._freeze()


def test_the_frozen_objects_are_counted_every_few_stretches_not_every_one(game, monkeypatch):
    counted = []
    real = gc.get_freeze_count
    monkeypatch.setattr(gc, "get_freeze_count", lambda: counted.append(1) or real())
    stretches = 4 * session_module.COUNT_FROZEN_EVERY
    for _ in range(stretches):
        _stretch(game)
    # one count at the first freeze after the thaw (its size), then one every COUNT_FROZEN_EVERY
    assert len(counted) <= 1 + stretches // session_module.COUNT_FROZEN_EVERY
    assert len(counted) >= stretches // session_module.COUNT_FROZEN_EVERY


def test_a_turn_whose_frozen_objects_double_is_given_back_within_a_few_stretches(game):
    garbage: list = []
    _stretch(game)  # the first stretch of the turn: a thaw, then the freeze
    first = gc.get_freeze_count()
    thawed_at = None
    for number in range(1, 10 * session_module.COUNT_FROZEN_EVERY):
        before = gc.get_freeze_count()
        session_module._thaw_once_a_turn(game)
        if gc.get_freeze_count() == 0 and before > 0:
            thawed_at = number
            break
        garbage.append([[] for _ in range(first // 4 + 1000)])
        session_module._freeze()
    # the frozen objects pass twice the first count after about four stretches; the next count
    # (every COUNT_FROZEN_EVERY stretches) sees it and gives them back
    assert thawed_at is not None
    assert thawed_at <= 4 + session_module.COUNT_FROZEN_EVERY + 1


def test_a_new_turn_gives_the_frozen_objects_back_at_once(game):
    _stretch(game)
    _stretch(game)
    assert gc.get_freeze_count() > 0
    game.turn += 1
    session_module._thaw_once_a_turn(game)
    assert gc.get_freeze_count() == 0

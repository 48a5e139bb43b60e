"""Two shortcuts of the AI's screening (rate17) that must give what the slow paths give:
screening's catalogue finds a candidate by its package object (with its parties) before
hashing its clauses, and ``projection.distinct_values`` replaces a plain ``np.unique`` (whose
first call in a process imports ``numpy.ma``, 10-28 ms of the AI's first phase)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from game.agents import screening
from game.agents.ai import AINegotiator
from game.agents.projection import distinct_values
from game.agents.screening import Catalogue
from game.rules.game import Game
from game.scenario.loading import load_scenario, resolve
from tests.playing import to_diplomacy

ROOT = Path(__file__).resolve().parents[1]


def _menu() -> tuple[Game, list]:
    game = to_diplomacy(Game(load_scenario(resolve("asean-plus-three")), 1))
    ai = AINegotiator()
    return game, [c for country in game.country_ids[:4] for c in ai.candidates(game, country)]


def _numbers(catalogue: Catalogue, candidates: list) -> list:
    """The candidate numbers a batch gives (its rows gathered by them: compared whole)."""
    return [np.asarray(part).tolist() for part in catalogue.batch(candidates)]


def test_a_candidate_found_by_its_package_object_gets_the_number_its_clauses_give():
    game, menu = _menu()
    ids = tuple(game.country_ids)
    by_object, by_value = Catalogue(ids), Catalogue(ids)
    by_object.batch(menu)
    by_value.batch(menu)
    # New candidate tuples around the same package objects (found by the object), equal
    # packages as new objects (found by their clauses), lists, and a package object met with
    # other parties (the object alone must not decide).
    swapped = [(menu[k + 1][0], menu[k][1]) for k in range(0, 60, 3)
               if menu[k + 1][0] != menu[k][0]]
    assert swapped
    again = ([(tuple(parties), clauses) for parties, clauses in menu]
             + [(parties, tuple(replace(c) for c in clauses)) for parties, clauses in menu[:40]]
             + [(list(parties), list(clauses)) for parties, clauses in menu[40:60]]
             + swapped)
    assert by_object.by_object  # the objects were kept
    assert _numbers(by_object, again) == _numbers(by_value, [
        (tuple(parties), tuple(replace(c) for c in clauses)) for parties, clauses in again])
    assert _numbers(by_object, again) == _numbers(Catalogue(ids), again)


def test_the_kept_objects_are_bounded(monkeypatch):
    game, menu = _menu()
    monkeypatch.setattr(screening, "CATALOGUE_CANDIDATES", 50)
    catalogue = Catalogue(tuple(game.country_ids))
    first = _numbers(catalogue, menu[:200])
    assert 0 < len(catalogue.by_object) <= 50
    assert _numbers(catalogue, menu[:200]) == first


def test_distinct_values_are_what_np_unique_gives():
    generator = np.random.default_rng(7)
    for values in (np.zeros(0, dtype=int), np.array([3]), generator.integers(-5, 5, 1000),
                   generator.integers(0, 10**12, (40, 3)), np.arange(10)[::-1]):
        found = distinct_values(values)
        expected = np.unique(values)
        assert found.dtype == expected.dtype
        assert np.array_equal(found, expected)


def test_an_all_ai_game_does_not_import_numpy_ma():
    """numpy 2.x imports numpy.ma inside the first plain np.unique of a process: the AI's
    first phase paid for it. A game played in a fresh process must not import it (a plain
    np.unique back in the AI's path would)."""
    script = (
        "import sys\n"
        "from game.agents.ai import AINegotiator\n"
        "from game.rules.game import Game\n"
        "from game.scenario.loading import load_scenario, resolve\n"
        "from tests.playing import to_diplomacy\n"
        "from benchmarks.bench_ai import play_diplomacy, finish_turn\n"
        "game = Game(load_scenario(resolve('asean-plus-three')), 1)\n"
        "ai = AINegotiator()\n"
        "ai.plays(game.country_ids)\n"
        "for _ in range(2):\n"
        "    to_diplomacy(game)\n"
        "    play_diplomacy(game, ai)\n"
        "    finish_turn(game, ai)\n"
        "print(len(game.agreements), 'numpy.ma' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    agreements, imported = result.stdout.split()
    assert int(agreements) > 0
    assert imported == "False"

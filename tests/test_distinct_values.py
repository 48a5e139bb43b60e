"""``projection.distinct_values`` replaces the AI's plain ``np.unique`` calls (rate17): the
first plain ``np.unique`` of a process imports ``numpy.ma`` (numpy 2.x), 10-28 ms of the AI's
first phase. It must give what ``np.unique`` gives, and a game must not import ``numpy.ma``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

from game.agents.projection import distinct_values

ROOT = Path(__file__).resolve().parents[1]


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

"""Speed of the PettingZoo environment (issue 6): run `python benchmarks/bench_env.py`.

Prints the median, mean and 95th percentile time of one ``step`` (with the ``last()`` that reads
the next observation) on asean-plus-three, every country a learner playing random allowed
actions, over whole games; also the same with one learner (the AI playing the other twelve,
its moves counted in the learner's steps). Target: median under 2 ms with every country a learner.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.env import env  # noqa: E402


def step_times(games: int = 2, turns: int | None = 3, learners: list[str] | None = None,
               scenario: str = "asean-plus-three") -> list[float]:
    """Seconds per step over ``games`` games of random allowed actions."""
    rng = np.random.default_rng(0)
    times: list[float] = []
    for game in range(games):
        environment = env(scenario=scenario, turns=turns, learners=learners)
        environment.reset(seed=game)
        observation, _, done, cut, _ = environment.last()
        while environment.agents:
            action = None if done or cut else int(rng.choice(np.flatnonzero(observation["action_mask"])))
            start = time.perf_counter()
            environment.step(action)
            if environment.agents:
                observation, _, done, cut, _ = environment.last()
            times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    print(f"{label}: {len(times)} steps, median {statistics.median(times) * 1000:.2f} ms, "
          f"mean {statistics.fmean(times) * 1000:.2f} ms, "
          f"95th percentile {ordered[int(0.95 * (len(ordered) - 1))] * 1000:.2f} ms")


def main() -> None:
    report("asean-plus-three, every country a learner", step_times())
    report("asean-plus-three, one learner (IDN) against the AI", step_times(learners=["IDN"]))


if __name__ == "__main__":
    main()

"""Speed of the built-in AI (issue 3): run `python benchmarks/bench_ai.py`.

Prints:
- candidate agreements scored per second by the batched evaluation on asean-plus-three, and the
  same evaluation written as a Python loop (one candidate at a time through the plain-Python
  reference model), with the speed-up and the largest difference between the two;
- the median time for all computer countries to play one diplomacy phase (asean-plus-three and
  world);
- complete AI-against-AI bilateral negotiations a second on asean-plus-three.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import reference_update as reference  # noqa: E402
from game.agents.ai import AINegotiator  # noqa: E402
from game.agents.projection import candidate_provisions, project_terms  # noqa: E402
from game.model import indicators  # noqa: E402
from game.model.state import Compliance, Shocks  # noqa: E402
from game.rules import actions as act  # noqa: E402
from game.rules.game import Game, Phase  # noqa: E402
from game.scenario.loading import load_scenario  # noqa: E402


def game_in_diplomacy(scenario: str, seed: int = 1) -> Game:
    game = Game(load_scenario(ROOT / "scenarios" / f"{scenario}.toml"), seed)
    for country in game.country_ids:
        game.apply(act.EndPhase(country))
    assert game.phase is Phase.DIPLOMACY
    return game


def candidates_per_second(game: Game, ai: AINegotiator, country: str) -> tuple[float, int]:
    candidates = ai.candidates(game, country)
    timings = []
    for _ in range(7):
        start = time.perf_counter()
        terms = project_terms(game, candidates, ai.difficulty.horizon)
        ai.evaluate_many(game, country, candidates, terms)
        timings.append(time.perf_counter() - start)
    return len(candidates) / statistics.median(timings), len(candidates)


def loop_evaluation(game: Game, ai: AINegotiator, country: str, count: int
                    ) -> tuple[float, float]:
    """Candidates a second through the plain-Python reference model, one at a time, and the
    largest difference from the batched projection of the same candidates."""
    candidates = ai.candidates(game, country)[:count]
    keep = np.arange(len(game.index))
    provisions, kept = candidate_provisions(game, candidates, keep)
    fast = project_terms(game, candidates, ai.difficulty.horizon)
    start = time.perf_counter()
    difference = 0.0
    for b in range(len(candidates) + 1):
        state = game.state
        compliance = Compliance(kept[b : b + 1], np.zeros_like(kept[b : b + 1]))
        for _ in range(ai.difficulty.horizon):
            state = reference.advance(state, game.economy, provisions[b : b + 1], compliance,
                                      Shocks.quiet(len(keep)))
        slow = indicators.score_terms(state, game.economy)[0]
        difference = max(difference, float(np.abs(slow - fast[b]).max()))
    elapsed = time.perf_counter() - start
    return (len(candidates) + 1) / elapsed, difference


def diplomacy_phase_time(scenario: str, repeats: int) -> float:
    timings = []
    for seed in range(repeats):
        game = game_in_diplomacy(scenario, seed)
        ai = AINegotiator()
        start = time.perf_counter()
        rounds = game.scenario.scenario.diplomacy_rounds
        for round_number in range(rounds + 1):
            for country in game.country_ids:
                for action in ai.diplomacy(game, country, round_number):
                    if game.legal(action) is None:
                        game.apply(action)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def negotiations_per_second(seconds: float = 3.0) -> float:
    game = game_in_diplomacy("asean-plus-three")
    ai = AINegotiator()
    pairs = [(a, b) for a in game.country_ids for b in game.country_ids if a < b]
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for a, b in pairs:
            proposal = ai.propose(game, a)
            if not proposal:
                proposal = [act.Propose(a, (a, b), ai.candidates(game, a)[0][1], 5)]
            copy = Game(game.loaded, game.seed)
            for country in copy.country_ids:
                copy.apply(act.EndPhase(country))
            copy.apply(proposal[0])
            negotiation = copy.negotiations[-1]
            while negotiation.status.value == "open":
                responder = next(p for p in negotiation.waiting_for
                                 if p != negotiation.current.by)
                copy.apply(ai.respond(copy, responder, negotiation))
            done += 1
            if time.perf_counter() - start >= seconds:
                break
    return done / (time.perf_counter() - start)


def main() -> None:
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}, "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    game = game_in_diplomacy("asean-plus-three")
    ai = AINegotiator()
    rate, count = candidates_per_second(game, ai, "IDN")
    loop_rate, difference = loop_evaluation(game, ai, "IDN", 12)
    print(f"asean-plus-three: {rate:,.0f} candidates a second batched ({count} candidates, "
          f"horizon {ai.difficulty.horizon}); Python loop {loop_rate:,.1f} a second; "
          f"speed-up {rate / loop_rate:,.0f}×; largest difference {difference:.2e} points")
    print(f"one diplomacy phase, all computer countries: asean-plus-three "
          f"{diplomacy_phase_time('asean-plus-three', 5) * 1000:.0f} ms; "
          f"world {diplomacy_phase_time('world', 1) * 1000:.0f} ms")
    print(f"AI-against-AI bilateral negotiations: {negotiations_per_second():.0f} a second")


if __name__ == "__main__":
    main()

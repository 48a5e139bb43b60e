"""Speed of the built-in AI (issue 3): run `python benchmarks/bench_ai.py`.

Prints, all in CPU time of this process (`time.process_time`, so that other work on the machine
moves the figures less than wall time would; wall time is printed beside where it matters):
- candidate agreements scored a second by the AI in a diplomacy phase of an all-AI game of
  asean-plus-three: the candidates it screens (first order, `game.agents.screening`) and those
  it confirms with the full model (`game.agents.projection.project`), counted as the AI calls
  them;
- the AI's evaluation of candidates (screened terms and the proposer's utility) on every
  country's proposal candidates of asean-plus-three, batched as the AI runs it and one candidate
  at a time in a Python loop (identical results), and the full model batched against the
  plain-Python reference model one candidate at a time, with the speed-ups and the largest
  differences;
- how close screening comes to the full model on every country's proposal candidates;
- the time for all computer countries to play one diplomacy phase (asean-plus-three and world):
  the first turn of a game and the median of the later turns;
- the compliance decisions of every computer country in the first turn (asean-plus-three, world);
- complete AI-against-AI bilateral negotiations a second on asean-plus-three (AI time only),
  each alone in a fresh game and inside the phases of an all-AI game.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import reference_update as reference  # noqa: E402
from game.agents import projection as projection_package  # noqa: E402
from game.agents.ai import AINegotiator  # noqa: E402
from game.agents.ai import answers as answers_module  # noqa: E402
from game.agents.ai import proposals as proposals_module  # noqa: E402
from game.agents.projection import candidate_provisions, project_terms  # noqa: E402
from game.agents.projection import years as projection_years  # noqa: E402
from game.agents.screening import screen, screen_terms  # noqa: E402
from game.model import indicators  # noqa: E402
from game.model.state import Compliance, Shocks  # noqa: E402
from game.rules import actions as act  # noqa: E402
from game.rules import protocol  # noqa: E402
from game.rules.game import Game, Phase  # noqa: E402
from game.scenario.loading import load_scenario  # noqa: E402


def new_game(scenario: str, seed: int = 1) -> Game:
    return Game(load_scenario(ROOT / "scenarios" / f"{scenario}.toml"), seed)


def to_diplomacy(game: Game) -> Game:
    while game.phase is not Phase.DIPLOMACY:
        for country in game.waiting_for():
            game.apply(act.EndPhase(country))
    return game


def game_in_diplomacy(scenario: str, seed: int = 1) -> Game:
    return to_diplomacy(new_game(scenario, seed))


def play_diplomacy(game: Game, ai: AINegotiator) -> None:
    """All computer countries play the diplomacy phase, as `game.rules.protocol` does."""
    protocol.play_diplomacy(game, {country: ai for country in game.country_ids}, tell=False)


def finish_turn(game: Game, ai: AINegotiator) -> None:
    for country in game.waiting_for():
        game.apply(act.EndPhase(country))
    while game.phase is Phase.COMPLIANCE:
        for country in game.country_ids:
            for action in ai.compliance(game, country):
                if game.legal(action) is None:
                    game.apply(action)
        for country in game.waiting_for():
            game.apply(act.EndPhase(country))


class ModelClock:
    """CPU time spent in the model's yearly update (``game.model.update.advance``) by the AI's
    projections, while installed (``with ModelClock() as clock``): the model's share of a
    phase is ``clock.seconds`` over the phase's CPU time."""

    MODULES = (projection_years, projection_package)  # where the projections call ``advance``

    def __init__(self):
        self.seconds = 0.0
        self._saved = [module.advance for module in self.MODULES]

    def __enter__(self) -> ModelClock:
        function = self._saved[0]

        def timed(*arguments, **options):
            start = time.process_time()
            try:
                return function(*arguments, **options)
            finally:
                self.seconds += time.process_time() - start

        for module in self.MODULES:
            module.advance = timed
        return self

    def __exit__(self, *exception) -> None:
        for module, saved in zip(self.MODULES, self._saved, strict=True):
            module.advance = saved


def phase_times(scenario: str, turns: int, difficulty: str = "normal", seed: int = 1
                ) -> list[tuple[float, float, float]]:
    """(CPU, wall, CPU in the model's yearly update) seconds of each diplomacy phase of an
    all-AI game."""
    game = new_game(scenario, seed)
    ai = AINegotiator(difficulty)
    ai.plays(game.country_ids)  # as the protocol's driver tells it
    times = []
    for _ in range(turns):
        to_diplomacy(game)
        with ModelClock() as clock:
            cpu, wall = time.process_time(), time.perf_counter()
            play_diplomacy(game, ai)
            times.append((time.process_time() - cpu, time.perf_counter() - wall, clock.seconds))
        finish_turn(game, ai)
    return times


class Counted:
    """Wraps one of the AI's projection functions: candidates it was given, CPU time spent."""

    def __init__(self, function):
        self.function, self.candidates, self.seconds = function, 0, 0.0

    def __call__(self, game, candidates, years, **options):
        start = time.process_time()
        result = self.function(game, candidates, years, **options)
        self.seconds += time.process_time() - start
        self.candidates += len(candidates)
        return result


def scored_in_a_phase(scenario: str, turn: int, difficulty: str = "normal"
                      ) -> tuple[Counted, Counted, float]:
    """The candidates the AI screens and confirms in the diplomacy phase of ``turn`` of an
    all-AI game, and the CPU time of the whole phase."""
    game = new_game(scenario)
    ai = AINegotiator(difficulty)
    for _ in range(turn - 1):
        to_diplomacy(game)
        play_diplomacy(game, ai)
        finish_turn(game, ai)
    to_diplomacy(game)
    screened, confirmed = Counted(answers_module.screen), Counted(answers_module.project)
    for module in (answers_module, proposals_module):  # where the AI screens and confirms
        module.screen, module.project = screened, confirmed  # type: ignore[assignment]
    try:
        start = time.process_time()
        play_diplomacy(game, ai)
        phase = time.process_time() - start
    finally:
        for module in (answers_module, proposals_module):
            module.screen, module.project = screened.function, confirmed.function
    return screened, confirmed, phase


def every_candidate(game: Game, ai: AINegotiator) -> list[tuple[str, tuple]]:
    return [(c, candidate) for c in game.country_ids for candidate in ai.candidates(game, c)]


def screening_loop(game: Game, ai: AINegotiator, repeats: int = 5
                   ) -> tuple[float, float, float, int]:
    """(batched rate, loop rate, largest difference, candidates): the AI's evaluation of every
    country's proposal candidates (screened terms and the proposer's utility, reasons
    included) in one call, against the same evaluation one candidate at a time (units
    projected beforehand in both). The batched rate is the median of ``repeats`` calls."""
    pairs = every_candidate(game, ai)
    candidates = [c for _, c in pairs]
    proposers = np.array([game.index[country] for country, _ in pairs])
    horizon = ai.difficulty.horizon
    screen(game, candidates, horizon)  # projects the units once

    def evaluate(chosen: list, who: np.ndarray) -> np.ndarray:
        screened = screen(game, chosen, horizon)
        assert not screened.exact  # screened, not projected
        return ai.valuations(game, chosen, screened, np.arange(len(chosen)), who).utility

    timings = []
    for _ in range(repeats):
        start = time.process_time()
        batched = evaluate(candidates, proposers)
        timings.append(time.process_time() - start)
    start = time.process_time()
    difference = 0.0
    for b, candidate in enumerate(candidates):
        one = evaluate([candidate], proposers[b : b + 1])
        difference = max(difference, float(abs(one[0] - batched[b])))
    slow = time.process_time() - start
    return (len(candidates) / statistics.median(timings), len(candidates) / slow, difference,
            len(candidates))


def reference_loop(game: Game, ai: AINegotiator, country: str, count: int
                   ) -> tuple[float, float, float]:
    """(batched rate, loop rate, largest difference): the full model batched over a country's
    candidates against the plain-Python reference model one candidate at a time."""
    candidates = ai.candidates(game, country)
    keep = np.arange(len(game.index))
    horizon = ai.difficulty.horizon
    timings = []
    for _ in range(5):
        start = time.process_time()
        fast = project_terms(game, candidates, horizon)
        timings.append(time.process_time() - start)
    rate = len(candidates) / statistics.median(timings)
    candidates = candidates[:count]
    provisions, kept = candidate_provisions(game, candidates, keep)
    start = time.process_time()
    difference = 0.0
    for b in range(len(candidates) + 1):
        state = game.state
        compliance = Compliance(kept[b : b + 1], np.zeros_like(kept[b : b + 1]))
        for _ in range(horizon):
            state = reference.advance(state, game.economy, provisions[b : b + 1], compliance,
                                      Shocks.quiet(len(keep)))
        slow = indicators.score_terms(state, game.economy)[0]
        difference = max(difference, float(np.abs(slow - fast[b]).max()))
    loop_rate = (len(candidates) + 1) / (time.process_time() - start)
    return rate, loop_rate, difference


def screening_accuracy(game: Game, ai: AINegotiator) -> dict[str, float]:
    """Screened against full-model utilities of every country's proposal candidates for the
    country that would propose them, and how often each country's best candidate is the same."""
    pairs = every_candidate(game, ai)
    candidates = [c for _, c in pairs]
    horizon = ai.difficulty.horizon
    screened = screen_terms(game, candidates, horizon)
    full = project_terms(game, candidates, horizon)
    rough, exact, best_same = [], [], []
    start = 0
    for country in game.country_ids:
        mine = [c for who, c in pairs if who == country]
        rows = np.r_[0, np.arange(start + 1, start + len(mine) + 1)]
        start += len(mine)
        if not mine:
            continue
        a = ai.evaluate_many(game, country, mine, screened[rows]).utility
        b = ai.evaluate_many(game, country, mine, full[rows]).utility
        rough.extend(a)
        exact.extend(b)
        best_same.append(int(np.argmax(a)) == int(np.argmax(b)))
    rough_array, exact_array = np.array(rough), np.array(exact)
    return {
        "correlation": float(np.corrcoef(rough_array, exact_array)[0, 1]),
        "mean_error": float(np.abs(rough_array - exact_array).mean()),
        "mean_size": float(np.abs(exact_array).mean()),
        "sign": float((np.sign(rough_array) == np.sign(exact_array)).mean()),
        "best_same": float(np.mean(best_same)),
        "candidates": float(len(candidates)),
    }


def negotiations_per_second(seconds: float = 3.0) -> float:
    """Bilateral negotiations played to the end by the AI on both sides, each in a fresh game
    at the start of its first diplomacy phase; only the AI's time (proposing and answering)
    is counted, not setting up the games."""
    game = game_in_diplomacy("asean-plus-three")
    ai = AINegotiator()
    pairs = [(a, b) for a in game.country_ids for b in game.country_ids if a < b]
    done = 0
    spent = 0.0
    while spent < seconds:
        for a, b in pairs:
            copy = game_in_diplomacy("asean-plus-three")
            start = time.process_time()
            proposal = [p for p in ai.propose(copy, a) if b in p.parties][:1]
            if not proposal:
                proposal = [act.Propose(a, (a, b), ai.candidates(copy, a)[0][1], 5)]
            copy.apply(proposal[0])
            negotiation = copy.negotiations[-1]
            while negotiation.status.value == "open":
                responder = next(p for p in negotiation.waiting_for
                                 if p != negotiation.current.by)
                copy.apply(ai.respond(copy, responder, negotiation))
            spent += time.process_time() - start
            done += 1
            if spent >= seconds:
                break
    return done / spent


def negotiations_in_phases(scenario: str, turns: int, seed: int = 1) -> tuple[float, int, int]:
    """(negotiations a second, negotiations, of them bilateral): every negotiation opened in
    the diplomacy phases of an all-AI game played to its end, over the CPU time of those
    phases (proposals, answers, screening and confirmations of every computer country)."""
    game = new_game(scenario, seed)
    ai = AINegotiator()
    ai.plays(game.country_ids)
    spent = 0.0
    for _ in range(turns):
        to_diplomacy(game)
        start = time.process_time()
        play_diplomacy(game, ai)
        spent += time.process_time() - start
        finish_turn(game, ai)
    ended = [n for n in game.negotiations if n.status.value != "open"]
    bilateral = sum(len(n.parties) == 2 for n in ended)
    return len(ended) / spent, len(ended), bilateral


def compliance_time(scenario: str, seed: int = 1) -> tuple[float, int]:
    """(CPU seconds, obligations): every computer country deciding to keep or break each of
    its clauses in the compliance phase of the first turn of an all-AI game (one negotiator
    playing them all), the agreements of its diplomacy phase in force."""
    game = game_in_diplomacy(scenario, seed)
    ai = AINegotiator()
    ai.plays(game.country_ids)
    play_diplomacy(game, ai)
    for country in game.waiting_for():
        game.apply(act.EndPhase(country))
    assert game.phase is Phase.COMPLIANCE
    start = time.process_time()
    decisions = [a for country in game.country_ids for a in ai.compliance(game, country)]
    return time.process_time() - start, len(decisions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world-turns", type=int, default=2, help="turns of the world game")
    parser.add_argument("--turns", type=int, default=5, help="turns of the asean game")
    options = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}, "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; CPU time of this process")
    for difficulty in ("normal", "hard"):
        screened, confirmed, phase = scored_in_a_phase("asean-plus-three", 2, difficulty)
        total = screened.candidates + confirmed.candidates
        print(f"asean-plus-three, {difficulty}, turn 2: {total:,} candidates scored in "
              f"{(screened.seconds + confirmed.seconds) * 1000:.0f} ms, "
              f"{total / (screened.seconds + confirmed.seconds):,.0f} a second "
              f"(screened {screened.candidates:,} at "
              f"{screened.candidates / max(screened.seconds, 1e-9):,.0f} a second, units "
              f"projected included; confirmed {confirmed.candidates:,} at "
              f"{confirmed.candidates / max(confirmed.seconds, 1e-9):,.0f} a second); "
              f"phase {phase * 1000:.0f} ms")
    game = game_in_diplomacy("asean-plus-three")
    ai = AINegotiator()
    rate, loop_rate, difference, count = screening_loop(game, ai)
    print(f"evaluation (screened terms and the proposer's utility) of {count:,} candidates, "
          f"units projected: {rate:,.0f} a second batched, {loop_rate:,.0f} a second one at a "
          f"time; speed-up {rate / loop_rate:,.0f}×; largest difference {difference:.1e} points")
    rate, loop_rate, difference = reference_loop(game, ai, "IDN", 12)
    print(f"full model: {rate:,.0f} candidates a second batched, reference model one at a "
          f"time {loop_rate:,.1f} a second; speed-up {rate / loop_rate:,.0f}×; largest "
          f"difference {difference:.1e} points")
    for difficulty in ("normal", "hard"):
        accuracy = screening_accuracy(game_in_diplomacy("asean-plus-three"),
                                      AINegotiator(difficulty))
        print(f"screening against the full model, {difficulty}: "
              f"{accuracy['candidates']:,.0f} candidates, correlation "
              f"{accuracy['correlation']:.4f}, mean error {accuracy['mean_error']:.3f} points "
              f"(mean utility {accuracy['mean_size']:.2f}), same sign "
              f"{accuracy['sign']:.1%}, same best candidate for {accuracy['best_same']:.0%} "
              f"of the countries")
    for scenario, turns in (("asean-plus-three", options.turns),
                            ("world", options.world_turns)):
        times = phase_times(scenario, turns)
        later = times[1:] or times
        print(f"one diplomacy phase, all computer countries, {scenario}: first turn "
              f"{times[0][0] * 1000:.0f} ms CPU ({times[0][1] * 1000:.0f} ms wall); later "
              f"turns median {statistics.median(t[0] for t in later) * 1000:.0f} ms CPU "
              f"({statistics.median(t[1] for t in later) * 1000:.0f} ms wall); the model's "
              f"yearly update {sum(t[2] for t in later) / sum(t[0] for t in later):.0%} of the "
              f"later phases' CPU")
    for scenario in ("asean-plus-three", "world"):
        seconds, obligations = compliance_time(scenario)
        print(f"compliance, all computer countries, {scenario}, first turn: {obligations:,} "
              f"obligations decided in {seconds * 1000:.0f} ms CPU")
    print(f"AI-against-AI bilateral negotiations, each alone in a fresh game: "
          f"{negotiations_per_second():.0f} a second")
    rate, count, bilateral = negotiations_in_phases("asean-plus-three", options.turns)
    print(f"AI-against-AI negotiations inside the diplomacy phases of an all-AI game of "
          f"asean-plus-three: {rate:.0f} a second ({count} negotiations, {bilateral} "
          f"bilateral, {options.turns} turns)")


if __name__ == "__main__":
    main()

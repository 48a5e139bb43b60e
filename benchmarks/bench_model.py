"""Speed of the model: ``python benchmarks/bench_model.py`` prints a small table.

Measured, for the ``asean-plus-three`` and ``world`` scenarios:

- the median time of one yearly update (``advance``, batch of one, with the provisions of the
  agreements in force and the kept-clause record they imply);
- the median of the plain-Python reference (``benchmarks/reference_update.py``) on the same
  inputs, and the speed-up;
- the time per candidate of ``advance`` on a batch of 256 (how the AI projects candidates);
- the wall time of ``python run_game.py simulate --scenario asean-plus-three --turns 15 --seed 1``
  as a subprocess, start-up included.

``--ai-calls`` (model17) times the model as the AI calls it: a child plays an all-AI game of
``--scenario`` (seed 1) and records every ``advance`` of its diplomacy phases after the first
(arguments copied); then each checkout (this one and ``--other``, alternately, ``--rounds``
times) replays them in a child, each projection's years in a row as the AI runs them, and
reports the CPU time of each call (the least of ``--repeats``), its sum, and a hash of every
state it made: the same hash means the same numbers, bit for bit, as the AI's projections.

Where a scenario file is missing (or does not load), a stand-in is used and named in the table:
``tutorial`` for asean-plus-three, a synthetic 180-country economy for world. Targets: world under
5 ms, a speed-up of at least 50× on world, the simulate run under 1 s. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import reference_update  # noqa: E402
from game.model.calibration import StartingData, build  # noqa: E402
from game.model.parameters import Parameters  # noqa: E402
from game.model.state import (  # noqa: E402
    CHANNELS,
    EDUCATION,
    GRANT,
    INVESTMENT,
    LOAN,
    SCORE_TERMS,
    SECURITY,
    TECHNOLOGY,
    TRADE,
    TRAINING,
    VISA,
    Compliance,
    Economy,
    ModelState,
    Shocks,
)
from game.model.update import advance  # noqa: E402

SCENARIOS = ROOT / "scenarios"
BATCH = 256
TARGET_WORLD_MS = 5.0
TARGET_SPEED_UP = 50.0
TARGET_SIMULATE_S = 1.0


@dataclass
class Case:
    """One benchmark input: a name, where it comes from, and the arguments of ``advance``."""

    name: str
    source: str
    economy: Economy
    state: ModelState
    provisions: np.ndarray  # (1, CHANNELS, n, n)
    compliance: Compliance
    shocks: Shocks

    @property
    def countries(self) -> int:
        return self.state.countries


# --- inputs ---------------------------------------------------------------------------------
def kept_record(provisions: np.ndarray) -> Compliance:
    """Every clause kept: [i, j] counts the channels in which j provides to i."""
    kept = (provisions[0] > 0).sum(axis=0).T.astype(float)
    return Compliance(kept=kept[None], broken=np.zeros_like(kept)[None])


def scenario_case(name: str) -> Case | None:
    """The case of a scenario file at turn 1, or None if the file is missing or does not load."""
    path = SCENARIOS / f"{name}.toml"
    if not path.exists():
        return None
    from game.rules.game import Game
    from game.scenario.loading import ScenarioError, load_scenario

    try:
        game = Game(load_scenario(path), seed=1)
    except (ScenarioError, OSError, ValueError) as error:
        print(f"note: {path.name} does not load ({error}); using a stand-in", file=sys.stderr)
        return None
    provisions = game.provisions_in_force()[None]
    return Case(name, f"scenarios/{path.name}", game.economy, game.state, provisions,
                kept_record(provisions), Shocks.quiet(len(game.country_ids)))


def synthetic_starting_data(n: int, seed: int = 0, sectors: int = 3) -> StartingData:
    """A world-sized economy: regional blocks with trade, visa and education clauses, bilateral
    investment, technology transfer, aid and security, given flows for a third of the pairs."""
    rng = np.random.default_rng(seed)
    off_diagonal = ~np.eye(n, dtype=bool)
    gdp = np.exp(rng.normal(4.0, 2.0, n))
    given = 0.002 * np.sqrt(gdp[:, None] * gdp[None, :]) * rng.lognormal(0.0, 1.0, (n, n))
    given[(rng.random((n, n)) > 0.33) | ~off_diagonal] = np.nan
    region = rng.integers(0, 12, n)
    block = (region[:, None] == region[None, :]) & off_diagonal & (rng.random((n, n)) < 0.6)
    provisions = np.zeros((CHANNELS, n, n))
    for channel in (TRADE, VISA, EDUCATION):
        provisions[channel] = block * 0.5
    for channel, size in ((INVESTMENT, 0.002), (GRANT, 0.001), (LOAN, 0.001)):
        pairs = (rng.random((n, n)) < 0.01) & off_diagonal
        provisions[channel] = pairs * size * gdp[:, None]
    for channel in (TECHNOLOGY, SECURITY):
        provisions[channel] = ((rng.random((n, n)) < 0.01) & off_diagonal) * 0.5
    provisions[TRAINING] = provisions[TECHNOLOGY] * (rng.random((n, n)) < 0.5)
    stock = ((rng.random((n, n)) < 0.05) & off_diagonal) * 0.01 * gdp[:, None]
    return StartingData(
        gdp=gdp,
        population=np.exp(rng.normal(2.0, 1.5, n)),
        growth=rng.uniform(0.0, 0.06, n),
        tariff=rng.uniform(0.0, 0.15, n),
        technology=rng.uniform(0.1, 0.95, n),
        human_capital=rng.uniform(0.2, 0.9, n),
        security=rng.uniform(0.3, 0.9, n),
        stability=rng.uniform(0.3, 0.9, n),
        productivity=rng.uniform(0.5, 1.8, (n, sectors)),
        latitude=rng.uniform(-50.0, 65.0, n),
        longitude=rng.uniform(-180.0, 180.0, n),
        given_exports=given,
        investment_stock=stock,
        trust=np.full((n, n), np.nan),
        provisions=provisions,
        agreement_age=rng.integers(0, 12, (n, n)) * block.astype(float),
        weights=np.ones((n, len(SCORE_TERMS))),
    )


def synthetic_case(n: int) -> Case:
    data = synthetic_starting_data(n)
    economy, state = build(data, Parameters())
    provisions = data.provisions[None]
    return Case(f"synthetic-{n}", f"synthetic {n}-country StartingData", economy, state,
                provisions, kept_record(provisions), Shocks.quiet(n))


def cases() -> list[Case]:
    asean = scenario_case("asean-plus-three") or scenario_case("tutorial")
    world = scenario_case("world") or synthetic_case(180)
    return [c for c in (asean, world) if c is not None]


# --- timing ---------------------------------------------------------------------------------
@dataclass
class Timing:
    """Seconds per call: the median (the figure reported) and the fastest sample."""

    median: float
    best: float
    calls: int


def median_seconds(call: Callable[[], object], budget: float, minimum_samples: int = 5,
                   maximum_samples: int = 2000) -> Timing:
    """Median time of one ``call`` over as many samples as fit in ``budget`` seconds (at least
    ``minimum_samples``); each sample times enough calls to last about a millisecond."""
    call()  # warm-up
    start = time.perf_counter()
    call()
    once = time.perf_counter() - start
    per_sample = max(1, int(1e-3 / max(once, 1e-9)))
    samples = int(min(maximum_samples, max(minimum_samples, budget / max(once * per_sample, 1e-9))))
    times = []
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(samples):
            start = time.perf_counter()
            for _ in range(per_sample):
                call()
            times.append((time.perf_counter() - start) / per_sample)
    finally:
        if enabled:
            gc.enable()
    return Timing(statistics.median(times), min(times), samples * per_sample)


def time_advance(case: Case, budget: float) -> Timing:
    return median_seconds(
        lambda: advance(case.state, case.economy, case.provisions, case.compliance, case.shocks),
        budget,
    )


def time_reference(case: Case, budget: float) -> Timing:
    return median_seconds(
        lambda: reference_update.advance(case.state, case.economy, case.provisions,
                                         case.compliance, case.shocks),
        budget, minimum_samples=3, maximum_samples=50,
    )


def time_batch(case: Case, batch: int, budget: float) -> Timing:
    """Median of ``advance`` on a batch: the state repeated, a different provisions array per
    member (as ``game.agents.projection`` builds them)."""
    state = case.state.repeat(batch)
    provisions = np.repeat(case.provisions, batch, axis=0)
    kept = np.repeat(case.compliance.kept, batch, axis=0)
    compliance = Compliance(kept=kept, broken=np.zeros_like(kept))
    return median_seconds(
        lambda: advance(state, case.economy, provisions, compliance, case.shocks),
        budget, minimum_samples=3, maximum_samples=200,
    )


def time_simulate(repeats: int) -> tuple[Timing, float, str]:
    """Median wall time of the simulate command as a subprocess (start-up included), and its
    median CPU time (user + system), which other work on the machine disturbs less."""
    scenario = "asean-plus-three" if (SCENARIOS / "asean-plus-three.toml").exists() else "tutorial"
    command = [sys.executable, "run_game.py", "simulate", "--scenario", scenario,
               "--turns", "15", "--seed", "1"]
    times, cpu = [], []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    timing = Timing(statistics.median(times), min(times), repeats)
    return timing, statistics.median(cpu), " ".join(["python", *command[1:]])


# --- report ---------------------------------------------------------------------------------
def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def revision() -> str:
    """The commit measured, with a note when the work tree has changes."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + (" with uncommitted changes" if dirty else "")


def machine() -> list[str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"CPU: {model}, {os.cpu_count()} logical cores; load average {load_average()}",
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}",
        f"revision {revision()}",
    ]


RECORD = r'''
import copy, pickle, sys
sys.path.insert(0, "."); sys.path.insert(0, "benchmarks")
from bench_ai import finish_turn
from game.agents import projection as package
from game.agents.projection import years
from game.agents.ai import AINegotiator
from game.rules import actions as act, protocol
from game.rules.game import Game, Phase
from game.scenario.loading import load_scenario, resolve
scenario, turns, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
calls, recording = [], [False]
plain = years.advance
def recorded(*arguments, **options):
    if recording[0]:
        calls.append(copy.deepcopy((arguments, options)))
    return plain(*arguments, **options)
years.advance = package.advance = recorded
game = Game(load_scenario(resolve(scenario)), 1)
ai = AINegotiator("normal")
ai.plays(game.country_ids)
for turn in range(turns):
    while game.phase is not Phase.DIPLOMACY:
        for country in game.waiting_for():
            game.apply(act.EndPhase(country))
    recording[0] = turn > 0
    protocol.play_diplomacy(game, {c: ai for c in game.country_ids}, tell=False)
    recording[0] = False
    finish_turn(game, ai)
with open(path, "wb") as file:
    pickle.dump(calls, file)
print(len(calls))
'''

REPLAY = r'''
import copy, hashlib, json, pickle, sys, time
sys.path.insert(0, ".")
from dataclasses import fields
from game.model.update import advance
with open(sys.argv[1], "rb") as file:
    calls = pickle.load(file)
repeats = int(sys.argv[2])
names = ("state", "economy", "provisions", "compliance", "shocks", "derived", "outside")
projections = []  # a projection starts where its dict of derived terms is empty
for arguments, options in calls:
    call = dict(zip(names, arguments), **options)
    if not call.get("derived"):
        projections.append([call])
    else:
        projections[-1].append(call)
least = [float("inf")] * len(calls)
digest = hashlib.sha256()
for repeat in range(repeats):
    number = 0
    for projection in projections:
        projection = copy.deepcopy(projection)  # (outside the timing)
        first = projection[0]
        state, derived = first["state"], {}
        for call in projection:  # the years in a row, as the AI runs them
            start = time.process_time()
            state = advance(state, first["economy"], first["provisions"], call["compliance"],
                            call["shocks"], derived, first.get("outside"))
            least[number] = min(least[number], time.process_time() - start)
            number += 1
            if repeat == 0:
                for field in fields(state):
                    value = getattr(state, field.name)
                    digest.update(value.tobytes() if hasattr(value, "tobytes") else repr(value).encode())
first_years = sum(t for t, (a, o) in zip(least, calls) if not dict(zip(names, a), **o).get("derived"))
print(json.dumps({"total": sum(least), "first years": first_years, "calls": len(calls),
                  "projections": len(projections), "hash": digest.hexdigest()[:16]}))
'''


def ai_calls(args: argparse.Namespace) -> int:
    """``--ai-calls``: the AI's model calls recorded once, replayed by each checkout in turn."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "calls.pickle")
        recorded = subprocess.run([sys.executable, "-c", RECORD, args.scenario, str(args.turns), path],
                                  cwd=ROOT, capture_output=True, text=True, check=True)
        print(f"{args.scenario}: {recorded.stdout.strip()} model calls recorded in the diplomacy "
              f"phases of turns 2–{args.turns} (seed 1)")
        checkouts = [("this", ROOT)] + ([("other", args.other)] if args.other else [])
        results: dict[str, list[dict]] = {name: [] for name, _ in checkouts}
        for round_number in range(args.rounds):
            order = checkouts if round_number % 2 == 0 else checkouts[::-1]
            for name, checkout in order:
                replayed = subprocess.run([sys.executable, "-c", REPLAY, path, str(args.repeats)],
                                          cwd=checkout, capture_output=True, text=True, check=True)
                results[name].append(json.loads(replayed.stdout.strip().splitlines()[-1]))
            line = " ".join(f"{name} {results[name][-1]['total'] * 1e3:.2f} ms"
                            for name, _ in checkouts)
            if args.other:
                line += f", other ÷ this {results['other'][-1]['total'] / results['this'][-1]['total']:.2f}"
            print(f"round {round_number + 1}: {line}", flush=True)
    for name, rows in results.items():
        total = statistics.median(r["total"] for r in rows)
        first = statistics.median(r["first years"] for r in rows)
        print(f"{name}: {rows[0]['calls']} calls ({rows[0]['projections']} projections) "
              f"{total * 1e3:.2f} ms (median of the sums), {total / rows[0]['calls'] * 1e3:.3f} ms "
              f"a call; first years {first * 1e3:.2f} ms; hash {rows[0]['hash']}")
    if args.other:
        ratios = [o["total"] / t["total"] for o, t in zip(results["other"], results["this"], strict=True)]
        same = {r["hash"] for rows in results.values() for r in rows}
        print(f"other ÷ this: median {statistics.median(ratios):.2f} (from {min(ratios):.2f} to "
              f"{max(ratios):.2f}); " + ("the same numbers, bit for bit" if len(same) == 1
                                         else "DIFFERENT NUMBERS"))
        return 0 if len(same) == 1 else 1
    return 0


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1e3:9.3f} ms"


def ratio(value: float) -> str:
    return f"{value:.1f}×" if value < 10 else f"{value:.0f}×"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budget", type=float, default=2.0,
                        help="seconds of timing per measurement (default 2)")
    parser.add_argument("--simulate-runs", type=int, default=5,
                        help="simulate subprocess runs (default 5)")
    parser.add_argument("--batch", type=int, default=BATCH, help=f"batch size (default {BATCH})")
    parser.add_argument("--ai-calls", action="store_true",
                        help="the model as the AI calls it, recorded and replayed (see above)")
    parser.add_argument("--scenario", default="asean-plus-three", help="with --ai-calls")
    parser.add_argument("--turns", type=int, default=3, help="with --ai-calls")
    parser.add_argument("--other", type=Path, help="with --ai-calls: another checkout (say main)")
    parser.add_argument("--rounds", type=int, default=6, help="with --ai-calls")
    parser.add_argument("--repeats", type=int, default=10,
                        help="with --ai-calls: replays a round, the least time of each call kept")
    args = parser.parse_args(argv)
    if args.ai_calls:
        return ai_calls(args)

    for line in machine():
        print(line)
    print()
    header = (f"{'case':<18} {'n':>4} {'advance B=1':>12} {'reference':>12} {'speed-up':>9} "
              f"{f'B={args.batch} / cand.':>14} {f'B={args.batch} total':>13}")
    print(header)
    print("-" * len(header))
    results = {}
    for case in cases():
        fast = time_advance(case, args.budget)
        slow = time_reference(case, args.budget)
        batch = time_batch(case, args.batch, args.budget)
        results[case.name] = (fast, slow, batch)
        print(f"{case.name:<18} {case.countries:>4} {milliseconds(fast.median):>12} "
              f"{milliseconds(slow.median):>12} {ratio(slow.median / fast.median):>9} "
              f"{milliseconds(batch.median / args.batch):>14} {milliseconds(batch.median):>13}")
        print(f"{'  fastest sample':<23} {milliseconds(fast.best):>12} {milliseconds(slow.best):>12} "
              f"{ratio(slow.best / fast.best):>9} {milliseconds(batch.best / args.batch):>14} "
              f"{milliseconds(batch.best):>13}")
        print(f"  ({case.source}; calls timed: {fast.calls} advance, {slow.calls} reference, "
              f"{batch.calls} batched)")
    simulate, cpu, command = time_simulate(args.simulate_runs)
    print()
    print(f"{command}: {simulate.median:.3f} s wall, median of {args.simulate_runs} "
          f"(fastest {simulate.best:.3f} s; CPU time {cpu:.3f} s)")
    print()
    world = next((name for name in results if name == "world" or name.startswith("synthetic")), None)
    if world is not None:
        fast, slow, _ = results[world]
        print(f"target: {world} advance < {TARGET_WORLD_MS:g} ms: {fast.median * 1e3:.2f} ms, "
              f"{verdict(fast.median * 1e3 < TARGET_WORLD_MS)}")
        speed_up = slow.median / fast.median
        print(f"target: {world} speed-up ≥ {TARGET_SPEED_UP:g}×: {ratio(speed_up)}, "
              f"{verdict(speed_up >= TARGET_SPEED_UP)}")
    print(f"target: simulate < {TARGET_SIMULATE_S:g} s: {simulate.median:.3f} s, "
          f"{verdict(simulate.median < TARGET_SIMULATE_S)}")
    print(f"load average at the end: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Complete negotiations a second: the built-in AI against NegMAS 0.16's SAO protocol, in the
same run (issue 17): `python benchmarks/bench_negmas.py`.

NegMAS is never a dependency of the game: this script makes a separate virtual environment
(``--venv``, under /tmp by default) and installs ``negmas==0.16.0`` into it with pip the first
time, then runs NegMAS there in a child process. The NegMAS side: bilateral SAO negotiations
between two ``AspirationNegotiator`` agents with random linear additive utilities over three
issues of ten values (100 steps at most), played one after another for ``--seconds`` of CPU.
The game's side (``benchmarks/bench_ai.py``): complete AI-against-AI negotiations inside the
diplomacy phases of an all-AI game of asean-plus-three, and bilateral negotiations each alone
in a fresh game. The two are run alternately ``--rounds`` times; the script prints medians and
the ratios (target of issue 3 and 17: 10x NegMAS's rate inside all-AI phases).

The all-AI phases are measured two ways (screen17), because the first round of a run used to be
the low one (4.5-5.5x against 7-9x): the rounds after the first play the very same game (the
same scenario and seed) in the same process, so they find every candidate in the caches the
first filled (screening's catalogue, the provision rows of each clause) and meet none of the
process's start-up work (the first full collection of the garbage collector, of everything the
imports made: 50-70 ms inside the first phase). A class plays its game once in a fresh process:
*in a fresh process* (each round's game in a child process of its own, the collector's
start-up collection done before the game, as a session's first computer stretch does) is what
it sees; *in this process* is the old figure (the first round cold, the others warm).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NEGMAS = "negmas==0.16.0"

CHILD = r'''
import random, sys, time
from negmas import AspirationNegotiator, SAOMechanism, make_issue
from negmas.preferences import LinearAdditiveUtilityFunction as Utility

seconds = float(sys.argv[1])
random.seed(1)
issues = [make_issue(10, f"issue{k}") for k in range(3)]
done, spent = 0, 0.0
while spent < seconds:
    start = time.process_time()
    mechanism = SAOMechanism(issues=issues, n_steps=100)
    for name in ("a", "b"):
        weights = [random.random() for _ in issues]
        values = [{v: random.random() for v in issue.all} for issue in issues]
        ufun = Utility(values=values, weights=weights, issues=issues)
        mechanism.add(AspirationNegotiator(name=name), ufun=ufun)
    mechanism.run()
    spent += time.process_time() - start
    done += 1
print(done / spent)
'''


def negmas_python(folder: Path) -> Path:
    """The separate environment's python, made and given NegMAS on first use."""
    python = folder / "bin" / "python"
    if not python.exists():
        venv.EnvBuilder(with_pip=True).create(folder)
    check = subprocess.run([str(python), "-c", "import negmas; print(negmas.__version__)"],
                           capture_output=True, text=True)
    if check.returncode != 0 or check.stdout.strip() != NEGMAS.split("==")[1]:
        subprocess.run([str(python), "-m", "pip", "install", "-q", NEGMAS], check=True)
    return python


def negmas_rate(python: Path, seconds: float) -> float:
    result = subprocess.run([str(python), "-c", CHILD, str(seconds)], capture_output=True,
                            text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


FRESH = r'''
import gc, sys
sys.path.insert(0, ".")
from benchmarks.bench_ai import negotiations_in_phases
gc.collect()  # what the imports and the scenario made: collected before the game, as a session does
print(negotiations_in_phases("asean-plus-three", int(sys.argv[1]))[0])
'''


def fresh_rate(turns: int, checkout: Path = ROOT) -> float:
    """Complete negotiations a second inside the all-AI phases of a game played in a child
    process of its own (nothing cached from an earlier game), with ``checkout``'s game."""
    result = subprocess.run([sys.executable, "-c", FRESH, str(turns)], cwd=checkout,
                            capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, default=Path("/tmp/diplomasi-negmas-venv"))
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--turns", type=int, default=3, help="turns of the all-AI game")
    parser.add_argument("--other", type=Path,
                        help="another checkout of the game (say main): its all-AI phases in a "
                             "fresh process too, each round beside this one's (which goes "
                             "first alternates)")
    args = parser.parse_args(argv)
    from benchmarks.bench_ai import negotiations_in_phases, negotiations_per_second

    python = negmas_python(args.venv)
    theirs, fresh, other, inside, alone = [], [], [], [], []
    for round_number in range(args.rounds):
        theirs.append(negmas_rate(python, args.seconds))
        if args.other and round_number % 2:  # which checkout goes first alternates
            other.append(fresh_rate(args.turns, args.other))
        fresh.append(fresh_rate(args.turns))
        if args.other and not round_number % 2:
            other.append(fresh_rate(args.turns, args.other))
        inside.append(negotiations_in_phases("asean-plus-three", args.turns)[0])
        alone.append(negotiations_per_second(args.seconds))
    print(f"NegMAS 0.16 SAO (2 aspiration agents, 3 issues x 10 values): "
          f"{statistics.median(theirs):.0f} a second (runs: {', '.join(f'{r:.0f}' for r in theirs)})")
    for label, ours in (("inside all-AI phases, in a fresh process", fresh),
                        ("inside all-AI phases, in this process (first round cold, then the "
                         "same game again)", inside),
                        ("each alone in a fresh game", alone)) + (
                            (("inside all-AI phases, in a fresh process, the other checkout",
                              other),) if other else ()):
        ratios = [o / t for o, t in zip(ours, theirs, strict=True)]
        print(f"the AI, asean-plus-three, {label}: {statistics.median(ours):.0f} a second, "
              f"{statistics.median(ratios):.2f}x NegMAS (runs: "
              + ", ".join(f"{r:.2f}" for r in ratios) + ")")
    if other:
        ratios = [o / t for o, t in zip(other, fresh, strict=True)]
        print(f"the other checkout ÷ this one, fresh processes: {statistics.median(ratios):.2f} "
              f"(runs: {', '.join(f'{r:.2f}' for r in ratios)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

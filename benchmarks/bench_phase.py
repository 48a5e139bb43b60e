"""The AI's diplomacy phase, this checkout against another, alternately in one run (issue 17):
`python benchmarks/bench_phase.py --other /path/to/main-checkout --scenario world`.

The machine is shared, so a time alone says little: this script plays the same all-AI game
in a child process of each checkout, one after the other, ``--rounds`` times, and prints each
round's ratio (other ÷ this) and the median. A child plays ``--turns`` turns of the scenario
(seed 1, normal) and reports the CPU time of the diplomacy phases after the first (their
median) and the share of it spent in the model's yearly update
(``game.model.update.advance``, as called by the AI's projections); with ``--parts`` also the
shares of the menus, the shortlists, the answers, the neighbourhood projections and the
provision rows (they nest: timers, not a profiler). Without ``--other`` it
times this checkout only. ``--check`` also compares the two games' logs: the same moves
(what the AI decides must not change with its speed).

``--interleave`` (answers17) plays the game in one long-lived child per checkout and alternates
their diplomacy phases one at a time (which goes first swaps every turn): on a machine whose
load changes from second to second, both then meet the same noise, and each later phase gives
a ratio. It prints the medians, the model's share, the garbage collector's share and the median
of the per-phase ratios; with ``--check`` it compares the logs after every turn. ``--freeze``
(phase17b) handles the garbage collector as a session does: what is alive after a turn is
frozen (``gc.freeze``), and given back and collected once a turn before the phase (outside
its timing), so that the phase meets the collections a class meets.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import hashlib, json, statistics, sys, time
sys.path.insert(0, ".")
sys.path.insert(0, "benchmarks")
from bench_ai import finish_turn
from game.agents import projection as package
from game.agents.projection import years
from game.agents.ai import AINegotiator
from game.rules import actions as act
from game.rules import protocol
from game.rules.game import Game, Phase
from game.scenario.loading import load_scenario, resolve

from game.agents.ai import answers, negotiator, proposals
from game.agents.projection import local

scenario, turns = sys.argv[1], int(sys.argv[2])
model = [0.0]
spent = {}
def timer(plain, label):
    def timed(*arguments, **options):
        start = time.process_time()
        try:
            return plain(*arguments, **options)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - start
    return timed
plain = years.advance
def timed(*arguments, **options):
    start = time.process_time()
    try:
        return plain(*arguments, **options)
    finally:
        model[0] += time.process_time() - start
years.advance = package.advance = timed
# The parts of a phase (they nest: the projections are inside the proposals and answers).
package.project_local = timer(package.project_local, "neighbourhood projections")
local.candidate_parts = timer(local.candidate_parts, "provision rows")
negotiator.proposals.draw_up_shortlists = timer(proposals.draw_up_shortlists, "shortlists")
negotiator.answers.work_out_answers = timer(answers.work_out_answers, "answers")
AINegotiator.candidates = timer(AINegotiator.candidates, "menus")
game = Game(load_scenario(resolve(scenario)), 1)
ai = AINegotiator("normal")
ai.plays(game.country_ids)
phases, models, parts = [], [], []
for _ in range(turns):
    while game.phase is not Phase.DIPLOMACY:
        for country in game.waiting_for():
            game.apply(act.EndPhase(country))
    model[0] = 0.0
    spent.clear()
    start = time.process_time()
    protocol.play_diplomacy(game, {c: ai for c in game.country_ids}, tell=False)
    phases.append(time.process_time() - start)
    models.append(model[0])
    parts.append(dict(spent))
    finish_turn(game, ai)
later = slice(1, None) if turns > 1 else slice(None)
log = hashlib.sha256(repr(game.log).encode()).hexdigest()
total = sum(phases[later])
shares = {label: sum(p.get(label, 0.0) for p in parts[later]) / total
          for label in sorted({label for p in parts for label in p})}
print(json.dumps({"phase": statistics.median(phases[later]), "model": sum(models[later]) / total,
                  "parts": shares, "log": log}))
'''


STEPPED = r'''
import gc, hashlib, json, sys, time
sys.path.insert(0, ".")
sys.path.insert(0, "benchmarks")
from bench_ai import finish_turn
from game.agents import projection as package
from game.agents.projection import years
from game.agents.ai import AINegotiator
from game.rules import actions as act
from game.rules import protocol
from game.rules.game import Game, Phase
from game.scenario.loading import load_scenario, resolve

spent = {"model": 0.0, "collector": 0.0, "started": 0.0}
plain = years.advance
def timed(*arguments, **options):
    start = time.process_time()
    try:
        return plain(*arguments, **options)
    finally:
        spent["model"] += time.process_time() - start
years.advance = package.advance = timed
def collected(phase, info):
    if phase == "start":
        spent["started"] = time.process_time()
    else:
        spent["collector"] += time.process_time() - spent["started"]
gc.callbacks.append(collected)
freeze = len(sys.argv) > 2 and sys.argv[2] == "freeze"
game = Game(load_scenario(resolve(sys.argv[1])), 1)
ai = AINegotiator("normal")
ai.plays(game.country_ids)
print("ready", flush=True)
for _ in sys.stdin:  # one phase a line
    while game.phase is not Phase.DIPLOMACY:
        for country in game.waiting_for():
            game.apply(act.EndPhase(country))
    if freeze:  # as a session does: the collector gets the frozen objects back once a turn
        gc.unfreeze()
        gc.collect()
        gc.freeze()
    spent["model"] = spent["collector"] = 0.0
    start = time.process_time()
    protocol.play_diplomacy(game, {c: ai for c in game.country_ids}, tell=False)
    phase = time.process_time() - start
    finish_turn(game, ai)
    if freeze:
        gc.freeze()
    print(json.dumps({"phase": phase, "model": spent["model"], "collector": spent["collector"],
                      "log": hashlib.sha256(repr(game.log).encode()).hexdigest()}), flush=True)
'''


def interleaved(args: argparse.Namespace) -> int:
    """``--interleave``: both checkouts' phases one after the other, game after game."""
    results: dict[str, list[dict]] = {"this": [], "other": []}
    ratios, different = [], 0
    for game_number in range(1, args.rounds + 1):
        children = {name: subprocess.Popen([sys.executable, "-c", STEPPED, args.scenario]
                                           + (["freeze"] if args.freeze else []),
                                           cwd=checkout, stdin=subprocess.PIPE,
                                           stdout=subprocess.PIPE, text=True)
                    for name, checkout in (("other", args.other), ("this", ROOT))}
        for child_process in children.values():
            assert child_process.stdout is not None and child_process.stdout.readline().strip() == "ready"
        for turn in range(args.turns):
            order = ["other", "this"] if (turn + game_number) % 2 else ["this", "other"]
            row = {}
            for name in order:
                child_process = children[name]
                assert child_process.stdin is not None and child_process.stdout is not None
                child_process.stdin.write("go\n")
                child_process.stdin.flush()
                row[name] = json.loads(child_process.stdout.readline())
            same = row["this"]["log"] == row["other"]["log"]
            different += not same
            line = (f"game {game_number} turn {turn + 1}: this {row['this']['phase'] * 1000:.0f} ms, "
                    f"other {row['other']['phase'] * 1000:.0f} ms, other ÷ this "
                    f"{row['other']['phase'] / row['this']['phase']:.2f}")
            if args.check:
                line += ", same moves" if same else ", DIFFERENT MOVES"
            print(line, flush=True)
            if turn > 0:  # later phases
                for name in results:
                    results[name].append(row[name])
                ratios.append(row["other"]["phase"] / row["this"]["phase"])
        for child_process in children.values():
            assert child_process.stdin is not None
            child_process.stdin.close()
            child_process.wait()
    for name, rows in results.items():
        whole = sum(r["phase"] for r in rows)
        print(f"{name}: later phases median {statistics.median(r['phase'] for r in rows) * 1000:.0f} ms "
              f"(least {min(r['phase'] for r in rows) * 1000:.0f} ms), model "
              f"{sum(r['model'] for r in rows) / whole:.0%}, garbage collector "
              f"{sum(r['collector'] for r in rows) / whole:.0%}")
    print(f"{args.scenario}, {len(ratios)} later phases: other ÷ this median {statistics.median(ratios):.2f} "
          f"(quartiles {' – '.join(f'{q:.2f}' for q in statistics.quantiles(ratios, n=4)[::2])})"
          + ((", same moves" if not different else f", DIFFERENT MOVES in {different} turns")
             if args.check else ""))
    return 0


def child(checkout: Path, scenario: str, turns: int) -> dict:
    result = subprocess.run([sys.executable, "-c", CHILD, scenario, str(turns)], cwd=checkout,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", type=Path, help="another checkout of the game (say main)")
    parser.add_argument("--scenario", default="asean-plus-three")
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="compare the two games' logs")
    parser.add_argument("--parts", action="store_true",
                        help="print each checkout's shares of the phase by part (they nest)")
    parser.add_argument("--interleave", action="store_true",
                        help="alternate the two checkouts phase by phase (needs --other; "
                             "--rounds games of --turns turns)")
    parser.add_argument("--freeze", action="store_true",
                        help="with --interleave: freeze the collector's objects after each "
                             "turn and thaw them once a turn before the phase, as a session "
                             "does (game/session/session.py)")
    args = parser.parse_args(argv)
    if args.interleave:
        if args.other is None:
            parser.error("--interleave needs --other")
        return interleaved(args)
    ratios, mine, theirs = [], [], []
    for round_number in range(1, args.rounds + 1):
        other = child(args.other, args.scenario, args.turns) if args.other else None
        this = child(ROOT, args.scenario, args.turns)
        line = (f"round {round_number}: this {this['phase'] * 1000:.0f} ms "
                f"(model {this['model']:.0%})")
        mine.append(this["phase"])
        if other is not None:
            theirs.append(other["phase"])
            ratios.append(other["phase"] / this["phase"])
            line += (f", other {other['phase'] * 1000:.0f} ms (model {other['model']:.0%}), "
                     f"other ÷ this {ratios[-1]:.2f}")
            if args.check:
                line += ", same moves" if other["log"] == this["log"] else ", DIFFERENT MOVES"
        print(line, flush=True)
        if args.parts:
            for name, result in (("this", this), ("other", other)):
                if result is not None:
                    print(f"  {name}: " + ", ".join(f"{label} {share:.0%}" for label, share
                                                      in result["parts"].items()), flush=True)
    summary = (f"{args.scenario}, later diplomacy phases of {args.turns} turns, CPU median: "
               f"this {statistics.median(mine) * 1000:.0f} ms")
    if ratios:
        summary += (f", other {statistics.median(theirs) * 1000:.0f} ms, other ÷ this "
                    f"{statistics.median(ratios):.2f} (rounds {', '.join(f'{r:.2f}' for r in ratios)})")
    print(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

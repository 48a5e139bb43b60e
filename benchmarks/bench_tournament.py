"""What a bot from a file costs in a tournament, and a class-sized tournament (issue 17):
run `python benchmarks/bench_tournament.py`.

1. ``file bot``: the games of a tournament of ``bots/example_bot.py`` against the cooperator on
   asean-plus-three, played in this process (``run_jobs`` with one worker), the example bot
   sandboxed in its child processes and the same bot loaded in process (``--in-process``),
   alternately ``--rounds`` times: medians and the ratio (target: at most 1.3). A run plays
   ``--file-games`` seeds of the two rotations (default 1: 2 games); the bot's process (one
   for all its seats) is started afresh in each run, so a run of more games shows what it
   costs in a tournament. The load average is printed before and after (the machine is
   shared: a ratio is taken inside one run), and for each path where its CPU went: the
   tournament's process (user, system, page faults) and the bots' processes (botcpu17).
   ``--decisions N``: what a file bot's decision costs on top of the observation every path
   builds, without the games' noise: the example bot's observations of an asean-plus-three
   game (in two parts, ``observation_apart_for``) given N times over, alternately, to the bot
   in process (the public fields copied, as ``observe`` does), to its process whole (copied,
   then pickled: the path before bots17b) and apart (``act_apart``: the public fields pickled
   once a moment); CPU of this process and of the bot's process, per decision.
2. ``class``: a tournament of ``--bots`` student bots (copies of the example bot, from its file:
   each a sandboxed child as in a class) on asean-plus-three with ``--games`` games a rotation,
   ``--jobs`` worker processes: its wall time (target: under 2 minutes for 30 bots, 3 games a
   rotation, --jobs 2). ``--class-games`` plays only the first N games of the work list and
   scales the time (the machine is shared: say so when you use it).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

try:  # the code before issue 17 kept no bot processes
    from game.agents.bots.sandbox import stop_keeping
except ImportError:
    def stop_keeping() -> None:
        pass
from game.scenario.loading import load_scenario, resolve  # noqa: E402
from game.tools.runs import run_jobs  # noqa: E402
from game.tools.tournament import play_job, work_list  # noqa: E402

FILE_BOT = f"{ROOT / 'bots' / 'example_bot.py'}:ExampleBot"


def file_bot_jobs(turns: int | None, in_process: bool, games: int = 1) -> list[dict]:
    loaded = load_scenario(resolve("asean-plus-three"))
    return work_list([loaded], [("example", FILE_BOT), ("cooperator", "cooperator")], games, 1,
                     turns, reference=False, in_process=in_process)


def cpu_time() -> float:
    """CPU time of this process and of its children that have ended (the bots' processes)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(jobs: list[dict], workers: int = 1) -> tuple[float, float, dict[str, float]]:
    """(wall, CPU with the children's, the parts) of playing ``jobs``: the parts are this
    process's user and system CPU and its page faults, and the CPU of its children (the bots'
    processes, or the workers)."""
    start, cpu = time.perf_counter(), cpu_time()
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    records = run_jobs(jobs, workers, worker=play_job)
    stop_keeping()  # the bots' kept processes end (and count) inside the time
    assert not any("failed" in r for r in records), records
    mine_after, children_after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    parts = {"user": mine_after.ru_utime - mine.ru_utime,
             "system": mine_after.ru_stime - mine.ru_stime,
             "faults": mine_after.ru_minflt - mine.ru_minflt,
             "children": (children_after.ru_utime - children.ru_utime
                          + children_after.ru_stime - children.ru_stime)}
    return time.perf_counter() - start, cpu_time() - cpu, parts


def process_cpu(pid: int) -> float:
    """CPU seconds of a running process (Linux: /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def decisions(rounds: int) -> None:
    """The ``--decisions`` part (see the module docstring)."""
    from game.agents import observation as seen
    from game.agents.bots import sandbox
    from game.agents.bots.controller import BotController, observation_apart_for
    from game.agents.bots.examples import Cooperator
    from game.agents.bots.registry import load_bot_class
    from game.rules.game import Game
    from game.rules.protocol import play_game

    parts: list[tuple[dict, dict]] = []

    class Recording(Cooperator):
        def __init__(self, game: Game):
            self.game = game

        def act(self, observation: dict) -> list:
            parts.append(observation_apart_for(self.game, observation["country"],
                                               observation["round"]))
            return super().act(observation)

    game = Game(load_scenario(resolve("asean-plus-three")), 1, None)
    play_game(game, {c: BotController(Recording(game)) for c in game.country_ids[:7]}
              | {c: BotController(Cooperator()) for c in game.country_ids[7:]})

    def whole(own: dict, public: dict) -> dict:
        observation = dict(own)  # the copies ``observe`` makes
        observation.update({
            "countries": [dict(entry) for entry in public["countries"]],
            "trust": [list(row) for row in public["trust"]],
            "trade": [list(row) for row in public["trade"]],
            "agreements": [seen._agreement_copy(entry) for entry in public["agreements"]],
            "breaches_last_turn": [dict(entry) for entry in public["breaches_last_turn"]]})
        return observation

    parts *= 4  # a round long enough for /proc's clock ticks (10 ms)
    path, class_name = FILE_BOT.rsplit(":", 1)
    inside = [load_bot_class(path, class_name)() for _ in range(7)]
    costs: dict[str, list[float]] = {"in process": [], "file, whole": [], "file, apart": []}
    for _ in range(rounds):
        for kind in costs:
            sandbox.stop_keeping()
            sandbox.keep_processes()
            seats = [sandbox.SandboxedBot(path, class_name) for _ in range(7)]
            if kind != "in process":
                for seat, (own, public) in zip(seats, parts, strict=False):
                    seat.act(whole(own, public))  # started and loaded: not timed
            child = seats[0].process.pid if seats[0].process is not None else None
            before, bot = time.process_time(), 0.0 if child is None else process_cpu(child)
            for number, (own, public) in enumerate(parts):
                if kind == "in process":
                    inside[number % 7].act(whole(own, public))
                elif kind == "file, whole":
                    seats[number % 7].act(whole(own, public))
                else:
                    seats[number % 7].act_apart(own, public)
            spent = time.process_time() - before
            if child is not None:
                spent += process_cpu(child) - bot
            costs[kind].append(spent / len(parts))
            for seat in seats:
                seat.close()
            sandbox.stop_keeping()
    base = costs["in process"]
    for kind, values in costs.items():
        extra = [v - b for v, b in zip(values, base, strict=True)]
        print(f"decisions ({len(parts)} a round, {rounds} rounds), {kind}: "
              f"{1e3 * statistics.median(values):.3f} ms a decision, "
              f"{1e3 * statistics.median(extra):+.3f} ms over in process")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--turns", type=int, default=None)
    parser.add_argument("--bots", type=int, default=30)
    parser.add_argument("--games", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--class-games", type=int, default=None)
    parser.add_argument("--file-games", type=int, default=1)
    parser.add_argument("--skip", choices=["file", "class"], default=None)
    parser.add_argument("--decisions", type=int, default=0,
                        help="only the decisions' part, this many rounds")
    args = parser.parse_args(argv)
    print("load average at the start: " + ", ".join(f"{v:.2f}" for v in os.getloadavg()))
    if args.decisions:
        decisions(args.decisions)
        print("load average at the end: " + ", ".join(f"{v:.2f}" for v in os.getloadavg()))
        return 0
    if args.skip != "file":
        sandboxed, inside = [], []
        for _ in range(args.rounds):
            sandboxed.append(timed(file_bot_jobs(args.turns, False, args.file_games)))
            inside.append(timed(file_bot_jobs(args.turns, True, args.file_games)))
        for kind, column in (("wall", 0), ("CPU with the bots' processes", 1)):
            ratios = [s[column] / i[column] for s, i in zip(sandboxed, inside, strict=True)]
            print(f"file bot, asean-plus-three, {2 * args.file_games} games a run, {kind}: sandboxed "
                  f"{statistics.median(s[column] for s in sandboxed):.2f} s, in process "
                  f"{statistics.median(i[column] for i in inside):.2f} s, ratio "
                  f"{statistics.median(ratios):.2f} (runs: {', '.join(f'{r:.2f}' for r in ratios)})")
        for kind, runs in (("sandboxed", sandboxed), ("in process", inside)):
            # botcpu17: where a run's CPU goes (the tournament's own user and system time, its
            # page faults: a heap trimmed at every move shows as ~100,000 of them a run)
            print(f"  {kind}, medians: the tournament's process user "
                  f"{statistics.median(r[2]['user'] for r in runs):.2f} s, system "
                  f"{statistics.median(r[2]['system'] for r in runs):.2f} s, page faults "
                  f"{statistics.median(r[2]['faults'] for r in runs):.0f}; the bots' processes "
                  f"{statistics.median(r[2]['children'] for r in runs):.2f} s")
        print("load average after the file bot runs: "
              + ", ".join(f"{v:.2f}" for v in os.getloadavg()))
    if args.skip != "class":
        loaded = load_scenario(resolve("asean-plus-three"))
        entrants = [(f"student{k}", FILE_BOT) for k in range(args.bots)]
        jobs = work_list([loaded], entrants, args.games, 1, args.turns)
        played = jobs[:args.class_games] if args.class_games else jobs
        wall, cpu, _ = timed(played, args.jobs)
        scaled = wall * len(jobs) / len(played)
        print(f"class: {args.bots} file bots, {args.games} games a rotation, {len(jobs)} games, "
              f"--jobs {args.jobs}: {len(played)} games in {wall:.1f} s ({cpu:.1f} s of CPU "
              f"with the workers and the bots' processes)"
              + (f", the whole tournament scaled: {scaled:.0f} s" if len(played) < len(jobs) else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

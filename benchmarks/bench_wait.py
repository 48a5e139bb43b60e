"""How long a human seat waits after each click (issue 17): run `python benchmarks/bench_wait.py`.

A session of ``world`` (one human seat, every other country the AI at normal, autosave on, in a
temporary folder) is played through its turns the way a player clicks: start diplomacy, one
proposal to a neighbour (the computer answers at once), an answer to an offer waiting in the
inbox (rejected; "-" when none waits), end diplomacy, end compliance. After each click the
screen's read models are asked once (inbox, leaderboard, relations), as the game screen does.

For each click and turn it prints the wall time of the click and what part of it was the
autosave, the garbage collector and the screen's read models, so that the waits can be compared
inside one run (ratios), then the largest waits and the CPU time of this process for each kind
of click in the first and the last turn (on a shared machine, CPU time moves less than wall
time; the CPU "of the click's thread" leaves out a preparation that runs beside the click, whose
time the click waits for only if it must); ``--profile CLICK`` runs the clicks of that kind under cProfile and
prints the top of the profile. The session's waits exclude nothing: this is what a class waits.

Sessions are played in up to three ways (``--modes``), one after the other in the same run:

* ``main``: the session does every stretch on the click (``prepare_ahead`` off: tools, the
  class host, and the window before issue 17's wait17);
* ``at-once``: the window's session (``prepare_ahead``: the computers' next batch is worked out
  in the background after each click, ``game.session.ahead``; the autosave a journal line a
  click and a snapshot a turn, ``game.session.autosave``, where the checkout has it) with
  every click made the
  moment the last one returned: the click waits for all of the preparation that is left;
* ``read``: the window's session with ``--read`` seconds (2 by default: what a player spends
  on the year's report or the compliance screen) between a click's answer and the next click.
  Its waits are what the issue's target means by "the wait after a click" for a player who
  reads what the last click brought. While it reads, a thread that wakes 60 times a second
  (a frame) records how late it woke: the longest and the 99th percentile say whether the
  window stays responsive while the preparation runs.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.rules.agreements import Clause  # noqa: E402
from game.rules.game import Phase  # noqa: E402
from game.scenario.loading import load_scenario  # noqa: E402
from game.scenario.schema import ClauseKind  # noqa: E402
from game.session.session import Session  # noqa: E402

CLICKS = ("start", "proposal", "answer", "end_diplomacy", "compliance")
MODES = ("main", "at-once", "read")
FRAME = 1 / 60
TRADE = Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5)


class Stopwatch:
    """Time spent in the autosave and the garbage collector since the last ``reset``."""

    def __init__(self, session: Session):
        self.autosave = 0.0
        self.collector = 0.0
        self._gc_start = 0.0
        original = session.autosave

        def timed() -> None:
            start = time.perf_counter()
            original()
            self.autosave += time.perf_counter() - start

        session.autosave = timed  # type: ignore[method-assign]
        gc.callbacks.append(self._gc)

    def _gc(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            self.collector += time.perf_counter() - self._gc_start

    def reset(self) -> None:
        self.autosave = self.collector = 0.0

    def close(self) -> None:
        gc.callbacks.remove(self._gc)


def screen(session: Session, human: str) -> None:
    """What the game screen reads after a move."""
    session.inbox(human)
    session.leaderboard()
    session.relations(human)


class Frames:
    """A thread that wakes every FRAME while the player reads (``reading``) and keeps how late
    it woke: a window's frame loop waits like this between frames."""

    def __init__(self):
        self.late: list[float] = []
        self.reading = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, daemon=True)
        self._thread.start()

    def _tick(self) -> None:
        while not self._stop.is_set():
            start = time.perf_counter()
            time.sleep(FRAME)
            late = time.perf_counter() - start - FRAME
            if self.reading:
                self.late.append(late)

    def read(self, seconds: float) -> None:
        self.reading = True
        time.sleep(seconds)
        self.reading = False

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


def play(scenario: str, human: str, partner: str, turns: int | None, seed: int,
         profile: str | None, mode: str = "main", read: float = 2.0) -> list[dict]:
    """One session through its turns played in ``mode`` (``MODES``); a row per click (the
    frames' lateness while reading in the row of the first click)."""
    loaded = load_scenario(ROOT / "scenarios" / f"{scenario}.toml")
    rows: list[dict] = []
    profiler = cProfile.Profile() if profile else None
    frames = Frames() if mode == "read" else None
    with tempfile.TemporaryDirectory() as folder:
        session = Session.new(loaded, [human], "normal", seed=seed, turns=turns,
                              autosave_path=Path(folder) / "autosave.json")
        if mode != "main":
            session.prepare_from_now()  # as the window does for the session it shows
            if hasattr(session, "journal_from_now"):  # the autosave's journal (journal17)
                session.journal_from_now()
        watch = Stopwatch(session)
        if frames is not None:
            frames.read(read)  # the first news

        def click(name: str, move) -> None:
            watch.reset()
            if profiler is not None and name == profile:
                profiler.enable()
            start = time.perf_counter()
            cpu, own = time.process_time(), time.thread_time()
            move()
            moved = time.perf_counter()
            screen(session, human)
            end = time.perf_counter()
            cpu, own = time.process_time() - cpu, time.thread_time() - own
            if profiler is not None and name == profile:
                profiler.disable()
            size = session.autosave_path.stat().st_size
            journal = session.autosave_path.with_name("autosave.journal.jsonl")
            size += journal.stat().st_size if journal.exists() else 0
            rows.append({"turn": session.game.turn if name != "compliance" else turn,
                         "click": name, "wait": end - start, "cpu": cpu, "own": own,
                         "move": moved - start,
                         "screen": end - moved, "autosave": watch.autosave,
                         "collector": watch.collector, "save_bytes": size})
            if frames is not None:
                frames.read(read)

        try:
            while not session.game.finished:
                turn = session.game.turn
                click("start", lambda: session.begin_diplomacy(human))
                click("proposal", lambda: session.propose(human, (human, partner), (TRADE,), 5))
                waiting = [n for n in session.inbox(human)
                           if n.proposer != human and session.game.phase is Phase.DIPLOMACY]
                if waiting:
                    first = waiting[0].id
                    click("answer", lambda: session.reject(human, first))  # noqa: B023
                click("end_diplomacy", lambda: session.end_diplomacy(human))
                while session.game.phase is Phase.DIPLOMACY:  # an offer reopened the seat
                    session.end_diplomacy(human)
                click("compliance", lambda: session.end_compliance(human, {}))
        finally:
            watch.close()
            session.ahead.wait()
            if frames is not None:
                frames.close()
                rows[0]["frames late"] = frames.late
            rows[0]["game"] = (session.game.state_hash(), len(session.game.log))
            rows[0]["prepared"] = list(session.ahead.took)
            saver = getattr(session, "saver", None)
            rows[0]["saver"] = list(saver.took) if saver is not None else []
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        print(out.getvalue())
    return rows


def table(rows: list[dict]) -> str:
    """Waits per turn and click (ms), and the autosave's and the collector's part."""
    lines = [f"{'turn':>4}  " + "  ".join(f"{c:>22}" for c in CLICKS) + "   save MB"]
    turns = sorted({r["turn"] for r in rows})
    for turn in turns:
        cells = []
        size = 0
        for name in CLICKS:
            found = [r for r in rows if r["turn"] == turn and r["click"] == name]
            if not found:
                cells.append(f"{'-':>22}")
                continue
            r = found[0]
            size = max(size, r["save_bytes"])
            cells.append(f"{r['wait'] * 1e3:7.0f} (s{r['autosave'] * 1e3:4.0f} g{r['collector'] * 1e3:4.0f}"
                         f" v{r['screen'] * 1e3:3.0f})")
        lines.append(f"{turn:>4}  " + "  ".join(cells) + f"   {size / 1e6:6.2f}")
    return "\n".join(lines)


def summary(rows: list[dict]) -> dict[str, float]:
    """The largest wait of each click kind, and last turn's largest wait over the first's."""
    result = {}
    for name in CLICKS:
        waits = [r["wait"] for r in rows if r["click"] == name]
        if waits:
            result[f"{name} max"] = max(waits)
    turns = sorted({r["turn"] for r in rows})
    first = max(r["wait"] for r in rows if r["turn"] == turns[0] and r["click"] != "start")
    last = max(r["wait"] for r in rows if r["turn"] == turns[-1] and r["click"] != "start")
    result["last/first (without start)"] = last / first
    for name in CLICKS:
        for label, turn in (("first", turns[0]), ("last", turns[-1])):
            cpu = [r["cpu"] for r in rows if r["click"] == name and r["turn"] == turn]
            if cpu:
                result[f"{name} CPU, {label} turn"] = max(cpu)
    result["largest CPU after a click (without start)"] = max(
        r["cpu"] for r in rows if r["click"] != "start")
    for name in CLICKS:  # the click's own thread: without a preparation running beside it
        own = [r["own"] for r in rows if r["click"] == name]
        if own:
            result[f"{name} CPU of the click's thread, max"] = max(own)
    result["autosave share"] = sum(r["autosave"] for r in rows) / sum(r["wait"] for r in rows)
    result["collector share"] = sum(r["collector"] for r in rows) / sum(r["wait"] for r in rows)
    for kind in ("rounds", "compliance"):
        took = [t for t in rows[0].get("prepared", []) if t[0] == kind]
        if took:
            result[f"preparation '{kind}', wall, median"] = statistics.median(t[1] for t in took)
            result[f"preparation '{kind}', wall, max"] = max(t[1] for t in took)
            result[f"preparation '{kind}', CPU, median"] = statistics.median(t[2] for t in took)
    for step in ("line", "take", "write", "whole"):  # the autosave's journal (journal17)
        took = [t for kind, t in rows[0].get("saver", []) if kind == step]
        if took:
            result[f"autosave '{step}', median"] = statistics.median(took)
            result[f"autosave '{step}', max"] = max(took)
            result[f"autosave '{step}', count"] = float(len(took))
    for label, turn in (("first", turns[0]), ("last", turns[-1])):
        saves = [r["autosave"] for r in rows if r["turn"] == turn]
        result[f"autosave on the clicks, {label} turn, max"] = max(saves)
        result[f"autosave on the clicks, {label} turn, sum"] = sum(saves)
    late = rows[0].get("frames late")
    if late:
        result["frame late while reading, max"] = max(late)
        result["frame late while reading, p99"] = float(sorted(late)[int(0.99 * (len(late) - 1))])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="world")
    parser.add_argument("--human", default="IDN")
    parser.add_argument("--partner", default="MYS")
    parser.add_argument("--turns", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1, help="whole sessions; medians over them")
    parser.add_argument("--profile", choices=CLICKS, default=None)
    parser.add_argument("--modes", default=",".join(MODES),
                        help="comma-separated, played alternately in this order: "
                        + ", ".join(MODES))
    parser.add_argument("--read", type=float, default=2.0,
                        help="seconds the player reads after each click in mode 'read'")
    args = parser.parse_args(argv)
    modes = [m for m in args.modes.split(",") if m]
    unknown = [m for m in modes if m not in MODES]
    if unknown:
        parser.error(f"unknown mode {', '.join(unknown)}: one of {', '.join(MODES)}")
    runs: dict[str, list[list[dict]]] = {m: [] for m in modes}
    for _ in range(args.runs):  # the modes alternate: run 1 of each, then run 2 of each
        for mode in modes:
            runs[mode].append(play(args.scenario, args.human, args.partner, args.turns,
                                   args.seed, args.profile, mode, args.read))
    games = {rows[0]["game"] for played in runs.values() for rows in played}
    print("the same game (state hash, log length) in every run and mode:",
          "yes" if len(games) == 1 else f"NO: {sorted(games)}")
    for mode in modes:
        said = {"main": "main: every stretch on the click",
                "at-once": "at-once: preparing, each click the moment the last one returned",
                "read": f"read: preparing, the player reads {args.read:g} s after each click"}
        print(f"\n=== {said[mode]} ===")
        print(table(runs[mode][-1]))
        print("(ms: wait after the click; s = autosave, g = garbage collector, v = screen's views)")
        keys = summary(runs[mode][0]).keys()
        for key in keys:
            values = [summary(rows)[key] for rows in runs[mode]]
            print(f"{key:>42}: {statistics.median(values):.3f}  (runs: "
                  + ", ".join(f"{v:.3f}" for v in values) + ")")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

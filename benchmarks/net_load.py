"""Load on the class host: 40 devices (ten teams of four) play a whole `asean-plus-three` game
against a host served from the teacher's window, with random disconnects, over 127.0.0.1 only.

    python benchmarks/net_load.py [--teams 10] [--devices 4] [--turns N] [--drops 0.5] [--seed 1]
                                  [--profile FILE]

The teacher's window (dummy video driver) hosts the game as a teacher does (``game.ui.hosting``:
the host in a process of its own, ``game.net.process``; ``--profile``: under cProfile) and shows
its teacher's screen (the devices a page at a time) at 60 frames a second; each frame's ``App.step``
(events, update, draw) is timed. The devices run in a second process (``--devices-of URL``), one
asyncio task reading each connection and one playing each team, moves sent by a device of the
team chosen at random: start diplomacy, answer offers (accept), propose trade to the next team
once a year, end diplomacy, keep every clause. ``--drops`` disconnections a second, on average,
cut a random device (half the time the device that is waiting for its move's acknowledgement);
it reconnects after 0.1-1 s with its code and the same device id, and a move left without its
acknowledgement is sent again with the same id. A device keeps the newest view as received and
reads its JSON only when its team plays from it (forty real devices each read their own).

Measured: the round trip of a move (sent, then acknowledged, then every device of the team that
stayed connected holding a view made after it: one at least as new as the first view the acting
device received after the acknowledgement; views are sent in the order they are made, the ack
before any view made after the move, and the other devices may hold that view before the ack
is read), over the moves that were not cut, and its first part (sent, then acknowledged); the
window's frame time.
Checked: no move lost or doubled (every acknowledged id is in the save's applied moves, once; the
log holds each team's proposals and acceptances exactly as often as they were acknowledged), and
the game ends. Targets (issue 14): round trip median under 50 ms and 99th percentile under 250 ms;
frame time within the window's target (median under 8 ms, issue 4). Every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
_SCRATCH = tempfile.mkdtemp(prefix="diplomasi-net-load-")
os.environ.setdefault("DIPLOMASI_CONFIG_DIR", _SCRATCH)
os.environ.setdefault("DIPLOMASI_DATA_DIR", _SCRATCH)

SCENARIO = "asean-plus-three"
TRADE = {"kind": "trade_liberalisation", "level": 0.5}
ACK_WAIT = 5.0  # s: a move not acknowledged by then (its device cut) is sent again
FRAME_TARGET_MS = 8.0  # the window's median frame target (issue 4, asean-plus-three)
#: How a view message begins (``game.net.protocol.encode``: the fields in their order).
VIEW = re.compile(r'\{"version":\d+,"type":"view","sequence":(\d+),')


# --- the devices (second process) ----------------------------------------------------------------
class Device:
    """One connection of a team; reconnects with the same id after a cut."""

    def __init__(self, url: str, code: str, name: str):
        self.url, self.code, self.name = url, code, name
        self.socket: Any = None
        self._text: str | None = None  # the newest view as received, read when asked for
        self._view: dict[str, Any] | None = None
        self.sequence = -1
        self.connected = asyncio.Event()
        self.cuts = 0  # how many times it was cut (a measurement it lived through stays valid)
        self.changed = asyncio.Event()
        self.replies: dict[str, asyncio.Future] = {}
        #: after an acknowledgement: the sequence of the next view this connection receives.
        self.next_view: asyncio.Future | None = None
        self.reader: asyncio.Task | None = None

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        self.socket = await connect(self.url, open_timeout=10, close_timeout=1, max_size=None)
        await self.socket.send(json.dumps({"type": "hello", "version": 1, "code": self.code,
                                           "language": "en", "device": self.name}))
        while True:
            text = await asyncio.wait_for(self.socket.recv(), 30)
            if self.take(text):
                break
            message = json.loads(text)
            if message["type"] == "error":
                raise RuntimeError(f"{self.name}: {message['text']}")
        self.connected.set()
        self.reader = asyncio.create_task(self.read())

    @property
    def view(self) -> dict[str, Any] | None:
        if self._text is not None:
            self._view, self._text = json.loads(self._text)["view"], None
        return self._view

    def take(self, text: str) -> bool:
        """Keep ``text`` if it is a newer view (whether it is a view). A device of this process
        reads a view's JSON only when its team plays from it: forty devices parsing every view
        in one process on two cores were most of this process's time, and delayed the views'
        arrival, which forty separate devices would not."""
        found = VIEW.match(text)
        if found is None:
            return False
        sequence = int(found.group(1))
        if self.next_view is not None and not self.next_view.done():
            self.next_view.set_result(sequence)
        if sequence > self.sequence:
            self.sequence, self._text = sequence, text
            self.changed.set()
        return True

    async def read(self) -> None:
        from websockets.exceptions import ConnectionClosed

        with contextlib.suppress(ConnectionClosed):
            async for text in self.socket:
                if self.take(text):
                    continue
                message = json.loads(text)
                if message["type"] in ("ack", "error") and message.get("id") in self.replies:
                    future = self.replies.pop(message["id"])
                    if not future.done():
                        self.next_view = asyncio.get_running_loop().create_future()
                        future.set_result(message)
        self.connected.clear()

    async def cut(self, rng: random.Random) -> None:
        """Drop the connection (as Wi-Fi does) and come back after a moment."""
        if not self.connected.is_set():
            return
        self.cuts += 1
        self.connected.clear()
        for future in [*self.replies.values(), self.next_view]:
            if future is not None and not future.done():
                future.set_result(None)
        self.replies = {}
        self.socket.transport.abort()
        await asyncio.sleep(rng.uniform(0.1, 1.0))
        await self.connect()


class Team:
    """The four devices of one team, playing by the rules of ``tests/netplay.play``."""

    def __init__(self, country: str, partner: str, devices: list[Device], rng: random.Random):
        self.country, self.partner, self.devices, self.rng = country, partner, devices, rng
        self.acting: Device | None = None
        self.trips: list[float] = []
        self.acks: list[float] = []  # sent -> acknowledged, of the same moves as ``trips``
        self.kinds: list[str] = []  # the move's kind, of the same moves as ``trips``
        self.cut_moves = 0
        self.again = 0
        self.acked: list[tuple[str, str]] = []  # (id, kind)
        self.refused: Counter[str] = Counter()
        self.counter = 0

    def newest(self) -> dict[str, Any]:
        return max((d for d in self.devices if d.view is not None), key=lambda d: d.sequence).view

    async def send(self, move: dict[str, Any]) -> dict[str, Any]:
        """Send ``move`` from a device chosen at random until it is answered (resent with the
        same id after a cut); the round trip recorded when nothing was cut on the way."""
        self.counter += 1
        action_id = f"{self.country}-{self.counter}"
        cut = False
        start = time.perf_counter()
        while True:
            live = [d for d in self.devices if d.connected.is_set()]
            if not live:
                await asyncio.wait_for(self.devices[0].connected.wait(), 30)
                continue
            device = self.rng.choice(live)
            self.acting = device
            cuts_before = [d.cuts for d in self.devices]
            future = asyncio.get_running_loop().create_future()
            device.replies[action_id] = future
            with contextlib.suppress(Exception):
                await device.socket.send(json.dumps({"type": "act", "version": 1, "id": action_id,
                                                     "move": move}))
            try:
                reply = await asyncio.wait_for(future, ACK_WAIT)
                acknowledged = time.perf_counter()
            except TimeoutError:
                reply = None
            if reply is None:  # cut before the answer came: the same id again
                cut = True
                continue
            self.acting = None
            break
        if reply["type"] == "ack":
            self.acked.append((action_id, move["kind"]))
            self.again += bool(reply.get("again"))
            stayed = [d for d, before in zip(self.devices, cuts_before, strict=True)
                      if d.cuts == before and d.connected.is_set()]
            deadline = time.monotonic() + 10
            # the move's view: the first view the acting device received after the ack (views
            # go out in the order they are made, and the ack before any view made after it;
            # the other devices may hold it before the ack is read here)
            try:
                made = await asyncio.wait_for(asyncio.shield(device.next_view), 10)
            except (TimeoutError, TypeError):
                made = None
            floor = (made - 1) if made is not None else max((d.sequence for d in stayed), default=0)
            while stayed and any(d.sequence <= floor for d in stayed) and time.monotonic() < deadline:
                waiting = [d for d in stayed if d.sequence <= floor]
                await changes(waiting, 0.5, asyncio.ALL_COMPLETED)
                stayed = [d for d in stayed if d.cuts == cuts_before[self.devices.index(d)]]
            if cut or any(d.cuts != before for d, before in zip(self.devices, cuts_before, strict=True)):
                self.cut_moves += 1
            else:
                self.trips.append(time.perf_counter() - start)
                self.kinds.append(move["kind"])
                self.acks.append(acknowledged - start)
        else:
            self.refused[reply["key"]] += 1
        return reply

    async def play(self, limit: float) -> None:
        proposed: set[int] = set()
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            view = self.newest()
            if view["game_over"]:
                return
            if not view["deciding"]:
                await self.wait_change(1.0)
                continue
            phase = view["phase"]
            if phase == "news":
                await self.send({"kind": "begin_diplomacy"})
            elif phase == "diplomacy":
                waiting = [n for n in view["negotiations"] if n["waiting_for_me"]]
                if waiting:
                    await self.send({"kind": "accept", "negotiation": waiting[0]["id"]})
                elif (view["turn"] not in proposed and view["observation"]["me"]["delegations_left"] > 0
                      and not view["answers_only"]):
                    proposed.add(view["turn"])
                    await self.send({"kind": "propose", "parties": [self.country, self.partner],
                                     "clauses": [TRADE], "duration": 5})
                else:
                    await self.send({"kind": "end_diplomacy"})
            elif phase == "compliance":
                keep = [{"agreement": o["agreement"], "clause": o["clause"], "keep": True}
                        for o in view["observation"]["obligations"]]
                await self.send({"kind": "end_compliance", "keep": keep})
            else:
                return
            await self.wait_change(0.3)
        raise TimeoutError(f"{self.country} did not finish in {limit} s")

    async def wait_change(self, seconds: float) -> None:
        await changes(self.devices, seconds, asyncio.FIRST_COMPLETED)


async def changes(devices: list[Device], seconds: float, when: str) -> None:
    """Until the devices' views change (``when``: any or all of them), at most ``seconds``."""
    for device in devices:
        device.changed.clear()
    tasks = [asyncio.create_task(device.changed.wait()) for device in devices]
    await asyncio.wait(tasks, timeout=seconds, return_when=when)
    for task in tasks:
        task.cancel()


async def chaos(teams: list[Team], rate: float, rng: random.Random, stop: asyncio.Event) -> int:
    """Cut a random device ``rate`` times a second on average, half the time one waiting for
    its move's acknowledgement."""
    cuts = 0
    tasks: list[asyncio.Task] = []
    while not stop.is_set():
        await asyncio.sleep(rng.expovariate(rate))
        team = rng.choice(teams)
        device = team.acting if team.acting is not None and rng.random() < 0.5 else rng.choice(team.devices)
        if device.connected.is_set():
            cuts += 1
            tasks.append(asyncio.create_task(device.cut(rng)))
    await asyncio.gather(*tasks, return_exceptions=True)
    return cuts


async def devices_main(url: str, codes: dict[str, str], per_team: int, drops: float, seed: int,
                       limit: float) -> dict[str, Any]:
    rng = random.Random(seed)
    countries = list(codes)
    teams = []
    for index, country in enumerate(countries):
        devices = [Device(url, codes[country], f"{country}-device-{k}") for k in range(per_team)]
        for device in devices:
            await device.connect()
        teams.append(Team(country, countries[(index + 1) % len(countries)], devices,
                          random.Random(rng.random())))
    stop = asyncio.Event()
    chaos_task = (asyncio.create_task(chaos(teams, drops, random.Random(seed + 1), stop))
                  if drops > 0 else None)
    started = time.perf_counter()
    try:  # a team that did not finish is reported with the figures, not instead of them
        outcomes = await asyncio.gather(*(team.play(limit) for team in teams), return_exceptions=True)
    finally:
        stop.set()
        cuts = await chaos_task if chaos_task is not None else 0
    errors = [f"{team.country}: {outcome!r}" for team, outcome in zip(teams, outcomes, strict=True)
              if isinstance(outcome, BaseException)]
    elapsed = time.perf_counter() - started
    for team in teams:
        for device in team.devices:
            with contextlib.suppress(Exception):
                await device.socket.close()
    return {"seconds": elapsed, "connections": sum(len(t.devices) for t in teams), "cuts": cuts,
            "errors": errors,
            "teams": {t.country: {"trips": t.trips, "acks": t.acks, "kinds": t.kinds,
                                  "cut_moves": t.cut_moves,
                                  "again": t.again, "acked": t.acked, "refused": dict(t.refused)}
                      for t in teams}}


# --- the teacher's window (first process) ---------------------------------------------------------
def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def check(folder: Path, result: dict[str, Any]) -> list[str]:
    """No move lost or doubled: the problems found (none: an empty list)."""
    from game.rules.storage import read_log

    problems = []
    save = json.loads((folder / "autosave.json").read_text(encoding="utf-8"))
    text = json.dumps(save)
    _, actions, footer = read_log(folder / "game.jsonl")
    if footer is None:
        problems.append("the game did not end")
    logged = Counter((r.get("country"), r["type"]) for r in actions)
    for country, team in result["teams"].items():
        ids = [i for i, _ in team["acked"]]
        if len(ids) != len(set(ids)):
            problems.append(f"{country}: an id acknowledged twice as new")
        missing = [i for i in ids if f'"{country}:{i}"' not in text]
        if missing:
            problems.append(f"{country}: acknowledged but not in the save: {missing[:3]}")
        kinds = Counter(kind for _, kind in team["acked"])
        for kind, record in (("propose", "propose"), ("accept", "accept")):
            if kinds[kind] != logged[(country, record)]:
                problems.append(f"{country}: {kinds[kind]} {kind} acknowledged, "
                                f"{logged[(country, record)]} in the log")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=10)
    parser.add_argument("--devices", type=int, default=4, help="devices per team")
    parser.add_argument("--turns", type=int, default=None, help="the scenario's own by default")
    parser.add_argument("--drops", type=float, default=0.5, help="disconnections a second, on average")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=1200.0, help="seconds the game may take")
    parser.add_argument("--profile", metavar="FILE", default=None,
                        help="run the host under cProfile, its statistics written to FILE")
    parser.add_argument("--devices-of", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--codes", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.devices_of:  # the second process: the devices
        result = asyncio.run(devices_main(args.devices_of, json.loads(args.codes), args.devices,
                                          args.drops, args.seed, args.limit))
        print(json.dumps(result))
        return 0

    import pygame

    from game.classroom.competition import Competition
    from game.classroom.competition import Team as CompetitionTeam
    from game.scenario.loading import load_scenario, resolve
    from game.ui import hosting
    from game.ui.app import App
    from game.ui.settings import Settings

    load_start = os.getloadavg()[0]
    loaded = load_scenario(resolve(SCENARIO))
    countries = [c.id for c in loaded.scenario.countries][: args.teams]
    competition = Competition(scenario=SCENARIO, seed=args.seed, turns=args.turns,
                              teams=[CompetitionTeam(name=f"Team {c}", country=c) for c in countries])
    folder = Path(_SCRATCH) / "hosted"
    app = App(Settings(), save_settings_on_change=False)
    app.par = False
    app.to_menu()
    if args.profile:
        from game.net.process import HostProcess

        plain = HostProcess.command
        profile = str(Path(args.profile).resolve())
        HostProcess.command = lambda self: [sys.executable, "-m", "cProfile", "-o", profile,
                                            *plain(self)[1:]]
    app.hosting = hosting.start(competition, loaded, "en", folder=folder, bind="127.0.0.1", port=0)
    app.goto("teacher")
    url = app.hosting.address.replace("http://", "ws://") + "ws"
    codes = dict(app.hosting.codes.teams)
    devices = subprocess.Popen(
        [sys.executable, __file__, "--devices-of", url, "--codes", json.dumps(codes),
         "--devices", str(args.devices), "--drops", str(args.drops), "--seed", str(args.seed),
         "--limit", str(args.limit)],
        stdout=subprocess.PIPE, text=True)
    frames: list[float] = []
    clock = pygame.time.Clock()
    deadline = time.monotonic() + args.limit + 120
    try:
        while devices.poll() is None and time.monotonic() < deadline:
            dt = clock.tick(60) / 1000.0
            start = time.perf_counter()
            app.step(None, dt)
            frames.append((time.perf_counter() - start) * 1000)
    finally:
        if devices.poll() is None:
            devices.kill()
        output, _ = devices.communicate(timeout=60)
        host_cpu = _cpu_seconds(app.hosting.process.process)
        host_waited = _run_delay(app.hosting.process.process)
        app.stop_hosting()
        pygame.quit()
    result = json.loads(output)
    trips = [t * 1000 for team in result["teams"].values() for t in team["trips"]]
    moves = sum(len(team["acked"]) for team in result["teams"].values())
    problems = result["errors"] + check(folder, result)
    median, p99 = statistics.median(trips), percentile(trips, 0.99)
    frame_median, frame_p95 = statistics.median(frames), percentile(frames, 0.95)
    print(f"load average (1 min) at the start {load_start:.1f}, at the end {os.getloadavg()[0]:.1f}")
    print(f"{SCENARIO}: {len(countries)} teams, {result['connections']} connections, "
          f"{result['seconds']:.0f} s of play, {moves} moves acknowledged, {result['cuts']} cuts "
          f"({sum(t['cut_moves'] for t in result['teams'].values())} moves cut on the way, "
          f"{sum(t['again'] for t in result['teams'].values())} acknowledged again after a resend)")
    refused = Counter()
    for team in result["teams"].values():
        refused.update(team["refused"])
    if refused:
        print(f"refused (the rules, e.g. a phase that moved on): {dict(refused)}")
    print(f"round trip (send -> ack -> every device of the team updated), {len(trips)} moves: "
          f"median {median:.1f} ms, p90 {percentile(trips, 0.9):.1f} ms, p99 {p99:.1f} ms, "
          f"max {max(trips):.1f} ms  (targets: median < 50 ms, p99 < 250 ms)")
    by_kind: dict[str, list[float]] = {}
    for team in result["teams"].values():
        for kind, trip in zip(team["kinds"], team["trips"], strict=True):
            by_kind.setdefault(kind, []).append(trip * 1000)
    print("by kind of move (median / p99 / max ms): " + "; ".join(
        f"{kind} {len(t)}: {statistics.median(t):.0f} / {percentile(t, 0.99):.0f} / {max(t):.0f}"
        for kind, t in sorted(by_kind.items())))
    acks = [t * 1000 for team in result["teams"].values() for t in team["acks"]]
    print(f"of which sent -> acknowledged: median {statistics.median(acks):.1f} ms, "
          f"p90 {percentile(acks, 0.9):.1f} ms, p99 {percentile(acks, 0.99):.1f} ms")
    if host_cpu is not None:
        print(f"host process CPU: {host_cpu:.1f} s ({host_cpu / max(result['seconds'], 1e-9):.0%} "
              f"of the play's wall time), {host_cpu * 1000 / max(moves, 1):.1f} ms a move acknowledged"
              + ("" if host_waited is None else
                 f"; its threads waited {host_waited:.1f} s for a core (the machine's load)"))
    print(f"host frame time (teacher's screen, {len(frames)} frames): median {frame_median:.1f} ms, "
          f"p95 {frame_p95:.1f} ms, p99 {percentile(frames, 0.99):.1f} ms, max {max(frames):.1f} ms "
          f"(target: median < {FRAME_TARGET_MS:.0f} ms)")
    print("no move lost or doubled" if not problems else "PROBLEMS:\n  " + "\n  ".join(problems))
    met = not problems and median < 50 and p99 < 250 and frame_median < FRAME_TARGET_MS
    print("targets met" if met else "targets NOT met")
    return 0 if met else 1


def _cpu_seconds(process: Any) -> float | None:
    """The CPU time (user + system) a child process has used so far (Linux's /proc), or None."""
    try:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _run_delay(process: Any) -> float | None:
    """Seconds the threads of a child process still running spent ready to run but waiting for
    a core (Linux's /proc/PID/task/*/schedstat), or None."""
    try:
        tasks = Path(f"/proc/{process.pid}/task").iterdir()
        return sum(int((task / "schedstat").read_text().split()[1]) for task in tasks) / 1e9
    except (OSError, ValueError, IndexError, AttributeError):
        return None


if __name__ == "__main__":
    sys.exit(main())

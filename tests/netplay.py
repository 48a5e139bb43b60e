"""Helpers of the network tests: a host process on 127.0.0.1 (always the loopback address, a
free port), scripted WebSocket clients that record every message they receive, and a scripted
team that plays a whole game through the protocol. Every wait is bounded."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[1]
TEAMS = ["IDN", "JPN", "KOR"]
TRADE = {"kind": "trade_liberalisation", "level": 0.5}


class HostProcess:
    """``run_game.py host`` in a subprocess, on 127.0.0.1 and a free port."""

    def __init__(self, folder: Path, *extra: str, resume: bool = False, turns: int = 2,
                 teams: list[str] | None = None, port: int = 0):
        self.folder = folder
        (folder / "host.json").unlink(missing_ok=True)
        if resume:
            arguments = ["--resume", str(folder)]
        else:
            arguments = ["--scenario", "indonesia-partners", "--teams", ",".join(teams or TEAMS),
                         "--turns", str(turns), "--seed", "4", "--folder", str(folder)]
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "run_game.py"), "host", *arguments, *extra,
             "--port", str(port), "--bind", "127.0.0.1"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "DIPLOMASI_DATA_DIR": str(folder.parent / "data")})
        deadline = time.monotonic() + 60
        while not (folder / "host.json").exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                out, err = self.process.communicate(timeout=10)
                raise RuntimeError(f"the host did not start:\n{out}\n{err}")
            time.sleep(0.05)
        self.port = json.loads((folder / "host.json").read_text())["port"]
        codes = json.loads((folder / "codes.json").read_text())
        self.codes: dict[str, str] = codes["teams"]
        self.teacher: str = codes["teacher"]
        self.url = f"ws://127.0.0.1:{self.port}/ws"

    def stop(self) -> str:
        """Stop it (SIGTERM, then SIGKILL) and return what it wrote on stderr."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        _, err = self.process.communicate(timeout=20)
        return err

    def kill(self) -> None:
        self.process.kill()  # SIGKILL
        self.process.communicate(timeout=20)

    def log(self) -> str:
        return (self.folder / "host.log").read_text(encoding="utf-8")


class Client:
    """One device: a WebSocket connection that records every message it receives."""

    def __init__(self, url: str, code: str | None, language: str = "en", device: str | None = None):
        self.url = url
        self.socket = connect(url, open_timeout=10, close_timeout=2, max_size=None)
        self.socket.__enter__()  # the connection is ours to close (see close)
        self.received: list[dict[str, Any]] = []
        self.view: dict[str, Any] | None = None
        self.sequence = -1
        self.welcome: dict[str, Any] | None = None
        self.counter = 0
        if code is not None:
            hello = {"type": "hello", "version": 1, "code": code, "language": language}
            if device:
                hello["device"] = device
            self.send(hello)
            first = self.next(lambda m: m["type"] in ("welcome", "error"))
            if first["type"] == "welcome":
                self.welcome = first
                self.next(lambda m: m["type"] in ("view", "teacher_view"))

    def send(self, message: dict[str, Any] | str) -> None:
        self.socket.send(message if isinstance(message, str) else json.dumps(message))

    def receive(self, timeout: float) -> dict[str, Any] | None:
        try:
            text = self.socket.recv(timeout=timeout)
        except TimeoutError:
            return None
        message = json.loads(text)
        self.received.append(message)
        if message["type"] in ("view", "teacher_view") and message["sequence"] > self.sequence:
            self.view, self.sequence = message["view"], message["sequence"]
        return message

    def next(self, wanted, timeout: float = 30.0) -> dict[str, Any]:
        """The next message ``wanted`` accepts (every message is recorded on the way)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self.receive(max(0.01, deadline - time.monotonic()))
            if message is not None and wanted(message):
                return message
        raise TimeoutError("no such message in time")

    def new_id(self) -> str:
        self.counter += 1
        return f"{id(self)}-{self.counter}-{time.monotonic_ns()}"

    def act(self, move: dict[str, Any], action_id: str | None = None) -> dict[str, Any]:
        """Send a move and return its ack or error."""
        action_id = action_id or self.new_id()
        self.send({"type": "act", "version": 1, "id": action_id, "move": move})
        return self.next(lambda m: m["type"] in ("ack", "error") and m.get("id") == action_id, 120)

    def newer_view(self, after: int, timeout: float = 2.0) -> bool:
        try:
            self.next(lambda m: m["type"] == "view" and m["sequence"] > after, timeout)
            return True
        except TimeoutError:
            return False

    def close(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            self.socket.close()


def play(client: Client, breaks: bool = False, before_compliance: threading.Event | None = None,
         after_compliance: threading.Event | None = None, limit: float = 240.0,
         partner: str | None = None) -> None:
    """A scripted team: starts diplomacy, proposes once a turn to the next team (or to
    ``partner``), accepts what it is offered, ends diplomacy, keeps every clause (``breaks``:
    breaks its first one); until the game is over. ``before_compliance``: wait for it before
    deciding; ``after_compliance``: set once it has decided."""
    me = client.welcome["country"]
    partner = partner or TEAMS[(TEAMS.index(me) + 1) % len(TEAMS)]
    proposed: set[int] = set()
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        view = client.view
        if view["game_over"]:
            return
        if not view["deciding"]:
            client.newer_view(client.sequence, 1.0)
            continue
        phase = view["phase"]
        seen = client.sequence
        if phase == "news":
            reply = client.act({"kind": "begin_diplomacy"})
        elif phase == "diplomacy":
            waiting = [n for n in view["negotiations"] if n["waiting_for_me"]]
            observation = view["observation"]
            if waiting:
                reply = client.act({"kind": "accept", "negotiation": waiting[0]["id"]})
            elif (view["turn"] not in proposed and observation["me"]["delegations_left"] > 0
                  and not view["answers_only"]):
                proposed.add(view["turn"])
                reply = client.act({"kind": "propose", "parties": [me, partner],
                                    "clauses": [TRADE], "duration": 5})
            else:
                reply = client.act({"kind": "end_diplomacy"})
        elif phase == "compliance":
            if before_compliance is not None:
                before_compliance.wait(60)
                client.newer_view(seen, 1.0)
                seen = client.sequence
            obligations = client.view["observation"]["obligations"]
            keep = [{"agreement": o["agreement"], "clause": o["clause"], "keep": not (breaks and i == 0)}
                    for i, o in enumerate(obligations)]
            reply = client.act({"kind": "end_compliance", "keep": keep})
            if after_compliance is not None and reply["type"] == "ack":
                after_compliance.set()
        else:
            return
        if reply["type"] == "ack" or not client.newer_view(seen, 0.5):
            client.newer_view(seen, 0.5)
    raise TimeoutError(f"{me} did not finish its game in time")


def play_all(clients: dict[str, Client], **options: Any) -> None:
    """The teams play at the same time, one thread each (failures re-raised)."""
    errors: list[BaseException] = []

    def run(country: str) -> None:
        try:
            play(clients[country], **options.get(country, {}))
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    assert not any(t.is_alive() for t in threads)


def scripted_move(game: Any, country: str, humans: list[str], number: int) -> str:
    """The JSON of a scripted team's move: begin diplomacy, accept what waits for it, propose
    trade to the next team two times in three while it has delegations, end each phase."""
    phase = game.phase.value
    if phase == "news":
        return '{"kind": "begin_diplomacy"}'
    if phase != "diplomacy":
        return '{"kind": "end_compliance", "keep": []}'
    waiting = [n for n in game.open_negotiations(country)
               if country in n.waiting_for and n.current.by != country]
    if waiting:
        return f'{{"kind": "accept", "negotiation": {waiting[0].id}}}'
    if game.delegations_left(country) > 0 and number % 3:
        partner = humans[(humans.index(country) + 1) % len(humans)]
        return (f'{{"kind": "propose", "parties": ["{country}", "{partner}"], '
                f'"clauses": [{json.dumps(TRADE)}], "duration": 5}}')
    return '{"kind": "end_diplomacy"}'

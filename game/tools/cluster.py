"""Games of a tournament or a balance report played by worker processes that connect over TCP
(``--cluster HOST:PORT`` on the command; ``python run_game.py worker --connect HOST:PORT`` for
each worker), so that a run can use more than one machine (issue 17).

The coordinator listens; every worker that connects (and proves the shared key, the
``DIPLOMASI_CLUSTER_KEY`` environment variable, with ``multiprocessing.connection``'s
challenge) is given one game at a time. The key is checked on a thread of its own for each
connection, within ``HANDSHAKE_SECONDS``: a client that connects and never answers is cut off
then, and never keeps other workers from joining. A run started without a key makes one and
prints it with the command a worker must run. Messages are JSON (never pickles): a job, the name of
the function that plays it (one of ``PLAYERS``: nothing else can be asked of a worker), and the
record back. A worker that goes away (killed, its machine off the network) loses nothing: the
game it held goes back to the front of the queue for another worker, at most ``REQUEUES``
times. The records are handed to the same ``finish`` as the local pool's (``game.tools.runs``):
normalised through JSON, journalled, merged by index, so a cluster run gives results
byte-identical to ``--jobs 1``.

Only a loopback address is accepted (127.0.0.1, ::1 or localhost): a run over several machines
goes through SSH tunnels (``docs/performance.md``), which carry the authentication and the
encryption that a bare socket would not.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import queue
import secrets
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import (
    Client,
    Connection,
    Listener,
    answer_challenge,
    deliver_challenge,
    wait,
)
from typing import Any

#: The functions a worker may be asked to play a job with.
PLAYERS = {
    "tournament": ("game.tools.tournament", "play_job"),
    "balance": ("game.analysis.balance", "play_job"),
}
#: Times a game whose worker went away is handed to another worker before it is reported failed.
REQUEUES = 3
KEY_VARIABLE = "DIPLOMASI_CLUSTER_KEY"
#: Seconds a connecting client has to prove the key before it is cut off.
HANDSHAKE_SECONDS = 10.0
#: Connections proving the key at the same time; more are closed at once (a flood of idle
#: connections cannot make threads without end).
HANDSHAKES_AT_ONCE = 32


class ClusterError(Exception):
    """A cluster address or key that cannot be used; ``key`` names the message (``cluster.<key>``)."""

    def __init__(self, key: str, **values: Any):
        self.key = key
        self.values = values
        super().__init__(f"{key}: {values}")


def parse_address(text: str) -> tuple[str, int]:
    """(host, port) of ``HOST:PORT`` (port 0: any free one); ClusterError unless the host is a
    loopback address."""
    host, colon, port = text.rpartition(":")
    host = host.strip("[]")
    if not colon or not port.isdigit() or not 0 <= int(port) < 65536:
        raise ClusterError("bad_address", address=text)
    if host != "localhost":
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise ClusterError("not_loopback", address=text)
    return host, int(port)


def cluster_key(create: bool = False) -> bytes:
    """The shared key from the environment; a fresh one (put in the environment, for workers
    this process starts) when ``create`` and none is set; ClusterError otherwise."""
    key = os.environ.get(KEY_VARIABLE, "")
    if not key:
        if not create:
            raise ClusterError("no_key", variable=KEY_VARIABLE)
        key = secrets.token_hex(16)
        os.environ[KEY_VARIABLE] = key
    return key.encode("utf-8")


def player_name(worker: Callable[..., Any]) -> str:
    """The name in ``PLAYERS`` of a job-playing function; ClusterError for any other."""
    for name, (module, function) in PLAYERS.items():
        if worker.__module__ == module and worker.__name__ == function:
            return name
    raise ClusterError("unknown_player", player=f"{worker.__module__}.{worker.__name__}")


def _send(connection: Connection, message: dict[str, Any]) -> None:
    connection.send_bytes(json.dumps(message, sort_keys=True).encode("utf-8"))


def _receive(connection: Connection) -> dict[str, Any]:
    message = json.loads(connection.recv_bytes().decode("utf-8"))
    if not isinstance(message, dict):
        raise ValueError("not a message")
    return message


class Coordinator:
    """The listening end: hands out jobs, takes records back, re-queues a lost worker's job.

    ``show_key``: the key was made by this run (no ``DIPLOMASI_CLUSTER_KEY`` was set), so the
    notice that it listens says it, with the command a worker must run."""

    def __init__(self, address: tuple[str, int], key: bytes, show_key: bool = False,
                 handshake_seconds: float = HANDSHAKE_SECONDS):
        family = "AF_INET6" if ":" in address[0] else "AF_INET"
        # no authkey here: accept() would check it on the one accepting thread, where a client
        # that never answers holds up every worker after it; _admit checks it instead
        self.listener = Listener(address, family=family)
        self.address = self.listener.address
        self._key = key
        self.show_key = show_key
        self.handshake_seconds = handshake_seconds
        self._arrivals: queue.Queue[Connection] = queue.Queue()
        self._slots = threading.BoundedSemaphore(HANDSHAKES_AT_ONCE)
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                connection = self.listener.accept()
            except OSError:  # the listener was closed, or a connection failed on arrival
                if self._closed:
                    return
                continue
            if not self._slots.acquire(blocking=False):
                connection.close()  # too many proving the key at once: this one may retry
                continue
            threading.Thread(target=self._admit, args=(connection,), daemon=True).start()

    def _admit(self, connection: Connection) -> None:
        """Check the key of one connection within ``handshake_seconds`` (on its own thread);
        a worker that proves it waits in ``_arrivals``, any other is closed."""
        lock = threading.Lock()
        state = {"checked": False, "cut": False}

        def cut_off() -> None:  # shut the socket: a read waiting for bytes that never come ends
            with lock:
                if state["checked"]:
                    return
                state["cut"] = True
                with contextlib.suppress(OSError), socket.socket(
                        fileno=os.dup(connection.fileno())) as duplicate:
                    duplicate.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(self.handshake_seconds, cut_off)
        timer.daemon = True
        timer.start()
        admitted = False
        try:
            deliver_challenge(connection, self._key)
            answer_challenge(connection, self._key)
            admitted = True
        except Exception:  # a wrong key (AuthenticationError), silence cut off, a closed socket
            pass
        finally:
            timer.cancel()
            with lock:
                state["checked"] = True
                admitted = admitted and not state["cut"]
            self._slots.release()
        if admitted and not self._closed:
            self._arrivals.put(connection)
        else:
            connection.close()

    def run(self, jobs: list[dict[str, Any]], player: str, finish: Callable[[dict[str, Any]], None],
            failed: Callable[[dict[str, Any], str], dict[str, Any]],
            notice: Callable[[str, dict[str, Any]], None] | None = None,
            deadline: float | None = None) -> None:
        """Play every job on the workers that connect; ``finish`` gets each record (in the
        order they end), ``failed(job, reason)`` makes the record of a game given up on.
        ``deadline`` (seconds) bounds the run, for tests: TimeoutError after it."""
        pending = deque(jobs)
        held: dict[Connection, dict[str, Any]] = {}
        idle: list[Connection] = []
        losses: dict[int, int] = {}
        started = time.monotonic()
        tell = notice or (lambda key, values: None)
        address = f"{self.address[0]}:{self.address[1]}"
        if self.show_key:
            tell("waiting_new_key", {"address": address, "variable": KEY_VARIABLE,
                                     "secret": self._key.decode("utf-8")})
        else:
            tell("waiting", {"address": address, "variable": KEY_VARIABLE})

        def lost(connection: Connection) -> None:
            job = held.pop(connection, None)
            if connection in idle:
                idle.remove(connection)
            connection.close()
            if job is None:
                return
            losses[job["index"]] = losses.get(job["index"], 0) + 1
            tell("lost", {"index": job["index"]})
            if losses[job["index"]] <= REQUEUES:
                pending.appendleft(job)
            else:
                finish(failed(job, f"its worker went away {losses[job['index']]} times"))

        while pending or held:
            if deadline is not None and time.monotonic() - started > deadline:
                raise TimeoutError("the cluster run took longer than its deadline")
            while True:
                try:
                    idle.append(self._arrivals.get_nowait())
                    tell("joined", {})
                except queue.Empty:
                    break
            while idle and pending:
                connection, job = idle.pop(), pending.popleft()
                held[connection] = job
                try:
                    _send(connection, {"player": player, "job": job})
                except (OSError, ValueError):
                    lost(connection)
            for connection in wait(list(held) + idle, timeout=0.2):
                try:
                    reply = _receive(connection)
                except (EOFError, OSError, ValueError, UnicodeDecodeError):
                    lost(connection)
                    continue
                job = held.get(connection)
                if job is None or reply.get("index") != job["index"]:
                    lost(connection)  # an idle worker speaking, or a record of another game
                    continue
                del held[connection]
                idle.append(connection)
                record = reply.get("record")
                if (reply.get("kind") == "done" and isinstance(record, dict)
                        and record.get("index") == job["index"]):
                    finish(record)
                else:
                    finish(failed(job, str(reply.get("error", "the worker sent no record"))[:800]))
        for connection in idle + list(held):
            with contextlib.suppress(OSError, ValueError):
                _send(connection, {"stop": True})
            connection.close()

    def close(self) -> None:
        self._closed = True
        self.listener.close()


def serve(address: tuple[str, int], key: bytes, retry_seconds: float = 30.0,
          log: Callable[[str], None] | None = None) -> int:
    """A worker: connect (trying again for ``retry_seconds`` while nobody listens), play the
    jobs sent one at a time, stop when told or when the coordinator goes away. The number of
    games played."""
    import importlib
    import traceback

    family = "AF_INET6" if ":" in address[0] else "AF_INET"
    started = time.monotonic()
    while True:
        try:
            connection = Client(address, family=family, authkey=key)
            break
        except OSError:
            if time.monotonic() - started > retry_seconds:
                raise
            time.sleep(0.2)
    played = 0
    with connection:
        while True:
            try:
                message = _receive(connection)
            except (EOFError, OSError, ValueError):
                return played
            if message.get("stop"):
                return played
            job = message.get("job")
            found = PLAYERS.get(str(message.get("player")))
            if found is None or not isinstance(job, dict):
                return played
            play = getattr(importlib.import_module(found[0]), found[1])
            try:
                reply = {"index": job.get("index"), "kind": "done", "record": play(job)}
                text = json.dumps(reply, sort_keys=True)
            except Exception as error:  # a bug in one game: reported, the run goes on
                lines = traceback.format_exception(error)
                reply = {"index": job.get("index"), "kind": "error",
                         "error": "".join(lines[-3:]).strip()[-800:]}
                text = json.dumps(reply, sort_keys=True)
            connection.send_bytes(text.encode("utf-8"))
            played += 1
            if log is not None:
                log(f"game {job.get('index')} played")


def start_local_workers(address: tuple[str, int], count: int) -> list[Any]:
    """``count`` worker processes on this machine connecting to ``address`` (the key is passed
    in their environment)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    text = f"[{address[0]}]:{address[1]}" if ":" in address[0] else f"{address[0]}:{address[1]}"
    return [subprocess.Popen([sys.executable, "-m", "game.tools.worker", "--connect", text],
                             cwd=root, env=dict(os.environ), stdin=subprocess.DEVNULL)
            for _ in range(count)]


def run_on_cluster(jobs: list[dict[str, Any]], address_text: str, local_workers: int,
                   worker: Callable[..., Any], finish: Callable[[dict[str, Any]], None],
                   failed: Callable[[dict[str, Any], str], dict[str, Any]],
                   notice: Callable[[str, dict[str, Any]], None] | None = None) -> None:
    """Listen on ``address_text``, start ``local_workers`` workers here, and play ``jobs`` on
    every worker that connects (ClusterError for an address or key that cannot be used)."""
    player = player_name(worker)
    address = parse_address(address_text)
    made = not os.environ.get(KEY_VARIABLE)
    key = cluster_key(create=local_workers > 0 or KEY_VARIABLE in os.environ)
    coordinator = Coordinator(address, key, show_key=made)
    processes = start_local_workers(coordinator.address, local_workers)
    try:
        coordinator.run(jobs, player, finish, failed, notice)
    finally:
        coordinator.close()
        for process in processes:
            try:
                process.wait(timeout=10)
            except Exception:
                process.kill()
                process.wait(timeout=5)

"""Bots from files play in their own process, with a time limit per decision and a memory limit.

``SandboxedBot`` looks like a bot to ``BotController`` (it has ``act`` and ``close``) but runs
the student's class in a child process, ``python -m game.agents.bots.host FILE CLASS``, and
talks to it in JSON lines over pipes, each observation pickled after its line (see ``host``
for the protocol and how the bot's own printing is kept off the protocol channel). The child
is started on the first decision. The controller hands it the observation in two parts
(``act_apart``): the seat's own fields, pickled for the request, and the fields every seat sees
alike, pickled once while they hold and sent once to each child, which keeps the bytes and
unpickles them for every request (each seat its own copy; issue 17).

In a tournament's worker (``keep_processes``) one child serves **every seat of a bot** and
lives from one game to the next (issue 17): each seat has its own bot object in it, made from
its own copy of the bot's file, with its own random numbers (``host``), and each request names
its seat. At a game's end the child is kept and the next game starts with a reset (every seat
forgotten). Outside a tournament each ``SandboxedBot`` has a child of its own.

Every failure raises ``BotFailure`` with its reason, which the controller records as a forfeit
(the bot passes that decision) while the game goes on:

- no answer within ``time_limit`` seconds → ``timeout``; the child is killed (with anything it
  started: it runs in its own process group);
- the child ends (``os._exit``, a crash, a signal, the memory limit hit outside Python) →
  ``died`` (``memory`` when its last words say it ran out of memory);
- a line that is not the protocol → ``junk``; the child is killed;
- the bot raised, ran out of memory inside Python, called ``sys.exit`` or returned something
  that is not JSON → ``exception``, ``memory``, ``exit``, ``garbage``; the child lives on.

A killed or dead child is restarted on the next decision of any of its seats; every seat's
bot object went with it, so each seat makes a new one (its memory of the game is lost). The
seat whose decision failed is charged: it may fail once a game, and after a second failure it
forfeits every remaining decision of the game (``dead``) without waiting, while the bot's other
seats play on. A file that cannot be loaded forfeits every decision of that seat
(``load_failed``) and is not restarted. The memory limit is the child's: the seats share it.

With ``isolated`` the child runs in a sandbox of its own (``isolation``: bubblewrap's
namespaces on Linux): it cannot see, signal or read any other process, has no network, sees a
read-only system and a small private temporary folder, and everything it starts ends with it.
Without it, the child runs as the user who started the tournament, with that user's rights: the
limits then protect the tournament from mistakes, not the computer from a malicious bot. POSIX
only (Linux, macOS): the limits come from ``resource`` and the time limit from ``select``.
"""

from __future__ import annotations

import contextlib
import gc
import io
import itertools
import json
import os
import pickle
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from game.agents.bots import isolation
from game.agents.bots.controller import BotFailure, TakesObservationApart
from game.agents.bots.host import PICKLE_PROTOCOL, RESET

DEFAULT_TIME_LIMIT = 2.0
DEFAULT_MEMORY_MB = 512
#: Seconds to start the child and load the bot's file (imports can be slow the first time).
LOAD_TIME = 10.0
#: Times a dead child is started again in one game.
RESTARTS = 1
#: A reply longer than this is junk.
MAXIMUM_REPLY_BYTES = 8 * 1024 * 1024
#: A reply with more brackets than this is junk (read before decoding, so that a deeply nested
#: line cannot make the tournament's own decoder fail).
MAXIMUM_REPLY_BRACKETS = 100_000
#: The package root, so the child can import ``game`` wherever the tournament was started.
PROJECT_ROOT = Path(__file__).resolve().parents[3]


class Child:
    """One bot process and what the tournament knows of it: the seats it has made, the
    requests sent, the bytes read past the last reply, and the seats (``SandboxedBot``) that
    use it now (``users``)."""

    def __init__(self, key: tuple):
        self.key = key
        self.process: subprocess.Popen[bytes] | None = None
        self.stderr: Any = None
        self.buffer = b""
        self.request = 0
        self.seats: set[str] = set()
        self.users = 0
        #: The public fields' pickle this process keeps (``request_apart``), None when none.
        self.public: bytes | None = None

    def start(self, command: list[str], environment: dict[str, str]) -> None:
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in kill
        self.buffer = b""
        self.seats = set()
        self.public = None
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
            bufsize=0, start_new_session=True, env=environment,
        )
        os.set_blocking(self.process.stdin.fileno(), False)  # type: ignore[union-attr]

    def adopt(self, process: subprocess.Popen[bytes], stderr: Any) -> None:
        """A process kept from an earlier game (its seats are forgotten by a reset)."""
        self.process, self.stderr, self.buffer, self.seats = process, stderr, b"", set()
        self.public = None

    def write(self, data: bytes, deadline: float, limit: float) -> None:
        assert self.process is not None and self.process.stdin is not None
        fd = self.process.stdin.fileno()
        view = memoryview(data)
        while True:  # written at once while the pipe has room (a request is far smaller)
            try:
                view = view[os.write(fd, view):]
            except BlockingIOError:
                pass
            except (BrokenPipeError, OSError):
                raise self.death() from None
            if not view:
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BotFailure("timeout", f"no answer within {limit:g} s")
            select.select([], [fd], [], remaining)

    def reply(self, deadline: float, limit: float, waiting: str = "") -> dict[str, Any]:
        """The next line from the child as a JSON object (``limit`` and ``waiting`` say, in a
        time-out's detail, which limit was passed: the decision's or the load's)."""
        assert self.process is not None and self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BotFailure("timeout", f"no answer within {limit:g} s{waiting}")
            readable, _, _ = select.select([fd], [], [], remaining)
            if not readable:
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise self.death()
            self.buffer += chunk
            if len(self.buffer) > MAXIMUM_REPLY_BYTES:
                raise BotFailure("junk", f"an answer longer than {MAXIMUM_REPLY_BYTES} bytes")
        line, _, self.buffer = self.buffer.partition(b"\n")
        if line.count(b"[") + line.count(b"{") > MAXIMUM_REPLY_BRACKETS:
            raise BotFailure("junk", f"an answer with more than {MAXIMUM_REPLY_BRACKETS} "
                                     "brackets (no real answer has that many)")
        try:
            reply = json.loads(line)
        except ValueError:
            raise BotFailure("junk", f"not JSON: {line[:80]!r}") from None
        except RecursionError:  # nested deeper than the decoder goes: never a real answer
            raise BotFailure("junk", "an answer nested too deeply to read") from None
        if not isinstance(reply, dict):
            raise BotFailure("junk", f"not a JSON object: {line[:80]!r}")
        return reply

    def death(self) -> BotFailure:
        """Why the child ended: its exit status and the last lines it wrote to stderr."""
        assert self.process is not None
        try:
            code = self.process.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            code = None
        last_words = self._stderr_tail()
        if code is not None and code < 0:
            try:
                status = f"killed by {signal.Signals(-code).name}"
            except ValueError:
                status = f"killed by signal {-code}"
        else:
            status = f"exit status {code}"
        memory = "MemoryError" in last_words or "Cannot allocate memory" in last_words
        detail = f"{status}; {last_words}" if last_words else status
        return BotFailure("memory" if memory else "died", detail[:1500])

    def _stderr_tail(self, size: int = 600) -> str:
        if self.stderr is None:
            return ""
        try:
            self.stderr.flush()
            end = self.stderr.seek(0, os.SEEK_END)
            self.stderr.seek(max(0, end - size))
            return self.stderr.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""

    def stop(self) -> None:
        """Stop the child (it gets end of input first and a moment to leave)."""
        process = self.process
        if process is not None:
            try:
                if process.stdin is not None:
                    process.stdin.close()
                process.wait(timeout=0.5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()

    def kill(self) -> None:
        """Kill the child with everything it started; every seat's bot object goes with it."""
        process, self.process, self.seats, self.public = self.process, None, set(), None
        if process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            for stream in (process.stdin, process.stdout):
                try:
                    if stream is not None:
                        stream.close()
                except OSError:
                    pass
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5.0)
        if self.stderr is not None:
            self.stderr.close()
            self.stderr = None

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # never raise from a finaliser
            self.kill()


#: Numbers the seats of this process (the requests name their seat with it).
_seat_numbers = itertools.count(1)


class SandboxedBot(TakesObservationApart):
    """A bot class from a Python file playing one seat, in a child process (see the module
    docstring); the seats of one bot share the child while ``keep_processes`` is on (unless
    it was told not to share seats). The controller calls ``act_apart`` (the public fields
    pickled once for every seat); ``act`` takes a whole observation."""

    def __init__(self, path: str | Path, class_name: str, time_limit: float = DEFAULT_TIME_LIMIT,
                 memory_mb: int = DEFAULT_MEMORY_MB, restarts: int = RESTARTS,
                 load_time: float = LOAD_TIME, isolated: bool = False,
                 hidden: Sequence[str | Path] = ()):
        self.path = Path(path).resolve()  # absolute: the sandbox starts in its own folder
        self.isolated = isolated
        self.hidden = [str(p) for p in hidden]  # out of the isolated bot's sight
        self.class_name = class_name
        self.name = f"{self.path.name}:{class_name}"
        self.time_limit = time_limit
        self.memory_mb = memory_mb
        self.restarts_left = restarts
        self.load_time = load_time
        self.seat = str(next(_seat_numbers))
        self.child: Child | None = None
        self.dead: BotFailure | None = None  # set once the bot will not be started again

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        """The child process this seat plays in now (None before it starts, after it ends)."""
        return None if self.child is None else self.child.process

    # --- what the controller calls -----------------------------------------------------------
    def act(self, observation: dict[str, Any]) -> Any:
        """The bot's actions for ``observation`` (sent whole, pickled)."""
        return self._ask(lambda child: (request_pickled(child.request, observation, self.seat),
                                        child.public))

    def act_apart(self, own: dict[str, Any], public: dict[str, Any]) -> Any:
        """The bot's actions for the observation ``own.update(public)`` (``observe_apart``):
        ``own`` pickled for this request, ``public`` pickled once while it is the same object
        and sent to the process once; the process unpickles both for each request, so every
        seat gets its own copy (issue 17)."""
        return self._ask(lambda child: request_apart(child.request, own, public, self.seat,
                                                     child.public))

    def _ask(self, request: Callable[[Child], tuple[bytes, bytes | None]]) -> Any:
        """The answer to ``request(child)``'s message (and the public pickle the process keeps
        once it is written)."""
        if self.dead is not None:
            raise BotFailure("dead", f"after {self.dead.reason}: {self.dead.detail}"[:500])
        child = self._attach()
        if child.process is None:
            self._start()
        if self.seat not in child.seats:
            self._load_seat(child)
        child.request += 1
        message, public = request(child)
        deadline = time.monotonic() + self.time_limit
        try:
            child.write(message, deadline, self.time_limit)
            child.public = public
            reply = child.reply(deadline, self.time_limit)
        except BotFailure as failure:
            raise self._lost(failure) from None
        if reply.get("id") != child.request:
            raise self._lost(BotFailure("junk", f"answer to request {reply.get('id')!r}, "
                                                f"expected {child.request}"))
        if "error" in reply:
            reason = str(reply["error"])
            raise BotFailure(reason if reason in ("exception", "memory", "exit", "garbage")
                             else "junk", str(reply.get("detail", ""))[:1500])
        if "actions" not in reply:
            raise self._lost(BotFailure("junk", "an answer without actions"))
        return reply["actions"]

    def close(self) -> None:
        """This seat's game is over. The last seat of a child to close stops it (it gets end of
        input first and a moment to leave), or keeps it for the next game when processes are
        kept and it is healthy."""
        child, self.child = self.child, None
        if child is None:
            return
        child.users -= 1
        if child.users > 0:
            return  # the bot's other seats of this game still play in it
        if _active.get(child.key) is child:
            del _active[child.key]
        if (_pool is not None and child.process is not None and not child.buffer
                and child.process.poll() is None):
            _pool.give(child.key, child.process, child.stderr)
            child.process, child.stderr = None, None
            return
        child.stop()

    # --- the child process -------------------------------------------------------------------
    def command(self) -> list[str]:
        """The child's command line (inside the sandbox when ``isolated``)."""
        command = [sys.executable, "-m", "game.agents.bots.host", str(self.path),
                   self.class_name, "--memory", str(self.memory_mb)]
        if not self.isolated:
            return command
        return isolation.wrap(command, [PROJECT_ROOT, self.path.resolve().parent], self.hidden)

    def _key(self) -> tuple:
        """What a process must share with this bot to serve it: its file, class, memory and
        sandbox (a process isolated with other files hidden is not this bot's)."""
        return (str(self.path.resolve()), self.class_name, self.memory_mb, self.isolated,
                tuple(str(p) for p in self.hidden))

    def environment(self) -> dict[str, str]:
        """The child's environment: the tournament's, or only what it needs when isolated."""
        python_path = os.environ.get("PYTHONPATH", "")
        # Same hashes every run (a bot iterating over a set plays the same game), and one
        # thread for numerical libraries, whose thread pools would eat the memory limit.
        settings = {"PYTHONPATH": os.pathsep.join(p for p in (str(PROJECT_ROOT), python_path) if p),
                    "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                    "MKL_NUM_THREADS": "1", "PYTHONIOENCODING": "utf-8"}
        if self.isolated:
            return isolation.environment(settings)
        return {**os.environ, **settings}

    def _attach(self) -> Child:
        """The child this seat plays in: the one its bot's other seats of this game use while
        processes are kept (a tournament's worker), else a child of its own."""
        if self.child is None:
            key = self._key()
            shared = _pool is not None and _share
            child = _active.get(key) if shared else None
            if child is None:
                child = Child(key)
                if shared:
                    _active[key] = child
            child.users += 1
            self.child = child
        return self.child

    def _start(self) -> None:
        """Start the child's process (or take one kept from an earlier game)."""
        child = self._attach()
        if _pool is not None and self._restart_kept(child):
            return
        child.start(self.command(), self.environment())
        try:
            hello = child.reply(time.monotonic() + self.load_time, self.load_time,
                                " of starting (the time to load a bot)")
        except BotFailure as failure:
            child.kill()
            self.dead = BotFailure("load_failed", f"{failure.reason}: {failure.detail}")
            raise self.dead from None
        if not hello.get("ready"):
            child.kill()
            self.dead = BotFailure("load_failed", str(hello.get("detail", hello))[:1500])
            raise self.dead

    def _load_seat(self, child: Child) -> None:
        """Have the child make this seat's bot (its file executed afresh, a new object). A file
        that cannot be loaded, hangs or ends the process as it loads is ``load_failed`` for
        good (the process is killed when it hangs); a reply that is not the protocol is junk."""
        deadline = time.monotonic() + self.load_time
        message = json.dumps({"seat": self.seat, "load": True}).encode() + b"\n"
        try:
            child.write(message, deadline, self.load_time)
            hello = child.reply(deadline, self.load_time, " of starting (the time to load a bot)")
        except BotFailure as failure:
            if failure.reason == "junk":
                raise self._lost(failure) from None
            child.kill()
            self.dead = BotFailure("load_failed", f"{failure.reason}: {failure.detail}")
            raise self.dead from None
        if hello.get("seat") == self.seat and hello.get("ready"):
            child.seats.add(self.seat)
            return
        if hello.get("seat") == self.seat and hello.get("error") == "load_failed":
            self.dead = BotFailure("load_failed", str(hello.get("detail", ""))[:1500])
            raise self.dead
        raise self._lost(BotFailure("junk", f"not an answer to a load: {str(hello)[:80]!r}"))

    def _restart_kept(self, child: Child) -> bool:
        """Take a process of the same file kept from an earlier game and have it forget that
        game's seats; False when none is kept or it does not answer as a fresh start would
        (then a new process is started: a kept process never costs a forfeit)."""
        assert _pool is not None
        kept = _pool.take(self._key())
        if kept is None:
            return False
        child.adopt(*kept)
        try:
            child.write(RESET + b"\n", time.monotonic() + self.load_time, self.load_time)
            hello = child.reply(time.monotonic() + self.load_time, self.load_time)
        except BotFailure:
            hello = {}
        if hello.get("ready"):
            return True
        child.kill()
        return False

    def _lost(self, failure: BotFailure) -> BotFailure:
        """The child can no longer be trusted: kill it (every seat's bot object in it goes;
        each seat makes a new one at its next decision); this seat starts it again later, or
        never."""
        if self.child is not None:
            self.child.kill()
        if self.restarts_left > 0:
            self.restarts_left -= 1
        else:
            self.dead = failure
        return failure

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # never raise from a finaliser
            self.close()


def request_bytes(request: int, observation: dict[str, Any], seat: str | None = None) -> bytes:
    """The request line for ``observation`` in JSON, which the bot's process accepts too
    (the tournament sends ``request_pickled``): ``{"id": ..., "seat": ..., "observation":
    ...}``, without ``seat`` when it is None. (Its cache of the shared fields' text went with
    the JSON requests: seats17.)"""
    message = {"id": request, **({} if seat is None else {"seat": seat}),
               "observation": observation}
    return json.dumps(message).encode() + b"\n"


def request_pickled(request: int, observation: dict[str, Any], seat: str) -> bytes:
    """The request for a whole ``observation``: a JSON line naming the request, the seat and
    the size of the observation that follows, pickled (issue 17: a fifth of the JSON's cost to
    make and a third to read). Only the tournament pickles, only the bot's process unpickles:
    a reply is always JSON, never unpickled. The pickler keeps no memo, so a list that appears
    twice arrives as two lists, as from JSON; an observation is JSON data only
    (``tests/test_shared_bot_process.py`` checks it), so the bot gets the very values and
    types JSON would give it."""
    payload = pickled(observation)
    header = json.dumps({"id": request, "seat": seat, "size": len(payload)}).encode()
    return header + b"\n" + payload


def request_apart(request: int, own: dict[str, Any], public: dict[str, Any], seat: str,
                  kept: bytes | None = None) -> tuple[bytes, bytes]:
    """The request for the observation ``own.update(public)`` as the tournament sends it
    (``observe_apart``'s parts), and the pickle of ``public`` the bot's process keeps once it
    has read it: a JSON line ``{"id", "seat", "size", "public"}``, ``own`` pickled (``size``
    bytes), then ``public`` pickled (``public`` bytes), or nothing when the process keeps these
    very bytes already (``kept``; then ``"public": 0``). The process unpickles both for each
    request, so each seat gets its own copy, equal in value, type and key order to
    ``request_pickled``'s observation; ``public`` is pickled once while it is the same object
    (issue 17: it is most of an observation, alike for every seat)."""
    payload, public_payload = pickled(own), pickled_public(public)
    fresh = public_payload is not kept
    header = json.dumps({"id": request, "seat": seat, "size": len(payload),
                         "public": len(public_payload) if fresh else 0}).encode()
    return header + b"\n" + payload + (public_payload if fresh else b""), public_payload


def pickled(value: Any, memo: bool = False) -> bytes:
    """``value`` pickled for the bot's process, without memo (nothing arrives shared), or with
    it (``memo``: each string written once, a list or dict that appears twice arriving as one:
    only for a value in which none does)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=PICKLE_PROTOCOL)
    pickler.fast = not memo  # no memo: nothing shared, as in JSON (an observation has no cycle)
    pickler.dump(value)
    return buffer.getvalue()


def shares_nothing(value: Any) -> bool:
    """Whether no list, dict or tuple appears twice in ``value`` (counted level by level: the
    references are listed by the collector's own traversal, which is fast)."""
    level, total, known = [value], 1, {id(value)}
    while level:
        level = [item for item in gc.get_referents(*level) if isinstance(item, _CONTAINERS)]
        total += len(level)
        known.update(map(id, level))
        if len(known) != total:  # one seen before (so a cycle ends here too)
            return False
    return True


_CONTAINERS = (list, dict, tuple)


#: The last public fields pickled and their pickle (``pickled_public``).
_public_pickle: tuple[dict[str, Any], bytes] | None = None


def pickled_public(public: dict[str, Any]) -> bytes:
    """``public`` pickled, once while it is the same object (the kept public fields of
    ``observe_apart``, which nothing changes: every seat of a round gets the same bytes, the
    very object, so that a process keeping them is known by identity). With the pickler's memo
    when no list or dict appears twice in it (then only the dicts' keys and other strings
    repeat, written once: a third smaller and read in about half the time; the copy unpickled
    has the same values, types and lists and dicts as without memo), else without."""
    global _public_pickle
    if _public_pickle is None or _public_pickle[0] is not public:
        _public_pickle = (public, pickled(public, memo=shares_nothing(public)))
    return _public_pickle[1]


class KeptProcesses:
    """Bot processes kept between the games of a tournament (issue 17: starting one per seat
    per game was most of what a bot from a file cost). A process is kept when the last of its
    seats closes at the game's end and it is healthy (alive, nothing unread); the next game's
    first seat of the same bot takes it and resets it (``host.RESET``: every seat forgotten,
    each seat loads the file afresh), so no bot object or state of the bot's own modules
    crosses from one game to the next. At most ``limit`` wait at once (the oldest is stopped);
    all are stopped when this process ends."""

    def __init__(self, limit: int):
        self.limit = limit
        self.idle: list[tuple[tuple[str, str, int], subprocess.Popen[bytes], Any]] = []

    def take(self, key: tuple[str, str, int]) -> tuple[subprocess.Popen[bytes], Any] | None:
        for number, (found, process, stderr) in enumerate(self.idle):
            if found == key:
                del self.idle[number]
                if process.poll() is None:
                    return process, stderr
                _stop(process, stderr)
                return self.take(key)
        return None

    def give(self, key: tuple[str, str, int], process: subprocess.Popen[bytes], stderr: Any) -> None:
        self.idle.append((key, process, stderr))
        while len(self.idle) > self.limit:
            _, oldest, oldest_stderr = self.idle.pop(0)
            _stop(oldest, oldest_stderr)

    def clear(self) -> None:
        idle, self.idle = self.idle, []
        for _, process, stderr in idle:
            _stop(process, stderr)


def _stop(process: subprocess.Popen[bytes], stderr: Any) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    for stream in (process.stdin, process.stdout, stderr):
        with contextlib.suppress(OSError, AttributeError):
            stream.close()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5.0)


_pool: KeptProcesses | None = None
#: The children that seats of the game being played use now, by key (only while processes are
#: kept: one child per bot serves all its seats).
_active: dict[tuple, Child] = {}
#: Whether the seats of a bot share its process while processes are kept.
_share = True


def keep_processes(limit: int = 16, share_seats: bool = True) -> KeptProcesses:
    """From now on, keep the processes of bots whose game ended (see ``KeptProcesses``) and,
    with ``share_seats``, have one process serve every seat of a bot in a game; without it each
    seat has a process of its own (``--process-per-seat``: a bot's seats cannot pass anything to
    each other). The tournament's worker calls this before each game. The kept processes."""
    global _pool, _share
    _share = share_seats
    if _pool is None:
        import atexit

        _pool = KeptProcesses(limit)
        atexit.register(_pool.clear)
    return _pool


def stop_keeping() -> None:
    """Stop every kept process and keep none from now on."""
    global _pool
    if _pool is not None:
        _pool.clear()
    _pool = None
    active = list(_active.values())
    _active.clear()
    for child in active:
        child.kill()

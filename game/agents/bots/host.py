"""The bot's own process: ``python -m game.agents.bots.host FILE CLASS [--memory MB]``.

Started by ``game.agents.bots.sandbox``, never by hand. It speaks JSON lines with the
tournament over private copies of its stdin and stdout, then points the bot's stdin at
/dev/null and its stdout (file descriptor 1 too) at stderr, so nothing the bot prints or reads
can touch the protocol. Before it loads the bot it limits its own address space (the memory
limit), the size of files it may write and core dumps.

One process serves every seat its bot plays (issue 17): each **seat** has its own bot object,
made from its own copy of the bot's file and of the modules beside it (the file is executed
once per seat), and its own state of Python's global random numbers (and numpy's, once numpy
is imported), saved when another seat decides and put back before its own next decision, so
that a seat decides as it would in a process of its own. Modules from elsewhere (the standard library,
numpy, ``game``) are shared, as they were between the games of a kept process.

Protocol (one JSON object a line): the host first says ``{"ready": true}``. ``{"seat": S,
"load": true}`` makes seat S's bot: ``{"seat": S, "ready": true, "name": ...}`` or ``{"seat":
S, "error": "load_failed", "detail": ...}``. Then for each request ``{"id": N, "seat": S,
"observation": {...}}`` it answers ``{"id": N, "actions": [...]}`` or ``{"id": N, "error":
REASON, "detail": TEXT}`` with REASON one of exception, memory, exit, garbage. The tournament
sends a request's observation pickled after its line instead: ``{"id": N, "seat": S, "size":
BYTES}`` then BYTES of pickle (protocol ``PICKLE_PROTOCOL``), which this process reads in about
half the time of the same observation in JSON; or ``{"id": N, "seat": S, "size": BYTES,
"public": MORE}`` (``sandbox.request_apart``): BYTES of the seat's own fields pickled, then MORE
bytes of the fields every seat sees alike pickled, which this process keeps (``"public": 0``:
none follow, the kept ones hold), and the observation is the own fields updated with the public
ones, both unpickled for this request (each seat gets its own copy). Pickle goes one way only,
from the tournament to the bot's process; every reply is JSON. ``{"reset": true}`` starts a
new game: every seat is forgotten (its object and its modules, and the kept public fields) and
the host answers ``{"ready": true}``. End of input ends the process.

This module imports nothing heavy: the bot's process starts in a few hundredths of a second.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import pickle
import random
import re
import sys
import threading
import time
import traceback
from typing import Any, BinaryIO

#: The request that starts a new game in the same process (``game.agents.bots.sandbox`` keeps
#: a tournament's bot processes from one game to the next): every seat is forgotten, so nothing
#: of the last game is left in the bot's module; each seat of the next game loads the file again.
RESET = b'{"reset": true}'
#: Largest file the bot may write, and so the most its printing can fill on disk.
FILE_SIZE_LIMIT = 16 * 1024 * 1024
#: The pickle protocol of the observations the tournament sends.
PICKLE_PROTOCOL = 5
#: Bytes read from the tournament at once (a request in one read, mostly).
REQUEST_BUFFER = 1 << 16
#: The name the bot's file is loaded under (each seat's copy in turn).
MODULE_NAME = "student_bot"
#: The line of a request the tournament sends (``sandbox.request_apart``), as ``json.dumps``
#: writes it: read without the JSON decoder (``read_header``).
APART_HEADER = re.compile(rb'\{"id": (\d{1,18}), "seat": "(\d{1,18})", "size": (\d{1,18}), '
                          rb'"public": (\d{1,18})\}\r?\n?')


class Seat:
    """One seat's bot: its object, its own modules (name -> module: the bot's file and the
    modules beside it) and its random numbers' states while another seat decides."""

    def __init__(self, bot: Any, modules: dict[str, Any]):
        self.bot = bot
        self.modules = modules
        self.random_state: Any = None
        self.numpy_state: Any = None
        self.known = len(sys.modules)  # after its last decision: a new import changes it


class Seats:
    """Every seat of this process, and the one whose modules and random numbers are in place
    now (``current``): the next seat to decide swaps them, so a seat that decides again before
    any other costs nothing (numpy's state takes 0.3 ms to save and put back)."""

    def __init__(self, file: str, class_name: str):
        self.file = file
        self.class_name = class_name
        folder = os.path.dirname(os.path.abspath(file))
        self.folders = tuple({os.path.join(folder, ""),
                              os.path.join(os.path.realpath(folder), "")})
        self.seats: dict[str, Seat] = {}
        self.current: Seat | None = None

    def load(self, name: str) -> Seat:
        """Seat ``name``'s bot, made as in a fresh process: the bot's own modules taken out
        first (so the file and the modules beside it run again), the random numbers seeded
        afresh from the system, as Python seeds them at its start."""
        self._leave()
        for module_name in self._own_modules():
            del sys.modules[module_name]
        random.seed()
        numpy_random = sys.modules.get("numpy.random")
        if numpy_random is not None:
            numpy_random.seed()
        bot = _load(self.file, self.class_name)
        seat = self.seats[name] = self.current = Seat(bot, self._own_modules())
        return seat

    def enter(self, name: str) -> Seat:
        """Seat ``name`` about to decide: its modules and random states put in place."""
        seat = self.seats[name]
        if seat is self.current:
            return seat
        self._leave()
        sys.modules.update(seat.modules)
        if seat.random_state is not None:
            random.setstate(seat.random_state)
        numpy_random = sys.modules.get("numpy.random")
        if numpy_random is not None:
            if seat.numpy_state is None:
                numpy_random.seed()  # numpy came after this seat's start: fresh, as at import
            else:
                numpy_random.set_state(seat.numpy_state)
        self.current = seat
        return seat

    def keep(self, seat: Seat) -> None:
        """After a decision: any module the seat imported meanwhile is its own too."""
        if len(sys.modules) != seat.known:
            seat.modules = self._own_modules()
            seat.known = len(sys.modules)

    def reset(self) -> None:
        """A new game: every seat forgotten (its modules go at the next seat's load)."""
        self.seats.clear()
        self.current = None

    def _leave(self) -> None:
        """The current seat's random states saved and its own modules taken out."""
        seat, self.current = self.current, None
        if seat is None:
            return
        seat.random_state = random.getstate()
        numpy_random = sys.modules.get("numpy.random")
        seat.numpy_state = None if numpy_random is None else numpy_random.get_state()
        for module_name in seat.modules:
            sys.modules.pop(module_name, None)

    def _own_modules(self) -> dict[str, Any]:
        """The modules of ``sys.modules`` that are the bot's own: its file and the files in
        its folder, but not the game's own package (a bot may sit in the project's folder)."""
        own = {}
        for name, module in list(sys.modules.items()):
            path = getattr(module, "__file__", None)
            if (isinstance(path, str) and path.startswith(self.folders)
                    and name != "game" and not name.startswith("game.")):
                own[name] = module
        return own


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.agents.bots.host")
    parser.add_argument("file")
    parser.add_argument("class_name")
    parser.add_argument("--memory", type=int, default=512, help="address space limit in MB")
    args = parser.parse_args(argv)
    requests, replies = _private_channel()
    _limit(args.memory)
    _watch_parent(os.getppid())
    directory = os.path.dirname(os.path.abspath(args.file))
    if directory not in sys.path:
        sys.path.insert(0, directory)  # the bot may import modules beside it
    seats = Seats(args.file, args.class_name)
    public: bytes | None = None  # the public fields' pickle, as last sent
    _send(replies, {"ready": True})
    for line in requests:
        if line.strip() == RESET:  # a new game: every seat's bot and modules forgotten
            seats.reset()
            public = None
            _send(replies, {"ready": True})
            continue
        try:
            request = read_header(line)
            name = str(request["seat"])
            if request.get("load"):
                _send(replies, _load_seat(seats, name))
                continue
            identifier = request["id"]
            observation, public = read_observation(request, requests, public)
            seat = seats.enter(name)
        except (ValueError, KeyError, TypeError, AttributeError, EOFError, pickle.UnpicklingError):
            return 2  # the tournament never sends this; stop rather than guess
        reply = _decide(seat.bot, observation)
        seats.keep(seat)
        replies.write(b'{"id": %d, %s}\n' % (identifier, reply.encode("utf-8")))
        replies.flush()
    return 0


def read_header(line: bytes) -> Any:
    """A request's line as JSON gives it: the tournament's usual line (``sandbox.request_apart``:
    ``{"id": N, "seat": "S", "size": B, "public": P}``) read by a pattern, any other line by
    the JSON decoder (botcpu17: 2-3 % of a decision's cost in this process)."""
    found = APART_HEADER.fullmatch(line)
    if found is None:
        return json.loads(line)
    identifier, seat, size, public = found.groups()
    return {"id": int(identifier), "seat": seat.decode("ascii"), "size": int(size),
            "public": int(public)}


def read_observation(request: dict[str, Any], requests: BinaryIO,
                     public: bytes | None) -> tuple[dict[str, Any], bytes | None]:
    """A request's observation, this seat's own copy, and the public fields' pickle kept from
    now on (``public``: the one kept so far): in the request's line (JSON), or pickled after
    it, whole (``size``) or in two parts (``size`` and ``public``: the seat's own fields, then
    the public ones' pickle or none when the kept one holds), both unpickled afresh."""
    if "size" not in request:
        return request["observation"], public
    observation = pickle.loads(requests.read(int(request["size"])))
    if "public" in request:
        if request["public"]:
            public = requests.read(int(request["public"]))
        if public is None:
            raise ValueError("no public fields kept")
        observation.update(pickle.loads(public))
    return observation, public


def _load_seat(seats: Seats, name: str) -> dict[str, Any]:
    """Seat ``name``'s bot made, or why it could not be (the reply to a load)."""
    try:
        seat = seats.load(name)
    except BaseException as error:
        seats.seats.pop(name, None)
        return {"seat": name, "error": "load_failed", "detail": _describe(error)}
    return {"seat": name, "ready": True, "name": str(getattr(seat.bot, "name", seats.class_name))}


def _decide(bot: Any, observation: dict[str, Any]) -> str:
    """The reply to one request, as the JSON text of its fields after the id: the bot's
    actions or why there are none."""
    try:
        actions = bot.act(observation)
        # encoded here, inside the error handling: it fails if it is not JSON data
        return f'"actions": {json.dumps(actions)}'
    except MemoryError:
        return _fields({"error": "memory",
                        "detail": "MemoryError: the bot ran out of its memory limit"})
    except (SystemExit, KeyboardInterrupt) as error:
        return _fields({"error": "exit", "detail": f"{type(error).__name__}: {error}"})
    except (TypeError, ValueError, RecursionError) as error:
        if _is_serialisation_error(error):
            return _fields({"error": "garbage", "detail": f"not JSON data: {error}"})
        return _fields({"error": "exception", "detail": _describe(error)})
    except BaseException as error:
        return _fields({"error": "exception", "detail": _describe(error)})


def _fields(message: dict[str, Any]) -> str:
    return json.dumps(message)[1:-1]


def _is_serialisation_error(error: BaseException) -> bool:
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and frames[-1].filename.endswith(os.path.join("json", "encoder.py"))


def _private_channel() -> tuple[BinaryIO, BinaryIO]:
    """The protocol's own copies of stdin and stdout; the bot gets /dev/null and stderr."""
    requests = os.fdopen(os.dup(0), "rb", buffering=REQUEST_BUFFER)
    replies = os.fdopen(os.dup(1), "wb")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    sys.stdout = sys.stderr
    return requests, replies


def _limit(memory_mb: int) -> None:
    """Address space, file size and core dump limits for this process (POSIX only)."""
    try:
        import resource
        import signal
    except ImportError:  # not POSIX: no limits but the time limit
        return
    for limit, wanted in ((resource.RLIMIT_AS, memory_mb * 1024 * 1024),
                          (resource.RLIMIT_FSIZE, FILE_SIZE_LIMIT), (resource.RLIMIT_CORE, 0)):
        try:
            _, hard = resource.getrlimit(limit)
            if hard != resource.RLIM_INFINITY:
                wanted = min(wanted, hard)
            resource.setrlimit(limit, (wanted, hard))
        except (ValueError, OSError):  # some systems (macOS) do not enforce every limit
            pass
    # A write past the file size limit fails with an error the bot sees, instead of a signal.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _watch_parent(parent: int) -> None:
    """End this process if the tournament that started it is gone (even if the bot loops)."""
    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _load(file: str, class_name: str) -> Any:
    """An instance of ``class_name`` from the Python file ``file``, executed afresh (the file
    compiled once while its bytes stay the same: ``_compiled``)."""
    spec = importlib.util.spec_from_file_location(MODULE_NAME, file)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {file}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE_NAME] = module
    exec(_compiled(spec.loader, file), module.__dict__)  # what exec_module does, compiled once
    cls = getattr(module, class_name, None)
    if cls is None:
        raise AttributeError(f"{file} has no {class_name}")
    bot = cls()
    if not callable(getattr(bot, "act", None)):
        raise TypeError(f"{class_name} has no act(observation) method")
    return bot


#: The bot's file as last compiled: its path, its bytes and their code (botcpu17: every seat
#: of every game executes the file afresh, but compiling it each time was a quarter of a load).
_last_compiled: tuple[str, bytes, Any] | None = None


def _compiled(loader: Any, file: str) -> Any:
    """The code of ``file`` as the import system compiles it (``source_to_code``), from its
    bytes read now: compiled again only when they changed."""
    global _last_compiled
    source = loader.get_data(file)
    if _last_compiled is None or _last_compiled[:2] != (file, source):
        _last_compiled = (file, source, loader.source_to_code(source, file))
    return _last_compiled[2]


def _describe(error: BaseException) -> str:
    """The error and the last lines of its traceback, short enough for a results table."""
    text = "".join(traceback.format_exception(error)[-4:]).strip()
    return text[-1500:]


def _send(replies: BinaryIO, message: dict[str, Any]) -> None:
    replies.write(json.dumps(message).encode("utf-8") + b"\n")
    replies.flush()


if __name__ == "__main__":
    sys.exit(main())

"""The bot's own process: ``python -m game.agents.bots.host FILE CLASS [--memory MB]``.

Started by ``game.agents.bots.sandbox``, never by hand. It speaks JSON lines with the
tournament over private copies of its stdin and stdout, then points the bot's stdin at
/dev/null and its stdout (file descriptor 1 too) at stderr, so nothing the bot prints or reads
can touch the protocol. Before it loads the bot it limits its own address space (the memory
limit), the size of files it may write and core dumps.

Protocol (one JSON object a line): the host first says ``{"ready": true}`` or
``{"error": "load_failed", "detail": ...}``. Then for each request ``{"id": N, "observation":
{...}}`` it answers ``{"id": N, "actions": [...]}`` or ``{"id": N, "error": REASON, "detail":
TEXT}`` with REASON one of exception, memory, exit, garbage. ``{"reset": true}`` starts a new
game: the file is loaded again and the host answers as at the start. End of input ends the
process.

This module imports nothing heavy: the bot's process starts in a few hundredths of a second.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import threading
import time
import traceback
from typing import Any, BinaryIO

#: The request that starts a new game in the same process (``game.agents.bots.sandbox`` keeps
#: a tournament's bot processes from one game to the next): the file is executed again and a
#: new bot made, so nothing of the last game is left in the bot's module.
RESET = b'{"reset": true}'
#: Largest file the bot may write, and so the most its printing can fill on disk.
FILE_SIZE_LIMIT = 16 * 1024 * 1024


def _ready(file: str, class_name: str, replies: Any) -> Any:
    """The bot loaded from its file and "ready" said, or None after saying why it failed."""
    try:
        bot = _load(file, class_name)
    except BaseException as error:
        _send(replies, {"error": "load_failed", "detail": _describe(error)})
        return None
    _send(replies, {"ready": True, "name": str(getattr(bot, "name", class_name))})
    return bot


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.agents.bots.host")
    parser.add_argument("file")
    parser.add_argument("class_name")
    parser.add_argument("--memory", type=int, default=512, help="address space limit in MB")
    args = parser.parse_args(argv)
    requests, replies = _private_channel()
    _limit(args.memory)
    _watch_parent(os.getppid())
    bot = _ready(args.file, args.class_name, replies)
    if bot is None:
        return 1
    for line in requests:
        if line.strip() == RESET:  # a new game: the bot's file loaded afresh, a new bot object
            bot = _ready(args.file, args.class_name, replies)
            if bot is None:
                return 1
            continue
        try:
            request = json.loads(line)
            identifier = request["id"]
            observation = request["observation"]
        except (ValueError, KeyError, TypeError):
            return 2  # the tournament never sends this; stop rather than guess
        _send(replies, {"id": identifier, **_decide(bot, observation)})
    return 0


def _decide(bot: Any, observation: dict[str, Any]) -> dict[str, Any]:
    """The reply to one request: the bot's actions or why there are none."""
    try:
        actions = bot.act(observation)
        json.dumps(actions)  # fail here, inside the error handling, if it is not JSON data
        return {"actions": actions}
    except MemoryError:
        return {"error": "memory", "detail": "MemoryError: the bot ran out of its memory limit"}
    except (SystemExit, KeyboardInterrupt) as error:
        return {"error": "exit", "detail": f"{type(error).__name__}: {error}"}
    except (TypeError, ValueError, RecursionError) as error:
        if _is_serialisation_error(error):
            return {"error": "garbage", "detail": f"not JSON data: {error}"}
        return {"error": "exception", "detail": _describe(error)}
    except BaseException as error:
        return {"error": "exception", "detail": _describe(error)}


def _is_serialisation_error(error: BaseException) -> bool:
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and frames[-1].filename.endswith(os.path.join("json", "encoder.py"))


def _private_channel() -> tuple[BinaryIO, BinaryIO]:
    """The protocol's own copies of stdin and stdout; the bot gets /dev/null and stderr."""
    requests = os.fdopen(os.dup(0), "rb")
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
    """An instance of ``class_name`` from the Python file ``file``."""
    directory = os.path.dirname(os.path.abspath(file))
    if directory not in sys.path:
        sys.path.insert(0, directory)  # the bot may import modules beside it
    spec = importlib.util.spec_from_file_location("student_bot", file)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {file}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["student_bot"] = module
    spec.loader.exec_module(module)
    cls = getattr(module, class_name, None)
    if cls is None:
        raise AttributeError(f"{file} has no {class_name}")
    bot = cls()
    if not callable(getattr(bot, "act", None)):
        raise TypeError(f"{class_name} has no act(observation) method")
    return bot


def _describe(error: BaseException) -> str:
    """The error and the last lines of its traceback, short enough for a results table."""
    text = "".join(traceback.format_exception(error)[-4:]).strip()
    return text[-1500:]


def _send(replies: BinaryIO, message: dict[str, Any]) -> None:
    replies.write(json.dumps(message).encode("utf-8") + b"\n")
    replies.flush()


if __name__ == "__main__":
    sys.exit(main())

"""Bot names on the command line and what they play with.

``resolve(spec)`` turns a spec into a ``Seat`` that makes one fresh controller per country per
game: ``cooperator``, ``reciprocator``, ``opportunist``, ``random`` (built-in bots, run in the
tournament's own process), ``ai:easy``, ``ai:normal``, ``ai:hard`` and ``ai`` (= ``ai:normal``:
the built-in AI) and ``path/to/file.py:ClassName`` (a student's bot, run in its own process
with a time and a memory limit, see ``sandbox``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.agents.ai import AINegotiator
from game.agents.bots.controller import BotController
from game.agents.bots.examples import BUILT_IN
from game.rules.terms import DIFFICULTIES

AI_NAMES = ("ai", *(f"ai:{d}" for d in DIFFICULTIES))


class BotSpecError(ValueError):
    """A --bot spec that names no bot; the message says what is accepted."""


def ai_controller(difficulty: str) -> Any:
    """The built-in AI at ``difficulty``: the one place that says which class plays ``ai:*``."""
    return AINegotiator(difficulty)


@dataclass(frozen=True)
class Seat:
    """A bot as the tournament knows it: its name and how to make a controller for a seat."""

    spec: str
    name: str
    kind: str  # "built-in", "ai" or "file"
    make: Callable[[], Any]


def resolve(spec: str, time_limit: float | None = None, memory_mb: int | None = None,
            in_process: bool = False, isolated: bool = False,
            hidden: Sequence[str] = ()) -> Seat:
    """The seat maker for a --bot spec (BotSpecError if it names no bot).

    ``time_limit`` (seconds per decision) and ``memory_mb`` apply to bots from files; with
    ``isolated`` their processes run in the sandbox (see ``isolation``), ``hidden`` out of
    their sight. With ``in_process`` a bot from a file runs inside this process instead,
    without limits: for debugging one's own bot (its prints and tracebacks show), never for a
    competition.
    """
    text = spec.strip()
    if text in BUILT_IN:
        cls = BUILT_IN[text]
        return Seat(text, text, "built-in", lambda: BotController(cls(), text))
    if text in AI_NAMES:
        difficulty = "normal" if text == "ai" else text.split(":", 1)[1]
        return Seat(text, f"ai:{difficulty}", "ai", lambda: ai_controller(difficulty))
    if text.startswith("ai:"):
        raise BotSpecError(f"{spec!r}: the AI's levels are {', '.join(DIFFICULTIES)}")
    if ":" in text:
        path_text, class_name = text.rsplit(":", 1)
        path = Path(path_text).expanduser()
        if path.suffix == ".py":
            if not path.is_file():
                raise BotSpecError(f"{spec!r}: no file {path}")
            if not class_name.isidentifier():
                raise BotSpecError(f"{spec!r}: {class_name!r} is not a class name")
            from game.agents.bots.sandbox import DEFAULT_MEMORY_MB, DEFAULT_TIME_LIMIT, SandboxedBot

            resolved = path.resolve()
            name = f"{path.name}:{class_name}"
            if in_process:
                return Seat(text, name, "file", lambda: BotController(
                    load_bot_class(resolved, class_name)(), name))
            limit = DEFAULT_TIME_LIMIT if time_limit is None else time_limit
            memory = DEFAULT_MEMORY_MB if memory_mb is None else memory_mb
            return Seat(text, name, "file", lambda: BotController(
                SandboxedBot(resolved, class_name, limit, memory, isolated=isolated,
                             hidden=[h for h in hidden if Path(h) != resolved]), name))
    raise BotSpecError(
        f"{spec!r} is not a bot: use one of {', '.join([*BUILT_IN, *AI_NAMES])} "
        "or path/to/file.py:ClassName"
    )


def load_bot_class(path: str | Path, class_name: str) -> type:
    """The class ``class_name`` from the Python file ``path``, imported into this process."""
    import hashlib
    import importlib.util
    import sys

    path = Path(path).resolve()
    if str(path.parent) not in sys.path:
        sys.path.insert(0, str(path.parent))  # the bot may import modules beside it
    module_name = f"bot_{path.stem}_{hashlib.sha256(str(path).encode()).hexdigest()[:12]}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise BotSpecError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    cls = getattr(module, class_name, None)
    if not isinstance(cls, type):
        raise BotSpecError(f"{path} has no class {class_name}")
    return cls

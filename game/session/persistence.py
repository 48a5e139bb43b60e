"""What a session's fields are for, said once per field: saved or not, kept or reset by a reload.

A session (``game.session.session.Session``) and the classroom around it
(``game.classroom.classroom.Classroom``) are dataclasses whose fields carry a *role* in their
metadata. Their saves, their loading and the designer's reload (F5: the same set-up on the
scenario file as it is now, from the first turn) are generated from those roles, so a new field
is declared in one place:

========== ======== ==================== ==========================================
role       saved    after a reload       for
========== ======== ==================== ==========================================
SETTING    yes      kept (a fresh copy)  how the game was set up: humans, teams, ...
PROGRESS   yes      reset to its default what happened in this game: reflections, ...
RUNTIME    no       reset to its default made while playing: the AI, a last error
WIRING     no       kept (the same)      given by the program: the autosave's path
========== ======== ==================== ==========================================

A field may give ``encode`` (value → JSON-ready data) and ``decode`` (data → value, raising
``ValueError``/``TypeError``/``KeyError`` for data that makes no sense, which then loads as the
field's default: a damaged entry of a save loses only itself, never the game).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

SETTING = "setting"
PROGRESS = "progress"
RUNTIME = "runtime"
WIRING = "wiring"
ROLES = (SETTING, PROGRESS, RUNTIME, WIRING)
SAVED = frozenset({SETTING, PROGRESS})
KEPT_BY_RELOAD = frozenset({SETTING, WIRING})


def role(kind: str, *, default: Any = dataclasses.MISSING,
         default_factory: Any = dataclasses.MISSING, encode: Callable[[Any], Any] | None = None,
         decode: Callable[[Any], Any] | None = None, init: bool = True) -> Any:
    """A dataclass field with its role (and, for saved fields, how it is written and read)."""
    if kind not in ROLES:
        raise ValueError(f"unknown role {kind!r}: one of {', '.join(ROLES)}")
    metadata = {"role": kind, "encode": encode, "decode": decode}
    return dataclasses.field(default=default, default_factory=default_factory, init=init,
                             metadata=metadata)


def fields_with(cls: type, roles: frozenset[str] | set[str]) -> list[dataclasses.Field]:
    """The fields of ``cls`` whose role is one of ``roles`` (fields without a role: none)."""
    return [f for f in dataclasses.fields(cls) if f.metadata.get("role") in roles]


def saved(obj: Any) -> dict[str, Any]:
    """The saved fields of ``obj`` as JSON-ready data."""
    result = {}
    for f in fields_with(type(obj), SAVED):
        value = getattr(obj, f.name)
        encode = f.metadata.get("encode")
        result[f.name] = encode(value) if encode is not None and value is not None else value
    return result


def restored(cls: type, data: Any) -> dict[str, Any]:
    """Constructor arguments for ``cls`` from the saved data: each saved field that ``data``
    holds and that decodes; a missing or damaged one is left out (its default applies)."""
    if not isinstance(data, dict):
        return {}
    result = {}
    for f in fields_with(cls, SAVED):
        if f.name not in data or not f.init:
            continue
        value = data[f.name]
        decode = f.metadata.get("decode")
        try:
            result[f.name] = decode(value) if decode is not None and value is not None else value
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    return result


def kept(obj: Any) -> dict[str, Any]:
    """Constructor arguments for a reloaded copy of ``obj``: its settings (fresh copies: the
    old object keeps its own) and its wiring (the same)."""
    result = {}
    for f in fields_with(type(obj), KEPT_BY_RELOAD):
        if not f.init:
            continue
        value = getattr(obj, f.name)
        if f.metadata["role"] == SETTING:
            restart = getattr(value, "restarted", None)
            value = restart() if callable(restart) else copy.deepcopy(value)
        result[f.name] = value
    return result

"""The classroom of a networked class: the classroom (teams, countdown, results folder) and what
the host must find again after a restart, saved in the same atomic save as the game.

``applied`` holds the id of every move (and teacher command) the host has applied, with its
result: because it is written with the move itself (in the same line of the host's journal,
``game.net.journal``, and in the same whole save), a host killed at any moment and restarted
with ``--resume`` either has the move and its id (a resent id is acknowledged, not applied
again) or neither (the resent move is applied once). ``paused`` and ``ended`` are
the teacher's pause and end of the game. The join codes are not here: they stay in the host's
folder (``game.net.codes``), never in a save.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.classroom.classroom import Classroom
from game.session.persistence import PROGRESS, role


def _applied(value: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        raise TypeError("applied moves are a table")
    return {str(k): v for k, v in value.items() if isinstance(v, dict)}


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("true or false")
    return value


@dataclass
class NetClassroom(Classroom):
    """A classroom served over the network (see the module's docstring)."""

    #: "<country or teacher>:<client's id>" → the move's result, for every applied move.
    applied: dict[str, dict[str, Any]] = role(PROGRESS, default_factory=dict, decode=_applied)
    #: the teacher has paused the class (no moves, the countdown stopped).
    paused: bool = role(PROGRESS, default=False, decode=_flag)
    #: the teacher has ended the game.
    ended: bool = role(PROGRESS, default=False, decode=_flag)

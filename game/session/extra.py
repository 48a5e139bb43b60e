"""The session's own part of a save (``extra``): who plays, the difficulty, the class's team
names, the timer, the menu's resume line. Checked like the rest of the save, so that a damaged
or hand-edited value is refused with its place (``extra.humans[0]``) instead of failing later
deep in the session or the window.

Keys this version does not know are ignored; old keys of session format 1 (``done``,
``opened_turn``, ``compliance_turn``, and the classroom's fields beside the session's) are
still read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from game.rules import stored
from game.rules.storage import StorageError, read_save
from game.scenario.schema import unprintable

Count = Annotated[int, Field(strict=True, ge=0, le=1000)]


def _shown(text: str) -> str:
    """A text the window shows: printable, one line."""
    found = unprintable(text)
    if found is not None:
        raise ValueError(f"holds the character {found}, which cannot be shown")
    return text


Shown = Annotated[str, Field(max_length=500), AfterValidator(_shown)]


class Loose(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Title(Loose):
    en: Shown = ""
    id: Shown = ""


class ClassroomExtra(Loose):
    """The classroom's saved fields (``game.classroom.classroom.Classroom``), session format 2.
    A classroom may save more (the network host's, ``game.net.classroom``): those fields are
    kept for it, and its own field decoders check them."""

    model_config = ConfigDict(extra="allow", frozen=True)

    teams: dict[str, Shown] = Field(default_factory=dict)
    reflection: bool = False
    results_folder: Annotated[str, Field(max_length=4096)] | None = None
    timer: dict[str, Any] | None = None
    reflections: list[dict[str, Any]] = Field(default_factory=list)
    reflection_offered: Count = 0


class SessionExtra(Loose):
    """What ``Session.extra`` writes; every key may be missing (older saves, plain game saves).
    Session format 1 kept the classroom's fields (``teams`` ... ``timer``) beside the session's;
    format 2 keeps them under ``classroom``."""

    session: Count | None = None
    humans: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list)
    difficulty: str = "normal"
    seen: dict[str, list[list[Annotated[int, Field(strict=True)]]]] = Field(default_factory=dict)
    teams: dict[str, Shown] = Field(default_factory=dict)
    reflection: bool = False
    results_folder: Annotated[str, Field(max_length=4096)] | None = None
    reflections: list[dict[str, Any]] = Field(default_factory=list)
    timer: dict[str, Any] | None = None
    classroom: ClassroomExtra | None = None
    reasons: list[Any] = Field(default_factory=list)
    turn: Count | None = None
    last_turn: Count | None = None
    about_turns: Count | None = None  # a hidden end's announced length (game.rules.ending)
    finished: bool = False
    title: Title | None = None
    done: list[str] = Field(default_factory=list)
    opened_turn: Count | None = None
    compliance_turn: Count | None = None


def checked_extra(path: str | Path, extra: Any) -> SessionExtra:
    """``extra`` of the save at ``path`` checked; StorageError naming the wrong place."""
    try:
        return stored.checked(SessionExtra, extra, ("extra",))
    except stored.Refusal as refusal:
        raise StorageError(path, refusal.key, **refusal.values) from None


def saved_summary(path: str | Path) -> tuple[SessionExtra, str]:
    """(the session's extra fields, the scenario's id) of a save, read without replaying it
    (the menu's resume line, the load screen's list); StorageError if it is damaged."""
    save = read_save(path)
    return checked_extra(path, save.extra), save.scenario.id

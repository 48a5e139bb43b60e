"""The classroom around a session: team names, the diplomacy countdown, reflection prompts and
the teams' answers, and the results folder written after every turn. No pygame here.

A ``Classroom`` is attached to a session (``Session.classroom``); the session tells it when
diplomacy opens and closes and after every change it saves (``diplomacy_opened``,
``diplomacy_closed``, ``after_change``), and saves it with the game (``to_dict``). The session
knows nothing else of it: the game's rules and its scheduling never depend on the classroom.
Its fields carry their roles (``game.session.persistence``): what a save keeps and what the
designer's reload keeps or resets is said once, here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.classroom.pin import is_pin_hash, pin_matches
from game.classroom.results import Painter, ResultsFolderError, write_results
from game.classroom.timer import DiplomacyTimer
from game.session import persistence as roles
from game.session.persistence import PROGRESS, RUNTIME, SETTING, WIRING, role


def _path(value: Any) -> Path | None:
    if not isinstance(value, str) or not value:
        raise ValueError("a folder is a non-empty text")
    return Path(value)


def _teams(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TypeError("teams are a table of country to team name")
    return {str(c): str(t) for c, t in value.items()}


def _reflections(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise TypeError("reflections are a list")
    return [r for r in value if isinstance(r, dict)]


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("true or false")
    return value


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("a whole number of 0 or more")
    return value


def _pin(value: Any) -> str:
    if not is_pin_hash(value):
        raise ValueError("not a PIN's hash")
    return value


def _timer(value: Any) -> DiplomacyTimer:
    timer = DiplomacyTimer.from_dict(value)
    if timer is None:
        raise ValueError("not a countdown")
    return timer


@dataclass
class Classroom:
    """A class's competition around one game."""

    #: country id → team name (the countries people play).
    teams: dict[str, str] = role(SETTING, default_factory=dict, decode=_teams)
    #: reflection prompts after every turn.
    reflection: bool = role(SETTING, default=False, decode=_flag)
    #: written after every turn (``game.classroom.results``).
    results_folder: Path | None = role(SETTING, default=None, encode=str, decode=_path)
    #: the competition's diplomacy countdown: started when diplomacy opens, cancelled when it
    #: ends (its length is the setting; a reload gives a fresh one of the same length).
    timer: DiplomacyTimer | None = role(SETTING, default=None, encode=DiplomacyTimer.to_dict,
                                        decode=_timer)
    #: the teacher's PIN as a salted hash (``game.classroom.pin``), set when the competition
    #: is created: reloading, the moderator's events and leaving the game ask for it.
    teacher_pin: str | None = role(SETTING, default=None, decode=_pin)
    #: the teams' answers to the reflection prompts.
    reflections: list[dict[str, Any]] = role(PROGRESS, default_factory=list, decode=_reflections)
    #: the last turn the teams were asked to reflect on.
    reflection_offered: int = role(PROGRESS, default=0, decode=_whole)
    #: the number of turn reports at the last automatic write of the results folder.
    results_attempted: int = role(RUNTIME, default=-1)
    #: why the results folder could not be written (for the screen to show once).
    results_error: str | None = role(RUNTIME, default=None)
    #: draws summary.png (the game window hands in its pygame painter; without one: no PNG).
    results_painter: Painter | None = role(WIRING, default=None)

    # --- what the session tells it ---------------------------------------------------------
    def diplomacy_opened(self, session: Any) -> None:
        if self.timer is not None:
            self.timer.start()

    def diplomacy_closed(self, session: Any) -> None:
        if self.timer is not None:
            self.timer.cancel()

    def after_change(self, session: Any) -> None:
        """After every saved change: the results folder after each turn (a failure: the next)."""
        reports = len(session.game.reports)
        if self.results_folder is not None and self.results_attempted != reports:
            self.results_attempted = reports
            self.write_results(session)

    def loaded(self, session: Any) -> None:
        """The session was loaded from its save: nothing to write until the next turn, and no
        reflection to ask for a turn played before the save."""
        self.results_attempted = len(session.game.reports)
        self.reflection_offered = max(self.reflection_offered, len(session.game.reports))

    # --- the teacher ------------------------------------------------------------------------
    @property
    def competition(self) -> bool:
        """Whether this is a class's competition (teams named), not a plain game."""
        return bool(self.teams)

    def teacher(self, pin: str) -> bool:
        """Whether ``pin`` is this competition's teacher PIN."""
        return pin_matches(pin, self.teacher_pin)

    # --- the classroom's own work -----------------------------------------------------------
    def team(self, country: str) -> str:
        """The team playing ``country`` ("" for a country without a team)."""
        return self.teams.get(country, "")

    def write_results(self, session: Any) -> bool:
        """Write the results folder now, if one is set. A failure (a read-only folder, a full
        disk) never stops the game: it waits in ``results_error`` for the screen to show, and
        the next turn tries again. True if the folder was written."""
        if self.results_folder is None:
            return False
        try:
            write_results(session, self.results_folder, self.results_painter)
        except ResultsFolderError as error:
            self.results_error = str(error)
            return False
        self.results_error = None
        return True

    def add_reflection(self, session: Any, country: str, question: str, text: str,
                       answer: str) -> None:
        """Keep a team's answer to a reflection prompt about the turn just played: ``question``
        is the prompt's id, ``text`` the question as the team read it."""
        game = session.game
        turn = game.reports[-1].turn if game.reports else game.turn
        self.reflections.append({"turn": turn, "country": country, "team": self.team(country),
                                 "question": question, "text": text, "answer": answer.strip()})
        session.autosave()

    # --- saving and reloading ---------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return roles.saved(self)

    @classmethod
    def from_dict(cls, data: Any, clock: Callable[[], float] = time.monotonic) -> Classroom:
        """The classroom a save kept (what is damaged in it loads as its default)."""
        classroom = cls(**roles.restored(cls, data))
        if classroom.timer is not None:
            classroom.timer.clock = clock
        return classroom

    def restarted(self) -> Classroom:
        """The same set-up for a new game: settings kept (fresh copies; a fresh countdown of
        the same length), progress reset."""
        kept = roles.kept(self)
        if self.timer is not None:
            kept["timer"] = DiplomacyTimer(self.timer.seconds, self.timer.clock)
        return Classroom(**kept)


def classroom_of(session: Any) -> Classroom:
    """The classroom attached to ``session``; a plain game gets an empty one attached."""
    if not isinstance(session.classroom, Classroom):
        session.classroom = Classroom()
    return session.classroom

"""Every field of a session and of its classroom is declared once, with its role: a save keeps
the saved ones, a load gives them back, and the designer's reload keeps the settings and the
wiring and resets the rest (game.session.persistence)."""

from __future__ import annotations

import dataclasses

import pytest

from game.agents.scripted import ScriptedController
from game.classroom.classroom import Classroom
from game.classroom.pin import hash_pin
from game.classroom.timer import DiplomacyTimer
from game.rules.game import Game
from game.session import persistence
from game.session.session import Session


def painter(summary):
    return b"png"


def comparable(value):
    """Values as a test compares them (a countdown by what it saves)."""
    if isinstance(value, DiplomacyTimer):
        return value.to_dict()
    if isinstance(value, Classroom):
        return {f.name: comparable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def changed_values(tmp_path):
    """A value unlike the default for every field of the session and of the classroom."""
    classroom = {
        "teams": {"SAM": "Garuda", "KAR": "Komodo"},
        "reflection": True,
        "results_folder": tmp_path / "results",
        "timer": DiplomacyTimer(150),
        "reflections": [{"turn": 1, "country": "SAM", "answer": "we kept our word"}],
        "reflection_offered": 1,
        "results_attempted": 7,
        "results_error": "the disk is full",
        "results_painter": painter,
        "teacher_pin": hash_pin("2468"),
    }
    session = {
        "humans": ["SAM", "KAR"],
        "difficulty": "hard",
        "controller": ScriptedController(["SAM", "KAR"]),
        "autosave_path": tmp_path / "autosave.json",
        "autosave_error": "read-only folder",
        "autosave_flush": False,  # the class host's (given by the program, as the path)
        "deferred": True,  # the class host's: the computers' part after the acknowledgement
        "prepare_ahead": True,  # the window's: the computers' next batch while players read
        "autosave_journal": True,  # the window's: a journal line a click, a snapshot a turn
        "seen": {"SAM": [[0, 1]]},
        "par": "a par run of the game",  # made while playing; never saved or carried over
    }
    return session, classroom


def test_every_field_has_a_role_and_a_changed_value_here(tmp_path):
    session, classroom = changed_values(tmp_path)
    for cls, values in ((Session, session), (Classroom, classroom)):
        for field in dataclasses.fields(cls):
            if field.name in ("game", "classroom"):
                continue
            assert field.metadata.get("role") in persistence.ROLES, f"{cls.__name__}.{field.name}"
            assert field.name in values, f"a new field {cls.__name__}.{field.name}: add a value here"


@pytest.mark.parametrize("how", ["load", "reload"])
def test_each_field_survives_or_resets_as_its_role_says(tutorial, tmp_path, how):
    session_values, classroom_values = changed_values(tmp_path)
    session = Session(Game(tutorial, 7, 3), ["SAM", "KAR"], "normal",
                      ScriptedController(["SAM", "KAR"]), classroom=Classroom())
    session.begin_diplomacy("SAM")
    for name, value in session_values.items():
        setattr(session, name, value)
    for name, value in classroom_values.items():
        setattr(session.classroom, name, value)
    path = tmp_path / "save.json"
    session.save(path)
    if how == "load":
        other = Session.load(path, autosave_path=session.autosave_path,
                             classroom=Classroom.from_dict)
        kept = persistence.SAVED
    else:
        other = session.restarted(Game(tutorial, 7, 3))
        kept = persistence.KEPT_BY_RELOAD
    for owner, copy, cls in ((session, other, Session), (session.classroom, other.classroom, Classroom)):
        defaults = cls() if cls is Classroom else None
        for field in dataclasses.fields(cls):
            if field.name in ("game", "classroom"):
                continue
            role = field.metadata["role"]
            now = getattr(copy, field.name)
            if field.name == "controller":  # made anew from the difficulty, never carried over
                assert now is not getattr(owner, field.name)
            elif field.name == "autosave_path" or role in kept:
                assert comparable(now) == comparable(getattr(owner, field.name)), field.name
            elif role == persistence.PROGRESS:  # a reload starts the game's progress afresh
                default = getattr(defaults, field.name) if defaults is not None else {}
                assert comparable(now) == comparable(default), field.name
            else:  # made while playing: never carried over
                assert comparable(now) != comparable(getattr(owner, field.name)), field.name
    if how == "reload":
        assert other.classroom.teams is not session.classroom.teams  # a copy, not the same
        assert other.classroom.timer is not session.classroom.timer

"""The window's autosave as a snapshot and a journal (game/session/autosave.py, issue 17): a
session resumed from them after any click is the uninterrupted one (state hash, log, the
session's fields), a click writes a line and not the whole save, a last line cut off by a kill
loses only that click, a damaged journal is a clear refusal naming it, a journal of another
game is passed over, and the window never closes or goes to the menu while a snapshot is being
written."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pygame
import pytest

from game.classroom.classroom import Classroom
from game.rules.game import Game
from game.rules.storage import StorageError, read_save
from game.scenario.loading import load_scenario, resolve
from game.session import autosave
from game.session.autosave import journal_path
from game.session.session import Session
from tests.playing import TRADE, clicks

HUMAN = "IDN"


@pytest.fixture(scope="module")
def loaded():
    return load_scenario(resolve("indonesia-partners"))


def window_session(loaded, path: Path, prepare: bool = True, seed: int = 11,
                   turns: int = 3) -> Session:
    """A session autosaved as the window's is (a journal; preparing while the player reads)."""
    room = Classroom(teams={HUMAN: "Garuda Muda"}, reflection=True)
    made = Session(Game(loaded, seed, turns), [HUMAN], "normal", autosave_path=path,
                   classroom=room, prepare_ahead=prepare)
    made.ahead.delay = 0.0
    made.journal_from_now()
    return made


def resumed(path: Path) -> Session:
    """The session the menu's "continue" makes of the autosave (the window prepares)."""
    session = Session.load(path, classroom=Classroom.from_dict, prepare_ahead=True)
    session.ahead.wait()
    return session


def same_session(resumed: Session, live: Session, where: str) -> None:
    assert resumed.game.state_hash() == live.game.state_hash(), where
    assert resumed.game.encoded_log() == live.game.encoded_log(), where
    expected = live.extra()  # humans, seen offers, classroom (reflections), reasons
    room = expected["classroom"]
    if room is not None:  # a loaded classroom asks no reflection of a turn played before
        room["reflection_offered"] = max(room["reflection_offered"], len(live.game.reports))
    assert resumed.extra() == expected, where
    assert resumed.done == live.done and resumed.game.ended == live.game.ended, where


@pytest.mark.parametrize("read", [True, False], ids=["reading", "at-once"])
def test_a_resume_after_any_click_is_the_uninterrupted_game(loaded, tmp_path, read):
    path = tmp_path / "autosave.json"
    live = window_session(loaded, path)
    checked = 0
    while not live.game.finished:
        for number, click in enumerate(clicks(live)):
            click()
            if read:  # the player reads: the preparation (and the snapshot it takes) is done
                live.ahead.wait()
            if number == 1:
                live.classroom.add_reflection(live, HUMAN, "offers", "Why?", "Markets")
            live.wait_for_saves()
            with live.lock:
                same_session(resumed(path), live, f"turn {live.game.turn}, click {number}")
            checked += 1
    assert checked >= 12
    assert json.loads(journal_path(path).read_text().splitlines()[0])["kind"] == "snapshot"
    assert read_save(path).extra["finished"] is True  # the snapshot taken at the game's end


def test_a_click_writes_a_line_not_the_whole_save(loaded, tmp_path):
    path = tmp_path / "autosave.json"
    live = window_session(loaded, path)
    live.begin_diplomacy(HUMAN)
    live.ahead.wait()
    live.wait_for_saves()
    snapshot = (path.read_bytes(), path.stat().st_mtime_ns)
    lines = len(journal_path(path).read_text().splitlines())
    live.propose(HUMAN, (HUMAN, "MYS"), (TRADE,), 5)
    live.ahead.wait()
    live.end_diplomacy(HUMAN)
    live.ahead.wait()
    live.wait_for_saves()
    assert (path.read_bytes(), path.stat().st_mtime_ns) == snapshot  # the snapshot untouched
    written = journal_path(path).read_text().splitlines()
    assert len(written) >= lines + 2
    change = json.loads(written[-1])
    assert change["kind"] == "change" and change["extra"]["humans"] == [HUMAN]
    assert len(written[-1]) < len(path.read_text()) / 4  # what changed, not the game
    live.end_compliance(HUMAN, {})  # a new turn: the snapshot taken while the player reads
    live.ahead.wait()
    live.wait_for_saves()
    assert path.stat().st_mtime_ns != snapshot[1]
    assert len(journal_path(path).read_text().splitlines()) == 1  # only the snapshot's line
    assert read_save(path).extra["turn"] == 2


def test_a_line_cut_off_by_a_kill_loses_only_that_click(loaded, tmp_path):
    path = tmp_path / "autosave.json"
    live = window_session(loaded, path, prepare=False)
    live.begin_diplomacy(HUMAN)
    live.propose(HUMAN, (HUMAN, "MYS"), (TRADE,), 5)
    with live.lock:
        before = (live.game.state_hash(), list(live.game.encoded_log()), live.extra())
    live.end_diplomacy(HUMAN)  # the click whose line the kill cuts
    journal = journal_path(path)
    text = journal.read_bytes()
    last = text.rstrip(b"\n").rfind(b"\n") + 1
    journal.write_bytes(text[:last + (len(text) - last) // 2])  # killed half-way through it
    lines = text.count(b"\n")
    back = resumed(path)
    assert (back.game.state_hash(), back.game.encoded_log(), back.extra()) == before
    note = back.resume_note
    assert note is not None and note.path == str(journal) and note.key == "journal_cut_off"
    assert f"line {lines}" in note.text("en") and "left out" in note.text("en")
    assert "baris" in note.text("id")
    back.autosave_path = path  # the game goes on from there, saved as before
    back.journal_from_now()
    back.end_diplomacy(HUMAN)
    assert resumed(path).game.state_hash() == back.game.state_hash()


@pytest.mark.parametrize("damage", ["not json", "illegal action", "gap"])
def test_a_damaged_journal_is_a_clear_refusal_naming_it(loaded, tmp_path, damage):
    path = tmp_path / "autosave.json"
    live = window_session(loaded, path, prepare=False)
    live.begin_diplomacy(HUMAN)
    live.propose(HUMAN, (HUMAN, "MYS"), (TRADE,), 5)
    live.end_diplomacy(HUMAN)
    journal = journal_path(path)
    lines = journal.read_text().splitlines()
    assert len(lines) >= 3
    if damage == "not json":
        lines[1] = lines[1][:40]
    elif damage == "illegal action":
        line = json.loads(lines[2])
        line["actions"] = [{"type": "accept", "country": "IDN", "negotiation": 999}]
        lines[2] = json.dumps(line)
    else:
        line = json.loads(lines[2])
        line["at"] += 5
        lines[2] = json.dumps(line)
    journal.write_text("\n".join(lines) + "\n")
    with pytest.raises(StorageError) as caught:
        Session.load(path)
    error = caught.value
    assert error.path == str(journal)
    assert error.key == {"not json": "journal_line_damaged", "illegal action": "illegal_action",
                         "gap": "journal_gap"}[damage]
    assert "line 2" in error.text("en") or "line 3" in error.text("en")


def test_a_damaged_snapshot_is_refused_naming_it(loaded, tmp_path):
    path = tmp_path / "autosave.json"
    live = window_session(loaded, path, prepare=False)
    live.begin_diplomacy(HUMAN)
    path.write_text(path.read_text()[:1000])
    with pytest.raises(StorageError) as caught:
        Session.load(path)
    assert caught.value.path == str(path) and caught.value.key == "save_not_json"


def test_a_journal_of_another_game_is_passed_over(loaded, tmp_path):
    path = tmp_path / "autosave.json"
    old = window_session(loaded, path, prepare=False, seed=3)
    old.begin_diplomacy(HUMAN)
    old.propose(HUMAN, (HUMAN, "MYS"), (TRADE,), 5)
    old_journal = journal_path(path).read_bytes()
    new = window_session(loaded, path, prepare=False, seed=5)  # another game, the same path
    assert resumed(path).game.state_hash() == new.game.state_hash()
    journal_path(path).write_bytes(old_journal)  # killed before the new journal was written
    assert resumed(path).game.state_hash() == new.game.state_hash()
    new.begin_diplomacy(HUMAN)  # the new game saw that the journal is not its own: whole
    assert resumed(path).game.state_hash() == new.game.state_hash()
    old.end_diplomacy(HUMAN)  # the old session again (a reload undone): it writes whole too
    assert resumed(path).game.state_hash() == old.game.state_hash()


def test_the_class_hosts_save_and_a_plain_autosave_have_no_journal(loaded, tmp_path):
    path = tmp_path / "autosave.json"
    plain = Session(Game(loaded, 11, 3), [HUMAN], autosave_path=path)
    plain.begin_diplomacy(HUMAN)
    assert not journal_path(path).exists() and CHAIN_KEY not in read_save(path).extra
    assert Session.load(path).game.state_hash() == plain.game.state_hash()


CHAIN_KEY = autosave.CHAIN


@pytest.mark.parametrize("leave", ["close", "menu"])
def test_the_window_waits_for_a_snapshot_being_written(loaded, folders, monkeypatch, leave):
    from game.ui.testing import open_app

    release = threading.Event()
    writing = threading.Event()
    original = autosave.atomic_write_bytes

    def slow(path, data, flush=True, replace=None):
        if threading.current_thread().name == "diplomasi-snapshot":
            writing.set()
            release.wait(10)
        original(path, data, flush, replace=replace)

    monkeypatch.setattr(autosave, "atomic_write_bytes", slow)
    app = open_app()
    try:
        session = Session(Game(loaded, 11, 3), [HUMAN], "normal", autosave_path=app.autosave)
        app.start_session(session)
        session.ahead.delay = 0.0
        session.begin_diplomacy(HUMAN)
        session.end_diplomacy(HUMAN)
        session.end_compliance(HUMAN, {})  # a new turn: the preparation takes the snapshot
        assert writing.wait(30), "no snapshot was written in the background"
        threading.Timer(0.5, release.set).start()  # the disk is slow: the write ends later
        start = time.perf_counter()
        if leave == "close":
            app.running = False
            app.loop()
        else:
            app.to_menu()
        assert time.perf_counter() - start >= 0.4, "the window left while writing its snapshot"
        assert read_save(app.autosave).extra["turn"] == 2  # the snapshot is on disk
        assert resumed(app.autosave).game.state_hash() == session.game.state_hash()
    finally:
        release.set()
        pygame.display.quit()

"""What a student can break, guarded: F5 and F7 behind the teacher's PIN (a student's press
changes nothing on disk or in the game), a reload that keeps the running game and can be undone,
questions before ending diplomacy with work left and before leaving a game (a second Enter or an
Esc never does the harmful thing), and the keyboard reaching and pressing every button."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path

import pygame
import pytest

from game.classroom.classroom import Classroom
from game.classroom.pin import hash_pin, is_pin_hash, pin_matches, valid_pin
from game.rules.game import Game, Phase
from game.session.session import Session
from game.ui.settings import Settings, load_settings
from game.ui.testing import (
    ScriptedController,
    click,
    give_pin,
    open_app,
    press,
    step,
    type_text,
    visible_texts,
)
from game.ui.window.keyboard import _focusable, ring_width

PIN = "4821"
TEAMS = {"SAM": "Garuda", "KAR": "Komodo"}


@pytest.fixture
def app(folders):
    application = open_app(humans=["SAM", "KAR"])
    yield application
    pygame.display.quit()


def competition(app, tutorial, folder: Path | None, pin: str | None = PIN, humans=("SAM", "KAR"),
                turns: int = 4) -> Session:
    """A class's game with its results folder and teacher PIN, one year played."""
    humans = list(humans)
    room = Classroom(teams={h: TEAMS[h] for h in humans}, results_folder=folder,
                     teacher_pin=hash_pin(pin) if pin else None)
    session = Session(Game(tutorial, 7, turns), humans, "normal", ScriptedController(humans),
                      autosave_path=app.autosave, classroom=room)
    app.start_session(session)
    for human in humans:
        session.begin_diplomacy(human) if session.stage is Phase.NEWS else None
    for human in humans:
        session.end_diplomacy(human)
    for human in humans:
        session.end_compliance(human, {})
    assert session.game.turn == 2
    app.show_game()
    step(app, 2)
    if app.scene.name == "handover":
        click(app, "ready", frames=2)
    assert app.scene.name == "game"
    return session


def snapshot(*folders: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folders`` with its bytes and its time of change."""
    files = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                files[str(path)] = (path.read_bytes(), path.stat().st_mtime_ns)
    return files


def test_a_students_f5_in_a_class_game_changes_nothing(app, tutorial, tmp_path):
    folder = tmp_path / "class-8a"
    session = competition(app, tutorial, folder)
    assert (folder / "results.csv").exists() and app.autosave.exists()
    before = snapshot(folder, app.autosave.parent)
    actions = len(session.game.history)
    press(app, pygame.K_F5, frames=2)
    assert app.scene.name == "pin"
    assert "Only the teacher" in " ".join(visible_texts(app))
    press(app, pygame.K_ESCAPE, frames=2)  # the student gives up
    assert app.scene.name == "game" and app.session is session
    press(app, pygame.K_F5, frames=2)  # or tries numbers
    for guess in ("0000", "1234", "9999"):
        assert app.scene.name == "pin"
        give_pin(app, guess)
    assert app.scene.name == "game" and app.session is session
    assert any("Wrong PIN three times" in message for _, message, _ in app.toasts)
    assert session.game.turn == 2 and len(session.game.history) == actions
    assert snapshot(folder, app.autosave.parent) == before  # autosave, results, log untouched
    assert not (tmp_path / "class-8a-reload-2").exists()


def test_a_students_f7_sets_off_nothing(app, tutorial, tmp_path):
    session = competition(app, tutorial, None)
    press(app, pygame.K_RETURN, frames=2)  # diplomacy: the moderator's time
    assert session.stage is Phase.DIPLOMACY
    events = list(session.game.events)
    press(app, pygame.K_F7, frames=2)
    assert app.scene.name == "pin"
    give_pin(app, "1111")
    assert app.scene.name == "pin"
    assert "not the teacher's PIN" in " ".join(visible_texts(app))
    press(app, pygame.K_ESCAPE, frames=2)
    assert app.scene.name == "game" and list(session.game.events) == events
    press(app, pygame.K_F7, frames=2)
    give_pin(app, PIN)  # the teacher
    assert app.scene.name == "moderator"


def test_a_class_game_without_a_pin_refuses_the_teachers_keys(app, tutorial, tmp_path):
    session = competition(app, tutorial, None, pin=None)
    for key in (pygame.K_F5, pygame.K_F7):
        press(app, key, frames=2)
        assert app.scene.name == "game" and app.session is session
    assert any("no teacher PIN" in message for _, message, _ in app.toasts)
    # the teacher's profile on this computer opens them
    app.settings.teacher_pin = hash_pin("97531")
    press(app, pygame.K_F7, frames=2)
    give_pin(app, "97531")
    assert app.scene.name == "moderator"


def test_the_teachers_reload_keeps_the_running_game_and_can_be_undone(app, tutorial, tmp_path):
    folder = tmp_path / "class-8a"
    old = competition(app, tutorial, folder)
    autosave = app.autosave.read_bytes()
    results = snapshot(folder)
    press(app, pygame.K_F5, frames=2)
    give_pin(app, PIN)
    assert app.scene.name == "ask"  # and then it asks
    shown = " ".join(visible_texts(app))
    assert "turn 1" in shown and "class-8a-reload-2" in shown
    press(app, pygame.K_RETURN, frames=2)  # Enter is "Cancel": nothing happens
    assert app.scene.name == "game" and app.session is old
    press(app, pygame.K_F5, frames=2)
    give_pin(app, PIN)
    click(app, "confirm", frames=2)
    new = app.session
    assert new is not old and new.game.turn == 1
    assert classroom_folder(new) == tmp_path / "class-8a-reload-2"
    assert (tmp_path / "class-8a-reload-2" / "results.csv").exists()
    assert snapshot(folder) == results  # the running game's results stay as they were
    assert (app.autosave.parent / "autosave-before-reload.json").read_bytes() == autosave
    # F5 again offers the game from before the reload
    press(app, pygame.K_F5, frames=2)
    give_pin(app, PIN)
    assert "undo" in app.scene.buttons
    click(app, "undo", frames=2)
    assert app.session is old and old.game.turn == 2
    assert Session.load(app.autosave).game.turn == 2  # the autosave is the old game again
    assert classroom_folder(old) == folder


def classroom_folder(session: Session) -> Path | None:
    return session.classroom.results_folder


def test_a_home_game_reloads_after_a_question_without_a_pin(folders, tutorial):
    app = open_app(humans=["SAM"])
    session = Session(Game(tutorial, 7, 3), ["SAM"], "normal", ScriptedController(["SAM"]),
                      autosave_path=app.autosave)
    app.start_session(session)
    step(app, 2)
    press(app, pygame.K_F5, frames=2)
    assert app.scene.name == "ask"
    press(app, pygame.K_ESCAPE, frames=2)
    assert app.session is session and app.scene.name == "game"
    press(app, pygame.K_F7, frames=2)  # no teacher here: the panel opens
    assert app.scene.name == "moderator"
    pygame.display.quit()


def test_double_enter_never_ends_diplomacy_silently(folders, tutorial):
    app = open_app(humans=["SAM", "KAR"])
    session = Session(Game(tutorial, 7, 3), ["SAM", "KAR"], "normal", ScriptedController(["SAM", "KAR"]),
                      autosave_path=app.autosave)
    app.start_session(session)
    step(app, 2)
    press(app, pygame.K_RETURN, frames=2)  # hand-over: Enter is "we are ready"
    assert app.scene.name == "game"
    press(app, pygame.K_RETURN, frames=2)
    assert session.stage is Phase.DIPLOMACY
    press(app, pygame.K_RETURN, frames=2)
    press(app, pygame.K_RETURN, frames=2)
    assert session.stage is Phase.DIPLOMACY and session.current == "SAM"
    assert app.scene.name == "game"
    press(app, pygame.K_RETURN, frames=2)  # asked again
    assert app.scene.name == "ask"
    assert "delegations to send" in " ".join(visible_texts(app))
    press(app, pygame.K_TAB, pygame.KMOD_SHIFT, frames=1)  # the ring to "End diplomacy"
    assert app.focused is app.scene.buttons["confirm"]
    press(app, pygame.K_RETURN, frames=2)
    assert "SAM" in session.done and app.scene.name == "handover"
    pygame.display.quit()


def test_esc_never_leaves_a_game_without_asking(folders, tutorial):
    app = open_app(humans=["SAM", "KAR"])
    session = Session(Game(tutorial, 7, 3), ["SAM", "KAR"], "normal", ScriptedController(["SAM", "KAR"]),
                      autosave_path=app.autosave)
    app.start_session(session)
    step(app, 2)
    for screen in ("handover", "game"):
        assert app.scene.name == screen
        press(app, pygame.K_ESCAPE, frames=2)
        assert app.scene.name == "ask"
        press(app, pygame.K_ESCAPE, frames=2)  # Esc on the question: stay
        assert app.scene.name == screen
        press(app, pygame.K_ESCAPE, frames=2)
        press(app, pygame.K_RETURN, frames=2)  # Enter on the question: stay
        assert app.scene.name == screen
        if screen == "handover":
            click(app, "ready", frames=2)
    press(app, pygame.K_ESCAPE, frames=2)
    click(app, "confirm", frames=2)
    assert app.scene.name == "menu"
    assert Session.load(app.autosave).game.turn == 1  # saved on the way out
    pygame.display.quit()


def test_esc_asks_before_losing_a_draft_or_compliance_choices(folders, tutorial):
    app = open_app(humans=["SAM"])
    session = Session(Game(tutorial, 7, 3), ["SAM"], "normal", ScriptedController(["SAM"]),
                      autosave_path=app.autosave)
    app.start_session(session)
    step(app, 2)
    press(app, pygame.K_RETURN, frames=2)
    press(app, pygame.K_n, frames=2)
    assert app.scene.name == "negotiation"
    press(app, pygame.K_ESCAPE, frames=2)  # nothing written: back at once
    assert app.scene.name == "game"
    press(app, pygame.K_n, frames=2)
    click(app, "toggle:security_cooperation", frames=2)
    press(app, pygame.K_ESCAPE, frames=2)
    assert app.scene.name == "ask" and "not sent" in " ".join(visible_texts(app))
    press(app, pygame.K_ESCAPE, frames=2)
    assert app.scene.name == "negotiation"
    assert "security_cooperation" in {k.value for k in app.scene.draft.clauses}
    press(app, pygame.K_ESCAPE, frames=2)
    click(app, "confirm", frames=2)
    assert app.scene.name == "game"
    pygame.display.quit()


# --- the keyboard ----------------------------------------------------------------------------

def reach_and_press_every_button(app) -> set[str]:
    """Tab through the screen: every enabled button is reached, and Enter on each of the
    scene's own buttons does what a click does (its action is recorded, not run)."""
    scene = app.scene
    keys = {id(b): k for k, b in scene.buttons.items() if _focusable(b)}
    count = len(app.focusables())
    reached, pressed = set(), set()
    for _ in range(count):
        press(app, pygame.K_TAB, frames=0)
        widget = app.focused
        assert widget is not None and app.scene is scene
        reached.add(id(widget))
        if id(widget) in keys:
            actions = []
            app.defer = actions.append  # the button's deferred action, kept from running
            try:
                press(app, pygame.K_RETURN, frames=0)
            finally:
                del app.defer
            assert actions, f"Enter did not press {keys[id(widget)]} on {scene.name}"
            pressed.add(keys[id(widget)])
    missing = set(keys.values()) - pressed
    assert not missing, f"{scene.name}: Tab never reached {sorted(missing)}"
    return pressed


def test_the_keyboard_reaches_and_presses_every_button_on_each_screen(folders, tutorial):
    app = open_app(humans=["SAM", "KAR"])
    screens = {}
    for name in ("menu", "settings", "setup", "competition", "help"):
        if name != "menu":
            app.push(name)
            step(app, 1)
        screens[name] = reach_and_press_every_button(app)
        app.focus(None)
    session = Session(Game(tutorial, 7, 2), ["SAM", "KAR"], "normal", ScriptedController(["SAM", "KAR"]),
                      autosave_path=app.autosave)
    app.start_session(session)
    step(app, 2)
    screens["handover"] = reach_and_press_every_button(app)
    click(app, "ready", frames=2)
    screens["game"] = reach_and_press_every_button(app)
    press(app, pygame.K_RETURN, frames=2)
    app.push("negotiation", partners=["AWN"])
    step(app, 12)
    screens["negotiation"] = reach_and_press_every_button(app)
    click(app, "send", frames=2)
    screens["inbox"] = reach_and_press_every_button(app)
    for human in ("SAM", "KAR"):
        if session.stage is Phase.DIPLOMACY and human not in session.done:
            session.end_diplomacy(human)
    app.viewer = session.current
    app.show_game()
    step(app, 2)
    if app.scene.name == "handover":
        click(app, "ready", frames=2)
    app.push("compliance")
    step(app, 1)
    screens["compliance"] = reach_and_press_every_button(app)
    app.pop()
    press(app, pygame.K_ESCAPE, frames=1)
    screens["ask"] = reach_and_press_every_button(app)
    press(app, pygame.K_ESCAPE, frames=1)
    while not session.game.finished:
        human = session.current
        if session.stage is Phase.NEWS:
            session.begin_diplomacy(human)
        elif session.stage is Phase.DIPLOMACY:
            session.end_diplomacy(human)
        else:
            session.end_compliance(human, {})
    app.show_game()
    step(app, 3)
    while app.scene.name != "end":
        press(app, pygame.K_ESCAPE, frames=2)  # the reflection, if asked
    screens["end"] = reach_and_press_every_button(app)
    assert {"new", "settings", "help"} <= screens["menu"]
    assert {"next", "inbox", "charts"} <= screens["game"]
    assert "send" in screens["negotiation"] and "ready" in screens["handover"]
    assert {"confirm", "cancel"} <= screens["ask"]
    pygame.display.quit()


def test_the_ring_is_drawn_and_follows_shift_tab(folders):
    app = open_app()
    press(app, pygame.K_TAB, frames=1)
    first = app.focused
    assert first is not None and first is app.focusables()[0]
    rect = first.rect
    width = ring_width(app.scale)
    assert app.window.get_at((rect.left - 2 * width + 1, rect.centery))[:3] == tuple(app.palette.accent)[:3]
    assert app.window.get_at((rect.left - 1, rect.centery))[:3] == tuple(app.palette.background)[:3]
    press(app, pygame.K_TAB, pygame.KMOD_SHIFT, frames=1)
    assert app.focused is app.focusables()[-1]
    press(app, pygame.K_DOWN, frames=1)  # the arrows move it too, off the map screens
    assert app.focused is first
    pygame.display.quit()


def test_a_setting_kept_on_the_same_place_after_a_rebuild(folders):
    app = open_app()
    click(app, "settings")
    while app.focused is not app.scene.buttons["palette:True"]:
        press(app, pygame.K_TAB, frames=0)
    press(app, pygame.K_RETURN, frames=1)
    assert app.settings.colour_blind
    assert app.focused is app.scene.buttons["palette:True"]  # the ring stayed on the choice
    pygame.display.quit()


# --- the PIN ---------------------------------------------------------------------------------

def test_a_pin_is_kept_only_as_a_salted_hash():
    assert valid_pin("1234") and valid_pin("12345678")
    assert not valid_pin("123") and not valid_pin("123456789") and not valid_pin("12a4")
    assert not valid_pin("١٢٣٤")  # digits of another script
    stored = hash_pin("4821")
    assert is_pin_hash(stored) and "4821" not in stored
    assert stored != hash_pin("4821")  # a fresh salt each time
    assert pin_matches("4821", stored) and not pin_matches("4822", stored)
    assert not pin_matches("4821", None) and not pin_matches("4821", "4821")


def test_the_settings_set_and_change_the_teachers_pin(folders):
    app = open_app(save_settings=True)
    click(app, "settings")
    click(app, "teacher_pin", frames=2)
    scene = app.scene
    assert scene.name == "pin"
    type_text(app, scene.entries[0], "2468")
    type_text(app, scene.entries[1], "2469")
    click(app, "ok", frames=2)
    assert app.scene.name == "pin" and "not the same" in " ".join(visible_texts(app))
    app.pop()
    click(app, "teacher_pin", frames=2)
    give_pin(app, "2468")
    assert app.scene.name == "settings"
    saved = load_settings()
    assert pin_matches("2468", saved.teacher_pin)
    assert "2468" not in (folders / "config" / "settings.json").read_text()
    # changing it asks for the one in use first
    click(app, "teacher_pin", frames=2)
    give_pin(app, "1111")
    assert app.scene.name == "pin"  # wrong: still asked
    app.pop()
    click(app, "teacher_pin", frames=2)
    give_pin(app, "2468")
    give_pin(app, "8642")
    assert pin_matches("8642", load_settings().teacher_pin)
    assert Settings(teacher_pin="not a hash").clean().teacher_pin == ""
    pygame.display.quit()


def test_a_competition_asks_its_pin_when_it_starts_and_saves_only_the_hash(folders):
    app = open_app(humans=["IDN", "JPN"])
    click(app, "competition")
    click(app, "start", frames=2)
    assert app.scene.name == "pin"
    give_pin(app, "55555")
    session = app.session
    assert session is not None and pin_matches("55555", session.classroom.teacher_pin)
    session.autosave()
    text = app.autosave.read_text()
    assert "55555" not in text
    loaded = Session.load(app.autosave, classroom=Classroom.from_dict)
    assert pin_matches("55555", loaded.classroom.teacher_pin)
    pygame.display.quit()

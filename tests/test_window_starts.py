"""Issue 16, failure 2: no file can stop the window from starting.

A title with a NUL character (or any control character, escape, direction override or line
break) is refused by ``validate`` with its place; a broken file in the user's scenarios folder
is listed, never blocks *New game*; a damaged autosave is listed with its problem and set aside;
the recovery after an unexpected error cannot fail the same way twice.
"""

from __future__ import annotations

import json
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game.rules.game import Game
from game.rules.storage import save_game
from game.scenario.loading import ScenarioError, load_text
from game.ui.scenes.menu import MenuScene
from game.ui.settings import autosave_path, user_scenarios_dir
from game.ui.testing import click, open_app, step, visible_texts
from tests.conftest import SCENARIOS

TUTORIAL = (SCENARIOS / "tutorial.toml").read_text(encoding="utf-8")
TITLE = 'title = { en = "First Steps in Cooperation", id = "Langkah Pertama Kerja Sama" }'
NAME = 'name = { en = "Samudra", id = "Samudra" }'


@pytest.fixture
def app(folders):
    application = open_app()
    yield application
    pygame.display.quit()


@pytest.mark.parametrize("character", ["\\u0000", "\\u001b[31m", "\\u202e", "\\n", "\\u0007"])
@pytest.mark.parametrize("where", ["title", "name"])
def test_a_title_or_name_with_a_control_character_is_refused_with_its_place(character, where):
    if where == "title":
        text = TUTORIAL.replace(TITLE, TITLE.replace("First Steps", f"First{character} Steps"))
        path = "scenario.title.en"
    else:
        text = TUTORIAL.replace(NAME, NAME.replace('en = "Samudra"', f'en = "Sam{character}udra"'))
        path = "countries[0].name.en"
    with pytest.raises(ScenarioError) as error:
        load_text(text, "bad.toml")
    problem = error.value.problems[0]
    assert problem.path == path and problem.line is not None
    assert "cannot be shown" in problem.message or "one line" in problem.message
    assert "\x00" not in error.value.report() and "\x1b" not in error.value.report()


def test_a_name_of_spaces_only_is_refused():
    text = TUTORIAL.replace(NAME, 'name = { en = "   ", id = "Samudra" }')
    with pytest.raises(ScenarioError, match="only spaces"):
        load_text(text, "bad.toml")


def test_a_broken_user_scenario_never_blocks_new_game(app):
    folder = user_scenarios_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nul.toml").write_text(TUTORIAL.replace(TITLE, TITLE.replace("First", "Fi\\u0000rst")),
                                     encoding="utf-8")
    (folder / "deep.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    click(app, "new")
    step(app, 3)
    assert app.scene.name == "setup"
    texts = " ".join(visible_texts(app))
    assert "First Steps in Cooperation" in texts  # the built-ins are there
    assert "nul.toml" in texts and "deep.toml" in texts


@pytest.mark.parametrize("damage", [
    {"title": "a string"},
    {"title": ["a", "list"]},
    {"title": {"en": "Nul\u0000", "id": "x"}},
    {"turn": "three"},
    {"humans": "SAM"},
])
def test_a_damaged_autosave_is_set_aside_and_the_menu_says_why(folders, tutorial, damage):
    path = autosave_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    save_game(Game(tutorial, 1), path, extra={"turn": 1, "last_turn": 8, **damage})
    application = open_app()
    try:
        assert application.scene.name == "menu"
        assert "resume" not in application.scene.buttons
        assert not path.exists()
        assert [p.name.startswith("autosave.damaged-") for p in path.parent.iterdir()].count(True) == 1
        assert any("set aside" in t for t in visible_texts(application))
        click(application, "new")
        assert application.scene.name == "setup"
    finally:
        pygame.display.quit()


def test_a_deeply_nested_autosave_is_set_aside(folders):
    path = autosave_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"format": "diplomasi-save", "version": 1, "extra": ' + "[" * 100000
                    + "]" * 100000 + "}", encoding="utf-8")
    application = open_app()
    try:
        assert application.scene.name == "menu" and not path.exists()
        assert any("nest" in t for t in visible_texts(application))
    finally:
        pygame.display.quit()


def test_a_good_autosave_still_offers_to_resume(folders, tutorial):
    path = autosave_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    save_game(Game(tutorial, 1), path, extra={"turn": 1, "last_turn": 8,
                                               "title": {"en": "Tutorial", "id": "Tutorial"}})
    application = open_app()
    try:
        assert "resume" in application.scene.buttons and path.exists()
    finally:
        pygame.display.quit()


def test_the_recovery_cannot_fail_the_same_way_twice(folders, tutorial, monkeypatch):
    """A menu that fails while the autosave exists (as the font did on a NUL title): the first
    recovery autosaves and goes to the menu, which fails again; the second sets the autosave
    aside and the menu then works."""
    path = autosave_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    save_game(Game(tutorial, 1), path, extra={"turn": 1, "last_turn": 8})
    application = open_app(menu=False)
    original = MenuScene.draw

    def fragile(self, surface):
        if self.app.autosave.exists():
            raise ValueError("embedded null character")
        original(self, surface)

    monkeypatch.setattr(MenuScene, "draw", fragile)
    try:
        application.to_menu()
        for _ in range(6):
            application.guarded_step([], 1 / 60)
            if application.scene.name == "error":
                click(application, "ok")
        assert application.running
        assert not path.exists() and application.failures == 0
        assert application.scene.name == "menu" and "resume" not in application.scene.buttons
        log = (folders / "data" / "error.log").read_text(encoding="utf-8")
        assert "embedded null character" in log
    finally:
        pygame.display.quit()


def test_an_error_that_never_stops_closes_the_window_instead_of_spinning(folders, monkeypatch):
    application = open_app(menu=False)

    def broken(self, surface):
        raise RuntimeError("always")

    monkeypatch.setattr(MenuScene, "draw", broken)
    try:
        application.to_menu()
        for _ in range(12):
            if application.running:
                application.guarded_step([], 1 / 60)
            if application.running and application.scene.name == "error":
                application.scene.back()  # the player clicks OK
        assert not application.running
    finally:
        pygame.display.quit()


def test_the_autosave_summary_of_a_file_of_another_kind_is_a_clear_refusal(folders):
    from game.rules.storage import StorageError
    from game.ui.scenes.menu import autosave_summary

    path = folders / "autosave.json"
    path.write_text(json.dumps([1, 2, 3]), encoding="utf-8")
    with pytest.raises(StorageError, match="not a Diplomasi save"):
        autosave_summary(path)

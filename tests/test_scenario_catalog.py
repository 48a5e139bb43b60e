"""The scenario list of a new game: built-in scenarios, then the user's own, broken ones too."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path

import pytest

from game.scenario.catalog import MAXIMUM_USER_FILES, PREFERRED_ORDER, catalog, load_cached
from game.scenario.loading import built_in_ids
from game.ui.settings import Settings, user_scenarios_dir
from tests.conftest import SCENARIOS

BROKEN = "[scenario]\nid = 'x'\nturns = 'ten'\n"


def write_good(folder: Path, name: str, title: str = "My Lesson") -> Path:
    """A valid user scenario: the tutorial with another id and title."""
    text = (SCENARIOS / "tutorial.toml").read_text(encoding="utf-8")
    text = text.replace('id = "tutorial"', f'id = "{Path(name).stem}"', 1)
    text = text.replace('"First Steps in Cooperation"', f'"{title}"', 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_without_a_user_folder_the_list_is_the_built_in_scenarios_in_order(tmp_path):
    for folder in (None, tmp_path / "missing", tmp_path):
        entries = catalog(folder)
        assert [e.key for e in entries][: len(PREFERRED_ORDER)] == list(PREFERRED_ORDER)
        assert sorted(e.key for e in entries) == built_in_ids()
        assert not any(e.user or e.broken for e in entries)
        assert all(e.loaded is not None and e.problem is None for e in entries)


def test_user_scenarios_come_after_the_built_in_ones_and_a_broken_one_hides_nothing(tmp_path):
    good = write_good(tmp_path, "b-good.toml")
    broken = tmp_path / "a-broken.toml"
    broken.write_text(BROKEN, encoding="utf-8")
    later = write_good(tmp_path, "c-later.toml", "Later")
    (tmp_path / ".hidden.toml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a scenario", encoding="utf-8")
    (tmp_path / "folder.toml").mkdir()
    entries = catalog(tmp_path)
    built_in = [e for e in entries if not e.user]
    user = [e for e in entries if e.user]
    assert entries == built_in + user and len(built_in) == len(built_in_ids())
    assert [e.path for e in user] == [broken, good, later]
    assert [e.key for e in user] == [str(broken), str(good), str(later)]
    assert [e.broken for e in user] == [True, False, False]
    assert user[1].loaded.scenario.scenario.id == "b-good"
    assert user[2].loaded.scenario.scenario.title.en == "Later"
    first = user[0]
    assert first.loaded is None and first.problem is not None
    assert first.first_problem.startswith("scenario.")
    assert first.first_problem == (f"{first.problem.path}: {first.problem.message}")


@pytest.mark.parametrize("content", [b"", b"\xff\xfe not utf-8", b"[[[", BROKEN.encode()])
def test_any_broken_file_gives_a_first_problem(tmp_path, content):
    (tmp_path / "bad.toml").write_bytes(content)
    write_good(tmp_path, "good.toml")
    user = [e for e in catalog(tmp_path) if e.user]
    assert [e.broken for e in user] == [True, False]
    assert user[0].first_problem


def test_a_file_is_loaded_again_when_it_changes(tmp_path):
    path = tmp_path / "draft.toml"
    path.write_text(BROKEN, encoding="utf-8")
    assert not hasattr(load_cached(path), "scenario")
    write_good(tmp_path, "draft.toml", "Fixed now")
    os.utime(path, (1e9, 1e9))  # a new version even on coarse clocks
    assert load_cached(path).scenario.scenario.title.en == "Fixed now"


def test_the_list_of_user_files_is_capped(tmp_path):
    for k in range(MAXIMUM_USER_FILES + 5):
        (tmp_path / f"s{k:03}.toml").write_text(BROKEN, encoding="utf-8")
    assert len([e for e in catalog(tmp_path) if e.user]) == MAXIMUM_USER_FILES


def test_the_user_folder_is_in_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("DIPLOMASI_DATA_DIR", str(tmp_path))
    assert user_scenarios_dir() == tmp_path / "scenarios"


# --- the new-game screen -------------------------------------------------------------------------
@pytest.fixture
def app(tmp_path, monkeypatch):
    import pygame

    from game.ui.app import App
    from game.ui.testing import step

    monkeypatch.setenv("DIPLOMASI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("DIPLOMASI_DATA_DIR", str(tmp_path / "data"))
    application = App(Settings())
    application.to_menu()
    step(application, 2)
    yield application
    pygame.display.quit()


def test_the_setup_lists_user_scenarios_marked_with_a_broken_one_and_its_problem(app, tmp_path):
    from game.ui.testing import click, visible_texts

    folder = tmp_path / "data" / "scenarios"
    good = write_good(folder, "my-lesson.toml")
    broken = folder / "draft.toml"
    broken.write_text(BROKEN, encoding="utf-8")
    click(app, "new")
    scene = app.scene
    assert scene.name == "setup"
    for identifier in built_in_ids():
        assert f"scenario:{identifier}" in scene.buttons
    assert f"scenario:{good}" in scene.buttons and f"scenario:{broken}" in scene.buttons
    texts = visible_texts(app)
    assert "Your scenarios" in texts and "My Lesson" in texts and "Broken: draft.toml" in texts
    assert any(t.startswith("line ") and "scenario." in t for t in texts)
    # the good one starts like any other
    click(app, f"scenario:{good}")
    assert app.scene.loaded is not None and app.scene.loaded.scenario.scenario.id == "my-lesson"
    assert "start" in app.scene.buttons
    # the broken one shows every problem and cannot start
    click(app, f"scenario:{broken}")
    texts = visible_texts(app)
    assert app.scene.loaded is None and "start" not in app.scene.buttons
    assert any("cannot be used" in t for t in texts)
    assert any("turns" in t for t in texts)


def test_the_setup_marks_user_scenarios_in_indonesian_and_scrolls_when_many(app, tmp_path):
    from game.ui.testing import click, visible_texts

    folder = tmp_path / "data" / "scenarios"
    for k in range(12):
        write_good(folder, f"lesson-{k:02}.toml", f"Lesson {k}")
    (folder / "zz-broken.toml").write_text(BROKEN, encoding="utf-8")
    click(app, "language:id")
    click(app, "new")
    texts = visible_texts(app)
    assert "Skenario Anda" in texts and "Rusak: zz-broken.toml" in texts
    assert any(t.startswith("baris ") for t in texts)
    assert "Your scenarios" not in texts
    scene = app.scene
    assert all(f"scenario:{folder / f'lesson-{k:02}.toml'}" in scene.buttons for k in range(12))
    # the list scrolls inside its column: the file section below it keeps its place
    assert scene.buttons["open_file"].rect.bottom <= app.scene.height

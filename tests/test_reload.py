"""F5 in a game: the scenario file is read again and the game restarts on it; a broken file (or
one without a player's country) shows its problems over the game, which goes on unchanged."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import shutil

import pygame
import pytest

from game.classroom.classroom import Classroom
from game.classroom.reload import reload_session, restarted, scenario_file
from game.rules.game import Game, Phase
from game.scenario.loading import BUILT_IN_DIRECTORY, load_scenario, resolve
from game.session.session import Session
from game.ui.testing import ScriptedController, click, open_app, press, step, visible_texts
from tests.conftest import SCENARIOS

GDP_LINE = 'gdp = 300.0'  # Samudra's, in tutorial.toml
BAD_GDP = 'gdp = "lots"'


@pytest.fixture
def app(folders):
    application = open_app(humans=["SAM"])
    yield application
    pygame.display.quit()


@pytest.fixture
def scenario(folders):
    """A copy of the tutorial that the test edits, and its original text."""
    path = folders / "my-tutorial.toml"
    shutil.copy(SCENARIOS / "tutorial.toml", path)
    text = path.read_text(encoding="utf-8")
    assert text.count(GDP_LINE) == 1
    return path, text


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first occurrence of ``fragment``."""
    return text[: text.index(fragment)].count("\n") + 1


def start(app, path, seed=11, turns=4, difficulty="hard") -> Session:
    session = Session(Game(load_scenario(path), seed, turns), ["SAM"], difficulty,
                      ScriptedController(["SAM"]), autosave_path=app.autosave)
    app.start_session(session)
    step(app, 2)
    # one year played, so that a restart visibly goes back to the start
    session.begin_diplomacy("SAM")
    session.end_diplomacy("SAM")
    session.end_compliance("SAM", {})
    app.show_game()
    step(app, 2)
    assert session.game.turn == 2
    return session


def reload(app) -> None:
    """F5, and the answer "Reload and restart" to its question (F5 on the overlay of a broken
    file tries again without one)."""
    press(app, pygame.K_F5, frames=2)
    if app.scene.name == "ask":
        click(app, "confirm", frames=2)


def all_text(app) -> str:
    return "\n".join(visible_texts(app))


def test_a_valid_edit_restarts_the_game_at_the_start_with_the_new_values(app, scenario):
    path, text = scenario
    old = start(app, path)
    path.write_text(text.replace(GDP_LINE, "gdp = 450"), encoding="utf-8")
    reload(app)
    session = app.session
    assert session is not old
    assert app.scene.name == "game"
    game = session.game
    assert game.turn == 1 and len(game.history) == 1 and session.stage is Phase.NEWS
    assert game.scenario.countries[game.index["SAM"]].gdp == 450
    assert game.state.gdp[0, game.index["SAM"]] == pytest.approx(450)
    # the same players, difficulty, seed and turns
    assert session.humans == ["SAM"] and session.difficulty == "hard"
    assert game.seed == 11 and game.last_turn == 4
    assert any("my-tutorial.toml" in message for _, message, _ in app.toasts)


def test_a_broken_file_lists_its_problems_and_the_game_goes_on(app, scenario):
    path, text = scenario
    old = start(app, path)
    broken = text.replace(GDP_LINE, BAD_GDP)
    path.write_text(broken, encoding="utf-8")
    reload(app)
    assert app.scene.name == "reload"
    shown = all_text(app)
    assert f"my-tutorial.toml, line {line_of(broken, BAD_GDP)}" in shown
    assert "key countries[0].gdp" in shown
    assert str(path) in shown
    assert app.session is old and old.game.turn == 2
    # Esc closes the overlay: the old game, still playable
    press(app, pygame.K_ESCAPE, frames=2)
    assert app.scene.name == "game" and app.session is old
    press(app, pygame.K_RETURN, frames=2)
    assert old.stage is Phase.DIPLOMACY and old.game.turn == 2


def test_a_syntax_error_then_a_fix_then_f5_again(app, scenario):
    path, text = scenario
    old = start(app, path)
    broken = text.replace("[scenario]", "[scenario", 1)
    path.write_text(broken, encoding="utf-8")
    reload(app)
    assert app.scene.name == "reload"
    shown = all_text(app)
    assert f"my-tutorial.toml, line {line_of(broken, '[scenario')}" in shown
    assert "TOML syntax error" in shown
    assert app.session is old
    # F5 on the overlay tries again: still broken, one overlay (not one more each time)
    depth = len(app.stack)
    reload(app)
    assert app.scene.name == "reload" and len(app.stack) == depth
    path.write_text(text.replace("turns = 8", "turns = 6", 1), encoding="utf-8")
    click(app, "retry", frames=2)
    assert app.scene.name == "game" and app.session is not old
    assert app.session.game.turn == 1
    assert app.session.game.last_turn == 4  # chosen at the start (the file's is 8, then 6): kept


def test_the_close_button_returns_to_the_game(app, scenario):
    path, text = scenario
    old = start(app, path)
    path.write_text(text.replace(GDP_LINE, "gdp = -5"), encoding="utf-8")
    reload(app)
    assert "key countries[0].gdp" in all_text(app)
    click(app, "close", frames=2)
    assert app.scene.name == "game" and app.session is old


def test_a_file_without_a_players_country_keeps_the_old_game(app, scenario):
    path, text = scenario
    old = start(app, path)
    path.write_text(text.replace('"SAM"', '"SMD"'), encoding="utf-8")
    reload(app)
    assert app.scene.name == "reload"
    shown = all_text(app)
    assert "A player's country is missing" in shown
    assert "no longer has Samudra" in shown
    assert app.session is old and old.game.turn == 2


def test_the_overlay_in_indonesian(app, scenario):
    path, text = scenario
    app.settings.language = "id"
    app.apply_settings()
    start(app, path)
    broken = text.replace(GDP_LINE, BAD_GDP)
    path.write_text(broken, encoding="utf-8")
    reload(app)
    shown = all_text(app)
    assert "Berkas skenario bermasalah" in shown
    assert f"my-tutorial.toml, baris {line_of(broken, BAD_GDP)}" in shown
    assert "kunci countries[0].gdp" in shown
    # pydantic's message in the player's language (it said "Input should be a valid number"),
    # so no note that the details are in English
    assert "harus berupa angka" in shown and "tertulis 'lots'" in shown
    assert "valid number" not in shown and "bahasa Inggris" not in shown


def test_a_built_in_scenario_reloads_too(app):
    loaded = load_scenario(resolve("tutorial"))
    old = start(app, resolve("tutorial"))
    assert old.game.loaded.source == loaded.source
    reload(app)
    assert app.scene.name == "game" and app.session is not old
    assert app.session.game.turn == 1
    assert app.session.game.loaded.sha256 == loaded.sha256
    assert any("tutorial.toml" in message for _, message, _ in app.toasts)


def test_f5_does_nothing_outside_a_game(app, scenario):
    path, _ = scenario
    old = start(app, path)
    app.to_menu()
    step(app, 1)
    press(app, pygame.K_F5, frames=2)
    assert app.scene.name == "menu" and app.session is old and old.game.turn == 2


# --- the headless part ---------------------------------------------------------------------

def test_where_a_source_is_read_again(tmp_path):
    built_in = BUILT_IN_DIRECTORY / "tutorial.toml"
    assert scenario_file("tutorial") == built_in
    # a save made on another computer names its own copy of the built-in scenario
    assert scenario_file("/elsewhere/diplomasi/scenarios/tutorial.toml") == built_in
    mine = tmp_path / "scenarios" / "tutorial.toml"
    mine.parent.mkdir()
    mine.write_text("")
    assert scenario_file(str(mine)) == mine  # an existing file is read as it is
    assert scenario_file(str(tmp_path / "gone.toml")) == tmp_path / "gone.toml"


def test_a_restart_keeps_the_settings_and_resets_the_progress(tutorial, tmp_path):
    from game.classroom.timer import DiplomacyTimer

    session = Session(Game(tutorial, None, None), ["SAM", "KAR"], "easy", ScriptedController(["SAM"]))
    session.classroom = Classroom()
    session.classroom.teams = {"SAM": "Team Merah", "KAR": "Team Biru"}
    session.classroom.results_folder = tmp_path / "class-8a"
    session.classroom.reflections = [{"turn": 1, "text": "we trusted Karang"}]
    session.classroom.reflection = True
    session.classroom.reflection_offered = 3
    timer = DiplomacyTimer(180, clock=lambda: 0.0)
    timer.start()
    session.classroom.timer = timer
    session.begin_diplomacy("SAM")
    session.end_diplomacy("SAM")
    assert session.done == {"SAM"}
    new = restarted(session, tutorial, ScriptedController(["SAM"]))
    assert new.humans == ["SAM", "KAR"] and new.difficulty == "easy"
    assert new.game.seed == tutorial.scenario.scenario.seed
    assert new.game.last_turn == tutorial.scenario.scenario.turns
    room = new.classroom
    assert room.teams == {"SAM": "Team Merah", "KAR": "Team Biru"}
    assert room.teams is not session.classroom.teams
    assert room.results_folder == tmp_path / "class-8a"
    assert room.reflections == [] and room.reflection is True and room.reflection_offered == 0
    assert room.timer is not timer and room.timer.seconds == 180 and not room.timer.active
    assert timer.active  # the running game's countdown is left alone
    assert new.done == set() and new.controller is not session.controller


def test_reload_session_reports_problems_without_touching_the_session(tutorial, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text((SCENARIOS / "tutorial.toml").read_text().replace("turns = 8", "turns = 0", 1))
    session = Session(Game(load_scenario(SCENARIOS / "tutorial.toml"), 3, 2), ["SAM"], "normal",
                      ScriptedController(["SAM"]))
    object.__setattr__(session.game.loaded, "source", str(path))
    result = reload_session(session)
    assert not result.ok and result.session is None and result.file == str(path)
    assert [(p.path, p.line) for p in result.error.problems] == [("scenario.turns", 6)]

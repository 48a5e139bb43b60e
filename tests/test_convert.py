"""Saves and game logs made before the welfare-centred model (issue 13) are converted, not lost.

tests/data/before-welfare holds files as older versions really wrote them: the two of format 1
are tests/data/before-protocol's files with the state hashes the code of commit 8d8bcf1
recorded (before the hashes there were brought to the present model), and the two of format 2
were written by the code of commit e826421^1 (the last before the welfare-centred score) from
tests/data/before-protocol/tutorial.toml: ``simulate --turns 3 --seed 7 --ai normal --log`` and
a one-human session (SAM, seed 7, 3 turns) saved in its first compliance phase. Their moves
replay under the present model, but not to the states they recorded: loading refuses them with
the exact ``convert`` command, and ``convert`` writes new files that load. A file changed by
hand is refused with its place and never offered conversion.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from game.rules.conversion import convert_log, convert_save
from game.rules.storage import FORMAT_VERSION, StorageError, load_game, replay_log
from game.scenario.loading import load_scenario
from game.session.session import Session
from game.tools.cli import main

OLD = Path(__file__).parent / "data" / "before-welfare"
SCENARIO = Path(__file__).parent / "data" / "before-protocol" / "tutorial.toml"
SAVES = ["session-v1-diplomacy.json", "session-v2-compliance.json"]
LOGS = ["game-log-v1.json", "game-log-v2.json"]


def copied(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    shutil.copy(OLD / name, path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", SAVES)
def test_an_old_save_is_refused_with_the_command_that_converts_it(tmp_path, name):
    path = copied(tmp_path, name)
    with pytest.raises(StorageError) as error:
        Session.load(path)
    assert error.value.convertible and error.value.key == "older_version_save"
    assert f"python3 run_game.py convert {path}" in error.value.text("en")
    assert f"python3 run_game.py convert {path}" in error.value.text("id")
    assert "versi Diplomasi yang lebih lama" in error.value.text("id")


@pytest.mark.parametrize("name", LOGS)
def test_an_old_log_is_refused_by_replay_with_the_command_that_converts_it(tmp_path, name,
                                                                          capsys):
    path = copied(tmp_path, name)
    assert main(["replay", str(path), "--scenario", str(SCENARIO)]) == 1
    error = capsys.readouterr().err
    assert f"python3 run_game.py convert {path} --scenario {SCENARIO}" in error
    assert "older version" in error and "does not reach the state" in error
    assert "Traceback" not in error


@pytest.mark.parametrize("name", SAVES)
def test_convert_writes_a_save_that_loads_and_leaves_the_old_file_alone(tmp_path, name, capsys):
    path = copied(tmp_path, name)
    before = digest(path)
    assert main(["convert", str(path)]) == 0
    said = capsys.readouterr().out
    new = tmp_path / name.replace(".json", ".converted.json")
    assert digest(path) == before  # the old file is untouched
    assert str(new) in said and "moves replayed" in said and "scores differ" in said
    assert json.loads(new.read_text())["version"] == FORMAT_VERSION
    old_session_humans = json.loads(path.read_text())["extra"]["humans"]
    session = Session.load(new)
    assert session.humans == old_session_humans and session.deciding()
    if name == "session-v2-compliance.json":  # the game goes on from where it stopped
        assert session.game.turn == 1 and session.end_compliance("SAM", {}) is None
        assert session.game.turn == 2


@pytest.mark.parametrize("name", LOGS)
def test_convert_writes_a_log_that_replays_to_its_recorded_state(tmp_path, name, capsys):
    path = copied(tmp_path, name)
    new = tmp_path / "new.log"
    assert main(["convert", str(path), "--scenario", str(SCENARIO), "--output", str(new)]) == 0
    assert "moves replayed" in capsys.readouterr().out
    game = replay_log(new, load_scenario(SCENARIO))  # checks the footer's hash itself
    assert game.finished
    assert main(["replay", str(new)]) == 0  # the new header names the scenario given


def test_converting_twice_gives_the_same_bytes(tmp_path):
    for name in SAVES + LOGS:
        path = copied(tmp_path, name)
        extra = [] if name in SAVES else ["--scenario", str(SCENARIO)]
        first, second = tmp_path / f"1-{name}", tmp_path / f"2-{name}"
        assert main(["convert", str(path), "--output", str(first), *extra]) == 0
        assert main(["convert", str(path), "--output", str(second), *extra]) == 0
        assert first.read_bytes() == second.read_bytes()
    assert convert_save(OLD / SAVES[1]).text == convert_save(OLD / SAVES[1]).text


def test_the_message_is_in_indonesian_when_asked(tmp_path, capsys):
    path = copied(tmp_path, SAVES[0])
    assert main(["convert", str(path), "--lang", "id"]) == 0
    said = capsys.readouterr().out
    assert "telah dikonversi" in said and "berkas lama tidak diubah" in said


def test_a_converted_file_is_not_converted_again(tmp_path, capsys):
    path = copied(tmp_path, SAVES[0])
    assert main(["convert", str(path)]) == 0
    new = tmp_path / SAVES[0].replace(".json", ".converted.json")
    before = digest(new)
    assert main(["convert", str(new), "--output", str(tmp_path / "third.json")]) == 0
    assert "nothing to convert" in capsys.readouterr().out
    assert not (tmp_path / "third.json").exists() and digest(new) == before
    assert convert_save(new).needed is False


def test_an_existing_converted_file_is_never_replaced_by_default(tmp_path, capsys):
    path = copied(tmp_path, SAVES[0])
    target = tmp_path / SAVES[0].replace(".json", ".converted.json")
    target.write_text("mine", encoding="utf-8")
    assert main(["convert", str(path)]) == 1
    assert "--output" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine"


def hand_changed_action(path: Path) -> None:
    """The first action made by a country that is not in the game."""
    document = json.loads(path.read_text())
    document["actions"][0] = {"type": "end_phase", "country": "XXX"}
    path.write_text(json.dumps(document), encoding="utf-8")


def test_a_save_whose_moves_do_not_replay_is_not_offered_conversion(tmp_path, capsys):
    path = copied(tmp_path, SAVES[1])
    hand_changed_action(path)
    before = digest(path)
    with pytest.raises(StorageError) as error:
        load_game(path)
    assert not error.value.convertible and "actions[0]" in error.value.text("en")
    assert "convert" not in error.value.text("en")
    assert main(["convert", str(path)]) == 1
    said = capsys.readouterr().err
    assert "actions[0]" in said and "run_game.py convert" not in said
    assert digest(path) == before and not (tmp_path / "session-v2-compliance.converted.json").exists()


def test_a_save_of_this_version_with_another_hash_is_refused_as_changed_by_hand(tmp_path,
                                                                                capsys):
    path = copied(tmp_path, SAVES[1])
    assert main(["convert", str(path), "--output", str(tmp_path / "new.json")]) == 0
    document = json.loads((tmp_path / "new.json").read_text())
    document["state_hash"] = "0" * 64  # this version's file, its hash changed by hand
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(StorageError) as error:
        load_game(changed)
    assert not error.value.convertible
    assert error.value.text("en").startswith("state_hash:") and "by hand" in error.value.text("en")
    assert main(["convert", str(changed)]) == 1
    assert "by hand" in capsys.readouterr().err


def test_a_log_of_this_version_with_another_hash_names_its_last_line(tmp_path):
    path = copied(tmp_path, LOGS[1])
    new = tmp_path / "new.log"
    assert main(["convert", str(path), "--scenario", str(SCENARIO), "--output", str(new)]) == 0
    lines = new.read_text().splitlines()
    footer = json.loads(lines[-1])
    footer["final_state_hash"] = "1" * 64
    lines[-1] = json.dumps(footer)
    new.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_scenario(SCENARIO)
    for attempt in (lambda: replay_log(new, loaded), lambda: convert_log(new, loaded)):
        with pytest.raises(StorageError) as error:
            attempt()
        assert not error.value.convertible
        assert error.value.text("en").startswith(f"line {len(lines)}:")


@pytest.mark.parametrize("content", ["{not json", "", '{"format": "diplomasi-save"}'])
def test_a_corrupt_file_is_not_offered_conversion(tmp_path, capsys, content):
    path = tmp_path / "corrupt.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(StorageError) as error:
        load_game(path)
    assert not error.value.convertible
    assert main(["convert", str(path)]) == 1
    said = capsys.readouterr().err
    assert str(path) in said and "run_game.py convert" not in said and "Traceback" not in said
    assert path.read_text(encoding="utf-8") == content


def test_the_game_window_names_the_command_and_sets_an_old_autosave_aside_with_it(folders):
    import os

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from game.ui.settings import autosave_path
    from game.ui.testing import open_app

    application = open_app()
    try:
        path = copied(folders, SAVES[1])
        assert application.open_save(path) is False
        assert application.scene.name == "error"
        assert f"python3 run_game.py convert {path}" in application.scene.message
        autosave = autosave_path()
        autosave.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(OLD / SAVES[1], autosave)
        assert application.open_save(autosave) is False
        aside = [p for p in autosave.parent.iterdir() if p.name.startswith("autosave.damaged-")]
        assert len(aside) == 1 and not autosave.exists()
        assert f"python3 run_game.py convert {aside[0]}" in application.set_aside_note
    finally:
        pygame.display.quit()

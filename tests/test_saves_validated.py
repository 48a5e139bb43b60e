"""Issue 16, failure 5: damaged saves and logs are refused with a located message, never a
traceback; the state hash covers the game's length; replay needs the log's footer."""

from __future__ import annotations

import json

import pytest

from game.agents.baseline import BaselinePolicy
from game.rules.game import Game
from game.rules.protocol import play_game
from game.rules.storage import StorageError, load_game, read_log, replay_log, save_game, write_log
from game.rules.stored import MAXIMUM_DEPTH, nesting_depth
from game.session.session import Session


def played(scenario, seed: int = 1, turns: int | None = 2) -> Game:
    game = Game(scenario, seed, turns)
    play_game(game, dict.fromkeys(game.country_ids, BaselinePolicy()))
    return game


def saved(tmp_path, tutorial, extra=None):
    path = tmp_path / "save.json"
    save_game(played(tutorial), path, extra)
    return path, json.loads(path.read_text(encoding="utf-8"))


def rewrite(path, document) -> None:
    path.write_text(json.dumps(document), encoding="utf-8")


@pytest.mark.parametrize(("change", "message"), [
    ({"seed": -5}, "seed: -5 is too small"),
    ({"turns": 10**9}, "turns: 1000000000 is too large"),
    ({"version": -5}, "version: -5 is too small"),
    ({"turns": "8"}, "turns: '8' is not a value"),
    ({"actions": {"a": 1}}, "actions"),
    ({"seed": 1.5}, "seed: 1.5"),
    ({"state_hash": None}, "state_hash"),
])
def test_wrong_values_in_a_save_are_refused_with_their_place(tmp_path, tutorial, change, message):
    path, document = saved(tmp_path, tutorial)
    rewrite(path, {**document, **change})
    with pytest.raises(StorageError, match=message) as error:
        load_game(path)
    assert str(path) in str(error.value)
    assert error.value.text("id") != error.value.text("en")  # said in the player's language


def test_a_save_with_no_state_hash_is_refused(tmp_path, tutorial):
    path, document = saved(tmp_path, tutorial)
    del document["state_hash"]
    rewrite(path, document)
    with pytest.raises(StorageError, match="state_hash: this required value is missing"):
        load_game(path)


def test_a_deeply_nested_save_is_refused_before_parsing(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"format": "diplomasi-save", "version": 1, "x": ' + "[" * 200000
                    + "]" * 200000 + "}", encoding="utf-8")
    with pytest.raises(StorageError, match="nest 200001 levels deep"):
        load_game(path)


def test_the_depth_scan_skips_brackets_inside_strings():
    assert nesting_depth(b'{"a": "[[[[{{{{", "b": [1, [2]]}') == 3
    assert nesting_depth(b'["\\"[[[[["]') == 1
    assert nesting_depth(b"[" * (MAXIMUM_DEPTH + 1)) == MAXIMUM_DEPTH + 1


def test_a_huge_save_is_refused_by_its_size(tmp_path, monkeypatch):
    from game.rules import stored

    monkeypatch.setattr(stored, "MAXIMUM_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_text("[" + "{}," * 1000 + "{}]", encoding="utf-8")
    with pytest.raises(StorageError, match="MB, more than"):
        load_game(path)


def test_nan_in_a_save_is_refused(tmp_path, tutorial):
    path, document = saved(tmp_path, tutorial)
    path.write_text(json.dumps(document).replace('"seed": 1', '"seed": NaN'), encoding="utf-8")
    with pytest.raises(StorageError, match="JSON does not allow"):
        load_game(path)


@pytest.mark.parametrize("extra", [
    {"humans": "SAM"},
    {"teams": ["a"]},
    {"timer": 5},
    {"seen": {"SAM": "x"}},
    {"title": "a string"},
    {"reflections": {"a": 1}},
    {"results_folder": 3},
])
def test_wrong_types_in_the_sessions_extra_fields_are_refused(tmp_path, tutorial, extra):
    path, _ = saved(tmp_path, tutorial, extra)
    with pytest.raises(StorageError, match=r"extra\.") as error:
        Session.load(path)
    assert str(path) in str(error.value)


def test_the_state_hash_covers_the_games_length(tutorial):
    assert Game(tutorial, 1, 3).state_hash() != Game(tutorial, 1, 4).state_hash()
    assert Game(tutorial, 1, 3).state_hash() == Game(tutorial, 1, 3).state_hash()


def test_a_save_whose_length_was_changed_is_refused(tmp_path, tutorial):
    path = tmp_path / "save.json"
    save_game(Game(tutorial, 1, 3), path)
    document = json.loads(path.read_text(encoding="utf-8"))
    rewrite(path, {**document, "turns": 4})
    with pytest.raises(StorageError, match="does not replay to the state"):
        load_game(path)


def test_saves_and_logs_of_format_1_still_load_with_the_old_hash(tmp_path, tutorial):
    """Written before the state hash covered the length: their recorded hash is checked with
    the formula of their time."""
    game = played(tutorial)
    path, document = saved(tmp_path, tutorial)
    rewrite(path, {**document, "version": 1, "state_hash": game.state_hash(legacy=True)})
    restored, _ = load_game(path)
    assert restored.state_hash() == game.state_hash()
    rewrite(path, {**document, "version": 1})  # the new hash in an old save: not its formula
    with pytest.raises(StorageError, match="does not replay"):
        load_game(path)
    log = tmp_path / "game.log"
    write_log(game, log)
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    lines[0]["version"] = 1
    lines[-1]["final_state_hash"] = game.state_hash(legacy=True)
    log.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert replay_log(log, tutorial).state_hash() == game.state_hash()


def test_replay_refuses_a_log_whose_footer_is_missing(tmp_path, tutorial):
    log = tmp_path / "game.log"
    write_log(played(tutorial), log)
    lines = log.read_text(encoding="utf-8").splitlines()
    log.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(StorageError, match="no last line with the final state hash"):
        replay_log(log, tutorial)


def test_a_log_whose_action_was_changed_is_caught(tmp_path, tutorial, capsys):
    from game.tools import replay

    game = played(tutorial)
    log = tmp_path / "game.log"
    write_log(game, log)
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    changed = next(k for k, line in enumerate(lines)
                   if line.get("type") == "comply" and line.get("keep") is True)
    lines[changed]["keep"] = False
    log.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with pytest.raises(StorageError, match=r"replay does not reach the state|does not fit"):
        replay_log(log, tutorial)
    # without its footer as well: refused, never "exit 0"
    log.write_text("".join(json.dumps(line) + "\n" for line in lines[:-1]), encoding="utf-8")
    import argparse

    code = replay.run(argparse.Namespace(log=str(log), scenario=str(tutorial.source)))
    assert code == 1 and "final state hash" in capsys.readouterr().err


@pytest.mark.parametrize(("header", "message"), [
    ({"seed": -1}, "seed: -1 is too small"),
    ({"turns": 10**9}, "turns: 1000000000 is too large"),
    ({"version": 0}, "version: 0 is too small"),
])
def test_a_log_header_with_wrong_values_is_refused(tmp_path, tutorial, header, message):
    log = tmp_path / "game.log"
    write_log(played(tutorial), log)
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    lines[0].update(header)
    log.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with pytest.raises(StorageError, match=message):
        read_log(log)


def test_a_damaged_action_names_its_line(tmp_path, tutorial):
    log = tmp_path / "game.log"
    write_log(played(tutorial), log)
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    lines[3] = {"type": "propose", "country": 12}
    log.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with pytest.raises(StorageError, match="line 4"):
        replay_log(log, tutorial)


def test_a_refusal_never_shows_the_files_control_characters(tmp_path, tutorial):
    """Found by the reliability run: a log whose country is "\\x00" was refused with the NUL
    in the message (which the window's font cannot draw)."""
    log = tmp_path / "game.log"
    write_log(played(tutorial), log)
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    lines[1] = {"type": "end_phase", "country": "\x00\x1b[2J"}
    log.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with pytest.raises(StorageError) as error:
        replay_log(log, tutorial)
    for text in (str(error.value), error.value.text("id")):
        assert "\x00" not in text and "\x1b" not in text and "\\x00" in text


def test_a_broken_scenario_inside_a_save_is_reported_at_the_saves_place(tmp_path, tutorial):
    """Issue 16, failure 11: the problem's place is the save's line, not the original file's."""
    path = tmp_path / "save.json"
    save_game(Game(tutorial, 1), path)
    document = json.loads(path.read_text(encoding="utf-8"))
    original = document["scenario"]["source"]
    assert original and original != str(path)
    text = document["scenario"]["text"]
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row.startswith("gdp ="))
    document["scenario"]["text"] = text.replace(
        text.splitlines()[line - 1], 'gdp = "lots"', 1)
    rewrite(path, document)
    with pytest.raises(StorageError) as error:
        load_game(path)
    message = str(error.value)
    assert f"{path}:{line}: countries[0].gdp" in message
    assert original not in message

"""Determinism, game logs, replays and saves that never lose a class's work."""

from __future__ import annotations

import json
import os

import pytest

from game.agents.baseline import BaselinePolicy
from game.rules import actions as act
from game.rules.game import Game
from game.rules.protocol import play_game
from game.rules.storage import (
    StorageError,
    atomic_write_text,
    load_game,
    read_log,
    replay_log,
    save_game,
    write_log,
)
from game.scenario.loading import load_text
from tests.strategies import loaded


def played(scenario, seed: int = 1, turns: int | None = None) -> Game:
    game = Game(scenario, seed, turns)
    play_game(game, dict.fromkeys(game.country_ids, BaselinePolicy()))
    return game


def eventful(probability: float = 0.5):
    """The tutorial with every event card likely, so seeds matter."""
    from tests.conftest import SCENARIOS

    text = (SCENARIOS / "tutorial.toml").read_text()
    text = text.replace("probability = 0.15", f"probability = {probability}")
    text = text.replace("probability = 0.1\n", f"probability = {probability}\n")
    return load_text(text, "eventful")


def test_same_scenario_seed_and_actions_give_the_same_game(tutorial):
    first, second = played(tutorial, 5), played(tutorial, 5)
    assert first.state_hash() == second.state_hash()
    assert first.log == second.log


def test_different_seeds_draw_different_news():
    scenario = eventful()
    histories = {tuple((e.card, e.turn) for r in played(scenario, s).reports for e in r.events)
                 for s in range(6)}
    assert len(histories) > 1


def test_replaying_a_log_reaches_the_same_state(tutorial, tmp_path):
    game = played(tutorial, 3)
    path = tmp_path / "game.log"
    write_log(game, path)
    header, actions, footer = read_log(path)
    assert header["scenario"] == "tutorial" and header["seed"] == 3
    assert header["scenario_sha256"] == tutorial.sha256
    assert len(actions) == len(game.log) and footer["final_state_hash"] == game.state_hash()
    assert replay_log(path, tutorial).state_hash() == game.state_hash()


def test_a_log_from_another_scenario_file_is_refused(tutorial, tmp_path):
    path = tmp_path / "game.log"
    write_log(played(tutorial, 3, turns=2), path)
    with pytest.raises(StorageError, match="hash differs"):
        replay_log(path, eventful())


def test_a_tampered_log_is_refused_with_the_reason(tutorial, tmp_path):
    path = tmp_path / "game.log"
    game = played(tutorial, 3, turns=2)
    write_log(game, path)
    lines = path.read_text().splitlines()
    lines.insert(1, json.dumps(act.to_dict(act.Accept("SAM", 99))))
    path.write_text("\n".join(lines))
    with pytest.raises(StorageError, match="does not fit"):
        replay_log(path, tutorial)
    path.write_text(lines[0] + "\n{not json\n")
    with pytest.raises(StorageError, match="line 2"):
        read_log(path)


def test_save_and_load_round_trip_mid_game(tutorial, tmp_path):
    game = Game(tutorial, 4)
    policy = BaselinePolicy()
    from game.rules.protocol import play_turn

    play_turn(game, dict.fromkeys(game.country_ids, policy))
    for country in game.country_ids:
        game.apply(act.EndPhase(country))
    path = tmp_path / "saves" / "class-7b.json"
    save_game(game, path, extra={"humans": ["SAM"]})
    restored, extra = load_game(path)
    assert restored.state_hash() == game.state_hash()
    assert (restored.turn, restored.phase) == (game.turn, game.phase)
    assert extra == {"humans": ["SAM"]}
    # The restored game goes on exactly like the original.
    play_game(game, dict.fromkeys(game.country_ids, policy))
    play_game(restored, dict.fromkeys(restored.country_ids, policy))
    assert restored.state_hash() == game.state_hash()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "damaged"),
        (b"\xff\xfe garbage", "not UTF-8"),
        (b"[1, 2, 3]", "not a Diplomasi save"),
        (b'{"format": "diplomasi-save", "version": 99}', "newer Diplomasi"),
        (b'{"format": "diplomasi-save"}', "no format version"),
        (b'{"format": "diplomasi-save", "version": 1, "scenario": {"text": "x = 1"}, '
         b'"actions": [], "seed": 1}', "scenario inside the save is invalid"),
    ],
)
def test_broken_saves_give_a_clear_message_and_touch_nothing_else(tmp_path, tutorial, content,
                                                                  message):
    good = tmp_path / "good.json"
    save_game(Game(tutorial, 1), good)
    before = good.read_bytes()
    broken = tmp_path / "broken.json"
    broken.write_bytes(content)
    with pytest.raises(StorageError, match=message) as error:
        load_game(broken)
    assert str(broken) in str(error.value)
    assert good.read_bytes() == before and broken.read_bytes() == content


def test_a_truncated_save_is_refused(tmp_path, tutorial):
    path = tmp_path / "save.json"
    save_game(played(tutorial, 2, turns=2), path)
    text = path.read_bytes()
    path.write_bytes(text[: len(text) // 2])
    with pytest.raises(StorageError, match="cut short"):
        load_game(path)


def test_a_save_edited_by_hand_is_refused(tmp_path, tutorial):
    path = tmp_path / "save.json"
    save_game(played(tutorial, 2, turns=2), path)
    document = json.loads(path.read_text())
    document["state_hash"] = "0" * 64
    path.write_text(json.dumps(document))
    with pytest.raises(StorageError, match="does not replay"):
        load_game(path)


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "results.json"
    atomic_write_text(target, "old")

    def fail(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.json"]


def test_saved_files_are_readable_by_others_like_any_new_file(tmp_path):
    target = tmp_path / "shared.json"
    atomic_write_text(target, "{}")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_generated_scenarios_replay_from_their_json_log():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tests.strategies import scenario_data

    @settings(max_examples=5, deadline=None)
    @given(scenario_data(maximum_countries=5), st.integers(0, 1000))
    def check(data, seed):
        scenario = loaded(data)
        game = played(scenario, seed)
        copy = Game(scenario, seed)
        for record in game.log:
            copy.apply(act.action_from_dict(json.loads(json.dumps(record))))
        assert copy.state_hash() == game.state_hash()

    check()

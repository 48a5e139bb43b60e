"""Files written before the turn protocol was in the game log (tests/data/before-protocol, made
by the code of commit 8d8bcf1: session format 1) still load and play on where they stopped.
Their recorded state hashes were brought to the present model when issue 13 changed the model's
state (imports from the rest of the world): a file's format is what this tests, and no save can
replay to a state its model no longer makes; nothing else in them changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from game.rules.game import Phase
from game.rules.storage import read_log, replay_log
from game.scenario.loading import load_scenario
from game.session.session import Session

OLD = Path(__file__).parent / "data" / "before-protocol"


def copied(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    shutil.copy(OLD / name, path)
    return path


def test_a_save_made_in_diplomacy_goes_on_where_it_stopped(tmp_path):
    session = Session.load(copied(tmp_path, "session-v1-diplomacy.json"))
    game = session.game
    assert game.phase is Phase.DIPLOMACY and game.round == game.floor_round
    assert session.humans == ["SAM", "KAR"] and session.done == {"SAM"}
    assert session.current == "KAR"  # SAM had ended; KAR's turn, as when it was saved
    assert session.reasons(1, "AWN") is not None  # the computers' reasons came along
    assert session.end_diplomacy("KAR") is None
    assert game.phase is Phase.COMPLIANCE


def test_a_save_made_in_compliance_goes_on_where_it_stopped(tmp_path):
    session = Session.load(copied(tmp_path, "session-v1-compliance.json"))
    game = session.game
    assert game.phase is Phase.COMPLIANCE and game.turn == 1
    assert session.deciding() == ["KAR"]  # SAM had decided, the computers had too
    assert session.end_compliance("KAR", {}) is None
    assert game.turn == 2 and game.phase is Phase.NEWS


def test_a_game_log_replays_to_its_recorded_state():
    loaded = load_scenario(OLD / "tutorial.toml")
    _, _, footer = read_log(OLD / "game-log-v1.json")
    game = replay_log(OLD / "game-log-v1.json", loaded)  # checks the footer's hash itself
    # logs of format 1 recorded the hash before it covered the game's length, seed and scenario
    assert game.finished and game.state_hash(legacy=True) == footer["final_state_hash"]

"""The AI plays exactly as it did: speed-ups of the AI and the model must not change one move.

Each case plays a few all-AI games (and one session with a human who only ends diplomacy and
keeps everything) and compares a hash of the game log and the game's ``state_hash`` with
``tests/data/ai_golden.json``. The fixture was recorded with the AI before its speed-ups
(docs/performance.md): a faster AI that reassociates a sum and so flips a near-tie changes a
hash here. When a change *means* to change how the AI plays, re-record the fixture on purpose:

    python tests/test_ai_golden.py --write

The whole file takes about half a minute (world: the first diplomacy phase only).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script to re-record
    sys.path.insert(0, str(ROOT))

from game.agents.ai import AINegotiator  # noqa: E402
from game.rules.game import Game, Phase  # noqa: E402
from game.rules.protocol import play_diplomacy, play_game  # noqa: E402
from game.scenario.loading import load_scenario, resolve  # noqa: E402
from game.session.session import Session  # noqa: E402

FIXTURE = Path(__file__).parent / "data" / "ai_golden.json"

#: name -> (scenario, difficulty, seed, turns); turns None for the scenario's own.
GAMES = {
    "indonesia-partners-normal-1": ("indonesia-partners", "normal", 1, 10),
    "indonesia-partners-normal-2": ("indonesia-partners", "normal", 2, 10),
    "indonesia-partners-hard-3": ("indonesia-partners", "hard", 3, 10),
    "asean-plus-three-normal-1": ("asean-plus-three", "normal", 1, 3),
    "asean-plus-three-hard-2": ("asean-plus-three", "hard", 2, 2),
    "tutorial-normal-4": ("tutorial", "normal", 4, None),
    "tutorial-hard-5": ("tutorial", "hard", 5, None),
}
SESSIONS = {"session-indonesia-partners-normal-6": ("indonesia-partners", "normal", 6)}
#: The first diplomacy phase of world (a whole turn would take a minute).
WORLD_PHASES = {"world-diplomacy-normal-1": ("world", "normal", 1)}
CASES = [*GAMES, *SESSIONS, *WORLD_PHASES]


def _all_ai(scenario: str, difficulty: str, seed: int, turns: int | None) -> Game:
    game = Game(load_scenario(resolve(scenario)), seed, turns)
    ai = AINegotiator(difficulty)
    return play_game(game, {c: ai for c in game.country_ids})


def _session(scenario: str, difficulty: str, seed: int) -> Game:
    session = Session(Game(load_scenario(resolve(scenario)), seed), ["IDN"], difficulty)
    while not session.game.finished:
        session.begin_diplomacy("IDN")
        session.end_diplomacy("IDN")
        session.end_compliance("IDN", {})
    return session.game



def _first_diplomacy(scenario: str, difficulty: str, seed: int) -> Game:
    """The news and the first diplomacy phase, played as ``game.rules.protocol`` plays them."""
    game = Game(load_scenario(resolve(scenario)), seed, 1)
    ai = AINegotiator(difficulty)
    play_diplomacy(game, {c: ai for c in game.country_ids})  # the news, then diplomacy
    assert game.phase is Phase.COMPLIANCE
    return game


def play(name: str) -> dict[str, str]:
    """The fingerprint of one case: the game's state hash and a hash of its log."""
    if name in GAMES:
        game = _all_ai(*GAMES[name])
    elif name in SESSIONS:
        game = _session(*SESSIONS[name])
    else:
        game = _first_diplomacy(*WORLD_PHASES[name])
    log = json.dumps(game.log, sort_keys=True, ensure_ascii=True)
    return {"state_hash": game.state_hash(),
            "log_sha256": hashlib.sha256(log.encode()).hexdigest(),
            "actions": str(len(game.log))}


@pytest.mark.parametrize("name", CASES)
def test_the_ai_plays_exactly_as_recorded(name: str) -> None:
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))[name]
    found = play(name)
    assert found["actions"] == expected["actions"], "the AI made a different number of moves"
    assert found["log_sha256"] == expected["log_sha256"], "the AI made different moves"
    assert found["state_hash"] == expected["state_hash"], "the game ended in a different state"


def test_the_fixture_covers_every_case() -> None:
    assert sorted(json.loads(FIXTURE.read_text(encoding="utf-8"))) == sorted(CASES)


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/test_ai_golden.py --write   (re-records the fixture)")
    from game.rules.storage import atomic_write_text

    recorded = {}
    for case in CASES:
        recorded[case] = play(case)
        print(case, recorded[case]["log_sha256"][:12], flush=True)
    atomic_write_text(FIXTURE, json.dumps(recorded, indent=2, sort_keys=True) + "\n")
    print(f"wrote {FIXTURE}")

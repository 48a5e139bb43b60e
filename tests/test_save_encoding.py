"""Saves, logs and state hashes written from the game's kept encodings (game.rules.encoding)
say exactly what encoding the whole game again would (issue 17)."""

from __future__ import annotations

import hashlib
import json

import numpy as np

from game.agents.ai import AINegotiator
from game.rules.game import Game
from game.rules.protocol import Driver
from game.rules.storage import load_game, log_text, save_game, save_text
from game.scenario.loading import load_scenario, resolve


def load_builtin(name: str):  # type: ignore[no-untyped-def]
    return load_scenario(resolve(name))


def plain_state_hash(game: Game) -> str:
    """The state hash's formula, everything encoded again (as it was written before)."""
    digest = hashlib.sha256()
    digest.update(f"game of {game.last_turn} turns|seed {game.seed}|"
                  f"scenario {game.loaded.sha256}|".encode())
    digest.update(f"{game.turn}|{game.phase.value}|{game.state.year}".encode())
    if game.round:
        digest.update(f"|round {game.round}".encode())
    for name, array in game.state.arrays().items():
        digest.update(name.encode())
        digest.update(np.ascontiguousarray(array, dtype=np.float64).tobytes())
    record = {"agreements": [a.to_dict() for a in game.agreements],
              "negotiations": [n.to_dict() for n in game.negotiations],
              "events": [e.to_dict() for e in game.events]}
    digest.update(json.dumps(record, sort_keys=True).encode())
    return digest.hexdigest()


def played(turns: int = 3) -> tuple[Game, list[str]]:
    """An all-AI tutorial game and the plain state hash after each of its actions."""
    game = Game(load_builtin("tutorial"), 2, turns)
    hashes: list[str] = []
    checked: list[str] = []
    apply = game.apply

    def applied(action):  # type: ignore[no-untyped-def]
        apply(action)
        hashes.append(plain_state_hash(game))
        checked.append(game.state_hash())

    game.apply = applied  # type: ignore[method-assign]
    Driver(game, dict.fromkeys(game.country_ids, AINegotiator("normal"))).advance()
    assert checked == hashes
    return game, hashes


def test_the_kept_state_hash_is_the_plain_one_after_every_action():
    game, hashes = played()
    assert len(hashes) > 50 and game.finished
    assert any(n.status.value != "open" for n in game.negotiations)
    assert any(a.broken or a.ended_turn is not None for a in game.agreements) or game.agreements


def test_a_save_holds_what_the_whole_document_would_and_loads(tmp_path):
    game, _ = played(2)
    text = save_text(game, {"note": "x"})
    document = json.loads(text)
    assert document["actions"] == json.loads(json.dumps(game.log))
    assert document["state_hash"] == plain_state_hash(game)
    assert document["extra"] == {"note": "x"}
    save_game(game, tmp_path / "save.json", {"note": "x"})
    again, extra = load_game(tmp_path / "save.json")
    assert again.state_hash() == game.state_hash() and extra == {"note": "x"}
    empty = Game(load_builtin("tutorial"), 1)
    assert json.loads(save_text(empty))["actions"] == []


def test_the_log_is_the_same_bytes_as_encoding_every_record():
    game, _ = played(2)
    from game.rules.storage import log_lines
    plain = "".join(json.dumps(r, sort_keys=True) + "\n" for r in log_lines(game))
    assert log_text(game) == plain

"""The state hash: one digest of everything that makes a game what it is.

Saves and logs carry it so that loading and replays are checked bit for bit; format 1's formula
(before a game's length, seed and scenario were hashed) is kept so that old files still load.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from game.rules.game import Game


def state_hash(game: Game, legacy: bool = False) -> str:
    """A hash of everything that makes this game what it is: where it stands, the model's
    arrays bit for bit, the agreements, negotiations and events, and what decides the rest
    of it (its length, its seed, the scenario's exact text).

    ``legacy``: the formula of saves and logs of format 1, written before the length, seed
    and scenario were hashed; they are checked with it, so that they still load."""
    digest = hashlib.sha256()
    if not legacy:
        digest.update(f"game of {game.last_turn} turns|seed {game.seed}|"
                      f"scenario {game.loaded.sha256}|".encode())
        if game.secret is not None:  # (only then: other games' hashes stay as they were)
            digest.update(f"secret {game.secret}|".encode())
        if game.rules_of_play.hidden_end:  # (likewise; the announced length, not the end)
            digest.update(f"hidden end, about {game.rules_of_play.turns} turns|".encode())
    digest.update(f"{game.turn}|{game.phase.value}|{game.state.year}".encode())
    if game.round:  # (round 0 adds nothing: hashes of games saved before rounds still match)
        digest.update(f"|round {game.round}".encode())
    for name, array in game.state.arrays().items():
        digest.update(name.encode())
        digest.update(np.ascontiguousarray(array, dtype=np.float64))  # its bytes, uncopied
    # The text of json.dumps({"agreements": ..., "events": ..., "negotiations": ...},
    # sort_keys=True), each agreement's and negotiation's part kept until it changes.
    items = game.encoded_items
    agreements = items.array([
        items.text(("agreement", k), (a.id, a.ended_turn, len(a.broken)), a.to_dict)
        for k, a in enumerate(game.agreements)])
    negotiations = items.array([
        items.text(("negotiation", k), (n.id, n.status, len(n.offers), tuple(sorted(n.accepted)),
                                         n.agreement), n.to_dict)
        for k, n in enumerate(game.negotiations)])
    events = json.dumps([e.to_dict() for e in game.events], sort_keys=True)
    digest.update(f'{{"agreements": {agreements}, "events": {events}, '
                  f'"negotiations": {negotiations}}}'.encode())
    return digest.hexdigest()

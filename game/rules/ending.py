"""When a game ends: after its announced last turn, or, with a hidden end, after a turn drawn
from the seed in a window around the announced length.

Why hide the end: when everyone knows which year is the last, keeping a promise in that year
buys nothing later, so a player who keeps every promise until then and breaks them all in the
last year gains most (the finite-horizon effect of repeated games). Laboratory and classroom
designs of repeated games hide the end (random termination: Roth & Murnighan 1978; Dal Bó
2005) so that the shadow of the future reaches every year. A game with a hidden end is
announced as "about N years"; it ends after a turn drawn uniformly from ``N - SPREAD .. N +
SPREAD`` (at least 1). Everybody learns the window, nobody the turn drawn, until it comes.

The draw has its own generator (the events' stream is untouched, so a hidden-end game plays
the same years as the known-end game of the same seed until one of them ends), seeded from the
game's seed, the announced length and, in a tournament, the run's secret (a bot that knows the
seed and this code cannot work the end out).
"""

from __future__ import annotations

import hashlib

import numpy as np

#: How far from the announced length a hidden end may fall, in turns, either way.
SPREAD = 2


def end_window(announced: int) -> tuple[int, int]:
    """(earliest, latest) turn after which a hidden-end game announced as ``announced`` turns
    may end."""
    return max(1, announced - SPREAD), announced + SPREAD


def drawn_end(seed: int, announced: int, secret: str | None = None) -> int:
    """The turn after which a hidden-end game ends: the same for the same seed, announced
    length and secret; uniform over ``end_window(announced)``."""
    earliest, latest = end_window(announced)
    text = f"diplomasi end|{seed}|{announced}" + ("" if secret is None else f"|{secret}")
    digest = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
    rng = np.random.Generator(np.random.PCG64(digest))
    return int(rng.integers(earliest, latest + 1))

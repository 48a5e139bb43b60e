"""Project candidate agreements with the model: many candidates in one batched call.

A candidate is a set of parties and clauses. Each becomes one member of a batch whose provisions
are those in force plus the candidate's; the batch advances a few years together and the score
change against the first member (no candidate) is each candidate's projected value per country.
"""

from __future__ import annotations

import numpy as np

from game.model import indicators
from game.model.state import Compliance, Shocks
from game.model.update import advance
from game.rules.agreements import Clause, clause_entries
from game.rules.game import Game

Candidate = tuple[tuple[str, ...], tuple[Clause, ...]]


def candidate_provisions(game: Game, candidates: list[Candidate]) -> tuple[np.ndarray, np.ndarray]:
    """(B, CHANNELS, n, n) provisions and (B, n, n) kept-clause counts; member 0 is no change."""
    base = game.provisions_in_force()
    n = len(game.index)
    batch = len(candidates) + 1
    extra = np.zeros((batch, *base.shape))
    kept = np.zeros((batch, n, n))
    rows: list[tuple[int, int, int, int, float]] = []
    pairs: list[tuple[int, int, int]] = []
    for b, (parties, clauses) in enumerate(candidates, start=1):
        members = [game.index[p] for p in parties]
        for clause in clauses:
            rows.extend((b, *entry) for entry in clause_entries(clause, parties, game.index))
            for obligated in clause.obligated(parties):
                j = game.index[obligated]
                pairs.extend((b, i, j) for i in members if i != j)
    if rows:
        b, ch, i, j, size = (np.array(c) for c in zip(*rows, strict=True))
        np.add.at(extra, (b.astype(int), ch.astype(int), i.astype(int), j.astype(int)), size)
    if pairs:
        b, i, j = (np.array(c) for c in zip(*pairs, strict=True))
        np.add.at(kept, (b, i, j), 1.0)
    total = base[None] + extra
    levels = [0, 2, 3, 6, 7, 8]
    total[:, levels] = np.minimum(total[:, levels], 1.0)
    return total, kept


def project_scores(game: Game, candidates: list[Candidate], years: int = 3) -> np.ndarray:
    """(B, n): projected score after ``years`` for no change (row 0) and each candidate."""
    provisions, kept = candidate_provisions(game, candidates)
    state = game.state.repeat(provisions.shape[0])
    compliance = Compliance(kept=kept, broken=np.zeros_like(kept))
    quiet = Shocks.quiet(len(game.index))
    for _ in range(years):
        state = advance(state, game.economy, provisions, compliance, quiet)
    return indicators.total_score(indicators.score_terms(state, game.economy))


def candidate_values(game: Game, candidates: list[Candidate], years: int = 3) -> np.ndarray:
    """(len(candidates), n): each candidate's projected score gain for every country."""
    scores = project_scores(game, candidates, years)
    return scores[1:] - scores[:1]

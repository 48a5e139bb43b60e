"""Project candidate agreements with the model: many candidates in one batched call.

A candidate is a set of parties and clauses. Each becomes one member of a batch whose provisions
are those in force plus the candidate's; the batch advances a few years together and the score
change against the first member (no candidate) is each candidate's projected value per country.
"""

from __future__ import annotations

import numpy as np

from game.model import indicators
from game.model.state import (
    EDUCATION,
    SECURITY,
    TECHNOLOGY,
    TRADE,
    TRAINING,
    VISA,
    Compliance,
    Shocks,
)
from game.model.subset import subset_economy, subset_state
from game.model.update import advance
from game.rules.agreements import Clause, clause_entries
from game.rules.game import Game

Candidate = tuple[tuple[str, ...], tuple[Clause, ...]]

#: Above this many countries, candidates are projected on their neighbourhood only.
LOCAL_LIMIT = 16
#: Largest trade partners of each party kept in a neighbourhood.
LOCAL_PARTNERS = 3
#: Provisions channels that hold levels (capped at 1) rather than amounts.
LEVEL_CHANNELS = [TRADE, TECHNOLOGY, TRAINING, SECURITY, VISA, EDUCATION]


def candidate_provisions(game: Game, candidates: list[Candidate], keep: np.ndarray
                        ) -> tuple[np.ndarray, np.ndarray]:
    """(B, CHANNELS, k, k) provisions and (B, k, k) kept-clause counts among the countries
    ``keep``; member 0 is no change, member b the agreements in force plus candidate b."""
    local = {game.country_ids[k]: position for position, k in enumerate(keep)}
    pairs = np.ix_(keep, keep)
    base = game.provisions_in_force()[(slice(None), *pairs)]
    size = len(keep)
    batch = len(candidates) + 1
    extra = np.zeros((batch, *base.shape))
    kept = np.zeros((batch, size, size))
    rows: list[tuple[int, int, int, int, float]] = []
    promises: list[tuple[int, int, int]] = []
    for b, (parties, clauses) in enumerate(candidates, start=1):
        members = [local[p] for p in parties]
        for clause in clauses:
            rows.extend((b, *entry) for entry in clause_entries(clause, parties, local))
            for obligated in clause.obligated(parties):
                j = local[obligated]
                promises.extend((b, i, j) for i in members if i != j)
    if rows:
        b, ch, i, j, amount = (np.array(c) for c in zip(*rows, strict=True))
        np.add.at(extra, (b.astype(int), ch.astype(int), i.astype(int), j.astype(int)), amount)
    if promises:
        b, i, j = (np.array(c) for c in zip(*promises, strict=True))
        np.add.at(kept, (b, i, j), 1.0)
    total = base[None] + extra
    total[:, LEVEL_CHANNELS] = np.minimum(total[:, LEVEL_CHANNELS], 1.0)
    return total, kept


def neighbourhood(game: Game, candidates: list[Candidate]) -> np.ndarray:
    """Indices of the countries a local projection keeps: every party of every candidate and
    each party's largest trade partners, in scenario order."""
    exports = game.state.exports[0]
    trade = exports + exports.T
    keep: set[int] = set()
    for parties, _ in candidates:
        for party in parties:
            k = game.index[party]
            keep.add(k)
            keep.update(int(x) for x in np.argsort(trade[k])[::-1][:LOCAL_PARTNERS])
    return np.array(sorted(keep))


def project_terms(game: Game, candidates: list[Candidate], years: int = 3) -> np.ndarray:
    """(B, n, terms): projected score terms after ``years`` for no change (row 0) and each
    candidate.

    Scenarios with more than LOCAL_LIMIT countries are projected on the neighbourhood of the
    candidates (see ``game.model.subset``); countries outside it get a projected change of 0.
    """
    n = len(game.index)
    state, economy = game.state, game.economy
    keep = np.arange(n)
    if n > LOCAL_LIMIT:
        keep = neighbourhood(game, candidates)
        state, economy = subset_state(state, keep), subset_economy(economy, keep)
    provisions, kept = candidate_provisions(game, candidates, keep)
    state = state.repeat(provisions.shape[0])
    compliance = Compliance(kept=kept, broken=np.zeros_like(kept))
    quiet = Shocks.quiet(len(keep))
    for _ in range(years):
        state = advance(state, economy, provisions, compliance, quiet)
    local = indicators.score_terms(state, economy)
    terms = np.zeros((local.shape[0], n, local.shape[2]))
    terms[:, keep] = local
    return terms


def project_scores(game: Game, candidates: list[Candidate], years: int = 3) -> np.ndarray:
    """(B, n): projected score after ``years`` for no change (row 0) and each candidate."""
    return indicators.total_score(project_terms(game, candidates, years))


def candidate_values(game: Game, candidates: list[Candidate], years: int = 3) -> np.ndarray:
    """(len(candidates), n): each candidate's projected score gain for every country."""
    scores = project_scores(game, candidates, years)
    return scores[1:] - scores[:1]

"""Project candidate agreements with the model: many candidates in one batched call.

A candidate is a set of parties and clauses. Each becomes one member of a batch whose provisions
are those in force plus the candidate's; the batch advances a few years together and the score
change against the first member (no candidate) is each candidate's projected value per country.

The parts, by job: ``rows`` (candidates as provision rows and promises, a batch's provisions),
``local`` (neighbourhoods, and candidates projected each on its own), ``terms`` (projected
terms handed out a slice at a time), ``compliance`` (an obligation broken alone, on a set of
countries), ``breaches`` (every obligation broken alone in large scenarios, in one batch) and
``years``. Here are the entry points, which choose between the whole model and
neighbourhoods, and the limits they read (LOCAL_LIMIT, LOCAL_PARTNERS, BREACH_SIZE: set here,
they apply to every projection). What is derived from a game is kept in a memo
(``game.agents.memo``): the AI passes its own, other callers share one.
"""

from __future__ import annotations

import numpy as np

from game.agents.memo import Memo, memo_for
from game.agents.projection.breaches import (
    BREACH_BATCH,
    BREACH_RECEIVERS,
    BREACH_SIZE,
    BREAKER_FIELDS,
    Breaches,
    breach_keeps,
    breach_trust,
    breaker_terms,
    kept_columns,
    kept_everything,
    project_breaches,
)
from game.agents.projection.compliance import breaches_among, breaches_of
from game.agents.projection.local import (
    LOCAL_BATCH,
    LOCAL_CHUNKED,
    LOCAL_PARTNERS,
    LOCAL_SIZE,
    largest,
    local_keep,
    local_keeps,
    local_runs,
    main_partners,
    project_local,
    received_in_force,
    received_outside,
)
from game.agents.projection.rows import (
    CLAUSE_ROWS_KEPT,
    LOCAL_PARTS_KEPT,
    TEMPLATE_AMOUNT,
    Candidate,
    amount_template,
    candidate_provisions,
    candidate_rows,
    distinct_values,
    index_ranges,
    kept_in_force,
    promises,
    with_amounts,
)
from game.agents.projection.terms import Projected, local_terms
from game.agents.projection.years import advance_years
from game.model import indicators
from game.model.state import SCORE_TERMS, Compliance, Shocks
from game.model.subset import subset_economy, subset_state
from game.model.update import advance
from game.rules.game import Game

__all__ = [
    "BREACH_BATCH",
    "BREACH_RECEIVERS",
    "BREACH_SIZE",
    "BREAKER_FIELDS",
    "CLAUSE_ROWS_KEPT",
    "LOCAL_BATCH",
    "LOCAL_CHUNKED",
    "LOCAL_LIMIT",
    "LOCAL_PARTNERS",
    "LOCAL_PARTS_KEPT",
    "LOCAL_SIZE",
    "TEMPLATE_AMOUNT",
    "Breaches",
    "Candidate",
    "Projected",
    "advance_years",
    "amount_template",
    "breach_entries",
    "breach_keeps",
    "breach_trust",
    "breaches",
    "breaches_among",
    "breaches_of",
    "breaker_terms",
    "candidate_provisions",
    "candidate_rows",
    "candidate_values",
    "compliance_changes",
    "compliance_terms",
    "compliance_values",
    "distinct_values",
    "index_ranges",
    "kept_columns",
    "kept_everything",
    "kept_in_force",
    "largest",
    "local_keep",
    "local_keeps",
    "local_runs",
    "local_terms",
    "main_partners",
    "neighbourhood",
    "project",
    "project_breaches",
    "project_local",
    "project_scores",
    "project_terms",
    "promises",
    "received_in_force",
    "received_outside",
    "with_amounts",
]

#: Above this many countries, candidates are projected on their neighbourhood only.
LOCAL_LIMIT = 16


def neighbourhood(game: Game, candidates: list[Candidate], memo: Memo | None = None
                  ) -> np.ndarray:
    """Indices of the countries a local projection keeps: every party of every candidate and
    each party's largest trade partners, in scenario order."""
    partners = memo_for(game, memo).get("main partners", lambda: main_partners(game, LOCAL_PARTNERS),
                                        yearly=True)
    parties = np.array(sorted({game.index[p] for members, _ in candidates for p in members}),
                       dtype=int)
    return np.union1d(parties, partners[parties].ravel())


def project_terms(game: Game, candidates: list[Candidate], years: int = 3,
                  memo: Memo | None = None) -> np.ndarray:
    """(B, n, terms): projected score terms after ``years`` for no change (row 0) and each
    candidate.

    Scenarios with more than LOCAL_LIMIT countries are projected on the neighbourhood of the
    candidates (see ``game.model.subset``); countries outside it get a projected change of 0.
    """
    n = len(game.index)
    state, economy = game.state, game.economy
    keep = np.arange(n)
    if n > LOCAL_LIMIT:
        keep = neighbourhood(game, candidates, memo)
        state, economy = subset_state(state, keep), subset_economy(economy, keep)
    provisions, kept = candidate_provisions(game, candidates, keep, memo)
    state = state.repeat(provisions.shape[0])
    compliance = Compliance(kept=kept, broken=np.zeros_like(kept))
    quiet = Shocks.quiet(len(keep))
    outside = received_outside(game, keep[None], memo)[0][None] if n > LOCAL_LIMIT else None
    derived: dict = {}  # what the update derives from the provisions, the same every year
    for _ in range(years):
        state = advance(state, economy, provisions, compliance, quiet, derived, outside)
    local = indicators.score_terms(state, economy)
    terms = np.zeros((local.shape[0], n, local.shape[2]))
    terms[:, keep] = local
    return terms


def project(game: Game, candidates: list[Candidate], years: int = 3,
            memo: Memo | None = None) -> Projected:
    """The full projection of ``candidates``: the whole model, or in scenarios with more than
    LOCAL_LIMIT countries each candidate on its own neighbourhood (``project_local``)."""
    n = len(game.index)
    if n > LOCAL_LIMIT:
        return Projected(n, local=project_local(game, candidates, years, memo))
    return Projected(n, terms=project_terms(game, candidates, years, memo))


def project_scores(game: Game, candidates: list[Candidate], years: int = 3,
                   memo: Memo | None = None) -> np.ndarray:
    """(B, n): projected score after ``years`` for no change (row 0) and each candidate."""
    return indicators.total_score(project_terms(game, candidates, years, memo))


def candidate_values(game: Game, candidates: list[Candidate], years: int = 3,
                     memo: Memo | None = None) -> np.ndarray:
    """(len(candidates), n): each candidate's projected score gain for every country."""
    scores = project_scores(game, candidates, years, memo)
    return scores[1:] - scores[:1]


def compliance_terms(game: Game, country: str, years: int = 1, memo: Memo | None = None
                     ) -> tuple[list, np.ndarray, np.ndarray]:
    """(obligations, terms, trust): for keeping everything (row 0) and for breaking each of the
    country's obligations alone this year (row b), the projected score terms (B, n, terms) and
    trust matrices (B, n, n) after ``years``.

    In scenarios with more than LOCAL_LIMIT countries each obligation is projected on its own
    neighbourhood and trust on the whole world (``breaches``): row 0 is then zero and row b
    holds the changes against keeping everything, the terms of the countries in the
    obligation's neighbourhood and the trust every country holds in ``country`` (the only
    trust a breach of its moves); other entries are zero."""
    n = len(game.index)
    if n > LOCAL_LIMIT:
        found = breaches(game, [country], years, memo)[country]
        batch = len(found.obligations) + 1
        terms = np.zeros((batch, n, len(SCORE_TERMS)))
        trust = np.zeros((batch, n, n))
        for b, (keep, change) in enumerate(zip(found.keeps, found.changes, strict=True), start=1):
            terms[b, keep] = change
        trust[1:, :, game.index[country]] = found.trust
        return found.obligations, terms, trust
    return breaches_among(game, country, years, np.arange(n), memo)


def compliance_values(game: Game, country: str, memo: Memo | None = None) -> list[dict]:
    """Per obligation of ``country``: what breaking it this year gains now (welfare points), the
    whole score change after a year, and the trust each partner then holds in it, as changes
    (in large scenarios from the same projection as the AI's, ``breaches``)."""
    return breach_entries(game, country, *compliance_terms(game, country, years=1, memo=memo))


def breach_entries(game: Game, country: str, obligations: list, terms: np.ndarray,
                   trust: np.ndarray) -> list[dict]:
    """``compliance_values`` from ``compliance_terms``'s (obligations, terms, trust)."""
    me = game.index[country]
    welfare = SCORE_TERMS.index("welfare")
    result = []
    for b, (agreement, k) in enumerate(obligations, start=1):
        partners = [p for p in agreement.parties if p != country]
        result.append({
            "agreement": agreement.id,
            "clause": k,
            "gain_now": float(terms[b, me, welfare] - terms[0, me, welfare]),
            "score_change": float(terms[b, me].sum() - terms[0, me].sum()),
            "trust_cost": {p: float(trust[b, game.index[p], me] - trust[0, game.index[p], me])
                           for p in partners},
        })
    return result


def compliance_changes(game: Game, countries: list[str], years: int, memo: Memo | None = None
                       ) -> dict[str, tuple[list, np.ndarray]]:
    """Per country: its obligations and the projected change of its own score terms (B, terms)
    when it breaks each alone this year, against keeping everything. Up to LOCAL_LIMIT
    countries from ``compliance_terms`` (the whole model, one country at a time); above, from
    ``breaches`` (every obligation of all ``countries`` in one batch). Cached for the turn, so
    that the AI can ask for every country it plays at its first decision."""
    if len(game.index) > LOCAL_LIMIT:
        found = breaches(game, countries, years, memo)
        return {country: (found[country].obligations, found[country].own)
                for country in countries}
    cache = memo_for(game, memo).get(f"compliance changes {years}", dict)
    for country in dict.fromkeys(countries):
        if country not in cache:
            obligations, terms, _ = compliance_terms(game, country, years, memo)
            me = game.index[country]
            cache[country] = (obligations, terms[1:, me] - terms[0, me])
    return {country: cache[country] for country in countries}


def breaches(game: Game, countries: list[str], years: int, memo: Memo | None = None
             ) -> dict[str, Breaches]:
    """Every obligation of ``countries`` broken alone this year, for scenarios larger than
    LOCAL_LIMIT, all in one batch (cached for the turn: the values of a country do not depend
    on which countries are asked with it).

    What a breach moves for its breaker comes from its own flows with the clause's receivers:
    the economy is projected on the breach's own neighbourhood (``breach_keeps``: the breaker,
    the receivers, its main partners), and the breaker's welfare and dependency are then
    measured against the levels of the whole world (``breaker_terms``). Trust is projected on
    the whole world, exactly (``breach_trust``): a breach moves only the trust in the breaker,
    which feeds back into nothing else."""
    memo = memo_for(game, memo)
    cache = memo.get(f"breaches {years}", dict)
    missing = [c for c in dict.fromkeys(countries) if c not in cache]
    if missing:
        cache.update(project_breaches(game, missing, years, memo, BREACH_SIZE))
    return {country: cache[country] for country in countries}

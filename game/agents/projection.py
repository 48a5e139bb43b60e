"""Project candidate agreements with the model: many candidates in one batched call.

A candidate is a set of parties and clauses. Each becomes one member of a batch whose provisions
are those in force plus the candidate's; the batch advances a few years together and the score
change against the first member (no candidate) is each candidate's projected value per country.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import numpy as np

from game.model import indicators
from game.model.state import (
    SCORE_TERMS,
    Compliance,
    Shocks,
)
from game.model.subset import (
    gather_economy,
    gather_state,
    repeat_economy,
    repeat_members,
    subset_economy,
    subset_state,
)
from game.model.update import advance
from game.rules.agreements import Clause, cap_levels, clause_entries
from game.rules.game import Game
from game.scenario.schema import AMOUNT_CLAUSES

Candidate = tuple[tuple[str, ...], tuple[Clause, ...]]

#: Above this many countries, candidates are projected on their neighbourhood only.
LOCAL_LIMIT = 16
#: Largest trade partners of each party kept in a neighbourhood.
LOCAL_PARTNERS = 3
#: Countries in the neighbourhood of one candidate in ``project_local``: its parties and the
#: countries that trade most with them (at least this many in all, and four beyond the parties;
#: with eight the values of the AI's candidates on world agree to a correlation of 0.99996).
LOCAL_SIZE = 6


def _promises(parties: tuple[str, ...], clauses: tuple[Clause, ...], local: dict[str, int]
              ) -> list[tuple[int, int]]:
    """(partner, bound party) pairs: who is promised something by whom under these clauses."""
    members = [local[p] for p in parties if p in local]
    pairs = []
    for clause in clauses:
        for obligated in clause.obligated(parties):
            j = local.get(obligated)
            if j is not None:
                pairs += [(i, j) for i in members if i != j]
    return pairs


def kept_in_force(game: Game, keep: np.ndarray) -> np.ndarray:
    """(k, k): clauses in force kept between the countries ``keep`` if nobody breaks."""
    local = np.full(len(game.index), -1)
    local[keep] = np.arange(len(keep))
    kept = np.zeros((len(keep), len(keep)))
    ids = tuple(game.country_ids)
    promises = [candidate_rows(a.parties, a.clauses, ids)[1] for a in game.in_force()]
    if promises:
        pairs = np.concatenate(promises)
        inside = (local[pairs[:, 0]] >= 0) & (local[pairs[:, 1]] >= 0)
        np.add.at(kept, (local[pairs[inside, 0]], local[pairs[inside, 1]]), 1.0)
    return kept


@lru_cache(maxsize=8)
def _index_of(country_ids: tuple[str, ...]) -> dict[str, int]:
    return {c: k for k, c in enumerate(country_ids)}


@lru_cache(maxsize=65536)
def candidate_rows(parties: tuple[str, ...], clauses: tuple[Clause, ...],
                   country_ids: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """A candidate's provisions as rows (channel, provider, receiver, size) and its promises as
    (partner, bound party) pairs, in global country indices. Cached: the same packages with the
    same partners come up turn after turn (the amounts of money clauses follow GDP, so those
    are built from the cached rows of the same package with its amounts set aside)."""
    template = amount_template(clauses)
    if template is None:
        index = _index_of(country_ids)
        rows = [entry for clause in clauses for entry in clause_entries(clause, parties, index)]
        promises = _promises(parties, clauses, index)
        return (np.array(rows, dtype=float).reshape(-1, 4),
                np.array(promises, dtype=int).reshape(-1, 2))
    rows, promises = candidate_rows(parties, template, country_ids)
    return with_amounts(rows, _clause_of_rows(parties, template, country_ids), clauses), promises


#: The amount a money clause has in ``amount_template``.
TEMPLATE_AMOUNT = 1.0


def amount_template(clauses: tuple[Clause, ...]) -> tuple[Clause, ...] | None:
    """The clauses with every money clause's amount set to TEMPLATE_AMOUNT, or None if there
    is no money clause or they have that amount already. A money clause is directed: it makes
    one row, (channel, giver, receiver, amount), whatever its amount; so the rows of a package
    are those of its template with the amounts put back (``with_amounts``)."""
    if not any(c.kind in AMOUNT_CLAUSES and c.amount != TEMPLATE_AMOUNT for c in clauses):
        return None
    return tuple(replace(c, amount=TEMPLATE_AMOUNT) if c.kind in AMOUNT_CLAUSES else c
                 for c in clauses)


@lru_cache(maxsize=65536)
def _clause_of_rows(parties: tuple[str, ...], clauses: tuple[Clause, ...],
                    country_ids: tuple[str, ...]) -> np.ndarray:
    """(rows,): the clause of each row ``candidate_rows`` gives (in clause order)."""
    index = _index_of(country_ids)
    counts = [len(clause_entries(clause, parties, index)) for clause in clauses]
    return np.repeat(np.arange(len(clauses)), counts)


def with_amounts(rows: np.ndarray, clause_of_rows: np.ndarray, clauses: tuple[Clause, ...]
                 ) -> np.ndarray:
    """A copy of a template's rows with the size column of each money clause's row set to the
    clause's amount (what ``clause_entries`` gives it)."""
    rows = rows.copy()
    for k, clause in enumerate(clauses):
        if clause.kind in AMOUNT_CLAUSES:
            rows[clause_of_rows == k, -1] = clause.amount
    return rows


def candidate_provisions(game: Game, candidates: list[Candidate], keep: np.ndarray
                        ) -> tuple[np.ndarray, np.ndarray]:
    """(B, CHANNELS, k, k) provisions and (B, k, k) kept-clause counts among the countries
    ``keep``; member 0 is no change, member b the agreements in force plus candidate b, all
    kept."""
    local = np.full(len(game.index), -1)
    local[keep] = np.arange(len(keep))
    pairs = np.ix_(keep, keep)
    base = game.provisions_in_force()[(slice(None), *pairs)]
    batch = len(candidates) + 1
    extra = np.zeros((batch, *base.shape))
    kept_base = (game.cached("kept", lambda: kept_in_force(game, np.arange(len(game.index))))
                 [pairs])
    kept = np.repeat(kept_base[None], batch, axis=0)
    ids = tuple(game.country_ids)
    built = [candidate_rows(tuple(parties), tuple(clauses), ids) for parties, clauses in candidates]
    if built:
        rows = np.concatenate([r for r, _ in built])
        members = np.repeat(np.arange(1, batch), [len(r) for r, _ in built])
        np.add.at(extra, (members, rows[:, 0].astype(int), local[rows[:, 1].astype(int)],
                          local[rows[:, 2].astype(int)]), rows[:, 3])
        promises = np.concatenate([p for _, p in built])
        members = np.repeat(np.arange(1, batch), [len(p) for _, p in built])
        np.add.at(kept, (members, local[promises[:, 0]], local[promises[:, 1]]), 1.0)
    return cap_levels(base[None] + extra), kept


def neighbourhood(game: Game, candidates: list[Candidate]) -> np.ndarray:
    """Indices of the countries a local projection keeps: every party of every candidate and
    each party's largest trade partners, in scenario order."""
    partners = game.cached("main partners", lambda: main_partners(game), yearly=True)
    parties = np.array(sorted({game.index[p] for members, _ in candidates for p in members}),
                       dtype=int)
    return np.union1d(parties, partners[parties].ravel())


def main_partners(game: Game) -> np.ndarray:
    """(n, LOCAL_PARTNERS): each country's largest trade partners (exports plus imports)."""
    exports = game.state.exports[0]
    trade = exports + exports.T
    return np.argsort(-trade, axis=1, kind="stable")[:, :LOCAL_PARTNERS]


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


def local_keep(game: Game, parties: tuple[str, ...]) -> np.ndarray:
    """The neighbourhood of a candidate in ``project_local``: its parties, then the countries
    that trade most with them, LOCAL_SIZE countries at least (four beyond the parties), in
    scenario order. Cached for the year: the same parties come up again and again."""
    neighbourhoods = game.cached("local neighbourhoods", dict, yearly=True)
    key = tuple(sorted(parties))
    if key not in neighbourhoods:
        trade = game.cached("trade both ways", lambda: game.state.exports[0]
                            + game.state.exports[0].T, yearly=True)
        members = np.array([game.index[p] for p in key], dtype=int)
        size = min(max(LOCAL_SIZE, len(members) + 4), len(game.index))
        score = trade[members].sum(axis=0)
        score[members] = np.inf
        neighbourhoods[key] = np.sort(np.argsort(-score, kind="stable")[:size])
    return neighbourhoods[key]


def project_local(game: Game, candidates: list[Candidate], years: int = 3
                  ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each candidate projected on its own neighbourhood (``local_keep``), all in one batch per
    neighbourhood size: per candidate, the countries kept and their projected score-term
    changes (k, terms) against the same neighbourhood without the candidate (whose run is
    shared by the candidates with that neighbourhood). For large scenarios, where one
    projection of the whole world costs as much as hundreds of small ones."""
    ids = tuple(game.country_ids)
    known = game.cached("local neighbourhoods as asked", dict, yearly=True)  # parties as given
    keeps = []
    for parties, _ in candidates:
        parties = tuple(parties)
        keep = known.get(parties)
        if keep is None:
            keep = known[parties] = local_keep(game, parties)
        keeps.append(keep)
    rows, promises = [], []
    for parties, clauses in candidates:
        row, promise = candidate_rows(tuple(parties), tuple(clauses), ids)
        rows.append(row)
        promises.append(promise)
    changes = local_runs(game, keeps, rows, promises, years)
    return list(zip(keeps, changes, strict=True))


def local_runs(game: Game, keeps: list[np.ndarray], rows: list[np.ndarray],
               promises: list[np.ndarray], years: int) -> list[np.ndarray]:
    """Per member: the projected score-term changes (k, terms) of its neighbourhood ``keeps[b]``
    when provision rows ``rows[b]`` (channel, provider, receiver, size) and promises
    ``promises[b]`` (partner, bound party), in global indices, are added to the agreements in
    force; against the neighbourhood without them. One batch per neighbourhood size."""
    n = len(game.index)
    results: list[np.ndarray] = [np.zeros((0, 0))] * len(keeps)
    provisions_all = game.provisions_in_force()
    kept_all = game.cached("kept", lambda: kept_in_force(game, np.arange(n)))
    sizes = [len(k) for k in keeps]
    codes = [k.tobytes() for k in keeps]
    for size in sorted(set(sizes)):
        chosen = [b for b, k in enumerate(sizes) if k == size]
        bases: dict[bytes, int] = {}  # one run without the candidates per neighbourhood
        for b in chosen:
            bases.setdefault(codes[b], len(bases))
        distinct = np.array([np.frombuffer(key, dtype=keeps[chosen[0]].dtype) for key in bases],
                            dtype=int)
        which = np.array([bases[codes[b]] for b in chosen] + list(range(len(bases))))
        members = len(chosen)
        rows_index, columns_index = distinct[:, :, None], distinct[:, None, :]
        provisions = np.moveaxis(provisions_all[:, rows_index, columns_index], 0, 1)[which]
        kept = kept_all[rows_index, columns_index][which]
        local = np.full((len(distinct), n), -1)
        np.put_along_axis(local, distinct, np.arange(size)[None, :], axis=1)
        local = local[which[:members]]
        extra = np.concatenate([rows[b] for b in chosen])
        owner = np.repeat(np.arange(members), [len(rows[b]) for b in chosen])
        np.add.at(provisions, (owner, extra[:, 0].astype(int),
                               local[owner, extra[:, 1].astype(int)],
                               local[owner, extra[:, 2].astype(int)]), extra[:, 3])
        pairs = np.concatenate([promises[b] for b in chosen]).astype(int)
        owner = np.repeat(np.arange(members), [len(promises[b]) for b in chosen])
        np.add.at(kept, (owner, local[owner, pairs[:, 0]], local[owner, pairs[:, 1]]), 1.0)
        cap_levels(provisions)
        state = repeat_members(gather_state(game.state, distinct), which)
        economy = repeat_economy(gather_economy(game.economy, distinct), which)
        state = _advance_years(state, economy, provisions,
                               Compliance(kept, np.zeros_like(kept)), years)
        terms = indicators.score_terms(state, economy)
        changes = terms[:members] - terms[members + which[:members]]
        for b, change in zip(chosen, changes, strict=True):
            results[b] = change
    return results


class Projected:
    """Projected score terms of a list of candidates, handed out a slice at a time as
    ``project_terms`` gives them: (slice length + 1, n, terms), row 0 the base. Holds either
    the whole-model terms or, for large scenarios, each candidate's local changes."""

    def __init__(self, n: int, terms: np.ndarray | None = None,
                 local: list[tuple[np.ndarray, np.ndarray]] | None = None, exact: bool = True,
                 padded: tuple[np.ndarray, np.ndarray] | None = None):
        self.n, self.terms, self.local = n, terms, local
        self.exact = exact  # from the full model (else screened: to be confirmed)
        self._pad = padded  # local results as (B, k) countries padded with -1, (B, k, terms)

    def rows(self, start: int, stop: int) -> np.ndarray:
        """The terms of candidates ``start`` to ``stop`` (excluded)."""
        if self.terms is not None:
            return self.terms[np.r_[0, np.arange(start + 1, stop + 1)]]
        if self.local is not None:
            return local_terms(self.n, self.local[start:stop])
        keeps, changes = self._padded()
        keeps, changes = keeps[start:stop], changes[start:stop]
        terms = np.zeros((stop - start + 1, self.n, len(SCORE_TERMS)))
        member, column = np.nonzero(keeps >= 0)
        terms[member + 1, keeps[member, column]] = changes[member, column]
        return terms

    def changes(self, members: np.ndarray, countries: np.ndarray) -> np.ndarray:
        """(P, terms): the projected score-term change candidate ``members[p]`` makes for
        country ``countries[p]`` (zero outside a local candidate's neighbourhood)."""
        if self.terms is not None:
            return self.terms[members + 1, countries] - self.terms[0, countries]
        keeps, changes = self._padded()
        match = keeps[members] == countries[:, None]
        found = match.any(axis=1)
        position = np.argmax(match, axis=1)
        return np.where(found[:, None], changes[members, position], 0.0)

    def _padded(self) -> tuple[np.ndarray, np.ndarray]:
        """The local results as two arrays, neighbourhoods padded with -1: (B, k) countries
        and (B, k, terms) changes."""
        if self._pad is None:
            assert self.local is not None
            sizes = np.array([len(keep) for keep, _ in self.local], dtype=int)
            width = int(sizes.max()) if sizes.size else 0
            keeps = np.full((len(self.local), width), -1)
            changes = np.zeros((len(self.local), width, len(SCORE_TERMS)))
            if sizes.size:
                member = np.repeat(np.arange(len(self.local)), sizes)
                column = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
                keeps[member, column] = np.concatenate([keep for keep, _ in self.local])
                changes[member, column] = np.concatenate([change for _, change in self.local])
            self._pad = (keeps, changes)
        return self._pad


def project(game: Game, candidates: list[Candidate], years: int = 3) -> Projected:
    """The full projection of ``candidates``: the whole model, or in scenarios with more than
    LOCAL_LIMIT countries each candidate on its own neighbourhood (``project_local``)."""
    n = len(game.index)
    if n > LOCAL_LIMIT:
        return Projected(n, local=project_local(game, candidates, years))
    return Projected(n, terms=project_terms(game, candidates, years))


def local_terms(n: int, local: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """(B + 1, n, terms) from ``project_local`` results, like ``project_terms``: row 0 zero
    (the base) and row b the changes of candidate b, zero outside its neighbourhood."""
    terms = np.zeros((len(local) + 1, n, len(SCORE_TERMS)))
    if local:  # one assignment for all candidates (neighbourhoods hold distinct countries)
        keeps = [keep for keep, _ in local]
        members = np.repeat(np.arange(1, len(local) + 1), [len(keep) for keep in keeps])
        terms[members, np.concatenate(keeps)] = np.concatenate([change for _, change in local])
    return terms


def project_scores(game: Game, candidates: list[Candidate], years: int = 3) -> np.ndarray:
    """(B, n): projected score after ``years`` for no change (row 0) and each candidate."""
    return indicators.total_score(project_terms(game, candidates, years))


def candidate_values(game: Game, candidates: list[Candidate], years: int = 3) -> np.ndarray:
    """(len(candidates), n): each candidate's projected score gain for every country."""
    scores = project_scores(game, candidates, years)
    return scores[1:] - scores[:1]


def _advance_years(state, economy, provisions, compliance, years):
    quiet = Shocks.quiet(state.countries)
    for year in range(years):
        state = advance(state, economy, provisions, compliance, quiet)
        if year == 0:  # breaches happen this year only; later years are kept as usual
            compliance = Compliance(compliance.kept + compliance.broken,
                                    np.zeros_like(compliance.broken))
    return state


def compliance_terms(game: Game, country: str, years: int = 1) -> tuple[list, np.ndarray, np.ndarray]:
    """(obligations, terms, trust): for keeping everything (row 0) and for breaking each of the
    country's obligations alone this year (row b), the projected score terms (B, n, terms) and
    trust matrices (B, n, n) after ``years``. In scenarios with more than LOCAL_LIMIT countries
    the projection runs on the neighbourhood of the country's agreements; entries outside it
    are zero."""
    obligations = game.obligations(country)
    n = len(game.index)
    keep = np.arange(n)
    if n > LOCAL_LIMIT:
        keep = neighbourhood(game, [(a.parties, a.clauses) for a, _ in obligations]
                             or [((country,), ())])
    local = np.full(n, -1)
    local[keep] = np.arange(len(keep))
    pairs = np.ix_(keep, keep)
    rows = game.provision_rows()
    positions = {a.id: p for p, a in enumerate(game.agreements)}
    me = int(local[game.index[country]])
    batch = len(obligations) + 1
    uncapped = game.cached("uncapped", lambda: rows.total(n))[(slice(None), *pairs)]
    provisions = np.repeat(uncapped[None], batch, axis=0)
    kept_all = game.cached("kept", lambda: kept_in_force(game, np.arange(n)))
    kept = np.repeat(kept_all[pairs][None], batch, axis=0)
    broken = np.zeros_like(kept)
    for b, (agreement, k) in enumerate(obligations, start=1):
        withheld = ((rows.agreement == positions[agreement.id]) & (rows.clause == k)
                    & (rows.provider == game.index[country]))
        np.add.at(provisions[b], (rows.channel[withheld], local[rows.provider[withheld]],
                                  local[rows.receiver[withheld]]), -rows.size[withheld])
        partners = [int(local[game.index[p]]) for p in agreement.parties if p != country]
        kept[b, partners, me] -= 1.0
        broken[b, partners, me] += 1.0
    cap_levels(provisions)
    state, economy = game.state, game.economy
    if len(keep) < n:
        state, economy = subset_state(state, keep), subset_economy(economy, keep)
    state = _advance_years(state.repeat(batch), economy, provisions, Compliance(kept, broken),
                           years)
    local_terms = indicators.score_terms(state, economy)
    terms = np.zeros((batch, n, local_terms.shape[-1]))
    terms[:, keep] = local_terms
    trust = np.zeros((batch, n, n))
    trust[(slice(None), *pairs)] = indicators.trust(state)
    return obligations, terms, trust


def compliance_values(game: Game, country: str) -> list[dict]:
    """Per obligation of ``country``: what breaking it this year gains now (welfare points), the
    whole score change after a year, and the trust each partner then holds in it, as changes."""
    obligations, terms, trust = compliance_terms(game, country, years=1)
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

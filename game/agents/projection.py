"""Project candidate agreements with the model: many candidates in one batched call.

A candidate is a set of parties and clauses. Each becomes one member of a batch whose provisions
are those in force plus the candidate's; the batch advances a few years together and the score
change against the first member (no candidate) is each candidate's projected value per country.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

import numpy as np

from game.agents.memo import Memo, memo_for
from game.model import indicators
from game.model.indicators import quantised
from game.model.state import (
    CHANNELS,
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
from game.model.update import (
    SATURATING_CHANNELS,
    advance,
    capped,
    gravity_base,
    trade_openness,
    update_trust,
)
from game.rules.agreements import LEVEL_CHANNELS, Clause, cap_levels, clause_entries
from game.rules.game import Game
from game.scenario.schema import AMOUNT_CLAUSES, AidForm, ClauseKind

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


#: Clause rows kept per country list by ``candidate_rows`` (then the store starts afresh).
CLAUSE_ROWS_KEPT = 65536


@lru_cache(maxsize=8)
def _clause_store(country_ids: tuple[str, ...]) -> tuple[dict[str, int], dict]:
    """The index of ``country_ids`` and the rows of each (clause, parties) met with them."""
    return _index_of(country_ids), {}


@lru_cache(maxsize=65536)
def candidate_rows(parties: tuple[str, ...], clauses: tuple[Clause, ...],
                   country_ids: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """A candidate's provisions as rows (channel, provider, receiver, size) and its promises as
    (partner, bound party) pairs, in global country indices (callers must not modify them).
    Cached, and built from the cached rows of each clause with the same parties: packages
    share clauses (a level of trade with a partner comes in several), and the same come up
    turn after turn. Money clauses, whose amounts follow GDP, are built each time. Those
    ``project_local`` made already are taken from it."""
    made = _parts_stores(country_ids)[0].candidates.get((parties, clauses))
    if made is not None:
        return made
    index, known = _clause_store(country_ids)
    built = []
    for clause in clauses:
        part = known.get((clause, parties))
        if part is None:
            part = (np.array(clause_entries(clause, parties, index), dtype=float).reshape(-1, 4),
                    np.array(_promises(parties, (clause,), index), dtype=int).reshape(-1, 2))
            if clause.kind not in AMOUNT_CLAUSES:
                if len(known) >= CLAUSE_ROWS_KEPT:
                    known.clear()
                known[clause, parties] = part
        built.append(part)
    if len(built) == 1:
        return built[0]
    if not built:
        return np.zeros((0, 4)), np.zeros((0, 2), dtype=int)
    return np.concatenate([rows for rows, _ in built]), np.concatenate([pairs for _, pairs in built])


#: The amount a money clause has in ``amount_template``.
TEMPLATE_AMOUNT = 1.0


def amount_template(clauses: tuple[Clause, ...]) -> tuple[Clause, ...] | None:
    """The clauses with every money clause's amount set to TEMPLATE_AMOUNT, or None if there
    is no money clause or they have that amount already. A money clause is directed: it makes
    one row, (channel, giver, receiver, amount), whatever its amount; so the rows of a package
    are those of its template with the amounts put back (``with_amounts``)."""
    if not any(c.kind in AMOUNT_CLAUSES and c.amount != TEMPLATE_AMOUNT for c in clauses):
        return None
    return tuple(_template_clause(c.kind, c.level, c.giver, c.receiver, c.training, c.form)
                 if c.kind in AMOUNT_CLAUSES else c for c in clauses)


@lru_cache(maxsize=65536, typed=True)
def _template_clause(kind: ClauseKind, level: float, giver: str | None, receiver: str | None,
                     training: bool, form: AidForm) -> Clause:
    """A money clause with TEMPLATE_AMOUNT: one object for the same clause whatever its amount,
    so that the caches keyed on templates find it at once."""
    return Clause(kind, level, TEMPLATE_AMOUNT, giver, receiver, training, form)


def with_amounts(rows: np.ndarray, clause_of_rows: np.ndarray, clauses: tuple[Clause, ...]
                 ) -> np.ndarray:
    """A copy of a template's rows with the size column of each money clause's row set to the
    clause's amount (what ``clause_entries`` gives it)."""
    rows = rows.copy()
    for k, clause in enumerate(clauses):
        if clause.kind in AMOUNT_CLAUSES:
            rows[clause_of_rows == k, -1] = clause.amount
    return rows


#: Whether each channel holds a level (capped at 1) rather than an amount.
_LEVEL = np.isin(np.arange(CHANNELS), LEVEL_CHANNELS)


def candidate_provisions(game: Game, candidates: list[Candidate], keep: np.ndarray,
                         memo: Memo | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(B, CHANNELS, k, k) provisions and (B, k, k) kept-clause counts among the countries
    ``keep``; member 0 is no change, member b the agreements in force plus candidate b, all
    kept."""
    local = np.full(len(game.index), -1)
    local[keep] = np.arange(len(keep))
    pairs = np.ix_(keep, keep)
    base = game.provisions_in_force()[(slice(None), *pairs)]
    batch = len(candidates) + 1
    extra = np.zeros((batch, *base.shape))
    kept_base = (memo_for(game, memo).get(
        "kept", lambda: kept_in_force(game, np.arange(len(game.index))))[pairs])
    kept = np.repeat(kept_base[None], batch, axis=0)
    ids = tuple(game.country_ids)
    built = [candidate_rows(tuple(parties), tuple(clauses), ids) for parties, clauses in candidates]
    if not built:
        return cap_levels(base[None] + extra), kept
    rows = np.concatenate([r for r, _ in built])
    members = np.repeat(np.arange(1, batch), [len(r) for r, _ in built])
    channel = rows[:, 0].astype(int)
    entries = (members, channel, local[rows[:, 1].astype(int)], local[rows[:, 2].astype(int)])
    np.add.at(extra, entries, rows[:, 3])
    promises = np.concatenate([p for _, p in built])
    members = np.repeat(np.arange(1, batch), [len(p) for _, p in built])
    np.add.at(kept, (members, local[promises[:, 0]], local[promises[:, 1]]), 1.0)
    provisions = base[None] + extra
    # Only the entries a candidate adds to can pass the cap: those in force are capped already.
    touched = tuple(index[_LEVEL[channel]] for index in entries)
    provisions[touched] = np.minimum(provisions[touched], 1.0)
    return provisions, kept


def neighbourhood(game: Game, candidates: list[Candidate], memo: Memo | None = None
                  ) -> np.ndarray:
    """Indices of the countries a local projection keeps: every party of every candidate and
    each party's largest trade partners, in scenario order."""
    partners = memo_for(game, memo).get("main partners", lambda: main_partners(game),
                                        yearly=True)
    parties = np.array(sorted({game.index[p] for members, _ in candidates for p in members}),
                       dtype=int)
    return np.union1d(parties, partners[parties].ravel())


def main_partners(game: Game) -> np.ndarray:
    """(n, LOCAL_PARTNERS): each country's largest trade partners (exports plus imports)."""
    exports = game.state.exports[0]
    trade = exports + exports.T
    return np.argsort(-trade, axis=1, kind="stable")[:, :LOCAL_PARTNERS]


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


def received_in_force(game: Game, memo: Memo | None = None) -> np.ndarray:
    """(4, n): what each country receives in each of SATURATING_CHANNELS under the
    agreements in force (kept until an agreement is made)."""
    return memo_for(game, memo).get("received in force", lambda: game.provisions_in_force()[
        list(SATURATING_CHANNELS)].sum(axis=1))


def received_outside(game: Game, keeps: np.ndarray, memo: Memo | None = None) -> np.ndarray:
    """(D, 4, k): for each neighbourhood ``keeps[d]`` (D, k), what each of its countries
    receives in SATURATING_CHANNELS under the agreements in force from countries outside it
    (``advance``'s ``outside``): a neighbourhood would otherwise forget that a country the
    rest of the world already covers gains nothing from one more security pact."""
    inflows = game.provisions_in_force()[list(SATURATING_CHANNELS)]
    inside = inflows[:, keeps[:, :, None], keeps[:, None, :]].sum(axis=-2)  # (4, D, k)
    outside = received_in_force(game, memo)[:, keeps] - inside
    outside[outside < 1e-12] = 0.0  # none but the rounding of the two sums
    return np.moveaxis(outside, 0, 1)


def local_keep(game: Game, parties: tuple[str, ...], memo: Memo | None = None) -> np.ndarray:
    """The neighbourhood of a candidate in ``project_local``: its parties, then the countries
    that trade most with them, LOCAL_SIZE countries at least (four beyond the parties), in
    scenario order. Cached for the year: the same parties come up again and again."""
    memo = memo_for(game, memo)
    neighbourhoods = memo.get("local neighbourhoods", dict, yearly=True)
    key = tuple(sorted(parties))
    if key not in neighbourhoods:
        trade = memo.get("trade both ways", lambda: game.state.exports[0]
                            + game.state.exports[0].T, yearly=True)
        members = [game.index[p] for p in key]
        size = min(max(LOCAL_SIZE, len(members) + 4), len(game.index))
        score = trade[members[0]].copy()  # the rows added in order, as a sum over them does
        for member in members[1:]:
            score += trade[member]
        score[members] = np.inf
        neighbourhoods[key] = _largest(score, size)
    return neighbourhoods[key]


def _largest(score: np.ndarray, size: int) -> np.ndarray:
    """Indices of the ``size`` largest scores in order, ties to the first: what a stable sort
    by falling score would take, without sorting them all."""
    if size >= len(score):
        return np.arange(len(score))
    if np.isnan(score).any():  # a sort puts them last, a partition first
        return np.sort(np.argsort(-score, kind="stable")[:size])
    edge = np.partition(score, len(score) - size)[len(score) - size]  # the size-th largest
    chosen = np.flatnonzero(score >= edge)
    if len(chosen) > size:  # more ties at the edge than room: the last ones go
        ties = np.flatnonzero(score[chosen] == edge)
        chosen = np.delete(chosen, ties[size - len(chosen):])
    return chosen


def project_local(game: Game, candidates: list[Candidate], years: int = 3,
                  memo: Memo | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each candidate projected on its own neighbourhood (``local_keep``), all in one batch per
    neighbourhood size: per candidate, the countries kept and their projected score-term
    changes (k, terms) against the same neighbourhood without the candidate (whose run is
    shared by the candidates with that neighbourhood). For large scenarios, where one
    projection of the whole world costs as much as hundreds of small ones."""
    try:  # candidates as tuples, as the AI makes them: looked up as they are
        keeps = _candidate_keeps(game, [parties for parties, _ in candidates], memo)
        parts = _candidate_parts(candidates, tuple(game.country_ids))
    except TypeError:  # lists as well
        candidates = [(tuple(parties), tuple(clauses)) for parties, clauses in candidates]
        keeps = _candidate_keeps(game, [parties for parties, _ in candidates], memo)
        parts = _candidate_parts(candidates, tuple(game.country_ids))
    changes = local_runs(game, keeps, [rows for rows, _ in parts], [pairs for _, pairs in parts],
                         years, memo)
    return list(zip(keeps, changes, strict=True))


def _candidate_keeps(game: Game, parties: list[tuple[str, ...]], memo: Memo | None = None
                     ) -> list[np.ndarray]:
    """``local_keep`` of each of ``parties``: cached for the year by parties as given, those
    not met yet found all at once (``local_keeps``)."""
    known = memo_for(game, memo).get("local neighbourhoods as asked", dict,
                                     yearly=True)  # parties as given
    get = known.get
    keeps = [get(p) for p in parties]
    missing = list(dict.fromkeys([p for p, keep in zip(parties, keeps, strict=True)
                                  if keep is None]))
    if missing:
        for given, keep in zip(missing, local_keeps(game, missing, memo), strict=True):
            known[given] = keep
        keeps = [get(p) for p in parties]
    return keeps


def local_keeps(game: Game, given: list[tuple[str, ...]], memo: Memo | None = None
                ) -> list[np.ndarray]:
    """``local_keep`` of each of ``given`` (distinct parties), the same arrays and into the
    same cache, those not there found at once: per number of parties, the trade both ways of
    each party added row by row in the same order, and the ``size`` largest scores of each
    row taken as ``_largest`` takes them (one row at a time where it has NaN or ties at the
    edge)."""
    memo = memo_for(game, memo)
    neighbourhoods = memo.get("local neighbourhoods", dict, yearly=True)
    keys = [tuple(sorted(parties)) for parties in given]
    new = list(dict.fromkeys([key for key in keys if key not in neighbourhoods]))
    if new:
        n = len(game.index)
        trade = memo.get("trade both ways", lambda: game.state.exports[0]
                         + game.state.exports[0].T, yearly=True)
        counts = np.array([len(key) for key in new], dtype=int)
        for count in np.unique(counts).tolist():
            chosen = [new[k] for k in np.flatnonzero(counts == count).tolist()]
            member = np.array([[game.index[p] for p in key] for key in chosen],
                              dtype=int).reshape(-1, count)
            size = min(max(LOCAL_SIZE, count + 4), n)
            if size >= n:
                for key in chosen:
                    neighbourhoods[key] = np.arange(n)
                continue
            score = trade[member[:, 0]]  # a copy
            for j in range(1, count):
                score += trade[member[:, j]]
            np.put_along_axis(score, member, np.inf, axis=1)
            edge = np.partition(score, n - size, axis=1)[:, n - size]  # each size-th largest
            above = score >= edge[:, None]
            plain = (above.sum(axis=1) == size) & ~np.isnan(score).any(axis=1)
            taken = np.nonzero(above[plain])[1].reshape(-1, size)
            ready = [key for key, ok in zip(chosen, plain.tolist(), strict=True) if ok]
            for key, keep in zip(ready, taken, strict=True):
                neighbourhoods[key] = keep
            for k in np.flatnonzero(~plain).tolist():
                neighbourhoods[chosen[k]] = _largest(score[k], size)
    return [neighbourhoods[key] for key in keys]


#: Candidates (or their clauses' units) whose provision rows and promises ``project_local``
#: keeps per country list, at most (then it starts afresh).
LOCAL_PARTS_KEPT = 65536


class _Parts:
    """``candidate_rows`` of the candidates ``project_local`` met with one country list, made
    for all new candidates of a call at once. Each (clause, parties) met is a *unit* whose rows
    and promises are kept once in flat arrays; a money clause's unit leaves out its amount
    (which follows GDP, so comes new every year) and its one row takes the clause's amount. A
    candidate's parts are its units' rows and promises one after the other, views of one array
    made per call."""

    def __init__(self, country_ids: tuple[str, ...]):
        self.index = _index_of(country_ids)
        self.candidates: dict = {}  # candidate -> (rows, promises)
        self.units: dict = {}  # (clause, or its key without the amount, parties) -> unit
        self.of_unit = np.zeros((0, 5), dtype=int)  # row start, rows, promise start, promises, money
        self.rows, self.promises = np.zeros((0, 4)), np.zeros((0, 2), dtype=int)

    def full(self) -> bool:
        return len(self.candidates) > LOCAL_PARTS_KEPT or len(self.units) > LOCAL_PARTS_KEPT

    def add(self, candidates: list[Candidate]) -> None:
        """Make the parts of new (distinct) candidates: their new units first, all at once."""
        units, amounts = [], []
        new_rows, new_pairs, new_units = [], [], []  # of the new units, one after the other
        found, index = self.units, self.index
        for parties, clauses in candidates:
            for clause in clauses:
                if clause.kind in AMOUNT_CLAUSES:
                    key = ((clause.kind, clause.level, clause.giver, clause.receiver,
                            clause.training, clause.form), parties)
                    amounts.append(clause.amount)
                else:
                    key = (clause, parties)
                    amounts.append(0.0)
                unit = found.get(key)
                if unit is None:
                    unit = found[key] = len(found)
                    rows = clause_entries(clause, parties, index)
                    pairs = _promises(parties, (clause,), index)
                    new_rows += rows
                    new_pairs += pairs
                    new_units.append((len(rows), len(pairs), clause.kind in AMOUNT_CLAUSES))
                units.append(unit)
        if new_units:
            made = np.array(new_units, dtype=int)
            starts = np.cumsum(made[:, :2], axis=0) - made[:, :2] + [len(self.rows), len(self.promises)]
            self.of_unit = np.concatenate([self.of_unit, np.column_stack(
                [starts[:, 0], made[:, 0], starts[:, 1], made[:, 1], made[:, 2]])])
            self.rows = np.concatenate([self.rows, np.array(new_rows, dtype=float).reshape(-1, 4)])
            self.promises = np.concatenate([self.promises,
                                            np.array(new_pairs, dtype=int).reshape(-1, 2)])
        of = self.of_unit[np.array(units, dtype=int)]
        rows = self.rows[index_ranges(of[:, 0], of[:, 1])]
        money = np.repeat(of[:, 4].astype(bool), of[:, 1])
        rows[money, 3] = np.repeat(np.array(amounts, dtype=float), of[:, 1])[money]
        pairs = self.promises[index_ranges(of[:, 2], of[:, 3])]
        last = np.cumsum([len(clauses) for _, clauses in candidates])
        row_ends = np.concatenate([[0], np.cumsum(of[:, 1])])[last].tolist()
        pair_ends = np.concatenate([[0], np.cumsum(of[:, 3])])[last].tolist()
        row_start = pair_start = 0
        for candidate, row_end, pair_end in zip(candidates, row_ends, pair_ends, strict=True):
            self.candidates[candidate] = (rows[row_start:row_end], pairs[pair_start:pair_end])
            row_start, pair_start = row_end, pair_end


def index_ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The indices starts[i], ..., starts[i] + counts[i] - 1 of every i, one after the other."""
    ends = np.cumsum(counts)
    return np.arange(ends[-1] if len(ends) else 0) + np.repeat(starts - ends + counts, counts)


@lru_cache(maxsize=8)
def _parts_stores(country_ids: tuple[str, ...]) -> list[_Parts]:
    """The one ``_Parts`` of ``country_ids`` (replaced when full)."""
    return [_Parts(country_ids)]


def _candidate_parts(candidates: list[Candidate], country_ids: tuple[str, ...]
                     ) -> list[tuple[np.ndarray, np.ndarray]]:
    """``candidate_rows`` of each candidate (``_Parts``): the same candidates come in call after
    call, and a key of the candidate without the country list is cheaper to look up."""
    stores = _parts_stores(country_ids)
    if stores[0].full():
        stores[0] = _Parts(country_ids)
    get = stores[0].candidates.get
    parts = [get(candidate) for candidate in candidates]
    missing = [candidate for candidate, part in zip(candidates, parts, strict=True) if part is None]
    if missing:
        stores[0].add(list(dict.fromkeys(missing)))
        parts = [get(candidate) for candidate in candidates]
    return parts


#: Pair entries (members × k × k) of one batch of ``local_runs`` at most, in neighbourhoods of
#: fewer than LOCAL_CHUNKED countries: tens of thousands of six-country members advance faster
#: in batches that stay in the processor's cache.
LOCAL_BATCH = 2**16
#: Neighbourhoods of at least this many countries are advanced in one batch per size: the sums
#: of longer rows (``game.model.update._given``, a BLAS product) may round differently with
#: where a row falls in the batch, those of shorter rows do not.
LOCAL_CHUNKED = 8


def local_runs(game: Game, keeps: list[np.ndarray], rows: list[np.ndarray],
               promises: list[np.ndarray], years: int, memo: Memo | None = None
               ) -> list[np.ndarray]:
    """Per member: the projected score-term changes (k, terms) of its neighbourhood ``keeps[b]``
    when provision rows ``rows[b]`` (channel, provider, receiver, size) and promises
    ``promises[b]`` (partner, bound party), in global indices, are added to the agreements in
    force; against the neighbourhood without them. One batch per neighbourhood size (several
    for large batches of small neighbourhoods, see LOCAL_BATCH)."""
    results: list[np.ndarray] = [np.zeros((0, 0))] * len(keeps)
    sizes = np.array([len(k) for k in keeps], dtype=int)
    order = np.argsort(sizes, kind="stable")  # by size, then as given
    bounds = np.flatnonzero(np.diff(sizes[order])) + 1
    for chosen in np.split(order, bounds) if len(order) else []:
        size = int(sizes[chosen[0]])
        groups: dict[bytes, list[int]] = {}  # the members of each neighbourhood
        for b in chosen.tolist():
            groups.setdefault(keeps[b].tobytes(), []).append(b)
        if size >= LOCAL_CHUNKED or (len(chosen) + len(groups)) * size * size <= LOCAL_BATCH:
            _local_batch(game, keeps, rows, promises, years, chosen.tolist(), groups, results,
                         memo)
            continue
        chunk: dict[bytes, list[int]] = {}
        count = 0
        for code, members in groups.items():
            if chunk and (count + len(members) + 1) * size * size > LOCAL_BATCH:
                _local_batch(game, keeps, rows, promises, years,
                             sorted(b for part in chunk.values() for b in part), chunk, results,
                             memo)
                chunk, count = {}, 0
            chunk[code] = members
            count += len(members) + 1
        _local_batch(game, keeps, rows, promises, years,
                     sorted(b for part in chunk.values() for b in part), chunk, results, memo)
    return results


def _local_batch(game: Game, keeps: list[np.ndarray], rows: list[np.ndarray],
                 promises: list[np.ndarray], years: int, chosen: list[int],
                 groups: dict[bytes, list[int]], results: list[np.ndarray],
                 memo: Memo | None = None) -> None:
    """``local_runs`` for the members ``chosen`` (all of one neighbourhood size; ``groups``
    their neighbourhoods as keys, in order of first appearance), one batch: the members, then
    one run without a candidate per neighbourhood. Puts the changes in ``results``."""
    n = len(game.index)
    provisions_all = game.provisions_in_force()  # capped
    kept_all = memo_for(game, memo).get("kept", lambda: kept_in_force(game, np.arange(n)))
    size = len(keeps[chosen[0]])
    bases = {code: g for g, code in enumerate(groups)}
    distinct = np.array([np.frombuffer(code, dtype=keeps[chosen[0]].dtype) for code in groups],
                        dtype=int)
    which = np.array([bases[keeps[b].tobytes()] for b in chosen] + list(range(len(bases))))
    members = len(chosen)
    rows_index, columns_index = distinct[:, :, None], distinct[:, None, :]
    provisions = np.moveaxis(provisions_all[:, rows_index, columns_index], 0, 1)[which]
    kept = kept_all[rows_index, columns_index][which]
    local = np.full((len(distinct), n), -1)
    np.put_along_axis(local, distinct, np.arange(size)[None, :], axis=1)
    local = local[which[:members]]
    extra = np.concatenate([rows[b] for b in chosen])
    owner = np.repeat(np.arange(members), [len(rows[b]) for b in chosen])
    channel = extra[:, 0].astype(int)
    entries = (owner, channel, local[owner, extra[:, 1].astype(int)],
               local[owner, extra[:, 2].astype(int)])
    np.add.at(provisions, entries, extra[:, 3])
    # Only the entries a candidate adds to can pass the cap: the rest are capped already.
    touched = tuple(index[_LEVEL[channel]] for index in entries)
    provisions[touched] = np.minimum(provisions[touched], 1.0)
    pairs = np.concatenate([promises[b] for b in chosen]).astype(int)
    owner = np.repeat(np.arange(members), [len(promises[b]) for b in chosen])
    np.add.at(kept, (owner, local[owner, pairs[:, 0]], local[owner, pairs[:, 1]]), 1.0)
    state = repeat_members(gather_state(game.state, distinct), which)
    economy = repeat_economy(gather_economy(game.economy, distinct), which)
    outside = received_outside(game, distinct, memo)[which] if size < n else None
    state = _advance_years(state, economy, provisions, Compliance(kept, np.zeros_like(kept)),
                           years, outside)
    terms = indicators.score_terms(state, economy)
    changes = terms[:members] - terms[members + which[:members]]
    for b, change in zip(chosen, changes, strict=True):
        results[b] = change


class Projected:
    """Projected score terms of a list of candidates, handed out a slice at a time as
    ``project_terms`` gives them: (slice length + 1, n, terms), row 0 the base. Holds either
    the whole-model terms or, for large scenarios, each candidate's local changes."""

    def __init__(self, n: int, terms: np.ndarray | None = None,
                 local: list[tuple[np.ndarray, np.ndarray]] | None = None, exact: bool = True,
                 padded: tuple[np.ndarray, np.ndarray] | None = None,
                 lacking: np.ndarray | None = None):
        self.n, self.terms, self.local = n, terms, local
        self.exact = exact  # from the full model (else screened: to be confirmed)
        self.lacking = lacking  # (B,) screened without one of their units: not valued
        self._pad = padded  # local results as (B, k) countries padded with -1, (B, k, terms)

    def rows(self, start: int, stop: int) -> np.ndarray:
        """The terms of candidates ``start`` to ``stop`` (excluded; from 0 on), as
        ``local_terms`` would give them for that slice of ``local``."""
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


def project(game: Game, candidates: list[Candidate], years: int = 3,
            memo: Memo | None = None) -> Projected:
    """The full projection of ``candidates``: the whole model, or in scenarios with more than
    LOCAL_LIMIT countries each candidate on its own neighbourhood (``project_local``)."""
    n = len(game.index)
    if n > LOCAL_LIMIT:
        return Projected(n, local=project_local(game, candidates, years, memo))
    return Projected(n, terms=project_terms(game, candidates, years, memo))


def local_terms(n: int, local: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """(B + 1, n, terms) from ``project_local`` results, like ``project_terms``: row 0 zero
    (the base) and row b the changes of candidate b, zero outside its neighbourhood."""
    terms = np.zeros((len(local) + 1, n, len(SCORE_TERMS)))
    if local:  # one assignment for all candidates (neighbourhoods hold distinct countries)
        keeps = [keep for keep, _ in local]
        members = np.repeat(np.arange(1, len(local) + 1), [len(keep) for keep in keeps])
        terms[members, np.concatenate(keeps)] = np.concatenate([change for _, change in local])
    return terms


def project_scores(game: Game, candidates: list[Candidate], years: int = 3,
                   memo: Memo | None = None) -> np.ndarray:
    """(B, n): projected score after ``years`` for no change (row 0) and each candidate."""
    return indicators.total_score(project_terms(game, candidates, years, memo))


def candidate_values(game: Game, candidates: list[Candidate], years: int = 3,
                     memo: Memo | None = None) -> np.ndarray:
    """(len(candidates), n): each candidate's projected score gain for every country."""
    scores = project_scores(game, candidates, years, memo)
    return scores[1:] - scores[:1]


def _advance_years(state, economy, provisions, compliance, years, outside=None):
    quiet = Shocks.quiet(state.countries)
    derived: dict = {}  # what the update derives from the provisions, the same every year
    for year in range(years):
        state = advance(state, economy, provisions, compliance, quiet, derived, outside)
        if year == 0:  # breaches happen this year only; later years are kept as usual
            compliance = Compliance(compliance.kept + compliance.broken,
                                    np.zeros_like(compliance.broken))
    return state


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


def breaches_among(game: Game, country: str, years: int, keep: np.ndarray,
                   memo: Memo | None = None) -> tuple[list, np.ndarray, np.ndarray]:
    """``compliance_terms`` projected on the countries ``keep`` (the whole model when they
    are all of them): (obligations, terms (B, n, terms), zero outside ``keep``, and trust
    (B, k, k) among ``keep``), row 0 keeping everything, row b breaking obligation b alone."""
    obligations = game.obligations(country)
    n = len(game.index)
    local = np.full(n, -1)
    local[keep] = np.arange(len(keep))
    pairs = np.ix_(keep, keep)
    rows = game.provision_rows()
    positions = {a.id: p for p, a in enumerate(game.agreements)}
    me = int(local[game.index[country]])
    batch = len(obligations) + 1
    memo = memo_for(game, memo)
    uncapped = memo.get("uncapped", lambda: rows.total(n))[(slice(None), *pairs)]
    provisions = np.repeat(uncapped[None], batch, axis=0)
    kept_all = memo.get("kept", lambda: kept_in_force(game, np.arange(n)))
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
    if len(keep) == n:
        return obligations, indicators.score_terms(state, economy), indicators.trust(state)
    terms = np.zeros((batch, n, len(SCORE_TERMS)))
    terms[:, keep] = indicators.score_terms(state, economy)
    return obligations, terms, indicators.trust(state)


def compliance_values(game: Game, country: str, memo: Memo | None = None) -> list[dict]:
    """Per obligation of ``country``: what breaking it this year gains now (welfare points), the
    whole score change after a year, and the trust each partner then holds in it, as changes
    (in large scenarios from the same projection as the AI's, ``breaches``)."""
    obligations, terms, trust = compliance_terms(game, country, years=1, memo=memo)
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


#: Countries in the neighbourhood of a breach in large scenarios (``breach_keeps``), at least.
BREACH_SIZE = 8
#: Receivers of a broken clause kept in its neighbourhood at most (those it trades most with).
BREACH_RECEIVERS = 31
#: Pair entries (members × k × k) advanced together at most by ``_breach_runs``: bounds the
#: memory of a batch (about 40 MB of provisions).
BREACH_BATCH = 2**19


@dataclass
class Breaches:
    """One country's obligations, each projected broken alone this year against kept
    (``breaches``): the neighbourhood of each, its score-term changes there (k, terms), the
    change of the trust every country holds in the breaker (B, n), and the breaker's own
    term changes (B, terms)."""

    obligations: list
    keeps: list[np.ndarray]
    changes: list[np.ndarray]
    trust: np.ndarray
    own: np.ndarray


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
        cache.update(_project_breaches(game, missing, years, memo))
    return {country: cache[country] for country in countries}


def _project_breaches(game: Game, countries: list[str], years: int, memo: Memo
                      ) -> dict[str, Breaches]:
    """``breaches`` of ``countries``, none of them cached yet: every obligation, one batch."""
    rows = game.provision_rows()
    by_obligation = _rows_by_obligation(game, memo)
    positions = {a.id: p for p, a in enumerate(game.agreements)}
    obligations = {country: list(game.obligations(country)) for country in countries}
    breakers, withheld, partners = [], [], []
    for country in countries:
        me = game.index[country]
        for agreement, k in obligations[country]:
            breakers.append(me)
            withheld.append(by_obligation.get((positions[agreement.id], k, me), _NO_ROWS))
            partners.append(np.array([game.index[p] for p in agreement.parties if p != country],
                                     dtype=int))
    count, n = len(breakers), len(game.index)
    keeps: list[np.ndarray] = []
    changes: list[np.ndarray] = []
    trust = np.zeros((0, n))
    own = np.zeros((0, len(SCORE_TERMS)))
    if count:
        breaker = np.array(breakers, dtype=int)
        keeps = breach_keeps(game, breaker, [rows.receiver[w] for w in withheld], memo)
        changes, shifts = _breach_runs(game, keeps, withheld, breaker, years, memo)
        trust, trust_term = breach_trust(game, breaker, partners, years)
        levelled = breaker_terms(game, breaker, shifts, years, memo)
        columns = [SCORE_TERMS.index(term) for term in ("trust", "welfare", "independence")]
        own = np.zeros((count, len(SCORE_TERMS)))
        for b, (keep, change) in enumerate(zip(keeps, changes, strict=True)):
            position = int(np.searchsorted(keep, breaker[b]))
            change[position, columns] = (trust_term[b], *levelled[b])
            own[b] = change[position]
    result, start = {}, 0
    for country in countries:
        span = slice(start, start + len(obligations[country]))
        result[country] = Breaches(obligations[country], keeps[span], changes[span],
                                   trust[span], own[span])
        start = span.stop
    return result


_NO_ROWS = np.zeros(0, dtype=int)


def _rows_by_obligation(game: Game, memo: Memo) -> dict[tuple[int, int, int], np.ndarray]:
    """(agreement position, clause, provider) -> the indices of the rows of
    ``game.provision_rows()`` that the provider gives under that clause (cached)."""
    def build() -> dict[tuple[int, int, int], np.ndarray]:
        rows = game.provision_rows()
        groups: dict[tuple[int, int, int], list[int]] = {}
        keys = zip(rows.agreement.tolist(), rows.clause.tolist(), rows.provider.tolist(),
                   strict=True)
        for r, key in enumerate(keys):
            groups.setdefault(key, []).append(r)
        return {key: np.array(found, dtype=int) for key, found in groups.items()}
    return memo.get("rows by obligation", build)


def breach_keeps(game: Game, breakers: np.ndarray, receivers: list[np.ndarray],
                 memo: Memo | None = None) -> list[np.ndarray]:
    """The neighbourhood of each breach, in scenario order: the breaker, the receivers of
    what it withholds (the BREACH_RECEIVERS it trades most with), then its own largest trade
    partners, BREACH_SIZE countries at least."""
    n = len(game.index)
    trade = memo_for(game, memo).get("trade both ways", lambda: game.state.exports[0]
                                     + game.state.exports[0].T, yearly=True)
    count = len(breakers)
    everyone = np.arange(count)
    member = np.repeat(everyone, [len(r) for r in receivers])
    towards = np.concatenate(receivers).astype(int) if count else _NO_ROWS
    score = trade[breakers]
    receiving = np.zeros(score.shape, dtype=bool)
    receiving[member, towards] = True
    receiving[everyone, breakers] = False
    score += np.where(receiving, (2.0 * score.max(axis=1) + 1.0)[:, None], 0.0)  # first
    score[everyone, breakers] = np.inf
    sizes = np.minimum(np.maximum(BREACH_SIZE, 1 + np.minimum(receiving.sum(axis=1),
                                                              BREACH_RECEIVERS)), n)
    order = np.argsort(-score, axis=1, kind="stable")
    keeps: list[np.ndarray] = [_NO_ROWS] * count
    for size in np.unique(sizes):
        chosen = np.flatnonzero(sizes == size)
        for b, keep in zip(chosen, np.sort(order[chosen, :size], axis=1), strict=True):
            keeps[b] = keep
    return keeps


def _breach_runs(game: Game, keeps: list[np.ndarray], withheld: list[np.ndarray],
                 breakers: np.ndarray, years: int, memo: Memo
                 ) -> tuple[list[np.ndarray], dict[str, np.ndarray]]:
    """Per breach: the score-term changes (k, terms) of its neighbourhood ``keeps[b]`` after
    ``years`` when the provision rows ``withheld[b]`` (indices into ``game.provision_rows()``)
    are left out, against the neighbourhood with every clause kept (one run per
    neighbourhood, shared; batches of one neighbourhood size); and what the breach changes
    for its breaker ``breakers[b]`` (``BREAKER_FIELDS``: columns in global indices, zero
    outside the neighbourhood), for ``breaker_terms``. No compliance is recorded: trust, the
    only thing it moves, feeds back into nothing else (``breach_trust`` projects it), so the
    trust terms of these runs are left unchanged by the breach."""
    n = len(game.index)
    rows = game.provision_rows()
    uncapped = memo.get("uncapped", lambda: rows.total(n))
    results: list[np.ndarray] = [np.zeros((0, 0))] * len(keeps)
    shifts = {name: np.zeros((len(keeps), n) if name in _BREAKER_COLUMNS else len(keeps))
              for name in BREAKER_FIELDS}
    groups: dict[tuple[int, bytes], list[int]] = {}  # the breaches of each neighbourhood
    for b, keep in enumerate(keeps):
        groups.setdefault((len(keep), keep.tobytes()), []).append(b)
    chunks: list[list[list[int]]] = []
    for size in sorted({size for size, _ in groups}):
        chunk: list[list[int]] = []
        members = 0
        for (length, _), chosen in groups.items():
            if length != size:
                continue
            if chunk and (members + len(chosen) + 1) * size * size > BREACH_BATCH:
                chunks.append(chunk)
                chunk, members = [], 0
            chunk.append(chosen)
            members += len(chosen) + 1
        chunks.append(chunk)
    for chunk in chunks:
        distinct = np.array([keeps[chosen[0]] for chosen in chunk], dtype=int)
        size = distinct.shape[1]
        breach = np.array([b for chosen in chunk for b in chosen], dtype=int)
        base = np.repeat(np.arange(len(chunk)), [len(chosen) for chosen in chunk])
        which = np.concatenate([base, np.arange(len(chunk))])  # the breaches, then the bases
        members = len(breach)
        rows_index, columns_index = distinct[:, :, None], distinct[:, None, :]
        provisions = np.moveaxis(uncapped[:, rows_index, columns_index], 0, 1)[which]
        local = np.full((len(distinct), n), -1)
        np.put_along_axis(local, distinct, np.arange(size)[None, :], axis=1)
        taken = np.concatenate([withheld[b] for b in breach]).astype(int)
        owner = np.repeat(np.arange(members), [len(withheld[b]) for b in breach])
        provider = local[base[owner], rows.provider[taken]]
        receiver = local[base[owner], rows.receiver[taken]]
        inside = (provider >= 0) & (receiver >= 0)  # receivers left out have no rows here
        np.add.at(provisions, (owner[inside], rows.channel[taken][inside], provider[inside],
                               receiver[inside]), -rows.size[taken][inside])
        cap_levels(provisions)
        state = repeat_members(gather_state(game.state, distinct), which)
        economy = repeat_economy(gather_economy(game.economy, distinct), which)
        state = _advance_years(state, economy, provisions, Compliance.none(size), years)
        terms = indicators.score_terms(state, economy)
        changes = terms[:members] - terms[members + base]
        for b, change in zip(breach, changes, strict=True):
            results[b] = change
        me = local[base, breakers[breach]]
        everyone = np.arange(members)
        for name in BREAKER_FIELDS:
            array = (_uncapped_exports(state, economy, provisions) if name == "exports"
                     else getattr(state, name))
            if name in _BREAKER_COLUMNS:
                shifts[name][breach[:, None], distinct[base]] = (
                    array[everyone, :, me] - array[members + base, :, me])
            else:
                shifts[name][breach] = array[everyone, me] - array[members + base, me]
    return results, shifts


#: What ``_breach_runs`` measures of a breaker for ``breaker_terms``: its income and GDP, and
#: the columns of what it receives (imports before the cap, technology, investment).
BREAKER_FIELDS = ("income", "gdp", "own_capability", "exports", "technology_received",
                  "investment_stock")
_BREAKER_COLUMNS = frozenset({"exports", "technology_received", "investment_stock"})


def _uncapped_exports(state, economy, provisions: np.ndarray) -> np.ndarray:
    """(B, n, n): the exports of the last year of a projection before the import cap (the
    gravity equation with the agreements' boosts, as ``game.model.update`` makes them)."""
    base = gravity_base(state.gdp, state.quality, economy)
    return base * np.exp(trade_openness(provisions, state.trade_phase, economy))


def kept_everything(game: Game, years: int, memo: Memo | None = None):
    """The whole world after ``years`` with every clause in force kept (cached for the turn),
    for its economy: no compliance is recorded (trust feeds back into nothing else)."""
    return memo_for(game, memo).get(f"kept everything {years}", lambda: _advance_years(
        game.state, game.economy, game.provisions_in_force()[None].copy(),
        Compliance.none(len(game.index)), years))


def breaker_terms(game: Game, breakers: np.ndarray, shifts: dict[str, np.ndarray], years: int,
                  memo: Memo | None = None) -> np.ndarray:
    """(B, 2): the change of the welfare and independence terms of each breaker: the whole
    world kept (``kept_everything``) shifted by what the breach changes in its neighbourhood
    (``shifts`` from ``_breach_runs``), as ``indicators.score_terms`` makes these terms, on
    the breaker's column only.

    A neighbourhood leaves out the breaker's trade with the rest of the world and what it
    gives there. What a breach changes of its imports and income hardly depends on that, but
    the welfare and dependency they make do: a small country that imports most of its GDP
    gains far more from a point of market access than its trade with a few neighbours shows,
    and none at all at the import cap, where the others' goods take the place of the
    partners' (``capped`` applies to the world's imports shifted before the cap)."""
    memo = memo_for(game, memo)
    whole = kept_everything(game, years, memo)
    economy = game.economy
    p = economy.parameters
    uncapped = memo.get(f"kept everything uncapped {years}", lambda: _uncapped_exports(
        whole, economy, game.provisions_in_force()[None]))

    def column(name: str, shifted: bool) -> np.ndarray:
        source = uncapped if name == "exports" else getattr(whole, name)
        values = source[0][:, breakers].T  # (B, n): what each breaker receives
        return values + shifts[name] if shifted else values

    def scalar(name: str, shifted: bool) -> np.ndarray:
        values = getattr(whole, name)[0, breakers]
        return values + shifts[name] if shifted else values

    weights = economy.weights[breakers][:, [SCORE_TERMS.index("welfare"),
                                            SCORE_TERMS.index("independence")]]
    trend = whole.year * np.log((1.0 + economy.growth[breakers])
                                / (1.0 + economy.population_growth))
    terms = []
    for shifted in (False, True):
        gdp = scalar("gdp", shifted)[:, None]
        exports = capped(column("exports", shifted)[..., None], gdp, p)
        lam = indicators.domestic_share(exports, gdp, p)[:, 0]
        welfare = indicators.welfare(scalar("income", shifted), whole.population[0, breakers],
                                     lam, p)
        received = SimpleNamespace(
            gdp=gdp, exports=exports,
            technology_received=column("technology_received", shifted)[..., None],
            own_capability=scalar("own_capability", shifted)[:, None],
            investment_stock=column("investment_stock", shifted)[..., None])
        excess = indicators.dependency(received, p)["excess"][:, 0]  # type: ignore[arg-type]
        raw = np.stack([np.log(welfare / economy.start.welfare[0, breakers]) - trend,
                        -(excess - economy.start_dependency[0, breakers])], axis=-1)
        terms.append(quantised(p.score_scale * raw * weights))
    return terms[1] - terms[0]


def _kept_columns(game: Game, countries: np.ndarray) -> np.ndarray:
    """(len(countries), n): [b, i] how many clauses in force country ``countries[b]`` must keep
    towards i (its columns of ``kept_in_force``, from its obligations alone)."""
    columns = np.zeros((len(countries), len(game.index)))
    for b, me in enumerate(countries.tolist()):
        country = game.country_ids[me]
        towards = [game.index[p] for agreement, _ in game.obligations(country)
                   for p in agreement.parties if p != country]
        np.add.at(columns[b], np.array(towards, dtype=int), 1.0)
    return columns


def breach_trust(game: Game, breakers: np.ndarray, partners: list[np.ndarray], years: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(trust, term): for breach b, country ``breakers[b]`` breaking one clause towards
    ``partners[b]`` this year and keeping the rest, against keeping everything, on the whole
    world: the change of the trust every country holds in the breaker after ``years`` (B, n)
    and of the breaker's trust term (B,). Only the breaker's column is projected: the evidence
    about a country depends on nothing else (``game.model.update.update_trust`` on (B, n, 1)
    arrays; the trust term as ``indicators.score_terms`` makes it)."""
    n = len(game.index)
    count = len(breakers)
    distinct, base = np.unique(breakers, return_inverse=True)
    who = np.concatenate([breakers, distinct])  # the breaches, then keeping everything
    kept = _kept_columns(game, distinct)[np.concatenate([base, np.arange(len(distinct))])]
    broken = np.zeros_like(kept)
    member = np.repeat(np.arange(count), [len(p) for p in partners])
    towards = np.concatenate(partners).astype(int)
    np.add.at(kept, (member, towards), -1.0)
    np.add.at(broken, (member, towards), 1.0)
    state, economy = game.state, game.economy
    column = SimpleNamespace(trust_positive=state.trust_positive[0][:, who].T[..., None],
                             trust_negative=state.trust_negative[0][:, who].T[..., None])
    model = SimpleNamespace(parameters=economy.parameters,
                            off_diagonal=economy.off_diagonal[:, who].T[..., None])
    quiet = SimpleNamespace(distrust=np.zeros((n, 1)))
    compliance = Compliance(kept[..., None], broken[..., None])
    for year in range(years):
        column.trust_positive, column.trust_negative = update_trust(
            column, compliance, quiet, model)  # type: ignore[arg-type]
        if year == 0:  # breaches happen this year only, as in ``_advance_years``
            compliance = Compliance(compliance.kept + compliance.broken,
                                    np.zeros_like(compliance.broken))
    trust = indicators.trust(column)[..., 0]  # type: ignore[arg-type]
    held = ((indicators.column_sums(trust[..., None])[:, 0] - trust[np.arange(len(who)), who])
            / max(n - 1, 1))
    p = economy.parameters
    term = quantised(p.trust_scale * (held - economy.start_trust[0, who])
                     * economy.weights[who, SCORE_TERMS.index("trust")])
    return trust[:count] - trust[count + base], term[:count] - term[count + base]

"""Candidates as the model's inputs: provision rows, promises and the batch's provisions.

A candidate (parties and clauses) becomes rows (channel, provider, receiver, size) and promises
(partner, bound party) in global country indices, cached across the game (packages share
clauses, and the same come up turn after turn; money clauses, whose amounts follow GDP, are
built each time or from a template). ``candidate_provisions`` adds them to the agreements in
force for one batched projection.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from game.agents.memo import Memo, memo_for
from game.model.state import CHANNELS
from game.rules.agreements import (
    LEVEL_CHANNELS,
    MULTIPARTY_BONUS,
    Clause,
    cap_levels,
    channel,
    clause_entries,
)
from game.rules.game import Game
from game.scenario.schema import AMOUNT_CLAUSES, AidForm, ClauseKind

Candidate = tuple[tuple[str, ...], tuple[Clause, ...]]


def promises(parties: tuple[str, ...], clauses: tuple[Clause, ...], local: dict[str, int]
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


def kept_all(game: Game, memo: Memo | None = None) -> np.ndarray:
    """(n, n) ``kept_in_force`` among every country, made once a turn and counted on with each
    agreement made (whole counts: the same numbers in any order); callers must not modify it."""
    def extend(kept: np.ndarray, made: list) -> np.ndarray:
        ids = tuple(game.country_ids)
        promised = [candidate_rows(a.parties, a.clauses, ids)[1] for a in made
                    if a.in_force(game.turn)]
        kept = kept.copy()
        if promised:
            pairs = np.concatenate(promised)
            np.add.at(kept, (pairs[:, 0], pairs[:, 1]), 1.0)
        return kept

    return memo_for(game, memo).grown(
        "kept", lambda: kept_in_force(game, np.arange(len(game.index))), extend)


@lru_cache(maxsize=8)
def index_of(country_ids: tuple[str, ...]) -> dict[str, int]:
    return {c: k for k, c in enumerate(country_ids)}


#: Clause rows kept per country list by ``candidate_rows`` (then the store starts afresh).
CLAUSE_ROWS_KEPT = 65536


@lru_cache(maxsize=8)
def _clause_store(country_ids: tuple[str, ...]) -> tuple[dict[str, int], dict]:
    """The index of ``country_ids`` and the rows of each (clause, parties) met with them."""
    return index_of(country_ids), {}


@lru_cache(maxsize=65536)
def candidate_rows(parties: tuple[str, ...], clauses: tuple[Clause, ...],
                   country_ids: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """A candidate's provisions as rows (channel, provider, receiver, size) and its promises as
    (partner, bound party) pairs, in global country indices (callers must not modify them).
    Cached, and built from the cached rows of each clause with the same parties: packages
    share clauses (a level of trade with a partner comes in several), and the same come up
    turn after turn. Money clauses, whose amounts follow GDP, are built each time. Those
    ``project_local`` made already are taken from it."""
    made = parts_stores(country_ids)[0].candidates.get((parties, clauses))
    if made is not None:
        return made
    index, known = _clause_store(country_ids)
    built = []
    for clause in clauses:
        part = known.get((clause, parties))
        if part is None:
            part = (np.array(clause_entries(clause, parties, index), dtype=float).reshape(-1, 4),
                    np.array(promises(parties, (clause,), index), dtype=int).reshape(-1, 2))
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
LEVEL = np.isin(np.arange(CHANNELS), LEVEL_CHANNELS)


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
    kept_base = kept_all(game, memo)[pairs]
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
    touched = tuple(index[LEVEL[channel]] for index in entries)
    provisions[touched] = np.minimum(provisions[touched], 1.0)
    return provisions, kept


#: Candidates (or their clauses' units) whose provision rows and promises ``project_local``
#: keeps per country list, at most (then it starts afresh).
LOCAL_PARTS_KEPT = 65536


def shared_clause_parts(index: dict[str, int], parties: tuple[str, ...]
                        ) -> tuple[np.ndarray, np.ndarray, float]:
    """What every shared clause (no giver or receiver) among ``parties`` makes, whatever its
    kind: its rows with the (provider, receiver) columns filled (channel and size left at
    zero), its promises and the factor of its size, in the order ``clause_entries`` and
    ``promises`` give them (``index``: a country's place)."""
    members = [index[p] for p in parties]
    rows = np.zeros((len(members) * (len(members) - 1), 4))
    rows[:, 1:3] = [(i, j) for i in members for j in members if i != j]
    pairs = np.array([(i, j) for j in members for i in members if i != j], dtype=int).reshape(-1, 2)
    return rows, pairs, 1.0 + MULTIPARTY_BONUS * (len(members) - 2)


class _Parts:
    """``candidate_rows`` of the candidates ``project_local`` met with one country list, made
    for all new candidates of a call at once. Each (clause, parties) met is a *unit* whose rows
    and promises are kept once in flat arrays; a money clause's unit leaves out its amount
    (which follows GDP, so comes new every year) and its one row takes the clause's amount. A
    candidate's parts are its units' rows and promises one after the other, views of one array
    made per call."""

    def __init__(self, country_ids: tuple[str, ...]):
        self.index = index_of(country_ids)
        self.candidates: dict = {}  # candidate -> (rows, promises)
        self.units: dict = {}  # (clause, or its key without the amount, parties) -> unit
        self.of_unit = np.zeros((0, 5), dtype=int)  # row start, rows, promise start, promises, money
        self.rows, self.promises = np.zeros((0, 4)), np.zeros((0, 2), dtype=int)
        self.shared: dict = {}  # parties -> what a shared clause among them makes (``_shared``)

    def _shared(self, parties: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, float]:
        """``shared_clause_parts`` among ``parties``, made once."""
        found = self.shared.get(parties)
        if found is None:
            found = self.shared[parties] = shared_clause_parts(self.index, parties)
        return found

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
                    if clause.directed:
                        rows = np.array(clause_entries(clause, parties, index),
                                        dtype=float).reshape(-1, 4)
                        pairs = np.array(promises(parties, (clause,), index),
                                         dtype=int).reshape(-1, 2)
                    else:  # every pair of the parties both ways: the same for every kind
                        among, pairs, factor = self._shared(parties)
                        rows = among.copy()
                        rows[:, 0] = channel(clause)
                        rows[:, 3] = clause.size * factor
                    new_rows.append(rows)
                    new_pairs.append(pairs)
                    new_units.append((len(rows), len(pairs), clause.kind in AMOUNT_CLAUSES))
                units.append(unit)
        if new_units:
            made = np.array(new_units, dtype=int)
            starts = np.cumsum(made[:, :2], axis=0) - made[:, :2] + [len(self.rows), len(self.promises)]
            self.of_unit = np.concatenate([self.of_unit, np.column_stack(
                [starts[:, 0], made[:, 0], starts[:, 1], made[:, 1], made[:, 2]])])
            self.rows = np.concatenate([self.rows, *new_rows])
            self.promises = np.concatenate([self.promises, *new_pairs])
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


def distinct_values(values: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array, in increasing order: what a plain ``np.unique``
    gives, without the import of ``numpy.ma`` that numpy (2.x) makes inside the first such call
    of a process (10-28 ms, in the AI's first phase)."""
    ordered = np.sort(np.asarray(values).ravel())
    if not len(ordered):
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def index_ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The indices starts[i], ..., starts[i] + counts[i] - 1 of every i, one after the other."""
    ends = np.cumsum(counts)
    return np.arange(ends[-1] if len(ends) else 0) + np.repeat(starts - ends + counts, counts)


@lru_cache(maxsize=8)
def parts_stores(country_ids: tuple[str, ...]) -> list[_Parts]:
    """The one ``_Parts`` of ``country_ids`` (replaced when full)."""
    return [_Parts(country_ids)]


def candidate_parts(candidates: list[Candidate], country_ids: tuple[str, ...]
                     ) -> list[tuple[np.ndarray, np.ndarray]]:
    """``candidate_rows`` of each candidate (``_Parts``): the same candidates come in call after
    call, and a key of the candidate without the country list is cheaper to look up."""
    stores = parts_stores(country_ids)
    if stores[0].full():
        stores[0] = _Parts(country_ids)
    get = stores[0].candidates.get
    parts = [get(candidate) for candidate in candidates]
    missing = [b for b, part in enumerate(parts) if part is None]
    if missing:  # made at once, then put in their places (the others are found already)
        stores[0].add(list(dict.fromkeys([candidates[b] for b in missing])))
        for b in missing:
            parts[b] = get(candidates[b])
    return parts

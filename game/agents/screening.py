"""First-order screening of candidate agreements: many candidates valued as one matrix product.

Projecting a candidate with the model costs one batch member a year of horizon, and the AI
weighs thousands of candidates a turn (every country's proposals, every offer's neighbourhood).
A candidate changes only a few entries of the inputs: its clauses add (channel, provider,
receiver) provisions between its parties, and its promises add kept-clause evidence between
them. Screening projects each such *unit* once against one base (the agreements in force, no
candidate), on the neighbourhood of the candidate's parties (``projection.local_keep``: the
parties and the countries that trade most with them): a clause between its parties at a
reference size, or the first promises between the parties of a candidate that had none. A
candidate's projected score-term changes are then the sum of its units' effects, each
clause's scaled by its size against the reference (within the room the level cap leaves).
Units are shared by many candidates (the same clause at every level, the same pair in several
packages, an offer and its variants) and are kept for the model year, so the cost per
candidate is one row of a sparse matrix product.

The sum is first order and local: the clauses of one package do not interact, a clause's
effect is taken as proportional to its size, countries outside the neighbourhood do not count,
and agreements made since the units were projected are not in their base. So decisions never
rest on it: the AI confirms with the full model (``game.agents.projection.project``) the few
candidates it proposes, counters with or accepts. ``docs/ai.md`` says how close screening
comes (measured by ``benchmarks/bench_ai.py``). ``screen`` decides when screening pays: not
when most units of a batch are new, nor in scenarios with more than ``projection.LOCAL_LIMIT``
countries, whose candidates are projected each on its own neighbourhood anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.agents.memo import Memo, memo_for
from game.agents.projection import (
    LOCAL_LIMIT,
    Candidate,
    Projected,
    index_ranges,
    local_keeps,
    local_runs,
    project,
)
from game.agents.projection.rows import (
    distinct_values,
    index_of,
    kept_all,
    promises,
    shared_clause_parts,
)
from game.model.state import CHANNELS, SCORE_TERMS
from game.rules.agreements import (
    LEVEL_CHANNELS,
    channel,
    clause_entries,
)
from game.rules.game import Game
from game.scenario.schema import AMOUNT_CLAUSES

#: A level clause is projected once at this level; other levels are scaled from it (the middle
#: of the levels the AI tries, so that the error of the straight line is smallest).
REFERENCE_LEVEL = 0.5
#: An amount clause is projected once at this share of the giver's GDP a year.
REFERENCE_AMOUNT_SHARE = 0.001

#: Screening projects its new units only if there are at most this many per candidate;
#: otherwise (a few candidates with units not met before) projecting the candidates themselves
#: costs less, and is exact.
UNITS_PER_CANDIDATE = 0.5
_IS_LEVEL = np.zeros(CHANNELS, dtype=bool)
_IS_LEVEL[LEVEL_CHANNELS] = True


class Column:
    """An array that grows at its end (its capacity doubles), read whole as one array: what
    the catalogue keeps of each candidate, so that a batch gathers its entries by index."""

    def __init__(self, dtype: type, width: int = 0, blocks: bool = False):
        self.shape = (width,) if width else ()
        self.data = np.zeros((64, *self.shape), dtype=dtype)
        self.blocks = blocks  # entries come as arrays of rows rather than one by one
        self.size = 0  # entries in data
        self.length = 0  # entries appended
        self.pending: list = []  # what is not in data yet: entries, or arrays of rows

    def append(self, item: object) -> None:
        """Append one entry (a scalar, or a tuple of ``width``), or an array of rows."""
        self.pending.append(item)
        self.length += len(item) if self.blocks else 1  # type: ignore[arg-type]

    def extend(self, items: list) -> None:
        """Append entries."""
        self.pending.extend(items)
        self.length += len(items)

    def values(self) -> np.ndarray:
        """Everything appended so far (callers must not modify it)."""
        if self.pending:
            new = (np.concatenate(self.pending) if self.blocks
                   else np.array(self.pending, dtype=self.data.dtype).reshape(-1, *self.shape))
            if self.length > len(self.data):
                grown = np.zeros((max(self.length, 2 * len(self.data)), *self.shape),
                                 dtype=self.data.dtype)
                grown[:self.size] = self.data[:self.size]
                self.data = grown
            self.data[self.size:self.length] = new
            self.size, self.pending = self.length, []
        return self.data[:self.size]


class Catalogue:
    """What screening knows of candidates whatever the year, for one game's countries: each
    candidate's parts (``batch``), and a number for every unit key and every set of parties
    met, so that a batch's units are arrays of numbers rather than keys to look up one by
    one. A candidate is kept as its *clause parts*: each clause between the same parties
    (a money clause without its amount, which follows GDP, so comes new every year) is made
    once into its provision rows and promises (what ``projection.candidate_rows`` gives, clause
    by clause), kept in flat arrays with its unit number; a candidate adds only its number,
    its clause parts and its clauses' sizes, and a batch gathers its rows from the flat
    arrays by index. Packages share clauses (a level of trade with a partner comes in
    several, the same money clause at every amount), so the first turn's thousands of new
    candidates make a few hundred parts."""

    def __init__(self, country_ids: tuple[str, ...]):
        self.country_ids = country_ids
        self.index = index_of(country_ids)
        self.candidates: dict = {}  # candidate -> candidate number
        self.units: dict = {}  # unit key -> unit number
        self.unit_keys: list = []  # unit number -> its key
        self.places: dict = {}  # parties in a fixed order -> place number
        self.place_parties: list = []  # place number -> the parties
        self.place_of: dict = {}  # parties in the candidate's order -> place number
        self.parts: dict = {}  # (clause, or its key without the amount, parties) -> part
        self.shared: dict = {}  # parties -> what a shared clause among them makes
        # Part number -> where its rows and promises start, how many, money or not, its unit.
        self.of_part = Column(int, 6)
        self.promises, self.rows = Column(int, 2, True), Column(float, 4, True)
        self.of_candidate = Column(int, 3)  # candidate -> its first clause, clauses, place
        self.clause_parts = Column(int)  # every candidate's clauses' parts, one after the other
        self.sizes = Column(float)  # and their sizes

    def number(self, key: tuple) -> int:
        """The number of a unit key (a clause unit or a promise unit), given on first sight."""
        found = self.units.get(key)
        if found is None:
            found = self.units[key] = len(self.unit_keys)
            self.unit_keys.append(key)
        return found

    def batch(self, candidates: list[Candidate]
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(rows, promises, clauses, counts, place) of candidates, one after the other: their
        provision rows and promises (``projection.candidate_rows``), one row per clause (unit
        number, size, how many provision rows it makes), and per candidate how many promises
        and clauses it has and the number of its parties in a fixed order. A clause's unit is
        the clause without its size between the same parties: the same clause at any level or
        amount is the same unit."""
        get = self.candidates.get
        try:
            found = [get(candidate) for candidate in candidates]
        except TypeError:  # lists as well
            candidates = [(tuple(parties), tuple(clauses)) for parties, clauses in candidates]
            found = [get(candidate) for candidate in candidates]
        if None in found:
            self._add(list(dict.fromkeys([candidates[k] for k, number in enumerate(found)
                                          if number is None])))
            found = [get(candidate) if number is None else number
                     for candidate, number in zip(candidates, found, strict=True)]
        first, count, place = self.of_candidate.values()[found].T
        chosen = index_ranges(first, count)
        part = self.of_part.values()[self.clause_parts.values()[chosen]]
        sizes = self.sizes.values()[chosen]
        made = part[:, 1]
        rows = self.rows.values()[index_ranges(part[:, 0], made)]
        money = np.repeat(part[:, 4].astype(bool), made)
        rows[money, 3] = np.repeat(sizes, made)[money]  # a money clause's rows: its amount
        pairs = self.promises.values()[index_ranges(part[:, 2], part[:, 3])]
        owner = np.repeat(np.arange(len(found)), count)
        promise_counts = np.bincount(owner, weights=part[:, 3], minlength=len(found))
        return (rows, pairs, np.column_stack([part[:, 5], sizes, made]),
                np.column_stack([promise_counts.astype(int), count]), place)

    def full(self) -> bool:
        """Whether it holds as much as it may (``catalogue`` then starts a new one)."""
        return (len(self.candidates) > CATALOGUE_CANDIDATES
                or len(self.unit_keys) > CATALOGUE_UNITS)

    def _add(self, candidates: list[Candidate]) -> None:
        """Number new candidates (distinct, not met before) in their order, and their parties
        and clause parts if new."""
        found, place_of = self.parts, self.place_of
        fresh: list[tuple] = []  # (parties, clause, place) of each new part, in part order
        of_candidate, clause_parts, sizes = [], [], []
        first = self.clause_parts.length
        for candidate in candidates:
            parties, clauses = candidate
            place = place_of.get(parties)
            if place is None:
                ordered = tuple(sorted(parties))
                place = self.places.get(ordered)
                if place is None:
                    place = self.places[ordered] = len(self.place_parties)
                    self.place_parties.append(ordered)
                place_of[parties] = place
            for clause in clauses:
                key = (((clause.kind, clause.level, clause.giver, clause.receiver,
                         clause.training, clause.form), parties)
                       if clause.kind in AMOUNT_CLAUSES else (clause, parties))
                part = found.get(key)
                if part is None:
                    part = found[key] = len(found)
                    fresh.append((parties, clause, place))
                clause_parts.append(part)
                sizes.append(clause.size)
            of_candidate.append((first, len(clauses), place))
            first += len(clauses)
            self.candidates[candidate] = len(self.candidates)
        self._add_parts(fresh)
        self.of_candidate.extend(of_candidate)
        self.clause_parts.extend(clause_parts)
        self.sizes.extend(sizes)

    def _add_parts(self, fresh: list[tuple]) -> None:
        """Make new clause parts, each a clause's rows and promises among its parties (what
        ``clause_entries`` and ``projection.promises`` give, in their order), and number their
        units: the shared clauses' rows at once from their parties' pairs, then the directed
        clauses' rows, each part told where its own start."""
        index = self.index
        shared_rows, shared_pairs, shared_channel, shared_size = [], [], [], []
        directed_rows: list[tuple] = []
        directed_pairs: list[tuple] = []
        made = []  # per part: shared or not, rows, promises, money or not, unit
        for parties, clause, place in fresh:
            unit = self.number((place, clause.kind, clause.giver, clause.receiver, clause.form,
                                clause.training))
            money = clause.kind in AMOUNT_CLAUSES
            if clause.directed:
                entries = clause_entries(clause, parties, index)
                pairs = promises(parties, (clause,), index)
                directed_rows += entries
                directed_pairs += pairs
                made.append((False, len(entries), len(pairs), money, unit))
            else:  # every pair of the parties both ways: the same for every kind
                among, pairs, factor = self._shared(parties)
                shared_rows.append(among)
                shared_pairs.append(pairs)
                shared_channel.append(channel(clause))
                shared_size.append(clause.size * factor)
                made.append((True, len(among), len(pairs), money, unit))
        shared_at = (self.rows.length, self.promises.length)
        if shared_rows:
            rows = np.concatenate(shared_rows)
            counts = [len(block) for block in shared_rows]
            rows[:, 0] = np.repeat(shared_channel, counts)
            rows[:, 3] = np.repeat(shared_size, counts)
            self.rows.append(rows)
            self.promises.append(np.concatenate(shared_pairs))
        directed_at = (self.rows.length, self.promises.length)
        if directed_rows:
            self.rows.append(np.array(directed_rows, dtype=float).reshape(-1, 4))
            self.promises.append(np.array(directed_pairs, dtype=int).reshape(-1, 2))
        parts = []
        for shared, rows_made, pairs_made, money, unit in made:
            row, pair = shared_at if shared else directed_at
            parts.append((row, rows_made, pair, pairs_made, money, unit))
            if shared:
                shared_at = (row + rows_made, pair + pairs_made)
            else:
                directed_at = (row + rows_made, pair + pairs_made)
        self.of_part.extend(parts)

    def _shared(self, parties: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, float]:
        """``projection.rows.shared_clause_parts`` among ``parties``, made once."""
        found = self.shared.get(parties)
        if found is None:
            found = self.shared[parties] = shared_clause_parts(self.index, parties)
        return found


#: Candidates and unit numbers a catalogue holds before a new one replaces it (a bound on
#: memory in long tournaments: a unit table's arrays are as long as the largest unit number).
CATALOGUE_CANDIDATES = 50_000
CATALOGUE_UNITS = 100_000
_CATALOGUES: dict[tuple[str, ...], Catalogue] = {}


def catalogue(country_ids: tuple[str, ...]) -> Catalogue:
    """The catalogue of a game's countries (shared by the games of a scenario, for a few
    scenarios at a time). A unit table keeps the catalogue it was made with, whose numbers it
    holds, so a new catalogue affects only the tables made after it."""
    found = _CATALOGUES.get(country_ids)
    if found is None or found.full():
        if found is None and len(_CATALOGUES) >= 8:
            _CATALOGUES.pop(next(iter(_CATALOGUES)))
        found = _CATALOGUES[country_ids] = Catalogue(country_ids)
    return found


@dataclass
class UnitTable:
    """Projected effects of every unit met so far in one model year, each on the
    neighbourhood of its candidate's parties (``projection.local_keep``)."""

    years: int
    provisions: np.ndarray  # (CHANNELS, n, n) the base: agreements in force, capped
    kept: np.ndarray  # (n, n) kept-clause counts of the base
    catalogue: Catalogue  # whose unit numbers ``row_of`` and ``size_of`` are indexed by
    row_of: np.ndarray = field(default_factory=lambda: np.full(0, -1))  # unit number -> row
    size_of: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))  # -> size
    blocks: dict = field(default_factory=dict)  # size -> arrays (units, size, terms)
    effects: dict = field(default_factory=dict)  # size -> (units, size, terms), concatenated
    counts: dict = field(default_factory=dict)  # size -> units of that size so far

    def rows(self, units: np.ndarray) -> np.ndarray:
        """The row of each unit number in the effects of its size (-1: not projected yet)."""
        if not len(self.row_of):
            return np.full(len(units), -1)
        known = units < len(self.row_of)
        return np.where(known, self.row_of[np.where(known, units, 0)], -1)

    def add(self, units: np.ndarray, sizes: np.ndarray, changes: list[np.ndarray]) -> None:
        """Keep the projected effects of new units."""
        if len(units) and units.max() >= len(self.row_of):
            grown = int(units.max()) + 1024
            self.row_of = np.concatenate([self.row_of, np.full(grown - len(self.row_of), -1)])
            self.size_of = np.concatenate([self.size_of,
                                           np.zeros(grown - len(self.size_of), dtype=int)])
        for size in distinct_values(sizes).tolist():  # the units of a size in the order given
            chosen = np.flatnonzero(sizes == size)
            count = self.counts.get(size, 0)
            self.blocks.setdefault(size, []).append(np.stack([changes[k] for k in chosen.tolist()]))
            self.row_of[units[chosen]] = count + np.arange(len(chosen))
            self.size_of[units[chosen]] = size
            self.counts[size] = count + len(chosen)

    def of_size(self, size: int) -> np.ndarray:
        """Every unit's effects on neighbourhoods of ``size`` countries."""
        if self.blocks.get(size):
            parts = ([self.effects[size]] if size in self.effects else []) + self.blocks[size]
            self.effects[size], self.blocks[size] = np.concatenate(parts), []
        return self.effects[size]


def unit_table(game: Game, years: int, memo: Memo | None = None) -> UnitTable:
    """The game's unit table for a horizon (made once a model year, from the agreements then
    in force)."""
    def build() -> UnitTable:
        provisions = game.provisions_in_force().copy()
        return UnitTable(years, provisions, kept_all(game, memo),
                         catalogue(tuple(game.country_ids)))

    return memo_for(game, memo).get(f"screening units {years}", build, yearly=True)


class _Neighbourhoods:
    """The neighbourhood (``projection.local_keep``) of each place number of a catalogue met
    in one model year, as it is and as a row padded with -1."""

    def __init__(self) -> None:
        self.keeps: list = []  # place number -> its neighbourhood (None: not met yet)
        self.padded = np.full((0, 0), -1)  # place number -> its neighbourhood, padded
        self.lengths = np.zeros(0, dtype=int)  # place number -> its size (-1: not met yet)

    def add(self, game: Game, places: np.ndarray, known: Catalogue, memo: Memo) -> None:
        """Find the neighbourhoods of the places not met yet."""
        if len(places) and places.max() >= len(self.lengths):
            grown = int(places.max()) + 256
            self.keeps += [None] * (grown - len(self.keeps))
            self.lengths = np.concatenate([self.lengths, np.full(grown - len(self.lengths), -1)])
            self.padded = np.concatenate(
                [self.padded, np.full((grown - len(self.padded), self.padded.shape[1]), -1)])
        missing = places[self.lengths[places] < 0].tolist()
        for place, keep in zip(missing, local_keeps(game, [known.place_parties[place]
                                                            for place in missing], memo),
                               strict=True):
            self.keeps[place] = keep
            if len(keep) > self.padded.shape[1]:
                self.padded = np.concatenate([self.padded, np.full(
                    (len(self.padded), len(keep) - self.padded.shape[1]), -1)], axis=1)
            self.padded[place, :len(keep)] = keep
            self.lengths[place] = len(keep)


def _neighbourhoods(game: Game, places: np.ndarray, known: Catalogue, memo: Memo | None = None
                    ) -> _Neighbourhoods:
    """The game's neighbourhoods of ``known``'s places this year, with those of ``places``."""
    memo = memo_for(game, memo)
    stored = memo.get("screening neighbourhoods", dict, yearly=True)  # catalogue -> them
    found = stored.get(known)
    if found is None:
        found = stored[known] = _Neighbourhoods()
    found.add(game, places, known, memo)
    return found


def place_keeps(game: Game, places: np.ndarray, known: Catalogue, memo: Memo | None = None
                ) -> np.ndarray:
    """(P, k) the neighbourhood (``projection.local_keep``) of each place number, padded
    with -1 to the widest; made once a year for each place."""
    found = _neighbourhoods(game, places, known, memo)
    width = int(found.lengths[places].max()) if len(places) else 0
    return found.padded[places, :width]


def _units(table: UnitTable, game: Game, candidates: list[Candidate], limit: float = np.inf,
           project_new: bool = True, memo: Memo | None = None
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Candidates as units: (place of each candidate, the places' neighbourhoods padded, and
    parallel arrays: candidate, unit number, scale).

    A clause unit is one clause's entries at the reference size (a level of REFERENCE_LEVEL,
    an amount of REFERENCE_AMOUNT_SHARE of the giver's GDP) on the candidate's neighbourhood;
    its scale is the clause's size over the reference, both within the room the level cap
    leaves. A promise unit is the first kept-clause evidence between the pairs of a candidate
    that had none, all together. None if more than ``limit`` units would have to be projected
    first. Without ``project_new`` the new units are left out (their rows are -1)."""
    n = len(game.index)
    known = table.catalogue
    rows, promises, clauses, counts, place = known.batch(candidates)
    promise_counts, clause_counts = counts[:, 0], counts[:, 1]
    groups = len(clauses)
    group = np.repeat(np.arange(groups), clauses[:, 2].astype(int))
    group_owner = np.repeat(np.arange(len(candidates)), clause_counts)
    channel = rows[:, 0].astype(int)
    provider = rows[:, 1].astype(int)
    receiver = rows[:, 2].astype(int)
    level = _IS_LEVEL[channel]
    levels = clauses[group, 1]
    ratio = np.where(level, REFERENCE_LEVEL / np.where(levels > 0, levels, 1.0), 0.0)
    before = table.provisions[channel, provider, receiver]
    reference = np.where(level, rows[:, 3] * ratio,
                         REFERENCE_AMOUNT_SHARE * game.state.gdp[0, provider])
    wanted = np.where(level, np.minimum(before + rows[:, 3], 1.0) - before, rows[:, 3])
    room = np.where(level, np.minimum(before + reference, 1.0) - before, reference)
    wanted_sum = np.bincount(group, weights=wanted, minlength=groups)
    room_sum = np.bincount(group, weights=room, minlength=groups)
    scale = np.divide(wanted_sum, room_sum, out=np.zeros(groups), where=room_sum > 0)
    useful = np.flatnonzero(scale != 0.0)
    # Promise units: per candidate, its pairs without kept-clause evidence yet, together.
    promise_owner = np.repeat(np.arange(len(candidates)), promise_counts)
    new = table.kept[promises[:, 0], promises[:, 1]] == 0  # others gain no evidence
    coded = distinct_values(promise_owner[new] * (n * n) + promises[new, 0] * n + promises[new, 1])
    owner_of, pair_code = np.divmod(coded, n * n)
    promisers, starts = np.unique(owner_of, return_index=True)
    # A promise unit's key: its place and the bytes of its pair codes (a slice of them all).
    codes, bounds = pair_code.tobytes(), (np.append(starts, len(pair_code))
                                          * pair_code.itemsize).tolist()
    number = known.number
    promise_units = np.array(
        [number((where, codes[start:end])) for where, start, end in zip(
            place[promisers].tolist(), bounds[:-1], bounds[1:], strict=True)], dtype=int)
    owners = np.concatenate([group_owner[useful], promisers]).astype(int)
    units = np.concatenate([clauses[useful, 0].astype(int), promise_units])
    unknown = table.rows(units) < 0
    fresh, first = np.unique(units[unknown], return_index=True)
    if len(fresh) > limit:
        return None
    places, place_index = np.unique(place, return_inverse=True)
    padded = place_keeps(game, places, known, memo)
    if len(fresh) and project_new:
        order = np.argsort(first)  # in order of first sight
        where = np.flatnonzero(unknown)[first[order]]
        _project_units(table, game, fresh[order], where, owners, useful, group, rows,
                       reference, place, known, memo)
    return place_index, padded, owners, units, np.concatenate(
        [scale[useful], np.ones(len(promisers))])


def _project_units(table: UnitTable, game: Game, fresh: np.ndarray, where: np.ndarray,
                   owners: np.ndarray, useful: np.ndarray, group: np.ndarray, rows: np.ndarray,
                   reference: np.ndarray, place: np.ndarray, known: Catalogue,
                   memo: Memo | None = None) -> None:
    """Project new units in one batch (``projection.local_runs``) and keep their effects:
    unit ``fresh[u]`` is entry ``where[u]`` of the batch's units (a clause group among the
    first ``len(useful)`` entries, a promise unit after them), on the neighbourhood of the
    place ``place[c]`` of its candidate ``c``."""
    n = len(game.index)
    sized = np.column_stack([rows[:, :3], reference])  # every row at its reference size
    starts = np.searchsorted(group, np.arange(group.max() + 2 if group.size else 1))
    places = place[owners[where]]
    hoods = _neighbourhoods(game, places, known, memo)
    unit_keeps = [hoods.keeps[p] for p in places.tolist()]
    is_clause = where < len(useful)
    groups = useful[where[is_clause]]
    clause_rows = iter([sized[a:b] for a, b in zip(starts[groups].tolist(),
                                                    starts[groups + 1].tolist(), strict=True)])
    no_rows, no_promises = np.zeros((0, 4)), np.zeros((0, 2), dtype=int)
    unit_rows, unit_promises = [], []
    for unit, clause in zip(fresh.tolist(), is_clause.tolist(), strict=True):
        if clause:
            unit_rows.append(next(clause_rows))
            unit_promises.append(no_promises)
        else:
            codes = np.frombuffer(known.unit_keys[unit][1], dtype=int)
            unit_rows.append(no_rows)
            unit_promises.append(np.stack([codes // n, codes % n], axis=1))
    changes = local_runs(game, unit_keeps, unit_rows, unit_promises, table.years, memo)
    table.add(fresh, hoods.lengths[places], changes)


def _screened(game: Game, candidates: list[Candidate], years: int, limit: float,
              project_new: bool = True, memo: Memo | None = None
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Each candidate's neighbourhood and its screened score-term changes there, as
    ``Projected`` holds local results: (B, k) countries padded with -1 and (B, k, terms)
    changes, and which candidates lack a unit (new units left unprojected, without
    ``project_new``); None if more than ``limit`` units are new."""
    table = unit_table(game, years, memo)
    found = _units(table, game, candidates, limit, project_new, memo)
    if found is None:
        return None
    place_index, padded, owners, units, scales = found
    rows = table.rows(units)
    lacking = np.zeros(len(candidates), dtype=bool)
    lacking[owners[rows < 0]] = True
    owners, units, scales, rows = (owners[rows >= 0], units[rows >= 0], scales[rows >= 0],
                                   rows[rows >= 0])
    keeps = padded[place_index]
    width = keeps.shape[1]
    changes = np.zeros((len(candidates), width, len(SCORE_TERMS)))
    sizes = table.size_of[units]
    order = np.lexsort((owners, sizes))  # by size, then candidate
    for size in distinct_values(sizes).tolist():  # the sparse product weights @ effects
        chosen = order[sizes[order] == size]
        weighted = table.of_size(size)[rows[chosen]] * scales[chosen, None, None]
        who, first = np.unique(owners[chosen], return_index=True)
        changes[who, :size] += np.add.reduceat(weighted, first, axis=0)
    return keeps, changes, lacking


def screen_terms(game: Game, candidates: list[Candidate], years: int = 3,
                 limit: float = np.inf, memo: Memo | None = None) -> np.ndarray | None:
    """(B + 1, n, terms) like ``projection.local_terms``: row 0 zero (no candidate) and row b
    the first-order change candidate b makes on its neighbourhood, zero outside it (see the
    module docstring); None if more than ``limit`` units would have to be projected first."""
    screened = _screened(game, candidates, years, limit, memo=memo)
    if screened is None:
        return None
    return Projected(len(game.index), padded=screened[:2]).rows(0, len(candidates))


def screen(game: Game, candidates: list[Candidate], years: int = 3,
           project_new: bool = True, memo: Memo | None = None) -> Projected:
    """Screened terms of ``candidates``, handed out a slice at a time like
    ``projection.project``. When most of their units are new (more than UNITS_PER_CANDIDATE
    per candidate), projecting the candidates themselves costs less, and is exact: they are
    then projected (``projection.project``) and marked exact. So are the candidates of
    scenarios with more than LOCAL_LIMIT countries, where every projection is already a
    small neighbourhood (``projection.project_local``) and the candidates of a country share
    few units (the main partners of a small country are seldom its own main partners):
    screening them costs as much as projecting them. Without ``project_new`` the few new
    units of a batch are not projected: the candidates that need one are marked
    (``Projected.lacking``), for the caller to project them itself."""
    n = len(game.index)
    screened = None
    if candidates and n <= LOCAL_LIMIT:
        screened = _screened(game, candidates, years, UNITS_PER_CANDIDATE * len(candidates),
                             project_new, memo)
    if screened is None:
        return project(game, candidates, years, memo)
    keeps, changes, lacking = screened
    return Projected(n, padded=(keeps, changes), exact=False, lacking=lacking)

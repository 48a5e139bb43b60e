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
from functools import lru_cache

import numpy as np

from game.agents.projection import (
    LOCAL_LIMIT,
    Candidate,
    Projected,
    candidate_rows,
    kept_in_force,
    local_keep,
    local_runs,
    project,
)
from game.model.state import CHANNELS, SCORE_TERMS
from game.rules.agreements import LEVEL_CHANNELS, Clause
from game.rules.game import Game
from game.scenario.schema import ClauseKind

#: A level clause is projected once at this level; other levels are scaled from it (the middle
#: of the levels the AI tries, so that the error of the straight line is smallest).
REFERENCE_LEVEL = 0.5
#: An amount clause is projected once at this share of the giver's GDP a year.
REFERENCE_AMOUNT_SHARE = 0.001

#: Screening projects its new units only if there are at most this many per candidate;
#: otherwise (a few candidates with units not met before) projecting the candidates themselves
#: costs less, and is exact.
UNITS_PER_CANDIDATE = 0.5
#: Smaller batches are projected with the full model: screening them would cost more.
SCREEN_MINIMUM = 150
_IS_LEVEL = np.zeros(CHANNELS, dtype=bool)
_IS_LEVEL[LEVEL_CHANNELS] = True


@dataclass
class UnitTable:
    """Projected effects of every unit met so far in one model year, each on the
    neighbourhood of its candidate's parties (``projection.local_keep``)."""

    years: int
    provisions: np.ndarray  # (CHANNELS, n, n) the base: agreements in force, capped
    kept: np.ndarray  # (n, n) kept-clause counts of the base
    index: dict = field(default_factory=dict)  # unit key -> (neighbourhood size, row)
    blocks: dict = field(default_factory=dict)  # size -> arrays (units, size, terms)
    effects: dict = field(default_factory=dict)  # size -> (units, size, terms), concatenated
    counts: dict = field(default_factory=dict)  # size -> units of that size so far

    def of_size(self, size: int) -> np.ndarray:
        """Every unit's effects on neighbourhoods of ``size`` countries."""
        if self.blocks.get(size):
            parts = ([self.effects[size]] if size in self.effects else []) + self.blocks[size]
            self.effects[size], self.blocks[size] = np.concatenate(parts), []
        return self.effects[size]


def unit_table(game: Game, years: int) -> UnitTable:
    """The game's unit table for a horizon (made once a model year, from the agreements then
    in force)."""
    def build() -> UnitTable:
        n = len(game.index)
        provisions = game.provisions_in_force().copy()
        return UnitTable(years, provisions, kept_in_force(game, np.arange(n)))

    return game.cached(f"screening units {years}", build, yearly=True)


def neighbourhoods(game: Game, candidates: list[Candidate]) -> list[np.ndarray]:
    """Each candidate's neighbourhood (``projection.local_keep`` of its parties), from a cache
    of the year keyed by the parties as given."""
    known = game.cached("local neighbourhoods as asked", dict, yearly=True)
    keeps = []
    for parties, _ in candidates:
        keep = known.get(parties)
        if keep is None:
            keep = known[parties] = local_keep(game, tuple(parties))
        keeps.append(keep)
    return keeps


@lru_cache(maxsize=65536)
def _clause_units(parties: tuple[str, ...], clauses: tuple[Clause, ...]
                  ) -> tuple[tuple, np.ndarray, np.ndarray]:
    """A candidate's clauses as units, as far as the year does not matter: each clause's unit
    key (the clause without its size, with the parties in a fixed order: the same clause at
    any level or amount between the same parties is the same unit), its size, and how many
    provision rows ``agreements.clause_entries`` makes of it (one for a directed clause, two
    for technology transfer with training, one per ordered pair of parties for the others).
    Cached: the same packages come up turn after turn."""
    place = tuple(sorted(parties))
    pairs = len(parties) * (len(parties) - 1)
    keys = tuple((place, c.kind, c.giver, c.receiver, c.form, c.training) for c in clauses)
    sizes = np.array([c.size for c in clauses], dtype=float)
    counts = np.array([(2 if c.training and c.kind is ClauseKind.TECHNOLOGY_TRANSFER else 1)
                       if c.directed else pairs for c in clauses], dtype=int)
    return keys, sizes, counts


def _clause_groups(game: Game, candidates: list[Candidate], provisions: np.ndarray) -> tuple:
    """The clauses of ``candidates`` as groups of provision rows: (promises of each
    candidate, rows, group of each row, unit key of each group, candidate of each group,
    reference size of each row, scale of each group against its reference, within the room
    the level cap leaves).

    A group's unit key is the clause without its size, with its parties in a fixed order: the
    same clause at any level or amount between the same parties is the same unit."""
    ids = tuple(game.country_ids)
    built = [candidate_rows(parties, clauses, ids) for parties, clauses in candidates]
    units = [_clause_units(parties, clauses) for parties, clauses in candidates]
    keys = [key for unit in units for key in unit[0]]
    sizes = np.concatenate([unit[1] for unit in units])
    row_counts = np.concatenate([unit[2] for unit in units])
    clause_counts = [len(unit[0]) for unit in units]
    rows = np.concatenate([b[0] for b in built])
    groups = len(keys)
    group = np.repeat(np.arange(groups), row_counts)
    group_owner = np.repeat(np.arange(len(candidates)), clause_counts)
    channel = rows[:, 0].astype(int)
    provider = rows[:, 1].astype(int)
    receiver = rows[:, 2].astype(int)
    level = _IS_LEVEL[channel]
    levels = sizes[group]
    ratio = np.where(level, REFERENCE_LEVEL / np.where(levels > 0, levels, 1.0), 0.0)
    before = provisions[channel, provider, receiver]
    reference = np.where(level, rows[:, 3] * ratio,
                         REFERENCE_AMOUNT_SHARE * game.state.gdp[0, provider])
    wanted = np.where(level, np.minimum(before + rows[:, 3], 1.0) - before, rows[:, 3])
    room = np.where(level, np.minimum(before + reference, 1.0) - before, reference)
    wanted_sum = np.bincount(group, weights=wanted, minlength=groups)
    room_sum = np.bincount(group, weights=room, minlength=groups)
    scale = np.divide(wanted_sum, room_sum, out=np.zeros(groups), where=room_sum > 0)
    return [b[1] for b in built], rows, group, keys, group_owner, reference, scale


def _units(table: UnitTable, game: Game, candidates: list[Candidate], keeps: list[np.ndarray],
           limit: float = np.inf) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Candidates as units: parallel arrays (candidate, unit row in the table's effects of the
    candidate's neighbourhood size, scale).

    A clause unit is one clause's entries at the reference size (a level of REFERENCE_LEVEL,
    an amount of REFERENCE_AMOUNT_SHARE of the giver's GDP) on the candidate's neighbourhood;
    its scale is the clause's size over the reference, both within the room the level cap
    leaves. A promise unit is the first kept-clause evidence between the pairs of a candidate
    that had none, all together. None if more than ``limit`` units would have to be projected first."""
    n = len(game.index)
    count = len(candidates)
    if not candidates:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int), np.zeros(0)
    built, rows, group, keys, group_owner, reference, scale = _clause_groups(
        game, candidates, table.provisions)
    useful = np.flatnonzero(scale != 0.0)
    clause_keys = [keys[g] for g in useful.tolist()]
    places = [keep.tobytes() for keep in keeps]
    promises = np.concatenate(built)
    promise_owner = np.repeat(np.arange(count), [len(b) for b in built])
    new = table.kept[promises[:, 0], promises[:, 1]] == 0  # others gain no evidence
    pairs = np.unique(np.stack([promise_owner[new], promises[new, 0] * n + promises[new, 1]],
                               axis=1), axis=0)
    # One promise unit per candidate: all its pairs that gain their first evidence together.
    promisers, starts = np.unique(pairs[:, 0], return_index=True)
    promise_keys = [(places[owner], codes.tobytes()) for owner, codes in zip(
        promisers.tolist(), np.split(pairs[:, 1], starts[1:]), strict=False)]
    fresh: dict = {}
    for key, g in zip(clause_keys, useful.tolist(), strict=True):
        if key not in table.index and key not in fresh:
            fresh[key] = g
    for key in promise_keys:
        if key not in table.index and key not in fresh:
            fresh[key] = None
    if len(fresh) > limit:
        return None
    if fresh:
        _project_units(table, game, fresh, keeps, group_owner, group, rows, reference)
    index = table.index
    return (np.concatenate([group_owner[useful], promisers]).astype(int),
            np.array([index[key][1] for key in clause_keys + promise_keys], dtype=int),
            np.concatenate([scale[useful], np.ones(len(promisers))]))


def _project_units(table: UnitTable, game: Game, fresh: dict, keeps: list[np.ndarray],
                   group_owner: np.ndarray, group: np.ndarray, rows: np.ndarray,
                   reference: np.ndarray) -> None:
    """Project new units in one batch (``projection.local_runs``) and add their effects:
    ``fresh`` maps a clause unit's key to one clause group of ``rows`` that has it, a promise
    unit's key to None."""
    n = len(game.index)
    sized = np.column_stack([rows[:, :3], reference])  # every row at its reference size
    order = np.argsort(group, kind="stable")
    starts = np.searchsorted(group[order], np.arange(group.max() + 2 if group.size else 1))
    unit_keeps, unit_rows, unit_promises = [], [], []
    no_rows, no_promises = np.zeros((0, 4)), np.zeros((0, 2), dtype=int)
    pairs_dtype = np.zeros(0, dtype=int).dtype  # promise codes are stored as int arrays
    for key, g in fresh.items():
        if g is None:
            place, codes = key
            codes = np.frombuffer(codes, dtype=pairs_dtype)
            unit_keeps.append(np.frombuffer(place, dtype=keeps[0].dtype))
            unit_rows.append(no_rows)
            unit_promises.append(np.stack([codes // n, codes % n], axis=1))
        else:
            unit_keeps.append(keeps[int(group_owner[g])])
            unit_rows.append(sized[order[starts[g]:starts[g + 1]]])
            unit_promises.append(no_promises)
    changes = local_runs(game, unit_keeps, unit_rows, unit_promises, table.years)
    counts = table.counts
    for key, keep, change in zip(fresh, unit_keeps, changes, strict=True):
        size = len(keep)
        table.blocks.setdefault(size, []).append(change[None])
        counts[size] = counts.get(size, 0) + 1
        table.index[key] = (size, counts[size] - 1)


def _screened(game: Game, candidates: list[Candidate], years: int, limit: float
              ) -> tuple[np.ndarray, np.ndarray] | None:
    """Each candidate's neighbourhood and its screened score-term changes there, as
    ``Projected`` holds local results: (B, k) countries padded with -1 and (B, k, terms)
    changes; None if more than ``limit`` units are new."""
    table = unit_table(game, years)
    keeps = neighbourhoods(game, candidates)
    found = _units(table, game, candidates, keeps, limit)
    if found is None:
        return None
    owners, lookup, scales = found
    sizes = np.array([len(keep) for keep in keeps], dtype=int)
    width = int(sizes.max())
    padded = np.full((len(candidates), width), -1)
    for size in np.unique(sizes).tolist():
        chosen = np.flatnonzero(sizes == size)
        padded[chosen, :size] = np.stack([keeps[b] for b in chosen.tolist()])
    changes = np.zeros((len(candidates), width, len(SCORE_TERMS)))
    unit_sizes = sizes[owners]
    for size in np.unique(unit_sizes).tolist():  # the sparse product weights @ effects
        inside = unit_sizes == size
        np.add.at(changes[:, :size], owners[inside],
                  table.of_size(size)[lookup[inside]] * scales[inside, None, None])
    return padded, changes


def screen_terms(game: Game, candidates: list[Candidate], years: int = 3,
                 limit: float = np.inf) -> np.ndarray | None:
    """(B + 1, n, terms) like ``projection.local_terms``: row 0 zero (no candidate) and row b
    the first-order change candidate b makes on its neighbourhood, zero outside it (see the
    module docstring); None if more than ``limit`` units would have to be projected first."""
    screened = _screened(game, candidates, years, limit)
    if screened is None:
        return None
    return Projected(len(game.index), padded=screened).rows(0, len(candidates))


def screen(game: Game, candidates: list[Candidate], years: int = 3) -> Projected:
    """Screened terms of ``candidates``, handed out a slice at a time like
    ``projection.project``. When most of their units are new (more than UNITS_PER_CANDIDATE
    per candidate), projecting the candidates themselves costs less, and is exact: they are
    then projected (``projection.project``) and marked exact. So are the candidates of
    scenarios with more than LOCAL_LIMIT countries, where every projection is already a
    small neighbourhood (``projection.project_local``) and the candidates of a country share
    few units (the main partners of a small country are seldom its own main partners):
    screening them costs as much as projecting them."""
    n = len(game.index)
    screened = None
    if candidates and n <= LOCAL_LIMIT:
        screened = _screened(game, candidates, years, UNITS_PER_CANDIDATE * len(candidates))
    if screened is None:
        return project(game, candidates, years)
    return Projected(n, padded=screened, exact=False)

"""First-order screening of candidate agreements: many candidates valued as one matrix product.

Projecting a candidate with the model costs one batch member a year of horizon, and the AI
weighs thousands of candidates a turn (every country's proposals, every offer's neighbourhood).
A candidate changes only a few entries of the inputs: its clauses add (channel, provider,
receiver) provisions between its parties, and its promises add kept-clause evidence between
them. Screening projects each such *unit* once against one base (the agreements in force, no
candidate): a clause between its parties at a reference size, or a promise between two
countries. A candidate's projected score-term changes are then the sum of its units' effects,
each clause's scaled by its size against the reference (within the room the level cap leaves),
and each promise counted only where the pair had no kept clause yet. Units are shared by many
candidates (the same clause at every level, the same pair in several packages) and are kept
for the model year, so the cost per candidate is one row of a matrix product.

The sum is first order: the clauses of one package do not interact, a clause's effect is taken
as proportional to its size, and agreements made since the units were projected are not in
their base. So decisions never rest on it: the AI confirms with the full model
(``game.agents.projection.project_terms``) the few candidates it proposes, counters with or
accepts. ``docs/ai.md`` says how close screening comes to the full model (measured by
``benchmarks/bench_ai.py``). ``screen`` decides when screening pays: not for small batches,
nor in scenarios with more than ``projection.LOCAL_LIMIT`` countries, whose candidates are
projected each on its own neighbourhood (``projection.project_local``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from game.agents.projection import (
    LOCAL_LIMIT,
    Candidate,
    Projected,
    amount_template,
    candidate_rows,
    kept_in_force,
    project_local,
    project_terms,
    with_amounts,
)
from game.model import indicators
from game.model.state import CHANNELS, Compliance, Shocks
from game.model.update import advance
from game.rules.agreements import LEVEL_CHANNELS, Clause, agreement_rows, cap_levels
from game.rules.game import Game

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
    """Projected effects of every unit met so far, against one base, for one model year."""

    years: int
    provisions: np.ndarray  # (CHANNELS, n, n) the base: agreements in force, capped
    kept: np.ndarray  # (n, n) kept-clause counts of the base
    base_terms: np.ndarray | None = None  # (n, terms) projected without any candidate
    index: dict = field(default_factory=dict)  # unit key -> row of ``effects``
    blocks: list = field(default_factory=list)  # arrays (units, n, terms), concatenated lazily
    effects: np.ndarray | None = None  # (U, n, terms) score-term change each unit makes

    def all_effects(self) -> np.ndarray:
        if self.blocks:
            parts = ([] if self.effects is None else [self.effects]) + self.blocks
            self.effects, self.blocks = np.concatenate(parts), []
        assert self.effects is not None
        return self.effects


def _project(game: Game, provisions: np.ndarray, kept: np.ndarray, years: int) -> np.ndarray:
    """(B, n, terms): the model ``years`` ahead from the game's state, quiet years, all kept."""
    state = game.state.repeat(provisions.shape[0])
    compliance = Compliance(kept=kept, broken=np.zeros_like(kept))
    quiet = Shocks.quiet(len(game.index))
    for _ in range(years):
        state = advance(state, game.economy, provisions, compliance, quiet)
    return indicators.score_terms(state, game.economy)


def unit_table(game: Game, years: int) -> UnitTable:
    """The game's unit table for a horizon (made once a model year, from the agreements then
    in force)."""
    def build() -> UnitTable:
        n = len(game.index)
        provisions = game.provisions_in_force().copy()
        return UnitTable(years, provisions, kept_in_force(game, np.arange(n)))

    return game.cached(f"screening units {years}", build, yearly=True)


@lru_cache(maxsize=65536)
def _structure(parties: tuple[str, ...], clauses: tuple[Clause, ...], country_ids: tuple[str, ...]
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[bytes], np.ndarray]:
    """A candidate's units, as far as they do not depend on the year: its provision rows
    (channel, provider, receiver, size), for level rows the reference size over the size, the
    clause of each row, one key per clause (its entry codes, which fix the unit) and its
    promises. Cached: the same packages with the same partners come up turn after turn."""
    n = len(country_ids)
    template = amount_template(clauses)
    if template is not None:  # money clauses: the same structure, their amounts put back
        rows, ratio, clause, keys, promises = _structure(parties, template, country_ids)
        return with_amounts(rows, clause, clauses), ratio, clause, keys, promises
    table = agreement_rows(parties, clauses, country_ids)
    rows = table[:, 1:]
    clause = table[:, 0].astype(int)
    levels = np.array([c.size for c in clauses])[clause] if len(clauses) else np.zeros(0)
    channel = rows[:, 0].astype(int)
    ratio = np.where(_IS_LEVEL[channel],
                     REFERENCE_LEVEL / np.where(levels > 0, levels, 1.0), 0.0)
    codes = (channel * n + rows[:, 1].astype(int)) * n + rows[:, 2].astype(int)
    keys = [np.sort(codes[clause == k]).tobytes() for k in range(len(clauses))]
    promises = candidate_rows(parties, clauses, country_ids)[1]
    return rows, ratio, clause, keys, promises


def _clause_groups(game: Game, candidates: list[Candidate], provisions: np.ndarray) -> tuple:
    """The clauses of ``candidates`` as groups of provision rows: (structures, rows, group of
    each row, key of each group, candidate of each group, reference size of each row, scale
    of each group against its reference, within the room the level cap leaves)."""
    ids = tuple(game.country_ids)
    built = [_structure(tuple(parties), tuple(clauses), ids) for parties, clauses in candidates]
    rows = np.concatenate([b[0] for b in built])
    ratio = np.concatenate([b[1] for b in built])
    clause_counts = [len(b[3]) for b in built]
    offsets = np.cumsum([0, *clause_counts[:-1]])
    group = np.concatenate([b[2] for b in built]) + np.repeat(offsets, [len(b[2]) for b in built])
    keys = [key for b in built for key in b[3]]
    group_owner = np.repeat(np.arange(len(candidates)), clause_counts)
    channel = rows[:, 0].astype(int)
    provider = rows[:, 1].astype(int)
    receiver = rows[:, 2].astype(int)
    level = _IS_LEVEL[channel]
    before = provisions[channel, provider, receiver]
    reference = np.where(level, rows[:, 3] * ratio,
                         REFERENCE_AMOUNT_SHARE * game.state.gdp[0, provider])
    wanted = np.where(level, np.minimum(before + rows[:, 3], 1.0) - before, rows[:, 3])
    room = np.where(level, np.minimum(before + reference, 1.0) - before, reference)
    groups = len(keys)
    wanted_sum = np.bincount(group, weights=wanted, minlength=groups)
    room_sum = np.bincount(group, weights=room, minlength=groups)
    scale = np.divide(wanted_sum, room_sum, out=np.zeros(groups), where=room_sum > 0)
    return built, rows, group, keys, group_owner, reference, scale


def _units(table: UnitTable, game: Game, candidates: list[Candidate], limit: float = np.inf
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Candidates as units: parallel arrays (candidate, unit row in the table, scale).

    A clause unit is one clause's entries at the reference size (a level of REFERENCE_LEVEL,
    an amount of REFERENCE_AMOUNT_SHARE of the giver's GDP); its scale is the clause's size
    over the reference, both within the room the level cap leaves. A promise unit is
    kept-clause evidence between a pair that had none, counted once per candidate. None if
    more than ``limit`` units would have to be projected first."""
    n = len(game.index)
    count = len(candidates)
    if not candidates:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int), np.zeros(0)
    built, rows, group, keys, group_owner, reference, scale = _clause_groups(
        game, candidates, table.provisions)
    fresh = {}
    for g in np.flatnonzero(scale != 0.0):
        if keys[g] not in table.index and keys[g] not in fresh:
            fresh[keys[g]] = g
    promises = np.concatenate([b[4] for b in built])
    promise_owner = np.repeat(np.arange(count), [len(b[4]) for b in built])
    new = table.kept[promises[:, 0], promises[:, 1]] == 0  # others gain no evidence
    pairs = np.unique(np.stack([promise_owner[new], promises[new, 0] * n + promises[new, 1]],
                               axis=1), axis=0)
    for code in np.unique(pairs[:, 1]):
        if ("promise", int(code)) not in table.index:
            fresh[("promise", int(code))] = None
    if len(fresh) > limit:
        return None
    if fresh:
        _project_units(table, game, fresh, group, rows, reference)
    useful = np.flatnonzero(scale != 0.0)
    lookup = [table.index[keys[g]] for g in useful]
    promise_lookup = [table.index[("promise", int(code))] for code in pairs[:, 1]]
    return (np.concatenate([group_owner[useful], pairs[:, 0]]).astype(int),
            np.array(lookup + promise_lookup, dtype=int),
            np.concatenate([scale[useful], np.ones(len(pairs))]))


def _project_units(table: UnitTable, game: Game, fresh: dict, group: np.ndarray,
                   rows: np.ndarray, reference: np.ndarray) -> None:
    """Project new units in one batch and add their effects: ``fresh`` maps a clause unit's
    key to one clause group of ``rows`` that has it, a promise unit's key to None."""
    n = len(game.index)
    batch = len(fresh)
    provisions = np.repeat(table.provisions[None], batch, axis=0)
    kept = np.repeat(table.kept[None], batch, axis=0)
    member_of_group = np.full(group.max() + 1 if group.size else 0, -1)
    for member, (key, g) in enumerate(fresh.items()):
        if g is None:
            i, j = divmod(key[1], n)
            kept[member, i, j] += 1.0
        else:
            member_of_group[g] = member
    chosen = np.flatnonzero(member_of_group[group] >= 0) if group.size else np.zeros(0, int)
    np.add.at(provisions, (member_of_group[group[chosen]], rows[chosen, 0].astype(int),
                           rows[chosen, 1].astype(int), rows[chosen, 2].astype(int)),
              reference[chosen])
    cap_levels(provisions)
    if table.base_terms is None:
        table.base_terms = _project(game, table.provisions[None], table.kept[None],
                                    table.years)[0]
    effects = _project(game, provisions, kept, table.years) - table.base_terms[None]
    start = len(table.index)
    for offset, key in enumerate(fresh):
        table.index[key] = start + offset
    table.blocks.append(effects)


def screen_terms(game: Game, candidates: list[Candidate], years: int = 3,
                 limit: float = np.inf) -> np.ndarray | None:
    """(B, n, terms) like ``projection.project_terms``, row 0 the base and row b the base plus
    the first-order effects of candidate b's units (see the module docstring); None if more
    than ``limit`` units would have to be projected first."""
    table = unit_table(game, years)
    found = _units(table, game, candidates, limit)
    if found is None:
        return None
    owners, lookup, scales = found
    if table.base_terms is None:
        table.base_terms = _project(game, table.provisions[None], table.kept[None], years)[0]
    n, terms = table.base_terms.shape
    effects = table.all_effects() if table.index else np.zeros((0, n, terms))
    changes = np.zeros((len(candidates), n * terms))  # the sparse product weights @ effects
    np.add.at(changes, owners, effects.reshape(-1, n * terms)[lookup] * scales[:, None])
    changes = changes.reshape(-1, n, terms)
    return np.concatenate([table.base_terms[None], table.base_terms[None] + changes])


def screen(game: Game, candidates: list[Candidate], years: int = 3) -> Projected:
    """Screened terms of ``candidates``, a slice at a time like ``projection.project``. In
    scenarios with more than LOCAL_LIMIT countries the candidates are not screened but
    projected on their neighbourhoods (``projection.project_local``): there few candidates
    share units (the main partners of a small country are seldom its own main partners), and a
    local projection costs hardly more than a unit; the result is then marked exact. The same
    holds for fewer than SCREEN_MINIMUM candidates, or candidates whose units are mostly new
    (``UNITS_PER_CANDIDATE``)."""
    n = len(game.index)
    if n > LOCAL_LIMIT:
        return Projected(n, local=project_local(game, candidates, years), exact=True)
    terms = None
    if len(candidates) >= SCREEN_MINIMUM:
        terms = screen_terms(game, candidates, years, UNITS_PER_CANDIDATE * len(candidates))
    if terms is None:  # few candidates, or few share units yet: projecting them costs less
        return Projected(n, terms=project_terms(game, candidates, years), exact=True)
    return Projected(n, terms=terms, exact=False)

"""Projections on neighbourhoods: for large scenarios, each candidate on its own.

A candidate's neighbourhood is its parties and the countries that trade most with them
(``local_keep``); the candidates of a batch are advanced side by side, each on its
neighbourhood (``local_runs``, ``game.model.subset``), against the same neighbourhood without
it. What the countries of a neighbourhood receive of the channels the model counts only up to
1 from the countries left out of it comes in as ``advance``'s ``outside``
(``received_outside``).
"""

from __future__ import annotations

import numpy as np

from game.agents.memo import Memo, memo_for
from game.agents.projection.rows import (
    LEVEL,
    Candidate,
    candidate_parts,
    distinct_values,
    kept_all,
)
from game.agents.projection.years import advance_years
from game.model import indicators
from game.model.state import Compliance
from game.model.subset import (
    gather_for_update,
    gather_state,
    repeat_for_update,
    repeat_members,
    start_values,
)
from game.model.update import SATURATING_CHANNELS
from game.rules.game import Game

#: Largest trade partners of each party kept in a neighbourhood.
LOCAL_PARTNERS = 3

#: Countries in the neighbourhood of one candidate in ``project_local``: its parties and the
#: countries that trade most with them (at least this many in all, and four beyond the parties;
#: with eight the values of the AI's candidates on world agree to a correlation of 0.99996).
LOCAL_SIZE = 6


def main_partners(game: Game, partners: int = LOCAL_PARTNERS) -> np.ndarray:
    """(n, partners): each country's largest trade partners (exports plus imports)."""
    exports = game.state.exports[0]
    trade = exports + exports.T
    return np.argsort(-trade, axis=1, kind="stable")[:, :partners]


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
    memo = memo_for(game, memo)
    inflows = memo.get("received inflows", lambda: game.provisions_in_force()[
        list(SATURATING_CHANNELS)])  # (4, n, n), kept until an agreement is made
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
        neighbourhoods[key] = largest(score, size)
    return neighbourhoods[key]


def largest(score: np.ndarray, size: int) -> np.ndarray:
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
        results = _results(game, years, memo)
        numbers = results.numbers(candidates)
    except TypeError:  # lists as well
        candidates = [(tuple(parties), tuple(clauses)) for parties, clauses in candidates]
        keeps = _candidate_keeps(game, [parties for parties, _ in candidates], memo)
        results = _results(game, years, memo)
        numbers = results.numbers(candidates)
    sizes = np.array([len(keep) for keep in keeps], dtype=int)
    small = sizes < LOCAL_CHUNKED
    missing = np.flatnonzero(~(small & results.valid(numbers, keeps, sizes)))
    if missing.size:  # a small neighbourhood's candidate once (a counter is often a variant)
        wanted = numbers[missing]
        once = small[missing]
        _, first_of = np.unique(wanted[once], return_index=True)
        taken = np.zeros(len(missing), dtype=bool)
        taken[np.flatnonzero(once)[first_of]] = True
        taken |= ~once  # larger neighbourhoods keep their batch as it was
        first = missing[taken].tolist()
        changes = local_runs(game, [keeps[b] for b in first],
                             *_parts_of([candidates[b] for b in first], game), years, memo)
        stamp = len(game.agreements)
        kept = results.changes
        for b, change in zip(first, changes, strict=True):
            kept[numbers[b]] = change
        results.stamps[numbers[missing[taken & once]]] = stamp
        at = np.flatnonzero(~small)  # larger ones: not kept, in order
        large = dict(zip(at.tolist(), [changes[k] for k in
                                       np.flatnonzero(~once[taken]).tolist()], strict=True))
    else:
        large = {}
    kept = results.changes
    found = [kept[number] for number in numbers.tolist()]
    for b, change in large.items():
        found[b] = change
    return list(zip(keeps, found, strict=True))


def _parts_of(candidates: list[Candidate], game: Game) -> tuple[list, list]:
    """The provision rows and promises of ``candidates`` (``candidate_parts``)."""
    parts = candidate_parts(candidates, tuple(game.country_ids))
    return [rows for rows, _ in parts], [pairs for _, pairs in parts]


class _Results:
    """Projected changes of this turn's candidates in neighbourhoods smaller than
    LOCAL_CHUNKED (a ``years``), each with the number of agreements made when it was
    projected, and for each country the number of agreements made up to the last that it
    is a party to. A member's changes depend only on its neighbourhood's state, economy,
    provisions, kept clauses and what it receives from outside (not on the batch it is in),
    and within a turn those change only with an agreement that one of its countries is a
    party to: a result projected before any such agreement is the one projected again, to
    the last bit. Candidates are numbered as they come (one look-up each)."""

    def __init__(self, turn: int, countries: int):
        self.turn = turn
        self.number_of: dict = {}  # candidate -> its number
        self.changes: list = []  # by number: its changes, None if not projected yet
        self.stamps = np.zeros(0, dtype=int)  # by number: agreements made then, -1 for none
        self.touched = np.zeros(countries, dtype=int)  # agreements up to its last one
        self.seen = 0  # agreements taken into ``touched``

    def follow(self, game: Game) -> None:
        """Take the agreements made since the last call into ``touched``."""
        agreements = game.agreements
        for number in range(self.seen, len(agreements)):
            self.touched[[game.index[p] for p in agreements[number].parties]] = number + 1
        self.seen = len(agreements)

    def numbers(self, candidates: list[Candidate]) -> np.ndarray:
        """The number of each candidate, new ones numbered."""
        number_of = self.number_of
        get = number_of.get
        numbers = [get(candidate) for candidate in candidates]
        if None in numbers:
            for b, number in enumerate(numbers):
                if number is None:
                    number = number_of.get(candidates[b])
                    if number is None:
                        number = number_of[candidates[b]] = len(number_of)
                    numbers[b] = number
            grown = len(number_of) - len(self.changes)
            self.changes.extend([None] * grown)
            self.stamps = np.concatenate([self.stamps, np.full(grown, -1)])
        return np.array(numbers, dtype=int).reshape(-1)

    def valid(self, numbers: np.ndarray, keeps: list[np.ndarray], sizes: np.ndarray
              ) -> np.ndarray:
        """(B,) bool: projected before and no agreement made since touches its neighbourhood."""
        stamps = self.stamps[numbers]
        known = np.flatnonzero(stamps >= 0)
        valid = np.zeros(len(numbers), dtype=bool)
        if known.size:
            members = np.concatenate([keeps[b] for b in known.tolist()])
            starts = np.cumsum(sizes[known]) - sizes[known]
            latest = np.maximum.reduceat(self.touched[members], starts)
            valid[known] = latest <= stamps[known]
        return valid


def _results(game: Game, years: int, memo: Memo | None) -> _Results:
    """The turn's ``_Results`` for ``years`` (kept for the year, made afresh when the turn
    changes), up to date with the agreements made."""
    holder = memo_for(game, memo).get(f"local results {years}", lambda: [None], yearly=True)
    results = holder[0]
    if results is None or results.turn != game.turn:
        results = holder[0] = _Results(game.turn, len(game.index))
    results.follow(game)
    return results


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
    row taken as ``largest`` takes them (one row at a time where it has NaN or ties at the
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
        for count in distinct_values(counts).tolist():
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
                neighbourhoods[chosen[k]] = largest(score[k], size)
    return [neighbourhoods[key] for key in keys]


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
    kept_everywhere = kept_all(game, memo)
    size = len(keeps[chosen[0]])
    distinct = np.array([np.frombuffer(code, dtype=keeps[chosen[0]].dtype) for code in groups],
                        dtype=int)
    group_of = np.empty(len(keeps), dtype=int)  # each member's neighbourhood, by position
    group_of[np.concatenate([np.asarray(part, dtype=int) for part in groups.values()])] = (
        np.repeat(np.arange(len(groups)), [len(part) for part in groups.values()]))
    which = np.concatenate([group_of[np.asarray(chosen, dtype=int)], np.arange(len(groups))])
    members = len(chosen)
    rows_index, columns_index = distinct[:, :, None], distinct[:, None, :]
    provisions = np.moveaxis(provisions_all[:, rows_index, columns_index], 0, 1)[which]
    kept = kept_everywhere[rows_index, columns_index][which]
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
    touched = tuple(index[LEVEL[channel]] for index in entries)
    provisions[touched] = np.minimum(provisions[touched], 1.0)
    pairs = np.concatenate([promises[b] for b in chosen]).astype(int)
    owner = np.repeat(np.arange(members), [len(promises[b]) for b in chosen])
    np.add.at(kept, (owner, local[owner, pairs[:, 0]], local[owner, pairs[:, 1]]), 1.0)
    state = repeat_members(gather_state(game.state, distinct), which)
    if size < LOCAL_CHUNKED:  # each neighbourhood's figures kept: they recur batch after batch
        codes = list(groups)
        economy = repeat_for_update(gather_for_update(game.economy, distinct,
                                                      *_start_rows(game, distinct, codes, memo)),
                                    which)
        outside = _outside_rows(game, distinct, codes, memo)[which] if size < n else None
    else:
        economy = repeat_for_update(gather_for_update(
            game.economy, distinct, *start_values(game.economy, distinct)), which)
        outside = received_outside(game, distinct, memo)[which] if size < n else None
    state = advance_years(state, economy, provisions, Compliance(kept, np.zeros_like(kept)),
                           years, outside)
    terms = indicators.score_terms(state, economy)
    changes = terms[:members] - terms[members + which[:members]]
    for b, change in zip(chosen, changes, strict=True):
        results[b] = change


def _start_rows(game: Game, distinct: np.ndarray, codes: list[bytes], memo: Memo | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """(D, k) each: the start trust and start dependency of each neighbourhood ``distinct[d]``
    (``codes[d]`` its bytes) as ``gather_economy`` computes them, kept for the year (the
    economy never changes; the same neighbourhoods come up batch after batch). For
    neighbourhoods of fewer than LOCAL_CHUNKED countries, whose figures do not depend on the
    batch they are computed in."""
    known = memo_for(game, memo).get("local start rows", dict, yearly=True)
    missing = [d for d, code in enumerate(codes) if code not in known]
    if missing:
        trusts, dependencies = start_values(game.economy, distinct[missing])
        for d, trust, dependency in zip(missing, trusts, dependencies, strict=True):
            known[codes[d]] = (trust, dependency)
    rows = [known[code] for code in codes]
    return np.array([t for t, _ in rows]), np.array([d for _, d in rows])


def _outside_rows(game: Game, distinct: np.ndarray, codes: list[bytes], memo: Memo | None = None
                  ) -> np.ndarray:
    """``received_outside`` of the neighbourhoods ``distinct`` (``codes`` their bytes), each
    kept until an agreement is made (its entries do not depend on the other neighbourhoods)."""
    known = memo_for(game, memo).get("local outside rows", dict)
    missing = [d for d, code in enumerate(codes) if code not in known]
    if missing:
        for d, rows in zip(missing, received_outside(game, distinct[missing], memo), strict=True):
            known[codes[d]] = rows
    return np.array([known[code] for code in codes])

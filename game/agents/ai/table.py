"""Candidates as arrays: their parties and clauses, for valuing thousands without a loop.

A candidate is a set of parties and a package of clauses (``projection.Candidate``); the
valuation reads them as flat arrays of (candidate, party) entries and of clauses. The rows of a
package are made once and kept for the game's countries (``table_store``): the same packages
come up with partner after partner, again in later rounds, and (in small scenarios) year after
year (a package's rows read only the country list, not the year).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from game.agents.memo import Memo, memo_for
from game.agents.projection import LOCAL_LIMIT, Candidate, index_ranges
from game.agents.screening import Column
from game.rules.agreements import Clause
from game.rules.game import Game
from game.scenario.schema import AMOUNT_CLAUSES, DIRECTED_CLAUSES, ClauseKind

#: Every clause kind, in the order of the kind columns of the AI's arrays.
CLAUSE_KINDS = list(ClauseKind)


@dataclass(frozen=True)
class CandidateTable:
    """Candidates as arrays, for valuing them for any country without a loop over them. The
    parties are kept as a flat list of (candidate, party) entries (a candidate has a few
    parties out of all the countries), by candidate, each candidate's in country order."""

    party: np.ndarray  # (M,) the country index of each (candidate, party) entry
    party_owner: np.ndarray  # (M,) the candidate of each entry
    party_start: np.ndarray  # (B,) the first entry of each candidate
    party_count: np.ndarray  # (B,) the number of parties of each candidate
    countries: int  # n, the number of countries
    owner: np.ndarray  # (C,) the candidate of each clause
    kind: np.ndarray  # (C,) position of the clause's kind in CLAUSE_KINDS
    receiver: np.ndarray  # (C,) index of the receiver of a directed clause, -1 for the others
    level: np.ndarray  # (C,)
    amount: np.ndarray  # (C,)
    is_amount: np.ndarray  # (C,) bool: a money clause
    giver: np.ndarray  # (C,) index of the giver of a directed clause, -1 for the others

    @staticmethod
    def of(game: Game, candidates: list[Candidate], memo: Memo | None = None) -> CandidateTable:
        """The table of ``candidates``, from the rows of each package made once (the same
        packages come up with partner after partner, in later rounds and years). A package
        tuple met before is found by the object first (no hashing of its clauses). Each
        package and each set of parties gets a number, their rows and sorted
        party indices kept end to end (``_Store``): the table is gathered from those."""
        store = memo_for(game, memo).get("candidate table store",
                                         lambda: table_store(game.country_ids, game.index),
                                         yearly=True)
        count = len(candidates)
        package, group = store.numbers(candidates)
        group_start, party_count = store.groups.values()[group].T
        package_start, clause_count = store.packages.values()[package].T
        table = store.rows.values()[index_ranges(package_start, clause_count)]
        return CandidateTable(
            store.members.values()[index_ranges(group_start, party_count)],
            np.repeat(np.arange(count), party_count),
            np.cumsum(party_count) - party_count,
            party_count,
            len(game.index),
            np.repeat(np.arange(count), clause_count),
            table[:, 0].astype(int),
            table[:, 1].astype(int),
            table[:, 2].copy(),
            table[:, 3].copy(),
            table[:, 4] > 0,
            table[:, 5].astype(int),
        )

    @cached_property
    def parties(self) -> np.ndarray:
        """(B, n) bool: the parties of each candidate, as a dense matrix (made when asked)."""
        parties = np.zeros((len(self.party_count), self.countries), dtype=bool)
        parties[self.party_owner, self.party] = True
        return parties

    def entries(self, members: np.ndarray, evaluators: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(entry, party): the parties of candidate ``members[p]`` but ``evaluators[p]``, as
        flat entries, by p and then in country order (the order ``np.nonzero`` gives)."""
        per = self.party_count[members]
        entry = np.repeat(np.arange(len(members)), per)
        ends = np.cumsum(per)
        total = int(ends[-1]) if len(per) else 0
        flat = np.repeat(self.party_start[members] - (ends - per), per) + np.arange(total)
        party = self.party[flat]
        kept = party != evaluators[entry]
        return entry[kept], party[kept]


#: The entries of a clause's row (``clause_row``).
ROW_WIDTH = 6


def clause_row(clause: Clause, index: dict[str, int]
               ) -> tuple[float, float, float, float, float, float]:
    """A clause's entries in a CandidateTable: kind position, receiver (-1 for a shared
    clause), level, amount, 1 for a money clause (else 0), giver (-1 for a shared clause)."""
    position, directed, money = KIND_ROW[clause.kind]
    receiver = index[clause.receiver] if directed else -1  # type: ignore[index]
    giver = index[clause.giver] if directed else -1  # type: ignore[index]
    return (position, float(receiver), float(clause.level), float(clause.amount), money,
            float(giver))


#: Kind -> (its position in CLAUSE_KINDS, whether it is directed, 1.0 for a money clause).
KIND_ROW = {kind: (float(k), kind in DIRECTED_CLAUSES, float(kind in AMOUNT_CLAUSES))
            for k, kind in enumerate(CLAUSE_KINDS)}


class _Store:
    """The packages and sets of parties met by ``CandidateTable.of``, numbered: each package's
    clause rows and each set's sorted party indices, end to end in growing columns
    (``screening.Column``), so that a table is two gathers. A package tuple is found by the
    object first (kept with it, so its id stays its own), else by its clauses."""

    def __init__(self, index: dict[str, int]):
        self.index = index
        self.package_of: dict = {}  # package -> number
        self.package_object: dict[int, tuple] = {}  # id of a package tuple -> (it, number)
        self.group_of: dict = {}  # parties as given -> number
        self.rows = Column(float, ROW_WIDTH, blocks=True)
        self.packages = Column(int, 2)  # package number -> its first row, its rows
        self.members = Column(int, blocks=True)
        self.groups = Column(int, 2)  # party set number -> its first member, its members

    def numbers(self, candidates: list[Candidate]) -> tuple[np.ndarray, np.ndarray]:
        """(package numbers, party set numbers) of ``candidates``, new ones added."""
        objects, packages, groups = self.package_object, self.package_of, self.group_of
        index = self.index
        package_numbers, group_numbers = [], []
        for group, terms in candidates:
            entry = objects.get(id(terms))
            if entry is not None and entry[0] is terms:  # kept with it: its id is its own
                number = entry[1]
            else:
                key = terms if type(terms) is tuple else tuple(terms)  # lists as well
                number = packages.get(key)
                if number is None:
                    number = packages[key] = len(packages)
                    self.packages.append((self.rows.length, len(key)))
                    self.rows.append(np.array([clause_row(clause, index) for clause in key],
                                              dtype=float).reshape(-1, ROW_WIDTH))
                if type(terms) is tuple:  # immutable: its number stays its own
                    objects[id(terms)] = (terms, number)
            package_numbers.append(number)
            if type(group) is not tuple:  # lists as well
                group = tuple(group)
            found = groups.get(group)
            if found is None:
                found = groups[group] = len(groups)
                members = sorted({index[p] for p in group})
                self.groups.append((self.members.length, len(members)))
                self.members.append(np.array(members, dtype=int))
            group_numbers.append(found)
        return (np.array(package_numbers, dtype=int).reshape(-1),
                np.array(group_numbers, dtype=int).reshape(-1))


#: Packages a store holds before ``table_store`` starts a new one (a bound on memory in long
#: tournaments; a package tuple is kept with its number).
STORE_PACKAGES = 50_000
_STORES: dict[tuple[str, ...], _Store] = {}


def table_store(country_ids: list[str] | tuple[str, ...], index: dict[str, int]) -> _Store:
    """The store of the packages and sets of parties met with these countries (shared by the
    games of a scenario, for a few scenarios at a time; asked once a year by each game). In
    scenarios of more than ``LOCAL_LIMIT`` countries a new one each time, so for the year:
    there tens of thousands of packages a year, most of them never met again (money amounts
    follow GDP), would stay on the heap that the collector's full collections walk."""
    if len(index) > LOCAL_LIMIT:
        return _Store(index)
    key = tuple(country_ids)
    found = _STORES.get(key)
    if found is None or len(found.package_of) > STORE_PACKAGES:
        if found is None and len(_STORES) >= 8:
            _STORES.pop(next(iter(_STORES)))
        found = _STORES[key] = _Store(dict(index))
    return found

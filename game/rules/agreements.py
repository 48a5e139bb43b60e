"""Agreements and their clauses as plain records, and what they provide to the model.

An agreement's type follows from its parties: two are bilateral; three or more of one region
are regional; three or more across regions are multilateral. Each clause turns into entries of
the model's provisions array: for each provider (the giver of a directed clause, or every party
of a shared one) towards each receiver.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from typing import Any

import numpy as np

from game.model.state import (
    CHANNELS,
    EDUCATION,
    GRANT,
    INVESTMENT,
    LOAN,
    SECURITY,
    TECHNOLOGY,
    TRADE,
    TRAINING,
    VISA,
)
from game.scenario.schema import (
    AMOUNT_CLAUSES,
    DIRECTED_CLAUSES,
    AidForm,
    ClauseKind,
    ClauseSpec,
)

#: More parties, larger effect (DESIGN.md): a shared clause among k parties counts
#: (1 + MULTIPARTY_BONUS · (k − 2)) times its level, within the cap of 1.
MULTIPARTY_BONUS = 0.15


#: Clauses an offer can gain in one step of a counter-offer (they need no giver or receiver).
COMMON_KINDS = (ClauseKind.TRADE_LIBERALISATION, ClauseKind.VISA_FACILITATION,
                ClauseKind.EDUCATION_EXCHANGE, ClauseKind.SECURITY_COOPERATION)
#: The most clauses an agreement may have.
MAXIMUM_CLAUSES = 8


class AgreementType(StrEnum):
    BILATERAL = "bilateral"
    REGIONAL = "regional"
    MULTILATERAL = "multilateral"


@dataclass(frozen=True)
class Clause:
    """One clause: what it does, how much, and who gives to whom where that matters."""

    kind: ClauseKind
    level: float = 0.5
    amount: float = 0.0
    giver: str | None = None
    receiver: str | None = None
    training: bool = False
    form: AidForm = AidForm.GRANT

    @property
    def directed(self) -> bool:
        return self.kind in DIRECTED_CLAUSES

    @property
    def size(self) -> float:
        """The clause's amount (money clauses) or level (the others)."""
        return self.amount if self.kind in AMOUNT_CLAUSES else self.level

    def _fields(self) -> tuple:
        return (self.kind, self.level, self.amount, self.giver, self.receiver, self.training,
                self.form)

    def __hash__(self) -> int:
        """The hash of the fields, as the dataclass would give it, kept after the first call:
        the AI hashes the same clauses thousands of times (cache keys of whole packages)."""
        try:
            return self.__dict__["_hash"]
        except KeyError:
            value = hash(self._fields())
            object.__setattr__(self, "_hash", value)
            return value

    def __eq__(self, other: object) -> bool:
        """Field by field, as the dataclass would compare (the same object is equal at once)."""
        if self is other:
            return True
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    def __getstate__(self) -> dict[str, Any]:
        """The fields without the kept hash (string hashes differ from process to process)."""
        state = dict(self.__dict__)
        state.pop("_hash", None)
        return state

    def obligated(self, parties: tuple[str, ...]) -> tuple[str, ...]:
        """The parties that must do something to keep this clause."""
        return (self.giver,) if self.directed and self.giver else parties

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "level": self.level, "amount": self.amount,
                "giver": self.giver, "receiver": self.receiver, "training": self.training,
                "form": self.form.value}

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Clause:
        return Clause(
            kind=ClauseKind(data["kind"]),
            level=float(data.get("level", 0.5)),
            amount=float(data.get("amount", 0.0)),
            giver=data.get("giver"),
            receiver=data.get("receiver"),
            training=bool(data.get("training", False)),
            form=AidForm(data.get("form", "grant")),
        )

    @staticmethod
    def from_spec(spec: ClauseSpec) -> Clause:
        return Clause(spec.kind, spec.level, spec.amount, spec.giver, spec.receiver,
                      spec.training, spec.form)


@dataclass
class Agreement:
    """An agreement in force (or ended), between named countries."""

    id: str
    parties: tuple[str, ...]
    clauses: tuple[Clause, ...]
    start_turn: int  # the turn it came into force (0 for the scenario's, with `age` before)
    duration: int  # years it runs from start_turn
    age: int = 0  # years in force before the game started
    organisation: str | None = None
    name: dict[str, str] | None = None  # {"en": ..., "id": ...} for the scenario's agreements
    ended_turn: int | None = None
    broken: list[tuple[int, int, str]] = field(default_factory=list)  # (turn, clause, country)

    def in_force(self, turn: int) -> bool:
        return self.ended_turn is None and self.start_turn <= turn < self.start_turn + self.duration

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "parties": list(self.parties),
            "clauses": [c.to_dict() for c in self.clauses],
            "start_turn": self.start_turn,
            "duration": self.duration,
            "age": self.age,
            "organisation": self.organisation,
            "name": self.name,
            "ended_turn": self.ended_turn,
            "broken": [list(b) for b in self.broken],
        }


def agreement_type(parties: tuple[str, ...] | list[str], regions: dict[str, str]) -> AgreementType:
    """Bilateral for two parties; regional if three or more share a region; else multilateral."""
    if len(parties) <= 2:
        return AgreementType.BILATERAL
    if len({regions[p] for p in parties}) == 1:
        return AgreementType.REGIONAL
    return AgreementType.MULTILATERAL


_CHANNEL = {
    ClauseKind.TRADE_LIBERALISATION: TRADE,
    ClauseKind.INVESTMENT: INVESTMENT,
    ClauseKind.TECHNOLOGY_TRANSFER: TECHNOLOGY,
    ClauseKind.SECURITY_COOPERATION: SECURITY,
    ClauseKind.VISA_FACILITATION: VISA,
    ClauseKind.EDUCATION_EXCHANGE: EDUCATION,
}


def channel(clause: Clause) -> int:
    """The provisions channel a clause feeds."""
    if clause.kind is ClauseKind.DEVELOPMENT_AID:
        return LOAN if clause.form is AidForm.LOAN else GRANT
    return _CHANNEL[clause.kind]


def clause_entries(clause: Clause, parties: tuple[str, ...], index: dict[str, int]
                   ) -> list[tuple[int, int, int, float]]:
    """(channel, provider, receiver, size) entries of one clause, for every provider it binds."""
    ch = channel(clause)
    if clause.directed:
        giver, receiver = index[clause.giver], index[clause.receiver]  # type: ignore[index]
        entries = [(ch, giver, receiver, clause.size)]
        if clause.kind is ClauseKind.TECHNOLOGY_TRANSFER and clause.training:
            entries.append((TRAINING, giver, receiver, clause.size))
        return entries
    members = [index[p] for p in parties]
    size = clause.size * (1.0 + MULTIPARTY_BONUS * (len(members) - 2))
    return [(ch, i, j, size) for i in members for j in members if i != j]


#: Channels that hold levels (capped at 1 in total) rather than amounts.
LEVEL_CHANNELS = [TRADE, TECHNOLOGY, TRAINING, SECURITY, VISA, EDUCATION]
_LEVEL_SLICES = (slice(TRADE, TRADE + 1), slice(TECHNOLOGY, TRAINING + 1),
                 slice(SECURITY, EDUCATION + 1))
_IS_LEVEL = np.isin(np.arange(CHANNELS), LEVEL_CHANNELS)


@dataclass(frozen=True)
class ProvisionRows:
    """Every provision of the agreements in force, one row each, as parallel arrays."""

    agreement: np.ndarray  # position of the agreement in the list given
    clause: np.ndarray  # clause index within it
    channel: np.ndarray
    provider: np.ndarray
    receiver: np.ndarray
    size: np.ndarray

    def total(self, countries: int, mask: np.ndarray | None = None) -> np.ndarray:
        """(CHANNELS, n, n) sum of the rows (those where ``mask`` is true), levels uncapped."""
        result = np.zeros((CHANNELS, countries, countries))
        keep = slice(None) if mask is None else mask
        np.add.at(result, (self.channel[keep], self.provider[keep], self.receiver[keep]),
                  self.size[keep])
        return result


@lru_cache(maxsize=65536)
def agreement_rows(parties: tuple[str, ...], clauses: tuple[Clause, ...],
                   country_ids: tuple[str, ...]) -> np.ndarray:
    """(rows, 5) of one agreement: clause index, channel, provider, receiver, size. Cached, so
    that rebuilding the provisions after each new agreement costs almost nothing."""
    index = {c: k for k, c in enumerate(country_ids)}
    rows = [(k, *entry) for k, clause in enumerate(clauses)
            for entry in clause_entries(clause, parties, index)]
    return np.array(rows, dtype=float).reshape(-1, 5)


def provision_rows(agreements: list[Agreement], turn: int, index: dict[str, int]) -> ProvisionRows:
    """The provisions of the agreements in force during ``turn``, row by row."""
    country_ids = tuple(sorted(index, key=index.__getitem__))
    parts = [(position, agreement_rows(a.parties, a.clauses, country_ids))
             for position, a in enumerate(agreements) if a.in_force(turn)]
    if not parts:
        empty = np.zeros(0, dtype=int)
        return ProvisionRows(empty, empty, empty, empty, empty, np.zeros(0))
    rows = np.concatenate([r for _, r in parts])
    owner = np.repeat([position for position, _ in parts], [len(r) for _, r in parts])
    columns = rows[:, :4].astype(int).T
    return ProvisionRows(owner.astype(int), *columns, rows[:, 4])


def more_provision_rows(rows: ProvisionRows, agreements: list[Agreement], first: int, turn: int,
                        index: dict[str, int]) -> ProvisionRows:
    """``provision_rows(agreements, turn, index)`` from ``rows``, those of ``agreements[:first]``
    (the same list, unchanged since): the rows of the agreements after ``first`` in force
    added at the end, as ``provision_rows`` orders them (the same arrays)."""
    more = provision_rows(agreements[first:], turn, index)
    if not len(more.size):
        return rows
    return ProvisionRows(*(np.concatenate([before, after]) for before, after in zip(
        (rows.agreement, rows.clause, rows.channel, rows.provider, rows.receiver, rows.size),
        (more.agreement + first, more.clause, more.channel, more.provider, more.receiver,
         more.size), strict=True)))


def recapped(capped: np.ndarray, rows: ProvisionRows, start: int) -> np.ndarray | None:
    """``cap_levels(rows.total(n))`` from ``capped``, that of the rows before ``start``: a copy
    with the rows from ``start`` added row after row (as ``np.add.at`` adds them in
    ``ProvisionRows.total``) and the level entries they touch capped again; None if a row to
    add is negative. The same numbers: below the cap an entry is its uncapped total, and an
    entry at the cap (its total 1 or more) stays there when sizes of 0 or more are added."""
    sizes = rows.size[start:]
    if len(sizes) and sizes.min() < 0:
        return None
    capped = capped.copy()
    touched = (rows.channel[start:], rows.provider[start:], rows.receiver[start:])
    np.add.at(capped, touched, sizes)
    level = tuple(index[_IS_LEVEL[rows.channel[start:]]] for index in touched)
    capped[level] = np.minimum(capped[level], 1.0)
    return capped


def cap_levels(provisions: np.ndarray) -> np.ndarray:
    """Provisions (..., CHANNELS, n, n) with level channels capped at 1, in place."""
    for channels in _LEVEL_SLICES:  # slices, not a fancy index: no copies of the big arrays
        block = provisions[..., channels, :, :]
        np.minimum(block, 1.0, out=block)
    return provisions


def provisions(agreements: list[Agreement], turn: int, index: dict[str, int],
               withheld: set[tuple[str, int, str]] | None = None) -> np.ndarray:
    """(CHANNELS, n, n): what every provider gives this year under agreements in force.

    ``withheld`` holds (agreement id, clause index, country) for clauses a country breaks this
    year: that country's provisions under that clause are left out. Levels from several
    agreements add up and are capped at 1; amounts add up.
    """
    rows = provision_rows(agreements, turn, index)
    mask = None
    if withheld:
        ids = np.array([a.id for a in agreements], dtype=object)
        mask = np.ones(len(rows.size), dtype=bool)
        for agreement, clause, country in withheld:
            mask &= ~((ids[rows.agreement] == agreement) & (rows.clause == clause)
                      & (rows.provider == index[country]))
    return cap_levels(rows.total(len(index), mask))


@lru_cache(maxsize=65536, typed=True)
def _changed(clause: Clause, level: float, amount: float) -> Clause:
    """The clause with another level and amount: one object for the same change, so that
    variants met again are found at once in the caches keyed on clauses."""
    return replace(clause, level=level, amount=amount)


@lru_cache(maxsize=16)
def _added(kind: ClauseKind) -> Clause:
    """A common clause as a counter-offer adds it (one object for all)."""
    return Clause(kind, level=0.5)


def step_variants(clauses: tuple[Clause, ...], amount_factors: tuple[float, ...] = (0.5,),
                  amount_limit: Callable[[Clause], float] | None = None,
                  ) -> list[tuple[Clause, ...]]:
    """Offers one step from ``clauses``: each level ±0.25, each amount times each factor (within
    ``amount_limit`` when given), one clause dropped, or one common clause added. Shared by the
    AI's counter-offers and the learning environment's menu of counters."""
    result: list[tuple[Clause, ...]] = []
    for k, clause in enumerate(clauses):
        before, after = clauses[:k], clauses[k + 1:]
        if clause.kind in AMOUNT_CLAUSES:
            for factor in amount_factors:
                amount = clause.amount * factor
                if amount_limit is not None:
                    amount = min(amount, amount_limit(clause))
                amount = round(amount, 3)
                if 0 < amount != clause.amount:
                    result.append((*before, _changed(clause, clause.level, amount), *after))
        else:
            for step in (-0.25, 0.25):
                level = round(min(max(clause.level + step, 0.05), 1.0), 2)
                if level != clause.level:
                    result.append((*before, _changed(clause, level, clause.amount), *after))
        if len(clauses) > 1:
            result.append((*before, *after))
    present = {c.kind for c in clauses}
    for kind in COMMON_KINDS:
        if kind not in present and len(clauses) < MAXIMUM_CLAUSES:
            result.append((*clauses, _added(kind)))
    return result

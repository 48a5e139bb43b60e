"""The game's plain records: its phases, a negotiation and its offers, why an action is refused,
and what a turn did. ``game.rules.game`` makes and changes them; everything else reads them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.events import Event


class Phase(StrEnum):
    NEWS = "news"
    DIPLOMACY = "diplomacy"
    COMPLIANCE = "compliance"
    FINISHED = "finished"


class Status(StrEnum):
    OPEN = "open"
    AGREED = "agreed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Refusal:
    """Why an action is not allowed: a translation key under ``refusal.`` and its values."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        from game.i18n import translate

        return translate(f"refusal.{self.key}", "en", **self.values)


class IllegalAction(Exception):
    """Raised by ``Game.apply`` for an action the rules refuse."""

    def __init__(self, action: act.Action, refusal: Refusal):
        self.action = action
        self.refusal = refusal
        super().__init__(f"{type(action).__name__} by {getattr(action, 'country', '?')}: {refusal}")


@dataclass(frozen=True)
class Offer:
    """One offer in a negotiation: who made it and what it says."""

    by: str
    clauses: tuple[Clause, ...]
    duration: int


@dataclass
class Negotiation:
    """Alternating offers among the parties until all accept or one walks away."""

    id: int
    turn: int
    proposer: str
    parties: tuple[str, ...]
    offers: list[Offer]
    accepted: set[str]
    status: Status = Status.OPEN
    agreement: str | None = None  # the agreement's id once agreed

    @property
    def current(self) -> Offer:
        return self.offers[-1]

    @property
    def waiting_for(self) -> tuple[str, ...]:
        """Parties that have not yet accepted the offer on the table."""
        return tuple(p for p in self.parties if p not in self.accepted)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "turn": self.turn, "proposer": self.proposer,
            "parties": list(self.parties),
            "offers": [{"by": o.by, "duration": o.duration,
                        "clauses": [c.to_dict() for c in o.clauses]} for o in self.offers],
            "accepted": sorted(self.accepted), "status": self.status.value,
            "agreement": self.agreement,
        }


@dataclass
class TurnReport:
    """What happened in one turn, for the screen, the CLI and exports."""

    turn: int
    events: list[Event]
    agreements_made: list[str]
    agreements_ended: list[str]
    breaches: list[tuple[str, int, str]]  # (agreement, clause index, country)
    terms_before: np.ndarray  # (n, terms)
    terms_after: np.ndarray  # (n, terms)

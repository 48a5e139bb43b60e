"""Actions: every move in a game is one of these plain, immutable records.

They are what the UI, the AI and bots send, what the game log stores (one JSON line each) and what
a replay applies again. ``to_dict``/``action_from_dict`` convert them to and from JSON data.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from game.rules.agreements import Clause


@dataclass(frozen=True)
class Propose:
    """Open a negotiation: the proposer offers an agreement to the other parties."""

    country: str
    parties: tuple[str, ...]
    clauses: tuple[Clause, ...]
    duration: int = 5


@dataclass(frozen=True)
class Counter:
    """Answer an offer with a changed one (other clauses, levels or duration)."""

    country: str
    negotiation: int
    clauses: tuple[Clause, ...]
    duration: int = 5


@dataclass(frozen=True)
class Accept:
    """Agree to the offer on the table."""

    country: str
    negotiation: int


@dataclass(frozen=True)
class Reject:
    """Walk away from a negotiation; it ends."""

    country: str
    negotiation: int


@dataclass(frozen=True)
class Withdraw:
    """The proposer takes its offer back; the negotiation ends."""

    country: str
    negotiation: int


@dataclass(frozen=True)
class Comply:
    """Keep (or break) one clause of an agreement in force this year."""

    country: str
    agreement: str
    clause: int
    keep: bool


@dataclass(frozen=True)
class EndPhase:
    """The country has finished with the current phase."""

    country: str


#: Who sends a ``Moderate`` action: the teacher, not a country.
MODERATOR = "moderator"


@dataclass(frozen=True)
class Moderate:
    """The moderator (the teacher, not a country) sets off a card of the scenario's deck this
    year: ``countries`` are the countries it strikes (none for cards that strike everyone),
    ``direction`` +1 a boom or −1 a slump for a commodity price swing."""

    card: str
    countries: tuple[str, ...] = ()
    direction: float = 1.0

    @property
    def country(self) -> str:
        """Not a country: actions checked "by country" (bots, hot-seat turns) refuse it."""
        return MODERATOR


#: Who sends a ``NextRound`` action: the turn protocol (``game.rules.protocol``), not a country.
PROTOCOL = "protocol"


@dataclass(frozen=True)
class NextRound:
    """The turn protocol moves the diplomacy phase to its next round (recorded in the game log
    like every move, so that a replay knows when proposals stopped being allowed)."""

    round: int

    @property
    def country(self) -> str:
        """Not a country: actions checked "by country" refuse it."""
        return PROTOCOL


Action = Propose | Counter | Accept | Reject | Withdraw | Comply | EndPhase | Moderate | NextRound

ACTION_TYPES: dict[str, type] = {
    "propose": Propose,
    "counter": Counter,
    "accept": Accept,
    "reject": Reject,
    "withdraw": Withdraw,
    "comply": Comply,
    "end_phase": EndPhase,
    "moderate": Moderate,
    "next_round": NextRound,
}
#: Fields an action record may leave out (their defaults apply).
_OPTIONAL = {"duration", "countries", "direction"}
_NAMES = {cls: name for name, cls in ACTION_TYPES.items()}


def to_dict(action: Action) -> dict[str, Any]:
    """The action as JSON-ready data with its type name."""
    data: dict[str, Any] = {"type": _NAMES[type(action)]}
    for f in fields(action):
        value = getattr(action, f.name)
        if f.name == "clauses":
            value = [clause.to_dict() for clause in value]
        elif isinstance(value, tuple):
            value = list(value)
        data[f.name] = value
    return data


class ActionFormatError(ValueError):
    """Data that is not a well-formed action."""


def action_from_dict(data: Any) -> Action:
    """The action that ``to_dict`` wrote; ActionFormatError for anything malformed."""
    if not isinstance(data, dict) or data.get("type") not in ACTION_TYPES:
        raise ActionFormatError(f"not an action: {str(data)[:80]}")
    cls = ACTION_TYPES[data["type"]]
    values: dict[str, Any] = {}
    try:
        for f in fields(cls):
            if f.name not in data:
                if f.name in _OPTIONAL:
                    continue
                raise ActionFormatError(f"{data['type']} action without {f.name!r}")
            value = data[f.name]
            if f.name == "clauses":
                value = tuple(Clause.from_dict(c) for c in value)
            elif f.name in ("parties", "countries"):
                if not isinstance(value, list | tuple):
                    raise ActionFormatError(f"{f.name} must be a list of country ids")
                value = tuple(str(p) for p in value)
            elif f.name == "direction":
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ActionFormatError("direction must be a number (1 or -1)")
                value = float(value)
            elif f.name in ("negotiation", "clause", "duration", "round"):
                if isinstance(value, bool) or not isinstance(value, int):
                    raise ActionFormatError(f"{f.name} must be a whole number")
            elif f.name == "keep":
                if not isinstance(value, bool):
                    raise ActionFormatError("keep must be true or false")
            elif not isinstance(value, str):
                raise ActionFormatError(f"{f.name} must be text")
            values[f.name] = value
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, ActionFormatError):
            raise
        raise ActionFormatError(f"malformed {data['type']} action: {error}") from None
    return cls(**values)

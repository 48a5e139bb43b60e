"""The terms of a game: its domain words and the rules of play fixed when the game is set up.

``RulesOfPlay`` gathers, once and frozen, every figure that says what an offer may be and how
long a game lasts: turns, diplomacy rounds, offers per negotiation, delegations per country,
the longest duration, the most clauses, the amount limits, and the grid on which a person
writes a clause (levels in steps of 5%, amounts in steps of 0.05% of the giver's GDP a year).
The rules check offers against it, the screens draw their sliders from it and snap a person's
choice to it, and the environment and the bots read it, so an offer means the same everywhere.
An offer off the grid (the AI's, a bot's) is as legal as one on it: the grid is how a person
chooses, not a rule; the limits are rules.

The domain enums live in ``game.scenario.terms`` (the scenario's schema needs them and sits
below the rules); they are re-exported here.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from game.rules.agreements import MAXIMUM_CLAUSES, Clause
from game.rules.ending import end_window
from game.scenario.schema import Scenario
from game.scenario.terms import (
    AMOUNT_CLAUSES,
    DIFFICULTIES,
    DIRECTED_CLAUSES,
    AidForm,
    ClauseKind,
    EventKind,
    Personality,
)

__all__ = [
    "AMOUNT_CLAUSES", "DEFAULT_DURATION", "DIFFICULTIES", "DIRECTED_CLAUSES", "MAXIMUM_AMOUNT_SHARE",
    "MAXIMUM_CLAUSES", "MAXIMUM_DURATION", "MAXIMUM_RECEIVED_SHARE", "AidForm", "ClauseKind",
    "EventKind", "Personality", "RulesOfPlay",
]

#: The longest an agreement may last, in years.
MAXIMUM_DURATION = 30
#: The duration a new draft starts with, in years.
DEFAULT_DURATION = 5
#: An amount clause may not exceed this share of the giver's GDP a year...
MAXIMUM_AMOUNT_SHARE = 0.05
#: ... nor this share of the receiver's (a huge grant to a small economy is not absorbed).
MAXIMUM_RECEIVED_SHARE = 0.1
#: The grid a person writes clauses on: levels in steps of 5% ...
LEVEL_STEP = 0.05
#: ... and amounts in steps of 0.05% of the giver's GDP a year, up to 20 steps (1%).
AMOUNT_STEP = 0.0005
AMOUNT_STEPS = 20
#: The amount a new money clause starts with, in steps.
DEFAULT_AMOUNT_STEPS = 2


class Figures(Mapping[str, int]):
    """A figure per country that cannot be changed (unlike ``MappingProxyType``, it can be
    copied and pickled with the game)."""

    __slots__ = ("_figures",)

    def __init__(self, figures: Mapping[str, int]) -> None:
        self._figures = dict(figures)

    def __getitem__(self, country: str) -> int:
        return self._figures[country]

    def __iter__(self) -> Iterator[str]:
        return iter(self._figures)

    def __len__(self) -> int:
        return len(self._figures)

    def __repr__(self) -> str:
        return f"Figures({self._figures!r})"


@dataclass(frozen=True)
class RulesOfPlay:
    """The figures of one game that do not change while it is played."""

    turns: int  # the last turn (the game ends after it); with a hidden end, the announced length
    diplomacy_rounds: int  # rounds of proposals in a diplomacy phase
    negotiation_rounds: int  # offers (the first included) a negotiation may have
    delegations: Mapping[str, int]  # proposals each country may make a turn
    maximum_duration: int = MAXIMUM_DURATION
    maximum_clauses: int = MAXIMUM_CLAUSES
    maximum_amount_share: float = MAXIMUM_AMOUNT_SHARE
    maximum_received_share: float = MAXIMUM_RECEIVED_SHARE
    level_step: float = LEVEL_STEP
    amount_step: float = AMOUNT_STEP
    amount_steps: int = AMOUNT_STEPS
    default_duration: int = DEFAULT_DURATION
    default_amount_steps: int = DEFAULT_AMOUNT_STEPS
    #: The game ends after a turn drawn in a window around ``turns`` that nobody is told
    #: (``game.rules.ending``); False: after ``turns``, as announced.
    hidden_end: bool = False
    levels: tuple[float, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "delegations", Figures(self.delegations))
        count = round(1 / self.level_step)
        object.__setattr__(self, "levels",
                           tuple(round(k * self.level_step, 2) for k in range(1, count + 1)))

    @classmethod
    def of(cls, scenario: Scenario, turns: int | None = None,
           hidden_end: bool | None = None) -> RulesOfPlay:
        """The rules of a game of ``scenario`` (``turns`` and ``hidden_end``, when given,
        replace the file's)."""
        info = scenario.scenario
        return cls(turns=info.turns if turns is None else turns,
                   diplomacy_rounds=info.diplomacy_rounds,
                   negotiation_rounds=info.negotiation_rounds,
                   delegations={c.id: c.delegations for c in scenario.countries},
                   hidden_end=info.hidden_end if hidden_end is None else bool(hidden_end))

    @property
    def end_window(self) -> tuple[int, int]:
        """(earliest, latest) turn after which the game may end: ``(turns, turns)`` unless
        the end is hidden."""
        return end_window(self.turns) if self.hidden_end else (self.turns, self.turns)

    # --- limits ------------------------------------------------------------------------------
    def amount_limit(self, giver_gdp: float, receiver_gdp: float) -> float:
        """The largest amount a year a money clause may have between economies of these GDPs."""
        return min(self.maximum_amount_share * giver_gdp,
                   self.maximum_received_share * receiver_gdp)

    # --- the grid ----------------------------------------------------------------------------
    def level_position(self, level: float) -> int:
        """The grid position (1 .. len(levels)) nearest to ``level``."""
        return max(1, min(len(self.levels), round(level / self.level_step)))

    def level_at(self, position: int) -> float:
        """The level at grid position ``position`` (clamped to the grid)."""
        return self.levels[max(1, min(len(self.levels), position)) - 1]

    def amount_position(self, amount: float, giver_gdp: float) -> int:
        """The grid position (1 .. amount_steps) nearest to ``amount`` for a giver of this GDP."""
        if giver_gdp <= 0:
            return 1
        return max(1, min(self.amount_steps, round(amount / (giver_gdp * self.amount_step))))

    def amount_at(self, position: int, giver_gdp: float, limit: float = math.inf) -> float:
        """The amount a year at grid position ``position`` for a giver of this GDP, rounded to
        thousandths, and never above ``limit`` (the rules' limit for the pair)."""
        position = max(1, min(self.amount_steps, position))
        amount = round(giver_gdp * self.amount_step * position, 3)
        if amount > limit:
            amount = math.floor(limit * 1000) / 1000
        return amount

    def snap(self, clause: Clause, giver_gdp: float = 0.0, limit: float = math.inf) -> Clause:
        """``clause`` moved to the nearest point of the grid: its level to the nearest step, its
        amount (money clauses, for a giver of ``giver_gdp``) to the nearest step within
        ``limit``; a level with nothing to say (a money clause's) is left as it is."""
        if clause.kind in AMOUNT_CLAUSES:
            amount = self.amount_at(self.amount_position(clause.amount, giver_gdp), giver_gdp, limit)
            return clause if amount == clause.amount else replace(clause, amount=amount)
        level = self.level_at(self.level_position(clause.level))
        return clause if level == clause.level else replace(clause, level=level)

"""The agreement being written on the negotiation screen: parties (yours first), clauses by kind
and duration. Levels are kept as they are; an amount is a position on the game's grid
(``game.rules.terms.RulesOfPlay``) unless it holds an exact amount taken over from an offer (a
counter-offer, a "What would it take?" version) until the person moves its slider."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.rules.agreements import Clause
from game.rules.terms import (
    AMOUNT_CLAUSES,
    DEFAULT_AMOUNT_STEPS,
    DEFAULT_DURATION,
    DIRECTED_CLAUSES,
    AidForm,
    ClauseKind,
)

KINDS = list(ClauseKind)


@dataclass
class DraftClause:
    """One clause being written. A level is kept as it is; an amount is a position on the
    grid (``amount_steps``) unless ``amount`` holds an exact amount taken from an offer."""

    level: float = 0.5
    amount_steps: int = DEFAULT_AMOUNT_STEPS
    amount: float | None = None
    giver: str | None = None
    receiver: str | None = None
    training: bool = True
    form: AidForm = AidForm.GRANT


@dataclass
class Draft:
    """The agreement being written: parties (yours first), clauses by kind, duration."""

    me: str
    parties: list[str]
    clauses: dict[ClauseKind, DraftClause] = field(default_factory=dict)
    duration: int = DEFAULT_DURATION

    def partners(self) -> list[str]:
        return [p for p in self.parties if p != self.me]

    def default_direction(self) -> tuple[str | None, str | None]:
        partners = self.partners()
        return (partners[0], self.me) if partners else (None, None)

    def set(self, kind: ClauseKind, level: float | None = None, amount_steps: int | None = None,
            giver: str | None = None, receiver: str | None = None) -> DraftClause:
        """Include a clause (or change it)."""
        clause = self.clauses.get(kind)
        if clause is None:
            clause = DraftClause()
            clause.giver, clause.receiver = self.default_direction()
            self.clauses[kind] = clause
        if level is not None:
            clause.level = level
        if amount_steps is not None:
            clause.amount_steps, clause.amount = amount_steps, None
        if giver is not None:
            clause.giver = giver
        if receiver is not None:
            clause.receiver = receiver
        return clause

    def fix_directions(self) -> None:
        """After a change of partners: directions only between parties."""
        for clause in self.clauses.values():
            if clause.giver not in self.parties or clause.receiver not in self.parties \
                    or clause.giver == clause.receiver:
                clause.giver, clause.receiver = self.default_direction()
                clause.amount = None  # an exact amount was for the old giver and receiver

    def amount(self, game, kind: ClauseKind) -> float:
        """The amount a year of a directed money clause of the draft: its exact amount, or its
        grid position's for its giver, within the rules' limit for its giver and receiver."""
        draft = self.clauses[kind]
        if draft.amount is not None:
            return draft.amount
        gdp = float(game.state.gdp[0, game.index[draft.giver]])
        return game.rules_of_play.amount_at(draft.amount_steps, gdp,
                                            game.amount_limit(draft.giver, draft.receiver))

    def build(self, game) -> tuple[Clause, ...]:
        result = []
        for kind in KINDS:
            draft = self.clauses.get(kind)
            if draft is None:
                continue
            if kind in DIRECTED_CLAUSES:
                if draft.giver is None or draft.receiver is None:
                    continue
                if kind in AMOUNT_CLAUSES:
                    result.append(Clause(kind, amount=self.amount(game, kind), giver=draft.giver,
                                         receiver=draft.receiver,
                                         form=draft.form if kind is ClauseKind.DEVELOPMENT_AID
                                         else AidForm.GRANT))
                else:
                    result.append(Clause(kind, level=draft.level, giver=draft.giver,
                                         receiver=draft.receiver,
                                         training=draft.training and kind is ClauseKind.TECHNOLOGY_TRANSFER))
            else:
                result.append(Clause(kind, level=draft.level))
        return tuple(result)

    def load(self, game, clauses: tuple[Clause, ...], duration: int) -> None:
        """Take over an offer's clauses (a counter-offer, or "what would it take"), exactly as
        they are: sliders show the nearest point of the grid until they are moved."""
        rules = game.rules_of_play
        self.clauses = {}
        self.duration = max(1, min(rules.maximum_duration, duration))
        for clause in clauses:
            draft = DraftClause(level=clause.level, giver=clause.giver, receiver=clause.receiver,
                                training=clause.training, form=clause.form)
            if clause.kind in AMOUNT_CLAUSES and clause.giver in game.index:
                gdp = float(game.state.gdp[0, game.index[clause.giver]])
                draft.amount_steps = rules.amount_position(clause.amount, gdp)
                draft.amount = clause.amount
            self.clauses[clause.kind] = draft

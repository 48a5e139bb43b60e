"""Clauses of an offer that an agreement in force already covers as strongly or more.

Levels of the same kind add up between two countries but are capped at 100 % (see
``game.rules.agreements``): a trade clause at 50 % among parties whose 90 % free trade area is in
force adds at most 10 %, so it changes little or nothing. The offer screens flag such a clause
(and say so when an offer's effect is zero), naming the agreement that already covers it.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.rules.agreements import Agreement, Clause, clause_entries
from game.rules.game import Game
from game.scenario.schema import AMOUNT_CLAUSES


@dataclass(frozen=True)
class WeakerClause:
    """A clause of an offer and the agreement in force whose clause of that kind is as strong or
    stronger between every pair the offered clause binds."""

    clause: Clause
    agreement: Agreement
    level: float  # the agreement's own clause level of that kind (as written in it)


def weaker_clauses(game: Game, parties: tuple[str, ...] | list[str],
                   clauses: tuple[Clause, ...]) -> list[WeakerClause]:
    """The offered level clauses (not money clauses, which add up) that one agreement in force
    already provides at least as strongly between every pair of countries they bind."""
    parties = tuple(parties)
    index = game.index
    found: list[WeakerClause] = []
    in_force = game.in_force()
    for clause in clauses:
        if clause.kind in AMOUNT_CLAUSES:
            continue
        if clause.directed and (clause.giver not in index or clause.receiver not in index):
            continue
        offered = {(ch, i, j): size for ch, i, j, size in clause_entries(clause, parties, index)}
        if not offered:
            continue
        best: WeakerClause | None = None
        for agreement in in_force:
            covered: dict[tuple[int, int, int], float] = {}
            level = 0.0
            for existing in agreement.clauses:
                if existing.kind is not clause.kind or existing.kind in AMOUNT_CLAUSES:
                    continue
                for ch, i, j, size in clause_entries(existing, agreement.parties, index):
                    covered[(ch, i, j)] = covered.get((ch, i, j), 0.0) + size
                level = max(level, existing.level)
            covers = all(min(covered.get(key, 0.0), 1.0) >= min(size, 1.0) - 1e-9
                         for key, size in offered.items())
            if covers and (best is None or level > best.level):
                best = WeakerClause(clause, agreement, level)
        if best is not None:
            found.append(best)
    return found

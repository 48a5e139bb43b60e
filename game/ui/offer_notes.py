"""What an offer's screens say beside its projected effect: the clauses an agreement in force
already gives as strongly (``game.session.overlap``), and why an offer whose effect on you is
zero changes nothing for you."""

from __future__ import annotations

from typing import Any

from game.model.state import SCORE_TERMS
from game.rules.agreements import Clause
from game.session.overlap import weaker_clauses
from game.ui.text import agreement_name, cap, clause_text, tr

#: Below this many points on every term, an offer's projected effect counts as zero.
NO_EFFECT = 0.05


def weaker_lines(game: Any, parties: tuple[str, ...] | list[str],
                 clauses: tuple[Clause, ...]) -> list[str]:
    """One line for each offered clause that an agreement in force already gives as strongly."""
    return [tr("explain.weaker", clause=cap(clause_text(game, found.clause, short=True)),
               agreement=agreement_name(game, found.agreement))
            for found in weaker_clauses(game, parties, clauses)]


def weaker_short(game: Any, parties: tuple[str, ...] | list[str],
                 clauses: tuple[Clause, ...]) -> str:
    """The same on one short line: "Already in force as strongly: trade liberalisation 50%
    (ATIGA)." (empty when no clause is)."""
    found = weaker_clauses(game, parties, clauses)
    if not found:
        return ""
    return tr("explain.weaker_short", clauses=", ".join(
        f"{clause_text(game, w.clause, short=True)} ({agreement_name(game, w.agreement)})"
        for w in found))


def zero_effect_reason(game: Any, me: str, parties: tuple[str, ...] | list[str],
                       clauses: tuple[Clause, ...], projection: dict[str, float] | None) -> str:
    """Why the offer changes nothing for ``me`` (empty when it changes something, or when there
    is no projection)."""
    if projection is None or not clauses:
        return ""
    if any(abs(projection.get(term, 0.0)) >= NO_EFFECT for term in SCORE_TERMS):
        return ""
    if len(weaker_clauses(game, parties, clauses)) == len(clauses):
        reason = tr("explain.zero_effect.weaker")
    elif all(c.directed and me not in (c.giver, c.receiver) for c in clauses):
        reason = tr("explain.zero_effect.not_you")
    else:
        reason = tr("explain.zero_effect.small")
    return f"{tr('explain.zero_effect.title')}: {reason[:1].lower()}{reason[1:]}"

"""A word when something happens to the player's diplomacy: a deal agreed (in green), an offer
refused (with where to revise it), a promise broken against the player (in red), shown as the
window's toasts at the moment it happens, so that a student sees it without reading the lists."""

from __future__ import annotations

from typing import Any

from game.rules.game import Status
from game.ui.text import agreement_name, cap, clause_text, country_name, names, tr


def negotiation_outcome(app: Any, negotiation_id: int | None, me: str) -> None:
    """Toast how a negotiation the player just acted in stands: agreed, or refused."""
    if negotiation_id is None:
        return
    game = app.session.game
    negotiation = game.negotiation(negotiation_id)
    if negotiation is None:
        return
    partners = names(game, [p for p in negotiation.parties if p != me])
    if negotiation.status is Status.AGREED:
        app.toast(tr("explain.feedback.agreed", partners=partners), "good")
        app.react("agreed")
    elif negotiation.status is Status.REJECTED and negotiation.proposer == me:
        app.toast(tr("explain.feedback.refused", partners=partners), "bad")


def broken_promises(app: Any, report: Any, me: str) -> None:
    """Toast each clause a partner broke this year in an agreement with the player (once a
    report: ``app.announced`` remembers the turns already said)."""
    announced = app.__dict__.setdefault("announced_breaches", set())
    if report is None or report.turn in announced:
        return
    announced.add(report.turn)
    game = app.session.game
    by_id = {a.id: a for a in game.agreements}
    broken = False
    for agreement_id, clause_index, country in report.breaches:
        agreement = by_id.get(agreement_id)
        if agreement is None or country == me or me not in agreement.parties:
            continue
        if not broken:
            broken = True
            app.react("broken")
        app.toast(tr("explain.feedback.broken", name=country_name(game, country),
                     clause=cap(clause_text(game, agreement.clauses[clause_index], short=True)),
                     agreement=agreement_name(game, agreement)), "bad")

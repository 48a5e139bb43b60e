"""Keep or break each clause a country must fulfil this turn.

A country breaks a clause only when the projected gain of breaking it (its own weighted score
terms, ``projection.compliance_changes``) beats its honesty, or — with a fifth of that margin —
when a partner of that agreement broke its word to it last turn (reciprocity).
"""

from __future__ import annotations

from game.agents.ai.valuation import Valuer, personal_weights
from game.agents.projection import compliance_changes
from game.rules import actions as act
from game.rules.game import Game

#: Points of extra score a breach must bring, per unit of honesty, before a country breaks.
HONESTY_POINTS = 10.0
#: The share of that margin left towards a partner that broke its word to it last turn.
RECIPROCITY_SHARE = 0.2


def compliance(valuer: Valuer, game: Game, country: str, countries: list[str]) -> list[act.Action]:
    """``country``'s decision on each of its obligations, the obligations of ``countries``
    (those the negotiator plays, ``country`` among them) projected together at the first
    decision of the turn (in large scenarios one batch for all of them, kept for the turn): the
    values of a country do not depend on which it was asked about first."""
    obligations, changes = compliance_changes(game, countries, valuer.difficulty.horizon,
                                              valuer.memo(game))[country]
    if not obligations:
        return []
    leaning = valuer.leaning(game, country)
    weights = personal_weights(leaning)
    gains = (changes * weights).sum(axis=-1)
    wronged_by = {c for _, _, c in (game.reports[-1].breaches if game.reports else [])
                  if c != country}
    actions: list[act.Action] = []
    for (agreement, k), gain in zip(obligations, gains, strict=True):
        margin = HONESTY_POINTS * leaning.honesty
        if wronged_by & set(agreement.parties):
            margin *= RECIPROCITY_SHARE
        actions.append(act.Comply(country, agreement.id, k, keep=bool(gain <= margin)))
    return actions

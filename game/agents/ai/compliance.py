"""Keep or break each clause a country must fulfil this turn.

A country breaks a clause only when the projected gain of breaking it (its own weighted score
terms, ``projection.compliance_changes``) beats its honesty, or — with a fifth of that margin —
when a partner of that agreement broke its word to it last turn (reciprocity).
"""

from __future__ import annotations

import numpy as np

from game.agents.ai.valuation import Valuer, personal_weights
from game.agents.projection import compliance_changes
from game.model.state import SCORE_TERMS
from game.rules import actions as act
from game.rules.game import Game

#: Points of extra score a breach must bring, per unit of honesty, before a country breaks.
#: Checked when a point became 0.1 % of welfare (branch dilemma2): 10 points are now 1 % of
#: welfare, not 10 %. In AI self-play the largest gain the AI counts from a breach is 3.4
#: points (indonesia-partners, 10 turns: China's technology transfer; 99 % of 1,218 decisions
#: below 3.0) and 6.0 (asean-plus-three, 5 turns: Laos's ACFTA trade clause, once its +60
#: points of "independence" no longer count, ``breach_changes``); a year of domestic pressure
#: relieves up to about 6 points a clause. A computer player of normal honesty (0.8-0.85: a
#: margin of 8-8.5 points) keeps its word through all of these, as a government that values
#: its word does; a personality of little honesty (0.05) breaks for half a point. Rescaling to the old
#: share of welfare (100) would change no measured decision; below 7 Laos would break its ACFTA
#: clause every year again. So the value stays.
HONESTY_POINTS = 10.0
#: The share of that margin left towards a partner that broke its word to it last turn.
RECIPROCITY_SHARE = 0.2


def breach_changes(changes: np.ndarray) -> np.ndarray:
    """The projected term changes of breaches (B, terms) as the AI counts them: a breach
    makes a country no more independent. Breaking a trade clause for a year shuts the
    partner's goods out and so lowers the measured concentration of its imports, but the
    partner's hold on its supplies is the same the next year (Laos and Myanmar broke their
    ACFTA clause every year for +60 points of independence, docs/balance/history.md §5); the
    dependency a breach adds (a lost second supplier) still counts."""
    counted = changes.copy()
    column = SCORE_TERMS.index("independence")
    counted[..., column] = np.minimum(counted[..., column], 0.0)
    return counted


def offenders_against(game: Game, country: str) -> set[str]:
    """The countries that broke, last turn, a clause owed to ``country``: a shared clause of an
    agreement it is a party to, or a directed one whose receiver it is. Only they are answered
    with the smaller margin (a breach between others is not this country's to avenge)."""
    if not game.reports:
        return set()
    agreements = {a.id: a for a in game.agreements if country in a.parties}
    offenders = set()
    for agreement_id, k, breaker in game.reports[-1].breaches:
        agreement = agreements.get(agreement_id)
        if agreement is None or breaker == country:
            continue
        if agreement.clauses[k].receiver in (None, country):
            offenders.add(breaker)
    return offenders


def compliance(valuer: Valuer, game: Game, country: str, countries: list[str]) -> list[act.Action]:
    """``country``'s decision on each of its obligations, the obligations of ``countries``
    (those the negotiator plays, ``country`` among them) projected together at the first
    decision of the turn (in large scenarios one batch for all of them, kept for the turn): the
    values of a country do not depend on which it was asked about first."""
    memo, years = valuer.memo(game), valuer.difficulty.horizon
    # the table of every country's changes once a turn, not once a country (building it for
    # 209 countries at each of their decisions was a fifth of a world end of compliance)
    found = memo.get(f"compliance changes of {years} " + ",".join(countries),
                     lambda: compliance_changes(game, countries, years, memo))
    obligations, changes = found[country]
    if not obligations:
        return []
    leaning = valuer.leaning(game, country)
    weights = personal_weights(leaning)
    gains = (breach_changes(changes) * weights).sum(axis=-1)
    wronged_by = offenders_against(game, country)
    actions: list[act.Action] = []
    for (agreement, k), gain in zip(obligations, gains, strict=True):
        margin = HONESTY_POINTS * leaning.honesty
        if wronged_by & set(agreement.parties):
            margin *= RECIPROCITY_SHARE
        actions.append(act.Comply(country, agreement.id, k, keep=bool(gain <= margin)))
    return actions

"""Why a country decided as it did: its decision and the named terms that add up to it.

Every answer carries its reasons, translation keys under ``reason.`` with points: the score
terms of the valuation (the fall of independence named after the partner it would depend on),
little trust in the least trusted partner, and the personality's leanings. The points add up
exactly to the utility compared with the threshold (each term is quantised).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.agents.ai.valuation import Evaluation
from game.model import indicators
from game.model.state import SCORE_TERMS
from game.rules.game import Game


@dataclass(frozen=True)
class Reason:
    """One named part of a decision: a translation key under ``reason.``, its values, points."""

    key: str
    points: float
    values: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "points": self.points, "values": self.values}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reason:
        return cls(str(data["key"]), float(data["points"]), dict(data.get("values") or {}))


@dataclass(frozen=True)
class Decision:
    """A country's view of an offer: accept or not, the utility, the threshold and why."""

    accept: bool
    utility: float
    threshold: float
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"accept": self.accept, "utility": self.utility, "threshold": self.threshold,
                "reasons": [r.to_dict() for r in self.reasons]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decision:
        """The decision ``to_dict`` wrote (a saved game keeps the answers' reasons)."""
        return cls(bool(data["accept"]), float(data["utility"]), float(data["threshold"]),
                   tuple(Reason.from_dict(r) for r in data["reasons"]))


def decide(game: Game, country: str, evaluation: Evaluation, b: int, threshold: float,
           utility: float | None = None) -> Decision:
    """The decision on entry ``b`` of an evaluation, with its reasons (``utility``: the
    entry's utility if the caller has it already)."""
    reasons = []
    for term, points in zip(SCORE_TERMS, evaluation.terms[b].tolist(), strict=True):
        if points == 0.0:
            continue
        if term == "independence" and points < 0 and evaluation.dependency[b] >= 0:
            reasons.append(Reason("dependency", points,
                                  {"partner": game.country_ids[evaluation.dependency[b]]}))
        else:
            reasons.append(Reason(term, points))
    if evaluation.risk[b] != 0.0:
        parties = [p for p in evaluation.candidates[evaluation.members[b]][0] if p != country]
        me = game.index[country]
        trust_row = indicators.trust_row(game.state, me)
        least = min(parties, key=lambda p: trust_row[game.index[p]])
        reasons.append(Reason("distrust", float(evaluation.risk[b]), {"partner": least}))
    if evaluation.leaning[b] != 0.0:
        personality = game.scenario.countries[game.index[country]].personality.value
        reasons.append(Reason("leaning", float(evaluation.leaning[b]),
                              {"personality": personality}))
    if utility is None:
        utility = float(evaluation.terms[b].sum() + evaluation.risk[b] + evaluation.leaning[b])
    return Decision(utility >= threshold, utility, threshold, tuple(reasons))

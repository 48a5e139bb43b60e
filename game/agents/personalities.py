"""Personalities and difficulty levels of the computer countries, as plain data.

A personality is how a country leans: what it values beyond its score, how much it fears that
partners break their word, how honest it is itself, and how it concedes in a negotiation
(Faratin, Sierra & Jennings 1998: a Boulware negotiator, β < 1, holds firm and concedes late; a
Conceder, β > 1, concedes early). A difficulty is how far the country looks ahead and how well it
estimates what others want.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.rules.terms import DIFFICULTIES as DIFFICULTY_NAMES
from game.rules.terms import ClauseKind, Personality


@dataclass(frozen=True)
class Leaning:
    """One personality's parameters."""

    risk_aversion: float  # weight of the expected loss from partners breaking their word
    honesty: float  # 0..1: how much more than its gain a breach must pay before it breaks
    concession: float  # β of the time-dependent concession curve
    aspiration: float  # points it asks for at the first offer
    dependency_weight: float = 1.0  # extra weight on the independence term (1 = none)
    trust_weight: float = 1.0  # how much of the trust term it counts (an opportunist: little)
    values: dict[ClauseKind, float] = field(default_factory=dict)  # points per unit received


#: Aspirations and leanings are in score points: since issue 13 a point is 0.1% of welfare
#: (score_scale 1000, was 100): leanings are ten times their earlier figures, aspirations five
#: times (ten times asked for more than the model now gives most agreements).
LEANINGS: dict[Personality, Leaning] = {
    Personality.CAUTIOUS: Leaning(
        risk_aversion=1.0, honesty=0.9, concession=0.4, aspiration=10.0, dependency_weight=2.0,
        values={ClauseKind.EDUCATION_EXCHANGE: 10.0},
    ),
    Personality.TRADER: Leaning(
        risk_aversion=0.5, honesty=0.8, concession=2.0, aspiration=5.0,
        values={ClauseKind.TRADE_LIBERALISATION: 20.0, ClauseKind.VISA_FACILITATION: 5.0,
                ClauseKind.INVESTMENT: 10.0},
    ),
    Personality.SECURITY: Leaning(
        risk_aversion=0.8, honesty=0.9, concession=0.6, aspiration=7.5,
        values={ClauseKind.SECURITY_COOPERATION: 25.0},
    ),
    Personality.DEVELOPMENT: Leaning(
        risk_aversion=0.6, honesty=0.85, concession=1.5, aspiration=5.0,
        values={ClauseKind.TECHNOLOGY_TRANSFER: 20.0, ClauseKind.EDUCATION_EXCHANGE: 15.0,
                ClauseKind.DEVELOPMENT_AID: 15.0},
    ),
    Personality.OPPORTUNIST: Leaning(
        risk_aversion=0.1, honesty=0.05, concession=1.0, aspiration=10.0, trust_weight=0.2,
        values={ClauseKind.DEVELOPMENT_AID: 10.0, ClauseKind.INVESTMENT: 10.0},
    ),
}


@dataclass(frozen=True)
class Difficulty:
    """How well a computer country plays."""

    name: str
    horizon: int  # years it projects ahead
    partners: int  # partners it considers for proposals
    levels: tuple[float, ...]  # clause levels it tries
    models_others: bool  # estimates partners with their own personality and trust


EASY, NORMAL, HARD = DIFFICULTY_NAMES
#: What each difficulty level (named once, in ``game.scenario.terms``) means, by name.
DIFFICULTIES: dict[str, Difficulty] = {
    EASY: Difficulty(EASY, horizon=1, partners=3, levels=(0.5,), models_others=False),
    NORMAL: Difficulty(NORMAL, horizon=3, partners=5, levels=(0.4, 0.8), models_others=False),
    HARD: Difficulty(HARD, horizon=5, partners=8, levels=(0.25, 0.5, 0.75, 1.0),
                     models_others=True),
}

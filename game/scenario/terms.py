"""The words of the game's domain: clause kinds, aid forms, event kinds, personalities and the
names of the computer players' difficulty levels.

They are defined here, below the scenario's schema, so that the schema, the rules, the AI, the
environment and the screens share one vocabulary; ``game.rules.terms`` re-exports them together
with the rules of play of one game.
"""

from __future__ import annotations

from enum import StrEnum


class ClauseKind(StrEnum):
    """What a clause of an agreement does."""

    TRADE_LIBERALISATION = "trade_liberalisation"
    INVESTMENT = "investment"
    TECHNOLOGY_TRANSFER = "technology_transfer"
    DEVELOPMENT_AID = "development_aid"
    SECURITY_COOPERATION = "security_cooperation"
    VISA_FACILITATION = "visa_facilitation"
    EDUCATION_EXCHANGE = "education_exchange"


#: Clauses with a giver and a receiver; the others bind all parties alike.
DIRECTED_CLAUSES = frozenset(
    {ClauseKind.INVESTMENT, ClauseKind.TECHNOLOGY_TRANSFER, ClauseKind.DEVELOPMENT_AID}
)
#: Clauses whose size is an amount of money a year (in the scenario's currency) not a level 0..1.
AMOUNT_CLAUSES = frozenset({ClauseKind.INVESTMENT, ClauseKind.DEVELOPMENT_AID})


class AidForm(StrEnum):
    """How development aid is given."""

    GRANT = "grant"
    LOAN = "loan"


class EventKind(StrEnum):
    """The kinds of news an event card can bring."""

    COMMODITY_PRICE_SWING = "commodity_price_swing"
    PANDEMIC = "pandemic"
    NATURAL_DISASTER = "natural_disaster"
    BORDER_TENSION = "border_tension"
    TECHNOLOGY_BREAKTHROUGH = "technology_breakthrough"
    FINANCIAL_CRISIS = "financial_crisis"
    CORRUPTION_SCANDAL = "corruption_scandal"
    DOMESTIC_PRESSURE = "domestic_pressure"  # home producers in a bad year: open markets cost
    SUPPLY_DISRUPTION = "supply_disruption"  # a country's exports and investment cut for a year
    LICENCE_WITHDRAWAL = "licence_withdrawal"  # a country takes back unmastered technology


class Personality(StrEnum):
    """How a computer country leans when it negotiates and keeps its word."""

    CAUTIOUS = "cautious"  # wary of dependency on any one partner
    TRADER = "trader"  # values trade gains above all
    SECURITY = "security"  # values security cooperation and stable borders
    DEVELOPMENT = "development"  # values technology, training, education, aid
    OPPORTUNIST = "opportunist"  # breaks its word when that pays


#: How well the computer countries play, weakest first (what each level means is in
#: ``game.agents.personalities``; the screens name them through ``difficulty.<name>``).
DIFFICULTIES: tuple[str, ...] = ("easy", "normal", "hard")

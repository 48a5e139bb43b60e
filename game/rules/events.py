"""The news phase: draw the year's events from the scenario's deck and turn them into shocks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.model.parameters import Parameters
from game.model.state import Shocks
from game.scenario.schema import EventKind, EventSpec

#: Events that strike every country at once.
GLOBAL_EVENTS = frozenset({EventKind.PANDEMIC, EventKind.FINANCIAL_CRISIS})


@dataclass(frozen=True)
class Event:
    """An event that happened: its card, the turn and the countries it struck."""

    card: str  # the event card's id
    kind: EventKind
    turn: int
    countries: tuple[str, ...]  # empty for events that strike everyone
    direction: float = 1.0  # commodity price swings: +1 a boom, −1 a slump
    moderator: bool = False  # set off by the teacher (a Moderate action), not drawn

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"card": self.card, "kind": self.kind.value, "turn": self.turn,
                                "countries": list(self.countries), "direction": self.direction}
        if self.moderator:  # only then: the hashes of games without one stay as they were
            data["moderator"] = True
        return data


def event_seed(seed: int, secret: str | None = None) -> int:
    """The seed of a game's stream of random events: the game's seed itself, or, in a
    tournament, the seed combined with the tournament's secret through SHA-256, so that a bot
    that knows the game's seed and code cannot replay the draws (and so foresee the events)."""
    if secret is None:
        return seed
    digest = hashlib.sha256(f"diplomasi events|{seed}|{secret}".encode()).digest()
    return int.from_bytes(digest, "big")


def draw_events(deck: list[EventSpec], turn: int, happened: set[str], country_ids: list[str],
                rng: np.random.Generator) -> list[Event]:
    """The events of ``turn``, drawn in deck order with the game's generator.

    Every eligible card consumes the same random numbers whether or not it strikes, so one
    card's outcome never shifts another's.
    """
    events = []
    for card in deck:
        if turn < card.first_turn or (card.once and card.id in happened):
            continue
        roll, pick, second, swing = rng.random(4)
        if roll >= card.probability:
            continue
        pool = card.targets or country_ids
        if card.kind in GLOBAL_EVENTS:
            struck: tuple[str, ...] = ()
        elif card.kind is EventKind.BORDER_TENSION and len(pool) >= 2:
            first = int(pick * len(pool))
            rest = [c for k, c in enumerate(pool) if k != first]
            struck = (pool[first], rest[int(second * len(rest))])
        else:
            struck = (pool[int(pick * len(pool))],)
        direction = 1.0 if swing < 0.5 else -1.0
        events.append(Event(card.id, card.kind, turn, struck,
                            direction if card.kind is EventKind.COMMODITY_PRICE_SWING else 1.0))
    return events


def shocks_for(events: list[Event], deck: dict[str, EventSpec], index: dict[str, int],
               parameters: Parameters) -> Shocks:
    """The model shocks of a year's events (sizes scaled by each card's magnitude)."""
    n = len(index)
    p = parameters
    growth = np.zeros(n)
    technology = np.zeros(n)
    stability = np.zeros(n)
    security = np.zeros(n)
    distrust = np.zeros((n, n))
    trade = 0.0
    investment = 0.0
    pressure = cut = licence = None  # the kinds most years do not have
    for event in events:
        size = deck[event.card].magnitude
        struck = [index[c] for c in event.countries]
        match event.kind:
            case EventKind.COMMODITY_PRICE_SWING:
                growth[struck] += event.direction * p.commodity_swing * size
            case EventKind.PANDEMIC:
                growth -= p.pandemic_growth_shock * size
                trade += p.pandemic_trade_shock * size
            case EventKind.NATURAL_DISASTER:
                growth[struck] -= p.disaster_growth_shock * size
                stability[struck] += p.disaster_stability_shock * size
            case EventKind.BORDER_TENSION:
                security[struck] += p.tension_security_shock * size
                if len(struck) == 2:
                    a, b = struck
                    distrust[a, b] += p.tension_trust_evidence * size
                    distrust[b, a] += p.tension_trust_evidence * size
            case EventKind.TECHNOLOGY_BREAKTHROUGH:
                technology[struck] += p.breakthrough_technology * size
            case EventKind.FINANCIAL_CRISIS:
                growth -= p.crisis_growth_shock * size
                investment = min(1.0, investment + p.crisis_investment_shock * size)
            case EventKind.CORRUPTION_SCANDAL:
                distrust[:, struck] += p.scandal_trust_evidence * size
                stability[struck] += p.scandal_stability_shock * size
            case EventKind.DOMESTIC_PRESSURE:
                pressure = np.zeros(n) if pressure is None else pressure
                pressure[struck] += size
            case EventKind.SUPPLY_DISRUPTION:
                cut = np.zeros(n) if cut is None else cut
                cut[struck] = np.minimum(cut[struck] + p.disruption_trade_cut * size, 1.0)
            case EventKind.LICENCE_WITHDRAWAL:
                licence = np.zeros(n) if licence is None else licence
                licence[struck] = np.minimum(licence[struck] + p.licence_withdrawal * size, 1.0)
    return Shocks(growth=growth, trade=trade, technology=technology, stability=stability,
                  security=security, investment=investment, distrust=distrust,
                  pressure=pressure, cut=cut, licence=licence)

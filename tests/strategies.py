"""Hypothesis strategies: valid random scenarios and random (possibly illegal) actions."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game, Phase
from game.scenario.loading import LoadedScenario
from game.scenario.schema import AidForm, ClauseKind, EventKind, Scenario

KINDS = list(ClauseKind)


def _text(word: str) -> dict[str, str]:
    return {"en": word, "id": word + " (id)"}


@st.composite
def scenario_data(draw: Any, maximum_countries: int = 7) -> dict[str, Any]:
    """A valid scenario as plain data, with random figures inside the allowed ranges."""
    n = draw(st.integers(2, maximum_countries))
    regions = draw(st.integers(1, 3))
    unit = st.floats(0.05, 0.95)
    countries = []
    for i in range(n):
        countries.append({
            "id": f"C{i}",
            "name": _text(f"Country {i}"),
            "region": f"R{draw(st.integers(0, regions - 1))}",
            "capital": {"latitude": draw(st.floats(-60, 60)),
                        "longitude": draw(st.floats(-179, 179))},
            "gdp": draw(st.floats(1.0, 20000.0)),
            "population": draw(st.floats(0.1, 1400.0)),
            "growth": draw(st.floats(-0.05, 0.1)),
            "productivity": [draw(st.floats(0.2, 5.0)) for _ in range(3)],
            "technology": draw(unit),
            "human_capital": draw(unit),
            "security": draw(unit),
            "stability": draw(unit),
            "tariff": draw(st.floats(0.0, 0.5)),
        })
    relations = []
    for i in range(n):
        for j in range(i + 1, n):
            if draw(st.booleans()):
                flow = st.one_of(st.floats(0.0, 500.0), st.just("model"))
                relations.append({
                    "between": [f"C{i}", f"C{j}"],
                    "trust": [draw(st.floats(0, 1)), draw(st.floats(0, 1))],
                    "exports": [draw(flow), draw(flow)],
                    "investment": [draw(st.floats(0, 100)), draw(st.floats(0, 100))],
                })
    events = [
        {"id": f"E{k}", "kind": kind.value, "title": _text("event"), "text": _text("news"),
         "probability": draw(st.floats(0, 1)), "once": draw(st.booleans())}
        for k, kind in enumerate(EventKind)
    ]
    return {
        "scenario": {"id": "random", "title": _text("Random"), "description": _text("d"),
                     "lesson": _text("l"), "turns": draw(st.integers(1, 4)),
                     "currency": _text("units")},
        "regions": [{"id": f"R{r}", "name": _text(f"Region {r}")} for r in range(regions)],
        "countries": countries,
        "relations": relations,
        "events": events,
    }


def loaded(data: dict[str, Any]) -> LoadedScenario:
    """A LoadedScenario made from plain data (no file)."""
    return LoadedScenario(Scenario.model_validate(data), "<generated>", "", "generated")


@st.composite
def clauses(draw: Any, parties: tuple[str, ...]) -> tuple[Clause, ...]:
    count = draw(st.integers(1, 4))
    result = []
    for _ in range(count):
        kind = draw(st.sampled_from(KINDS))
        giver = receiver = None
        if kind in (ClauseKind.INVESTMENT, ClauseKind.TECHNOLOGY_TRANSFER,
                    ClauseKind.DEVELOPMENT_AID):
            giver, receiver = draw(st.permutations(parties))[:2]
        result.append(Clause(
            kind=kind, level=draw(st.floats(0.05, 1.0)), amount=draw(st.floats(0.01, 5.0)),
            giver=giver, receiver=receiver, training=kind is ClauseKind.TECHNOLOGY_TRANSFER
            and draw(st.booleans()), form=draw(st.sampled_from(list(AidForm))),
        ))
    return tuple(result)


def random_action(game: Game, data: st.DataObject) -> act.Action:
    """A plausible action for the current phase; it may well be illegal."""
    country = data.draw(st.sampled_from(game.country_ids))
    if game.phase is Phase.DIPLOMACY:
        negotiations = game.open_negotiations()
        choice = data.draw(st.integers(0, 4))
        if choice == 0 or not negotiations:
            size = data.draw(st.integers(2, min(4, len(game.country_ids))))
            others = [c for c in game.country_ids if c != country]
            parties = (country, *data.draw(st.permutations(others))[: size - 1])
            return act.Propose(country, parties, data.draw(clauses(parties)),
                               data.draw(st.integers(1, 6)))
        negotiation = data.draw(st.sampled_from(negotiations))
        country = data.draw(st.sampled_from(negotiation.parties))
        if choice == 1:
            return act.Counter(country, negotiation.id, data.draw(clauses(negotiation.parties)),
                               data.draw(st.integers(1, 6)))
        if choice == 2:
            return act.Reject(country, negotiation.id)
        return act.Accept(country, negotiation.id)
    if game.phase is Phase.COMPLIANCE:
        obligations = game.obligations(country)
        if obligations and data.draw(st.booleans()):
            agreement, k = data.draw(st.sampled_from(obligations))
            return act.Comply(country, agreement.id, k, data.draw(st.booleans()))
    return act.EndPhase(country)

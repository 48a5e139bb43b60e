"""Turn a validated scenario into the model's starting data and its opening agreements."""

from __future__ import annotations

import numpy as np

from game.model.calibration import StartingData, build
from game.model.parameters import parameters_for
from game.model.state import SCORE_TERMS, Economy, ModelState
from game.rules.agreements import Agreement, Clause, provisions
from game.scenario.schema import Scenario


def opening_agreements(scenario: Scenario) -> list[Agreement]:
    """The scenario's agreements in force at turn 0."""
    return [
        Agreement(
            id=spec.id,
            parties=tuple(spec.parties),
            clauses=tuple(Clause.from_spec(c) for c in spec.clauses),
            start_turn=1,
            duration=spec.duration,
            age=spec.age,
            organisation=spec.organisation,
            name={"en": spec.name.en, "id": spec.name.id},
        )
        for spec in scenario.agreements
    ]


def starting_data(scenario: Scenario, agreements: list[Agreement]) -> StartingData:
    """The scenario's figures as arrays in country order."""
    index = scenario.country_index()
    n = len(index)
    countries = scenario.countries
    sectors = len(scenario.sectors)
    given_exports = np.full((n, n), np.nan)
    investment = np.zeros((n, n))
    trust = np.full((n, n), np.nan)
    for relation in scenario.relations:
        a, b = index[relation.between[0]], index[relation.between[1]]
        if relation.exports is not None:
            for (i, j), flow in zip(((a, b), (b, a)), relation.exports, strict=True):
                if not isinstance(flow, str):
                    given_exports[i, j] = flow
        if relation.investment is not None:
            investment[a, b], investment[b, a] = relation.investment
        if relation.trust is not None:
            pair = relation.trust if isinstance(relation.trust, list) else [relation.trust] * 2
            trust[a, b], trust[b, a] = pair
    opening = provisions(agreements, 1, index)
    age = np.zeros((n, n))
    for agreement in agreements:
        members = [index[p] for p in agreement.parties]
        block = np.ix_(members, members)
        age[block] = np.maximum(age[block], agreement.age)
    return StartingData(
        gdp=np.array([c.gdp for c in countries], dtype=float),
        population=np.array([c.population for c in countries], dtype=float),
        growth=np.array([c.growth for c in countries], dtype=float),
        tariff=np.array([c.tariff for c in countries], dtype=float),
        technology=np.array([c.technology for c in countries], dtype=float),
        human_capital=np.array([c.human_capital for c in countries], dtype=float),
        security=np.array([c.security for c in countries], dtype=float),
        stability=np.array([c.stability for c in countries], dtype=float),
        productivity=np.array(
            [c.productivity or [1.0] * sectors for c in countries], dtype=float
        ),
        latitude=np.array([c.capital.latitude for c in countries], dtype=float),
        longitude=np.array([c.capital.longitude for c in countries], dtype=float),
        given_exports=given_exports,
        import_share=np.array([np.nan if c.import_share is None else c.import_share
                               for c in countries], dtype=float),
        investment_stock=investment,
        trust=trust,
        provisions=opening,
        agreement_age=age,
        weights=np.array(
            [[getattr(c.objectives, term) for term in SCORE_TERMS] for c in countries],
            dtype=float,
        ),
    )


def build_model(scenario: Scenario, agreements: list[Agreement]) -> tuple[Economy, ModelState]:
    """The calibrated economy and year-0 state of a scenario."""
    return build(starting_data(scenario, agreements), parameters_for(scenario.parameters))

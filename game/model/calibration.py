"""Build the economy and the year-0 state from a scenario's starting data (plain arrays).

Gravity is calibrated here: each pair with given flows gets the factor that reproduces them
exactly at year 0; every other pair takes the gravity prediction Y_i^a · Y_j^b · D_ij^−θ with
one common scale (fitted to the given pairs, or, when none are given, set so that total trade is
`modelled_trade_share` of total GDP). The elasticities then drive only the changes. Imports
from the rest of the world fill each country's import share (given, or `world_import_share`)
beyond its imports from the scenario's countries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from game.model import indicators
from game.model.parameters import Parameters
from game.model.state import TRADE, Economy, ModelState
from game.model.update import gravity_exports, trade_and_welfare, trade_openness

EARTH_RADIUS_KM = 6371.0
MINIMUM_DISTANCE_KM = 100.0


@dataclass(frozen=True)
class StartingData:
    """A scenario's starting data as arrays in the model's country order."""

    gdp: np.ndarray  # (n,)
    population: np.ndarray  # (n,)
    growth: np.ndarray  # (n,)
    tariff: np.ndarray  # (n,) average tariff on imports
    technology: np.ndarray  # (n,)
    human_capital: np.ndarray  # (n,)
    security: np.ndarray  # (n,)
    stability: np.ndarray  # (n,)
    productivity: np.ndarray  # (n, m)
    latitude: np.ndarray  # (n,) degrees
    longitude: np.ndarray  # (n,) degrees
    given_exports: np.ndarray  # (n, n) [i, j] exports i → j; NaN where the model fills in
    investment_stock: np.ndarray  # (n, n) [i, j] stock i owns in j
    trust: np.ndarray  # (n, n) [i, j] trust i holds in j; NaN for the default
    provisions: np.ndarray  # (CHANNELS, n, n) what agreements in force provide at the start
    agreement_age: np.ndarray  # (n, n) years j's market has been open to i (for phase-in)
    weights: np.ndarray  # (n, terms) score weights
    # (n,) imports from everywhere / GDP; NaN (or None for all) for the parameter's default
    import_share: np.ndarray | None = None


def great_circle_km(latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
    """(n, n) distances between capitals (haversine), at least MINIMUM_DISTANCE_KM apart."""
    lat = np.radians(latitude)
    lon = np.radians(longitude)
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin(dlon / 2) ** 2
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return np.maximum(distance, MINIMUM_DISTANCE_KM)


def complementarity(productivity: np.ndarray) -> np.ndarray:
    """(n, n): how different two countries' sector strengths are, scaled to mean 1 over pairs.

    Partners with different strengths gain more from opening to each other (comparative
    advantage: buying what others make cheaper lowers production costs). Clipped to [0.5, 1.5].
    """
    n = productivity.shape[0]
    logs = np.log(productivity)
    difference = np.abs(logs[:, None, :] - logs[None, :, :]).mean(axis=-1)
    off_diagonal = ~np.eye(n, dtype=bool)
    mean = difference[off_diagonal].mean() if n > 1 else 0.0
    if mean <= 0:
        return np.ones((n, n))
    return np.clip(difference / mean, 0.5, 1.5)


def evidence_for(trust: np.ndarray, parameters: Parameters) -> tuple[np.ndarray, np.ndarray]:
    """Beta-reputation evidence (r, s) that stands for a given trust with the prior's weight."""
    total = parameters.trust_prior_evidence + 2.0
    lowest, highest = 1.0 / total, 1.0 - 1.0 / total
    t = np.clip(trust, lowest, highest)
    return np.maximum(t * total - 1.0, 0.0), np.maximum((1.0 - t) * total - 1.0, 0.0)


def build(data: StartingData, parameters: Parameters, population_growth: float = 0.01
          ) -> tuple[Economy, ModelState]:
    """The economy (calibration, weights, start values) and the year-0 state (batch of one)."""
    n = data.gdp.shape[0]
    p = parameters
    gdp = data.gdp[None, :].astype(float)
    provisions = data.provisions[None].astype(float)
    phase = np.where(
        np.swapaxes(provisions[:, TRADE], -1, -2) > 0,
        np.minimum(data.agreement_age / p.phase_in_years, 1.0)[None],
        0.0,
    )
    economy = Economy(
        parameters=p,
        pair_factor=np.ones((n, n)),
        complementarity=complementarity(data.productivity),
        off_diagonal=1.0 - np.eye(n),
        growth=data.growth.astype(float),
        tariff=data.tariff.astype(float),
        world_factor=np.zeros(n),
        start_share=np.zeros((n, n)),
        start_openness=np.zeros((n, n)),
        population_growth=population_growth,
        weights=data.weights.astype(float),
        start=None,  # type: ignore[arg-type]  # filled in below
        start_trust=np.zeros((1, n)),
        start_dependency=np.zeros((1, n)),
    )
    quality = np.ones((1, n))
    # Gravity without the pair factor: what the elasticities say at year 0.
    unit = gravity_exports(gdp, quality, trade_openness(provisions, phase, economy), 0.0,
                           replace(economy, pair_factor=np.ones((n, n)),
                                   parameters=replace(p, maximum_import_share=1e9)))[0]
    distance_term = great_circle_km(data.latitude, data.longitude) ** (-p.distance_elasticity)
    off_diagonal = ~np.eye(n, dtype=bool)
    given = ~np.isnan(data.given_exports) & off_diagonal
    modelled = unit * distance_term
    ratios = np.divide(np.nan_to_num(data.given_exports), modelled,
                       out=np.zeros((n, n)), where=given & (modelled > 0))
    usable = given & (ratios > 0) & np.isfinite(ratios)  # a given zero says nothing of scale
    if usable.any():
        scale = np.exp(np.mean(np.log(ratios[usable])))
    else:
        scale = p.modelled_trade_share * data.gdp.sum() / modelled[off_diagonal].sum()
    given_factor = np.divide(np.nan_to_num(data.given_exports), unit,
                             out=np.zeros((n, n)), where=given & (unit > 0))
    pair_factor = np.where(given, given_factor, scale * distance_term)
    pair_factor = np.where(off_diagonal, pair_factor, 0.0)
    economy = replace(economy, pair_factor=pair_factor)

    population = data.population[None, :].astype(float)
    stock = data.investment_stock[None].astype(float)
    no_flows = np.zeros((1, n, n))
    exports = trade_and_welfare(
        gdp, population, quality, phase, stock, provisions, no_flows, no_flows, 0.0, economy
    )[0]
    # The given flows are the year-0 flows, to the last digit.
    exports = np.where(given[None], np.nan_to_num(data.given_exports)[None], exports)
    # Imports from the rest of the world: what the country's import share leaves after the
    # scenario's own flows (never below 0), growing with its GDP like any other supplier's.
    given_share = np.full(n, np.nan) if data.import_share is None else data.import_share
    share = np.where(np.isnan(given_share), p.world_import_share, given_share)
    world = np.maximum(share * data.gdp - exports[0].sum(axis=0), 0.0)
    economy = replace(
        economy,
        world_factor=world / data.gdp ** p.destination_gdp_elasticity,
        start_share=exports[0] / data.gdp[None, :],
        start_openness=trade_openness(provisions, phase, economy)[0],
    )
    _, world_imports, income, welfare = trade_and_welfare(
        gdp, population, quality, phase, stock, provisions, no_flows, no_flows, 0.0, economy
    )
    trust_matrix = np.where(np.isnan(data.trust), p.initial_trust, data.trust)
    positive_evidence, negative_evidence = evidence_for(trust_matrix, p)
    state = ModelState(
        year=0,
        gdp=gdp,
        population=population,
        technology=data.technology[None, :].astype(float),
        own_capability=data.technology[None, :].astype(float),
        human_capital=data.human_capital[None, :].astype(float),
        security=data.security[None, :].astype(float),
        stability=data.stability[None, :].astype(float),
        quality=quality,
        productivity=data.productivity[None].astype(float),
        exports=exports,
        world_imports=world_imports,
        trade_phase=phase,
        trust_positive=positive_evidence[None] * off_diagonal,
        trust_negative=negative_evidence[None] * off_diagonal,
        investment_stock=stock,
        technology_received=np.zeros((1, n, n)),
        debt=np.zeros((1, n, n)),
        income=income,
        welfare=welfare,
    )
    economy = replace(
        economy,
        start=state,
        start_trust=indicators.trust_held(indicators.trust(state)),
        start_dependency=indicators.dependency(state, p)["excess"],
    )
    return economy, state

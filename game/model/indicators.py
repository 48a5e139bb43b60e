"""Indicators derived from a model state: trust, partner shares, dependency, welfare, score.

Pure functions of arrays with a leading batch axis; nothing here loops over countries.
"""

from __future__ import annotations

import numpy as np

from game.model.parameters import Parameters
from game.model.state import SCORE_TERMS, Economy, ModelState

_ONES: dict[int, np.ndarray] = {}


def ones(n: int) -> np.ndarray:
    """A vector of n ones, made once per length (read-only): the sums of the model multiply
    by one thousands of times a phase."""
    vector = _ONES.get(n)
    if vector is None:
        vector = _ONES[n] = np.ones(n)
        vector.flags.writeable = False
    return vector


def column_sums(matrix: np.ndarray) -> np.ndarray:
    """(B, n): Σ_i matrix[i, j], as a product with a vector of ones (on a batch of small
    matrices several times faster than ``sum(axis=-2)``, whose inner loop is only n long)."""
    return ones(matrix.shape[-2]) @ matrix


def trust(state: ModelState) -> np.ndarray:
    """(B, n, n) [i, j]: the trust i holds in j, beta reputation (r + 1) / (r + s + 2)."""
    evidence = state.trust_positive + state.trust_negative
    evidence += 2.0
    held = state.trust_positive + 1.0
    return np.divide(held, evidence, out=held)  # in place on fresh temporaries: the same numbers


def trust_row(state: ModelState, country: int) -> np.ndarray:
    """(n,): the trust ``country`` holds in each country (batch member 0), without building
    the whole matrix."""
    positive = state.trust_positive[0, country]
    return (positive + 1.0) / (positive + state.trust_negative[0, country] + 2.0)


def trust_held(trust_matrix: np.ndarray) -> np.ndarray:
    """(B, n): mean trust the other countries hold in each country (diagonal left out)."""
    n = trust_matrix.shape[-1]
    total = column_sums(trust_matrix) - np.diagonal(trust_matrix, axis1=-2, axis2=-1)
    return total / max(n - 1, 1)


def partner_shares(matrix: np.ndarray) -> np.ndarray:
    """(B, n, n) [i, j]: partner i's share of what j receives (columns sum to 1, or 0 if none)."""
    return _shares(matrix, column_sums(matrix))


def _shares(matrix: np.ndarray, received: np.ndarray) -> np.ndarray:
    """``partner_shares`` of a matrix whose column sums ``received`` are known."""
    total = received[..., None, :]
    if (received > 0).all():  # the common case: a plain division gives the same numbers
        return matrix / total
    return np.divide(matrix, total, out=np.zeros_like(matrix), where=total > 0)


def concentration(matrix: np.ndarray) -> np.ndarray:
    """(B, n): Herfindahl–Hirschman index of each receiver's partner shares."""
    return _concentration(matrix, column_sums(matrix))


def _concentration(matrix: np.ndarray, received: np.ndarray) -> np.ndarray:
    """``concentration`` of a matrix whose column sums ``received`` are known."""
    shares = _shares(matrix, received)
    return column_sums(np.multiply(shares, shares, out=shares))


def imports(state: ModelState) -> np.ndarray:
    """(B, n): total imports of each country: from the scenario's countries and from the rest
    of the world."""
    return column_sums(state.exports) + state.world_imports


def tariffs(access: np.ndarray, phase: np.ndarray, tariff: np.ndarray) -> np.ndarray:
    """(B, n, n) [i, j]: the tariff j charges on i's goods, cut by j's liberalisation as it
    phases in. ``access`` [i, j] is how far j has opened its market to i."""
    return tariff[..., None, :] * (1.0 - access * phase)


def domestic_share(exports: np.ndarray, world_imports: np.ndarray, gdp: np.ndarray,
                   parameters: Parameters) -> np.ndarray:
    """(B, n): λ, the share of expenditure on home goods, 1 − imports / GDP (imports from the
    scenario's countries and from the rest of the world)."""
    share = (column_sums(exports) + world_imports) / gdp
    return 1.0 - np.minimum(share, parameters.maximum_import_share)


def dependency(state: ModelState, parameters: Parameters) -> dict[str, np.ndarray]:
    """Concentration and reliance for each kind of dependency, and the weighted excess.

    Concentration is the HHI of partner shares. For imports the rest of the world is a partner
    too, made of many suppliers: its share counts squared times
    ``world_supplier_concentration`` (the HHI within it), so that a country with two partners
    in the scenario is not over-dependent by construction. Reliance is how much of the input comes from
    abroad at all (imports/GDP; foreign technology against own capability; foreign capital
    against the capital stock), so that training and education, which build own capability,
    lower the cost of a concentrated partner set. Excess = Σ max(HHI − threshold, 0) × reliance.
    """
    gdp = state.gdp
    capital = parameters.capital_output_ratio * gdp
    world = state.world_imports
    total_imports = column_sums(state.exports) + world
    world_share = np.divide(world, total_imports, out=np.zeros_like(world),
                            where=total_imports > 0)
    received = column_sums(state.technology_received)
    foreign_stock = column_sums(state.investment_stock)
    values = {
        "imports": (
            _concentration(state.exports, total_imports)
            + parameters.world_supplier_concentration * world_share * world_share,
            np.minimum(total_imports / gdp, 1.0),
        ),
        "technology": (
            _concentration(state.technology_received, received),
            received / (received + state.own_capability),
        ),
        "investment": (
            _concentration(state.investment_stock, foreign_stock),
            foreign_stock / (foreign_stock + capital),
        ),
    }
    result: dict[str, np.ndarray] = {}
    excess = np.zeros_like(gdp)
    for kind, (hhi, reliance) in values.items():
        result[f"{kind}_concentration"] = hhi
        result[f"{kind}_reliance"] = reliance
        excess = excess + np.maximum(hhi - parameters.dependency_threshold, 0.0) * reliance
    result["excess"] = excess
    return result


def welfare(income: np.ndarray, population: np.ndarray, lam: np.ndarray,
            parameters: Parameters) -> np.ndarray:
    """(B, n): real income per person with gains from trade, (λ)^(−1/ε) (ACR 2012)."""
    return income / population * lam ** (-1.0 / parameters.trade_elasticity)


def score_terms(state: ModelState, economy: Economy) -> np.ndarray:
    """(B, n, terms): each country's score terms, already weighted by its objectives.

    Every term compares the country with its own start, so a small country can win:
    welfare growth above its own trend, trust held, security gained, and dependency excess
    removed (independence, the article's sovereignty). Technology and human capital are not
    terms of their own: they raise output, so they count once, through welfare.
    """
    p = economy.parameters
    start = economy.start
    years = state.year
    trend = years * np.log((1.0 + economy.growth) / (1.0 + economy.population_growth))
    raw = np.stack(
        [
            np.log(state.welfare / start.welfare) - trend,
            trust_held(trust(state)) - economy.start_trust,
            state.security - start.security,
            -(dependency(state, p)["excess"] - economy.start_dependency),
        ],
        axis=-1,
    )
    scales = np.full(len(SCORE_TERMS), p.score_scale)
    scales[SCORE_TERMS.index("trust")] = p.trust_scale
    return quantised(scales * raw * economy.weights)


#: Score terms are whole multiples of this many points: sums of such numbers are exact in
#: floating point, so a score equals the sum of its terms in any order, to the last bit.
SCORE_QUANTUM = 2.0**-20


def quantised(points: np.ndarray) -> np.ndarray:
    """Points rounded to the score quantum (about a millionth of a point)."""
    return np.round(points / SCORE_QUANTUM) * SCORE_QUANTUM


def total_score(terms: np.ndarray) -> np.ndarray:
    """(B, n): the score, the sum of its terms (exact, whatever the order: see SCORE_QUANTUM)."""
    return terms.sum(axis=-1)


def jobs(state: ModelState, parameters: Parameters) -> np.ndarray:
    """(B, n): millions of jobs tied to foreign investment in each country."""
    capital_per_worker = (parameters.capital_output_ratio * state.gdp) / (
        parameters.labour_force_share * state.population
    )
    return state.investment_stock.sum(axis=-2) / capital_per_worker

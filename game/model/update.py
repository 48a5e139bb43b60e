"""The yearly update: one fixed sequence of array operations, no loop over countries or pairs.

``advance`` takes the state (batch B), what each provider actually gives under the clauses in
force this year (broken clauses already removed), the year's compliance record and shocks, and
returns the next year's state. ``docs/model.md`` states each equation and its source.
"""

from __future__ import annotations

import numpy as np

from game.model import indicators
from game.model.parameters import Parameters
from game.model.state import (
    EDUCATION,
    GRANT,
    INVESTMENT,
    LOAN,
    SECURITY,
    TECHNOLOGY,
    TRADE,
    TRAINING,
    VISA,
    Compliance,
    Economy,
    ModelState,
    Shocks,
)

#: Share of soft-loan debt repaid a year.
LOAN_REPAYMENT = 0.1


def trade_openness(provisions: np.ndarray, phase: np.ndarray, economy: Economy) -> np.ndarray:
    """(B, n, n) [i, j]: log trade boost of i's exports to j from j's clauses towards i."""
    p = economy.parameters
    market_access = np.swapaxes(provisions[:, TRADE], -1, -2)  # [i, j] = j opens to i
    visas = np.swapaxes(provisions[:, VISA], -1, -2)
    return (
        p.agreement_trade_effect * market_access * phase * economy.complementarity
        + p.visa_trade_effect * visas
    )


def gravity_exports(gdp: np.ndarray, quality: np.ndarray, openness: np.ndarray,
                    trade_shock: float, economy: Economy) -> np.ndarray:
    """(B, n, n): exports i → j from the calibrated gravity equation, imports capped."""
    p = economy.parameters
    exports = (
        economy.pair_factor
        * (gdp[:, :, None] ** p.origin_gdp_elasticity)
        * (gdp[:, None, :] ** p.destination_gdp_elasticity)
        * quality[:, :, None]
        * np.exp(openness - trade_shock)
    )
    exports = exports * (1.0 - np.eye(gdp.shape[-1]))
    cap = p.maximum_import_share * gdp
    total = exports.sum(axis=-2)
    scale = np.where(total > cap, cap / np.maximum(total, 1e-300), 1.0)
    return exports * scale[:, None, :]


def _received(matrix: np.ndarray) -> np.ndarray:
    """(B, n): what each receiver j gets from all providers, Σ_i matrix[i, j]."""
    return matrix.sum(axis=-2)


def _given(matrix: np.ndarray) -> np.ndarray:
    """(B, n): what each provider i gives to all receivers, Σ_j matrix[i, j]."""
    return matrix.sum(axis=-1)


def advance(state: ModelState, economy: Economy, provisions: np.ndarray,
            compliance: Compliance, shocks: Shocks) -> ModelState:
    """The next year's state. ``provisions`` is (B or 1, CHANNELS, n, n)."""
    p: Parameters = economy.parameters
    start = economy.start
    gdp = state.gdp

    # Trade phase-in: grows while a market stays open, erodes when it closes.
    access = np.swapaxes(provisions[:, TRADE], -1, -2)
    phase = np.where(
        access > 0,
        np.minimum(state.trade_phase + 1.0 / p.phase_in_years, 1.0),
        state.trade_phase * (1.0 - p.phase_out_share),
    )

    # Technology: transfers close part of the gap to the source; training makes it one's own.
    gap = np.maximum(state.technology[:, :, None] - state.technology[:, None, :], 0.0)
    absorption = 0.5 + 0.5 * state.human_capital
    transferred = p.technology_transfer_rate * provisions[:, TECHNOLOGY] * gap * absorption[:, None, :]
    trained = transferred * np.minimum(provisions[:, TRAINING], 1.0) * p.training_share
    largest_gap = gap.max(axis=-2)
    inflow = np.minimum(_received(transferred), largest_gap)
    innovation = (
        p.domestic_innovation * state.human_capital + shocks.technology
    ) * (1.0 - state.technology)
    technology = np.clip(state.technology + inflow + innovation, 0.01, 1.0)
    technology_received = p.source_memory * state.technology_received + transferred - trained
    own_capability = state.own_capability + _received(trained) + innovation

    # Human capital: education exchange, training, people moving with visas; drifts back slowly.
    learning = (
        p.education_rate * np.minimum(_received(provisions[:, EDUCATION]), 1.0)
        + p.training_rate * np.minimum(_received(provisions[:, TRAINING]), 1.0)
        + p.visa_human_capital_rate * np.minimum(_received(provisions[:, VISA]), 1.0)
    )
    human_capital = np.clip(
        state.human_capital
        + learning * (1.0 - state.human_capital)
        - p.human_capital_depreciation * (state.human_capital - start.human_capital),
        0.0,
        1.0,
    )

    # Investment: stocks grow by the flows (cut in a financial crisis) and depreciate.
    flows = provisions[:, INVESTMENT] * (1.0 - shocks.investment)
    investment_stock = state.investment_stock * (1.0 - p.depreciation) + flows

    # Aid: grants and the grant element of soft loans are gifts; the rest becomes debt.
    loans = provisions[:, LOAN]
    grants = provisions[:, GRANT]
    debt = state.debt * (1.0 - LOAN_REPAYMENT) + loans * (1.0 - p.loan_grant_element)
    aid_in = _received(grants + loans)

    # Security and stability.
    security = np.clip(
        state.security
        + p.security_rate * np.minimum(_received(provisions[:, SECURITY]), 1.0)
        * (1.0 - state.security)
        - p.security_recovery * (state.security - start.security)
        - shocks.security,
        0.0,
        1.0,
    )
    capital = p.capital_output_ratio * gdp
    foreign_share = _received(investment_stock) / capital
    start_foreign_share = _received(start.investment_stock) / (p.capital_output_ratio * start.gdp)
    stability_target = start.stability + p.investment_stability_effect * (
        foreign_share - start_foreign_share
    )
    stability = np.clip(
        state.stability
        + p.stability_recovery * (np.clip(stability_target, 0.0, 1.0) - state.stability)
        - shocks.stability,
        0.0,
        1.0,
    )

    # Output: trend growth, technology, human capital, foreign capital, aid, stability, shocks.
    growth = (
        (1.0 + economy.growth + shocks.growth)
        * (technology / state.technology) ** p.technology_output_elasticity
        * (np.maximum(human_capital, 0.01) / np.maximum(state.human_capital, 0.01))
        ** p.human_capital_output_elasticity
        * (1.0 + p.capital_share * _received(flows) / capital)
        * (1.0 + p.aid_effectiveness * aid_in / gdp)
        * (1.0 - p.stability_growth_effect * np.maximum(start.stability - stability, 0.0))
    )
    new_gdp = gdp * np.maximum(growth, 0.05)
    population = state.population * (1.0 + economy.population_growth)
    productivity = state.productivity * (
        (technology / state.technology) ** p.technology_output_elasticity
    )[:, :, None]

    # Trade: export quality rises with market access abroad; gravity gives the flows.
    access_abroad = np.minimum((access * phase).sum(axis=-1), 1.0)
    quality = state.quality * (1.0 + p.quality_growth * access_abroad)
    exports, income, welfare = trade_and_welfare(
        new_gdp, population, quality, phase, investment_stock, provisions, flows, shocks.trade,
        economy,
    )

    # Trust: evidence fades; kept and broken clauses add evidence, third parties see a share.
    trust_positive, trust_negative = _update_trust(state, compliance, shocks, p)

    return ModelState(
        year=state.year + 1,
        gdp=new_gdp,
        population=population,
        technology=technology,
        own_capability=own_capability,
        human_capital=human_capital,
        security=security,
        stability=stability,
        quality=quality,
        productivity=productivity,
        exports=exports,
        trade_phase=phase,
        trust_positive=trust_positive,
        trust_negative=trust_negative,
        investment_stock=investment_stock,
        technology_received=technology_received,
        debt=debt,
        income=income,
        welfare=welfare,
    )


def _update_trust(state: ModelState, compliance: Compliance, shocks: Shocks,
                  p: Parameters) -> tuple[np.ndarray, np.ndarray]:
    """Beta reputation with forgetting (Jøsang & Ismail 2002) and image scoring by observers
    (Nowak & Sigmund 1998): [i, j] is the evidence i holds about j."""
    n = state.countries
    # A partner that kept every promise this year gives one piece of positive evidence; each
    # broken clause gives negative evidence. Third parties see a share of both.
    kept = p.keep_evidence * (compliance.kept > 0) * (compliance.broken == 0)
    broken = compliance.broken * p.break_evidence
    others = 1.0 - np.eye(n)
    seen_kept = (kept.sum(axis=-2, keepdims=True) - kept) * p.observation_weight * others
    seen_broken = (broken.sum(axis=-2, keepdims=True) - broken) * p.observation_weight * others
    positive = p.trust_forgetting * state.trust_positive + kept + seen_kept
    negative = (
        p.trust_forgetting * state.trust_negative + broken + seen_broken + shocks.distrust * others
    )
    return positive, negative


def trade_and_welfare(gdp: np.ndarray, population: np.ndarray, quality: np.ndarray,
                      phase: np.ndarray, investment_stock: np.ndarray, provisions: np.ndarray,
                      flows: np.ndarray, trade_shock: float, economy: Economy,
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exports, national income and welfare for one year's output and clauses.

    Income is GDP plus tariff revenue, returns on investment abroad and aid received, minus
    returns paid, aid given and what keeping each clause costs its provider; welfare is real
    income per person with the gains from trade (λ)^(−1/ε).
    """
    p = economy.parameters
    openness = trade_openness(provisions, phase, economy)
    exports = gravity_exports(gdp, quality, openness, trade_shock, economy)
    access = np.swapaxes(provisions[:, TRADE], -1, -2)
    without_agreements = gravity_exports(
        gdp, quality,
        openness - p.agreement_trade_effect * access * phase * economy.complementarity,
        trade_shock, economy,
    )
    extra_imports = np.maximum(exports - without_agreements, 0.0).sum(axis=-2)
    returns = p.investment_return * investment_stock
    revenue = (indicators.tariffs(access, phase, economy.tariff) * exports).sum(axis=-2)
    level_costs = (
        p.technology_transfer_cost * _given(provisions[:, TECHNOLOGY])
        + p.security_cost * _given(provisions[:, SECURITY])
        + p.visa_cost * _given(provisions[:, VISA])
        + p.education_cost * _given(provisions[:, EDUCATION])
    ) * gdp
    gifts = provisions[:, GRANT] + p.loan_grant_element * provisions[:, LOAN]
    income = (
        gdp
        + revenue
        + _given(returns)
        - _received(returns)
        + _received(gifts)
        - _given(gifts)
        - p.adjustment_cost * extra_imports
        - p.investment_cost * _given(flows)
        - level_costs
    )
    income = np.maximum(income, 0.01 * gdp)
    lam = indicators.domestic_share(exports, gdp, p)
    return exports, income, indicators.welfare(income, population, lam, p)

"""A plain-Python reference of the model's yearly update, one country and one pair at a time.

``game.model.update.advance`` is a fixed sequence of numpy array operations over a batch of
states. This module states the same equations as explicit loops over countries ``i, j`` (and
sectors ``s``) with the ``math`` module, so that each line reads as the equation it computes.
It serves two purposes: a check that the vectorised update says what it means to say
(``tests/test_reference_update.py`` compares the two on every array of the state), and the
baseline of the speed-up figure in ``benchmarks/bench_model.py``.

Conventions, as in ``game.model.state``: a matrix ``m[i][j]`` is indexed provider (or owner,
or exporter) first; ``provisions[c][i][j]`` is what provider ``i`` gives receiver ``j`` in
channel ``c``; ``access[i][j]`` is how far ``j`` has opened its market to ``i``'s exports.
"Σ_i" below sums over providers (what ``j`` receives), "Σ_j" over receivers (what ``i`` gives).

numpy is used only to read the inputs (``tolist``) and to build the resulting ``ModelState``;
every number in between is a Python float.
"""

from __future__ import annotations

import math

import numpy as np

from game.model.parameters import Parameters
from game.model.state import (
    CHANNELS,
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
from game.model.update import LOAN_REPAYMENT

Vector = list[float]
Matrix = list[list[float]]


# --- small helpers ----------------------------------------------------------------------------
def clip(x: float, low: float, high: float) -> float:
    return min(max(x, low), high)


def received(matrix: Matrix, j: int) -> float:
    """Σ_i matrix[i][j]: what receiver j gets from all providers."""
    return sum(row[j] for row in matrix)


def given(matrix: Matrix, i: int) -> float:
    """Σ_j matrix[i][j]: what provider i gives to all receivers."""
    return sum(matrix[i])


def transpose(matrix: Matrix) -> Matrix:
    n = len(matrix)
    return [[matrix[j][i] for j in range(n)] for i in range(n)]


def member(array: np.ndarray, b: int) -> list:
    """Batch member ``b`` of an array whose leading axis is B or 1, as nested lists."""
    return array[b if array.shape[0] > 1 else 0].tolist()


# --- trust (beta reputation) -----------------------------------------------------------------
def trust(positive: float, negative: float) -> float:
    """Beta reputation (Jøsang & Ismail 2002): trust = (r + 1) / (r + s + 2)."""
    return (positive + 1.0) / (positive + negative + 2.0)


def update_trust(positive: Matrix, negative: Matrix, kept: Matrix, broken: Matrix,
                 distrust: Matrix, p: Parameters, provoked: Matrix | None = None,
                 goodwill: Matrix | None = None) -> tuple[Matrix, Matrix]:
    """The evidence ``[i][j]`` that i holds about j after one year.

    kept_evidence[i][j]   = keep_evidence            if j kept clauses towards i and broke none
    broken_evidence[i][j] = break_evidence · broken[i][j] · (retaliation_weight if i broke
                            towards j lately (provoked[i][j] = 1), else 1)        (standing)
    seen[i][j]            = observation_weight · Σ_{k ≠ i} evidence[k][j]     (i ≠ j; onlookers)
    r'[i][j] = forgetting · r[i][j] + kept_evidence[i][j] + seen_kept[i][j] + goodwill[i][j]
    s'[i][j] = forgetting · s[i][j] + broken_evidence[i][j] + seen_broken[i][j] + distrust[i][j] (i ≠ j)
    """
    n = len(positive)
    kept_evidence = [
        [p.keep_evidence if kept[i][j] > 0 and broken[i][j] == 0 else 0.0 for j in range(n)]
        for i in range(n)
    ]
    broken_evidence = [
        [broken[i][j] * p.break_evidence
         * (1.0 - (1.0 - p.retaliation_weight) * (provoked[i][j] if provoked else 0.0))
         for j in range(n)]
        for i in range(n)
    ]
    kept_about = [received(kept_evidence, j) for j in range(n)]  # all the kept evidence about j
    broken_about = [received(broken_evidence, j) for j in range(n)]
    new_positive: Matrix = [[0.0] * n for _ in range(n)]
    new_negative: Matrix = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i == j:
                seen_kept = seen_broken = shock = 0.0
            else:
                seen_kept = (kept_about[j] - kept_evidence[i][j]) * p.observation_weight
                seen_broken = (broken_about[j] - broken_evidence[i][j]) * p.observation_weight
                shock = distrust[i][j]
            new_positive[i][j] = (
                p.trust_forgetting * positive[i][j] + kept_evidence[i][j] + seen_kept
            )
            if goodwill is not None and i != j:
                new_positive[i][j] += goodwill[i][j]
            new_negative[i][j] = (
                p.trust_forgetting * negative[i][j] + broken_evidence[i][j] + seen_broken + shock
            )
    return new_positive, new_negative


# --- trade ------------------------------------------------------------------------------------
def gravity_exports(gdp: Vector, quality: Vector, openness: Matrix, trade_shock: float,
                    economy: Economy, resistance: Vector | None = None,
                    cut: Vector | None = None) -> Matrix:
    """Exports i → j from the calibrated gravity equation, imports capped.

    X[i][j] = pair_factor[i][j] · Y_i^a · Y_j^b · quality_i · exp(openness[i][j] − trade_shock)
    for i ≠ j (0 on the diagonal); then each importer's column is scaled down so that
    Σ_i X[i][j] ≤ maximum_import_share · Y_j.
    """
    p = economy.parameters
    pair_factor = economy.pair_factor.tolist()
    n = len(gdp)
    exports: Matrix = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i != j:
                exports[i][j] = (
                    pair_factor[i][j]
                    * gdp[i] ** p.origin_gdp_elasticity
                    * gdp[j] ** p.destination_gdp_elasticity
                    * quality[i]
                    * math.exp(openness[i][j] - trade_shock)
                    * (1.0 - cut[i] if cut else 1.0)  # a disruption by i cuts its exports
                )
                if resistance is not None:  # diversion: every sale to j divided by Π_j
                    exports[i][j] /= resistance[j]
    for j in range(n):
        cap = p.maximum_import_share * gdp[j]
        total = received(exports, j)
        if total > cap:
            for i in range(n):
                exports[i][j] *= cap / total
    return exports


def agreement_openness(access: Matrix, phase: Matrix, economy: Economy) -> Matrix:
    """[i][j]: log trade boost of i's exports to j from j's trade liberalisation towards i,
    agreement_trade_effect · access · phase · complementarity."""
    p = economy.parameters
    complementarity = economy.complementarity.tolist()
    n = len(access)
    return [
        [p.agreement_trade_effect * access[i][j] * phase[i][j] * complementarity[i][j]
         for j in range(n)]
        for i in range(n)
    ]


def visa_openness(provisions: list, economy: Economy) -> Matrix:
    """[i][j]: log trade boost of i's exports to j from j easing visas for i's people."""
    p = economy.parameters
    n = len(provisions[VISA])
    return [[p.visa_trade_effect * provisions[VISA][j][i] for j in range(n)] for i in range(n)]


def trade_and_welfare(gdp: Vector, population: Vector, quality: Vector, phase: Matrix,
                      investment_stock: Matrix, provisions: list, flows: Matrix,
                      repayments: Matrix, trade_shock: float, economy: Economy,
                      year_costs: Vector | None = None, cut: Vector | None = None,
                      ) -> tuple[Matrix, Vector, Vector, Vector]:
    """Exports, imports from the rest of the world, national income and welfare for one
    year's output and clauses.

    Ω[i][j] = agreement openness + opening[i][j] · ln q_i + visa openness (opening = access ·
    phase: export quality counts where the market opened);
    Π_j = 1 + Σ_i s⁰[i][j] (exp(Ω[i][j] − Ω⁰[i][j]) − 1)  (trade diversion);
    X[i][j] = gravity(Y, q = 1, Ω) / Π_j, capped; world_j = world_factor_j Y_j^b e^(−shock) / Π_j;
    income_c = Y_c + tariff revenue_c (on the rest of the world's goods too) + returns earned
               abroad_c − returns paid_c + aid and repayments received_c − aid and repayments
               paid_c − adjustment_cost · extra imports_c + trade_productivity_effect · extra
               exports_c − export_loss_cost · Σ_j X[c][j] (Π_j − 1) −
               investment_cost · flows sent_c − clause costs_c, at least 1 % of Y_c;
    λ_c = 1 − min((imports_c + world_c) / Y_c, maximum_import_share);
    welfare_c = income_c / population_c · λ_c^(−1/ε)   (Arkolakis, Costinot & Rodríguez-Clare 2012).
    """
    p = economy.parameters
    n = len(gdp)
    access = transpose(provisions[TRADE])
    agreements = agreement_openness(access, phase, economy)
    visas = visa_openness(provisions, economy)
    openness = [[agreements[i][j] + access[i][j] * phase[i][j] * math.log(quality[i])
                 + visas[i][j] for j in range(n)] for i in range(n)]
    start_share = economy.start_share.tolist()
    start_openness = economy.start_openness.tolist()
    resistance = [
        1.0 + sum(start_share[i][j] * (math.exp(openness[i][j] - start_openness[i][j]) - 1.0)
                  for i in range(n))
        for j in range(n)
    ]
    ones = [1.0] * n
    exports = gravity_exports(gdp, ones, openness, trade_shock, economy, resistance, cut)
    # The same year without the trade agreements' effect (visas still count), nor diversion.
    without_agreements = gravity_exports(gdp, ones, visas, trade_shock, economy, cut=cut)
    world_factor = economy.world_factor.tolist()
    world = [world_factor[c] * gdp[c] ** p.destination_gdp_elasticity
             * math.exp(-trade_shock) / resistance[c] for c in range(n)]
    tariff = economy.tariff.tolist()

    income: Vector = [0.0] * n
    welfare: Vector = [0.0] * n
    for c in range(n):
        extra_imports = sum(
            max(exports[i][c] - without_agreements[i][c], 0.0) for i in range(n)
        )
        extra_exports = sum(
            max(exports[c][j] - without_agreements[c][j], 0.0) for j in range(n)
        )
        lost = sum(exports[c][j] * (resistance[j] - 1.0) for j in range(n))
        # The tariff c charges on i's goods falls as c's liberalisation towards i phases in.
        revenue = sum(
            tariff[c] * (1.0 - access[i][c] * phase[i][c]) * exports[i][c] for i in range(n)
        ) + tariff[c] * world[c]
        returns_earned = sum(p.investment_return * investment_stock[c][j] for j in range(n))
        returns_paid = sum(p.investment_return * investment_stock[i][c] for i in range(n))
        # Grants and loans arrive in full; repayments of earlier loans flow back to lenders.
        gifts_received = sum(
            provisions[GRANT][i][c] + provisions[LOAN][i][c] + repayments[c][i]
            for i in range(n)
        )
        gifts_given = sum(
            provisions[GRANT][c][j] + provisions[LOAN][c][j] + repayments[j][c]
            for j in range(n)
        )
        clause_costs = (
            p.technology_transfer_cost * given(provisions[TECHNOLOGY], c)
            + p.security_cost * given(provisions[SECURITY], c)
            + p.visa_cost * given(provisions[VISA], c)
            + p.education_cost * given(provisions[EDUCATION], c)
        ) * gdp[c]
        value = (
            gdp[c]
            + revenue
            + returns_earned
            - returns_paid
            + gifts_received
            - gifts_given
            - p.adjustment_cost * extra_imports
            + p.trade_productivity_effect * extra_exports
            - p.export_loss_cost * lost
            - p.investment_cost * given(flows, c)
            - clause_costs
            - (year_costs[c] if year_costs else 0.0)
        )
        income[c] = max(value, 0.01 * gdp[c])
        domestic_share = 1.0 - min((received(exports, c) + world[c]) / gdp[c],
                                   p.maximum_import_share)
        welfare[c] = income[c] / population[c] * domestic_share ** (-1.0 / p.trade_elasticity)
    return exports, world, income, welfare


# --- the yearly update ------------------------------------------------------------------------
def advance(state: ModelState, economy: Economy, provisions: np.ndarray,
            compliance: Compliance, shocks: Shocks) -> ModelState:
    """The next year's state, batch member by batch member (``provisions`` and ``compliance``
    may have a batch of one, which then applies to every member)."""
    members = [
        advance_member(state, economy, provisions, compliance, shocks, b)
        for b in range(state.batch_size)
    ]
    return ModelState(
        year=state.year + 1,
        **{name: np.array([m[name] for m in members], dtype=float)
           for name in state.arrays()},
    )


def advance_member(state: ModelState, economy: Economy, provisions: np.ndarray,
                   compliance: Compliance, shocks: Shocks, b: int) -> dict[str, list]:
    """Member ``b`` of the next year's state, as nested lists by field name."""
    p = economy.parameters
    n = state.countries
    countries = range(n)
    start = economy.start
    prov = member(provisions, b)  # prov[channel][i][j]
    assert len(prov) == CHANNELS

    gdp = member(state.gdp, b)
    technology_old = member(state.technology, b)
    human_capital_old = member(state.human_capital, b)
    security_old = member(state.security, b)
    stability_old = member(state.stability, b)
    start_human_capital = member(start.human_capital, 0)
    start_security = member(start.security, 0)
    start_stability = member(start.stability, 0)
    start_gdp = member(start.gdp, 0)
    start_stock = member(start.investment_stock, 0)
    growth_trend = economy.growth.tolist()
    growth_shock = shocks.growth.tolist()
    technology_shock = shocks.technology.tolist()
    security_shock = shocks.security.tolist()
    stability_shock = shocks.stability.tolist()
    investment_shock = float(shocks.investment)

    # Trade phase-in: while j keeps its market open to i the phase grows by 1/phase_in_years
    # up to 1; once it closes, a share phase_out_share of it is lost each year.
    access = transpose(prov[TRADE])  # access[i][j] = prov[TRADE][j][i]
    phase_old = member(state.trade_phase, b)
    phase = [
        [min(phase_old[i][j] + 1.0 / p.phase_in_years, 1.0) if access[i][j] > 0
         else phase_old[i][j] * (1.0 - p.phase_out_share)
         for j in countries]
        for i in countries
    ]

    # Technology. gap[i][j] = max(T_i − T_j, 0);
    # transferred[i][j] = rate · level[i][j] · gap[i][j] · (0.5 + 0.5 · H_j);
    # trained[i][j] = transferred[i][j] · min(training[i][j], 1) · training_share;
    # T'_j = clip(T_j + min(Σ_i transferred[i][j], max_i gap[i][j]) + innovation_j, 0.01, 1),
    # innovation_j = (domestic_innovation · H_j + shock_j) · (1 − T_j).
    gap = [[max(technology_old[i] - technology_old[j], 0.0) for j in countries] for i in countries]
    absorption = [0.5 + 0.5 * human_capital_old[j] for j in countries]
    transferred = [
        [p.technology_transfer_rate * prov[TECHNOLOGY][i][j] * gap[i][j] * absorption[j]
         for j in countries]
        for i in countries
    ]
    trained = [
        [transferred[i][j] * min(prov[TRAINING][i][j], 1.0) * p.training_share for j in countries]
        for i in countries
    ]
    received_old = member(state.technology_received, b)
    own_capability_old = member(state.own_capability, b)
    # A licence withdrawn by i: j loses the share licence[i] of what it received from i and has
    # not mastered (received_old), never below what it masters itself.
    licence = shocks.licence.tolist() if shocks.licence is not None else None
    lost = [0.0] * n
    if licence is not None:
        for i in countries:
            for j in countries:
                withdrawn = licence[i] * received_old[i][j]
                lost[j] += withdrawn
                received_old[i][j] -= withdrawn
    technology: Vector = []
    own_capability: Vector = []
    for j in countries:
        offered = received(transferred, j)
        inflow = min(offered, max(gap[i][j] for i in countries))
        # What exceeds the gap to the best source never arrives: scale receiver j's column.
        arrived = inflow / offered if offered > 0 else 1.0
        for i in countries:
            transferred[i][j] *= arrived
            trained[i][j] *= arrived
        innovation = (
            p.domestic_innovation * human_capital_old[j] + technology_shock[j]
        ) * (1.0 - technology_old[j])
        technology.append(clip(technology_old[j] + inflow + innovation - lost[j], 0.01, 1.0))
        if licence is not None:
            technology[j] = max(technology[j], min(own_capability_old[j], 1.0))
        own_capability.append(min(own_capability_old[j] + received(trained, j) + innovation,
                                  technology[j]))
    technology_received = [
        [p.source_memory * received_old[i][j] + transferred[i][j] - trained[i][j]
         for j in countries]
        for i in countries
    ]

    # Human capital: H'_j = clip(H_j + learning_j · (1 − H_j) − depreciation · (H_j − H0_j), 0, 1),
    # learning_j from education, training and visas received (each level capped at 1).
    human_capital: Vector = []
    for j in countries:
        learning = (
            p.education_rate * min(received(prov[EDUCATION], j), 1.0)
            + p.training_rate * min(received(prov[TRAINING], j), 1.0)
            + p.visa_human_capital_rate * min(received(prov[VISA], j), 1.0)
        )
        human_capital.append(clip(
            human_capital_old[j]
            + learning * (1.0 - human_capital_old[j])
            - p.human_capital_depreciation * (human_capital_old[j] - start_human_capital[j]),
            0.0,
            1.0,
        ))

    # Investment: flows[i][j] = amount[i][j] · (1 − crisis share);
    # stock'[i][j] = stock[i][j] · (1 − depreciation) + flows[i][j].
    stock_old = member(state.investment_stock, b)
    cut = shocks.cut.tolist() if shocks.cut is not None else None
    flows = [
        [prov[INVESTMENT][i][j] * (1.0 - investment_shock) * (1.0 - cut[i] if cut else 1.0)
         for j in countries]
        for i in countries
    ]
    investment_stock = [
        [stock_old[i][j] * (1.0 - p.depreciation) + flows[i][j] for j in countries]
        for i in countries
    ]

    # Aid: j repays i repayment · debt[i][j] a year;
    # debt'[i][j] = debt[i][j] − repayment[i][j] + loan[i][j] · (1 − grant element);
    # aid received_j = Σ_i (grant[i][j] + loan[i][j]).
    debt_old = member(state.debt, b)
    repayments = [[LOAN_REPAYMENT * debt_old[i][j] for j in countries] for i in countries]
    debt = [
        [debt_old[i][j] - repayments[i][j] + prov[LOAN][i][j] * (1.0 - p.loan_grant_element)
         for j in countries]
        for i in countries
    ]
    aid_in = [received(prov[GRANT], j) + received(prov[LOAN], j) for j in countries]

    # Security: S'_j = clip(S_j + rate · min(Σ_i level[i][j], 1) · (1 − S_j)
    #                        − recovery · (S_j − S0_j) − shock_j, 0, 1).
    # Stability drifts towards a target that rises with the foreign share of capital:
    # target_j = Z0_j + effect · (Σ_i stock'[i][j] / (K · Y_j) − Σ_i stock0[i][j] / (K · Y0_j)).
    security: Vector = []
    stability: Vector = []
    capital = [p.capital_output_ratio * gdp[j] for j in countries]
    for j in countries:
        security.append(clip(
            security_old[j]
            + p.security_rate * min(received(prov[SECURITY], j), 1.0) * (1.0 - security_old[j])
            - p.security_recovery * (security_old[j] - start_security[j])
            - security_shock[j],
            0.0,
            1.0,
        ))
        foreign_share = received(investment_stock, j) / capital[j]
        start_foreign_share = received(start_stock, j) / (p.capital_output_ratio * start_gdp[j])
        target = start_stability[j] + p.investment_stability_effect * (
            foreign_share - start_foreign_share
        )
        stability.append(clip(
            stability_old[j]
            + p.stability_recovery * (clip(target, 0.0, 1.0) - stability_old[j])
            - stability_shock[j],
            0.0,
            1.0,
        ))

    # Output: Y'_j = Y_j · max(growth_j, 0.05) with
    # growth_j = (1 + g_j + shock_j) · (T'_j / T_j)^α_T · (max(H'_j, .01) / max(H_j, .01))^α_H
    #            · (1 + capital_share · Σ_i flows[i][j] / (K · Y_j)) · (1 + aid_effectiveness · aid_j / Y_j)
    #            · (1 − stability_growth_effect · max(Z0_j − Z'_j, 0)).
    population_old = member(state.population, b)
    productivity_old = member(state.productivity, b)
    new_gdp: Vector = []
    population: Vector = []
    productivity: Matrix = []
    for j in countries:
        technology_ratio = (technology[j] / technology_old[j]) ** p.technology_output_elasticity
        growth = (
            (1.0 + growth_trend[j] + growth_shock[j])
            * technology_ratio
            * (max(human_capital[j], 0.01) / max(human_capital_old[j], 0.01))
            ** p.human_capital_output_elasticity
            * (1.0 + p.capital_share * received(flows, j) / capital[j])
            * (1.0 + p.aid_effectiveness * aid_in[j] / gdp[j])
            * (1.0 - p.stability_growth_effect * max(start_stability[j] - stability[j], 0.0))
        )
        new_gdp.append(gdp[j] * max(growth, 0.05))
        population.append(population_old[j] * (1.0 + economy.population_growth))
        productivity.append([x * technology_ratio for x in productivity_old[j]])

    # Export quality: q'_i = q_i · (1 + quality_growth · min(Σ_j access[i][j] · phase'[i][j], 1)).
    quality_old = member(state.quality, b)
    quality = [
        quality_old[i] * (1.0 + p.quality_growth * min(
            sum(access[i][j] * phase[i][j] for j in countries), 1.0))
        for i in countries
    ]
    # The year's other costs. Domestic pressure: pressure_cost · pressure_c · Y'_c ·
    # √(Σ_i access[i][c] · share[i][c]), share = last year's shares of all imports (the rest of the
    # world's counted); a partner's disruption:
    # disruption_output_loss · min(imports_c / Y_c, 1) · Σ_i cut_i · share[i][c]² · Y'_c;
    # investment withheld by a breach is spent at home: − withheld_investment_spending · withheld_c.
    exports_old = member(state.exports, b)
    world_old = member(state.world_imports, b)  # imports from the rest of the world count too
    pressure = shocks.pressure.tolist() if shocks.pressure is not None else None
    withheld = member(compliance.withheld, b) if compliance.withheld is not None else None
    year_costs = [0.0] * n
    for c in countries:
        imports_old = received(exports_old, c) + world_old[c]
        shares = [exports_old[i][c] / imports_old if imports_old > 0 else 0.0 for i in countries]
        if pressure is not None:
            opened = sum(access[i][c] * shares[i] for i in countries)
            year_costs[c] += p.pressure_cost * pressure[c] * math.sqrt(opened) * new_gdp[c]
        if cut is not None:
            lost_supply = sum(cut[i] * shares[i] ** 2 for i in countries)
            year_costs[c] += (p.disruption_output_loss * min(imports_old / gdp[c], 1.0)
                              * lost_supply * new_gdp[c])
        if withheld is not None:
            year_costs[c] -= p.withheld_investment_spending * withheld[c]
    exports, world_imports, income, welfare = trade_and_welfare(
        new_gdp, population, quality, phase, investment_stock, prov, flows, repayments,
        float(shocks.trade), economy, year_costs, cut,
    )

    # Aid buys goodwill: goodwill[j][i] = aid_goodwill · min(aid[i][j] / Y0_j, 1 %) / 1 %.
    goodwill = [
        [p.aid_goodwill * min((prov[GRANT][i][j] + prov[LOAN][i][j]) / start_gdp[j], 0.01) / 0.01
         for i in countries]
        for j in countries
    ]
    trust_positive, trust_negative = update_trust(
        member(state.trust_positive, b),
        member(state.trust_negative, b),
        member(compliance.kept, b),
        member(compliance.broken, b),
        shocks.distrust.tolist(),
        p,
        member(compliance.provoked, b) if compliance.provoked is not None else None,
        goodwill,
    )

    return {
        "gdp": new_gdp,
        "population": population,
        "technology": technology,
        "own_capability": own_capability,
        "human_capital": human_capital,
        "security": security,
        "stability": stability,
        "quality": quality,
        "productivity": productivity,
        "exports": exports,
        "world_imports": world_imports,
        "trade_phase": phase,
        "trust_positive": trust_positive,
        "trust_negative": trust_negative,
        "investment_stock": investment_stock,
        "technology_received": technology_received,
        "debt": debt,
        "income": income,
        "welfare": welfare,
    }

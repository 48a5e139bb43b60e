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

#: ``np.clip``'s own ufunc: ``_CLIP(a, low, high)`` calls it with the same arguments after two
#: layers of Python (about 2 µs a call on the AI's small batches; five calls a year).
#: Both are numpy's private names: where a numpy lacks them, the public functions are used.
_CLIP = getattr(getattr(getattr(np, "_core", None), "umath", None), "clip", None) or np.clip
#: ``np.einsum``'s own function: without ``optimize`` (the default) ``np.einsum`` calls it with
#: the same arguments, after a Python layer (about 1 µs a call).
_EINSUM = getattr(getattr(np, "_core", None), "multiarray", np).__dict__.get("c_einsum", np.einsum)
#: The vectors of ones of ``indicators.ones``, by length (looked up here without the call).
_ONES = indicators._ONES

#: Matrices of at most this many countries, in batches of more than 64, are summed with
#: ``einsum`` (``_received``).
SMALL_NEIGHBOURHOOD = 8
#: Share of soft-loan debt repaid a year.
LOAN_REPAYMENT = 0.1
#: Aid of this share of the receiver's GDP a year buys the full goodwill (``aid_goodwill``).
GOODWILL_SHARE = 0.01


def trade_terms(provisions: np.ndarray, phase: np.ndarray, economy: Economy
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(access, agreement term, visa term), each (B, n, n) [i, j]: how far j has opened its
    market to i, and the log trade boosts of i's exports to j from j's clauses towards i."""
    p = economy.parameters
    access = np.swapaxes(provisions[:, TRADE], -1, -2)
    agreement_term = p.agreement_trade_effect * access * phase * economy.complementarity
    visa_term = p.visa_trade_effect * np.swapaxes(provisions[:, VISA], -1, -2)
    return access, agreement_term, visa_term


def trade_openness(provisions: np.ndarray, phase: np.ndarray, economy: Economy) -> np.ndarray:
    """(B, n, n) [i, j]: total log trade boost of i's exports to j from j's clauses."""
    _, agreement_term, visa_term = trade_terms(provisions, phase, economy)
    return agreement_term + visa_term


def gravity_base(gdp: np.ndarray, quality: np.ndarray, economy: Economy) -> np.ndarray:
    """(B, n, n): the gravity equation without its agreement term, F_ij · Y_i^a · Y_j^b · q_i
    (zero on the diagonal, where the pair factor is zero)."""
    return _gravity_base(gdp, quality, economy)[0]


def _gravity_base(gdp: np.ndarray, quality: np.ndarray | float, economy: Economy
                  ) -> tuple[np.ndarray, np.ndarray]:
    """``gravity_base`` and Y_j^b, which the rest of the world's sales use too. A quality of
    1.0 multiplies nothing (x · 1.0 is x, bit for bit)."""
    p = economy.parameters
    origin = gdp ** p.origin_gdp_elasticity
    if not (isinstance(quality, float) and quality == 1.0):
        origin = origin * quality
    destination = gdp ** p.destination_gdp_elasticity
    base = economy.pair_factor * origin[:, :, None]
    base *= destination[:, None, :]  # in place: one temporary fewer, the same numbers
    return base, destination


def capped(exports: np.ndarray, gdp: np.ndarray, parameters: Parameters,
           in_place: bool = False) -> np.ndarray:
    """Exports with each country's imports scaled down to at most the maximum import share.

    A scale of one changes nothing, so ``exports`` itself comes back when no country reaches the
    cap; ``in_place`` scales ``exports`` (a temporary of the caller) where it stands."""
    return _capped(exports, gdp, parameters, in_place)[0]


def _capped(exports: np.ndarray, gdp: np.ndarray, parameters: Parameters,
            in_place: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
    """``capped``, and what each country imports from the others when no country reached the
    cap (the sum it checked, ``_received`` of what comes back), else None."""
    cap = parameters.maximum_import_share * gdp
    total = _received(exports)
    over = total > cap
    if not np.count_nonzero(over):  # (``over.any()`` goes through Python: 1 µs more)
        return exports, total
    scale = np.where(over, cap / np.maximum(total, 1e-300), 1.0)
    if not in_place:
        return exports * scale[:, None, :], None
    return np.multiply(exports, scale[:, None, :], out=exports), None


def gravity_exports(gdp: np.ndarray, quality: np.ndarray, openness: np.ndarray,
                    trade_shock: float, economy: Economy) -> np.ndarray:
    """(B, n, n): exports i → j from the calibrated gravity equation, imports capped."""
    base = gravity_base(gdp, quality, economy)
    return capped(base * np.exp(openness - trade_shock), gdp, economy.parameters)


def _received(matrix: np.ndarray) -> np.ndarray:
    """(B, n): what each receiver j gets from all providers, Σ_i matrix[i, j].

    Written as a product with a vector of ones: on a batch of small matrices it is several
    times faster than ``sum(axis=-2)``, whose inner loop runs over only n numbers; on the
    thousands of six-country neighbourhoods of a large scenario ``einsum`` is faster still
    (a fixed choice by size, so the same inputs always give the same bits)."""
    if matrix.shape[-1] <= SMALL_NEIGHBOURHOOD and matrix.ndim == 3 and len(matrix) > 64:
        return _EINSUM("bij->bj", matrix)
    ones = _ONES.get(matrix.shape[-2])
    return (indicators.ones(matrix.shape[-2]) if ones is None else ones) @ matrix


def _plus(fresh: np.ndarray, other: np.ndarray) -> np.ndarray:
    """fresh + other, written into ``fresh`` (a temporary of the caller) when it has the shape
    of the sum: the same numbers, one allocation fewer."""
    return np.add(fresh, other, out=fresh) if fresh.shape == np.shape(other) else fresh + other


def _times(fresh: np.ndarray, other: np.ndarray) -> np.ndarray:
    """fresh × other, written into ``fresh`` when it has the shape of the product."""
    return np.multiply(fresh, other, out=fresh) if fresh.shape == np.shape(other) else fresh * other


def _given(matrix: np.ndarray) -> np.ndarray:
    """(B, n): what each provider i gives to all receivers, Σ_j matrix[i, j].

    The batch's rows as one matrix times a vector of ones: one product for the whole batch,
    where a stacked product makes one per member (three times faster on thousands of small
    neighbourhoods)."""
    n = matrix.shape[-1]
    ones = _ONES.get(n)
    return (matrix.reshape(-1, n) @ (indicators.ones(n) if ones is None else ones)).reshape(
        matrix.shape[:-1])


#: Channels whose total received counts only up to a level of 1 (RECEIVED_CAP): security,
#: and education, training and visas for human capital (in this order in ``advance``'s
#: ``outside``). The AI reuses this rule (``counted_received``, ``received_room``).
SATURATING_CHANNELS = (SECURITY, EDUCATION, TRAINING, VISA)
#: The most that a country's total received in one of SATURATING_CHANNELS counts for.
RECEIVED_CAP = 1.0


def counted_received(total: np.ndarray) -> np.ndarray:
    """How much of what a country receives in all in one of SATURATING_CHANNELS counts:
    up to RECEIVED_CAP (a hundredth security pact adds no security)."""
    return np.minimum(total, RECEIVED_CAP)


def received_room(base: np.ndarray, added: np.ndarray) -> np.ndarray:
    """How much of ``added`` still counts on top of ``base`` in one of SATURATING_CHANNELS:
    counted_received(base + added) − counted_received(base)."""
    return counted_received(base + added) - counted_received(base)


def _provision_terms(provisions: np.ndarray, p: Parameters, derived: dict | None,
                     outside: np.ndarray | None = None) -> dict:
    """What the yearly update derives from the provisions alone (and the parameters, and what
    comes from outside the model), kept in ``derived`` while it holds the same provisions: a
    projection passes the same provisions every year, and these are the same numbers each
    time."""
    if (derived is not None and derived.get("provisions") is provisions
            and derived.get("p") is p and derived.get("outside") is outside):
        return derived
    terms = {} if derived is None else derived
    terms.clear()
    terms["provisions"], terms["p"], terms["outside"] = provisions, p, outside

    def received(channel: int) -> np.ndarray:
        total = _received(provisions[:, channel])
        if outside is None:
            return total
        return total + outside[:, SATURATING_CHANNELS.index(channel)]

    access = np.swapaxes(provisions[:, TRADE], -1, -2)
    terms["access"], terms["open"] = access, access > 0
    terms["technology"] = bool(provisions[:, TECHNOLOGY].any())
    terms["learning"] = (
        p.education_rate * counted_received(received(EDUCATION))
        + p.training_rate * counted_received(received(TRAINING))
        + p.visa_human_capital_rate * counted_received(received(VISA))
    )
    terms["security"] = p.security_rate * counted_received(received(SECURITY))
    loans = provisions[:, LOAN]
    terms["debt"] = loans * (1.0 - p.loan_grant_element) if loans.any() else None
    grants = provisions[:, GRANT]
    aid = grants + loans if grants.any() else loans  # grants are rare: adding zeros changes nothing
    terms["aid"], terms["aid in"], terms["aid out"] = aid, _received(aid), _given(aid)
    flows = provisions[:, INVESTMENT]
    terms["capital in"] = p.capital_share * _received(flows)
    terms["investment cost"] = p.investment_cost * _given(flows)
    terms["level costs"] = (
        p.technology_transfer_cost * _given(provisions[:, TECHNOLOGY])
        + p.security_cost * _given(provisions[:, SECURITY])
        + p.visa_cost * _given(provisions[:, VISA])
        + p.education_cost * _given(provisions[:, EDUCATION])
    )
    terms["visas"] = bool(provisions[:, VISA].any())
    if terms["visas"]:  # the visas' log trade boost [i, j] and its exponential, every year
        terms["visa term"] = p.visa_trade_effect * np.swapaxes(provisions[:, VISA], -1, -2)
        terms["visa boost"] = np.exp(terms["visa term"])
    if terms["technology"]:  # what the transfers of every year start from
        terms["transfer rate"] = p.technology_transfer_rate * provisions[:, TECHNOLOGY]
        terms["training"] = np.minimum(provisions[:, TRAINING], 1.0)
    return terms


def _technology_transfers(state: ModelState, p: Parameters, terms: dict
                          ) -> tuple[np.ndarray | float, np.ndarray, np.ndarray]:
    """(still foreign, trained, inflow): technology moved from source i to receiver j this year
    that still counts as foreign [i, j], the part each receiver made its own through training,
    and each receiver's gain [j].

    A transfer closes part of the gap to the source, more so with more human capital; a
    receiver never passes its best source, and what exceeds that gap does not arrive.
    ``terms`` (``_provision_terms``) holds the transfer rates and the training shares."""
    if not terms["technology"]:  # the common case: no transfer at all
        nothing = np.zeros_like(state.technology)
        return 0.0, nothing, nothing
    technology = state.technology
    gap = technology[:, :, None] - technology[:, None, :]
    np.maximum(gap, 0.0, out=gap)
    absorption = 0.5 + 0.5 * state.human_capital
    rate = terms["transfer rate"]  # (a product is the same either way round, bit for bit)
    transferred = np.multiply(gap, rate, out=gap) if gap.shape == rate.shape else gap * rate
    transferred *= absorption[:, None, :]
    offered = _received(transferred)
    # The gap to the best source, max_i gap[i, j]: rounding is monotonic, so the largest
    # rounded difference is the rounded difference from the largest technology.
    best_gap = np.maximum(technology.max(axis=-1, keepdims=True) - technology, 0.0)
    inflow = np.minimum(offered, best_gap)
    arrived = np.divide(inflow, offered, out=np.ones_like(inflow), where=offered > 0)
    transferred *= arrived[:, None, :]
    trained = terms["training"] * transferred
    trained *= p.training_share
    return np.subtract(transferred, trained, out=transferred), _received(trained), inflow


def advance(state: ModelState, economy: Economy, provisions: np.ndarray,
            compliance: Compliance, shocks: Shocks, derived: dict | None = None,
            outside: np.ndarray | None = None) -> ModelState:
    """The next year's state. ``provisions`` is (B or 1, CHANNELS, n, n). A caller that
    advances several years with the same provisions (not modified in between) may pass the
    same dict ``derived`` every year: what depends on the provisions alone is kept there.
    ``outside`` (B or 1, 4, n), for a neighbourhood cut from a larger world: what each of its
    countries receives in SATURATING_CHANNELS from the countries left out, which counts
    towards their level of 1 (a country the world already covers gains nothing more)."""
    p: Parameters = economy.parameters
    start = economy.start
    gdp = state.gdp
    terms = _provision_terms(provisions, p, derived, outside)

    # Trade phase-in: grows while a market stays open, erodes when it closes.
    access = terms["access"]
    grown = state.trade_phase + 1.0 / p.phase_in_years
    phase = state.trade_phase * (1.0 - p.phase_out_share)
    np.copyto(phase, np.minimum(grown, 1.0, out=grown), where=terms["open"])  # faster than np.where

    # Technology: transfers close part of the gap to the source; training makes it one's own.
    innovation = (
        p.domestic_innovation * state.human_capital + shocks.technology
    ) * (1.0 - state.technology)
    foreign, trained, inflow = _technology_transfers(state, p, terms)
    received_before, lost = _licences_withdrawn(state, shocks)
    if terms["technology"]:
        technology = state.technology + inflow
        technology += innovation
    else:  # no transfer: adding zeros could only turn a −0 into +0, which the clip makes 0.01
        technology = state.technology + innovation
    if shocks.licence is not None:  # (x − 0.0 is x, bit for bit)
        technology -= lost
    technology = _CLIP(technology, 0.01, 1.0, out=technology)
    if shocks.licence is not None:  # what the country masters itself stays
        technology = np.maximum(technology, np.minimum(state.own_capability, 1.0))
    technology_received = _plus(p.source_memory * received_before, foreign)
    own_capability = np.minimum(state.own_capability + trained + innovation, technology)

    # Human capital: education exchange, training, people moving with visas; drifts back slowly.
    learning = terms["learning"]
    human_capital = _CLIP(
        state.human_capital
        + learning * (1.0 - state.human_capital)
        - p.human_capital_depreciation * (state.human_capital - start.human_capital),
        0.0,
        1.0,
    )

    # Investment: stocks grow by the flows (cut in a financial crisis) and depreciate.
    flows = provisions[:, INVESTMENT]
    capital_in, investment_cost = terms["capital in"], terms["investment cost"]
    if shocks.investment or shocks.cut is not None:  # (a factor of one would change nothing)
        flows = flows * (1.0 - shocks.investment)
        if shocks.cut is not None:  # a disrupting country's flows are cut too
            flows = flows * (1.0 - shocks.cut)[:, None]
        capital_in = p.capital_share * _received(flows)
        investment_cost = p.investment_cost * _given(flows)
    investment_stock = state.investment_stock * (1.0 - p.depreciation)
    investment_stock += flows

    # Aid: grants are gifts; of a soft loan the grant element is a gift and the rest becomes
    # debt, repaid a share a year (the repayments flow back to the lender).
    repayments = LOAN_REPAYMENT * state.debt
    debt = state.debt - repayments
    if terms["debt"] is not None:  # some loan (adding zeros would change nothing)
        debt += terms["debt"]
    aid, aid_in = terms["aid"], terms["aid in"]

    # Security and stability.
    security = _CLIP(
        state.security
        + terms["security"] * (1.0 - state.security)
        - p.security_recovery * (state.security - start.security)
        - shocks.security,
        0.0,
        1.0,
    )
    capital = p.capital_output_ratio * gdp
    investment_in = _received(investment_stock)
    foreign_share = investment_in / capital
    stability_target = start.stability + p.investment_stability_effect * (
        foreign_share - economy.start_foreign_share
    )
    stability = _CLIP(
        state.stability
        + p.stability_recovery * (_CLIP(stability_target, 0.0, 1.0) - state.stability)
        - shocks.stability,
        0.0,
        1.0,
    )

    # Output: trend growth, technology, human capital, foreign capital, aid, stability, shocks.
    technology_gain = (technology / state.technology) ** p.technology_output_elasticity
    growth = (
        _trend_growth(terms, economy, shocks)
        * technology_gain
        * (np.maximum(human_capital, 0.01) / np.maximum(state.human_capital, 0.01))
        ** p.human_capital_output_elasticity
        * (1.0 + capital_in / capital)
        * (1.0 + _aid_effect(terms, p) / gdp)
        * (1.0 - p.stability_growth_effect * np.maximum(start.stability - stability, 0.0))
    )
    new_gdp = gdp * np.maximum(growth, 0.05)
    population = state.population * (1.0 + economy.population_growth)
    productivity = state.productivity * technology_gain[:, :, None]

    # Trade: export quality rises with market access abroad; gravity gives the flows.
    opening = np.multiply(access, phase, out=grown)  # [i, j]: j's opening to i (grown's memory)
    access_abroad = np.minimum(_given(opening), 1.0)
    quality = state.quality * (1.0 + p.quality_growth * access_abroad)
    exports, world_imports, income, welfare = _trade_and_welfare(
        new_gdp, population, quality, opening, investment_stock, investment_in, provisions,
        flows, aid, aid_in, repayments, shocks.trade, economy, terms, investment_cost,
        _year_costs(state, new_gdp, compliance, shocks, terms, p), shocks.cut,
    )

    # Trust: evidence fades; kept and broken clauses add evidence, third parties see a share;
    # aid received buys the donor goodwill.
    if terms.get("goodwill economy") is not economy:  # the same every year of a projection
        terms["goodwill economy"] = economy
        terms["goodwill"] = (aid_goodwill(aid, economy.start.gdp, p) * economy.off_diagonal
                             if np.count_nonzero(aid_in) else None)
    trust_positive, trust_negative = _update_trust(state, compliance, shocks, economy,
                                                   terms["goodwill"])

    return ModelState.made(
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
        world_imports=world_imports,
        trade_phase=phase,
        trust_positive=trust_positive,
        trust_negative=trust_negative,
        investment_stock=investment_stock,
        technology_received=technology_received,
        debt=debt,
        income=income,
        welfare=welfare,
    )


def _trend_growth(terms: dict, economy: Economy, shocks: Shocks) -> np.ndarray:
    """1 + underlying growth + the growth shock, kept in ``terms`` for the years that share
    the same shocks (a projection's quiet years) and economy."""
    known = terms.get("trend growth")
    if known is not None and known[0] is economy and known[1] is shocks:
        return known[2]
    factor = 1.0 + economy.growth + shocks.growth
    terms["trend growth"] = (economy, shocks, factor)
    return factor


def _aid_effect(terms: dict, p: Parameters) -> np.ndarray:
    """aid_effectiveness × the aid each country receives, the same every year of a projection
    (kept in ``terms``)."""
    effect = terms.get("aid effect")
    if effect is None:
        effect = terms["aid effect"] = p.aid_effectiveness * terms["aid in"]
    return effect


def aid_goodwill(aid: np.ndarray, start_gdp: np.ndarray, p: Parameters) -> np.ndarray:
    """(B, n, n) [j, i]: the positive evidence j gains a year about i from the aid (grants and
    loans) ``aid`` [i, j] it receives: ``aid_goodwill`` pieces at aid of GOODWILL_SHARE of its
    starting GDP or more, in proportion below."""
    share = np.minimum(np.swapaxes(aid / start_gdp[..., None, :], -1, -2), GOODWILL_SHARE)
    return share * (p.aid_goodwill / GOODWILL_SHARE)


def _licences_withdrawn(state: ModelState, shocks: Shocks) -> tuple[np.ndarray, np.ndarray | float]:
    """(technology received still counted as foreign after this year's withdrawals [i, j], the
    technology each receiver loses [j]): a source that withdraws its licences takes back the
    share ``shocks.licence[i]`` of what it gave and the receiver has not yet mastered (the
    part training made the receiver's own capability is not in ``technology_received``)."""
    if shocks.licence is None:
        return state.technology_received, 0.0
    withdrawn = shocks.licence[:, None] * state.technology_received
    return state.technology_received - withdrawn, _received(withdrawn)


def _year_costs(state: ModelState, gdp: np.ndarray, compliance: Compliance, shocks: Shocks,
                terms: dict, p: Parameters) -> np.ndarray | None:
    """(B, n) this year's costs (negative: gains) beyond the clauses' own, or None:

    - domestic pressure: keeping markets open costs ``pressure_cost × pressure`` of GDP times
      the square root of the share of imports that come in under the country's open markets
      (level × the partner's share of all its imports, from the rest of the world too, at
      the start of the year): 1 to 5 % of GDP
      from a twenty-fifth of the imports to all of them; breaking a trade clause with a
      partner relieves part of it;
    - a partner's disruption: ``disruption_output_loss`` × imports/GDP × the square of the
      cut partner's share of imports, of GDP (a large supplier is hard to replace);
    - money kept: an investment withheld by a breach is spent at home
      (``withheld_investment_spending`` of the amount)."""
    costs = None
    if shocks.pressure is not None or shocks.cut is not None:
        # Shares of all imports, those from the rest of the world counted: a partner that
        # sells a country a tenth of what it buys is a tenth, not the half it would be
        # among the scenario's few countries.
        imports = _received(state.exports) + state.world_imports
        shares = state.exports / np.maximum(imports, 1e-300)[..., None, :]
        costs = np.zeros_like(gdp)
        if shocks.pressure is not None:
            opened = _received(terms["access"] * shares)
            costs = costs + p.pressure_cost * shocks.pressure * np.sqrt(opened) * gdp
        if shocks.cut is not None:
            lost = _received(shocks.cut[:, None] * shares * shares)
            reliance = np.minimum(imports / state.gdp, 1.0)
            costs = costs + p.disruption_output_loss * reliance * lost * gdp
    if compliance.withheld is not None:
        kept_home = p.withheld_investment_spending * compliance.withheld
        costs = -kept_home if costs is None else costs - kept_home
    return costs


def update_trust(state: ModelState, compliance: Compliance, shocks: Shocks,
                  economy: Economy, goodwill: np.ndarray | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Beta reputation with forgetting (Jøsang & Ismail 2002) and observers who judge by
    standing (Sugden 1986; Leimar & Hammerstein 2001): [i, j] is the evidence i holds about j
    (the diagonal stays zero). A breach against a partner that broke its word to the breaker
    lately (``compliance.provoked``) is retaliation and counts only ``retaliation_weight`` of
    a breach, for the partner and for onlookers. ``goodwill`` [i, j] is positive evidence i
    gains about j from aid received."""
    return _update_trust(state, compliance, shocks, economy,
                         None if goodwill is None else goodwill * economy.off_diagonal)


def _update_trust(state: ModelState, compliance: Compliance, shocks: Shocks, economy: Economy,
                  goodwill: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """``update_trust`` with the goodwill already times ``economy.off_diagonal`` (the update
    keeps that product for the years of a projection)."""
    p = economy.parameters
    positive = _plus(p.trust_forgetting * state.trust_positive, _kept_evidence(compliance, economy))
    if goodwill is not None:
        positive = positive + goodwill
    if (not compliance.anything_broken and not np.count_nonzero(shocks.distrust)
            and state.trust_negative.shape == positive.shape):
        # Nothing broken, no distrust shock (every projection of the AI): the new evidence is
        # exactly zero, so the forgetting alone gives the same numbers, bit for bit.
        return positive, p.trust_forgetting * state.trust_negative
    broken = p.break_evidence * compliance.broken
    if compliance.provoked is not None:  # retaliation weighs less (standing)
        broken = broken * (1.0 - (1.0 - p.retaliation_weight) * compliance.provoked)
    seen_broken = p.observation_weight * (_received(broken)[..., None, :] - broken)
    negative = p.trust_forgetting * state.trust_negative + (
        broken + seen_broken + shocks.distrust) * economy.off_diagonal
    return positive, negative


def _kept_evidence(compliance: Compliance, economy: Economy) -> np.ndarray:
    """[i, j]: the positive evidence i gains about j this year. A partner that kept every
    promise gives one piece (keep_evidence); third parties see a share of it. Computed once per
    compliance record and economy (the AI projects several years with the same record)."""
    p, off_diagonal = economy.parameters, economy.off_diagonal
    known = compliance.derived.get("kept evidence")
    if known is not None and known[0] is p and known[1] is off_diagonal:
        return known[2]
    kept_all = compliance.kept > 0
    if compliance.anything_broken:  # (else ``broken == 0`` everywhere: nothing to mask)
        kept_all &= compliance.broken == 0
    kept = p.keep_evidence * kept_all
    seen_kept = _received(kept)[..., None, :] - kept
    seen_kept *= p.observation_weight
    seen_kept += kept
    evidence = _times(seen_kept, off_diagonal)
    compliance.derived["kept evidence"] = (p, off_diagonal, evidence)
    return evidence


def trade_and_welfare(gdp: np.ndarray, population: np.ndarray, quality: np.ndarray,
                      phase: np.ndarray, investment_stock: np.ndarray, provisions: np.ndarray,
                      flows: np.ndarray, repayments: np.ndarray, trade_shock: float,
                      economy: Economy
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Exports, imports from the rest of the world, national income and welfare for one
    year's output and clauses.

    Income is GDP plus tariff revenue, returns on investment abroad, aid and loan repayments
    received, minus returns paid, aid given, repayments made and what keeping each clause costs
    its provider; welfare is real income per person with the gains from trade (λ)^(−1/ε).
    """
    opening = np.swapaxes(provisions[:, TRADE], -1, -2) * phase  # [i, j]: j's opening to i
    aid = provisions[:, GRANT] + provisions[:, LOAN]
    return _trade_and_welfare(gdp, population, quality, opening, investment_stock,
                              _received(investment_stock), provisions, flows, aid, _received(aid),
                              repayments, trade_shock, economy)


def multilateral_resistance(openness: np.ndarray, economy: Economy) -> np.ndarray:
    """(B, n): Π_j = 1 + Σ_i s⁰_ij (exp(Ω_ij − Ω⁰_ij) − 1), how much cheaper j's market has
    become to supply since the start, s⁰ being j's spending on i's goods at the start as a
    share of its GDP (home goods and the rest of the world, whose access does not change, make
    up the rest). Every supplier's sales to j are divided by Π_j: a market that opens wider to
    some sells them more and the others (outsiders, home firms, the rest of the world) a little
    less. This is trade diversion, the inward multilateral resistance of structural gravity
    (Anderson & van Wincoop 2003; Head & Mayer 2014), with the shares held at the start; it is
    exactly 1 at the start."""
    change = np.subtract(openness, economy.start_openness)
    np.expm1(change, out=change)
    change *= economy.start_share
    resistance = _received(change)
    resistance += 1.0
    return resistance


def _trade_and_welfare(gdp: np.ndarray, population: np.ndarray, quality: np.ndarray,
                       opening: np.ndarray, investment_stock: np.ndarray, investment_in: np.ndarray,
                       provisions: np.ndarray, flows: np.ndarray, aid: np.ndarray, aid_in: np.ndarray,
                       repayments: np.ndarray, trade_shock: float, economy: Economy,
                       terms: dict | None = None, investment_cost: np.ndarray | None = None,
                       year_costs: np.ndarray | None = None, cut: np.ndarray | None = None
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``trade_and_welfare`` with what ``advance`` has already computed: the phased-in opening
    [i, j], the stocks each country receives, aid (grants plus loans) and the aid received,
    what it derives from the provisions alone (``_provision_terms``), the cost of the
    investment flows, the year's other costs (``_year_costs``) and the share of each
    country's exports cut this year (a disruption). Returns exports, imports from the rest of
    the world, income and welfare."""
    p = economy.parameters
    if terms is None:
        terms = _provision_terms(provisions, p, None)
    base, destination = _gravity_base(gdp, 1.0, economy)
    # The log trade boost of every pair: trade clauses (agreement_trade_effect × complementarity
    # × opening), export quality where the market opened (ln q_i × opening: products that meet
    # the partner's standards sell more there) and visas.
    openness = np.multiply(economy.agreement_effect, opening)
    openness += opening * np.log(quality)[:, :, None]
    if terms["visas"]:  # (the term and its exponential are the same every year)
        openness += terms["visa term"]
        base *= terms["visa boost"]
    resistance = multilateral_resistance(openness, economy)
    factor = 1.0 / resistance
    if trade_shock:
        base *= np.exp(-trade_shock)
        factor *= np.exp(-trade_shock)
    if cut is not None:  # a disrupting country's exports are cut for the year
        base *= (1.0 - cut)[:, None]
    # The rest of the world's sales grow with the importer's GDP and lose share like others.
    world = economy.world_factor * destination * factor  # (destination: gdp ** b, as above)
    # Agreements raise trade by exp(agreement_trade_effect × complementarity × opening);
    # diversion divides every sale to j by Π_j.
    # (openness is no longer needed: its memory holds the boost; without visas x − 0.0 would
    # be x, bit for bit)
    boost = np.subtract(openness, terms["visa term"], out=openness) if terms["visas"] else openness
    np.exp(boost, out=boost)
    boost *= base
    boost /= resistance[:, None, :]
    exports, imports = _capped(boost, gdp, p, in_place=True)
    if imports is None:  # some country reached the cap: the sums of the scaled exports
        imports = _received(exports)
    without_agreements = capped(base, gdp, p, in_place=True)
    # Sales lost to diversion: what each exporter would sell at Π = 1, less what it sells.
    lost = _given(exports * (resistance - 1.0)[:, None, :])
    extra = exports - without_agreements
    np.maximum(extra, 0.0, out=extra)
    extra_imports = _received(extra)
    extra_exports = _given(extra)
    opened = _received(np.multiply(opening, exports, out=extra))  # (extra's memory)
    # Σ_i t_j (1 − access_ij φ_ij) X_ij, and the tariff on the rest of the world's goods.
    bought = imports + world  # all imports
    revenue = economy.tariff * (bought - opened)
    # Returns on stocks abroad earned minus returns paid on stocks at home.
    net_returns = p.investment_return * (_given(investment_stock) - investment_in)
    level_costs = terms["level costs"] * gdp
    if investment_cost is None:
        investment_cost = p.investment_cost * _given(flows)
    # Money received minus money handed over: grants and loans go from provider i to j;
    # repayments[i, j] go from debtor j back to lender i.
    transfers_in = aid_in + _given(repayments)
    transfers_out = (terms["aid out"] if aid is terms["aid"] else _given(aid)) + _received(repayments)
    # The sum term by term from the left, as one expression would add it, in one array.
    income = gdp + revenue
    income += net_returns
    income += transfers_in
    income -= transfers_out
    income -= p.adjustment_cost * extra_imports
    income += p.trade_productivity_effect * extra_exports
    income -= p.export_loss_cost * lost
    income -= investment_cost
    income -= level_costs
    if year_costs is not None:
        income -= year_costs
    income = np.maximum(income, 0.01 * gdp, out=income)
    lam = 1.0 - np.minimum(bought / gdp, p.maximum_import_share)
    return exports, world, income, indicators.welfare(income, population, lam, p)

"""Every parameter of the model in one place: default, unit, allowed range and source.

`Parameters` is what the model reads (a frozen dataclass, fast attribute access).
`ParameterOverrides` is the scenario section `[parameters]`: the same names, all optional,
validated against the same ranges. `docs/model.md` explains each equation that uses them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

from pydantic import ConfigDict, Field, create_model


def _parameter(default: float, unit: str, source: str, minimum: float, maximum: float,
               description: str) -> Any:
    return field(
        default=default,
        metadata={
            "unit": unit,
            "source": source,
            "minimum": minimum,
            "maximum": maximum,
            "description": description,
        },
    )


MODELLED = "game-design choice (see docs/model.md)"


@dataclass(frozen=True)
class Parameters:
    """The model's parameters. Change defaults only with a source or a stated reason."""

    # --- trade (gravity) -------------------------------------------------------------------
    origin_gdp_elasticity: float = _parameter(
        0.97, "elasticity", "Head & Mayer 2014, Table 4, median of all gravity estimates", 0, 3,
        "How exports grow with the exporter's GDP.")
    destination_gdp_elasticity: float = _parameter(
        0.85, "elasticity", "Head & Mayer 2014, Table 4, median of all gravity estimates", 0, 3,
        "How imports grow with the importer's GDP.")
    distance_elasticity: float = _parameter(
        0.89, "elasticity", "Head & Mayer 2014, Table 4, median of all gravity estimates "
        "(reported as −0.89)", 0, 3, "How trade falls with distance (used for modelled pairs).")
    agreement_trade_effect: float = _parameter(
        math.log(2.0), "log points at full depth", "Baier & Bergstrand 2007: an FTA about "
        "doubles members' bilateral trade after ten years", 0, 3,
        "Trade rises by exp(effect × level × phase) under a trade liberalisation clause.")
    phase_in_years: float = _parameter(
        10.0, "years", "Baier & Bergstrand 2007: most of the effect within ten years", 1, 30,
        "Years for an agreement's trade effect to reach its full size.")
    phase_out_share: float = _parameter(
        0.5, "share a year", MODELLED, 0, 1,
        "Share of the built-up trade effect lost in a year the clause is broken or ended.")
    trade_elasticity: float = _parameter(
        5.0, "elasticity", "Arkolakis, Costinot & Rodríguez-Clare 2012 use ε = 5 as the "
        "central value", 1, 20, "ε in welfare gain (λ'/λ)^(−1/ε) from the domestic expenditure share.")
    visa_trade_effect: float = _parameter(
        0.10, "log points at full level", MODELLED, 0, 1,
        "Extra trade (services, business travel) under visa facilitation.")
    quality_growth: float = _parameter(
        0.01, "share a year at full level", MODELLED, 0, 0.2,
        "Yearly rise of export quality (UMKM reaching standards) under trade liberalisation.")
    modelled_trade_share: float = _parameter(
        0.15, "share of GDP", "order of magnitude of world exports/GDP (about 0.3, World Bank "
        "WDI) halved for a scenario that holds only part of the world", 0.001, 0.9,
        "When a scenario gives no trade flows, modelled flows are scaled so that total trade "
        "is this share of total GDP.")
    world_import_share: float = _parameter(
        0.25, "share of GDP", "World Bank WDI, imports of goods and services (% of GDP, "
        "NE.IMP.GNFS.ZS): the world figure is about 28% (2022); rounded down for a typical "
        "country", 0.0, 0.9,
        "A country's imports from everywhere as a share of its GDP, for a country whose "
        "scenario entry gives no `import_share`; what the scenario's own flows do not cover "
        "comes from the rest of the world.")
    world_supplier_concentration: float = _parameter(
        0.05, "HHI", "WTO World Trade Statistical Review: shares of world merchandise exports "
        "(China about 14%, United States 8%, Germany 7%, then many below 4%) give an HHI of "
        "about 0.04–0.05", 0.0, 1.0,
        "Concentration of the rest of the world as a supplier: imports from outside the "
        "scenario come from many countries, not one.")
    trade_productivity_effect: float = _parameter(
        1.2, "income per unit of extra exports", "Frankel & Romer 1999 (AER 89(3)): one "
        "percentage point more trade/GDP raises income per person by one-half to two percent; "
        "0.6 of (exports + imports), counted on exports (about half of trade), so 1.2", 0.0, 4.0,
        "Real income an exporter gains per unit of exports the trade clauses add (learning, "
        "scale and competition in markets opened to it).")
    export_loss_cost: float = _parameter(
        0.2, "share of exports lost", "trade diversion (Viner 1950; gravity with multilateral "
        "resistance, Anderson & van Wincoop 2003, Head & Mayer 2014): 1/ε of each unit "
        "lost, as ACR value a unit of trade", 0.0, 2.0,
        "What an exporter loses a year per unit of exports diverted from a market that "
        "gave others better access.")
    maximum_import_share: float = _parameter(
        0.9, "share of GDP", MODELLED, 0.1, 0.99,
        "Imports never exceed this share of the importer's GDP (keeps λ above 0).")
    adjustment_cost: float = _parameter(
        0.1, "share of extra imports", MODELLED, 0, 2,
        "What opening a market costs the home sector a year, per unit of extra imports; "
        "raising tariffs again (breaking) saves it. Half the gain from trade a unit of extra "
        "imports brings (1/ε = 0.2), so that opening pays its members on net and breaking "
        "still saves something now.")
    # --- investment -----------------------------------------------------------------------
    investment_return: float = _parameter(
        0.07, "share of stock a year", "order of magnitude of FDI returns (UNCTAD World "
        "Investment Report rates of return 6–8%)", 0, 0.5,
        "Income the investor earns on its stock abroad.")
    investment_cost: float = _parameter(
        0.10, "share of the amount", MODELLED, 0, 1,
        "What committing an amount abroad costs the investor in the year it is sent.")
    depreciation: float = _parameter(
        0.05, "share a year", "common capital depreciation rate (Penn World Table averages "
        "about 4–5%)", 0, 0.5, "Yearly loss of investment stock.")
    capital_share: float = _parameter(
        0.33, "output elasticity", "the standard one-third capital share of income", 0, 1,
        "How output grows with capital.")
    capital_output_ratio: float = _parameter(
        3.0, "years of GDP", "typical capital/output ratio (Penn World Table)", 0.5, 10,
        "Capital stock as years of GDP, to turn investment into growth and jobs.")
    labour_force_share: float = _parameter(
        0.5, "share of population", "order of magnitude of labour force/population "
        "(World Bank WDI)", 0.1, 0.9, "Workers per person, to turn investment into jobs.")
    # --- technology and human capital ------------------------------------------------------
    technology_transfer_rate: float = _parameter(
        0.015, "share of the gap a year at full level", "Barro & Sala-i-Martin: economies "
        "converge at about 2% of the gap a year from all channels together; one partner's "
        "full transfer closes a little less (see docs/model.md, Sizes)", 0, 1,
        "Share of the technology gap to the source closed a year by a transfer.")
    training_share: float = _parameter(
        0.5, "share", MODELLED, 0, 1,
        "Share of transferred technology that becomes the receiver's own capability when the "
        "transfer includes training.")
    source_memory: float = _parameter(
        0.8, "share kept a year", MODELLED, 0, 1,
        "How much of past technology received from a source still counts towards dependency.")
    domestic_innovation: float = _parameter(
        0.01, "technology a year per unit of human capital", MODELLED, 0, 0.2,
        "Technology a country adds alone, from its own human capital.")
    technology_output_elasticity: float = _parameter(
        0.4, "elasticity", MODELLED, 0, 2, "How output grows with technology.")
    education_rate: float = _parameter(
        0.03, "share of the human-capital gap a year at full level", MODELLED, 0, 1,
        "Human capital gained from education exchange.")
    training_rate: float = _parameter(
        0.005, "share of the human-capital gap a year at full level", MODELLED, 0, 1,
        "Human capital gained from technology transfer with training.")
    visa_human_capital_rate: float = _parameter(
        0.005, "share of the human-capital gap a year at full level", MODELLED, 0, 1,
        "Human capital gained from people studying and working abroad.")
    human_capital_output_elasticity: float = _parameter(
        0.3, "elasticity", MODELLED, 0, 2, "How output grows with human capital.")
    human_capital_depreciation: float = _parameter(
        0.01, "share a year", MODELLED, 0, 0.5, "Yearly drift of human capital back to its start.")
    # --- clause costs (what keeping a clause costs its provider a year) --------------------
    technology_transfer_cost: float = _parameter(
        0.004, "share of provider GDP at full level", MODELLED, 0, 0.1,
        "Cost of transferring technology (experts, licences forgone).")
    security_cost: float = _parameter(
        0.001, "share of provider GDP at full level", MODELLED, 0, 0.1,
        "Cost of security cooperation (joint patrols, exercises).")
    visa_cost: float = _parameter(
        0.0002, "share of provider GDP at full level", MODELLED, 0, 0.1,
        "Cost of visa facilitation (administration, screening).")
    education_cost: float = _parameter(
        0.0005, "share of provider GDP at full level", MODELLED, 0, 0.1,
        "Cost of hosting students and exchanges.")
    loan_grant_element: float = _parameter(
        0.35, "share of the amount", "OECD DAC grant-equivalent rule (from 2018): ODA loans need "
        "a grant element of at least 45% (LDCs, LICs; 9% discount rate), 15% (LMICs; 7%) or 10% "
        "(UMICs; 6%); 0.35 is a modelled middle (see the aid step)", 0, 1,
        "Part of a soft loan that is a gift; the rest is repaid.")
    aid_effectiveness: float = _parameter(
        0.2, "growth per unit of aid/GDP", "order of magnitude of Clemens et al. 2012 estimates",
        0, 2, "Extra growth from development aid.")
    # --- security and stability ----------------------------------------------------------
    security_rate: float = _parameter(
        0.05, "share of the gap a year at full level", MODELLED, 0, 1,
        "Security gained from security cooperation.")
    security_recovery: float = _parameter(
        0.1, "share a year", MODELLED, 0, 1, "Yearly drift of security back to its start.")
    stability_recovery: float = _parameter(
        0.2, "share a year", MODELLED, 0, 1, "Yearly drift of stability back to its start.")
    investment_stability_effect: float = _parameter(
        0.5, "stability per unit of foreign stock/GDP", "the article: more investors, more "
        "economic stability", 0, 5, "Stability gained from foreign investment.")
    stability_growth_effect: float = _parameter(
        0.02, "growth per unit of stability below start", MODELLED, 0, 1,
        "Growth lost when stability falls below its start.")
    # --- trust (beta reputation) ---------------------------------------------------------
    trust_forgetting: float = _parameter(
        0.9, "share of evidence kept a year", "Jøsang & Ismail 2002 (forgetting factor λ)",
        0, 1, "How fast old kept and broken promises are forgotten.")
    trust_prior_evidence: float = _parameter(
        8.0, "pieces of evidence", MODELLED, 0, 100,
        "How much evidence a scenario's starting trust stands for.")
    initial_trust: float = _parameter(
        0.5, "0..1", "beta reputation's neutral prior", 0, 1,
        "Starting trust for pairs the scenario does not give.")
    keep_evidence: float = _parameter(
        0.5, "evidence a partner a year", MODELLED, 0, 10,
        "Positive evidence a partner gains in a year in which every clause towards it was kept.")
    break_evidence: float = _parameter(
        3.0, "evidence a clause", MODELLED, 0, 20,
        "Negative evidence a partner gains from a broken clause.")
    observation_weight: float = _parameter(
        0.3, "share", "image scoring, Nowak & Sigmund 1998: third parties judge by what they "
        "see", 0, 1, "Share of the evidence that countries outside the agreement also take.")
    retaliation_weight: float = _parameter(
        0.1, "share of the evidence", "the standing strategy (Sugden 1986; Leimar & "
        "Hammerstein 2001): a defection against a partner in bad standing is justified", 0, 1,
        "Share of a breach's negative evidence taken when it answers a breach by that partner "
        "in the last standing_years years (retaliation), by the partner and by onlookers.")
    standing_years: float = _parameter(
        2.0, "years", "Leimar & Hammerstein 2001: standing is lost by the last unjustified "
        "defection and regained by the next cooperation; two years here", 1, 10,
        "How many past years of a partner's breaches make a breach against it retaliation.")
    aid_goodwill: float = _parameter(
        1.0, "evidence a year at aid of 1% of the receiver's GDP", MODELLED, 0, 10,
        "Positive evidence a receiver gains about a donor from aid received (influence), in "
        "proportion up to aid of 1% of its GDP a year: development aid buys goodwill, and a "
        "donor that is trusted is listened to.")
    withheld_investment_spending: float = _parameter(
        0.9, "share of the amount", MODELLED, 0, 1,
        "Share of an investment withheld by breaking its clause that the giver spends at home "
        "that year (with investment_cost, the whole amount stays at home, as withheld aid "
        "does).")
    # --- dependency and score ------------------------------------------------------------
    dependency_threshold: float = _parameter(
        0.25, "HHI", "US DoJ/FTC Horizontal Merger Guidelines 2010: HHI above 2,500 (0.25) is "
        "highly concentrated (the 2023 guidelines use 1,800; see Indicators)", 0, 1,
        "Partner concentration above which dependency costs score.")
    score_scale: float = _parameter(
        1000.0, "points", MODELLED, 1, 100000,
        "Score points per unit of each term (welfare in log points) except trust: one point "
        "is a thousandth (0.1%) of real income per person.")
    trust_scale: float = _parameter(
        5.0, "points per unit of trust", MODELLED, 0, 10000,
        "Score points per unit of trust held: trust stays a visible term, but a broken word "
        "costs mostly later and through others (partners who refuse the breaker or ask more "
        "of it), not at once: at 300 an opportunist lost about 110 points the year it broke "
        "its clauses (docs/model.md, 'The cost of a broken word').")
    # --- events --------------------------------------------------------------------------
    commodity_swing: float = _parameter(
        0.03, "share of GDP", MODELLED, 0, 0.5, "GDP change from a commodity price swing.")
    pandemic_trade_shock: float = _parameter(
        0.25, "log points", MODELLED, 0, 3, "Trade lost in a pandemic year.")
    pandemic_growth_shock: float = _parameter(
        0.04, "share of GDP", MODELLED, 0, 0.5, "GDP lost in a pandemic year.")
    disaster_growth_shock: float = _parameter(
        0.03, "share of GDP", MODELLED, 0, 0.5, "GDP lost in a natural disaster.")
    disaster_stability_shock: float = _parameter(
        0.1, "stability", MODELLED, 0, 1, "Stability lost in a natural disaster.")
    tension_security_shock: float = _parameter(
        0.1, "security", MODELLED, 0, 1, "Security lost by both sides of a border tension.")
    tension_trust_evidence: float = _parameter(
        2.0, "evidence", MODELLED, 0, 20, "Negative evidence each side of a border tension gains.")
    breakthrough_technology: float = _parameter(
        0.05, "technology", MODELLED, 0, 1, "Technology gained in a breakthrough.")
    crisis_investment_shock: float = _parameter(
        0.5, "share of flows", MODELLED, 0, 1, "Share of investment flows lost in a financial crisis.")
    crisis_growth_shock: float = _parameter(
        0.03, "share of GDP", MODELLED, 0, 0.5, "GDP lost in a financial crisis.")
    scandal_trust_evidence: float = _parameter(
        2.0, "evidence", MODELLED, 0, 20,
        "Negative evidence every other country gains about a country hit by a corruption scandal.")
    scandal_stability_shock: float = _parameter(
        0.05, "stability", MODELLED, 0, 1, "Stability lost in a corruption scandal.")
    pressure_cost: float = _parameter(
        0.05, "share of GDP at full openness to all imports", MODELLED, 0, 1,
        "What keeping trade clauses costs a country under domestic pressure (home producers "
        "in a bad year) that year: this share of GDP times the square root of the share of "
        "its imports that come in under its open markets (level × partner's import share): "
        "1 to 5 % of GDP (10 to 50 points) from a twenty-fifth of its imports to all of them.")
    disruption_trade_cut: float = _parameter(
        1.0, "share of flows", MODELLED, 0, 1,
        "Share of a disrupting country's exports and investment flows cut for the year.")
    disruption_output_loss: float = _parameter(
        0.5, "share of GDP per unit of imports/GDP × partner share squared", "modelled on the "
        "Herfindahl view of supply risk: losing a large supplier is harder to replace", 0, 5,
        "Income a country loses in the year a partner's supplies are cut: this times its "
        "imports/GDP times the square of that partner's share of its imports.")
    licence_withdrawal: float = _parameter(
        0.5, "share of unmastered technology", MODELLED, 0, 1,
        "Share of the technology received from a country and not yet mastered (not trained) "
        "that is lost when that country withdraws its licences.")

    def with_overrides(self, overrides: dict[str, float]) -> Parameters:
        """A copy with the given parameters replaced (names already validated)."""
        return replace(self, **overrides)


def parameter_table() -> list[dict[str, Any]]:
    """Every parameter with its default and metadata, in declaration order (for docs and UI)."""
    return [
        {"name": f.name, "default": f.default, **f.metadata} for f in fields(Parameters)
    ]


def _override_fields() -> dict[str, Any]:
    result: dict[str, Any] = {}
    for f in fields(Parameters):
        meta = f.metadata
        result[f.name] = (
            float | None,
            Field(
                default=None,
                strict=True,  # `0.5`, not "0.5" or true
                ge=meta["minimum"],
                le=meta["maximum"],
                description=f"{meta['description']} Unit: {meta['unit']}. Default {f.default:g}. "
                f"Source: {meta['source']}.",
            ),
        )
    return result


ParameterOverrides = create_model(  # type: ignore[call-overload]
    "ParameterOverrides",
    __config__=ConfigDict(extra="forbid", frozen=True),
    __doc__="Model parameters a scenario overrides; every other parameter keeps its default.",
    **_override_fields(),
)


def parameters_for(overrides: Any) -> Parameters:
    """The parameters of a scenario: defaults with its overrides applied."""
    given = {k: v for k, v in overrides.model_dump().items() if v is not None}
    return Parameters().with_overrides(given)

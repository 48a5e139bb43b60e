"""Cut a model down to some of its countries, for fast local projections in large scenarios.

A candidate agreement in a 180-country world mostly moves its parties and their main partners.
Projecting it on the sub-economy of those countries costs like a small scenario. The cut keeps
every calibrated pair factor, so flows among the kept countries are exact; trade with countries
left out is dropped, which shifts levels a little but barely the *difference* a candidate makes.
Start values are recomputed within the subset so that its scores start at zero as usual.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from game.model import indicators
from game.model.state import Economy, ModelState

#: State fields indexed by pairs of countries; the others are per country (B, n, ...).
PAIR_FIELDS = frozenset({"exports", "trade_phase", "trust_positive", "trust_negative",
                         "investment_stock", "technology_received", "debt"})


def subset_state(state: ModelState, keep: np.ndarray) -> ModelState:
    """The state restricted to the countries ``keep`` (indices, in the order given)."""
    pairs = np.ix_(keep, keep)
    changes = {}
    for name, array in state.arrays().items():
        if name in PAIR_FIELDS:
            changes[name] = array[(slice(None), *pairs)]
        else:
            changes[name] = array[:, keep]
    return replace(state, **changes)


def subset_economy(economy: Economy, keep: np.ndarray) -> Economy:
    """The economy restricted to the countries ``keep``, with start values recomputed."""
    pairs = np.ix_(keep, keep)
    start = subset_state(economy.start, keep)
    return replace(
        economy,
        pair_factor=economy.pair_factor[pairs],
        complementarity=economy.complementarity[pairs],
        off_diagonal=economy.off_diagonal[pairs],
        growth=economy.growth[keep],
        tariff=economy.tariff[keep],
        weights=economy.weights[keep],
        start=start,
        start_trust=indicators.trust_held(indicators.trust(start)),
        start_dependency=indicators.dependency(start, economy.parameters)["excess"],
    )

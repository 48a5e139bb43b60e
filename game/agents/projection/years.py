"""A projection's years: the model advanced with the agreements' provisions, breaches in the
first year only."""

from __future__ import annotations

import numpy as np

from game.model.state import Compliance, Shocks
from game.model.update import advance


def advance_years(state, economy, provisions, compliance, years, outside=None):
    quiet = Shocks.quiet(state.countries)
    derived: dict = {}  # what the update derives from the provisions, the same every year
    for year in range(years):
        state = advance(state, economy, provisions, compliance, quiet, derived, outside)
        if year == 0:  # breaches happen this year only; later years are kept as usual
            compliance = Compliance(compliance.kept + compliance.broken,
                                    np.zeros_like(compliance.broken))
    return state

"""A projection's years: the model advanced with the agreements' provisions, breaches (and the
year's news, when given) in the first year only."""

from __future__ import annotations

from game.model.state import Compliance, Shocks
from game.model.update import advance


def advance_years(state, economy, provisions, compliance, years, outside=None, shocks=None):
    """``years`` years of the model; ``shocks`` (this year's news) strike in the first only,
    and breaches happen in the first only (the later years keep every clause)."""
    quiet = Shocks.quiet(state.countries)
    derived: dict = {}  # what the update derives from the provisions, the same every year
    for year in range(years):
        first = year == 0 and shocks is not None
        state = advance(state, economy, provisions, compliance, shocks if first else quiet,
                        derived, outside)
        if year == 0 and not _keeps_everything(compliance):
            compliance = compliance.after_breaches()  # breaches happen this year only
    return state


def _keeps_everything(compliance: Compliance) -> bool:
    """Whether ``compliance`` is already its own record of the years after: nothing broken,
    withheld or provoked. Its ``after_breaches`` would then add zeros to the kept counts
    (which the update only compares with zero) and lose what it derived from them (the kept
    evidence, computed again): the same years, a little work fewer."""
    return (compliance.withheld is None and compliance.provoked is None
            and not compliance.anything_broken)

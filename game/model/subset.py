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
    return _restricted(economy, subset_state(economy.start, keep), np.ix_(keep, keep), keep)


def gather_state(state: ModelState, keep: np.ndarray) -> ModelState:
    """Member b of the result is the state (of batch one) restricted to the countries
    ``keep[b]``: each member of the batch has its own neighbourhood (``keep`` is (B, k))."""
    rows, columns = keep[:, :, None], keep[:, None, :]
    changes = {}
    for name, array in state.arrays().items():
        changes[name] = array[0][rows, columns] if name in PAIR_FIELDS else array[0][keep]
    return replace(state, **changes)


def gather_economy(economy: Economy, keep: np.ndarray) -> Economy:
    """The economy restricted to a neighbourhood per batch member (``keep`` is (B, k)), with
    start values recomputed in each; its arrays carry the batch axis, which the yearly update
    and the score broadcast like the state's."""
    return _restricted(economy, gather_state(economy.start, keep),
                       (keep[:, :, None], keep[:, None, :]), keep)


#: Economy fields indexed by pairs of countries, and by country.
ECONOMY_PAIR_FIELDS = ("pair_factor", "complementarity", "off_diagonal", "start_share",
                       "start_openness")
ECONOMY_COUNTRY_FIELDS = ("growth", "tariff", "weights", "world_factor")


def _indexed(economy: Economy, pairs: tuple | np.ndarray, countries: np.ndarray,
             **changes: object) -> Economy:
    """The economy with its per-pair arrays indexed by ``pairs`` and its per-country arrays by
    ``countries`` (and any other ``changes``)."""
    for name in ECONOMY_PAIR_FIELDS:
        changes[name] = getattr(economy, name)[pairs]
    for name in ECONOMY_COUNTRY_FIELDS:
        changes[name] = getattr(economy, name)[countries]
    return replace(economy, **changes)


def _restricted(economy: Economy, start: ModelState, pairs: tuple, keep: np.ndarray) -> Economy:
    """The economy's per-pair arrays indexed by ``pairs`` and per-country arrays by ``keep``,
    with ``start`` (already restricted) and the start values that follow from it."""
    return _indexed(
        economy, pairs, keep,
        start=start,
        start_trust=indicators.trust_held(indicators.trust(start)),
        start_dependency=indicators.dependency(start, economy.parameters)["excess"],
    )


def gather_known(economy: Economy, keep: np.ndarray, start_trust: np.ndarray,
                 start_dependency: np.ndarray) -> Economy:
    """``gather_economy(economy, keep)`` when the start values that follow from its start are
    known already (``start_trust`` and ``start_dependency``, (B, k)): only the gathering."""
    return _indexed(economy, (keep[:, :, None], keep[:, None, :]), keep,
                    start=gather_state(economy.start, keep), start_trust=start_trust,
                    start_dependency=start_dependency)


#: The fields of an economy's start state that the yearly update and the score read: the
#: levels that human capital, security and stability drift back to, GDP (aid's goodwill) and
#: welfare (the score). Its investment stocks are read only through
#: ``Economy.start_foreign_share``; the other fields (most of them matrices) not at all.
START_READ = ("gdp", "human_capital", "security", "stability", "welfare")
#: What a field of a start state holds that nothing reads (``repeat_for_update``).
_UNREAD = np.zeros((1, 0))
_UNREAD.flags.writeable = False


#: The fields of a start state that its start values read (``start_values``): trust, and the
#: partner concentrations and reliance of dependency.
START_VALUES_READ = ("trust_positive", "trust_negative", "exports", "world_imports", "gdp",
                     "technology_received", "own_capability", "investment_stock")


def start_values(economy: Economy, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(start trust, start dependency), each (B, k), of the neighbourhoods ``keep`` (B, k) as
    ``gather_economy`` computes them, gathering only the start's fields they read."""
    rows, columns = keep[:, :, None], keep[:, None, :]
    start = economy.start
    light = replace(start, **{
        name: (array[0][rows, columns] if name in PAIR_FIELDS else array[0][keep])
        if name in START_VALUES_READ else _UNREAD for name, array in start.arrays().items()})
    return (indicators.trust_held(indicators.trust(light)),
            indicators.dependency(light, economy.parameters)["excess"])


def gather_for_update(economy: Economy, keep: np.ndarray, start_trust: np.ndarray,
                      start_dependency: np.ndarray) -> Economy:
    """``gather_known`` for ``repeat_for_update``: of the start state, only START_READ and the
    investment stocks are gathered (the other fields are left empty)."""
    start = economy.start
    light = replace(start, **{name: array[0][keep] if name in START_READ else _UNREAD
                              for name, array in start.arrays().items()})
    light = replace(light, investment_stock=start.investment_stock[0][keep[:, :, None],
                                                                      keep[:, None, :]])
    return _indexed(economy, (keep[:, :, None], keep[:, None, :]), keep, start=light,
                    start_trust=start_trust, start_dependency=start_dependency)


def repeat_for_update(economy: Economy, which: np.ndarray) -> Economy:
    """``repeat_economy`` for the yearly update and the score only (a neighbourhood's members in
    the AI's projections): of the start state only START_READ are repeated per member, the
    other fields are left empty; the start's foreign share and the agreement effect are
    computed once per neighbourhood and repeated (the same numbers: each member's product and
    each entry are computed on their own, whatever the batch), so the complementarity (read
    only through the agreement effect) is left empty too."""
    start = economy.start
    light = replace(start, **{name: array[which] if name in START_READ else _UNREAD
                              for name, array in start.arrays().items()})
    changes: dict = {name: getattr(economy, name)[which] for name in ECONOMY_PAIR_FIELDS
                     if name != "complementarity"}
    changes.update({name: getattr(economy, name)[which] for name in ECONOMY_COUNTRY_FIELDS})
    repeated = replace(economy, complementarity=_UNREAD, start=light,
                       start_trust=economy.start_trust[which],
                       start_dependency=economy.start_dependency[which], **changes)
    # What ``cached_property`` would compute on first use, put where it keeps it.
    repeated.__dict__["start_foreign_share"] = economy.start_foreign_share[which]
    repeated.__dict__["agreement_effect"] = economy.agreement_effect[which]
    return repeated


def repeat_members(state: ModelState, which: np.ndarray) -> ModelState:
    """A batch whose member b is member ``which[b]`` of ``state``."""
    return replace(state, **{name: array[which] for name, array in state.arrays().items()})


def repeat_economy(economy: Economy, which: np.ndarray) -> Economy:
    """An economy from ``gather_economy`` with member b the neighbourhood ``which[b]``."""
    return _indexed(
        economy, which, which,
        start=repeat_members(economy.start, which),
        start_trust=economy.start_trust[which],
        start_dependency=economy.start_dependency[which],
    )

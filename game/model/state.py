"""The model's data: the state that changes every year, the economy that does not, and the
yearly inputs (what agreements provide, what was kept or broken, the year's shocks).

Every array of the state has a leading batch axis B, so that one call advances B alternative
futures at once (the AI projects hundreds of candidate agreements that way); a single game is the
batch of one. Matrices are indexed [i, j]; their meaning (who owns, who receives) is stated per field.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import cached_property

import numpy as np

from game.model.parameters import Parameters

# Channels of the provisions array: what provider i gives receiver j under clauses in force.
TRADE = 0  # i opens its market to j's exports (level 0..1)
INVESTMENT = 1  # i invests in j (amount a year)
TECHNOLOGY = 2  # i transfers technology to j (level 0..1)
TRAINING = 3  # the part of that transfer that comes with training (level 0..1)
GRANT = 4  # i gives j development aid as a grant (amount a year)
LOAN = 5  # i lends j development aid as a soft loan (amount a year)
SECURITY = 6  # i cooperates with j on security (level 0..1)
VISA = 7  # i eases visas for j's people (level 0..1)
EDUCATION = 8  # i hosts j's students and exchanges (level 0..1)
CHANNELS = 9

# Score terms, in the order they are summed.
# Technology and human capital are not terms: they count through what they do for output, so
# welfare (they were counted twice before issue 13).
SCORE_TERMS = ("welfare", "trust", "security", "independence")
# Kinds of dependency (partner concentration).
DEPENDENCY_KINDS = ("imports", "technology", "investment")


@dataclass(frozen=True)
class ModelState:
    """Everything that changes from year to year; arrays of shape (B, ...)."""

    year: int  # years since the start
    gdp: np.ndarray  # (B, n) in the scenario's currency unit
    population: np.ndarray  # (B, n) millions
    technology: np.ndarray  # (B, n) 0..1, 1 = frontier
    own_capability: np.ndarray  # (B, n) technology a country masters itself
    human_capital: np.ndarray  # (B, n) 0..1
    security: np.ndarray  # (B, n) 0..1
    stability: np.ndarray  # (B, n) 0..1
    quality: np.ndarray  # (B, n) export quality index, 1 at the start
    productivity: np.ndarray  # (B, n, m) sector productivity
    exports: np.ndarray  # (B, n, n) [i, j]: i's exports to j this year
    world_imports: np.ndarray  # (B, n) imports from the rest of the world (outside the scenario)
    trade_phase: np.ndarray  # (B, n, n) [i, j]: phase-in 0..1 of j's opening to i
    trust_positive: np.ndarray  # (B, n, n) [i, j]: kept-promise evidence i holds about j
    trust_negative: np.ndarray  # (B, n, n) [i, j]: broken-promise evidence i holds about j
    investment_stock: np.ndarray  # (B, n, n) [i, j]: stock i owns in j
    technology_received: np.ndarray  # (B, n, n) [i, j]: technology j received from i (decaying)
    debt: np.ndarray  # (B, n, n) [i, j]: what j owes i from soft loans
    income: np.ndarray  # (B, n) national income after transfers and clause costs
    welfare: np.ndarray  # (B, n) real income per person, gains from trade included

    @classmethod
    def made(cls, **values) -> ModelState:
        """A state of these fields (every one given), made without the frozen dataclass's
        ``__init__``, which sets each of the 20 fields through ``object.__setattr__`` (3 µs of
        each yearly update on the AI's small batches). The same object as ``ModelState(...)``."""
        state = object.__new__(cls)
        state.__dict__.update(values)
        return state

    @property
    def batch_size(self) -> int:
        return self.gdp.shape[0]

    @property
    def countries(self) -> int:
        return self.gdp.shape[1]

    def arrays(self) -> dict[str, np.ndarray]:
        """The state's arrays by field name (for hashing, saving and checks)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "year"}

    def repeat(self, batch_size: int) -> ModelState:
        """This state (of batch one) copied ``batch_size`` times along the batch axis."""
        return replace(
            self,
            **{name: np.repeat(a[:1], batch_size, axis=0) for name, a in self.arrays().items()},
        )

    def take(self, index: int) -> ModelState:
        """Member ``index`` of the batch, as a batch of one."""
        return replace(
            self, **{name: a[index : index + 1] for name, a in self.arrays().items()}
        )


@dataclass(frozen=True)
class Economy:
    """What stays fixed during a game: calibration, start values, weights and parameters."""

    parameters: Parameters
    pair_factor: np.ndarray  # (n, n) calibrated gravity factor for exports i → j
    complementarity: np.ndarray  # (n, n) how much i and j gain from trading (mean 1)
    off_diagonal: np.ndarray  # (n, n) 1 between different countries, 0 on the diagonal
    growth: np.ndarray  # (n,) underlying real growth a year
    tariff: np.ndarray  # (n,) each importer's tariff before any agreement
    world_factor: np.ndarray  # (n,) imports from the rest of the world per Y_j^b
    start_share: np.ndarray  # (n, n) [i, j]: j's spending on i's goods at the start, share of GDP
    start_openness: np.ndarray  # (n, n) [i, j]: the log trade boost of i's exports to j at the start
    population_growth: float  # a year, for every country
    weights: np.ndarray  # (n, len(SCORE_TERMS)) score weights (objectives)
    start: ModelState  # the state at year 0 (batch of one)
    start_trust: np.ndarray  # (1, n) mean trust others hold in each country at the start
    start_dependency: np.ndarray  # (1, n) dependency excess at the start

    # Constants of the yearly update, computed on first use (an economy never changes; one made
    # with ``dataclasses.replace`` computes its own).

    @cached_property
    def agreement_effect(self) -> np.ndarray:
        """(n, n): the log trade boost of a full, phased-in opening of j's market to i,
        agreement_trade_effect × complementarity."""
        return self.parameters.agreement_trade_effect * self.complementarity

    @cached_property
    def start_foreign_share(self) -> np.ndarray:
        """(1, n): foreign-owned capital as a share of each country's capital stock at the start."""
        start = self.start
        received = np.ones(start.investment_stock.shape[-2]) @ start.investment_stock
        return received / (self.parameters.capital_output_ratio * start.gdp)


@dataclass(frozen=True)
class Compliance:
    """Kept and broken clauses this year: [i, j] counts clauses j kept (broke) towards i.

    ``provoked`` [i, j] is 1 where i broke a clause towards j in the last years (the rules say
    how many): a breach of j towards i this year is then retaliation, which observers who judge
    by *standing* hold against j far less. ``withheld`` [j] is the money j kept at home this
    year by breaking its investment clauses (aid withheld is simply not paid)."""

    kept: np.ndarray  # (B or 1, n, n)
    broken: np.ndarray  # (B or 1, n, n)
    provoked: np.ndarray | None = None  # (B or 1, n, n), or None: nobody broke lately
    withheld: np.ndarray | None = None  # (B or 1, n), or None: no investment withheld

    def after_breaches(self) -> Compliance:
        """The record of the years after this one in a projection: breaches happen this year
        only, so every clause counts as kept and nothing is withheld or provoked."""
        return Compliance(self.kept + self.broken, np.zeros_like(self.broken))

    @staticmethod
    def none(countries: int) -> Compliance:
        zeros = np.zeros((1, countries, countries))
        return Compliance(kept=zeros, broken=zeros)

    # A record is never changed once made, and a projection passes the same record to every
    # year: what the yearly update derives from it is computed once.

    @cached_property
    def anything_broken(self) -> bool:
        """Whether any clause was broken this year."""
        return bool(self.broken.any())

    @cached_property
    def derived(self) -> dict:
        """Values the yearly update derives from this record, by name (see ``update``)."""
        return {}


@dataclass(frozen=True)
class Shocks:
    """The year's events as changes to the model (all zero in a quiet year)."""

    growth: np.ndarray  # (n,) added to the growth rate
    trade: float  # log points of trade lost everywhere
    technology: np.ndarray  # (n,) share of the gap to the frontier closed
    stability: np.ndarray  # (n,) stability lost
    security: np.ndarray  # (n,) security lost
    investment: float  # share of investment flows lost
    distrust: np.ndarray  # (n, n) [i, j]: negative evidence i gains about j
    # Dependency and compliance events (None in a year without them):
    pressure: np.ndarray | None = None  # (n,) domestic pressure: share of GDP that keeping
    #   markets open to all imports costs this year (cut by the share of imports opened)
    cut: np.ndarray | None = None  # (n,) share of each country's exports and investment
    #   flows cut this year (a disruption or embargo by that country)
    licence: np.ndarray | None = None  # (n,) share of the unmastered technology received
    #   from each country that it withdraws this year

    @staticmethod
    def quiet(countries: int) -> Shocks:
        zeros = np.zeros(countries)
        return Shocks(
            growth=zeros, trade=0.0, technology=zeros, stability=zeros, security=zeros,
            investment=0.0, distrust=np.zeros((countries, countries)),
        )

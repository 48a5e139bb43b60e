"""The records of a game: named reporters, collected once a model year.

This is the pattern of Mesa's ``DataCollector``. A reporter is a name and a function of one
year's model state (with the game's economy) that gives one value per country, computed with
the model's own vectorised indicators (``game.model.indicators``); a few give a row per
country (the trust matrix, import shares, the score terms). ``records(game)`` is the game's
collector: it collects each year of ``game.history`` (year 0 first) once, the first time
someone asks after the year appears, and never recomputes an old year.

It is the one place of the read side that computes trust held, welfare, the score and its
terms, trade and dependency: the session's views, the results files, ``results merge``, the
tournament, the balance report, the bots' observations and the env read their figures here.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from game.model import indicators
from game.model.state import DEPENDENCY_KINDS, SCORE_TERMS, Economy, ModelState

if TYPE_CHECKING:
    from game.rules.game import Game


class Year:
    """One year's model state and the figures several reporters share (computed once)."""

    def __init__(self, state: ModelState, economy: Economy):
        self.state = state
        self.economy = economy

    @cached_property
    def trust(self) -> np.ndarray:
        """(1, n, n) [i, j]: the trust i holds in j."""
        return indicators.trust(self.state)

    @cached_property
    def dependency(self) -> dict[str, np.ndarray]:
        return indicators.dependency(self.state, self.economy.parameters)

    @cached_property
    def terms(self) -> np.ndarray:
        """(n, terms): the weighted score terms."""
        return indicators.score_terms(self.state, self.economy)[0]


def _row_sums(matrix: np.ndarray) -> np.ndarray:
    """(n,): each row's sum, added as ``matrix[k].sum()`` adds it."""
    return matrix.sum(axis=1)


def _column_sums(matrix: np.ndarray) -> np.ndarray:
    """(n,): each column's sum, added as ``matrix[:, k].sum()`` adds it (pairwise, not row
    after row as ``sum(axis=0)`` would: the same numbers to the last bit as before)."""
    return np.ascontiguousarray(matrix.T).sum(axis=1)


@dataclass(frozen=True)
class Reporter:
    """A named figure of every country, one value (or one row) per country a year."""

    name: str
    compute: Callable[[Year], np.ndarray]
    description: str


def _dependency(name: str) -> Reporter:
    kind, _, part = name.rpartition("_")
    what = "HHI of partner shares" if part == "concentration" else "share from abroad"
    return Reporter(name, lambda y: y.dependency[name][0], f"{kind} dependency: {what}")


#: Every reporter, collected for every year. Vectors (n,) first; then rows per country.
REPORTERS: tuple[Reporter, ...] = (
    Reporter("gdp", lambda y: y.state.gdp[0], "gross domestic product"),
    Reporter("population", lambda y: y.state.population[0], "population"),
    Reporter("welfare_index", lambda y: y.state.welfare[0] / y.economy.start.welfare[0],
             "welfare against the country's own start (1 = the start)"),
    Reporter("technology", lambda y: y.state.technology[0], "technology level"),
    Reporter("human_capital", lambda y: y.state.human_capital[0], "human capital"),
    Reporter("security", lambda y: y.state.security[0], "security"),
    Reporter("stability", lambda y: y.state.stability[0], "stability"),
    Reporter("exports", lambda y: _row_sums(y.state.exports[0]), "total exports"),
    Reporter("imports", lambda y: _column_sums(y.state.exports[0]), "total imports"),
    Reporter("trade", lambda y: _row_sums(y.state.exports[0]) + _column_sums(y.state.exports[0]),
             "exports plus imports"),
    Reporter("foreign_investment", lambda y: _column_sums(y.state.investment_stock[0]),
             "stock of foreign investment received"),
    Reporter("investment_jobs", lambda y: indicators.jobs(y.state, y.economy.parameters)[0],
             "millions of jobs tied to foreign investment"),
    Reporter("trust_held", lambda y: indicators.trust_held(y.trust)[0],
             "mean trust the other countries hold in the country"),
    *(_dependency(f"{kind}_{part}") for kind in DEPENDENCY_KINDS
      for part in ("concentration", "reliance")),
    Reporter("dependency_excess", lambda y: y.dependency["excess"][0],
             "weighted dependency above the threshold"),
    Reporter("score", lambda y: indicators.total_score(y.terms[None])[0],
             "the score, the sum of its terms"),
    Reporter("terms", lambda y: y.terms, "(n, terms): the weighted score terms"),
    Reporter("trust", lambda y: y.trust[0], "(n, n) [i, j]: the trust i holds in j"),
    Reporter("import_shares", lambda y: indicators.partner_shares(y.state.exports)[0],
             "(n, n) [i, j]: i's share of j's imports"),
    Reporter("technology_shares",
             lambda y: indicators.partner_shares(y.state.technology_received)[0],
             "(n, n) [i, j]: i's share of the technology j receives"),
    Reporter("investment_shares", lambda y: indicators.partner_shares(y.state.investment_stock)[0],
             "(n, n) [i, j]: i's share of the foreign investment j holds"),
)
REPORTER_NAMES = tuple(reporter.name for reporter in REPORTERS)


def collect(state: ModelState, economy: Economy) -> dict[str, np.ndarray]:
    """Every reporter's value for one model state (batch member 0), read-only arrays."""
    year = Year(state, economy)
    result = {}
    for reporter in REPORTERS:
        value = np.array(reporter.compute(year), dtype=float)
        value.flags.writeable = False
        result[reporter.name] = value
    return result


class Records:
    """The figures of every year of one game's history, collected once a year, lazily.

    ``history`` is the game's list of model states (year 0 first), read where it stands each
    time: new years are collected when first asked for.
    """

    def __init__(self, history: list[ModelState], economy: Economy, country_ids: list[str]):
        self.history = history
        self.economy = economy
        self.country_ids = list(country_ids)
        self._states: list[ModelState] = []
        self._years: list[dict[str, np.ndarray]] = []
        self._tables: list[dict[str, dict[str, Any]]] = []
        self._stacked: dict[str, tuple[int, np.ndarray]] = {}
        self._lock = threading.Lock()

    def _collected(self) -> list[dict[str, np.ndarray]]:
        """The years collected, after collecting the new ones (and all again if the history
        was rewritten, which a game never does)."""
        history = self.history
        if len(self._years) == len(history) and (not history or history[-1] is self._states[-1]):
            return self._years
        with self._lock:
            count = len(self._years)
            if count > len(history) or (count and history[count - 1] is not self._states[-1]):
                self._states, self._years, self._tables, self._stacked = [], [], [], {}
            for state in history[len(self._years):]:
                self._years.append(collect(state, self.economy))
                self._states.append(state)
            return self._years

    @property
    def years(self) -> int:
        """How many years there are (year 0, the start, included)."""
        return len(self._collected())

    def year(self, year: int) -> dict[str, np.ndarray]:
        """Every reporter's value in ``year`` (negative: from the end)."""
        return self._collected()[year]

    def latest(self, name: str) -> np.ndarray:
        """A reporter's value now (the last year)."""
        return self._collected()[-1][name]

    def values(self, name: str) -> np.ndarray:
        """(years, n, ...): a reporter's values, year 0 first (read-only)."""
        years = self._collected()
        stacked = self._stacked.get(name)
        if stacked is None or stacked[0] != len(years):
            array = np.stack([year[name] for year in years])
            array.flags.writeable = False
            self._stacked[name] = stacked = (len(years), array)
        return stacked[1]

    def series(self, name: str) -> dict[str, list[float]]:
        """Per country, a reporter's value every year (year 0 first), as floats."""
        array = self.values(name)
        return {country: [float(x) for x in array[:, k]]
                for k, country in enumerate(self.country_ids)}

    def table(self, year: int) -> dict[str, dict[str, Any]]:
        """Each country's figures in ``year`` as plain floats (``country_table``), kept."""
        years = self._collected()
        year = year % len(years) if year < 0 else year
        with self._lock:
            while len(self._tables) <= year:
                self._tables.append(country_table(years[len(self._tables)], self.country_ids))
        return self._tables[year]

    def tables(self) -> list[dict[str, dict[str, Any]]]:
        """``table`` of every year, year 0 first."""
        return [self.table(year) for year in range(self.years)]


#: The figures of ``country_table``, in order (dependency and the terms are nested).
TABLE_FIGURES = ("gdp", "population", "welfare_index", "technology", "human_capital", "security",
                 "stability", "exports", "imports", "foreign_investment", "investment_jobs",
                 "trust_held")


def country_table(values: dict[str, np.ndarray], country_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Per country, one year's figures as JSON-ready floats: the figures, dependency per kind
    (concentration and reliance), the dependency excess, the score and its terms."""
    figures = {name: values[name].tolist() for name in TABLE_FIGURES}
    dependency = {f"{kind}_{part}": values[f"{kind}_{part}"].tolist()
                  for kind in DEPENDENCY_KINDS for part in ("concentration", "reliance")}
    excess = values["dependency_excess"].tolist()
    scores = values["score"].tolist()
    terms = values["terms"].tolist()
    return {
        country: {
            **{name: figures[name][k] for name in TABLE_FIGURES},
            "dependency": {
                kind: {"concentration": dependency[f"{kind}_concentration"][k],
                       "reliance": dependency[f"{kind}_reliance"][k]}
                for kind in DEPENDENCY_KINDS
            },
            "dependency_excess": excess[k],
            "score": scores[k],
            "terms": dict(zip(SCORE_TERMS, terms[k], strict=True)),
        }
        for k, country in enumerate(country_ids)
    }


_RECORDS: weakref.WeakKeyDictionary[Game, Records] = weakref.WeakKeyDictionary()
_RECORDS_LOCK = threading.Lock()


def records(game: Game) -> Records:
    """The collector of ``game``: one per game, kept as long as the game lives."""
    found = _RECORDS.get(game)
    if found is not None and found.history is game.history:
        return found
    with _RECORDS_LOCK:
        found = _RECORDS.get(game)
        if found is None or found.history is not game.history:
            found = _RECORDS[game] = Records(game.history, game.economy, game.country_ids)
        return found

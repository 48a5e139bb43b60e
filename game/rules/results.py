"""A game's results as a table, one row per country per year: the results columns, defined once.

Every results CSV of the game has these columns: the end screen's "Export CSV" (the rows of the
last year), a class's results folder (``results.csv``, the rows of every year so far, written
by ``game.classroom.results``), and ``run_game.py results merge`` reads them (and the two
older formats: ``RENAMED`` says which of their columns are called what now). The figures come
from the game's records (``game.rules.records``); the teams, who played which country and each
seat's par (the computer's score in that seat in the same game, ``game.session.par``) are the
caller's. With par, the rows are ranked by score − par; without it (par not computed yet, or a
game without one) by score, and the par columns are blank.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from game.model.state import SCORE_TERMS
from game.rules.game import Game
from game.rules.records import records


@dataclass(frozen=True)
class Row:
    """What the columns of one country's row read: the game, the year, the country."""

    game: Game
    year: int
    country: str
    rank: int
    human: bool
    team: str
    name: str
    name_id: str
    made: dict[str, int]  # agreements made so far, in all and by type
    broken: int  # clauses broken so far
    values: dict[str, np.ndarray] = field(repr=False)  # the records of the year
    start: dict[str, np.ndarray] = field(repr=False)  # the records of year 0
    par: float | None = None  # the seat's par that year (None: not known)

    @property
    def index(self) -> int:
        return self.game.index[self.country]

    def figure(self, name: str) -> float:
        return float(self.values[name][self.index])


@dataclass(frozen=True)
class Column:
    """One column of the results: its name, its text in a row, and what it means."""

    name: str
    text: Callable[[Row], str]
    description: str


def fixed(value: float) -> str:
    """Four decimals (never "-0.0000")."""
    text = f"{value:.4f}"
    return "0.0000" if text == "-0.0000" else text


def agreements_made(game: Game, country: str, until: int | None = None) -> dict[str, int]:
    """How many agreements ``country`` made in the game (not the scenario's opening ones),
    in all and by type, up to the year ``until`` (None: all so far)."""
    counts = {"agreements": 0, "bilateral": 0, "regional": 0, "multilateral": 0}
    for agreement in game.agreements:
        if agreement.id in game.opening or country not in agreement.parties:
            continue
        if until is not None and agreement.start_turn > until:
            continue
        counts["agreements"] += 1
        counts[game.agreement_type(agreement.parties).value] += 1
    return counts


def clauses_broken(game: Game, country: str, until: int | None = None) -> int:
    """How many clauses ``country`` broke, up to the year ``until`` (None: all so far)."""
    return sum(1 for a in game.agreements for turn, _, c in a.broken
               if c == country and (until is None or turn <= until))


def _term(term: str) -> Column:
    k = SCORE_TERMS.index(term)
    return Column(term, lambda r: fixed(float(r.values["terms"][r.index, k])),
                  f"the score's {term} term (the terms add up to the score)")


def _count(name: str) -> Column:
    return Column(name, lambda r: str(r.made[name]),
                  f"{name} agreements made so far" if name != "agreements"
                  else "agreements made so far")


#: The columns of every results CSV, in order (the game columns last).
RESULTS_COLUMNS: tuple[Column, ...] = (
    Column("rank", lambda r: str(r.rank),
           "rank that year, best score − par first (best score when par is blank)"),
    Column("country", lambda r: r.country, "the country's id"),
    Column("name", lambda r: r.name, "the country's name (English, or as the class read it)"),
    Column("human", lambda r: str(int(r.human)), "1 if a team played the country, else 0"),
    Column("score", lambda r: fixed(r.figure("score")), "the score"),
    Column("par", lambda r: "" if r.par is None else fixed(r.par),
           "par: the computer's score in this seat of the same game that year (blank: not known)"),
    Column("score_minus_par", lambda r: "" if r.par is None else fixed(r.figure("score") - r.par),
           "score − par: above 0, better than the computer in the same seat"),
    *(_term(term) for term in SCORE_TERMS),
    Column("team", lambda r: r.team, "the team that played the country (blank: the computer)"),
    Column("name_id", lambda r: r.name_id, "the country's name in Indonesian"),
    Column("trust_start", lambda r: fixed(float(r.start["trust_held"][r.index])),
           "trust held at the start"),
    Column("trust_held", lambda r: fixed(r.figure("trust_held")),
           "mean trust the other countries hold in the country that year"),
    Column("welfare_index", lambda r: fixed(r.figure("welfare_index")),
           "welfare against the country's start (1 = the start)"),
    Column("welfare_change", lambda r: fixed(
        r.figure("welfare_index") / float(r.start["welfare_index"][r.index]) - 1.0),
        "welfare change since the start (0.05 = 5 % better off)"),
    Column("import_concentration", lambda r: fixed(r.figure("imports_concentration")),
           "import dependency: HHI of the partners' shares of its imports"),
    Column("dependency_excess", lambda r: fixed(r.figure("dependency_excess")),
           "weighted dependency above the threshold"),
    *(_count(name) for name in ("agreements", "bilateral", "regional", "multilateral")),
    Column("broken_by", lambda r: str(r.broken),
           "clauses the country broke so far"),
    Column("scenario", lambda r: r.game.scenario.scenario.id, "the scenario's id"),
    Column("scenario_sha256", lambda r: r.game.loaded.sha256, "SHA-256 of the scenario file"),
    Column("seed", lambda r: str(r.game.seed), "the game's seed"),
    Column("turn", lambda r: str(r.year), "the year of the row: turns played (0 = the start)"),
)
COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in RESULTS_COLUMNS)
#: The columns that say which game a row comes from (the same on every row of one game).
GAME_COLUMNS = ("scenario", "scenario_sha256", "seed", "turn")
#: Columns a results file must have to be merged (files of every version have them).
REQUIRED = ("rank", "country", "name", "human", "score", *GAME_COLUMNS)
#: Columns of the older results files and their names now (the end screen's CSV had trust_end,
#: the trust held in its only year; the results folder's columns are all kept).
RENAMED = {"trust_end": "trust_held"}
#: Columns of the older results files that the results no longer have: the score's technology
#: and human_capital terms (technology and skills now count only through output, so welfare;
#: docs/model.md). Reading a file drops them, so old and new files merge with one set of columns.
RETIRED = ("technology", "human_capital")


#: Per country, its par every year (year 0 first): ``game.session.par.Par.scores``.
ParScores = Mapping[str, Sequence[float]]


def par_at(par: ParScores | None, country: str, year: int) -> float | None:
    """``country``'s par after ``year`` turns (the last year's after the end), or None."""
    if par is None or country not in par or not par[country]:
        return None
    series = par[country]
    return float(series[max(0, min(year, len(series) - 1))])


def ranking(scores: Sequence[float], countries: Sequence[str],
            pars: Sequence[float | None]) -> list[int]:
    """The order of the countries (indices), best first: by score − par when every country's
    par is known, else by score; ties by score, then by id."""
    if all(p is not None for p in pars):
        return sorted(range(len(scores)), key=lambda k: (
            -(scores[k] - pars[k]), -scores[k], countries[k]))  # type: ignore[operator]
    return sorted(range(len(scores)), key=lambda k: (-scores[k], countries[k]))


def results_rows(game: Game, humans: list[str] | set[str] | tuple[str, ...],
                 teams: dict[str, str] | None = None, names: dict[str, str] | None = None,
                 years: range | list[int] | None = None,
                 par: ParScores | None = None) -> list[dict[str, str]]:
    """One row per country per year (``years``: every year so far), year by year, best first
    within a year (by score − par with ``par``, each seat's par every year; else by score).
    ``names`` overrides the English names (the end screen passes the names in the class's
    language); ``teams`` names the team of each human country (a computer country has none)."""
    collected = records(game)
    teams = teams or {}
    names = names or {}
    english = {c.id: c.name.en for c in game.scenario.countries}
    indonesian = {c.id: c.name.id for c in game.scenario.countries}
    start = collected.year(0)
    rows = []
    for year in range(collected.years) if years is None else years:
        values = collected.year(year)
        scores = values["score"].tolist()
        pars = [par_at(par, country, year) for country in game.country_ids]
        for rank, k in enumerate(ranking(scores, game.country_ids, pars), start=1):
            country = game.country_ids[k]
            human = country in humans
            row = Row(game, year, country, rank, human, teams.get(country, "") if human else "",
                      names.get(country, english[country]), indonesian[country],
                      agreements_made(game, country, year), clauses_broken(game, country, year),
                      values, start, pars[k])
            rows.append({column.name: column.text(row) for column in RESULTS_COLUMNS})
    return rows


def results_csv(rows: list[dict[str, str]]) -> str:
    """Rows of ``results_rows`` as CSV text, with the header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMN_NAMES, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def final_results_csv(game: Game, humans: list[str] | set[str] | tuple[str, ...],
                      teams: dict[str, str] | None = None,
                      names: dict[str, str] | None = None,
                      par: ParScores | None = None) -> str:
    """The results CSV of the last year (the end screen's export)."""
    return results_csv(results_rows(game, humans, teams, names,
                                    years=[records(game).years - 1], par=par))

"""The results folder of a class's game, written after every turn and at the end, so that a
teacher has the class's results even if the game stops: no pygame here.

The folder holds:

* ``results.csv``: one row per country per turn so far (turn 0 is the start), in the one results
  format of the game (``game.rules.results``, the end screen's export has the same columns): the
  rank that turn (by score − par once par is known), the country's id and names, human or
  computer and the team (blank for computer countries), the score, its par and score − par
  (blank until par is computed), each of its terms (they add up to the score), trust, welfare,
  dependency, agreements made and clauses broken so far, and the game columns (scenario,
  scenario_sha256, seed, turn). ``run_game.py results merge`` reads it and uses the final turn's
  rows.
* ``game-log.json``: the game log (JSON lines) that ``run_game.py replay`` rebuilds the game from.
* ``reflections.csv``: the teams' answers to the reflection prompts (when they are on).
* ``summary.png``: a printable page, leaderboard and charts, drawn by a painter the caller hands
  in (the game window's is ``game.ui.charts.summary_png``); without one it is left out.

Every file is written atomically (a temporary file, then renamed): a crash or a full disk never
leaves a half-written file, and a failure is one ``ResultsFolderError`` naming the folder and the fix.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.rules import results as table
from game.rules.storage import atomic_write_bytes, atomic_write_text, write_log
from game.session import views

if TYPE_CHECKING:
    from game.session.session import Session

RESULTS_FILE = "results.csv"
LOG_FILE = "game-log.json"
REFLECTIONS_FILE = "reflections.csv"
SUMMARY_FILE = "summary.png"
#: The columns of results.csv, in order: the game's one results format.
RESULTS_COLUMNS = table.COLUMN_NAMES
REFLECTION_COLUMNS = ("turn", "team", "country", "question", "answer")
#: The measures the summary charts, one value a year per country.
SUMMARY_MEASURES = ("score", "trust_held", "welfare_index")

#: Draws the summary page: plain data in, PNG bytes out.
Painter = Callable[["Summary"], bytes]


class ResultsFolderError(Exception):
    """The results folder could not be written: which folder, why, and what to do."""

    def __init__(self, folder: Path, reason: str):
        self.folder = folder
        self.reason = reason
        super().__init__(f"{folder}: cannot write the results ({reason}): choose a folder you "
                         "can write to, or free some space; the game goes on and tries again "
                         "after the next turn")


@dataclass(frozen=True)
class Summary:
    """What the summary page shows, as plain data (names in both languages)."""

    title: dict[str, str]
    scenario: str
    seed: int
    turn: int  # turns played (resolved)
    last_turn: int
    finished: bool
    humans: list[str]
    board: list[dict[str, Any]]  # rank, team, country, name {en, id}, score, par, human
    series: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # measure → country
    about_turns: int | None = None  # a hidden end's announced length ("after year 3 of about 10")


def results_rows(session: Session) -> list[dict[str, str]]:
    """One row per country per turn so far, turn by turn, best first within a turn (by score −
    par once the session's par is known, else by score)."""
    par = session.par_known()
    return table.results_rows(session.game, session.humans, _teams(session),
                              par=par.scores if par is not None else None)


def results_csv(session: Session) -> str:
    return table.results_csv(results_rows(session))


def reflections_csv(session: Session) -> str:
    """The teams' answers: turn, team, country, the question as they read it, their answer."""
    rows = [{"turn": str(r.get("turn", "")), "team": str(r.get("team", "")),
             "country": str(r.get("country", "")),
             "question": str(r.get("text") or r.get("question", "")),
             "answer": str(r.get("answer", ""))} for r in _reflections(session)]
    return _csv(REFLECTION_COLUMNS, rows)


def _teams(session: Session) -> dict[str, str]:
    """The session's team names (none without a classroom), for its human countries only."""
    teams = getattr(session.classroom, "teams", {})
    return {c: t for c, t in teams.items() if c in session.humans}


def _reflections(session: Session) -> list[dict[str, Any]]:
    return list(getattr(session.classroom, "reflections", []))


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def summary(session: Session) -> Summary:
    """The summary page's data: the leaderboard now and each measure over the turns."""
    game = session.game
    countries = {c.id: c for c in game.scenario.countries}
    teams = _teams(session)
    board = [{"rank": row["rank"], "team": teams.get(row["country"], ""), "country": row["country"],
              "name": {"en": countries[row["country"]].name.en,
                       "id": countries[row["country"]].name.id},
              "score": row["score"], "par": row["par"], "human": row["human"]}
             for row in session.leaderboard()]
    title = game.scenario.scenario.title
    return Summary({"en": title.en, "id": title.id}, game.scenario.scenario.id, game.seed,
                   len(game.reports), game.last_turn, game.finished, list(session.humans), board,
                   {measure: views.series(game, measure) for measure in SUMMARY_MEASURES},
                   game.rules_of_play.turns if game.rules_of_play.hidden_end else None)


def write_results(session: Session, folder: str | Path, painter: Painter | None = None) -> list[Path]:
    """Write the results folder (creating it); the files written. ResultsFolderError if the
    folder cannot be written, or the painter fails."""
    target = Path(folder)
    files = [(target / RESULTS_FILE, results_csv(session))]
    classroom = session.classroom
    if classroom is not None and (classroom.reflection or classroom.reflections):
        files.append((target / REFLECTIONS_FILE, reflections_csv(session)))
    written = []
    try:
        if target.exists() and not target.is_dir():
            raise ResultsFolderError(target, "this is a file, not a folder")
        for path, text in files:
            atomic_write_text(path, text)
            written.append(path)
        write_log(session.game, target / LOG_FILE)
        written.append(target / LOG_FILE)
        if painter is not None:
            image = painter(summary(session))
            atomic_write_bytes(target / SUMMARY_FILE, image)
            written.append(target / SUMMARY_FILE)
    except OSError as error:
        raise ResultsFolderError(target, error.strerror or str(error)) from None
    except ResultsFolderError:
        raise
    except Exception as error:  # a painter's failure (pygame.error) must not stop the game
        raise ResultsFolderError(target, f"the summary picture failed: {error}") from None
    return written



"""Work with the results that classes export from the end screen.

`results merge FILE... [--out FILE]` combines the results of several classes that played the same
scenario with the same seed into one leaderboard, printed as a table and, with --out, written as
CSV.

Accepted input: the results CSV of the game's end screen ("Export CSV", a file named
SCENARIO_results_DATE.csv), one row per country, and a class's results folder's results.csv, one
row per country per turn (its final turn's rows are merged). Both have the game's one results
format: rank, country, name, human, score, the score's terms, the team, the figures and the
agreements, and the game columns scenario, scenario_sha256 (the SHA-256 of the scenario file),
seed and turn. Files written by older versions of the game (whose end-screen and results-folder
files had different columns) are read too: their columns are put in the present order, renamed
where the name changed (trust_end is trust_held), the columns the results no longer have are
dropped (the score's old technology and human_capital terms), and the columns they lack are left
blank, so old and new files merge together. Files from different scenario files (by hash) or seeds are
refused, naming the files, because their scores cannot be compared; files whose games stopped at
different turns are merged with a warning. Results exported before the game columns existed, and
tournament leaderboards (bots, not classes), are refused with a message saying so.

The merged CSV has rank (over all classes), class (the file's name, without .csv), class_rank
(the rank within the class), then every column of the results format (and any other column of
the input), then file. When every file has par (each seat's par: the computer's score in that
seat of the same game; files of games before par, or exported before par was computed, have
none), the classes are ranked by score − par, so that teams that drew different countries are
compared fairly; otherwise by score, and the command says which file has no par. Scores are
ranked to four decimals, as exported; equal ones share a rank.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from game.i18n import translate
from game.rules.results import COLUMN_NAMES, GAME_COLUMNS, RENAMED, REQUIRED, RETIRED
from game.tools.common import message_language, output_regular_file

MAXIMUM_BYTES = 5 * 1024 * 1024


def said(key: str, language: str = "en", **values: object) -> str:
    """A text of the command's catalog (``results_merge.<key>``)."""
    return translate(f"results_merge.{key}", language, **values)


class ResultsError(Exception):
    """Results that cannot be merged, with a message that names the file(s) and what to do:
    one or more catalog texts (``results_merge.<key>`` with their values), a line each."""

    def __init__(self, key: str, /, *more: tuple[str, dict], **values: object):
        self.lines = [(key, values), *more]
        super().__init__(self.text())

    def text(self, language: str = "en") -> str:
        return "\n".join(said(key, language, **values) for key, values in self.lines)


@dataclass(frozen=True)
class ClassResults:
    """One class's results file, read and checked."""

    path: Path
    label: str
    columns: list[str]
    rows: list[dict[str, str]]
    scenario: str
    scenario_sha256: str
    seed: str
    turn: str


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    merge = actions.add_parser(
        "merge", help="combine the results CSV files of several classes into one leaderboard",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    merge.add_argument("files", nargs="+", metavar="FILE",
                       help="results CSV files exported from the end screen, one per class")
    merge.add_argument("--out", metavar="FILE", default=None, type=output_regular_file,
                       help="write the merged leaderboard to this CSV file")
    merge.add_argument("--humans-only", action="store_true",
                       help="leave out the computer countries: rank only the teams")
    merge.add_argument("--lang", choices=["en", "id"], default=None,
                       help="language of the messages and the table (English or Bahasa Indonesia)")


def run(args: argparse.Namespace) -> int:
    language = getattr(args, "lang", None) or message_language()
    try:
        classes = [read_results(Path(file)) for file in args.files]
        classes = with_unique_labels(classes)
        check_same_game(classes)
    except ResultsError as error:
        print(error.text(language), file=sys.stderr)
        return 1
    for warning in turn_warnings(classes, language):
        print(warning, file=sys.stderr)
    columns, rows = merge(classes, humans_only=args.humans_only)
    print_table(classes, rows, language)
    print(ranking_note(classes, language))
    if args.out:
        from game.rules.storage import StorageError, atomic_write_text

        try:
            atomic_write_text(args.out, merged_csv(columns, rows))
        except OSError as error:
            print(said("cannot_write", language, path=args.out,
                       reason=error.strerror or error), file=sys.stderr)
            return 1
        except StorageError as error:
            print(error.text(language), file=sys.stderr)
            return 1
        print(said("written", language, path=args.out))
    return 0


# --- reading -----------------------------------------------------------------------------------
def read_results(path: Path) -> ClassResults:
    """One results file, or ResultsError saying what is wrong with it."""
    text = _read_text(path)
    delimiter = ";" if ";" in text.partition("\n")[0] and "," not in text.partition("\n")[0] else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    table = [row for row in reader if any(cell.strip() for cell in row)]
    if not table:
        raise ResultsError("empty", path=path)
    columns = [cell.strip() for cell in table[0]]
    columns = [RENAMED[c] if c in RENAMED and RENAMED[c] not in columns else c for c in columns]
    if "bot" in columns and "country" not in columns:
        raise ResultsError("tournament", path=path)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        if set(missing) <= set(GAME_COLUMNS) and "country" in columns:
            raise ResultsError("older_version", path=path, columns=", ".join(missing))
        raise ResultsError("missing_columns" if len(missing) > 1 else "missing_column",
                           path=path, columns=", ".join(missing))
    if len(set(columns)) != len(columns):
        raise ResultsError("column_twice", path=path)
    rows: list[dict[str, str]] = []
    for number, cells in enumerate(table[1:], start=2):
        if len(cells) != len(columns):
            raise ResultsError("cell_count", path=path, line=number, values=len(cells),
                               columns=len(columns))
        row = dict(zip(columns, (cell.strip() for cell in cells), strict=True))
        for column in ("score", "par", "score_minus_par"):
            value = row.get(column, "")
            if column != "score" and not value:
                continue  # no par: a file before par, or par not computed yet
            try:
                float(value)
            except ValueError:
                raise ResultsError("not_a_number", path=path, line=number, column=column,
                                   value=repr(value)) from None
        rows.append(row)
    if not rows:
        raise ResultsError("no_rows", path=path)
    rows = final_turn(path, rows)
    columns, rows = in_present_format([c for c in columns if c not in RETIRED], rows)
    game: dict[str, str] = {}
    for column in GAME_COLUMNS:
        values = sorted({row[column] for row in rows})
        if len(values) != 1:
            raise ResultsError("rows_disagree", path=path, column=column, values=", ".join(values))
        game[column] = values[0]
    countries = [row["country"] for row in rows]
    twice = sorted({c for c in countries if countries.count(c) > 1})
    if twice:
        raise ResultsError("country_twice", path=path, countries=", ".join(twice))
    return ClassResults(path, class_label(path), columns, rows, **game)


def in_present_format(columns: list[str], rows: list[dict[str, str]]
                      ) -> tuple[list[str], list[dict[str, str]]]:
    """Columns and rows in the present results format: its columns in order (blank where an
    older file has none), then the file's other columns."""
    present = [*COLUMN_NAMES, *(c for c in columns if c not in COLUMN_NAMES)]
    return present, [{c: row.get(c, "") for c in present} for row in rows]


def class_label(path: Path) -> str:
    """The class a results file stands for: its name, or for a class's results folder
    (``8A/results.csv``) the folder's name."""
    from game.classroom.results import RESULTS_FILE

    if path.name == RESULTS_FILE and path.resolve().parent.name:
        return path.resolve().parent.name
    return path.stem


def final_turn(path: Path, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows of the last turn, for a results folder's results.csv (a row per country per
    turn); other files have one turn and keep every row."""
    turns = {row["turn"] for row in rows}
    if len(turns) <= 1:
        return rows
    try:
        last = max(turns, key=int)
    except ValueError:
        bad = sorted(t for t in turns if not t.strip().lstrip("-").isdigit())
        raise ResultsError("turn_not_whole", path=path, turn=repr(bad[0])) from None
    return [row for row in rows if row["turn"] == last]


def _read_text(path: Path) -> str:
    try:
        if not path.exists():
            raise ResultsError("no_such_file", path=path)
        if path.is_dir():
            raise ResultsError("folder", path=path)
        if path.stat().st_size > MAXIMUM_BYTES:
            raise ResultsError("too_large", path=path)
        data = path.read_bytes()
    except OSError as error:
        raise ResultsError("cannot_read", path=path, reason=error.strerror or error) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ResultsError("not_utf8", path=path) from None


def with_unique_labels(classes: list[ClassResults]) -> list[ClassResults]:
    """Each class labelled by its file name; the same name twice gets #2, #3; the same file
    twice is refused."""
    seen_paths: dict[Path, Path] = {}
    for item in classes:
        key = item.path.resolve()
        if key in seen_paths:
            raise ResultsError("same_file_twice", path=item.path, other=seen_paths[key])
        seen_paths[key] = item.path
    counts: dict[str, int] = {}
    result = []
    for item in classes:
        counts[item.label] = counts.get(item.label, 0) + 1
        label = item.label if counts[item.label] == 1 else f"{item.label}#{counts[item.label]}"
        result.append(ClassResults(item.path, label, item.columns, item.rows, item.scenario,
                                   item.scenario_sha256, item.seed, item.turn))
    return result


# --- checking fairness -------------------------------------------------------------------------
def check_same_game(classes: list[ClassResults]) -> None:
    """ResultsError naming the files unless every class played the same scenario file (by hash)
    with the same seed, and exported the same columns."""
    for attribute, what in (("scenario_sha256", "different_scenarios"), ("seed", "different_seeds")):
        groups: dict[str, list[ClassResults]] = {}
        for item in classes:
            groups.setdefault(getattr(item, attribute), []).append(item)
        if len(groups) > 1:
            files = [("game_of_file", {"path": item.path, "scenario": item.scenario,
                                       "hash": item.scenario_sha256[:12], "seed": item.seed})
                     for items in groups.values() for item in items]
            raise ResultsError(what, *files, ("merge_the_same", {}))
    first = classes[0]
    for item in classes[1:]:
        if item.columns != first.columns:
            raise ResultsError("different_columns", path=item.path, first=first.path)


def turn_warnings(classes: list[ClassResults], language: str = "en") -> list[str]:
    """A warning when the classes' games stopped at different turns."""
    turns = {item.turn for item in classes}
    if len(turns) <= 1:
        return []
    listing = ", ".join(said("class_turn", language, label=item.label, turn=item.turn)
                        for item in classes)
    return [said("different_turns", language, listing=listing)]


# --- merging -----------------------------------------------------------------------------------
def has_par(item: ClassResults) -> bool:
    """Whether every row of a class's results has its par (and score − par)."""
    return all(row.get("par") and row.get("score_minus_par") for row in item.rows)


def by_par(classes: list[ClassResults]) -> bool:
    """Rank by score − par: only when every class's file has par."""
    return all(has_par(item) for item in classes)


def ranking_note(classes: list[ClassResults], language: str = "en") -> str:
    """Which figure the merged leaderboard is ranked by, and why."""
    if by_par(classes):
        return said("ranked_by_par", language)
    missing = [str(item.path) for item in classes if not has_par(item)]
    return said("ranked_by_score", language, files=", ".join(missing))


def merge(classes: list[ClassResults], humans_only: bool = False
          ) -> tuple[list[str], list[dict[str, str]]]:
    """The merged leaderboard's columns and rows, best first (ties by class, country): by
    score − par when every file has par, else by score."""
    ranked = _score_minus_par if by_par(classes) else _score
    columns = ["rank", "class", "class_rank",
               *(c for c in classes[0].columns if c != "rank"), "file"]
    rows = []
    for item in classes:
        for row in item.rows:
            if humans_only and row["human"] not in ("1", "true", "True"):
                continue
            rows.append({**row, "class": item.label, "class_rank": row["rank"],
                         "file": str(item.path)})
    rows.sort(key=lambda r: (-ranked(r), r["class"], r["country"]))
    previous: float | None = None
    for position, row in enumerate(rows, start=1):
        value = ranked(row)
        if value != previous:
            rank = position
        row["rank"] = str(rank)
        previous = value
    return columns, [{c: row.get(c, "") for c in columns} for row in rows]


def _score(row: dict[str, str]) -> float:
    return round(float(row["score"]), 4)


def _score_minus_par(row: dict[str, str]) -> float:
    return round(float(row["score_minus_par"]), 4)


def merged_csv(columns: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def print_table(classes: list[ClassResults], rows: list[dict[str, str]],
                language: str = "en") -> None:
    from rich.console import Console
    from rich.table import Table

    first = classes[0]
    title = said("title_one" if len(classes) == 1 else "title", language, scenario=first.scenario,
                 seed=first.seed, count=len(classes))
    view = Table(title=title)
    with_par = by_par(classes)
    headings = [("rank", "right"), ("class", "left"), ("country", "left"), ("played_by", "left"),
                ("score", "right")]
    if with_par:
        headings += [("par", "right"), ("score_minus_par", "right")]
    for name, justify in [*headings, ("class_rank", "right")]:
        view.add_column(said(f"column.{name}", language), justify=justify)  # type: ignore[arg-type]
    for row in rows:
        human = row["human"] in ("1", "true", "True")
        country = (row["country"] if row["name"] in ("", row["country"])
                   else f"{row['name']} ({row['country']})")
        team = row.get("team") or said("team", language)
        figures = [f"{float(row['score']):.1f}"]
        if with_par:
            figures += [f"{float(row['par']):.1f}", f"{float(row['score_minus_par']):+.1f}"]
        view.add_row(row["rank"], row["class"], country, team if human else said("computer", language),
                     *figures, row["class_rank"])
    Console(width=120).print(view)
    print(said("sha256", language, hash=first.scenario_sha256))

"""One results format: the end screen's CSV, the results folder's results.csv and `results merge`
write the same columns (``game.rules.results``), and files written before it still merge."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from game.classroom.classroom import classroom_of
from game.classroom.results import RESULTS_FILE, write_results
from game.rules.results import COLUMN_NAMES, RESULTS_COLUMNS
from game.session.session import Session
from game.tools.cli import main
from game.tools.results import read_results
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data"
OLD_END_SCREEN = DATA / "results-before-records-end-screen.csv"
OLD_FOLDER = DATA / "results-before-records-folder.csv"


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)))


@pytest.fixture(scope="module")
def session(tutorial) -> Session:
    """The game of the old files: tutorial, seed 5, two turns, Samudra played by a team."""
    played = Session.new(tutorial, [], seed=5, turns=2)
    played.humans = ["SAM"]
    classroom_of(played).teams = {"SAM": "Garuda Muda"}
    return played


def test_the_three_writers_share_one_format(session, tmp_path, capsys):
    assert len(set(COLUMN_NAMES)) == len(COLUMN_NAMES) == len(RESULTS_COLUMNS)
    end_screen = session.results_csv()
    assert header(end_screen) == list(COLUMN_NAMES)
    write_results(session, tmp_path / "7A")
    folder = (tmp_path / "7A" / RESULTS_FILE).read_text(encoding="utf-8")
    assert header(folder) == list(COLUMN_NAMES)
    last = [row for row in rows_of(folder) if row["turn"] == "2"]
    assert last == rows_of(end_screen)  # the end screen exports the folder's last year
    assert len(rows_of(folder)) == 3 * 3
    sam = next(row for row in last if row["country"] == "SAM")
    assert sam["team"] == "Garuda Muda" and sam["human"] == "1" and sam["name_id"] == "Samudra"
    assert all(row["team"] == "" for row in last if row["country"] != "SAM")
    out = tmp_path / "merged.csv"
    export = tmp_path / "7B.csv"
    export.write_text(end_screen, encoding="utf-8")
    assert main(["results", "merge", str(tmp_path / "7A" / RESULTS_FILE), str(export),
                 "--out", str(out)]) == 0
    capsys.readouterr()
    merged = out.read_text(encoding="utf-8")
    assert header(merged) == ["rank", "class", "class_rank", *COLUMN_NAMES[1:], "file"]


def test_results_written_before_the_one_format_still_merge(session, tmp_path, capsys):
    old_end, old_folder = (shutil.copy(path, tmp_path / path.name)
                           for path in (OLD_END_SCREEN, OLD_FOLDER))
    new = tmp_path / "new.csv"
    new.write_text(session.results_csv(), encoding="utf-8")
    for path in (old_end, old_folder):
        read = read_results(Path(path))
        assert read.columns == list(COLUMN_NAMES)
        assert read.seed == "5" and read.turn == "2" and len(read.rows) == 3
    out = tmp_path / "merged.csv"
    assert main(["results", "merge", str(old_end), str(old_folder), str(new),
                 "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert "different" not in printed.err
    merged = rows_of(out.read_text(encoding="utf-8"))
    assert len(merged) == 9
    by_file = {(Path(row["file"]).name, row["country"]): row for row in merged}
    now = {row["country"]: row for row in rows_of(session.results_csv())}
    for country in ("SAM", "KAR", "AWN"):
        old = by_file[(OLD_END_SCREEN.name, country)]
        folder = by_file[(OLD_FOLDER.name, country)]
        for column in ("score", "trust", "welfare", "independence", "trust_held"):
            assert old[column] == folder[column] == now[country][column], column
        for column in ("trust_start", "welfare_change", "import_concentration", "agreements",
                       "broken_by"):
            assert old[column] == now[country][column], column
            assert folder[column] == ""  # the old results folder did not have it
        assert folder["welfare_index"] == now[country]["welfare_index"]
        assert old["welfare_index"] == ""
    assert by_file[(OLD_FOLDER.name, "SAM")]["team"] == "Garuda Muda"
    winner = next(country for country, row in now.items() if row["rank"] == "1")
    ranks = {row["rank"] for row in merged if row["country"] == winner}
    assert ranks == {"1"}  # the same game: the three classes tie
    # the old files' technology and human_capital terms (no longer in the score) are dropped
    assert all("technology" not in row and "human_capital" not in row for row in merged)

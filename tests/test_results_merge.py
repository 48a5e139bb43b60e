"""`run_game.py results merge` and the game columns of the session's results CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from game.classroom.classroom import classroom_of
from game.scenario.loading import load_text
from game.session.session import RESULTS_GAME_COLUMNS, Session
from game.tools.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def finished(tutorial) -> dict[tuple[int, int], Session]:
    """All-computer tutorial games of two turns, by (seed, turns)."""
    return {key: Session.new(tutorial, [], seed=key[0], turns=key[1])
            for key in [(5, 2), (6, 2), (5, 1)]}


def export(session: Session, path: Path, humans: list[str],
           names: dict[str, str] | None = None) -> Path:
    """The end screen's CSV of ``session`` as if ``humans`` had been teams."""
    session.humans = list(humans)
    path.write_text(session.results_csv(names), encoding="utf-8")
    return path


def test_the_session_results_say_which_scenario_file_and_seed_were_played(tutorial, finished):
    session = finished[(5, 2)]
    rows = rows_of(session.results_csv())
    assert list(rows[0])[-4:] == list(RESULTS_GAME_COLUMNS)
    assert len(rows) == 3
    for row in rows:
        assert row["scenario"] == "tutorial"
        assert row["scenario_sha256"] == tutorial.sha256 and len(row["scenario_sha256"]) == 64
        assert row["seed"] == "5" and row["turn"] == "2"
    assert list(rows[0])[:5] == ["rank", "country", "name", "human", "score"]


def test_merge_ranks_every_class_together_and_writes_csv(capsys, tmp_path, finished):
    session = finished[(5, 2)]
    first = export(session, tmp_path / "class-7a.csv", ["SAM"], {"SAM": "Samudra"})
    second = export(session, tmp_path / "class-7b.csv", ["KAR"])
    out = tmp_path / "merged" / "all.csv"
    code, printed, err = run(capsys, "results", "merge", str(first), str(second),
                             "--out", str(out))
    assert code == 0, err
    assert "class-7a" in printed and "class-7b" in printed and "Samudra" in printed
    assert "tutorial, seed 5: 2 classes" in printed
    merged = rows_of(out.read_text(encoding="utf-8"))
    assert len(merged) == 6
    assert list(merged[0])[:3] == ["rank", "class", "class_rank"]
    assert list(merged[0])[-1] == "file"
    scores = [float(row["score"]) for row in merged]
    assert scores == sorted(scores, reverse=True)
    # the same seed and no human moves: both classes' games are identical, so scores tie
    assert [row["rank"] for row in merged] == ["1", "1", "3", "3", "5", "5"]
    single = rows_of(session.results_csv())
    by_country = {row["country"]: row for row in single}
    for row in merged:
        assert row["score"] == by_country[row["country"]]["score"]
        assert row["class_rank"] == by_country[row["country"]]["rank"]
        assert row["seed"] == "5" and row["scenario"] == "tutorial"
    teams = {(row["class"], row["country"]) for row in merged if row["human"] == "1"}
    assert teams == {("class-7a", "SAM"), ("class-7b", "KAR")}
    assert {row["file"] for row in merged} == {str(first), str(second)}


def test_humans_only_ranks_only_the_teams(capsys, tmp_path, finished):
    session = finished[(5, 2)]
    first = export(session, tmp_path / "a.csv", ["AWN"])
    second = export(session, tmp_path / "b.csv", ["SAM", "KAR"])
    out = tmp_path / "teams.csv"
    assert run(capsys, "results", "merge", str(first), str(second), "--humans-only",
               "--out", str(out))[0] == 0
    merged = rows_of(out.read_text(encoding="utf-8"))
    scores = {row["country"]: float(row["score"]) for row in rows_of(session.results_csv())}
    by_score = sorted(scores, key=lambda country: -scores[country])
    assert by_score == ["KAR", "SAM", "AWN"]  # the game's order (Karang first since issue 13)
    assert [(row["rank"], row["class"], row["country"]) for row in merged] == [
        ("1", "b", "KAR"), ("2", "b", "SAM"), ("3", "a", "AWN")]


def test_different_seeds_are_refused_naming_the_files(capsys, tmp_path, finished):
    first = export(finished[(5, 2)], tmp_path / "monday.csv", ["SAM"])
    second = export(finished[(6, 2)], tmp_path / "tuesday.csv", ["SAM"])
    out = tmp_path / "never.csv"
    code, _, err = run(capsys, "results", "merge", str(first), str(second), "--out", str(out))
    assert code == 1
    assert "different seeds" in err and str(first) in err and str(second) in err
    assert "seed 5" in err and "seed 6" in err
    assert not out.exists()


def test_different_scenario_files_are_refused_naming_the_files(capsys, tmp_path, tutorial):
    edited = load_text(tutorial.text.replace("turns = 8", "turns = 9"), "edited.toml")
    assert edited.sha256 != tutorial.sha256
    first = export(Session.new(tutorial, [], seed=5, turns=1), tmp_path / "one.csv", [])
    second = export(Session.new(edited, [], seed=5, turns=1), tmp_path / "two.csv", [])
    code, _, err = run(capsys, "results", "merge", str(first), str(second))
    assert code == 1
    assert "different scenario files" in err and str(first) in err and str(second) in err
    assert tutorial.sha256[:12] in err and edited.sha256[:12] in err


def test_different_turns_merge_with_a_warning(capsys, tmp_path, finished):
    first = export(finished[(5, 2)], tmp_path / "long.csv", [])
    second = export(finished[(5, 1)], tmp_path / "short.csv", [])
    code, _, err = run(capsys, "results", "merge", str(first), str(second))
    assert code == 0 and "different turns" in err


def test_old_results_and_tournament_leaderboards_are_refused_clearly(capsys, tmp_path, finished):
    text = finished[(5, 2)].results_csv()
    old = tmp_path / "old.csv"
    old.write_text("\n".join(",".join(line.split(",")[:-4]) for line in text.splitlines()) + "\n",
                   encoding="utf-8")
    code, _, err = run(capsys, "results", "merge", str(old))
    assert code == 1 and str(old) in err and "older version" in err
    tournament = tmp_path / "leaderboard.csv"
    tournament.write_text("rank,bot,mean_score\n1,random,3.0\n", encoding="utf-8")
    code, _, err = run(capsys, "results", "merge", str(tournament))
    assert code == 1 and "tournament" in err


@pytest.mark.parametrize("content, message", [
    ("", "empty"),
    ("country,score\nSAM,1\n", "missing the column"),
    (b"\xff\xfe\x00", "not UTF-8"),
])
def test_files_that_are_not_results_are_refused(capsys, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "results", "merge", str(path))
    assert code == 1 and message in err and str(path) in err


def test_missing_file_and_the_same_file_twice_are_refused(capsys, tmp_path, finished):
    code, _, err = run(capsys, "results", "merge", str(tmp_path / "nowhere.csv"))
    assert code == 1 and "no such file" in err
    path = export(finished[(5, 2)], tmp_path / "a.csv", [])
    code, _, err = run(capsys, "results", "merge", str(path), str(path))
    assert code == 1 and "twice" in err


def test_a_spreadsheet_saved_copy_with_bom_and_semicolons_is_read(capsys, tmp_path, finished):
    text = finished[(5, 2)].results_csv()
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + text.replace(",", ";")).encode("utf-8"))
    out = tmp_path / "m.csv"
    assert run(capsys, "results", "merge", str(path), "--out", str(out))[0] == 0
    assert len(rows_of(out.read_text(encoding="utf-8"))) == 3


def test_same_file_name_in_two_folders_gets_distinct_class_labels(capsys, tmp_path, finished):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    first = export(finished[(5, 2)], tmp_path / "x" / "results.csv", [])
    second = export(finished[(5, 2)], tmp_path / "y" / "results.csv", [])
    out = tmp_path / "m.csv"
    assert run(capsys, "results", "merge", str(first), str(second), "--out", str(out))[0] == 0
    assert {row["class"] for row in rows_of(out.read_text(encoding="utf-8"))} == {"x", "y"}
    # a class's results folder is named after the class; the same name twice is told apart
    for parent in ("a", "b"):
        (tmp_path / parent / "8A").mkdir(parents=True)
    third = export(finished[(5, 2)], tmp_path / "a" / "8A" / "results.csv", [])
    fourth = export(finished[(5, 2)], tmp_path / "b" / "8A" / "results.csv", [])
    assert run(capsys, "results", "merge", str(third), str(fourth), "--out", str(out))[0] == 0
    assert {row["class"] for row in rows_of(out.read_text(encoding="utf-8"))} == {"8A", "8A#2"}


def test_results_folders_merge_by_their_final_turn_with_team_names(capsys, tmp_path, tutorial):
    """A class's results folder has a row per country per turn: the merge takes the last turn."""
    from game.classroom.results import RESULTS_FILE, write_results

    files = []
    for label, teams in (("7a", {"SAM": "Garuda"}), ("7b", {"KAR": "Elang"})):
        session = Session.new(tutorial, [], seed=5, turns=2)
        session.humans = list(teams)
        classroom_of(session).teams = teams
        write_results(session, tmp_path / label)
        files.append(tmp_path / label / RESULTS_FILE)
    per_turn = rows_of(files[0].read_text(encoding="utf-8"))
    assert sorted({row["turn"] for row in per_turn}) == ["0", "1", "2"]
    out = tmp_path / "merged.csv"
    code, printed, err = run(capsys, "results", "merge", *map(str, files), "--out", str(out))
    assert code == 0, err
    assert "Garuda" in printed and "Elang" in printed
    merged = rows_of(out.read_text(encoding="utf-8"))
    assert len(merged) == 6 and {row["turn"] for row in merged} == {"2"}
    final = {row["country"]: row["score"] for row in per_turn if row["turn"] == "2"}
    assert {row["country"]: row["score"] for row in merged} == final
    assert {(row["class"], row["team"]) for row in merged if row["human"] == "1"} == {
        ("7a", "Garuda"), ("7b", "Elang")}


def test_a_results_file_with_a_broken_turn_is_refused(capsys, tmp_path, finished):
    text = finished[(5, 2)].results_csv()
    lines = text.splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",two"
    path = tmp_path / "broken.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "results", "merge", str(path))
    assert code == 1 and str(path) in err and "'two' is not a whole number" in err


def test_merge_speaks_indonesian_with_lang_id(capsys, tmp_path, finished):
    first = export(finished[(5, 2)], tmp_path / "kelas-7a.csv", ["SAM"])
    second = export(finished[(5, 1)], tmp_path / "kelas-7b.csv", [])
    out = tmp_path / "semua.csv"
    code, printed, err = run(capsys, "results", "merge", str(first), str(second),
                             "--out", str(out), "--lang", "id")
    assert code == 0, err
    assert "tutorial, kode acak 5: 2 kelas" in printed
    assert "peringkat" in printed and "komputer" in printed
    assert "diurutkan menurut" in printed and f"ditulis: {out}" in printed
    assert "peringatan: permainan berhenti pada giliran yang berbeda" in err
    assert "seed" not in printed.replace("sha256", "") and "warning" not in err
    # the CSV itself keeps its column names (other programs read it)
    assert list(rows_of(out.read_text(encoding="utf-8"))[0])[:3] == ["rank", "class", "class_rank"]
    other = export(finished[(6, 2)], tmp_path / "kelas-7c.csv", ["SAM"])
    code, _, err = run(capsys, "results", "merge", str(first), str(other), "--lang", "id")
    assert code == 1
    assert "tidak dapat digabung: hasil ini berasal dari kode acak yang berbeda" in err
    assert "kode acak 5" in err and "kode acak 6" in err and str(other) in err
    code, _, err = run(capsys, "results", "merge", str(tmp_path / "hilang.csv"), "--lang", "id")
    assert code == 1 and "hilang.csv: berkas tidak ditemukan" in err
    # and English again without --lang
    code, _, err = run(capsys, "results", "merge", str(tmp_path / "hilang.csv"))
    assert "no such file" in err

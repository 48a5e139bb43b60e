"""The results folder of a class's game: written after every turn, its CSV rows add up, its log
replays, the reflections are kept, the summary is a real picture, and a folder that cannot be
written never stops the game."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from game.agents.scripted import ScriptedController
from game.classroom.classroom import Classroom
from game.classroom.results import (
    LOG_FILE,
    REFLECTIONS_FILE,
    RESULTS_FILE,
    SUMMARY_FILE,
    summary,
)
from game.model.state import SCORE_TERMS
from game.rules.game import Game
from game.rules.storage import read_log, replay_log
from game.session.session import Session
from game.tools.cli import main

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TEAMS = {"SAM": "Garuda Muda", "KAR": "Tim Karang"}


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def classroom(tutorial, folder: Path | None, reflection: bool = True, turns: int = 3) -> Session:
    return Session(Game(tutorial, 7, turns), ["SAM", "KAR"], "normal",
                   ScriptedController(["SAM", "KAR"]),
                   classroom=Classroom(teams=dict(TEAMS), reflection=reflection, results_folder=folder))


def play_turn(session: Session) -> None:
    """Both teams play a year: Samudra offers Awan a trade agreement, then all end."""
    from game.rules.agreements import Clause
    from game.scenario.schema import ClauseKind

    session.begin_diplomacy(session.current)
    while session.stage.value == "diplomacy":
        country = session.current
        if country == "SAM" and session.game.delegations_left("SAM") == \
                session.game.scenario.countries[0].delegations:
            session.propose("SAM", ("SAM", "AWN"),
                            (Clause(ClauseKind.TRADE_LIBERALISATION, level=0.4),), 4)
        for negotiation in list(session.inbox(country)):
            session.accept(country, negotiation.id)
        session.end_diplomacy(country)
    while session.stage.value == "compliance":
        session.end_compliance(session.current, {})


def test_the_folder_holds_every_turn_with_teams_and_terms_that_add_up(tutorial, tmp_path):
    folder = tmp_path / "class 7A"
    session = classroom(tutorial, folder)
    assert {row["turn"] for row in rows(folder / RESULTS_FILE)} == {"0"}  # written from the start
    play_turn(session)
    assert {row["turn"] for row in rows(folder / RESULTS_FILE)} == {"0", "1"}
    play_turn(session)
    table = rows(folder / RESULTS_FILE)
    assert [row["turn"] for row in table] == ["0"] * 3 + ["1"] * 3 + ["2"] * 3
    assert session.game.turn == 3 and not session.game.finished
    for row in table:
        terms = sum(float(row[term]) for term in SCORE_TERMS)
        assert terms == pytest.approx(float(row["score"]), abs=1e-3)
        assert row["team"] == TEAMS.get(row["country"], "")
        assert row["human"] == ("1" if row["country"] in TEAMS else "0")
        assert row["scenario"] == "tutorial" and row["seed"] == "7"
        assert row["scenario_sha256"] == tutorial.sha256
    last = [row for row in table if row["turn"] == "2"]
    assert [row["rank"] for row in last] == ["1", "2", "3"]
    scores = dict(zip(session.game.country_ids, session.game.scores(), strict=True))
    for row in last:
        assert float(row["score"]) == pytest.approx(scores[row["country"]], abs=1e-4)
    assert [float(r["score"]) for r in last] == sorted((float(r["score"]) for r in last), reverse=True)
    start = [row for row in table if row["turn"] == "0"]
    assert all(float(row["welfare_index"]) == pytest.approx(1.0) for row in start)
    names = {row["country"]: (row["name"], row["name_id"]) for row in table}
    assert names["SAM"] == ("Samudra", "Samudra")


def test_the_log_replays_to_the_same_game(tutorial, tmp_path, capsys):
    folder = tmp_path / "results"
    session = classroom(tutorial, folder, turns=2)
    session.moderate("storm", ("SAM",))  # the teacher's event is part of the game too
    play_turn(session)
    play_turn(session)
    assert session.game.finished
    header, records, footer = read_log(folder / LOG_FILE)
    assert header["seed"] == 7 and footer["final_state_hash"] == session.game.state_hash()
    assert any(record["type"] == "moderate" for record in records)
    game = replay_log(folder / LOG_FILE, tutorial)
    assert game.state_hash() == session.game.state_hash()
    assert list(game.scores()) == list(session.game.scores())
    assert main(["replay", str(folder / LOG_FILE)]) == 0
    assert capsys.readouterr().out.strip() == session.game.state_hash()


def test_reflections_are_saved_with_the_game_and_in_the_csv(tutorial, tmp_path):
    folder = tmp_path / "results"
    save = tmp_path / "autosave.json"
    session = classroom(tutorial, folder)
    session.autosave_path = save
    play_turn(session)
    room = session.classroom
    room.add_reflection(session, "SAM", "offers", "Why did you accept or refuse this year's offers?",
                        "  Awan's trade offer, because we need markets, and \"fair\" tariffs.\n")
    room.add_reflection(session, "KAR", "trust", "Trust: which country trusts you?", "Nobody yet")
    assert session.classroom.write_results(session)
    table = rows(folder / REFLECTIONS_FILE)
    assert table == [
        {"turn": "1", "team": "Garuda Muda", "country": "SAM",
         "question": "Why did you accept or refuse this year's offers?",
         "answer": "Awan's trade offer, because we need markets, and \"fair\" tariffs."},
        {"turn": "1", "team": "Tim Karang", "country": "KAR",
         "question": "Trust: which country trusts you?", "answer": "Nobody yet"},
    ]
    loaded = Session.load(save, classroom=Classroom.from_dict)
    assert loaded.classroom.reflections == session.classroom.reflections
    assert loaded.classroom.teams == TEAMS and loaded.classroom.reflection is True
    assert loaded.classroom.results_folder == folder


def test_no_reflections_file_when_reflection_is_off(tutorial, tmp_path):
    folder = tmp_path / "results"
    session = classroom(tutorial, folder, reflection=False)
    play_turn(session)
    assert (folder / RESULTS_FILE).exists() and (folder / LOG_FILE).exists()
    assert not (folder / REFLECTIONS_FILE).exists()


def test_the_summary_is_a_readable_picture(tutorial, tmp_path):
    import pygame

    from game.ui.charts import summary_png

    folder = tmp_path / "results"
    session = classroom(tutorial, folder)
    session.classroom.results_painter = summary_png
    play_turn(session)
    data = (folder / SUMMARY_FILE).read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    pygame.init()
    image = pygame.image.load(str(folder / SUMMARY_FILE))
    width, height = image.get_size()
    assert (width, height) == (1600, 1131)  # A4 landscape proportions
    assert 20_000 < len(data) < 2_000_000
    # ink on white paper: mostly white, with dark text and coloured lines
    colours = {tuple(image.get_at((x, y)))[:3] for x in range(0, width, 7) for y in range(0, height, 7)}
    assert (255, 255, 255) in colours and len(colours) > 20
    page = summary(session)
    assert [entry["team"] for entry in page.board if entry["human"]] == \
        [TEAMS[c] for c in [e["country"] for e in page.board if e["human"]]]
    assert set(page.series) == {"score", "trust_held", "welfare_index"}
    assert all(len(values) == 2 for values in page.series["score"].values())


def test_an_unwritable_folder_gives_a_message_and_the_game_goes_on(tutorial, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the results folder should be", encoding="utf-8")
    folder = blocker / "results"
    session = classroom(tutorial, folder)
    assert session.classroom.results_error is not None and str(folder) in session.classroom.results_error
    assert "choose a folder you can write to" in session.classroom.results_error
    session.classroom.results_error = None  # the screen shows it once
    play_turn(session)
    assert session.game.turn == 2 and session.classroom.results_error is not None  # tried again, went on
    session.classroom.results_folder = tmp_path / "fixed"
    play_turn(session)
    assert session.classroom.results_error is None
    assert {row["turn"] for row in rows(tmp_path / "fixed" / RESULTS_FILE)} == {"0", "1", "2"}


def test_a_failing_painter_is_a_message_not_a_crash(tutorial, tmp_path):
    def broken(_summary):
        raise RuntimeError("no fonts")

    session = classroom(tutorial, tmp_path / "results")
    session.classroom.results_painter = broken
    play_turn(session)
    assert "summary picture failed" in session.classroom.results_error
    assert session.game.turn == 2
    assert (tmp_path / "results" / RESULTS_FILE).exists()

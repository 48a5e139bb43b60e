"""The classroom competition set-up (game.classroom.competition): validation with clear messages,
the commented TOML file (round trip, hand-edited and broken files) and applying it to a scenario."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from game.classroom.competition import (
    Competition,
    CompetitionError,
    Team,
    check_scenario,
    competition_toml,
    default_results_folder,
    load_competition,
    save_competition,
    start_session,
)
from game.rules.game import Phase
from game.scenario.loading import load_scenario, resolve

GOOD = """\
# a teacher's file, written by hand
scenario = "indonesia-partners"
difficulty = "hard"
seed = 162
diplomacy_minutes = 3
[[teams]]
name = "Garuda"
country = "IDN"
[[teams]]
name = "Komodo"
country = "JPN"
"""


def competition(**changes) -> Competition:
    data = {"scenario": "indonesia-partners", "seed": 162,
            "teams": [{"name": "Garuda", "country": "IDN"}, {"name": "Komodo", "country": "JPN"},
                      {"name": "Rajawali", "country": "KOR"}]}
    data.update(changes)
    return Competition.model_validate(data)


@pytest.fixture(scope="module")
def partners():
    return load_scenario(resolve("indonesia-partners"))


# --- the model ---------------------------------------------------------------------------------

def test_defaults_and_what_a_game_needs():
    made = competition()
    assert made.difficulty == "normal" and made.turns is None and made.reflection is False
    assert made.diplomacy_minutes is None and made.diplomacy_seconds is None
    assert made.humans == ["IDN", "JPN", "KOR"]
    assert made.team_names == {"IDN": "Garuda", "JPN": "Komodo", "KOR": "Rajawali"}
    assert competition(diplomacy_minutes=2.5).diplomacy_seconds == 150


@pytest.mark.parametrize(("changes", "where", "words"), [
    ({"teams": []}, ("teams",), "at least one team"),
    ({"teams": [{"name": "  ", "country": "IDN"}]}, ("teams", 0, "name"), "needs a name"),
    ({"teams": [{"name": "x" * 41, "country": "IDN"}]}, ("teams", 0, "name"), "at most 40"),
    ({"teams": [{"name": "Garuda", "country": "IDN"}, {"name": "garuda", "country": "JPN"}]},
     ("teams",), "two teams are called 'garuda'"),
    ({"teams": [{"name": "A", "country": "IDN"}, {"name": "B", "country": "IDN"}]},
     ("teams",), "two teams play IDN"),
    ({"difficulty": "medium"}, ("difficulty",), "'easy', 'normal' or 'hard'"),
    ({"turns": 0}, ("turns",), "greater than or equal to 1"),
    ({"turns": 31}, ("turns",), "less than or equal to 30"),
    ({"seed": -1}, ("seed",), "greater than or equal to 0"),
    ({"seed": "162"}, ("seed",), "valid integer"),
    ({"diplomacy_minutes": 0}, ("diplomacy_minutes",), "greater than 0"),
    ({"reflection": "yes"}, ("reflection",), "valid boolean"),
    ({"colour": "red"}, ("colour",), "Extra inputs"),
])
def test_the_model_refuses_bad_set_ups_with_a_message(changes, where, words):
    with pytest.raises(ValidationError) as caught:
        competition(**changes)
    errors = caught.value.errors()
    assert any(tuple(e["loc"]) == where and words in e["msg"] for e in errors), errors


def test_team_names_are_tidied():
    made = competition(teams=[{"name": "  Tim   Garuda ", "country": " IDN "}])
    assert made.teams == [Team(name="Tim Garuda", country="IDN")]


# --- the file ----------------------------------------------------------------------------------

def test_save_and_load_give_the_same_set_up(tmp_path):
    made = competition(difficulty="easy", turns=8, diplomacy_minutes=2.5, reflection=True,
                       results_folder=str(tmp_path / "Hasil kelas 8B"),
                       teams=[{"name": 'Tim "Garuda" #1', "country": "IDN"},
                              {"name": "Komodo\\Naga", "country": "JPN"}])
    written = save_competition(made, tmp_path / "kelas-8b")
    assert written == tmp_path / "kelas-8b.toml"
    assert save_competition(made, tmp_path) == tmp_path / "competition.toml"  # a folder named
    assert load_competition(written) == made
    text = written.read_text(encoding="utf-8")
    assert "# How well the computer countries play" in text  # commented for a teacher
    assert "diplomacy_minutes = 2.5" in text and "reflection = true" in text


def test_leaving_optional_lines_out_round_trips_too(tmp_path):
    made = competition()
    path = save_competition(made, tmp_path / "plain.toml")
    text = path.read_text(encoding="utf-8")
    assert "\nturns =" not in text and "# turns = 10" in text
    assert "\ndiplomacy_minutes =" not in text and "\nresults_folder =" not in text
    assert load_competition(path) == made


def test_a_hand_written_file_loads_and_relative_paths_come_from_its_folder(tmp_path):
    path = tmp_path / "class" / "set-up.toml"
    path.parent.mkdir()
    path.write_text(GOOD, encoding="utf-8")
    loaded = load_competition(path)
    assert loaded.difficulty == "hard" and loaded.diplomacy_minutes == 3.0
    assert loaded.humans == ["IDN", "JPN"]
    relative = GOOD.replace('scenario = "indonesia-partners"', 'scenario = "mine/islands.toml"')
    relative = relative.replace("seed = 162", 'seed = 162\nresults_folder = "results"')
    path.write_text(relative, encoding="utf-8")
    loaded = load_competition(path)
    assert loaded.scenario == str(tmp_path / "class" / "mine" / "islands.toml")
    assert loaded.results_folder == str(tmp_path / "class" / "results")


@pytest.mark.parametrize(("text", "where", "words"), [
    (GOOD.replace('difficulty = "hard"', 'difficulty = "very hard"'),
     "set-up.toml:3: difficulty:", 'write "easy", "normal" or "hard"'),
    (GOOD.replace("seed = 162", 'seed = "162"'), "set-up.toml:4: seed:", "a whole number"),
    (GOOD.replace("diplomacy_minutes = 3", "diplomacy_minuts = 3"), "set-up.toml:5: diplomacy_minuts:",
     "did you mean 'diplomacy_minutes'?"),
    (GOOD.replace("seed = 162\n", ""), "set-up.toml: seed:", "this required key is missing"),
    (GOOD.replace('name = "Komodo"', 'name = "Garuda"'), "set-up.toml:10: teams[1].name:",
     "give every team its own name"),
    (GOOD.replace('country = "JPN"', 'country = "IDN"'), "set-up.toml:11: teams[1].country:",
     "give every team its own country"),
    (GOOD.replace('name = "Komodo"', 'nama = "Komodo"'), "set-up.toml:10: teams[1].nama:",
     "allowed keys: name, country"),
    (GOOD.replace("seed = 162", "seed = 1 62"), "set-up.toml:4:", "TOML syntax error"),
    (GOOD + "[[teams]\n", "set-up.toml:12:", "TOML syntax error"),
    (GOOD + "reflection = true\n", "set-up.toml:12: teams[1].reflection:",
     "write it above the first [[teams]]"),
])
def test_a_broken_file_names_the_file_the_line_the_key_and_the_fix(tmp_path, text, where, words):
    path = tmp_path / "set-up.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CompetitionError) as caught:
        load_competition(path)
    report = caught.value.report()
    assert report.startswith(f"{path}: ")
    assert any(line.strip().startswith(f"{tmp_path}/{where}") and words in line
               for line in report.splitlines()[1:]), report


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    path = tmp_path / "set-up.toml"
    path.write_text(GOOD.replace("seed = 162", "seed = -4\nturns = 99"), encoding="utf-8")
    with pytest.raises(CompetitionError) as caught:
        load_competition(path)
    assert [p.path for p in caught.value.problems] == ["turns", "seed"]


def test_files_that_are_not_set_ups(tmp_path):
    with pytest.raises(CompetitionError, match="no such file: check the path"):
        load_competition(tmp_path / "missing.toml")
    with pytest.raises(CompetitionError, match="this is a folder"):
        load_competition(tmp_path)
    (tmp_path / "latin1.toml").write_bytes(GOOD.encode() + b"# caf\xe9\n")
    with pytest.raises(CompetitionError, match=r"latin1\.toml:12: this is not UTF-8 text"):
        load_competition(tmp_path / "latin1.toml")
    (tmp_path / "empty.toml").write_text("", encoding="utf-8")
    with pytest.raises(CompetitionError) as caught:
        load_competition(tmp_path / "empty.toml")
    assert {p.path for p in caught.value.problems} == {"scenario", "teams", "seed"}


def test_the_written_file_is_valid_toml_for_awkward_names():
    import tomllib

    made = competition(teams=[{"name": "a\tb \u007f é 'x' \"y\" \\z", "country": "IDN"}])
    assert tomllib.loads(competition_toml(made))["teams"][0]["name"] == made.teams[0].name


def test_saving_over_a_file_replaces_it_whole(tmp_path):
    path = tmp_path / "set-up.toml"
    path.write_text("x" * 10_000, encoding="utf-8")
    save_competition(competition(), path)
    assert load_competition(path) == competition()
    assert [p.name for p in tmp_path.iterdir()] == ["set-up.toml"]  # no temporary file left


# --- applying it to a scenario ------------------------------------------------------------------

def test_a_country_not_in_the_scenario_is_named_with_the_fix(partners):
    made = competition(teams=[{"name": "Garuda", "country": "IDN"}, {"name": "Naga", "country": "JPNN"}])
    with pytest.raises(CompetitionError) as caught:
        check_scenario(made, partners, "kelas-8b.toml")
    report = caught.value.report()
    assert "kelas-8b.toml: teams[1].country: 'Naga' plays 'JPNN'" in report
    assert "did you mean 'JPN'?" in report
    assert "IDN, JPN, CHN" in report


def test_start_session_makes_the_teams_humans_in_order(partners, tmp_path):
    from game.agents.scripted import ScriptedController

    made = competition(turns=4, diplomacy_minutes=3, reflection=True,
                       results_folder=str(tmp_path / "results"))
    session = start_session(made, partners, controller=ScriptedController())
    assert session.humans == ["IDN", "JPN", "KOR"]
    assert session.classroom.teams == {"IDN": "Garuda", "JPN": "Komodo", "KOR": "Rajawali"}
    assert session.game.last_turn == 4 and session.game.seed == 162
    assert session.classroom.reflection is True and session.classroom.results_folder == tmp_path / "results"
    assert session.classroom.timer is not None and session.classroom.timer.seconds == 180
    assert session.stage is Phase.NEWS and session.current == "IDN"
    wrong = competition(teams=[{"name": "Kiwi", "country": "NZL"}])
    with pytest.raises(CompetitionError, match="'Kiwi' plays 'NZL'"):
        start_session(wrong, partners)


def test_results_go_to_documents_when_there_is_such_a_folder(tmp_path):
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    assert default_results_folder(home, data) == data / "results"
    (home / "Documents").mkdir()
    assert default_results_folder(home, data) == home / "Documents" / "Diplomasi results"

"""Located problems (``game.scenario.problems``): a scenario and a competition set-up say a TOML
syntax error and a value the schema refuses the same way, with the file's line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from game.classroom.competition import CompetitionError, load_competition
from game.scenario.loading import ScenarioError, load_scenario
from game.scenario.problems import Problem, Problems, validated

TUTORIAL = (Path(__file__).resolve().parents[1] / "scenarios" / "tutorial.toml").read_text(
    encoding="utf-8")
SET_UP = """scenario = "tutorial"
difficulty = "hard"
seed = 162

[[teams]]
name = "Garuda"
country = "SAM"
"""


def _line(text: str, start: str) -> int:
    """The 1-based line of the first line of ``text`` that starts with ``start``."""
    return next(k for k, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def _scenario_problems(tmp_path: Path, text: str) -> list[Problem]:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return caught.value.problems


def _set_up_problems(tmp_path: Path, text: str) -> list[Problem]:
    path = tmp_path / "set-up.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CompetitionError) as caught:
        load_competition(path)
    return caught.value.problems


def test_a_syntax_error_is_located_in_a_scenario_and_in_a_set_up(tmp_path):
    broken = TUTORIAL.replace("\ngdp = ", "\ngdp = = ", 1)
    [problem] = _scenario_problems(tmp_path, broken)
    assert problem.line == _line(broken, "gdp = = ")
    assert problem.message.startswith("TOML syntax error at column ")
    broken = SET_UP.replace("seed = 162", "seed = 1 62")
    [problem] = _set_up_problems(tmp_path, broken)
    assert problem.line == 3
    assert problem.message.startswith("TOML syntax error at column ")
    assert "the examples in the file's comments" in problem.message


def test_a_refused_value_is_located_in_a_scenario_and_in_a_set_up(tmp_path):
    broken = TUTORIAL.replace("\ngdp = ", "\ngdp = -", 1)
    [problem] = _scenario_problems(tmp_path, broken)
    assert problem.line == _line(broken, "gdp = -")
    assert problem.path == "countries[0].gdp" and "found -" in problem.message
    broken = SET_UP.replace('difficulty = "hard"', 'difficulty = "medium"')
    [problem] = _set_up_problems(tmp_path, broken)
    assert (problem.line, problem.path) == (2, "difficulty")
    assert "(found 'medium')" in problem.message and '"easy", "normal" or "hard"' in problem.message
    broken = SET_UP.replace('name = "Garuda"', 'nama = "Garuda"')
    problems = _set_up_problems(tmp_path, broken)
    assert [(p.line, p.path) for p in problems] == [(5, "teams[0].name"), (6, "teams[0].nama")]


def test_any_model_gets_located_problems():
    class Lesson(BaseModel):
        model_config = ConfigDict(strict=True, extra="forbid")
        minutes: int
        title: str = ""

    assert validated("minutes = 40\n", Lesson).minutes == 40
    with pytest.raises(Problems) as caught:
        validated('title = "x"\nminutes = "forty"\ncolour = 1\n', Lesson,
                  fixes={"minutes": "a whole number"})
    found = {p.path: p for p in caught.value.problems}
    assert found["minutes"].line == 2 and found["minutes"].message.endswith(": a whole number")
    assert found["colour"].line == 3 and "allowed keys: minutes, title" in found["colour"].message

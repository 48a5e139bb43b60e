"""Errors about files speak the player's language: a damaged save or a missing scenario file is
explained in Indonesian in the Indonesian game (the schema's own details stay English, said so)."""

from __future__ import annotations

import json

import pytest

from game.i18n import catalog
from game.rules.storage import StorageError, load_game
from game.scenario.loading import ScenarioError, load_scenario, load_text, resolve
from game.scenario.problems import Problem, _said_kind


def test_every_storage_and_file_problem_key_has_both_languages():
    for prefix in ("storage.", "scenario_file."):
        english = {k for k in catalog("en") if k.startswith(prefix)}
        indonesian = {k for k in catalog("id") if k.startswith(prefix)}
        assert english and english == indonesian


def test_a_damaged_save_is_explained_in_indonesian(tmp_path):
    path = tmp_path / "save.json"
    path.write_text('{"format": "diplomasi-save", "version": 1, "scenario": ', encoding="utf-8")
    with pytest.raises(StorageError) as caught:
        load_game(path)
    error = caught.value
    assert error.message.startswith("the save is damaged or cut short")
    indonesian = error.text("id")
    assert indonesian.startswith("simpanan rusak atau terpotong")
    assert "baris 1" in indonesian and "kolom" in indonesian
    assert indonesian != error.message


def test_not_a_save_in_both_languages(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text(json.dumps({"hello": 1}), encoding="utf-8")
    with pytest.raises(StorageError) as caught:
        load_game(path)
    assert caught.value.message == "not a Diplomasi save file"
    assert caught.value.text("id") == "bukan berkas simpanan Diplomasi"


def test_a_missing_scenario_file_is_explained_in_indonesian(tmp_path):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "gone.toml")
    report = caught.value.report("id")
    assert "1 masalah" in report
    assert "berkas tidak ditemukan" in report
    assert "no such file" in caught.value.report()
    with pytest.raises(ScenarioError) as caught:
        resolve("no-such-scenario")
    assert "skenario bawaan: " in caught.value.report("id") and "tutorial" in caught.value.report("id")


def test_the_schema_s_own_checks_stay_english_and_the_report_says_so():
    """A check of the schema's own (here a country of a region the file does not have) says
    its words in English: the Indonesian report says that it does."""
    text = resolve("tutorial").read_text(encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_text(text.replace('region = "nusantara"', 'region = "atlantis"', 1), "mine.toml")
    report = caught.value.report("id")
    assert report.splitlines()[0].endswith("masalah")
    assert "bahasa Inggris" in report.splitlines()[1]
    assert "atlantis" in report
    assert caught.value.report().splitlines()[0] == "mine.toml: 1 problem"


#: A scenario with a missing key (the title), a value of the wrong type (turns) and one out of
#: range (a GDP below zero), each on its own line.
BROKEN = """[scenario]
id = "broken"
turns = "ten"
"""


def _problems_by_line(report: str) -> list[tuple[str, str]]:
    """(place, key path) of each problem line of a report: 'file:line: path: message'."""
    rows = []
    for line in report.splitlines()[1:]:
        if line.startswith("  "):
            place, path, _ = line.strip().split(": ", 2)
            rows.append((place, path))
    return rows


def test_schema_problems_are_said_in_indonesian_on_the_same_lines():
    with pytest.raises(ScenarioError) as caught:
        load_text(BROKEN, "mine.toml")
    english, indonesian = caught.value.report(), caught.value.report("id")
    assert "this required key is missing" in english
    # pydantic's "Input should be a valid integer" said in the game's own words (issue 15)
    assert "mine.toml:3: scenario.turns: should be a whole number (such as 12) (found 'ten')" in english
    assert "Input should" not in english
    assert _problems_by_line(english) == _problems_by_line(indonesian)
    assert ("mine.toml:1", "scenario.title") in _problems_by_line(indonesian)
    assert ("mine.toml:3", "scenario.turns") in _problems_by_line(indonesian)
    assert "mine.toml:1: scenario.title: kunci wajib ini tidak ada" in indonesian
    assert "mine.toml:3: scenario.turns: harus berupa bilangan bulat" in indonesian
    assert "(tertulis 'ten')" in indonesian
    assert "(baris 3 adalah akhir berkas: tambahkan di sana)" in indonesian
    assert "required" not in indonesian and "Input should" not in indonesian
    assert "bahasa Inggris" not in indonesian  # nothing left in English


@pytest.mark.parametrize(("change", "english", "indonesian"), [
    (("gdp = ", "gdp = -", 1), "should be greater than 0 (found -", "harus lebih besar dari 0 (tertulis -"),
    (("gdp = ", "gdp = 'x' #", 1), "should be a number (such as 2.5) (found 'x')", "harus berupa angka"),
    (("[scenario]", "[scenario]\ntrns = 3", 1), "did you mean 'turns'?",
     "kunci 'trns' tidak dikenal: maksud Anda 'turns'? kunci yang boleh dipakai: id, title"),
    (("gdp = ", "gdp = nan #", 1), "not a number (nan)", "bukan bilangan terhingga (nan)"),
])
def test_each_kind_of_schema_problem_in_indonesian(change, english, indonesian):
    text = resolve("tutorial").read_text(encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_text(text.replace(*change), "mine.toml")
    assert english in caught.value.report()
    assert indonesian in caught.value.report("id")
    assert _problems_by_line(caught.value.report()) == _problems_by_line(caught.value.report("id"))


def test_an_unknown_error_type_falls_back_to_english():
    problem = Problem("a.b", 3, "Value error, something the schema says")
    assert problem.text("id") == problem.message
    pydantic_like = _said_kind("some_new_type", {})
    assert pydantic_like == (None, {})


def test_validate_says_the_problems_in_indonesian_on_the_same_lines(tmp_path, capsys):
    from game.tools.cli import main

    broken = tmp_path / "broken.toml"
    broken.write_text(BROKEN, encoding="utf-8")
    assert main(["validate", str(broken), "tutorial"]) == 1
    english = capsys.readouterr().out
    assert main(["validate", str(broken), "tutorial", "--lang", "id"]) == 1
    indonesian = capsys.readouterr().out
    assert "this required key is missing" in english and "tutorial: valid (" in english
    assert f"{broken}:1: scenario.title: kunci wajib ini tidak ada" in indonesian
    assert f"{broken}:3: scenario.turns: harus berupa bilangan bulat" in indonesian
    assert "tutorial: sah (tutorial, 3 negara" in indonesian
    assert "required" not in indonesian and "Input should" not in indonesian
    english_places = [line.split(": ")[0] for line in english.splitlines() if line.startswith("  ")]
    indonesian_places = [line.split(": ")[0] for line in indonesian.splitlines()
                         if line.startswith("  ")]
    assert english_places == indonesian_places and len(english_places) == 7
    # the language before the verb works too, and a later command is English again
    assert main(["--lang", "id", "validate", str(broken)]) == 1
    assert "kunci wajib ini tidak ada" in capsys.readouterr().out
    assert main(["validate", str(broken)]) == 1
    assert "this required key is missing" in capsys.readouterr().out


def test_the_load_error_screen_shows_the_problems_in_indonesian(folders):
    """The Indonesian game's load error for a broken scenario file: the dialog holds the
    translated problems at the file's line numbers, and no note that details are English."""
    import os

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from game.ui.testing import open_app, step, visible_texts

    broken = folders / "broken.toml"
    broken.write_text(BROKEN, encoding="utf-8")
    app = open_app(humans=["SAM"])
    try:
        app.settings.language = "id"
        app.apply_settings()
        assert app.load_scenario_or_error(str(broken)) is None
        step(app, 2)
        shown = "\n".join(visible_texts(app))
        assert "broken.toml:1: scenario.title: kunci wajib ini tidak ada" in shown
        assert "broken.toml:3: scenario.turns: harus berupa bilangan bulat" in shown
        assert "required" not in shown and "bahasa Inggris" not in shown
    finally:
        pygame.display.quit()


@pytest.mark.parametrize(("change", "english"), [
    (("turns = 8", "turns = 'ten'", 1), "should be a whole number (such as 12) (found 'ten')"),
    (("gdp = ", "gdp = -", 1), "should be greater than 0 (found -"),
    (("trust = 0.55", "trust = 1.55 #", 1), "should be 1 or less (found 1.55)"),
    (("trust = 0.55", "trust = 'high' #", 1),
     "should be a number (such as 2.5) or a list in square brackets [ ] (found 'high')"),
])
def test_pydantic_problems_are_said_in_the_games_own_english(change, english):
    """Issue 15: the problems pydantic words ("Input should be a valid integer") read in English
    as the catalog says them, like every other scenario problem; the problem's message (what
    the checks compare) stays pydantic's."""
    text = resolve("tutorial").read_text(encoding="utf-8")
    assert change[0] in text
    with pytest.raises(ScenarioError) as caught:
        load_text(text.replace(*change), "mine.toml")
    report = caught.value.report()
    assert english in report
    assert "Input should" not in report and "valid" not in report
    assert all(p.text("en") != p.message for p in caught.value.problems)

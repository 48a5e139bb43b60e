"""`run_game.py new-scenario`: a starter file that validates, copies of built-ins, no overwrite."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from game.scenario.loading import built_in_ids, load_scenario
from game.tools.cli import main
from game.tools.new_scenario import SCHEMA_FILE, schema_reference
from tests.conftest import SCENARIOS


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_starter_file_validates_and_takes_its_id_from_the_file_name(capsys, tmp_path):
    path = tmp_path / "my-lesson.toml"
    code, out, err = run(capsys, "new-scenario", str(path))
    assert code == 0, err
    assert "my-lesson" in out
    loaded = load_scenario(path)
    assert loaded.scenario.scenario.id == "my-lesson"
    assert len(loaded.scenario.countries) == 2 and loaded.scenario.events
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("#:schema ")
    assert sum(line.lstrip().startswith("#") for line in text.splitlines()) > 10  # commented
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic write left nothing behind


def test_the_schema_line_points_at_the_committed_schema(capsys, tmp_path):
    path = tmp_path / "deep" / "folder" / "s.toml"
    assert run(capsys, "new-scenario", str(path))[0] == 0
    reference = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("#:schema ")
    target = Path(reference) if Path(reference).is_absolute() else path.parent / reference
    assert target.resolve() == SCHEMA_FILE.resolve() and SCHEMA_FILE.exists()


def test_the_schema_line_is_relative_next_to_the_built_in_scenarios():
    assert schema_reference(SCENARIOS / "new.toml") == "./scenario.schema.json"
    assert schema_reference(SCENARIOS.parent / "mine" / "new.toml") == (
        "../scenarios/scenario.schema.json")


def test_a_missing_suffix_is_added(capsys, tmp_path):
    assert run(capsys, "new-scenario", str(tmp_path / "plain"))[0] == 0
    assert load_scenario(tmp_path / "plain.toml").scenario.scenario.id == "plain"


@pytest.mark.parametrize("source", built_in_ids())
def test_from_copies_a_built_in_with_the_new_id(capsys, tmp_path, source):
    path = tmp_path / "copy.toml"
    code, _, err = run(capsys, "new-scenario", str(path), "--from", source)
    assert code == 0, err
    copy = load_scenario(path).scenario
    original = load_scenario(SCENARIOS / f"{source}.toml").scenario
    assert copy.scenario.id == "copy"
    assert copy.model_dump(exclude={"scenario": {"id"}}) == original.model_dump(
        exclude={"scenario": {"id"}})
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#:schema ") and "do not edit by hand" not in text
    assert tomllib.loads(text)["scenario"]["id"] == "copy"


def test_an_existing_file_is_never_overwritten(capsys, tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text("# my work\n", encoding="utf-8")
    code, _, err = run(capsys, "new-scenario", str(path))
    assert code == 1
    assert "already exists" in err and str(path) in err
    assert path.read_text(encoding="utf-8") == "# my work\n"
    code, _, err = run(capsys, "new-scenario", str(path), "--from", "tutorial")
    assert code == 1 and path.read_text(encoding="utf-8") == "# my work\n"


def test_unknown_source_and_bad_names_are_refused_clearly(capsys, tmp_path):
    code, _, err = run(capsys, "new-scenario", str(tmp_path / "a.toml"), "--from", "nowhere")
    assert code == 1 and "nowhere" in err and "tutorial" in err
    code, _, err = run(capsys, "new-scenario", str(tmp_path / "9lives.toml"))
    assert code == 1 and "scenario id" in err
    assert not list(tmp_path.iterdir())

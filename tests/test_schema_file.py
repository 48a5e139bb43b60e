"""The committed JSON Schema for editors is exactly what `python run_game.py schema` prints, and
the tutorial passes it."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from game.tools import cli
from game.tools.schema import schema_text

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "scenarios" / "scenario.schema.json"
TUTORIAL = ROOT / "scenarios" / "tutorial.toml"
REGENERATE = (
    "scenarios/scenario.schema.json is out of date with game/scenario/schema.py. Regenerate it "
    "from the repository root with:\n    python run_game.py schema > scenarios/scenario.schema.json\n"
    "and commit it with the change to the schema."
)


def committed_text() -> str:
    assert SCHEMA_FILE.exists(), f"scenarios/scenario.schema.json is missing. {REGENERATE}"
    return SCHEMA_FILE.read_text(encoding="utf-8")


def test_the_committed_schema_equals_the_generated_one():
    committed = committed_text()
    generated = schema_text()
    assert json.loads(committed) == json.loads(generated), REGENERATE
    assert committed == generated, f"same schema, different text (formatting). {REGENERATE}"


def test_the_schema_verb_prints_the_same_text(capsys):
    assert cli.main(["schema"]) == 0
    assert capsys.readouterr().out == schema_text()


def test_the_command_line_prints_the_committed_file():
    """The real command, as a designer runs it (one subprocess; the rest test in-process)."""
    result = subprocess.run(
        [sys.executable, "run_game.py", "schema"], cwd=ROOT, capture_output=True, timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert result.stderr == b""
    assert result.stdout.decode("utf-8") == committed_text(), REGENERATE


def test_the_tutorial_points_its_editor_at_the_schema():
    first_line = TUTORIAL.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "#:schema ./scenario.schema.json"
    assert (TUTORIAL.parent / "scenario.schema.json").exists()


# --- the schema judges files as the loader does ------------------------------------------------

jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(committed_text())
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def test_the_tutorial_is_valid_against_the_schema(validator):
    data = tomllib.loads(TUTORIAL.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (lambda d: d["countries"][1].update(gpd=d["countries"][1].pop("gdp")), ["countries", 1]),
        (lambda d: d["countries"][0].update(gdp=-1.0), ["countries", 0, "gdp"]),
        (lambda d: d["countries"][2].update(personality="shy"), ["countries", 2, "personality"]),
        (lambda d: d["agreements"][0]["clauses"][0].update(kind="free_trade"),
         ["agreements", 0, "clauses", 0, "kind"]),
        (lambda d: d["scenario"].update(turns=0), ["scenario", "turns"]),
        (lambda d: d.update(parameters={"initial_trust": 2.0}), ["parameters", "initial_trust"]),
        (lambda d: d.update(parameters={"trust_forgeting": 0.5}), ["parameters"]),
    ],
    ids=["unknown-key", "negative-gdp", "personality", "clause-kind", "turns",
         "parameter-range", "parameter-name"],
)
def test_the_schema_rejects_what_the_loader_rejects(validator, edit, where):
    data = tomllib.loads(TUTORIAL.read_text(encoding="utf-8"))
    edit(data)
    paths = [list(e.absolute_path) for e in validator.iter_errors(data)]
    assert where in paths, paths


@pytest.mark.parametrize(
    ("key", "value"),
    [("trust", 1.5), ("trust", [0.5, -0.1]), ("exports", [-1.0, 2.0]), ("investment", [2e9, 0.0])],
)
def test_the_schema_rejects_relation_figures_out_of_range(validator, key, value):
    data = tomllib.loads(TUTORIAL.read_text(encoding="utf-8"))
    data["relations"][0][key] = value
    paths = [list(e.absolute_path)[:3] for e in validator.iter_errors(data)]
    assert ["relations", 0, key] in paths, paths

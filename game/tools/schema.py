"""Print the JSON Schema of scenario files (the committed scenarios/scenario.schema.json)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from game.scenario.schema import SCHEMA_VERSION, Scenario


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema that editors use to complete and check scenario files."""
    schema = Scenario.model_json_schema()
    return {
        **schema,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://diplomasi.example/scenario.schema.v{SCHEMA_VERSION}.json",
        "title": "Diplomasi scenario",
    }


def schema_text() -> str:
    return json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # no options


def run(args: argparse.Namespace) -> int:
    del args
    print(schema_text(), end="")
    return 0

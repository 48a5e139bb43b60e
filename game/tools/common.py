"""Helpers shared by the CLI verbs: argument types, loading a scenario with a clear error."""

from __future__ import annotations

import argparse
import sys

from game.scenario.loading import LoadedScenario, ScenarioError, load_scenario, resolve


def whole_number(low: int, high: int):
    """An argparse type for a whole number in [low, high]."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value
    return parse


def load_or_report(id_or_path: str) -> LoadedScenario | None:
    """The scenario, or None after printing every problem to stderr."""
    try:
        return load_scenario(resolve(id_or_path))
    except ScenarioError as error:
        print(error.report(), file=sys.stderr)
        return None

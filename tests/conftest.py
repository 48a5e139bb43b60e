"""Shared test set-up: headless SDL, the built-in scenarios, random scenarios and actions."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path

import pytest

from game.scenario.loading import LoadedScenario, load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="session")
def tutorial() -> LoadedScenario:
    return load_scenario(SCENARIOS / "tutorial.toml")

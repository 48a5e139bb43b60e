"""The balance screen's texts of figures: a duration, and the command line that plays the same
games."""

from __future__ import annotations

import math
from pathlib import Path

from game.scenario.loading import BUILT_IN_DIRECTORY, LoadedScenario
from game.ui.text import ui


def duration_text(seconds: float) -> str:
    """12 s, or 3 min 05 s."""
    seconds = max(0, math.ceil(seconds))
    if seconds < 60:
        return ui("balance.seconds", seconds=seconds)
    return ui("balance.minutes", minutes=seconds // 60, seconds=f"{seconds % 60:02d}")


def command_text(loaded: LoadedScenario, games: int, seed: int, level: str) -> str:
    """The command line that plays the same games (a built-in scenario by its id)."""
    source = Path(loaded.source)
    scenario = source.stem if source.parent.resolve() == BUILT_IN_DIRECTORY.resolve() else str(source)
    if " " in scenario:
        scenario = f'"{scenario}"'
    return f"python run_game.py balance {scenario} --games {games} --seed {seed} --ai {level} --out DIR"

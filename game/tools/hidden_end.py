"""The --hidden-end flag of ``tournament`` and ``balance``: play every game with its end hidden
(``game.rules.ending``), whatever the scenario file says; without it, as the file says."""

from __future__ import annotations

import argparse
from typing import Any


def add_hidden_end_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--hidden-end", action="store_true",
                        help="hide every game's end: announced as 'about TURNS years', each game "
                             "ends after a turn drawn from its seed between TURNS-2 and TURNS+2 "
                             "that no bot is told (default: as the scenario file says)")


def with_hidden_end(jobs: list[dict[str, Any]], hidden_end: bool) -> list[dict[str, Any]]:
    """``jobs`` with ``"hidden_end": True`` in each when ``hidden_end`` (unchanged otherwise, so
    that the work of runs without the flag, and their journals, are what they were)."""
    return [{**job, "hidden_end": True} for job in jobs] if hidden_end else jobs

"""Join a class game hosted on the local network in the game window: the address and the team's
code shown on the projector (see docs/teachers.md). The window opens on the join screen, filled in
and connecting; a wrong code or an unreachable host is said there."""

from __future__ import annotations

import argparse

from game.tools.cli import start_game


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("join_address", metavar="ADDRESS",
                        help="the host's address as the projector shows it, e.g. 192.168.1.20:8765")
    parser.add_argument("--code", default=None,
                        help="the team's code (or the teacher's), e.g. K7QM-X4R")


def run(args: argparse.Namespace) -> int:
    return start_game(args)

"""The command line: `python run_game.py [VERB] ...`. No verb starts the game.

Each verb lives in its own module with ``add_arguments(parser)`` and ``run(args) -> int``.
User errors (a bad file, a wrong flag) print a clear message and exit non-zero, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from game.tools import replay, schema, simulate, validate

VERBS = {
    "validate": validate,
    "schema": schema,
    "simulate": simulate,
    "replay": replay,
}


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="run_game.py",
        description="Diplomasi: a classroom diplomacy negotiation game. Without a verb, starts "
        "the game window.",
    )
    main.add_argument("--lang", choices=["en", "id"], default=None,
                      help="language of the game (English or Bahasa Indonesia)")
    main.add_argument("--scale", type=float, choices=[1.0, 1.5, 2.0], default=None,
                      help="interface scale (1.5 or 2.0 for projectors)")
    main.add_argument("--scenario", default=None, help="start straight into this scenario")
    verbs = main.add_subparsers(dest="verb", metavar="VERB")
    for name, module in VERBS.items():
        sub = verbs.add_parser(name, help=module.HELP, description=module.__doc__)
        module.add_arguments(sub)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.verb is None:
        return start_game(args)
    try:
        return VERBS[args.verb].run(args)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return 130


def start_game(args: argparse.Namespace) -> int:
    """Start the pygame client (built by a later issue)."""
    try:
        from game.ui.app import run as run_app
    except ImportError:
        print("The game window is not built yet. Try a headless game:\n"
              "  python run_game.py simulate --scenario tutorial --turns 8 --seed 1")
        return 0
    return run_app(args)

"""The command line: `python run_game.py [VERB] ...`. No verb starts the game.

Each verb lives in its own module with ``add_arguments(parser)`` and ``run(args) -> int``.
User errors (a bad file, a wrong flag) print a clear message and exit non-zero, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

#: Verb → (module, one-line help). Modules are imported only when their verb runs, so that
#: start-up stays fast. To add a verb: one entry here, and a module with
#: ``add_arguments(parser)`` and ``run(args) -> int`` (and its ``__doc__`` as description).
VERBS: dict[str, tuple[str, str]] = {
    "validate": ("game.tools.validate", "check scenario files and list every problem"),
    "schema": ("game.tools.schema", "print the JSON Schema of scenario files"),
    "simulate": ("game.tools.simulate", "play an all-computer game and print a summary"),
    "replay": ("game.tools.replay", "rebuild a game from its log and check its final state hash"),
    "convert": ("game.tools.convert", "bring a save or game log of an older version to this one"),
    "tournament": ("game.tools.tournament", "play bots against each other over rotated seats"),
    "balance": ("game.tools.balance", "AI self-play report for scenario designers"),
    "screenshots": ("game.tools.screenshots", "render every screen in both languages to PNG files"),
    "new-scenario": ("game.tools.new_scenario", "write a commented starter scenario file that validates"),
    "results": ("game.tools.results", "merge the results of classes that played the same game"),
    "worker": ("game.tools.worker", "play the games of a --cluster run started elsewhere"),
    "host": ("game.tools.host", "host a class game on the local network (teams join with codes)"),
    "join": ("game.tools.join", "join a class game on the local network in the game window"),
}


def chosen_verb(argv: Sequence[str]) -> str | None:
    """The verb named on the command line, if any (the first word that is one)."""
    return next((word for word in argv if word in VERBS), None)


def parser(verb: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; only ``verb``'s module is imported to add its arguments."""
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
    for name, (module_name, help_text) in VERBS.items():
        if name == verb:
            module = importlib.import_module(module_name)
            sub = verbs.add_parser(name, help=help_text, description=module.__doc__)
            module.add_arguments(sub)
        else:
            verbs.add_parser(name, help=help_text, add_help=False)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    from game.tools.allocator import keep_freed_memory

    keep_freed_memory()  # the window, the host and every tool: no heap see-saw (botcpu17)
    words = list(sys.argv[1:] if argv is None else argv)
    verb = chosen_verb(words)
    if verb is not None:
        from game.tools.common import set_language

        set_language(words)  # argument messages in the language the verb is asked for
    args = parser(verb).parse_args(words)
    if args.verb is None:
        return start_game(args)
    try:
        return importlib.import_module(VERBS[args.verb][0]).run(args)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return 130


def start_game(args: argparse.Namespace) -> int:
    """Start the pygame client."""
    try:
        from game.ui.app import run as run_app
    except ImportError as error:  # pygame-ce or pygame_gui missing: say how to install them
        print(f"The game window needs pygame-ce and pygame_gui ({error}).\n"
              "Install the game with: python3 -m pip install -e .", file=sys.stderr)
        return 1
    return run_app(args)

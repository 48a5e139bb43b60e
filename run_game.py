"""Diplomasi: start the game, or run a tool (`python run_game.py --help`)."""

import sys

from game.tools.cli import main

if __name__ == "__main__":
    sys.exit(main())

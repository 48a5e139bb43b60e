"""Render every screen of the game to PNG files, headless: both languages, at 1280×720 and at
interface scale 2.0 (full HD). For checking the interface by eye and for the documentation."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from game.tools.common import output_folder


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, type=output_folder,
                        help="folder for the pictures (created if needed)")
    parser.add_argument("--lang", dest="languages", choices=["en", "id"], action="append",
                        help="only this language (repeat for both; default both)")
    parser.add_argument("--scene", dest="scenes", action="append",
                        help="only this scene (repeat for several; default all)")
    parser.add_argument("--set", dest="sets", choices=["1280x720", "scale2"], action="append",
                        help="only this size (default both)")


def run(args: argparse.Namespace) -> int:
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    from game.ui.tour import SCENES, SETS, render_tour

    scenes = args.scenes or list(SCENES)
    unknown = [s for s in scenes if s not in SCENES]
    if unknown:
        print(f"unknown scene {unknown[0]!r}; scenes: {', '.join(SCENES)}")
        return 2
    sets = [s for s in SETS if not args.sets or s[0] in args.sets]
    written = render_tour(Path(args.out), tuple(args.languages or ("en", "id")), sets, scenes)
    print(f"{len(written)} pictures in {args.out}")
    return 0

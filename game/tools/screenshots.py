"""Render every screen of the game to PNG files, headless: both languages, at every classroom
window size (1024×768 to 1920×1080) and interface scale (1.0, 1.5, 2.0). For checking the
interface by eye and for the documentation."""

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
    parser.add_argument("--set", dest="sets", action="append",
                        help="only this window size and scale, e.g. 1280x720, 1366x768@1.5, "
                             "1920x1080@2 (repeat for several; default all)")


def run(args: argparse.Namespace) -> int:
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    from game.ui.tour import SCENES, SET_ALIASES, SETS, render_tour

    scenes = args.scenes or list(SCENES)
    unknown = [s for s in scenes if s not in SCENES]
    if unknown:
        print(f"unknown scene {unknown[0]!r}; scenes: {', '.join(SCENES)}")
        return 2
    names = [SET_ALIASES.get(name, name) for name in args.sets or []]
    known = [s[0] for s in SETS]
    wrong = [name for name in names if name not in known]
    if wrong:
        print(f"unknown set {wrong[0]!r}; sets: {', '.join(known)}")
        return 2
    sets = [s for s in SETS if not names or s[0] in names]
    written = render_tour(Path(args.out), tuple(args.languages or ("en", "id")), sets, scenes)
    print(f"{len(written)} pictures in {args.out}")
    return 0

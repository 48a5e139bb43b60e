"""Rebuild a game from its log and print the final state hash; exit 1 if it differs from the
hash the log recorded, or if the log or its scenario cannot be used."""

from __future__ import annotations

import argparse
import sys

from game.rules.storage import StorageError, read_log, replay_log
from game.tools.common import input_file, load_or_report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("log", metavar="LOG", type=input_file,
                        help="a game log written by simulate --log")
    parser.add_argument("--scenario", default=None,
                        help="the scenario file (default: the one named in the log)")


def run(args: argparse.Namespace) -> int:
    try:
        header, _, footer = read_log(args.log)
        source = args.scenario or header.get("scenario_source") or header.get("scenario")
        loaded = load_or_report(str(source))
        if loaded is None:
            return 1
        game = replay_log(args.log, loaded)
    except StorageError as error:
        print(error, file=sys.stderr)
        return 1
    # replay_log has checked the footer's hash (with the formula of the log's format version)
    print(footer["final_state_hash"] if footer else game.state_hash())
    return 0

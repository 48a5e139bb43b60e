"""Bring a save or a game log made by an older version of Diplomasi to this version: replay its
moves under the present model and write a new file (beside the old one as NAME.converted.json
unless --output says where; the old file is never changed). The scores differ from what the
old version showed, because the model changed. A file changed by hand is refused."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.i18n import translate
from game.rules.conversion import Conversion, convert_log, convert_save
from game.rules.storage import StorageError, atomic_write_text, file_kind, read_log
from game.tools.common import input_file, load_or_report, message_language, output_regular_file


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD_FILE", type=input_file,
                        help="a save or a game log written by an older version")
    parser.add_argument("--output", metavar="NEW_FILE", type=output_regular_file, default=None,
                        help="where to write the converted file (default: OLD_FILE's name "
                             "with .converted before its extension, beside it)")
    parser.add_argument("--scenario", default=None,
                        help="a log's scenario file (default: the one named in the log)")
    parser.add_argument("--lang", choices=["en", "id"], default="en",
                        help="language of the messages")


def default_output(old: Path) -> Path:
    """``game.json`` → ``game.converted.json``, in the same folder."""
    return old.with_name(f"{old.stem}.converted{old.suffix or '.json'}")


def _say(key: str, **values: object) -> str:
    return translate(f"convert.{key}", message_language(), **values)


def run(args: argparse.Namespace) -> int:
    old = Path(args.old)
    output = Path(args.output) if args.output else default_output(old)
    if args.output is None and output.exists():
        print(_say("output_exists", path=output, old=old), file=sys.stderr)
        return 1
    try:
        conversion = _convert(old, args.scenario)
        if conversion is None:
            return 1
        if not conversion.needed:
            print(_say("up_to_date", path=old, version=conversion.version))
            return 0
        atomic_write_text(output, conversion.text)
    except StorageError as error:
        print(f"{error.path}: {error.text(message_language())}", file=sys.stderr)
        return 1
    game = conversion.game
    print(_say(f"done_{conversion.kind}", old=old, version=conversion.version,
               count=conversion.moves, turn=game.turn, last_turn=game.last_turn, new=output))
    return 0


def _convert(old: Path, scenario: str | None) -> Conversion | None:
    """The conversion of the file at ``old`` (None: its scenario could not be loaded, the
    reason printed)."""
    if file_kind(old) == "save":
        return convert_save(old)
    header, _, _ = read_log(old)
    loaded = load_or_report(str(scenario or header.get("scenario_source") or header.get("scenario")))
    return None if loaded is None else convert_log(old, loaded)

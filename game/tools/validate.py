"""Check scenario files: print every problem with file, key path and line; exit 1 if any is
invalid, 0 if all are valid. ``--lang id`` says the problems in Bahasa Indonesia (the line
numbers and key paths are the same in both languages). Valid files may get warnings
(``game.scenario.advice``: a given export of 0, which no agreement can raise), printed with
their line; they do not fail."""

from __future__ import annotations

import argparse

from game.i18n import translate
from game.scenario.advice import advice
from game.scenario.loading import ScenarioError, load_scenario, resolve
from game.tools.common import message_language
from game.tools.paths import input_file_problem


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="scenario files (TOML) or built-in scenario ids")
    parser.add_argument("--lang", choices=["en", "id"], default=None,
                        help="language of the messages (English or Bahasa Indonesia)")


def run(args: argparse.Namespace) -> int:
    language = getattr(args, "lang", None) or message_language()
    invalid = 0
    for file in args.files:
        problem = input_file_problem(file, language)
        if problem is not None:
            invalid += 1
            print(problem)
            continue
        try:
            loaded = load_scenario(resolve(file))
        except ScenarioError as error:
            invalid += 1
            print(error.report(language))
        except OSError as error:  # a name the file system refuses
            invalid += 1
            print(translate("paths.cannot_read", language, path=file,
                            reason=error.strerror or str(error)))
        else:
            info = loaded.scenario
            print(translate("validate.valid", language, file=file, id=info.scenario.id,
                            countries=len(info.countries), turns=info.scenario.turns))
            for warning in advice(loaded):
                print(translate("validate.warning", language, text=warning.describe(file, language)))
    return 1 if invalid else 0

"""Check scenario files: print every problem with file, key path and line; exit 1 if any is
invalid, 0 if all are valid. Valid files may get warnings (``game.scenario.advice``: a given
export of 0, which no agreement can raise), printed with their line; they do not fail."""

from __future__ import annotations

import argparse

from game.i18n import translate
from game.scenario.advice import advice
from game.scenario.loading import ScenarioError, load_scenario, resolve
from game.tools.paths import input_file_problem


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="scenario files (TOML) or built-in scenario ids")


def run(args: argparse.Namespace) -> int:
    invalid = 0
    for file in args.files:
        problem = input_file_problem(file)
        if problem is not None:
            invalid += 1
            print(problem)
            continue
        try:
            loaded = load_scenario(resolve(file))
        except ScenarioError as error:
            invalid += 1
            print(error.report())
        except OSError as error:  # a name the file system refuses
            invalid += 1
            print(translate("paths.cannot_read", path=file, reason=error.strerror or str(error)))
        else:
            info = loaded.scenario
            print(f"{file}: valid ({info.scenario.id}, {len(info.countries)} countries, "
                  f"{info.scenario.turns} turns)")
            for warning in advice(loaded):
                print(f"  warning: {warning.describe(file)}")
    return 1 if invalid else 0

"""Helpers shared by the CLI verbs: argument types that check numbers and paths (with messages
in the user's language), loading a scenario with a clear error."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence

from game.i18n import LANGUAGES, translate
from game.scenario.loading import LoadedScenario, ScenarioError, load_scenario, resolve
from game.tools.paths import input_file_problem, output_file_problem, output_folder_problem

#: The language of argument messages: the command line's --lang, read before parsing (argparse
#: checks the arguments in the order given, so --lang may come after the number it explains).
_language = ["en"]


def set_language(words: Sequence[str]) -> None:
    """Take the language of messages from ``--lang X`` or ``--lang=X`` on the command line
    (English without it, also after an earlier command in the same process)."""
    _language[0] = "en"
    for position, word in enumerate(words):
        value = None
        if word == "--lang" and position + 1 < len(words):
            value = words[position + 1]
        elif word.startswith("--lang="):
            value = word.partition("=")[2]
        if value in LANGUAGES:
            _language[0] = value


def message_language() -> str:
    return _language[0]


def _t(key: str, **values: object) -> str:
    return translate(f"numbers.{key}", _language[0], **values)


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type for a whole number in [low, high] (argparse names the flag)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_t("not_whole", text=repr(text))) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(_t("not_between", value=value, low=low, high=high))
        return value
    return parse


def decimal_number(low: float, high: float, low_open: bool = False) -> Callable[[str], float]:
    """An argparse type for a finite number in [low, high] (or (low, high] with ``low_open``):
    ``nan``, ``inf`` and ``1e300`` are refused with a message (argparse names the flag)."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_t("not_number", text=repr(text))) from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(_t("not_finite", text=repr(text), low=low, high=high))
        if value > high or value < low or (low_open and value == low):
            key = "not_above" if low_open else "not_between"
            raise argparse.ArgumentTypeError(_t(key, value=text, low=low, high=high))
        return value
    return parse


def _path_type(check: Callable[[str, str], str | None]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        problem = check(text, _language[0])
        if problem is not None:
            raise argparse.ArgumentTypeError(problem)
        return text
    return parse


#: argparse types for paths: the text, checked (see ``game.tools.paths``).
input_file = _path_type(input_file_problem)
output_file = _path_type(output_file_problem)
output_folder = _path_type(output_folder_problem)
output_regular_file = _path_type(
    lambda text, language: output_file_problem(text, language, standard_output=False))


def write_output(target: str, text: str) -> None:
    """Write ``text`` to the file ``target`` atomically, or to standard output for ``-``."""
    from game.rules.storage import atomic_write_text

    if target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write_text(target, text)


def load_or_report(id_or_path: str) -> LoadedScenario | None:
    """The scenario, or None after printing every problem to stderr."""
    problem = input_file_problem(id_or_path, _language[0])
    if problem is not None:
        print(problem, file=sys.stderr)
        return None
    try:
        return load_scenario(resolve(id_or_path))
    except ScenarioError as error:
        print(error.report(), file=sys.stderr)
        return None
    except OSError as error:  # e.g. a name the file system refuses
        print(translate("paths.cannot_read", _language[0], path=id_or_path,
                        reason=error.strerror or str(error)), file=sys.stderr)
        return None

"""Load a scenario file: read, parse TOML, validate, cross-check; one error lists every problem.

Every problem names the file, the key path (``countries[3].gdp``), the line, what was wrong and
what is allowed. Nothing here raises anything but ``ScenarioError`` for a bad file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.data import resource
from game.i18n import translate
from game.scenario.locate import key_lines, line_of
from game.scenario.problems import Problem, Problems, format_path, validated
from game.scenario.schema import Scenario, cross_reference_problems

#: Larger files are refused before reading: no real scenario comes near this.
MAXIMUM_FILE_BYTES = 5 * 1024 * 1024

#: The built-in scenarios, inside the package (``game/data/scenarios``).
BUILT_IN_DIRECTORY = resource("scenarios")


def file_problem(key: str, line: int | None = None, **values: Any) -> Problem:
    """A problem with the file as a whole, its English text from the catalog."""
    return Problem("", line, translate(f"scenario_file.{key}", "en", **values), key, values)


class ScenarioError(Exception):
    """A scenario file that cannot be used, with every problem found in it."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems
        super().__init__(self.report())

    def report(self, language: str = "en") -> str:
        """Every problem, one a line, under a heading with the file and their number."""
        count = len(self.problems)
        if language == "en":
            heading = f"{self.file}: {count} problem{'s' if count != 1 else ''}"
        else:
            heading = translate("scenario_file.heading", language, file=self.file, count=count)
            if any(p.key is None for p in self.problems):
                heading += "\n" + translate("scenario_file.english_details", language)
        return "\n".join([heading, *("  " + p.describe(self.file, language) for p in self.problems)])


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with where it came from and the hash of its exact bytes."""

    scenario: Scenario
    source: str
    text: str
    sha256: str


def read_text(path: Path) -> str:
    """The file's text, or ScenarioError saying why it cannot be read as a scenario."""
    name = str(path)
    try:
        if not path.exists():
            raise ScenarioError(name, [file_problem("no_such_file")])
        if path.is_dir():
            raise ScenarioError(name, [file_problem("folder")])
        if not path.is_file():
            raise ScenarioError(name, [file_problem("not_a_file")])
        with path.open("rb") as file:
            data = file.read(MAXIMUM_FILE_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ScenarioError(name, [file_problem("cannot_read", reason=reason)]) from None
    except ValueError as error:  # e.g. a path with a NUL character
        raise ScenarioError(name, [file_problem("bad_name", error=str(error))]) from None
    if len(data) > MAXIMUM_FILE_BYTES:
        raise ScenarioError(name, [file_problem("too_large", megabytes=round(MAXIMUM_FILE_BYTES / 1e6))])
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    """UTF-8 text of a file (without a byte order mark), or ScenarioError naming the line of the
    first bad byte."""
    if not data.strip():
        raise ScenarioError(name, [file_problem("empty")])
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ScenarioError(name, [file_problem("not_utf8", line, byte=error.start)]) from None


def parse(text: str, name: str) -> Scenario:
    """Validate a scenario text, raising ScenarioError with every problem found."""
    try:
        return _parse(text, name)
    except RecursionError:
        raise ScenarioError(name, [file_problem("too_deep")]) from None


def _parse(text: str, name: str) -> Scenario:
    try:
        scenario = validated(text, Scenario, keys_listed_in="docs/scenarios.md")
    except Problems as error:
        raise ScenarioError(name, error.problems) from None
    found = list(cross_reference_problems(scenario))
    if found:
        lines = key_lines(text)
        raise ScenarioError(name, [Problem(format_path(p.location), line_of(lines, p.location),
                                           p.message) for p in found])
    return scenario


def load_scenario(path: str | Path) -> LoadedScenario:
    """Read, parse and validate a scenario file."""
    path = Path(path)
    text = read_text(path)
    scenario = parse(text, str(path))
    missing = missing_flags(scenario, text, path.parent)
    if missing:
        raise ScenarioError(str(path), missing)
    return LoadedScenario(scenario, str(path), text, hashlib.sha256(text.encode()).hexdigest())


def missing_flags(scenario: Scenario, text: str, folder: Path) -> list[Problem]:
    """A problem for each country whose ``flag`` names a file that is not there (relative to
    the scenario file's ``folder``), with its line."""
    lines = key_lines(text)
    problems = []
    for index, country in enumerate(scenario.countries):
        if country.flag is None or (folder / country.flag).is_file():
            continue
        location = ("countries", index, "flag")
        values = {"file": str(folder / country.flag), "country": country.id}
        problems.append(Problem(format_path(location), line_of(lines, location),
                                translate("scenario_file.flag_missing", "en", **values),
                                "flag_missing", values))
    return problems


def load_text(text: str, source: str) -> LoadedScenario:
    """Parse and validate scenario text kept elsewhere (e.g. inside a save file)."""
    scenario = parse(text, source)
    return LoadedScenario(scenario, source, text, hashlib.sha256(text.encode()).hexdigest())


def built_in_ids() -> list[str]:
    """The ids of the scenarios that ship with the game."""
    return sorted(p.stem for p in BUILT_IN_DIRECTORY.glob("*.toml"))


def resolve(id_or_path: str) -> Path:
    """A built-in scenario's file by id, or the given path."""
    candidate = BUILT_IN_DIRECTORY / f"{id_or_path}.toml"
    if "/" not in id_or_path and "\\" not in id_or_path and candidate.exists():
        return candidate
    path = Path(id_or_path)
    if not path.exists() and path.suffix != ".toml":
        raise ScenarioError(id_or_path, [file_problem("unknown", built_in=", ".join(built_in_ids()))])
    return path

"""Load a scenario file: read, parse TOML, validate, cross-check; one error lists every problem.

Every problem names the file, the key path (``countries[3].gdp``), the line, what was wrong and
what is allowed. Nothing here raises anything but ``ScenarioError`` for a bad file.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from game.i18n import translate
from game.scenario.locate import key_lines, line_of
from game.scenario.schema import Scenario, cross_reference_problems

#: Larger files are refused before reading: no real scenario comes near this.
MAXIMUM_FILE_BYTES = 5 * 1024 * 1024

#: An unknown key's message lists the allowed keys when there are at most this many.
MAXIMUM_LISTED_KEYS = 20

BUILT_IN_DIRECTORY = Path(__file__).resolve().parents[2] / "scenarios"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file.

    Problems with the file as a whole (missing, unreadable, empty) carry a catalog ``key``
    (``scenario_file.<key>``) and its values, so the game can say them in the player's language;
    the schema's problems name keys of the (English) file format and stay in English."""

    path: str  # key path such as "countries[3].gdp", or "" for the whole file
    line: int | None
    message: str
    key: str | None = field(default=None, compare=False)
    values: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def text(self, language: str = "en") -> str:
        if self.key is None or language == "en":
            return self.message
        return translate(f"scenario_file.{self.key}", language, **self.values)

    def describe(self, file: str, language: str = "en") -> str:
        place = f"{file}:{self.line}" if self.line else file
        message = self.text(language)
        return f"{place}: {self.path}: {message}" if self.path else f"{place}: {message}"


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


def format_path(location: tuple[str | int, ...]) -> str:
    """('countries', 3, 'gdp') → 'countries[3].gdp'."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


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
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(name, [_syntax_problem(str(error), text)]) from None
    lines = key_lines(text)
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as error:
        problems = _merge_alternatives(
            [(_problem(e, raw, lines), _union_path(e["loc"], raw)) for e in error.errors()]
        )
        raise ScenarioError(name, problems) from None
    problems = [
        Problem(format_path(p.location), line_of(lines, p.location), p.message)
        for p in cross_reference_problems(scenario)
    ]
    if problems:
        raise ScenarioError(name, problems)
    return scenario


def _syntax_problem(message: str, text: str) -> Problem:
    """A TOML syntax error with its line and column taken out of tomllib's message."""
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
    if match:
        text = message[: match.start()] + message[match.end():]
        return Problem("", int(match.group(1)),
                       f"TOML syntax error at column {match.group(2)}: {text}")
    match = re.search(r"\s*\(at end of document\)", message)
    if match:
        last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
        return Problem("", max(last_line, 1), "TOML syntax error at the end of the file: "
                       f"{message[: match.start()]} (a bracket or quote is not closed?)")
    return Problem("", None, f"TOML syntax error: {message}")


def load_scenario(path: str | Path) -> LoadedScenario:
    """Read, parse and validate a scenario file."""
    path = Path(path)
    text = read_text(path)
    scenario = parse(text, str(path))
    return LoadedScenario(scenario, str(path), text, hashlib.sha256(text.encode()).hexdigest())


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


# --- turning pydantic errors into problems ---------------------------------------------------

def _problem(error: Any, raw: Any, lines: dict) -> Problem:
    location = _data_location(error["loc"], raw)
    path = format_path(location)
    line = line_of(lines, location)
    kind = error["type"]
    given = error.get("input")
    if kind == "extra_forbidden":
        key = location[-1]
        allowed = _allowed_keys(location[:-1])
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        if len(allowed) > MAXIMUM_LISTED_KEYS:
            listing = f"{len(allowed)} keys are allowed here; docs/scenarios.md lists them"
        else:
            listing = f"allowed keys: {', '.join(allowed)}"
        return Problem(path, line, f"unknown key {key!r}: {hint}{listing}")
    if kind == "missing":
        return Problem(path, line_of(lines, location[:-1]), "this required key is missing")
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if given is not None and not isinstance(given, dict | list):
        found = repr(given)
        found = found if len(found) <= 60 else found[:57] + "…"
        message += f" (found {found})"
    return Problem(path, line, message)


def _union_path(loc: tuple, raw: Any) -> str | None:
    """For an error inside one alternative of a union, the key path of the union's value."""
    for position, part in enumerate(loc):
        if isinstance(part, str) and _is_tag(part):
            return format_path(_data_location(loc[:position], raw))
    return None


def _merge_alternatives(problems: list[tuple[Problem, str | None]]) -> list[Problem]:
    """A value that fits none of a field's alternatives (a number or a list, say) gives pydantic
    one error per alternative. When the value has the shape of one alternative (a list with a
    bad item), keep only that alternative's problems; otherwise say them together as one."""
    groups: dict[str | int, list[Problem]] = {}
    for position, (problem, union) in enumerate(problems):
        groups.setdefault(position if union is None else union, []).append(problem)
    found = re.compile(r" \(found .*\)$")
    result: list[Problem] = []
    for key, group in groups.items():
        deeper = [p for p in group if p.path != key]
        if isinstance(key, int) or len(group) == 1:
            result.extend(group)
        elif deeper:
            result.extend(p for i, p in enumerate(deeper) if p not in deeper[:i])
        else:
            messages = list(dict.fromkeys(p.message for p in group))
            # A single value that is out of range: only the single-value alternative applies.
            shaped = [m for m in messages if "valid list" not in m and "valid number" not in m]
            if len(shaped) == 1:
                result.append(Problem(group[0].path, group[0].line, shaped[0]))
                continue
            suffix = next((m.group() for m in map(found.search, messages) if m), "")
            parts = [_alternative(found.sub("", m)) for m in messages]
            message = "should be " + " or ".join(parts) + suffix if len(parts) > 1 else messages[0]
            result.append(Problem(group[0].path, group[0].line, message))
    return result


def _alternative(message: str) -> str:
    """'Input should be a valid number, unable to …' → 'a valid number'."""
    if message.startswith("Input should be "):
        return message.removeprefix("Input should be ").split(", unable to")[0]
    return message[:1].lower() + message[1:]


def _data_location(loc: tuple, raw: Any) -> tuple[str | int, ...]:
    """The part of a pydantic location that indexes into the file's data (drops union tags)."""
    result: list[str | int] = []
    node = raw
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            result.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and not _is_tag(part):
            result.append(part)  # a missing or unknown key
            node = None
        elif isinstance(part, str) and _is_tag(part):
            continue  # one alternative of a union: the data is the same value
        else:
            node = None
    return tuple(result)


def _is_tag(part: str) -> bool:
    """Whether a location part names one alternative of a union (pydantic's type tags such as
    'float', 'constrained-float', 'list[...]') rather than a key of the file."""
    return (any(ch in part for ch in "[]()") or part.startswith("constrained-")
            or part in {"float", "int", "str", "bool", "list"})


def _allowed_keys(location: tuple[str | int, ...]) -> list[str]:
    model: Any = Scenario
    for part in location:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        field = model.model_fields.get(str(part))
        if field is None:
            return []
        model = _inner_model(field.annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """The BaseModel inside list[...], X | None, Annotated[...] (or the annotation itself)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            inner = _inner_model(arg)
            if inner is not None:
                return inner
    return None

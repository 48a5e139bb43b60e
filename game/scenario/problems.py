"""Located problems of a TOML file checked by a pydantic model: the file's line, the key path,
what is wrong and what is allowed.

One place turns a TOML syntax error and a pydantic ``ValidationError`` into ``Problem`` records,
for every kind of file a teacher or designer writes by hand (scenarios, competition set-ups), so
that all of them say their faults the same way. ``validated`` reads and checks a text at once and
raises ``Problems`` with every problem found.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from game.i18n import translate
from game.scenario.locate import key_lines, line_of

#: An unknown key's message lists the allowed keys when there are at most this many.
MAXIMUM_LISTED_KEYS = 20

Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file.

    Problems with the file as a whole (missing, unreadable, empty) may carry a catalog ``key``
    (``scenario_file.<key>``) and its values, so the game can say them in the player's language;
    the schema's problems name keys of the (English) file format and stay in English."""

    path: str  # key path such as "countries[3].gdp", or "" for the whole file
    line: int | None
    message: str
    key: str | None = field(default=None, compare=False)
    values: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def text(self, language: str = "en") -> str:
        """The problem in ``language``: in the catalog's words where it has a key (in English
        too for the problems pydantic words, whose own ``message`` says "Input should be …");
        else the English ``message``."""
        if self.key is None or (language == "en" and self.key not in PYDANTIC_SAID):
            return self.message
        return said(self.key, self.values, language)

    def describe(self, file: str, language: str = "en") -> str:
        place = f"{file}:{self.line}" if self.line else file
        message = self.text(language)
        return f"{place}: {self.path}: {message}" if self.path else f"{place}: {message}"


def said(key: str, values: Mapping[str, Any], language: str) -> str:
    """The catalog text ``scenario_file.<key>`` with its values; a value that is itself a
    ``(key, values)`` pair is said first, a list of them is joined with "or", and the values
    ``found`` and ``end_line`` add the catalog's endings (the value found, the end of the file)."""
    plain = {name: _said_value(value, language) for name, value in values.items()
             if name not in ("found", "end_line")}
    text = translate(f"scenario_file.{key}", language, **plain)
    if "found" in values:
        text += translate("scenario_file.problem.found", language, found=values["found"])
    if "end_line" in values:
        text += translate("scenario_file.problem.end_of_file", language, line=values["end_line"])
    return text


def _said_value(value: Any, language: str) -> Any:
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        return said(value[0], value[1], language)
    if isinstance(value, list) and value and all(isinstance(v, tuple) for v in value):
        words = [_said_value(v, language) for v in value]
        return translate("scenario_file.problem.or", language, first=", ".join(words[:-1]),
                         last=words[-1]) if len(words) > 1 else words[0]
    return value


class Problems(Exception):
    """A text that is not a valid file of its kind, with every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.describe("") for p in problems))


def format_path(location: tuple[str | int, ...]) -> str:
    """('countries', 3, 'gdp') → 'countries[3].gdp'."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def validated(text: str, model: type[Model], *, fixes: Mapping[str, str] | None = None,
              syntax_hint: str = "", keys_listed_in: str = "the documentation") -> Model:
    """``text`` read as TOML and checked by ``model``; ``Problems`` with every problem found.

    ``fixes`` says per key what may be written there (added to a wrong or missing value's
    message); ``syntax_hint`` is added to a syntax error's; ``keys_listed_in`` names where the
    allowed keys are listed when there are too many to say."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise Problems([syntax_problem(str(error), text, syntax_hint)]) from None
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        problems = validation_problems(error, raw, key_lines(text), model, fixes, keys_listed_in)
        raise Problems([_at_the_end(p, text, model) for p in problems]) from None


def _at_the_end(problem: Problem, text: str, model: type[BaseModel]) -> Problem:
    """A missing table of the whole file (``[scenario]``, ``[[countries]]``) has no line of its
    own: point at the file's last line, where it can be added, and say so. (A missing plain key
    belongs above the first table: its message says what to write.)"""
    if problem.line is not None or "." in problem.path or "[" in problem.path or not problem.path:
        return problem
    found = model.model_fields.get(problem.path)
    if found is None or _inner_model(found.annotation) is None:
        return problem
    last_line = max(text.count("\n") + (0 if text.endswith("\n") else 1), 1)
    return Problem(problem.path, last_line,
                   f"{problem.message} (line {last_line} is the end of the file: add it there)",
                   problem.key, {**problem.values, "end_line": last_line})


# --- TOML syntax -----------------------------------------------------------------------------

def syntax_problem(message: str, text: str, hint: str = "") -> Problem:
    """A TOML syntax error with its line and column taken out of tomllib's message."""
    extra = f"; {hint}" if hint else ""
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
    if match:
        said = message[: match.start()] + message[match.end():]
        return Problem("", int(match.group(1)),
                       f"TOML syntax error at column {match.group(2)}: {said}{extra}")
    match = re.search(r"\s*\(at end of document\)", message)
    if match:
        last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
        return Problem("", max(last_line, 1), "TOML syntax error at the end of the file: "
                       f"{message[: match.start()]} (a bracket or quote is not closed?){extra}")
    return Problem("", None, f"TOML syntax error: {message}{extra}")


# --- pydantic errors -------------------------------------------------------------------------

#: Error kinds whose message says what was expected: the found value and the fix are added.
_EXPECTED_KINDS = ("literal_error", "greater_than", "greater_than_equal", "less_than_equal",
                   "less_than")


def validation_problems(error: ValidationError, raw: Any, lines: dict, model: type[BaseModel],
                        fixes: Mapping[str, str] | None = None,
                        keys_listed_in: str = "the documentation") -> list[Problem]:
    """Every error of ``error`` as a located problem (``raw``: the data validated, ``lines``:
    the file's ``key_lines``); the alternatives of one value that fits none are said as one."""
    return _merge_alternatives([
        (_problem(e, raw, lines, model, fixes or {}, keys_listed_in), _union_path(e["loc"], raw))
        for e in error.errors()
    ])


def _problem(error: Any, raw: Any, lines: dict, model: type[BaseModel],
             fixes: Mapping[str, str], keys_listed_in: str) -> Problem:
    loc = tuple(error["loc"])
    context = error.get("ctx") or {}
    if "index" in context and "key" in context:  # an item found wrong by its list's check
        loc = (*loc, context["index"], context["key"])
    location = _data_location(loc, raw)
    path = format_path(location)
    line = line_of(lines, location)
    kind = error["type"]
    given = error.get("input")
    key = next((part for part in reversed(location) if isinstance(part, str)), "")
    fix = fixes.get(key)
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, location[:-1])
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        said_hint: Any = ("problem.did_you_mean", {"name": repr(close[0])}) if close else ""
        if len(location) > 1 and key in model.model_fields and isinstance(location[0], str):
            hint = f"a key of the whole file: write it above the first [[{location[0]}]] line; "
            said_hint = ("problem.whole_file_key", {"table": location[0]})
        if len(allowed) > MAXIMUM_LISTED_KEYS:
            listing = f"{len(allowed)} keys are allowed here; {keys_listed_in} lists them"
            where: Any = (("problem.the_documentation", {}) if keys_listed_in == "the documentation"
                          else keys_listed_in)
            said_listing: Any = ("problem.many_keys", {"count": len(allowed), "where": where})
        else:
            listing = f"allowed keys: {', '.join(allowed)}"
            said_listing = ("problem.allowed_keys", {"keys": ", ".join(allowed)})
        return Problem(path, line, f"unknown key {key!r}: {hint}{listing}", "problem.unknown_key",
                       {"name": repr(key), "hint": said_hint, "listing": said_listing})
    if kind == "missing":
        return Problem(path, line_of(lines, location[:-1]),
                       "this required key is missing" + (f": {fix}" if fix else ""),
                       None if fix else "problem.missing")
    message = error["msg"]
    if isinstance(given, float) and not math.isfinite(given):
        what = "not a number (nan)" if math.isnan(given) else f"infinite ({given})"
        return Problem(path, line, f"is {what}: write a number" + (f"; {fix}" if fix else ""),
                       None if fix else "problem.not_finite", {"given": str(given)})
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    values = _said_values(kind, context)
    if given is not None and not isinstance(given, dict | list):
        found = repr(given)
        found = found if len(found) <= 60 else found[:57] + "…"
        message += f" (found {found})"
        values["found"] = found
    if fix and (kind.endswith("_type") or kind in _EXPECTED_KINDS):
        message += f": {fix}"
        return Problem(path, line, message)  # the fix is said in English only
    return Problem(path, line, message, *_said_kind(kind, values))


#: pydantic's error types that say the kind of value expected, with the catalog's word for it
#: (``scenario_file.expected.<word>``).
_EXPECTED_VALUE = {
    "int_type": "whole_number", "int_parsing": "whole_number", "int_from_float": "whole_number",
    "float_type": "number", "float_parsing": "number", "finite_number": "finite_number",
    "string_type": "text", "bool_type": "boolean", "bool_parsing": "boolean",
    "list_type": "list", "tuple_type": "list", "set_type": "list",
    "dict_type": "table", "model_type": "table", "model_attributes_type": "table",
}

#: pydantic's error types said by a catalog text of their own (``scenario_file.problem.<type>``)
#: with the error's context values.
_OWN_TEXT = ("greater_than", "greater_than_equal", "less_than", "less_than_equal", "multiple_of",
             "too_short", "too_long", "string_too_short", "string_too_long",
             "string_pattern_mismatch", "literal_error", "enum")


#: The catalog keys of the problems whose ``message`` is pydantic's own wording ("Input should
#: be a valid integer"), said through the catalogs in English as well.
PYDANTIC_SAID = frozenset({"problem.wrong_type", *(f"problem.{kind}" for kind in _OWN_TEXT)})


def _said_values(kind: str, context: Mapping[str, Any]) -> dict[str, Any]:
    """The context values of a pydantic error as the catalog texts say them."""
    values: dict[str, Any] = {name: _number(value) for name, value in context.items()}
    if kind in ("literal_error", "enum") and "expected" in values:
        first, _, last = values["expected"].rpartition(" or ")
        values["expected"] = ("problem.or", {"first": first, "last": last}) if first else last
    return values


def _number(value: Any) -> str:
    """A context value as the file would write it (a bound of 0.0 is said as 0, like pydantic)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _said_kind(kind: str, values: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """The catalog key and values that say a pydantic error of type ``kind``; no key (the
    message stays in English) for a type the catalogs do not know, such as the schema's own
    checks (``value_error``)."""
    if kind in _EXPECTED_VALUE:
        said_values = {"expected": (f"expected.{_EXPECTED_VALUE[kind]}", {})}
        if kind == "int_from_float":
            said_values["expected"] = ("expected.whole_number_not_fraction", {})
        if "found" in values:
            said_values["found"] = values["found"]
        return "problem.wrong_type", said_values
    if kind in _OWN_TEXT:
        return f"problem.{kind}", values
    return None, {}


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
            unique = list({p.message: p for p in group}.values())
            messages = [p.message for p in unique]
            # A single value that is out of range: only the single-value alternative applies.
            shaped = [p for p in unique if "valid list" not in p.message
                      and "valid number" not in p.message]
            if len(shaped) == 1:
                result.append(Problem(group[0].path, group[0].line, shaped[0].message,
                                      shaped[0].key, shaped[0].values))
                continue
            suffix = next((m.group() for m in map(found.search, messages) if m), "")
            parts = [_alternative(found.sub("", m)) for m in messages]
            message = "should be " + " or ".join(parts) + suffix if len(parts) > 1 else messages[0]
            result.append(Problem(group[0].path, group[0].line, message,
                                  *_said_alternatives(unique)))
    return result


def _said_alternatives(problems: list[Problem]) -> tuple[str | None, dict[str, Any]]:
    """The catalog key and values saying "should be A or B" (no key, English, when one of the
    alternatives is not a kind of value the catalogs say)."""
    if len(problems) == 1:
        return problems[0].key, problems[0].values
    if any(p.key != "problem.wrong_type" for p in problems):
        return None, {}
    values: dict[str, Any] = {"expected": [p.values["expected"] for p in problems]}
    found = next((p.values["found"] for p in problems if "found" in p.values), None)
    if found is not None:
        values["found"] = found
    return "problem.wrong_type", values


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


def _allowed_keys(model: type[BaseModel], location: tuple[str | int, ...]) -> list[str]:
    """The keys ``model`` allows at ``location`` (the table holding an unknown key)."""
    current: Any = model
    for part in location:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        found = current.model_fields.get(str(part))
        if found is None:
            return []
        current = _inner_model(found.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
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

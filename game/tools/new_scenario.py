"""Write a starter scenario file (TOML) that validates, to edit from there.

The file begins with a `#:schema` line that points at scenarios/scenario.schema.json, so editors
with a TOML extension (e.g. VS Code with Even Better TOML) complete and check fields as you type.
The scenario's id is taken from the file name. An existing file is never overwritten.
With --from ID, the file is a copy of that built-in scenario with the new id.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
from pathlib import Path

from game.rules.storage import StorageError, atomic_write_text
from game.scenario.loading import BUILT_IN_DIRECTORY, ScenarioError, built_in_ids, read_text
from game.tools.paths import output_file_problem


def _schema_file() -> Path:
    """The scenarios' JSON Schema: in a checkout by the repository's path ``scenarios/`` (a link
    to the package's folder, the path the documentation gives), else inside the package."""
    checkout = BUILT_IN_DIRECTORY.parents[2] / "scenarios"
    try:
        if checkout.is_symlink() and checkout.samefile(BUILT_IN_DIRECTORY):
            return checkout / "scenario.schema.json"
    except OSError:
        pass
    return BUILT_IN_DIRECTORY / "scenario.schema.json"


SCHEMA_FILE = _schema_file()

#: The pattern a scenario id must match (the schema's Identifier).
ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")

#: The starter scenario; ``{schema}``, ``{id}`` and ``{title}`` are filled in.
TEMPLATE = """\
#:schema {schema}
# A new Diplomasi scenario. Every key is described in docs/scenarios.md; an editor with a TOML
# extension completes and checks keys from the #:schema line above.
# Check the file with:   python run_game.py validate {file}
# Try it with:           python run_game.py simulate --scenario {file}
# Balance it with:       python run_game.py balance {file}
# Texts that players see are given in English (en) and Bahasa Indonesia (id).

[scenario]
# The id: letters, digits, - and _, starting with a letter (here: the file's name).
id = "{id}"
turns = 8                   # one turn is one year
seed = 1                    # the same seed gives every class the same events
title = {{ en = "{title}", id = "{title}" }}
description.en = "Two neighbouring countries with different strengths. Describe the situation here."
description.id = "Dua negara bertetangga dengan keunggulan berbeda. Jelaskan situasinya di sini."
lesson.en = "What the scenario teaches, for teachers: e.g. mutual benefit and trust."
lesson.id = "Yang diajarkan skenario ini, untuk guru: misalnya saling menguntungkan dan kepercayaan."
currency = {{ en = "billion dollars", id = "miliar dolar" }}   # the unit of every money figure
sources = ["Invented figures for teaching."]
# The map's starting view, in degrees.
map = {{ longitude_min = 95, longitude_max = 125, latitude_min = -12, latitude_max = 8 }}

# Sectors: without a [[sectors]] list the scenario has agriculture, industry and services,
# in that order; each country's `productivity` gives one number per sector.

# Regions: agreements among three or more countries of one region are regional.
[[regions]]
id = "home"
name = {{ en = "Home Region", id = "Wilayah Asal" }}

# Countries: at least two. A real ISO alpha-3 id (e.g. "IDN") gets the country's real shape
# on the map; invented ids are drawn at their capital's coordinates.
[[countries]]
id = "NRT"
name = {{ en = "Northland", id = "Negeri Utara" }}
region = "home"
capital = {{ name = {{ en = "Harbour", id = "Pelabuhan" }}, latitude = 2.0, longitude = 105.0 }}
gdp = 400.0                  # in the scenario's currency
population = 30.0            # millions
growth = 0.03                # 0.03 = 3% a year
productivity = [1.4, 0.8, 0.9]   # agriculture, industry, services; 1.0 = average
technology = 0.4             # 0..1, 1 = the frontier
human_capital = 0.5          # 0..1
security = 0.6               # 0..1
stability = 0.7              # 0..1
# How the computer plays it: cautious, trader, security, development or opportunist.
personality = "development"
# Score weights: what this country cares about. The score's terms are welfare, trust,
# security and independence; technology and skills count through what they add to welfare.
objectives.welfare = 1.0
objectives.trust = 0.5
objectives.security = 0.3
objectives.independence = 0.6

[[countries]]
id = "STH"
name = {{ en = "Southland", id = "Negeri Selatan" }}
region = "home"
capital = {{ name = {{ en = "Summit", id = "Puncak" }}, latitude = -6.0, longitude = 115.0 }}
gdp = 600.0
population = 20.0
growth = 0.02
productivity = [0.8, 1.4, 1.1]
technology = 0.7
human_capital = 0.7
security = 0.7
stability = 0.8
personality = "trader"
objectives.welfare = 1.2
objectives.trust = 0.5
objectives.security = 0.4
objectives.independence = 0.5

# Relations between two countries at the start: trust (one number, or one each way) and
# yearly exports each way, in the scenario's currency.
[[relations]]
between = ["NRT", "STH"]
trust = 0.55
exports = [20.0, 25.0]

# Agreements already in force at the start (optional).
[[agreements]]
id = "first-pact"
name = {{ en = "Northland–Southland Trade Pact", id = "Pakta Dagang Negeri Utara–Negeri Selatan" }}
parties = ["NRT", "STH"]
age = 2                      # years in force already
duration = 6                 # years it lasts
clauses = [{{ kind = "trade_liberalisation", level = 0.3 }}]

# Events: the news deck. Kinds: commodity_price_swing, pandemic, natural_disaster,
# border_tension, technology_breakthrough, financial_crisis, corruption_scandal.
[[events]]
id = "storm"
kind = "natural_disaster"
title = {{ en = "Tropical storm", id = "Badai tropis" }}
text.en = "A tropical storm hits the coast and damages ports."
text.id = "Badai tropis menerjang pesisir dan merusak pelabuhan."
probability = 0.15           # chance each year
targets = ["NRT"]
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH",
                        help="the new scenario file (.toml); its name becomes the scenario id")
    parser.add_argument("--from", dest="source", metavar="ID", default=None,
                        help=f"copy this built-in scenario instead ({', '.join(built_in_ids())})")


def run(args: argparse.Namespace) -> int:
    problem = output_file_problem(args.path, standard_output=False)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    path = Path(args.path)
    if path.suffix.lower() != ".toml":
        path = path.with_name(path.name + ".toml")
        problem = output_file_problem(str(path), standard_output=False)
        if problem is not None:
            print(problem, file=sys.stderr)
            return 1
    if path.exists() or path.is_symlink():
        print(f"{path}: a file of that name already exists; it is left as it was. Choose "
              "another name, or remove the file first.", file=sys.stderr)
        return 1
    scenario_id = id_from_path(path)
    if scenario_id is None:
        print(f"{path}: the file name must make a scenario id: start with a letter, then "
              "letters, digits, - or _ (at most 40), e.g. my-scenario.toml", file=sys.stderr)
        return 1
    if args.source is None:
        text = starter_text(path, scenario_id)
    else:
        if args.source not in built_in_ids():
            print(f"--from {args.source}: no built-in scenario of that id; built-in: "
                  f"{', '.join(built_in_ids())}", file=sys.stderr)
            return 1
        try:
            original = read_text(BUILT_IN_DIRECTORY / f"{args.source}.toml")
        except ScenarioError as error:
            print(error.report(), file=sys.stderr)
            return 1
        text = copied_text(original, args.source, path, scenario_id)
    try:
        atomic_write_text(path, text)
    except OSError as error:
        print(f"{path}: cannot write the file: {error.strerror or error}", file=sys.stderr)
        return 1
    except StorageError as error:
        print(str(error), file=sys.stderr)
        return 1
    renamed = "" if scenario_id == path.stem else "; the file name's spaces became dashes in the id"
    print(f"{path}: written (scenario id {scenario_id!r}{renamed}). Check it with: "
          f"python run_game.py validate {shell_word(str(path))}")
    return 0


_PLAIN_WORD = re.compile(r"[\w./:\\+@%=,-]+")


def shell_word(text: str) -> str:
    """``text`` written so that a shell (bash, cmd, PowerShell) reads it as one word: as it is
    when it has no special character, else in double quotes (single quotes if it holds a
    character that double quotes leave special)."""
    if _PLAIN_WORD.fullmatch(text):
        return text
    if not any(c in text for c in '"$`\\!'):
        return f'"{text}"'
    return shlex.quote(text)


def id_from_path(path: Path) -> str | None:
    """The scenario id a file name gives (spaces become dashes), or None if it can't be one."""
    candidate = re.sub(r"\s+", "-", path.stem.strip())
    return candidate if ID_PATTERN.match(candidate) else None


def schema_reference(path: Path) -> str:
    """The schema file as the ``#:schema`` line of ``path`` should name it: relative to the
    file's folder (with forward slashes), or absolute when the two share only the root (or
    are on different drives)."""
    folder = Path(os.path.abspath(path)).parent
    try:
        common = Path(os.path.commonpath([SCHEMA_FILE, folder]))
        relative = os.path.relpath(SCHEMA_FILE, folder)
    except ValueError:  # another drive on Windows
        return SCHEMA_FILE.as_posix()
    if common == Path(common.anchor):  # nothing shared but the root: absolute reads better
        return SCHEMA_FILE.as_posix()
    relative = Path(relative).as_posix()
    return relative if relative.startswith(".") else f"./{relative}"


def starter_text(path: Path, scenario_id: str) -> str:
    """The commented starter scenario for ``path``."""
    title = scenario_id.replace("-", " ").replace("_", " ").title()
    return TEMPLATE.format(schema=schema_reference(path), id=scenario_id, title=title,
                           file=shell_word(path.as_posix()))


_GENERATED = re.compile(r"^# (Generated by|change the script)")
_SCENARIO_ID = re.compile(r'^(\s*id\s*=\s*)"[^"]*"', re.MULTILINE)


def copied_text(original: str, source_id: str, path: Path, scenario_id: str) -> str:
    """A built-in scenario's text with the new ``#:schema`` line and id; the "generated, do not
    edit" note of generated files is dropped (the copy is the designer's to edit)."""
    lines = original.splitlines()
    if lines and lines[0].startswith("#:schema"):
        lines = lines[1:]
    lines = [line for line in lines if not _GENERATED.match(line)]
    body = "\n".join(lines) + "\n"
    table = re.search(r"^\[scenario\][^\n]*\n", body, re.MULTILINE)
    if table is None:
        raise ValueError(f"built-in scenario {source_id!r} has no [scenario] table")
    head, rest = body[: table.end()], body[table.end():]
    rest, count = _SCENARIO_ID.subn(lambda m: f'{m.group(1)}"{scenario_id}"', rest, count=1)
    if count != 1:
        raise ValueError(f"built-in scenario {source_id!r} has no id in [scenario]")
    return (f"#:schema {schema_reference(path)}\n"
            f"# Copied from the built-in scenario {source_id!r}; edit freely.\n" + head + rest)

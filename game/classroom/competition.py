"""A classroom competition's set-up: the scenario, the teams and their countries, the computer
countries' difficulty, turns, seed, the diplomacy timer, reflection prompts and the results folder.

A teacher makes it once on the competition screen, saves it as a small commented TOML file
(``save_competition``) and loads it again with the next class (``load_competition``), so that
every class plays the same game. The file can also be edited by hand: a broken file gives a
``CompetitionError`` whose message names the file, the line, the key and the fix, as a broken
scenario does. No pygame here.

Relative paths in a set-up file (a scenario file, the results folder) are read from the set-up
file's own folder, so that a folder with the set-up and its scenario can be copied as a whole.
"""

from __future__ import annotations

import difflib
import json
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from game.rules.storage import atomic_write_text
from game.rules.terms import DIFFICULTIES
from game.scenario.loading import LoadedScenario, load_scenario, resolve
from game.scenario.problems import Problem, Problems, validated

#: The longest team name (it must fit the hand-over screen and the status line).
MAXIMUM_NAME_LENGTH = 40
#: The most turns a competition may set (as on the new-game screen).
MAXIMUM_TURNS = 30
#: The longest diplomacy phase a timer may set, in minutes.
MAXIMUM_MINUTES = 120.0
#: A set-up file larger than this is not one.
MAXIMUM_FILE_BYTES = 256 * 1024
#: The folder (under the user's data folder) where set-up files are saved by default.
SETUP_FOLDER = "competitions"
SETUP_SUFFIX = ".toml"


class Team(BaseModel):
    """One team: the name the class gives it and the id of the country it plays."""

    model_config = ConfigDict(strict=True, extra="forbid")

    name: str = Field(description="what the class calls the team")
    country: str = Field(description="the id of the team's country in the scenario, e.g. IDN")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise PydanticCustomError("empty_name", "a team needs a name: write it between the quotes")
        if len(value) > MAXIMUM_NAME_LENGTH:
            raise PydanticCustomError(
                "long_name", "a team name has at most {limit} characters (this one has {length})",
                {"limit": MAXIMUM_NAME_LENGTH, "length": len(value)})
        return value

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise PydanticCustomError("empty_country", "a team needs a country: write its id, e.g. \"IDN\"")
        return value


class Competition(BaseModel):
    """The set-up of a classroom competition (see the module's docstring)."""

    model_config = ConfigDict(strict=True, extra="forbid")

    scenario: str = Field(description="a built-in scenario's id or the path of a scenario file")
    teams: list[Team] = Field(description="the teams, in the order they play (hot-seat order)")
    difficulty: Literal[DIFFICULTIES] = "normal"  # type: ignore[valid-type]
    turns: int | None = Field(None, ge=1, le=MAXIMUM_TURNS)
    #: The game's end hidden ("about N years", ``game.rules.ending``); None: the scenario's own.
    hidden_end: bool | None = None
    seed: int = Field(ge=0)
    diplomacy_minutes: float | None = Field(None, gt=0, le=MAXIMUM_MINUTES)
    reflection: bool = False
    results_folder: str | None = None

    @field_validator("scenario")
    @classmethod
    def _scenario(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise PydanticCustomError("empty_scenario", "name a scenario: a built-in id such as "
                                      "\"indonesia-partners\" or the path of a scenario file")
        return value

    @field_validator("diplomacy_minutes")
    @classmethod
    def _minutes(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise PydanticCustomError("minutes", "write a number of minutes such as 3")
        return value

    @field_validator("results_folder")
    @classmethod
    def _folder(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            return None
        return value.strip() if value is not None else None

    @field_validator("teams")
    @classmethod
    def _teams(cls, teams: list[Team]) -> list[Team]:
        if not teams:
            raise PydanticCustomError("no_teams", "a competition needs at least one team: add a "
                                      "[[teams]] table with a name and a country")
        names: dict[str, int] = {}
        countries: dict[str, int] = {}
        for index, team in enumerate(teams):
            folded = team.name.casefold()
            if folded in names:
                raise PydanticCustomError(
                    "duplicate_name", "two teams are called '{name}' (teams {first} and {second}): "
                    "give every team its own name",
                    {"name": team.name, "first": names[folded] + 1, "second": index + 1,
                     "index": index, "key": "name"})
            names[folded] = index
            if team.country in countries:
                raise PydanticCustomError(
                    "duplicate_country", "two teams play {country} (teams {first} and {second}): "
                    "give every team its own country",
                    {"country": team.country, "first": countries[team.country] + 1,
                     "second": index + 1, "index": index, "key": "country"})
            countries[team.country] = index
        return teams

    # --- what a game needs -------------------------------------------------------------------
    @property
    def humans(self) -> list[str]:
        """The teams' countries in playing order."""
        return [team.country for team in self.teams]

    @property
    def team_names(self) -> dict[str, str]:
        """Country id → team name."""
        return {team.country: team.name for team in self.teams}

    @property
    def diplomacy_seconds(self) -> float | None:
        return None if self.diplomacy_minutes is None else 60.0 * self.diplomacy_minutes


class CompetitionError(Exception):
    """A set-up that cannot be used, with every problem found (file, line, key and fix)."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        heading = f"{self.file}: {count} problem{'s' if count != 1 else ''}"
        return "\n".join([heading, *("  " + p.describe(self.file) for p in self.problems)])


# --- reading -----------------------------------------------------------------------------------

#: The difficulty levels as a teacher writes them: "easy", "normal" or "hard".
QUOTED_DIFFICULTIES = (", ".join(f'"{name}"' for name in DIFFICULTIES[:-1])
                       + f' or "{DIFFICULTIES[-1]}"')
#: Per key, what may be written there (added to a wrong value's message).
ALLOWED = {
    "scenario": "a built-in id such as \"indonesia-partners\" or the path of a scenario file, in quotes",
    "teams": "one [[teams]] table per team, each with name = \"...\" and country = \"...\"",
    "name": "the team's name in quotes, e.g. name = \"Garuda\"",
    "country": "the country's id in quotes, e.g. country = \"IDN\"",
    "difficulty": f"write {QUOTED_DIFFICULTIES} (in quotes)",
    "turns": f"a whole number from 1 to {MAXIMUM_TURNS}, or leave the line out for the scenario's own",
    "hidden_end": "true or false (without quotes); leave the line out for the scenario's own",
    "seed": "a whole number of 0 or more, e.g. seed = 162",
    "diplomacy_minutes": "a number of minutes above 0, e.g. 3 or 2.5; leave the line out for no timer",
    "reflection": "true or false (without quotes)",
    "results_folder": "the folder's path in quotes; leave the line out to save no results",
}


def parse_competition(text: str, name: str = "competition.toml") -> Competition:
    """A set-up from the text of a set-up file (``name`` is only for the messages)."""
    try:
        return validated(text, Competition, fixes=ALLOWED, syntax_hint="compare the line with "
                         "the examples in the file's comments")
    except Problems as error:
        raise CompetitionError(name, error.problems) from None


def load_competition(path: str | Path) -> Competition:
    """Read a set-up file; relative paths in it are taken from the file's folder."""
    path = Path(path).expanduser()
    name = str(path)
    try:
        with path.open("rb") as file:
            data = file.read(MAXIMUM_FILE_BYTES + 1)
    except FileNotFoundError:
        raise CompetitionError(name, [Problem("", None, "no such file: check the path")]) from None
    except IsADirectoryError:
        raise CompetitionError(name, [Problem("", None, "this is a folder: name a set-up file "
                                              "(.toml) inside it")]) from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise CompetitionError(name, [Problem("", None, f"cannot read the file: {reason}")]) from None
    if len(data) > MAXIMUM_FILE_BYTES:
        raise CompetitionError(name, [Problem("", None, "this file is far too large for a "
                                              "competition set-up: is it the right file?")])
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CompetitionError(name, [Problem("", line, "this is not UTF-8 text: save the file "
                                              "as UTF-8")]) from None
    competition = parse_competition(text, name)
    return with_paths_from(competition, path.parent)


def with_paths_from(competition: Competition, folder: Path) -> Competition:
    """The set-up with its relative scenario path and results folder taken from ``folder``."""
    changes: dict[str, Any] = {}
    if _is_path(competition.scenario):
        changes["scenario"] = str(_absolute(competition.scenario, folder))
    if competition.results_folder:
        changes["results_folder"] = str(_absolute(competition.results_folder, folder))
    return competition.model_copy(update=changes) if changes else competition


def _is_path(scenario: str) -> bool:
    return "/" in scenario or "\\" in scenario or scenario.endswith(".toml")


def _absolute(text: str, folder: Path) -> Path:
    path = Path(text).expanduser()
    return path if path.is_absolute() else folder / path


# --- checking against the scenario -----------------------------------------------------------

def scenario_of(competition: Competition) -> LoadedScenario:
    """The competition's scenario, loaded (ScenarioError if it cannot be)."""
    return load_scenario(resolve(competition.scenario))


def check_scenario(competition: Competition, loaded: LoadedScenario, file: str = "") -> None:
    """CompetitionError if a team's country is not in the scenario (``file`` names the set-up in
    the message; empty for a set-up made on screen)."""
    ids = [country.id for country in loaded.scenario.countries]
    problems = []
    for index, team in enumerate(competition.teams):
        if team.country not in ids:
            close = difflib.get_close_matches(team.country, ids, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            problems.append(Problem(
                f"teams[{index}].country", None,
                f"{team.name!r} plays {team.country!r}, which is not a country of the scenario "
                f"{loaded.scenario.scenario.id!r}: {hint}its countries are {', '.join(ids)}"))
    if problems:
        raise CompetitionError(file or "competition set-up", problems)


def start_session(competition: Competition, loaded: LoadedScenario, *, controller: Any = None,
                  autosave_path: Path | None = None,
                  clock: Callable[[], float] = time.monotonic, teacher_pin: str | None = None) -> Any:
    """A new game for the competition: the teams' countries as the humans (in team order),
    the team names, the diplomacy timer, reflection prompts, the results folder and the
    teacher's PIN (its hash, ``game.classroom.pin``)."""
    from game.classroom.classroom import Classroom
    from game.classroom.timer import DiplomacyTimer
    from game.rules.game import Game
    from game.session.session import Session

    check_scenario(competition, loaded)
    seconds = competition.diplomacy_seconds
    results = Path(competition.results_folder).expanduser() if competition.results_folder else None
    classroom = Classroom(teams=competition.team_names, reflection=competition.reflection,
                          results_folder=results, teacher_pin=teacher_pin,
                          timer=DiplomacyTimer(seconds, clock) if seconds is not None else None)
    return Session(Game(loaded, competition.seed, competition.turns,
                        hidden_end=competition.hidden_end), competition.humans,
                   competition.difficulty, controller, autosave_path=autosave_path,
                   classroom=classroom)


# --- writing -----------------------------------------------------------------------------------

def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's; DEL must be escaped too)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007F")


def competition_toml(competition: Competition) -> str:
    """The set-up as a small commented TOML file a teacher can read and edit."""
    c = competition
    lines = [
        "# Diplomasi: a classroom competition set-up.",
        "# Open it in the game (Classroom competition, Load set-up) to play the same game again,",
        "# or edit it with any text editor. Lines that start with # are comments.",
        "",
        "# The scenario: a built-in id (tutorial, indonesia-partners, asean-plus-three,",
        "# archipelago, world) or the path of a scenario file.",
        f"scenario = {toml_string(c.scenario)}",
        "",
        f"# How well the computer countries play: {QUOTED_DIFFICULTIES}.",
        f"difficulty = {toml_string(c.difficulty)}",
        "",
        f"# How many turns (years) to play, 1 to {MAXIMUM_TURNS}; without this line, the scenario's own.",
        f"turns = {c.turns}" if c.turns is not None else "# turns = 10",
        "",
        "# Hide the game's end: true announces \"about N years\" and ends after a year drawn",
        "# between N-2 and N+2 that nobody is told; without this line, the scenario's own.",
        (f"hidden_end = {'true' if c.hidden_end else 'false'}" if c.hidden_end is not None
         else "# hidden_end = true"),
        "",
        "# The same seed gives every class the same events and the same computer choices.",
        f"seed = {c.seed}",
        "",
        "# Minutes of diplomacy each turn, on a countdown everyone sees; without this line, no timer.",
        (f"diplomacy_minutes = {c.diplomacy_minutes!r}" if c.diplomacy_minutes is not None
         else "# diplomacy_minutes = 3"),
        "",
        "# A short reflection question for each team at the end of every turn: true or false.",
        f"reflection = {'true' if c.reflection else 'false'}",
        "",
        "# Where the results are saved after every turn; without this line, nowhere.",
        (f"results_folder = {toml_string(c.results_folder)}" if c.results_folder
         else "# results_folder = \"Diplomasi results\""),
        "",
        "# One [[teams]] table per team, in the order the teams play. name: what the class calls",
        "# the team; country: the id of the country it plays (as in the scenario file).",
    ]
    for team in c.teams:
        lines += ["", "[[teams]]", f"name = {toml_string(team.name)}",
                  f"country = {toml_string(team.country)}"]
    return "\n".join(lines) + "\n"


def save_competition(competition: Competition, path: str | Path) -> Path:
    """Write the set-up file atomically (OSError if it cannot be written); the path written."""
    path = Path(path).expanduser()
    if path.is_dir():  # a folder: the default file name inside it
        path = path / f"competition{SETUP_SUFFIX}"
    elif path.suffix != SETUP_SUFFIX:
        path = path.with_name(path.name + SETUP_SUFFIX)
    atomic_write_text(path, competition_toml(competition))
    return path


# --- where files go ----------------------------------------------------------------------------

def setup_folder(data: Path) -> Path:
    """The default folder for set-up files, under the user's data folder ``data``."""
    return data / SETUP_FOLDER


def default_results_folder(home: Path, data: Path) -> Path:
    """Where a competition's results go unless the teacher says otherwise: a "Diplomasi results"
    folder in the user's Documents when there is one, else under the data folder."""
    for documents in ("Documents", "Dokumen"):
        if (home / documents).is_dir():
            return home / documents / "Diplomasi results"
    return data / "results"

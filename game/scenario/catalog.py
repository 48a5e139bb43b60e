"""The scenarios a new game can start from: the built-in ones, then the user's own.

The user's scenarios are the ``*.toml`` files in a folder the caller names (the game uses
``scenarios`` in its data folder, see ``game/ui/settings.py``). Every file gets an entry: a file
that does not load is listed as broken with its first problem, and never hides the others; a
folder that is missing or cannot be read gives no user entries. Files are loaded once per
version (path, modification time and size). No pygame here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.scenario.loading import (
    BUILT_IN_DIRECTORY,
    LoadedScenario,
    Problem,
    ScenarioError,
    built_in_ids,
    load_scenario,
)

#: The order the built-in scenarios are offered in: the easiest first, the largest last.
PREFERRED_ORDER = ("tutorial", "indonesia-partners", "asean-plus-three", "archipelago", "world")

#: At most this many user files are listed (a folder of hundreds is not a list to pick from).
MAXIMUM_USER_FILES = 50

_CACHE: dict[tuple[str, float, int], LoadedScenario | ScenarioError] = {}


@dataclass(frozen=True)
class Entry:
    """One scenario in the list."""

    key: str  # a built-in's id, or the user file's path: what ``loading.resolve`` takes
    path: Path
    user: bool  # from the user's folder, not built in
    result: LoadedScenario | ScenarioError

    @property
    def loaded(self) -> LoadedScenario | None:
        return self.result if isinstance(self.result, LoadedScenario) else None

    @property
    def broken(self) -> bool:
        return isinstance(self.result, ScenarioError)

    @property
    def problem(self) -> Problem | None:
        """The first thing wrong with a broken file."""
        if not isinstance(self.result, ScenarioError):
            return None
        if not self.result.problems:
            return Problem("", None, str(self.result))
        return self.result.problems[0]

    @property
    def first_problem(self) -> str | None:
        """The first problem without its line, short: "scenario.turns: …" (the screen adds
        the line in the player's language)."""
        problem = self.problem
        if problem is None:
            return None
        return f"{problem.path}: {problem.message}" if problem.path else problem.message


def load_cached(path: Path) -> LoadedScenario | ScenarioError:
    """The scenario in ``path`` (or why it can't be used), loaded once per file version."""
    try:
        status = path.stat()
        key = (str(path), status.st_mtime, status.st_size)
    except (OSError, ValueError):
        key = (str(path), 0.0, -1)
    if key not in _CACHE:
        try:
            _CACHE[key] = load_scenario(path)
        except ScenarioError as error:
            _CACHE[key] = error
    return _CACHE[key]


def built_in_entries() -> list[Entry]:
    ids = sorted(built_in_ids(), key=lambda i: (
        PREFERRED_ORDER.index(i) if i in PREFERRED_ORDER else len(PREFERRED_ORDER), i))
    return [Entry(i, BUILT_IN_DIRECTORY / f"{i}.toml", False,
                  load_cached(BUILT_IN_DIRECTORY / f"{i}.toml")) for i in ids]


def user_files(folder: Path | None) -> list[Path]:
    """The scenario files in the user's folder, by name (hidden files and folders left out);
    none when the folder is missing or cannot be read."""
    if folder is None:
        return []
    try:
        files = [p for p in folder.iterdir()
                 if p.suffix.lower() == ".toml" and not p.name.startswith(".") and p.is_file()]
    except OSError:
        return []
    return sorted(files, key=lambda p: (p.name.casefold(), p.name))[:MAXIMUM_USER_FILES]


def user_entries(folder: Path | None) -> list[Entry]:
    return [Entry(str(path), path, True, load_cached(path)) for path in user_files(folder)]


def catalog(user_folder: Path | None = None) -> list[Entry]:
    """The built-in scenarios in their preferred order, then the user's files by name."""
    return built_in_entries() + user_entries(user_folder)

"""Reload a running game's scenario file from disk and start that game again (F5 in the window).

For scenario designers: edit the file, press F5, and play the new version from its first turn
with the same players, difficulty and session settings. The seed and the number of turns chosen
at the start are kept; where the game used the scenario's own, the file's (perhaps new) values
apply, so that editing ``seed`` or ``turns`` in the file and pressing F5 shows the change.

A file that no longer loads, or that no longer has a country a person plays, changes nothing:
the result says what is wrong and the running game goes on. No pygame here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from game.rules.game import Game
from game.rules.protocol import Controller
from game.scenario.loading import (
    BUILT_IN_DIRECTORY,
    LoadedScenario,
    ScenarioError,
    built_in_ids,
    load_scenario,
)
from game.session import persistence
from game.session.session import Session


@dataclass(frozen=True)
class ReloadResult:
    """What F5 did: the restarted session, or why the running game is kept."""

    file: str  # the file that was read
    session: Session | None = None
    error: ScenarioError | None = None  # the file does not load: every problem, with its line
    missing: tuple[str, ...] = ()  # countries people play that the new file no longer has

    @property
    def ok(self) -> bool:
        return self.session is not None


def scenario_file(source: str) -> Path:
    """The file a game's scenario came from (``LoadedScenario.source``): its path; a built-in's
    id; or, for a save made on another computer, the built-in scenario of the same name when the
    saved path (``.../scenarios/tutorial.toml``) does not exist here."""
    path = Path(source)
    if "/" not in source and "\\" not in source and source in built_in_ids():
        return BUILT_IN_DIRECTORY / f"{source}.toml"
    if not path.exists() and path.suffix == ".toml" and path.parent.name == "scenarios" \
            and path.stem in built_in_ids():
        return BUILT_IN_DIRECTORY / path.name
    return path


def restarted(session: Session, loaded: LoadedScenario, controller: Controller | None = None,
              fresh_folder: bool = False) -> Session:
    """A new session on ``loaded`` at its first turn, set up as ``session`` is: the same humans,
    difficulty, autosave and classroom set-up (teams, reflection, results folder, a fresh
    diplomacy timer of the same length); what each field keeps is its role's
    (``game.session.persistence``). ValueError if a human's country is not in ``loaded``.
    With ``fresh_folder`` the new game writes its results to a new folder next to the old one
    (``fresh_results_folder``): the running game's results stay as they are."""
    old = session.game
    info = old.scenario.scenario
    seed = old.seed if old.seed != info.seed else None
    rules = old.rules_of_play  # (the announced length: with a hidden end, not the last turn)
    turns = rules.turns if rules.turns != info.turns else None
    hidden_end = rules.hidden_end if rules.hidden_end != info.hidden_end else None
    game = Game(loaded, seed, turns, hidden_end=hidden_end)
    if not fresh_folder or getattr(session.classroom, "results_folder", None) is None:
        return session.restarted(game, controller)
    kept = persistence.kept(session)  # Session.restarted, with the classroom's folder moved
    kept["classroom"].results_folder = fresh_results_folder(session.classroom.results_folder)
    return type(session)(game, controller=controller, **kept)


def fresh_results_folder(folder: Path) -> Path:
    """A folder next to ``folder`` for a restarted game's results (``class-8a-reload-2``),
    so that the running game's results stay as they are."""
    base = re.sub(r"-reload-\d+$", "", folder.name)
    number = 2
    while (candidate := folder.with_name(f"{base}-reload-{number}")).exists() or candidate == folder:
        number += 1
    return candidate


def reload_session(session: Session, controller: Controller | None = None,
                   fresh_folder: bool = False) -> ReloadResult:
    """Read the session's scenario file again and restart the game on it, or say why not
    (``fresh_folder``: see ``restarted``)."""
    path = scenario_file(session.game.loaded.source)
    try:
        loaded = load_scenario(path)
    except ScenarioError as error:
        return ReloadResult(str(path), error=error)
    countries = {c.id for c in loaded.scenario.countries}
    missing = tuple(h for h in session.humans if h not in countries)
    if missing:
        return ReloadResult(str(path), missing=missing)
    return ReloadResult(str(path), session=restarted(session, loaded, controller, fresh_folder))

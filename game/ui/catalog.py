"""The scenarios the window offers: the built-in ones, then the user's own (see
``game.scenario.catalog``), each loaded once per file version, and the country a new game
offers first. Shared by the new-game and the competition screens and by ``--scenario``."""

from __future__ import annotations

from game.scenario import catalog
from game.scenario.loading import LoadedScenario, ScenarioError, resolve
from game.ui.settings import user_scenarios_dir


def load_cached(identifier: str) -> LoadedScenario | ScenarioError:
    """A scenario (or its error), loaded once per file version."""
    try:
        path = resolve(identifier)
    except ScenarioError as error:
        return error
    return catalog.load_cached(path)


def default_country(loaded: LoadedScenario) -> str:
    """The country a new game offers first: Indonesia when the scenario has it (the lesson is
    Indonesian), else the scenario's first country."""
    ids = [c.id for c in loaded.scenario.countries]
    return "IDN" if "IDN" in ids else ids[0]


def scenario_entries() -> list[catalog.Entry]:
    """The built-in scenarios, then the user's own (see ``catalog``)."""
    return catalog.catalog(user_scenarios_dir())


def scenario_ids() -> list[str]:
    return [entry.key for entry in scenario_entries()]

"""Shared test set-up: headless SDL, the built-in scenarios, random scenarios and actions."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path

import pytest

from game.i18n import numbers
from game.scenario.loading import LoadedScenario, load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="session", autouse=True)
def own_folders(tmp_path_factory):
    """Each test process (each xdist worker) its own config and data folders unless a test sets
    them: no test writes the user's folders, and two workers never share an autosave or the par
    cache."""
    with pytest.MonkeyPatch.context() as patch:
        for variable, name in (("DIPLOMASI_CONFIG_DIR", "config"), ("DIPLOMASI_DATA_DIR", "data")):
            if not os.environ.get(variable):
                patch.setenv(variable, str(tmp_path_factory.mktemp(name)))
        yield


@pytest.fixture(autouse=True)
def true_minus():
    """A window takes the minus sign its font draws (the en dash for pygame_gui's Noto Sans):
    every test starts again from the true minus, whatever window an earlier test opened."""
    yield
    numbers.use_minus(numbers.TRUE_MINUS)


@pytest.fixture
def folders(tmp_path, monkeypatch) -> Path:
    """The game's config and data folders in a fresh temporary folder, never the user's."""
    monkeypatch.setenv("DIPLOMASI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("DIPLOMASI_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


@pytest.fixture(scope="session")
def tutorial() -> LoadedScenario:
    return load_scenario(SCENARIOS / "tutorial.toml")


#: The files that take longest (minutes: the closing note's CI figures), started first when the
#: suite runs on several workers, so that the last of them does not run alone at the end.
SLOWEST_FIRST = ("test_ui_random.py", "test_dilemma.py", "test_ui_layout.py")


def pytest_collection_modifyitems(config, items) -> None:
    """On an xdist worker, the slowest files first (each worker collects the same order, which
    ``--dist loadfile`` hands out file by file); a serial run keeps the files' own order."""
    if not hasattr(config, "workerinput"):
        return
    rank = {name: place for place, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))

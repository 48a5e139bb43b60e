"""The competition screen and a competition game as the screenshot tour shows them."""

from __future__ import annotations

from typing import Any

from game.classroom.competition import Competition, scenario_of, start_session
from game.ui.scenes.competition.scene import CompetitionScene
from game.ui.scenes.competition.setup import PREFERRED_SCENARIO


class FrozenClock:
    """A clock that stands still at ``now`` (pictures of the countdown show the same time)."""

    def __init__(self, now: float = 0.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def example(app) -> CompetitionScene:
    """The competition screen as a teacher fills it in: three named teams, a 3-minute timer."""
    scene = CompetitionScene(app, PREFERRED_SCENARIO)
    for index, name in enumerate(("Garuda", "Komodo", "Rajawali")):
        if index >= len(scene.teams):
            scene.teams.append(scene.new_team())
        scene.teams[index]["name"] = name
    scene.reflection = True
    return scene


def example_session(seconds_left: float = 25.0) -> Any:
    """A three-team competition game in its first diplomacy phase, with ``seconds_left`` on a
    3-minute countdown that stands still."""
    competition = Competition(
        scenario=PREFERRED_SCENARIO, seed=162, turns=6, diplomacy_minutes=3.0,
        teams=[{"name": "Garuda", "country": "IDN"}, {"name": "Komodo", "country": "JPN"},
               {"name": "Rajawali", "country": "KOR"}])
    clock = FrozenClock()
    session = start_session(competition, scenario_of(competition), clock=clock)
    session.begin_diplomacy(session.current)
    clock.now = 180.0 - seconds_left
    return session

"""The teacher's classroom competition screen: the scenario, the teams (a name and a country
each, in playing order), the computer countries' difficulty, turns, seed, the diplomacy timer,
reflection prompts and the results folder, on one screen. The set-up is saved to and loaded
from a small TOML file (``game.classroom.competition``) so that the next class plays the same
game; Start makes the hot-seat session with the teams' names and the countdown.

The screen in parts by job, each mixed into ``CompetitionScene`` (``scene.py``: its state,
drawing and events): ``setup`` (the set-up being made and what keeps it from starting),
``layout`` (the scenario, teams and options columns), ``chooser`` (the list of countries under a
team's button) and ``files`` (the results folder and the set-up file, saved and loaded);
``examples`` are the screenshot tour's.
"""

from game.ui.scenes.competition.examples import FrozenClock, example, example_session
from game.ui.scenes.competition.layout import minutes_text
from game.ui.scenes.competition.scene import CompetitionScene
from game.ui.scenes.competition.setup import MAXIMUM_TEAMS, PREFERRED_SCENARIO

__all__ = ["MAXIMUM_TEAMS", "PREFERRED_SCENARIO", "CompetitionScene", "FrozenClock", "example",
           "example_session", "minutes_text"]

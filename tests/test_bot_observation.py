"""Issue 16, failure 7: a bot that changes its observation cannot crash ``try_bot`` or an
in-process tournament, cannot propose in the answers-only round, and cannot change what the
game or another bot sees: each bot gets its own copy."""

from __future__ import annotations

import json
import textwrap

from game.agents.bots.controller import BotController
from game.agents.bots.testing import try_bot
from game.rules.game import Game
from game.rules.protocol import play_game

VANDAL = '''
def wreck(value):
    if isinstance(value, dict):
        for key in list(value):
            if isinstance(value[key], (int, float)) and not isinstance(value[key], bool):
                value[key] = -1e308
            else:
                wreck(value[key])
    elif isinstance(value, list):
        for item in value:
            wreck(item)


class Vandal:
    """Proposes the menu's first deal every time, then tears its observation apart."""

    def act(self, observation):
        menu = list(observation.get("menu") or [])
        observation["proposals_allowed"] = True
        answer = []
        if menu:
            item = menu[0]
            answer.append({"type": "propose", "parties": item["parties"],
                           "clauses": item["clauses"], "duration": item["duration"]})
        wreck(observation)
        for key in ("proposals_allowed", "negotiations", "menu", "seed", "you"):
            observation.pop(key, None)
        return answer
'''


def vandal_class(tmp_path):
    path = tmp_path / "vandal.py"
    path.write_text(textwrap.dedent(VANDAL), encoding="utf-8")
    namespace: dict = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return path, namespace["Vandal"]


class Recorder:
    """Keeps what it was shown, as JSON text, and passes."""

    def __init__(self):
        self.seen: list[str] = []

    def act(self, observation):
        self.seen.append(json.dumps(observation, sort_keys=True, default=str))
        return []


class Passive:
    def act(self, observation):
        return []


def test_try_bot_survives_a_bot_that_changes_its_observation(tmp_path):
    _, Vandal = vandal_class(tmp_path)
    trial = try_bot(Vandal(), turns=3)
    assert trial.decisions > 0
    answers_only = [f for f in trial.forfeits if f.reason == "illegal" and "answers" in f.detail]
    assert answers_only, "a proposal in the answers-only round must be refused"
    assert all(f.reason == "illegal" for f in trial.forfeits)


def test_each_bot_gets_its_own_copy_of_its_observation(tutorial, tmp_path):
    _, Vandal = vandal_class(tmp_path)

    def play(first):
        game = Game(tutorial, 3, 3)
        recorder = Recorder()
        bots = [first, recorder, Passive()]
        controllers = {c: BotController(b, f"bot{k}") for k, (c, b) in
                       enumerate(zip(game.country_ids, bots, strict=True))}
        play_game(game, controllers)
        return game, recorder

    passive_game, passive_view = play(Passive())
    _, vandal_view = play(Vandal())
    assert len(vandal_view.seen) == len(passive_view.seen)
    # The vandal's own proposals change the game, but never what it was shown at its first
    # decision, which the recorder also saw before any proposal: its first view is identical.
    assert vandal_view.seen[0] == passive_view.seen[0]
    assert passive_game.finished


def test_an_in_process_tournament_game_survives_the_vandal(tutorial, tmp_path):
    from game.tools.tournament import play_job

    path, _ = vandal_class(tmp_path)
    job = {"index": 0, "source": tutorial.source, "text": tutorial.text, "scenario": "tutorial",
           "seed": 1, "turns": 2, "rotation": 0, "reference": False,
           "names": ["vandal", "cooperator", "cooperator"],
           "specs": [f"{path}:Vandal", "cooperator", "cooperator"],
           "time_limit": 2.0, "memory_mb": 512, "in_process": True}
    record = play_job(job)
    assert record["refused"].get("vandal", 0) > 0

"""One process per bot for all its seats (issue 17, game.agents.bots.sandbox while
``keep_processes`` is on): each seat keeps its own bot object, module state and random numbers
in the shared process; a time-out or a crash in one seat costs the other seats their objects,
never a decision; a new game starts the process's seats afresh; a tournament plays the same
games as with a process per seat."""

from __future__ import annotations

import json
import os
import textwrap

import pytest

from game.agents.bots import sandbox
from game.agents.bots.controller import BotFailure
from game.agents.bots.sandbox import SandboxedBot
from game.scenario.loading import load_scenario, resolve
from game.tools.tournament import play_job, work_list
from tests.observing import strictly_equal

HELPER = '''
SEEN = []
'''

BOT = '''
import os
import random
import time

import numpy as np

import helper_beside

CALLS = 0
AT_LOAD = random.random()  # drawn from the stream a fresh process would have


class Remembers:
    def __init__(self):
        self.calls = 0

    def act(self, observation):
        global CALLS
        CALLS += 1
        self.calls += 1
        if observation.get("seed") is not None:
            random.seed(observation["seed"])
            np.random.seed(observation["seed"])
        if observation.get("sleep"):
            time.sleep(30)
        if observation.get("die"):
            os._exit(3)
        helper_beside.SEEN.append(self.calls)
        return [{"pid": os.getpid(), "calls": self.calls, "module_calls": CALLS,
                 "helper": list(helper_beside.SEEN), "at_load": AT_LOAD,
                 "random": random.random(), "numpy": float(np.random.random())}]
'''


@pytest.fixture(autouse=True)
def kept():
    sandbox.stop_keeping()
    sandbox.keep_processes()
    yield
    sandbox.stop_keeping()


@pytest.fixture
def bot_file(tmp_path):
    (tmp_path / "helper_beside.py").write_text(textwrap.dedent(HELPER))
    path = tmp_path / "remembers.py"
    path.write_text(textwrap.dedent(BOT))
    return path


def seats(bot_file, count: int, time_limit: float = 5.0) -> list[SandboxedBot]:
    return [SandboxedBot(bot_file, "Remembers", time_limit=time_limit, load_time=60)
            for _ in range(count)]


def ask(bot: SandboxedBot, **observation) -> dict:
    return bot.act(observation)[0]


def test_two_seats_share_a_process_with_their_own_objects_modules_and_random_numbers(bot_file):
    first, second = seats(bot_file, 2)
    try:
        answers = {0: [], 1: []}
        ask(first, seed=11)  # both seed their streams with the same number...
        ask(second, seed=11)
        for _ in range(3):  # ...and draw in turns: each seat has its own stream
            answers[0].append(ask(first))
            answers[1].append(ask(second))
        assert first.process is second.process is not None
        assert {a["pid"] for a in answers[0] + answers[1]} == {first.process.pid}
        for one, other in zip(answers[0], answers[1], strict=True):
            assert one["random"] == other["random"] and one["numpy"] == other["numpy"]
            assert one["calls"] == other["calls"] == one["module_calls"] == other["module_calls"]
            assert one["helper"] == other["helper"] == list(range(1, one["calls"] + 1))
        assert len({a["random"] for a in answers[0]}) == 3  # a stream, not one number again
        assert answers[0][0]["at_load"] != answers[1][0]["at_load"]  # each seeded afresh
    finally:
        first.close()
        second.close()
    # the same draws as a seat alone in a process of its own
    sandbox.stop_keeping()
    (alone,) = seats(bot_file, 1)
    try:
        ask(alone, seed=11)
        assert [ask(alone)["random"] for _ in range(3)] == [a["random"] for a in answers[0]]
    finally:
        alone.close()


@pytest.mark.parametrize(("trouble", "reason"), [({"sleep": True}, "timeout"),
                                                 ({"die": True}, "died")])
def test_a_failing_seat_costs_the_other_seats_their_objects_not_a_decision(bot_file, trouble,
                                                                          reason):
    failing, other = seats(bot_file, 2, time_limit=1.0)
    try:
        ask(failing)
        assert ask(other)["calls"] == 1
        before = failing.process.pid
        with pytest.raises(BotFailure) as failure:
            failing.act(trouble)
        assert failure.value.reason == reason
        assert failing.process is None and other.process is None  # killed: one process
        with pytest.raises(ProcessLookupError):
            os.kill(before, 0)
        # the other seat plays on in a new process, with a new object (its memory is lost)
        again = ask(other)
        assert again["pid"] != before and again["calls"] == again["module_calls"] == 1
        assert other.restarts_left == sandbox.RESTARTS and other.dead is None
        assert ask(failing)["calls"] == 1  # the failing seat restarts once...
        with pytest.raises(BotFailure):
            failing.act(trouble)
        with pytest.raises(BotFailure) as failure:
            failing.act({})
        assert failure.value.reason == "dead"  # ...then it is left dead
        assert ask(other)["calls"] == 1  # and the other seat still plays
        assert ask(other)["calls"] == 2
    finally:
        failing.close()
        other.close()


def test_a_new_game_starts_every_seat_afresh_in_the_same_process(bot_file):
    game = seats(bot_file, 2)
    for bot in game:
        ask(bot)
        ask(bot)
    pid = game[0].process.pid
    for bot in game:
        bot.close()
    pool = sandbox.keep_processes()
    assert [process.pid for _, process, _ in pool.idle] == [pid]  # one process kept
    following = seats(bot_file, 3)
    try:
        answers = [ask(bot) for bot in following]
        assert {a["pid"] for a in answers} == {pid}
        assert all(a["calls"] == a["module_calls"] == 1 and a["helper"] == [1] for a in answers)
        assert not pool.idle
    finally:
        for bot in following:
            bot.close()


STREAMY = '''
import random

from game.agents.bots import Bot, accept, keep, propose, reject


class Streamy(Bot):
    """Seeds Python's global random numbers once, then draws from them every decision."""

    def __init__(self):
        self.seeded = False

    def act(self, observation):
        if not self.seeded:
            random.seed(observation["seed"])
            self.seeded = True
        if observation["phase"] == "compliance":
            return [keep(o, random.random() < 0.8) for o in observation["obligations"]]
        actions = [accept(n) if random.random() < 0.6 else reject(n)
                   for n in observation["negotiations"] if n["waiting_for_me"]]
        if observation["proposals_allowed"] and observation["menu"] and random.random() < 0.5:
            item = random.choice(observation["menu"])
            actions.append(propose(item["parties"], item["clauses"]))
        return actions
'''


def test_a_tournament_plays_the_same_games_as_with_a_process_per_seat(tmp_path, monkeypatch):
    path = tmp_path / "streamy.py"
    path.write_text(textwrap.dedent(STREAMY))
    loaded = load_scenario(resolve("tutorial"))
    work = work_list([loaded], [("streamy", f"{path}:Streamy"), ("cooperator", "cooperator")],
                     1, 5, 3, reference=False)
    assert any(job["specs"].count(f"{path}:Streamy") >= 2 for job in work)  # two seats a game
    shared = [json.dumps(play_job(job), sort_keys=True) for job in work]
    sandbox.stop_keeping()
    monkeypatch.setattr(sandbox, "keep_processes", lambda limit=16, share_seats=True: None)
    alone = []
    for job in work:  # nothing kept nor shared: every seat in a process of its own, as before
        alone.append(json.dumps(play_job(job), sort_keys=True))
    assert sandbox._pool is None
    assert shared == alone
    assert all(json.loads(record)["forfeits"] == [] for record in shared)


def test_with_a_process_per_seat_the_seats_do_not_share_but_processes_are_still_kept(bot_file):
    sandbox.keep_processes(share_seats=False)
    game = seats(bot_file, 2)
    pids = [ask(bot)["pid"] for bot in game]
    assert len(set(pids)) == 2
    for bot in game:
        bot.close()
    following = seats(bot_file, 2)
    try:
        assert sorted(ask(bot)["pid"] for bot in following) == sorted(pids)  # kept, reset
    finally:
        for bot in following:
            bot.close()
        sandbox.keep_processes(share_seats=True)


def test_the_tournament_flag_gives_each_seat_its_process(tmp_path):
    from game.tools.tournament import game_time_limit

    path = tmp_path / "streamy.py"
    path.write_text(textwrap.dedent(STREAMY))
    loaded = load_scenario(resolve("tutorial"))
    entrants = [("streamy", f"{path}:Streamy"), ("cooperator", "cooperator")]
    shared = work_list([loaded], entrants, 1, 5, 3, reference=False,
                       sandbox={"isolated": False, "hidden": []})
    alone = work_list([loaded], entrants, 1, 5, 3, reference=False,
                      sandbox={"isolated": False, "hidden": [], "per_seat": True})
    spec = {f"{path}:Streamy"}
    # two seats of one bot: 2² × 2 loads when shared, 2 × 2 with a process each
    assert (game_time_limit([loaded], shared, spec, 2.0)
            - game_time_limit([loaded], alone, spec, 2.0)) == (8 - 4) * sandbox.LOAD_TIME
    job = next(j for j in alone if j["specs"].count(f"{path}:Streamy") >= 2)
    assert json.dumps(play_job(job), sort_keys=True) == json.dumps(
        play_job(next(j for j in shared if j["index"] == job["index"])), sort_keys=True)
    assert sandbox._share  # the shared job after it set it back


MUTATES = '''
import json


class Mutates:
    def act(self, observation):
        seen = json.loads(json.dumps(observation))
        kinds = []
        stack, containers = [observation], []
        while stack:  # every container's type, and whether any is shared
            value = stack.pop()
            kinds.append(type(value).__name__)
            if isinstance(value, (dict, list)):
                containers.append(id(value))
                stack += list(value.values()) if isinstance(value, dict) else list(value)
        observation["trust"][0][0] = 99.0  # a bot may change its own copy...
        observation["countries"][0]["id"] = "XXX"
        observation["countries"].append({})
        return [{"seen": seen, "kinds": sorted(set(kinds)),
                 "shared": len(containers) - len(set(containers))}]
'''


def test_every_observation_is_json_data_so_the_pickled_request_gives_what_json_would():
    """The tournament pickles observations for the bot's process: the bot gets what JSON would
    give it only while an observation holds nothing but JSON data (no tuple, no numpy number,
    no key that is not text)."""
    from game.agents.bots.controller import BotController, observation_for
    from game.agents.bots.examples import Cooperator
    from game.rules.game import Game
    from game.rules.protocol import play_game

    class Watching(Cooperator):
        def __init__(self, seen):
            self.seen = seen

        def act(self, observation):
            self.seen.append(observation)
            return super().act(observation)

    for scenario in ("tutorial", "asean-plus-three"):
        game = Game(load_scenario(resolve(scenario)), 3, 2)
        seen: list[dict] = []
        play_game(game, {c: BotController(Watching(seen)) for c in game.country_ids})
        seen.append(observation_for(game, game.country_ids[-1], 0))
        assert len(seen) > 5 and any(o["obligations"] for o in seen)
        assert any(o["negotiations"] for o in seen) and any(o["agreements"] for o in seen)
        for observation in seen:
            assert strictly_equal(json.loads(json.dumps(observation)), observation)
            pickled = sandbox.request_pickled(1, observation, "1")
            header, _, payload = pickled.partition(b"\n")
            assert json.loads(header) == {"id": 1, "seat": "1", "size": len(payload)}


def test_a_seat_gets_its_own_observation_as_json_would_give_it(tmp_path):
    path = tmp_path / "mutates.py"
    path.write_text(textwrap.dedent(MUTATES))
    shared_row = [1.0, 2.0]
    observation = {"turn": 1, "trust": [shared_row, shared_row], "countries": [{"id": "A"}],
                   "me": {"score": 0.5, "terms": {"trade": -0.0}}, "seed": 2**55 + 3}
    bots = [SandboxedBot(path, "Mutates", time_limit=5.0, load_time=60) for _ in range(2)]
    try:
        for _ in range(3):
            for bot in bots:
                answer = bot.act(observation)[0]
                assert answer["seen"] == observation  # ...never the next seat's
                assert answer["shared"] == 0  # the row given twice arrives as two rows
                assert answer["kinds"] == ["dict", "float", "int", "list", "str"]
        assert bots[0].process is bots[1].process
        assert observation["trust"] == [[1.0, 2.0], [1.0, 2.0]]
    finally:
        for bot in bots:
            bot.close()

"""A bot from a file gets its observation in two parts (issue 17, bots17b): its own fields,
pickled for its request, and the fields every seat sees alike, pickled once while they hold and
kept by the bot's process. What the process decodes is, for every seat, exactly the observation
``observation_for`` gives (values, types, key order, nothing shared), and no seat can see what
another seat changed in its copy."""

from __future__ import annotations

import io
import json
import pickle
import textwrap

import pytest

from game.agents.bots import host, sandbox
from game.agents.bots.controller import (
    BotController,
    TakesObservationApart,
    observation_apart_for,
    observation_for,
)
from game.agents.observation import PUBLIC_FIELDS, observe, observe_apart
from game.rules.game import Game
from game.rules.protocol import play_game
from game.scenario.loading import load_scenario, resolve
from tests.observing import states, strictly_equal


def containers(value) -> list[int]:
    """The identities of every list and dict in ``value``, each time it is met."""
    found, stack = [], [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list):
            found.append(id(item))
            stack += list(item.values()) if isinstance(item, dict) else list(item)
    return found


def decoded(message: bytes, kept: bytes | None) -> tuple[dict, bytes | None, dict]:
    """What the bot's process reads from ``message`` (its own code): the observation, the
    public pickle it keeps afterwards and the request's line."""
    line, _, rest = message.partition(b"\n")
    request = json.loads(line)
    observation, kept = host.read_observation(request, io.BytesIO(rest), kept)
    return observation, kept, request


@pytest.mark.parametrize("scenario", ["tutorial", "indonesia-partners", "asean-plus-three"])
def test_the_bytes_sent_decode_to_what_observe_gives_each_seat(scenario):
    checked = 0
    for game in states(scenario):
        sent = kept = None  # the public pickle the tournament sent, the one the process kept
        public_sent = 0
        for country in game.country_ids:
            own, public = observation_apart_for(game, country, game.round)
            assert all(own[field] is None for field in PUBLIC_FIELDS)
            message, sent = sandbox.request_apart(7, own, public, "2", sent)
            observation, kept, request = decoded(message, kept)
            assert kept == sent
            public_sent += request["public"] > 0
            expected = observation_for(game, country, game.round)
            assert strictly_equal(observation, expected), country
            assert json.dumps(observation) == json.dumps(expected)  # the same order, too
            found = containers(observation)
            assert len(found) == len(set(found))  # no list or dict arrives shared
            checked += 1
        # every seat of the moment saw the same public fields: pickled and sent once
        assert public_sent == 1
    assert checked >= 5 * len(Game(load_scenario(resolve(scenario)), 3, 3).country_ids)


def test_observe_apart_is_observe_in_two_parts_the_public_one_kept_not_copied():
    for game in states("asean-plus-three"):
        parts = [observe_apart(game, country, game.round) for country in game.country_ids]
        assert all(public is parts[0][1] for _, public in parts)  # one object for every seat
        assert list(parts[0][1]) == list(PUBLIC_FIELDS)
        for country, (own, public) in zip(game.country_ids, parts, strict=True):
            own.update(public)
            assert strictly_equal(own, observe(game, country, game.round))
    assert any(parts[0][1]["agreements"])


def test_a_public_part_with_a_list_twice_is_pickled_without_memo():
    row = [0.5, 0.25]
    public = {"trust": [row, row], "countries": [{"id": "A"}, {"id": "B"}]}
    assert not sandbox.shares_nothing(public)
    copy = pickle.loads(sandbox.pickled_public(public))
    assert copy == public and copy["trust"][0] is not copy["trust"][1]
    alike = {"trust": [[0.5, 0.25], [0.5, 0.25]],
             "countries": [{"id": str(k), "human_capital": 0.5} for k in range(20)]}
    assert sandbox.shares_nothing(alike)
    copy = pickle.loads(sandbox.pickled_public(alike))
    assert copy == alike and copy["trust"][0] is not copy["trust"][1]
    assert len(sandbox.pickled_public(alike)) < len(sandbox.pickled(alike))  # keys once
    assert sandbox.pickled_public(alike) is sandbox.pickled_public(alike)  # made once
    looped: list = []
    looped.append(looped)
    assert not sandbox.shares_nothing({"loop": looped})


def test_the_controller_gives_a_bot_that_takes_it_apart_the_two_parts():
    class Apart(TakesObservationApart):
        def __init__(self):
            self.seen: list[tuple[dict, dict]] = []

        def act_apart(self, own, public):
            self.seen.append((own, public))
            return []

    game = Game(load_scenario(resolve("tutorial")), 2, 2)
    bots = {c: Apart() for c in game.country_ids}
    play_game(game, {c: BotController(bot) for c, bot in bots.items()})
    assert all(bot.seen for bot in bots.values())
    own, public = bots[game.country_ids[0]].seen[-1]
    assert list(own)[-2:] == ["seed", "proposals_allowed"]
    whole = dict(own)
    whole.update(public)
    assert list(whole) == list(own)  # the public fields in their places


ECHO = '''
class Echo:
    def act(self, observation):
        if observation.get("die"):
            import os
            os._exit(3)
        seen = repr(observation)  # values, types and order
        observation["trust"][0][0] = 99.0  # a bot may change its own copy...
        observation["countries"][0]["id"] = "XXX"
        observation["agreements"].append({"forged": True})
        observation["breaches_last_turn"].clear()
        del observation["trade"]
        return [{"seen": seen}]
'''


@pytest.fixture
def echo(tmp_path):
    sandbox.stop_keeping()
    sandbox.keep_processes()
    path = tmp_path / "echo.py"
    path.write_text(textwrap.dedent(ECHO))
    made: list[sandbox.SandboxedBot] = []

    def seats(count: int) -> list[sandbox.SandboxedBot]:
        new = [sandbox.SandboxedBot(path, "Echo", time_limit=10.0, load_time=60)
               for _ in range(count)]
        made.extend(new)
        return new

    yield seats
    for bot in made:
        bot.close()
    sandbox.stop_keeping()


def test_a_bot_that_changes_its_observation_changes_no_other_seats(echo):
    bots = echo(2)
    moments = 0
    for game in states("indonesia-partners"):
        for _ in range(2):  # the second time the process decodes the kept public pickle
            for bot, country in zip(bots, game.country_ids[:2], strict=True):
                parts = observation_apart_for(game, country, game.round)
                seen = bot.act_apart(*parts)[0]["seen"]
                assert seen == repr(observation_for(game, country, game.round))
        moments += 1
    assert bots[0].process is bots[1].process and moments == 5


def test_the_public_part_is_sent_again_to_a_new_process_and_after_a_new_game(echo):
    game = Game(load_scenario(resolve("tutorial")), 2, 2)
    first, second = echo(2)
    countries = game.country_ids
    own, public = observation_apart_for(game, countries[0], 0)
    assert first.act_apart(own, public)[0]["seen"] == repr(observation_for(game, countries[0], 0))
    with pytest.raises(sandbox.BotFailure) as failure:  # the process dies: a new one next time
        first.act_apart({"die": True}, public)
    assert failure.value.reason == "died"
    own, public = observation_apart_for(game, countries[1], 0)
    assert second.act_apart(own, public)[0]["seen"] == repr(observation_for(game, countries[1], 0))
    process = second.process
    first.close()
    second.close()  # the process is kept; the next game's first seat resets it
    third, = echo(1)
    own, public = observation_apart_for(game, countries[0], 0)
    assert third.act_apart(own, public)[0]["seen"] == repr(observation_for(game, countries[0], 0))
    assert third.process is process
    assert third.child is not None and third.child.public is sandbox.pickled_public(public)

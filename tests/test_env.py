"""The PettingZoo environment (issue 6): the PettingZoo API and seed tests, masks, rewards,
seeding, the AI's reasons, the policy bot (same observation as the environment, legal in a
tournament) and the example of docs/rl.md."""

from __future__ import annotations

import re
import subprocess
import sys
import warnings

import numpy as np
import pytest

pytest.importorskip("pettingzoo")
pytest.importorskip("gymnasium")

with warnings.catch_warnings():  # pettingzoo.test loads its deprecated environment modules
    warnings.simplefilter("ignore", DeprecationWarning)
    from pettingzoo.test import api_test, seed_test

from game.agents.bots.controller import BotController, observation_for
from game.env import env
from game.env.encoding import (
    action_layout,
    encode,
)
from game.env.policy_bot import (
    GreedyPolicyBot,
    RandomPolicyBot,
    greedy_policy,
    view_from_observation,
)
from game.rules.game import Game
from game.rules.protocol import play_game
from game.scenario.loading import load_scenario, resolve
from tests.conftest import ROOT

pytestmark = [
    # a Dict observation (with its mask) is what PettingZoo recommends for masked actions
    pytest.mark.filterwarnings("ignore:Observation is not a NumPy array:UserWarning"),
    pytest.mark.filterwarnings("ignore:Observation space for each agent:UserWarning"),
    # agents are named by their country's id, as everywhere else in the game
    pytest.mark.filterwarnings("ignore:We recommend agents to be named:UserWarning"),
]
SCENARIOS = ("tutorial", "indonesia-partners", "asean-plus-three")


def play(environment, seed=0, policy=None, check=None):
    """Play a whole game with random allowed actions (or ``policy``); the rewards summed per
    agent, and every action taken."""
    rng = np.random.default_rng(seed)
    environment.reset(seed=seed)
    totals = {agent: 0.0 for agent in environment.possible_agents}
    taken = []
    for agent in environment.agent_iter():
        observation, reward, termination, truncation, _ = environment.last()
        totals[agent] += reward
        if termination or truncation:
            environment.step(None)
            continue
        mask = observation["action_mask"]
        if check is not None:
            check(environment, agent, observation)
        action = int(rng.choice(np.flatnonzero(mask))) if policy is None else policy(observation, mask)
        assert mask[action] == 1
        taken.append((agent, action))
        environment.step(action)
    return totals, taken


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_pettingzoo_api_test_passes(scenario):
    api_test(env(scenario=scenario, turns=2), num_cycles=300)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_pettingzoo_seed_test_passes(scenario):
    seed_test(lambda: env(scenario=scenario, turns=2), num_cycles=300)


def test_an_agent_is_selected_only_with_a_choice_and_masks_hold():
    environment = env(scenario="indonesia-partners", turns=2)

    def check(environment, agent, observation):
        mask = observation["action_mask"]
        assert environment.observation_space(agent).contains(observation)
        assert mask[0] == 1 and mask[1:].any()

    play(environment, seed=3, check=check)


def test_a_masked_action_is_refused():
    environment = env(scenario="tutorial", turns=1)
    environment.reset(seed=1)
    mask = environment.observe(environment.agent_selection)["action_mask"]
    masked = int(np.flatnonzero(mask == 0)[0])
    with pytest.raises(ValueError, match="masked"):
        environment.step(masked)


@pytest.mark.parametrize("learners", [None, ["IDN"]])
def test_rewards_sum_to_the_final_score(learners):
    environment = env(scenario="indonesia-partners", turns=2, learners=learners)
    totals, _ = play(environment, seed=5)
    game = environment.unwrapped.game
    assert game.finished
    scores = game.scores()
    for agent, total in totals.items():
        assert total == pytest.approx(float(scores[game.index[agent]]), abs=1e-9)
    assert set(totals) == set(learners or game.country_ids)


def test_reset_with_a_seed_repeats_the_game_and_without_one_draws_another():
    environment = env(scenario="tutorial", turns=2)
    first, taken = play(environment, seed=11)
    hash_first = environment.unwrapped.game.state_hash()
    second, taken_again = play(environment, seed=11)
    assert taken == taken_again and first == second
    assert environment.unwrapped.game.state_hash() == hash_first
    environment.reset()
    assert environment.unwrapped.game.seed != 11


def test_learners_play_against_the_ai_and_see_its_reasons():
    environment = env(scenario="tutorial", turns=2, learners=["SAM"])
    environment.reset(seed=2)
    assert environment.agents == ["SAM"]
    reasons = []
    for _agent in environment.agent_iter():
        observation, _, termination, truncation, info = environment.last()
        reasons.extend(info.get("ai_reasons", []))
        if termination or truncation:
            environment.step(None)
            continue
        layout = action_layout(len(observation["menu"]))
        mask = observation["action_mask"]
        proposals = np.flatnonzero(mask[layout["propose"]: layout["accept"]])
        action = layout["propose"] + int(proposals[0]) if proposals.size else 0
        environment.step(action)
    assert reasons, "the AI answered SAM's proposals: its reasons are in infos"
    entry = reasons[0]
    assert entry["country"] != "SAM" and {"accept", "utility", "threshold", "reasons"} <= set(entry)


def test_the_policy_bot_sees_what_the_environment_shows():
    """At every decision the bot's encoding of the bot observation equals the environment's."""
    environment = env(scenario="indonesia-partners", turns=2)

    def check(environment, agent, observation):
        raw = environment.unwrapped
        view = raw.view(agent)
        bot_observation = observation_for(raw.game, agent, raw.game.round)
        # a bot decides all its clauses in one decision; here some may be decided already
        bot_observation["obligations"] = [
            o for o in bot_observation["obligations"]
            if (o["agreement"], o["clause"], agent) not in raw.game.decisions
        ]
        mine, _ = encode(view_from_observation(bot_observation, view.proposed), raw.menu_size)
        assert np.array_equal(mine["action_mask"], observation["action_mask"])
        for key, value in observation.items():
            np.testing.assert_allclose(mine[key], value, atol=1e-4, err_msg=key)

    play(environment, seed=4, check=check)


@pytest.mark.parametrize("bot", [RandomPolicyBot, GreedyPolicyBot])
def test_policy_bots_play_a_game_without_a_forfeit(bot):
    game = Game(load_scenario(resolve("indonesia-partners")), 3, 2)
    controllers = {c: BotController(bot()) for c in game.country_ids}
    play_game(game, controllers)
    assert game.finished
    assert all(not c.forfeits for c in controllers.values())
    assert any(c.decisions for c in controllers.values())


def test_a_policy_bot_enters_a_tournament(tmp_path):
    from game.tools.cli import main

    spec = f"{ROOT / 'game' / 'env' / 'policy_bot.py'}:GreedyPolicyBot"
    argv = ["tournament", "--scenario", "tutorial", "--games", "1", "--turns", "1",
            "--in-process", "--bot", spec, "--bot", "cooperator", "--out", str(tmp_path)]
    assert main(argv) == 0
    assert "GreedyPolicyBot" in (tmp_path / "leaderboard.csv").read_text()


def test_greedy_beats_random_on_the_tutorial():
    random_totals, _ = play(env(scenario="tutorial", turns=2), seed=7)
    greedy_totals, _ = play(env(scenario="tutorial", turns=2), seed=7, policy=greedy_policy)
    assert sum(greedy_totals.values()) > sum(random_totals.values())


def test_the_example_in_docs_runs(capsys):
    text = (ROOT / "docs" / "rl.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) == 1
    exec(compile(blocks[0], "docs/rl.md", "exec"), {"__name__": "docs_rl"})
    printed = capsys.readouterr().out
    assert "random" in printed and "greedy" in printed


def test_the_game_does_not_import_pettingzoo():
    code = ("import sys, game.rules.game, game.agents.ai, game.tools.cli, game.env, "
            "game.env.policy_bot; "
            "assert not {'pettingzoo', 'gymnasium'} & set(sys.modules), sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


@pytest.mark.parametrize("arguments", [{"learners": ["XXX"]}, {"learners": []},
                                       {"difficulty": "impossible"}])
def test_bad_arguments_are_refused(arguments):
    with pytest.raises(ValueError):
        env(scenario="tutorial", **arguments)

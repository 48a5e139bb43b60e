"""A trained policy as a tournament bot: ``PolicyBot`` turns the bot observation into the
environment's numeric observation and mask, asks the policy one action at a time (as the
environment does) until it passes, and returns the actions.

Use it from your own file (``run_game.py tournament --bot my_bot.py:MyBot``)::

    from game.env.policy_bot import PolicyBot

    class MyBot(PolicyBot):
        def policy(self, observation, mask):
            return int(mask.nonzero()[0][-1])

or wrap any callable ``policy(observation, mask) -> action``: ``MyBot = policy_bot(my_policy)``.
Two ready bots: ``game/env/policy_bot.py:RandomPolicyBot`` and ``...:GreedyPolicyBot``.
This module needs numpy only (not pettingzoo), so a bot's process starts fast.

One difference from the environment: within one decision the bot keeps the projected values
it was given at the start of that decision, while the environment recomputes them when an
agreement is concluded in between.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from game.agents.bots.base import Bot
from game.env.encoding import (
    DEFAULT_MENU_SIZE,
    VALID,
    VALUE,
    Obligation,
    Offer,
    View,
    action_layout,
    encode,
    to_action,
)
from game.model.state import SCORE_TERMS
from game.rules.agreements import Clause

#: At most this many actions in one decision (the bot interface allows 200).
MAXIMUM_ACTIONS = 100

Policy = Callable[[dict[str, np.ndarray], np.ndarray], int]


def view_from_observation(observation: dict[str, Any], proposed: set) -> View:
    """The encoder's view of a bot observation (``game.agents.bots.controller.observation_for``)."""
    country = observation["country"]
    ids = list(observation["country_ids"])
    me = ids.index(country)
    mine = observation["me"]
    phase = observation["phase"]
    view = View(
        country_ids=ids, country=country, phase=phase, turn=observation["turn"],
        last_turn=observation["last_turn"], round=observation.get("round", 0),
        delegations_left=mine["delegations_left"],
        proposals_allowed=bool(observation.get("proposals_allowed", False)),
        score=mine["score"], terms=[mine["terms"][t] for t in SCORE_TERMS],
        gdp=observation["countries"][me]["gdp"],
        trust=np.array(observation["trust"], dtype=float),
        trade=np.array(observation["trade"], dtype=float),
        proposed=proposed,
    )
    if phase == "diplomacy":
        view.offers = [
            Offer(n["id"], tuple(n["parties"]), tuple(Clause.from_dict(c) for c in n["clauses"]),
                  n["duration"], n["offers_left"], n.get("my_value") or 0.0)
            for n in observation["negotiations"] if n["waiting_for_me"]
        ]
        view.menu = [(tuple(m["parties"]), tuple(Clause.from_dict(c) for c in m["clauses"]))
                     for m in observation["menu"]]
        view.menu_values = [m.get("my_value") or 0.0 for m in observation["menu"]]
    elif phase == "compliance":
        view.obligations = [
            Obligation(o["agreement"], o["clause"], (country, *o["partners"]), Clause.from_dict(o))
            for o in observation["obligations"]
        ]
    return view


class PolicyBot(Bot):
    """A bot that plays a policy over the environment's observations: override ``policy``."""

    name = "policy"
    menu_size = DEFAULT_MENU_SIZE

    def __init__(self) -> None:
        self.proposed: dict[int, set] = {}
        self.rng = np.random.default_rng(0)
        self.seeded = False

    def policy(self, observation: dict[str, np.ndarray], mask: np.ndarray) -> int:
        """The action for this observation; the default picks a random allowed one."""
        return int(self.rng.choice(np.flatnonzero(mask)))

    def act(self, observation: dict[str, Any]) -> list[dict[str, Any]]:
        if not self.seeded:  # reproducible: from the game's seed and the country played
            self.seeded = True
            country = sum(ord(c) for c in observation["country"])
            self.rng = np.random.default_rng([int(observation.get("seed", 0)), country])
        proposed = self.proposed.setdefault(observation["turn"], set())
        view = view_from_observation(observation, proposed)
        layout = action_layout(self.menu_size)
        actions: list[dict[str, Any]] = []
        while len(actions) < MAXIMUM_ACTIONS:
            encoded, slots = encode(view, self.menu_size)
            mask = encoded["action_mask"]
            if not mask[1:].any():
                break
            choice = int(self.policy(encoded, mask))
            if not 0 <= choice < len(mask) or not mask[choice]:
                break  # a masked action: the policy passes
            record = to_action(choice, view, slots, self.menu_size)
            if record is None:
                break
            actions.append(record)
            if record["type"] == "propose":
                proposed.add(slots["menu"][choice - layout["propose"]])
                view.delegations_left -= 1
                view.proposals_allowed = view.delegations_left > 0
            elif record["type"] == "comply":
                view.obligations.remove(slots["obligations"][
                    choice - (layout["keep"] if record["keep"] else layout["break"])])
            else:
                view.offers.pop(0)
        return actions


def random_policy(observation: dict[str, np.ndarray], mask: np.ndarray,
                  rng: np.random.Generator | None = None) -> int:
    """A random allowed action."""
    return int((rng or np.random.default_rng()).choice(np.flatnonzero(mask)))


def greedy_policy(observation: dict[str, np.ndarray], mask: np.ndarray) -> int:
    """Accept an offer worth something to you, else reject it; propose the menu candidate of
    highest projected value if it is positive; keep every clause; otherwise pass."""
    layout = action_layout(len(observation["menu"]))
    offer = observation["offer"]
    if mask[layout["accept"]]:
        return layout["accept"] if offer[VALUE] > 0 else layout["reject"]
    menu = observation["menu"]
    values = np.where(mask[layout["propose"]: layout["accept"]] == 1, menu[:, VALUE], -np.inf)
    if values.size and values.max() > 0 and menu[int(values.argmax()), VALID]:
        return layout["propose"] + int(values.argmax())
    keep = np.flatnonzero(mask[layout["keep"]: layout["break"]])
    if keep.size:
        return layout["keep"] + int(keep[0])
    return layout["pass"]


def policy_bot(policy: Policy, name: str = "policy") -> type[PolicyBot]:
    """A PolicyBot class that plays ``policy`` (for ``--bot file.py:ClassName``)."""
    return type(f"{name.title()}Bot", (PolicyBot,), {
        "name": name, "policy": lambda self, observation, mask: int(policy(observation, mask)),
    })


class RandomPolicyBot(PolicyBot):
    """Random allowed actions (seeded from the game's seed and its country)."""

    name = "random-policy"


class GreedyPolicyBot(PolicyBot):
    """``greedy_policy``: takes what its projections say is good for it, keeps its word."""

    name = "greedy-policy"

    def policy(self, observation: dict[str, np.ndarray], mask: np.ndarray) -> int:
        return greedy_policy(observation, mask)

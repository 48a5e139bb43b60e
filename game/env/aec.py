"""Diplomasi as a PettingZoo AEC environment (needs the ``rl`` extra: pettingzoo, gymnasium).

One agent per learner country; the built-in AI (``AINegotiator``, one for all of them, as in
a class's session) plays every other country. The turn is played by the protocol's driver
(``game.rules.protocol``), as a class plays it: learners are its human seats. The computers play
the scheduled diplomacy rounds, then the learners act in the open floor (one agent after the
other, in scenario order; the computers answer each action at once), then the round for answers
only, then compliance (the computers first, then the learners). A learner acts one action at a
time until it passes or has nothing left to do (no delegation, offer or obligation): the agent
is selected only when it has a choice besides passing; an offer that reaches a learner after it
passed selects it again. With ``ai_only`` the AI plays every seat (``reset`` plays the
whole game: a check that the environment plays the game the driver plays). Rewards: at each
resolution every agent receives its score change (the first one from a score of 0), so the
rewards of a game sum to the final score. ``infos[agent]["ai_reasons"]`` holds the AI's
decisions this turn on the negotiations the agent is party to, with their reasons.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv
from pettingzoo.utils import wrappers

from game.agents.ai import AINegotiator
from game.agents.bots.controller import proposals_allowed
from game.agents.observation import menu as menu_candidates
from game.agents.projection import project_terms
from game.env.encoding import (
    DEFAULT_MENU_SIZE,
    Obligation,
    Offer,
    View,
    action_layout,
    encode,
    indicator_width,
    item_width,
    to_action,
)
from game.model.state import SCORE_TERMS
from game.rules import actions as act
from game.rules.game import Game, Phase
from game.rules.protocol import Driver
from game.rules.records import records
from game.scenario.loading import load_scenario, resolve


def env(**kwargs: Any) -> AECEnv:
    """The environment, wrapped as PettingZoo recommends (see ``DiplomasiEnv`` for arguments)."""
    environment: AECEnv = DiplomasiEnv(**kwargs)
    return wrappers.OrderEnforcingWrapper(environment)


class DiplomasiEnv(AECEnv):
    """A Diplomasi game as an AEC environment.

    ``scenario``: a built-in scenario id or a path; ``seed``: the game's seed when ``reset`` is
    given none (default: the scenario's); ``difficulty`` of the AI; ``learners``: the countries
    the agents play (default: all); ``menu_size`` K: slots for proposals, counters and
    obligations; ``turns``: play fewer turns than the scenario (for fast tests); ``ai_only``:
    no agents, the AI plays every seat (``reset`` plays the whole game).
    """

    metadata: ClassVar[dict[str, Any]] = {
        "name": "diplomasi_v0", "render_modes": [], "is_parallelizable": False,
    }

    def __init__(self, scenario: str = "tutorial", seed: int | None = None,
                 difficulty: str = "normal", learners: list[str] | None = None,
                 menu_size: int = DEFAULT_MENU_SIZE, turns: int | None = None,
                 render_mode: str | None = None, ai_only: bool = False):
        super().__init__()
        self.loaded = load_scenario(resolve(scenario))
        self.scenario_id = scenario
        self.seed = seed
        self.difficulty = difficulty
        self.turns = turns
        self.menu_size = menu_size
        self.render_mode = render_mode
        country_ids = [c.id for c in self.loaded.scenario.countries]
        chosen = country_ids if learners is None else list(learners)
        unknown = [c for c in chosen if c not in country_ids]
        if unknown or not chosen:
            raise ValueError(f"learners must be countries of {scenario}: {unknown or 'none given'}")
        if ai_only:
            chosen = []
        self.possible_agents = [c for c in country_ids if c in chosen]
        AINegotiator(difficulty)  # ValueError now for an unknown difficulty
        n = len(country_ids)
        width = item_width(n)
        k = menu_size
        floats = lambda shape: spaces.Box(-np.inf, np.inf, shape, np.float32)  # noqa: E731
        self._observation_space = spaces.Dict({
            "indicators": floats((indicator_width(len(SCORE_TERMS)),)),
            "trust_row": floats((n,)),
            "trust_column": floats((n,)),
            "dependency": floats((n,)),
            "offer": floats((width,)),
            "menu": floats((k, width)),
            "counters": floats((k, width)),
            "obligations": floats((k, width)),
            "action_mask": spaces.Box(0, 1, (action_layout(k)["size"],), np.int8),
        })
        self._action_space = spaces.Discrete(action_layout(k)["size"])
        self._rng: np.random.Generator | None = None
        self.game: Game | None = None

    def observation_space(self, agent: str) -> spaces.Space:
        return self._observation_space

    def action_space(self, agent: str) -> spaces.Space:
        return self._action_space

    # --- AEC API ---------------------------------------------------------------------------
    def reset(self, seed: int | None = None, options: dict | None = None) -> None:
        if seed is not None:
            self._rng = np.random.default_rng(seed)
            game_seed = int(seed)
        elif self._rng is not None:
            game_seed = int(self._rng.integers(2**31))
        else:
            self._rng = np.random.default_rng(self.seed)
            game_seed = self.seed
        self.game = Game(self.loaded, game_seed, self.turns)
        self.ai = AINegotiator(self.difficulty)
        computers = [c for c in self.game.country_ids if c not in self.possible_agents]
        self.driver = Driver(self.game, dict.fromkeys(computers, self.ai),
                             on_applied=self._note_reasons)
        self.agents = list(self.possible_agents)
        self.rewards = {a: 0.0 for a in self.agents}
        self._cumulative_rewards = {a: 0.0 for a in self.agents}
        self.terminations = {a: False for a in self.agents}
        self.truncations = {a: False for a in self.agents}
        self.infos = {a: {"ai_reasons": []} for a in self.agents}
        self._scores = np.zeros(len(self.game.country_ids))
        self._reports = 0
        self._passed = False
        self._menus: dict[str, tuple[Any, list, list[float]]] = {}
        self._offer_values: dict[tuple[int, int, int], np.ndarray] = {}
        self._current: tuple[View, dict[str, np.ndarray], dict[str, list]] | None = None
        self._pending = self._current
        self._schedule: Iterator[str] = self._play()
        self.agent_selection = self.agents[0] if self.agents else None
        self._advance()

    def observe(self, agent: str) -> dict[str, np.ndarray]:
        if self._current is not None and agent == self.agent_selection:
            return self._current[1]
        return encode(self.view(agent), self.menu_size)[0]

    def step(self, action: int | None) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        self._cumulative_rewards[agent] = 0.0
        self._clear_rewards()
        view, observation, slots = self._current  # type: ignore[misc]
        action = int(action)  # type: ignore[arg-type]
        if not 0 <= action < len(observation["action_mask"]) or not observation["action_mask"][action]:
            raise ValueError(f"action {action} is masked out for {agent}")
        record = to_action(action, view, slots, self.menu_size)
        if record is None:
            self._passed = True
        else:
            refusal = self.driver.act(agent, act.action_from_dict(record))
            if refusal is not None:  # the mask allows only legal actions
                raise ValueError(f"action {action} of {agent} was refused: {refusal}")
        self._advance()

    def render(self) -> None:
        return None

    def close(self) -> None:
        return None

    # --- the game loop ---------------------------------------------------------------------
    def _advance(self) -> None:
        """Play on to the next learner decision (or the end) and select that agent."""
        try:
            self.agent_selection = next(self._schedule)
            self._current = self._pending
            self.infos[self.agent_selection] = self._info(self.agent_selection)
        except StopIteration:
            self._current = None
            for agent in self.agents:
                self.terminations[agent] = True
            self.agent_selection = self.agents[0] if self.agents else None
        self._accumulate_rewards()

    def _has_choice(self, country: str) -> bool:
        if self._passed or country not in self.driver.deciding():
            return False
        view = self.view(country)
        observation, slots = encode(view, self.menu_size)
        self._pending = (view, observation, slots)
        return bool(observation["action_mask"][1:].any())

    def _play(self) -> Iterator[str]:
        """The driver's stops, one learner at a time: the first learner the game waits for
        acts until it passes (or has no choice left), then ends its phase."""
        game = self.game
        assert game is not None
        for waiting in self.driver.play():
            agent = waiting[0]
            self._passed = False
            while self._has_choice(agent):
                yield agent
                self._reward()
            self.driver.end(agent)
            self._reward()

    def _reward(self) -> None:
        """After a resolution: every agent's score change is its reward."""
        game = self.game
        if len(game.reports) == self._reports:  # type: ignore[union-attr]
            return
        self._reports = len(game.reports)  # type: ignore[union-attr]
        scores = game.scores()  # type: ignore[union-attr]
        for agent in self.agents:
            k = game.index[agent]  # type: ignore[union-attr]
            self.rewards[agent] += float(scores[k] - self._scores[k])
        self._scores = scores
        for agent in self.agents:
            self.infos[agent]["ai_reasons"] = []

    def _note_reasons(self, country: str, action: act.Action) -> None:
        if not isinstance(action, act.Accept | act.Reject | act.Counter):
            return
        decision = self.ai.last_decision(action.negotiation, action.country)
        if decision is None:
            return
        negotiation = self.game.negotiations[action.negotiation]  # type: ignore[union-attr]
        entry = {"negotiation": action.negotiation, "country": action.country,
                 "answer": type(action).__name__.lower(), **decision.to_dict()}
        for agent in negotiation.parties:
            if agent in self.infos:
                self.infos[agent]["ai_reasons"].append(entry)

    def _info(self, agent: str) -> dict[str, Any]:
        game = self.game
        assert game is not None
        return {"turn": game.turn, "phase": game.phase.value, "round": game.round,
                "ai_reasons": self.infos.get(agent, {}).get("ai_reasons", [])}

    # --- views -----------------------------------------------------------------------------
    def view(self, country: str) -> View:
        """What ``country`` knows now, for the encoder."""
        game = self.game
        assert game is not None
        me = game.index[country]
        state = game.state
        now = records(game).year(-1)
        trust = now["trust"]
        diplomacy = game.phase is Phase.DIPLOMACY
        delegations = game.delegations_left(country)
        view = View(
            country_ids=game.country_ids, country=country, phase=game.phase.value,
            turn=game.turn, last_turn=game.last_turn, round=game.round,
            delegations_left=delegations,
            proposals_allowed=proposals_allowed(game, country),
            score=float(now["score"][me]), terms=[float(x) for x in now["terms"][me]],
            gdp=float(state.gdp[0, me]), trust=trust, trade=state.exports[0],
        )
        if diplomacy:
            view.menu, view.menu_values = self._menu(country)
            view.proposed = {(n.parties, n.offers[0].clauses) for n in game.negotiations
                             if n.turn == game.turn and n.proposer == country}
            rounds_total = game.scenario.scenario.negotiation_rounds
            for n in game.open_negotiations(country):
                if country in n.waiting_for and n.current.by != country:
                    view.offers.append(Offer(n.id, n.parties, n.current.clauses, n.current.duration,
                                             rounds_total - len(n.offers),
                                             self._offer_value(n, me)))
        elif game.phase is Phase.COMPLIANCE:
            view.obligations = [
                Obligation(a.id, k, a.parties, a.clauses[k]) for a, k in game.obligations(country)
                if (a.id, k, country) not in game.decisions
            ]
        return view

    def _menu(self, country: str) -> tuple[list, list[float]]:
        game = self.game
        key = (game.turn, len(game.agreements))  # type: ignore[union-attr]
        cached = self._menus.get(country)
        if cached is None or cached[0] != key:
            candidates = menu_candidates(game, country)[: self.menu_size]  # type: ignore[arg-type]
            me = game.index[country]  # type: ignore[union-attr]
            values: list[float] = []
            if candidates:
                projected = project_terms(game, candidates).sum(axis=-1)[:, me]  # type: ignore[arg-type]
                values = [float(v) for v in projected[1:] - projected[0]]
            cached = (key, candidates, values)
            self._menus[country] = cached
        return cached[1], cached[2]

    def _offer_value(self, negotiation: Any, me: int) -> float:
        key = (negotiation.id, len(negotiation.offers), len(self.game.agreements))  # type: ignore[union-attr]
        if key not in self._offer_values:
            projected = project_terms(self.game, [(negotiation.parties, negotiation.current.clauses)])
            self._offer_values[key] = projected.sum(axis=-1)[1] - projected.sum(axis=-1)[0]
        return float(self._offer_values[key][me])

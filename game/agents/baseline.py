"""The baseline computer country: accepts what raises its projected score and proposes a few
plausible deals. A simple, honest player so that whole games run fast; the real AI is
``game.agents.ai.AINegotiator``."""

from __future__ import annotations

import numpy as np

from game.agents.observation import menu
from game.agents.projection import LOCAL_LIMIT, Candidate, candidate_values
from game.rules import actions as act
from game.rules.game import Game


class BaselinePolicy:
    """Accept offers with a positive projected gain; propose the menu item (trade, education
    and visas, or security with the largest partners; trade with the region) that gains most
    for the proposer among those for which every party gains. Always keeps its word."""

    name = "baseline"

    def __init__(self, horizon: int = 2):
        self.horizon = horizon
        self._game: Game | None = None
        self._turn = -1
        self._proposals: dict[str, act.Propose] = {}
        self._values: dict[int, np.ndarray] = {}
        self._values_key: tuple[int, int, int] = (-1, -1, -1)

    def diplomacy(self, game: Game, country: str, round_number: int) -> list[act.Action]:
        actions: list[act.Action] = []
        values = self.offer_values(game, round_number)
        me = game.index[country]
        for negotiation in game.open_negotiations(country):
            value = values.get(negotiation.id)
            waiting = country in negotiation.waiting_for and negotiation.current.by != country
            if waiting and value is not None:  # offers made this round are answered next round
                accept = value[me] > 0
                actions.append(act.Accept(country, negotiation.id) if accept
                               else act.Reject(country, negotiation.id))
        if round_number == 0 and game.delegations_left(country) > 0:
            proposal = self.proposals(game).get(country)
            if proposal is not None:
                actions.append(proposal)
        return actions

    def offer_values(self, game: Game, round_number: int) -> dict[int, np.ndarray]:
        """Projected value for every country of every open offer, from one batched projection
        as the round starts."""
        key = (game.turn, round_number, len(game.negotiations))
        if self._game is not game or self._values_key[:2] != key[:2]:
            offers = game.open_negotiations()
            candidates = [(n.parties, n.current.clauses) for n in offers]
            if len(game.index) > LOCAL_LIMIT:  # large scenarios: each on its neighbourhood
                values = [candidate_values(game, [c], self.horizon)[0] for c in candidates]
            else:
                values = candidate_values(game, candidates, self.horizon) if offers else []
            self._values = {n.id: value for n, value in zip(offers, values, strict=True)}
            self._values_key = key
        return self._values

    def proposals(self, game: Game) -> dict[str, act.Propose]:
        """Every country's best proposal this turn, from one batched projection of all their
        menus (valued as the turn's diplomacy starts)."""
        if self._game is not game or self._turn != game.turn:
            self._game, self._turn = game, game.turn
            self._values_key = (-1, -1, -1)
            menus = {c: menu(game, c) for c in game.country_ids}
            everything: list[Candidate] = [c for items in menus.values() for c in items]
            if len(game.index) > LOCAL_LIMIT:  # large scenarios: each menu on its neighbourhood
                values = np.concatenate([candidate_values(game, items, self.horizon)
                                         for items in menus.values() if items] or [[]])
            else:
                values = candidate_values(game, everything, self.horizon) if everything else []
            self._proposals = {}
            position = 0
            for country, items in menus.items():
                best, best_value = None, 0.0
                for parties, clauses in items:
                    value = values[position]
                    position += 1
                    gains = [value[game.index[p]] for p in parties]
                    if min(gains) > 0 and value[game.index[country]] > best_value:
                        best, best_value = (parties, clauses), float(value[game.index[country]])
                if best is not None:
                    self._proposals[country] = act.Propose(country, best[0], best[1], duration=5)
        return self._proposals

    def compliance(self, game: Game, country: str) -> list[act.Action]:
        """The baseline keeps its word."""
        return [act.Comply(country, a.id, k, True) for a, k in game.obligations(country)]

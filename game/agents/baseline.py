"""The baseline computer country: accepts what raises its projected score and proposes a few
plausible deals. A simple, honest player so that whole games run; the real AI builds on it."""

from __future__ import annotations

from game.agents.projection import Candidate, candidate_values
from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game, Status
from game.scenario.schema import ClauseKind

#: Partners considered for a proposal: the largest trade partners.
PARTNERS_CONSIDERED = 4


class BaselinePolicy:
    """Accept offers with a positive projected gain; propose trade, education and security
    deals to the largest partners, the best one for which every party gains."""

    name = "baseline"

    def __init__(self, horizon: int = 3):
        self.horizon = horizon

    def diplomacy(self, game: Game, country: str, round_number: int) -> list[act.Action]:
        actions: list[act.Action] = []
        waiting = [
            n for n in game.open_negotiations(country)
            if country in n.waiting_for and n.current.by != country
        ]
        if waiting:
            values = candidate_values(
                game, [(n.parties, n.current.clauses) for n in waiting], self.horizon
            )
            me = game.index[country]
            for negotiation, value in zip(waiting, values, strict=True):
                if value[me] > 0:
                    actions.append(act.Accept(country, negotiation.id))
                else:
                    actions.append(act.Reject(country, negotiation.id))
        if round_number == 0 and game.delegations_left(country) > 0:
            proposal = self.best_proposal(game, country)
            if proposal is not None:
                actions.append(proposal)
        return actions

    def candidates(self, game: Game, country: str) -> list[Candidate]:
        """Plausible deals: with each large trade partner, and with the whole region."""
        me = game.index[country]
        trade = game.state.exports[0, me] + game.state.exports[0, :, me]
        order = [int(k) for k in trade.argsort()[::-1] if k != me][:PARTNERS_CONSIDERED]
        partners = [game.country_ids[k] for k in order]
        packages = [
            (Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5),),
            (Clause(ClauseKind.EDUCATION_EXCHANGE, level=0.5),
             Clause(ClauseKind.VISA_FACILITATION, level=0.5)),
            (Clause(ClauseKind.SECURITY_COOPERATION, level=0.5),),
        ]
        result: list[Candidate] = [
            ((country, partner), package) for partner in partners for package in packages
        ]
        region = [c for c in game.country_ids if game.regions[c] == game.regions[country]]
        if 3 <= len(region) <= 12:
            result.append((tuple(region), packages[0]))
        return result

    def best_proposal(self, game: Game, country: str) -> act.Propose | None:
        candidates = self.candidates(game, country)
        if not candidates:
            return None
        values = candidate_values(game, candidates, self.horizon)
        best, best_value = None, 0.0
        for (parties, clauses), value in zip(candidates, values, strict=True):
            gains = [value[game.index[p]] for p in parties]
            if min(gains) > 0 and value[game.index[country]] > best_value:
                best, best_value = (parties, clauses), float(value[game.index[country]])
        if best is None:
            return None
        return act.Propose(country, best[0], best[1], duration=5)

    def compliance(self, game: Game, country: str) -> list[act.Action]:
        """The baseline keeps its word."""
        return [act.Comply(country, a.id, k, True) for a, k in game.obligations(country)]


def respond_to_all(game: Game, country: str) -> bool:
    """Whether the country still has offers waiting for its answer."""
    return any(
        country in n.waiting_for and n.current.by != country and n.status is Status.OPEN
        for n in game.open_negotiations(country)
    )

"""What the screens ask a session: the read models of ``game.session.views`` for its game and
its human seats, and the computer countries' advice (reasons, evaluations, "what would it
take?") when its controller gives them (``game.rules.protocol``'s optional protocols).

``Session`` takes these from ``Queries``, so that its own class is the scheduler and the
human's commands; a screen asks only these public questions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from game.model.state import SCORE_TERMS
from game.rules.agreements import Clause
from game.rules.game import Game, Negotiation
from game.rules.protocol import Advisor, Controller, Evaluator, Explainer, waiting_offers
from game.session import views
from game.session.views import ClauseChange, Step

if TYPE_CHECKING:
    pass


class Queries:
    """The screens' questions to a session (mixed into ``Session``)."""

    game: Game
    humans: list[str]
    controller: Controller | None
    classroom: Any

    def par_known(self) -> Any:  # the session's (game.session.par)
        raise NotImplementedError

    # --- what a human sees -------------------------------------------------------------------
    def inbox(self, country: str) -> list[Negotiation]:
        """Open negotiations waiting for ``country``'s answer."""
        return waiting_offers(self.game, country)

    def outgoing(self, country: str) -> list[Negotiation]:
        """Open negotiations where ``country``'s offer waits for others."""
        return [n for n in self.game.open_negotiations(country) if n.current.by == country]

    def this_turn(self, country: str) -> list[Negotiation]:
        """Every negotiation of this turn that ``country`` is a party to, newest first."""
        return [n for n in reversed(self.game.negotiations)
                if n.turn == self.game.turn and country in n.parties]

    def history(self, negotiation: int) -> list[Step]:
        return views.history(self.game, negotiation)

    def answer_of(self, negotiation: int, country: str) -> str | None:
        return views.answer_of(self.game, negotiation, country)

    def answered_offer(self, negotiation: int, country: str) -> int | None:
        return views.answered_offer(self.game, negotiation, country)

    def reasons(self, negotiation: int, country: str) -> Any | None:
        """Why a computer country answered as it did (the AI's Decision), or None."""
        if not isinstance(self.controller, Explainer):
            return None
        return self.controller.last_decision(negotiation, country)

    def evaluate(self, country: str, parties: tuple[str, ...], clauses: tuple[Clause, ...],
                 duration: int) -> Any | None:
        """How a computer country would see an offer (the AI's Decision), or None."""
        if not isinstance(self.controller, Evaluator) or country in self.humans:
            return None
        return self.controller.evaluate(self.game, country, tuple(parties), tuple(clauses), duration)

    def what_would_it_take(self, country: str, parties: tuple[str, ...],
                           clauses: tuple[Clause, ...], duration: int,
                           offers_made: int = 1) -> tuple[tuple[Clause, ...], int] | str | None:
        """The nearest version a computer country would accept: (clauses, duration), None if
        none is near, or "unavailable" when the AI cannot say (human partner, no AI)."""
        if not isinstance(self.controller, Advisor) or country in self.humans:
            return "unavailable"
        return self.controller.what_would_it_take(self.game, country, tuple(parties),
                                                  tuple(clauses), duration, offers_made=offers_made)

    def projected_effect(self, country: str, parties: tuple[str, ...],
                         clauses: tuple[Clause, ...]) -> dict[str, float]:
        """Projected change of each of ``country``'s score terms (after three years) if the
        agreement is made, against no change; "total" is their sum."""
        from game.agents.projection import project_terms

        terms = project_terms(self.game, [(tuple(parties), tuple(clauses))])
        me = self.game.index[country]
        change = terms[1, me] - terms[0, me]
        result = {term: float(change[k]) for k, term in enumerate(SCORE_TERMS)}
        result["total"] = float(change.sum())
        return result

    def compliance_values(self, country: str) -> dict[tuple[str, int], dict[str, Any]]:
        """Per obligation: what breaking it gains now and costs in trust, with whom."""
        from game.agents.projection import compliance_values

        return {(v["agreement"], v["clause"]): v for v in compliance_values(self.game, country)}

    def difference(self, negotiation: int) -> list[ClauseChange]:
        return views.difference(self.game, negotiation)

    # --- figures over time and the end of the game (game.session.views) ----------------------
    def indicators_by_year(self) -> list[dict[str, dict[str, Any]]]:
        return views.indicators_by_year(self.game)

    def series(self, measure: str) -> dict[str, list[float]]:
        return views.series(self.game, measure)

    def trust_towards(self, country: str) -> np.ndarray:
        return views.trust_towards(self.game, country)

    def relations(self, viewer: str) -> dict[str, dict[str, float]]:
        return views.relations(self.game, viewer)

    def groups(self, viewer: str) -> list[dict[str, Any]]:
        return views.groups(self.game, viewer)

    def leaderboard(self) -> list[dict[str, Any]]:
        return views.leaderboard(self.game, self.humans, self.par_known())

    def facts(self, country: str) -> dict[str, Any]:
        return views.facts(self.game, country, self.par_known())

    def awards(self) -> dict[str, str]:
        return views.awards(self.game, self.par_known())

    def nash_social_welfare(self) -> dict[str, float]:
        return views.nash_social_welfare(self.game)

    def results_csv(self, names: dict[str, str] | None = None) -> str:
        teams = getattr(self.classroom, "teams", {})
        return views.results_csv(self.game, self.humans, names, teams, self.par_known())

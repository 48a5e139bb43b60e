"""A predictable computer country for tests and demonstrations (no pygame): the headless
classroom tests and the game window's tests play their computer countries with it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from game.agents.ai import Decision, Reason
from game.rules import actions as act
from game.rules.agreements import Clause
from game.scenario.schema import ClauseKind


class ScriptedController:
    """A predictable computer country for tests and demonstrations: it refuses any offer with
    security cooperation, answers an offer with education exchange by a counter-offer (less
    education, plus trade), accepts everything else, sends the first human one trade offer on
    the first turn, and keeps its word. Its answers carry reasons, like the AI's."""

    def __init__(self, humans: list[str] | None = None):
        self.humans = humans or []
        self.decisions: dict[tuple[int, str], Decision] = {}

    def _decision(self, accept: bool, points: float, partner: str) -> Decision:
        reasons = (Reason("welfare", points + 1.0), Reason("distrust", -1.0, {"partner": partner}))
        return Decision(accept, points, 0.5, reasons)

    def diplomacy(self, game: Any, country: str, round_number: int) -> list[Any]:
        result = []
        for negotiation in game.open_negotiations(country):
            if country not in negotiation.waiting_for or negotiation.current.by == country:
                continue
            kinds = {c.kind for c in negotiation.current.clauses}
            by = negotiation.current.by
            if ClauseKind.SECURITY_COOPERATION in kinds:
                self.decisions[(negotiation.id, country)] = self._decision(False, -2.0, by)
                result.append(act.Reject(country, negotiation.id))
            elif ClauseKind.EDUCATION_EXCHANGE in kinds and len(negotiation.offers) == 1:
                changed = tuple(Clause(c.kind, level=0.3) if c.kind is ClauseKind.EDUCATION_EXCHANGE
                                else c for c in negotiation.current.clauses)
                if ClauseKind.TRADE_LIBERALISATION not in kinds:
                    changed += (Clause(ClauseKind.TRADE_LIBERALISATION, level=0.4),)
                self.decisions[(negotiation.id, country)] = self._decision(False, 0.2, by)
                result.append(act.Counter(country, negotiation.id, changed, negotiation.current.duration))
            else:
                self.decisions[(negotiation.id, country)] = self._decision(True, 1.5, by)
                result.append(act.Accept(country, negotiation.id))
        if round_number == 0 and game.turn == 1 and self.humans and country != self.humans[0] \
                and not any(n.proposer in game.country_ids and n.proposer != self.humans[0]
                            and self.humans[0] in n.parties for n in game.negotiations):
            result.append(act.Propose(country, (country, self.humans[0]),
                                      (Clause(ClauseKind.TRADE_LIBERALISATION, level=0.4),), 4))
        return result

    def compliance(self, game: Any, country: str) -> list[Any]:
        return [act.Comply(country, a.id, k, True) for a, k in game.obligations(country)]

    def last_decision(self, negotiation: int, country: str) -> Decision | None:
        return self.decisions.get((negotiation, country))

    def what_would_it_take(self, game: Any, country: str, parties: Any, clauses: Any, duration: int,
                           offers_made: int = 1) -> tuple[tuple[Any, ...], int]:
        return tuple(replace(c, level=0.3) if c.size == c.level else c for c in clauses), duration

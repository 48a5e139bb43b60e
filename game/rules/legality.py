"""Which actions the rules allow now: ``Game.legal`` and the checks behind it, each returning
``None`` or a ``Refusal`` (a translation key with its values). Mixed into ``Game``
(``game.rules.game``); nothing here changes the game."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.events import GLOBAL_EVENTS
from game.rules.moves import Phase, Refusal, Status
from game.scenario.schema import AMOUNT_CLAUSES, DIRECTED_CLAUSES, ClauseKind, EventKind

if TYPE_CHECKING:
    pass


class Legality:
    """The legality checks of a game (``self`` is the ``Game``)."""

    index: dict[str, int]
    country_ids: list[str]
    ended: set[str]
    phase: Phase
    round: int
    deck: dict[str, Any]
    events: list[Any]

    def legal(self, action: act.Action) -> Refusal | None:
        """None if the rules allow ``action`` now, else the reason they do not."""
        if isinstance(action, act.Moderate):
            return self._check_moderate(action)
        if isinstance(action, act.NextRound):
            return self._check_next_round(action)
        country = getattr(action, "country", None)
        if country not in self.index:
            return Refusal("unknown_country", {"country": str(country)})
        if self.finished:
            return Refusal("game_over")
        match action:
            case act.EndPhase():
                if country in self.ended:
                    return Refusal("already_ended")
                return None
            case act.Propose():
                return self._check_propose(action)
            case act.Counter() | act.Accept() | act.Reject() | act.Withdraw():
                return self._check_response(action)
            case act.Comply():
                return self._check_comply(action)
        return Refusal("unknown_action")

    def _check_propose(self, action: act.Propose) -> Refusal | None:
        if self.phase is not Phase.DIPLOMACY:
            return Refusal("not_diplomacy")
        if action.country in self.ended:
            return Refusal("already_ended")
        if self.answers_only:
            return Refusal("answers_only")
        if self.delegations_left(action.country) <= 0:
            return Refusal("no_delegations")
        parties = action.parties
        if len(parties) < 2:
            return Refusal("too_few_parties")
        if len(set(parties)) < len(parties):
            return Refusal("party_twice")
        unknown = [p for p in parties if p not in self.index]
        if unknown:
            return Refusal("unknown_country", {"country": unknown[0]})
        if action.country not in parties:
            return Refusal("proposer_not_party")
        return self.check_terms(parties, action.clauses, action.duration)

    def check_terms(self, parties: tuple[str, ...], clauses: tuple[Clause, ...],
                     duration: int) -> Refusal | None:
        """Why these terms are not allowed (the first fault found), or None. What each clause
        alone needs is worked out once a year (``_clause_verdict``): the AI checks thousands of
        packages a phase, made of the same few hundred clauses."""
        rules = self.rules_of_play
        if not 1 <= duration <= rules.maximum_duration:
            return Refusal("bad_duration", {"maximum": rules.maximum_duration})
        if not 1 <= len(clauses) <= rules.maximum_clauses:
            return Refusal("clause_count", {"maximum": rules.maximum_clauses})
        verdicts = self.cached("clause verdicts", dict, yearly=True)
        seen = []
        for clause in clauses:
            try:
                verdict = verdicts[clause]
            except KeyError:
                verdict = verdicts[clause] = self._clause_verdict(clause)
            key, finite, directed, fault = verdict
            if seen and key in seen:
                return Refusal("clause_twice", {"clause": clause.kind.value})
            seen.append(key)
            if not finite:
                return Refusal("bad_level")
            if directed and (clause.giver not in parties or clause.receiver not in parties):
                return Refusal("direction_not_parties", {"clause": clause.kind.value})
            if fault is not None:
                return Refusal(fault.key, dict(fault.values))
        return None

    def _clause_verdict(self, clause: Clause) -> tuple[tuple, bool, bool, Refusal | None]:
        """What ``check_terms`` needs of one clause, in the order it checks: the key it may
        appear once under, whether its level and amount are finite, whether it is directed
        (its giver and receiver must be parties), and the first fault of its own after that.
        Depends on GDP (money clauses' limits): kept for the year."""
        kind = clause.kind
        key = (kind, clause.giver, clause.receiver, clause.form)
        finite = math.isfinite(clause.level) and math.isfinite(clause.amount)
        directed = kind in DIRECTED_CLAUSES
        fault = None
        if directed:
            if clause.giver == clause.receiver:
                fault = Refusal("direction_same", {"clause": kind.value})
        elif clause.giver is not None or clause.receiver is not None:
            fault = Refusal("direction_not_allowed", {"clause": kind.value})
        if fault is None and finite:
            if kind in AMOUNT_CLAUSES:
                if clause.giver not in self.index or clause.receiver not in self.index:
                    return key, finite, True, None  # not parties of this game: refused as such
                gdp = self.cached("gdp as floats", lambda: self.state.gdp[0].tolist(), yearly=True)
                limit = self.rules_of_play.amount_limit(gdp[self.index[clause.giver]],
                                                        gdp[self.index[clause.receiver]])
                if not 0 < clause.amount <= limit:
                    fault = Refusal("bad_amount", {"clause": kind.value,
                                                   "maximum": round(limit, 2)})
            elif not 0 < clause.level <= 1:
                fault = Refusal("bad_level")
            if fault is None and clause.training and kind is not ClauseKind.TECHNOLOGY_TRANSFER:
                fault = Refusal("training_not_allowed")
        return key, finite, directed, fault

    def _check_response(self, action: act.Counter | act.Accept | act.Reject | act.Withdraw
                        ) -> Refusal | None:
        if self.phase is not Phase.DIPLOMACY:
            return Refusal("not_diplomacy")
        negotiation = self.negotiation(action.negotiation)
        if negotiation is None:
            return Refusal("no_such_negotiation", {"negotiation": action.negotiation})
        if negotiation.status is not Status.OPEN:
            return Refusal("negotiation_closed")
        if action.country not in negotiation.parties:
            return Refusal("not_a_party")
        own_offer = negotiation.current.by == action.country
        if isinstance(action, act.Withdraw):
            return None if own_offer else Refusal("not_your_offer")
        if own_offer:
            return Refusal("own_offer")
        if isinstance(action, act.Accept) and action.country in negotiation.accepted:
            return Refusal("already_accepted")
        if isinstance(action, act.Counter):
            rounds = self.rules_of_play.negotiation_rounds
            if len(negotiation.offers) >= rounds:
                return Refusal("no_rounds_left", {"rounds": rounds})
            return self.check_terms(negotiation.parties, action.clauses, action.duration)
        return None

    def _check_moderate(self, action: act.Moderate) -> Refusal | None:
        """The teacher may set off any card of the deck in the news or diplomacy phase, once a
        year, striking countries the card allows (its targets, or any country)."""
        if self.finished:
            return Refusal("game_over")
        if self.phase not in (Phase.NEWS, Phase.DIPLOMACY):
            return Refusal("moderator.not_now")
        card = self.deck.get(action.card)
        if card is None:
            return Refusal("moderator.unknown_card", {"card": str(action.card)})
        if any(e.card == card.id for e in self.events):
            return Refusal("moderator.already_this_year", {"card": card.id})
        swing = card.kind is EventKind.COMMODITY_PRICE_SWING
        if action.direction not in ((1.0, -1.0) if swing else (1.0,)):
            return Refusal("moderator.bad_direction")
        struck = tuple(action.countries)
        if card.kind in GLOBAL_EVENTS:
            return Refusal("moderator.strikes_everyone") if struck else None
        wanted = 2 if card.kind is EventKind.BORDER_TENSION else 1
        if len(struck) != wanted or len(set(struck)) != len(struck):
            return Refusal("moderator.two_countries" if wanted == 2 else "moderator.one_country")
        pool = card.targets or self.country_ids
        for country in struck:
            if country not in pool:
                return Refusal("moderator.not_a_target", {"country": str(country)})
        return None

    def _check_next_round(self, action: act.NextRound) -> Refusal | None:
        if self.phase is not Phase.DIPLOMACY:
            return Refusal("not_diplomacy")
        if action.round != self.round + 1 or action.round > self.floor_round + 1:
            return Refusal("bad_round", {"round": action.round})
        return None

    def _check_comply(self, action: act.Comply) -> Refusal | None:
        if self.phase is not Phase.COMPLIANCE:
            return Refusal("not_compliance")
        if action.country in self.ended:
            return Refusal("already_ended")
        bound = self.cached("bound", lambda: {
            (a.id, k, country) for country, pairs in self._all_obligations().items()
            for a, k in pairs
        })
        if (action.agreement, action.clause, action.country) in bound:
            return None
        return Refusal("not_bound", {"agreement": action.agreement, "clause": action.clause})


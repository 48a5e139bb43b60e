"""The built-in AI negotiator: it decides like a country with interests, and says why.

A thin class over the parts of the AI (``game.agents.ai``): it values candidates
(``valuation.Valuer``), answers offers (``answers``), proposes (``proposals``), keeps or
breaks clauses (``compliance``) and says why (``reasons``). It remembers which countries it
plays, the negotiations of the game it follows indexed by party, and the answers and
shortlists it worked out this turn; what it derives from a game is kept in its memo
(``game.agents.memo``), not on the game. See docs/ai.md.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from game.agents.ai import answers, compliance, proposals
from game.agents.ai.reasons import Decision, decide
from game.agents.ai.valuation import Evaluation, Valuer
from game.agents.ai.variants import distance, neighbours
from game.agents.projection import Candidate
from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game, Negotiation, Status


class AINegotiator(Valuer):
    """A computer country's negotiator at a difficulty ("easy", "normal" or "hard")."""

    def __init__(self, difficulty: str = "normal"):
        super().__init__(difficulty)
        self.name = f"ai:{difficulty}"
        self.decisions: dict[tuple[int, str], Decision] = {}
        self._game: Game | None = None
        self._declared: frozenset[str] = frozenset()  # the countries it was told it plays
        self._own: set[str] = set()
        self._turn = -1
        self._answers: dict[tuple[int, str, int], answers.Answer] = {}
        self._shortlists: dict[str, list[Candidate]] = {}
        self._indexed = 0  # negotiations of the game indexed by party so far
        self._by_party: dict[str, list[Negotiation]] = {}
        self._open_by_party: dict[str, list[Negotiation]] = {}  # the same, closed ones dropped

    # --- decisions and their reasons -------------------------------------------------------
    def decision(self, game: Game, country: str, evaluation: Evaluation, b: int,
                 threshold: float, utility: float | None = None) -> Decision:
        """The decision on entry ``b`` of an evaluation, with its reasons (``utility``: the
        entry's utility if the caller has it already)."""
        return decide(game, country, evaluation, b, threshold, utility)

    def evaluate(self, game: Game, country: str, parties: tuple[str, ...],
                 clauses: tuple[Clause, ...], duration: int = 5, offers_made: int = 1) -> Decision:
        """How ``country`` sees an agreement (for the UI's answers and "what would it take")."""
        del duration  # the projection horizon, not the duration, bounds what it weighs
        evaluation = self.evaluate_many(game, country, [(tuple(parties), tuple(clauses))])
        return self.decision(game, country, evaluation, 0,
                             self.threshold(game, country, offers_made))

    def last_decision(self, negotiation: int, country: str) -> Decision | None:
        """Why ``country`` answered negotiation ``negotiation`` as it did (its latest answer)."""
        return self.decisions.get((negotiation, country))

    # --- the Controller protocol -------------------------------------------------------------
    def diplomacy(self, game: Game, country: str, round_number: int) -> list[act.Action]:
        self._follow(game).add(country)
        actions: list[act.Action] = []
        for negotiation in self._open_negotiations(game, country):
            if country in negotiation.waiting_for and negotiation.current.by != country:
                actions.append(self.respond(game, country, negotiation))
        if round_number == 0:  # proposals open the phase; later rounds answer and counter
            actions.extend(self.propose(game, country))
        return actions

    def _open_negotiations(self, game: Game, country: str) -> list[Negotiation]:
        """``game.open_negotiations(country)``, from an index of the negotiations by party kept
        as they are opened (a world phase asks hundreds of times, of hundreds of negotiations).
        A negotiation once closed never opens again: those are dropped from the index of open
        ones as they are met."""
        self._follow(game)
        for negotiation in game.negotiations[self._indexed:]:
            for party in negotiation.parties:
                self._by_party.setdefault(party, []).append(negotiation)
                self._open_by_party.setdefault(party, []).append(negotiation)
        self._indexed = len(game.negotiations)
        result = [n for n in self._open_by_party.get(country, ()) if n.status is Status.OPEN]
        self._open_by_party[country] = result
        return list(result)

    def plays(self, countries: Iterable[str]) -> None:
        """Tell the negotiator every country it plays (the session and the runner do). It then
        works out their answers and proposals together from the first question on, so that its
        moves depend only on the game, never on which country it happened to be asked about
        first: a game loaded from its save goes on exactly as the uninterrupted one."""
        self._declared = frozenset(countries)
        self._game = None  # start afresh with the declared countries

    def _follow(self, game: Game) -> set[str]:
        """The countries this negotiator plays in ``game`` (those it was told, and any it is
        asked about), with the plans of the current turn reset when the game or the turn
        changes."""
        if self._game is not game or self._turn != game.turn:
            if self._game is not game:
                self._game, self._own = game, set(self._declared)
                self._indexed, self._by_party, self._open_by_party = 0, {}, {}
            self._turn, self._answers, self._shortlists = game.turn, {}, {}
        return self._own

    def respond(self, game: Game, country: str, negotiation: Negotiation) -> act.Action:
        """Accept, counter or walk away from the offer on the table.

        The answers of every country it plays that are waiting for one are worked out
        together (one full projection for all of them): the offer itself, and the few
        counter-offers that screening ranks best, so that the decision and its reasons come
        from the full model."""
        own = self._follow(game)
        key = (negotiation.id, country, len(negotiation.offers))
        if key not in self._answers:
            waiting = sorted(((c, n) for n in game.open_negotiations() for c in n.waiting_for
                              if (c in own or c == country) and n.current.by != c
                              and (n.id, c, len(n.offers)) not in self._answers),
                             key=lambda item: (game.index[item[0]], item[1].id))
            if (country, negotiation) not in waiting:
                waiting = [(country, negotiation)]
            self._answers.update(answers.work_out_answers(self, game, waiting,
                                                          self._open_negotiations))
        action, decision = self._answers[key]
        self.decisions[(negotiation.id, country)] = decision
        return action


    def propose(self, game: Game, country: str) -> list[act.Action]:
        """The best proposals it can make with the delegations it has left.

        The shortlists of every country it plays are drawn up together as the phase opens:
        every candidate screened, the best few per country confirmed with one full projection
        for all of them; the proposals are chosen from the confirmed values."""
        left = game.delegations_left(country)
        if left <= 0:
            return []
        own = self._follow(game)
        if country not in self._shortlists:
            countries = [c for c in game.country_ids if (c in own or c == country)
                         and c not in self._shortlists and game.delegations_left(c) > 0]
            menus = [self.candidates(game, c) for c in countries]
            self._shortlists.update(proposals.draw_up_shortlists(self, game, countries, menus))
        chosen: list[act.Action] = []
        busy = {p for n in self._open_negotiations(game, country) for p in n.parties
                if p != country}
        for parties, clauses in self._shortlists[country]:
            if len(chosen) >= left:
                break
            if busy & set(parties) - {country}:
                continue
            busy.update(p for p in parties if p != country)
            chosen.append(act.Propose(country, parties, clauses, duration=5))
        return chosen

    def candidates(self, game: Game, country: str) -> list[Candidate]:
        """Partners × clause packages × levels, plus regional and multilateral deals (the legal
        ones): ``proposals.candidates``."""
        if self._game is game:  # the negotiations of the game it follows are indexed by party
            self._open_negotiations(game, country)
            mine = self._by_party.get(country, [])
        else:
            mine = game.negotiations
        return proposals.candidates(self, game, country, mine)

    def compliance(self, game: Game, country: str) -> list[act.Action]:
        """Keep or break each clause: break only when the projected gain beats its honesty, or
        when a partner of that agreement broke its word to it last turn (reciprocity).

        The obligations of every country it plays are projected together at its first
        decision of the turn (``compliance_changes``: in large scenarios one batch for all of
        them, kept for the turn); the values of a country do not depend on which it was
        asked about first."""
        own = self._follow(game)
        countries = [c for c in game.country_ids if c in own or c == country]
        return compliance.compliance(self, game, country, countries)

    # --- what would it take -------------------------------------------------------------------
    def what_would_it_take(self, game: Game, country: str, parties: tuple[str, ...],
                           clauses: tuple[Clause, ...], duration: int = 5,
                           offers_made: int = 1) -> tuple[tuple[Clause, ...], int] | None:
        """The nearest version of an offer that ``country`` would accept, or None."""
        memo = self.memo(game)
        first = neighbours(game, clauses, parties, memo)
        variants = [clauses, *first]
        for variant in first:
            variants.extend(neighbours(game, variant, parties, memo))
        unique = list(dict.fromkeys(variants))
        candidates = [(tuple(parties), v) for v in unique]
        evaluation = self.evaluate_many(game, country, candidates)
        threshold = self.threshold(game, country, offers_made)
        accepted = np.flatnonzero(evaluation.utility >= threshold)
        if accepted.size == 0:
            return None
        distances = np.array([distance(clauses, unique[b], game) for b in accepted])
        best = accepted[np.lexsort((-evaluation.utility[accepted], distances))[0]]
        return unique[best], duration


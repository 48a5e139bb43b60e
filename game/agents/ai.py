"""The built-in AI negotiator: it decides like a country with interests, and says why.

Utility of an agreement for a country = its projected score change over its horizon with the
agreement against without it (one batched model projection for all candidates at once), minus
the expected loss from partners breaking it (from the trust it holds in them), plus its
personality's leanings. Every decision carries its reasons: named terms (translation keys under
``reason.``) whose points add up exactly to the utility compared with the threshold. The
threshold falls as a negotiation runs out of rounds (time-dependent concession, Faratin, Sierra &
Jennings 1998). Counter-offers search the neighbourhood of an offer for a version that raises
its own utility while keeping the partner's estimated utility positive, with the Nash product as
the tie-break (Nash bargaining as the yardstick of a fair deal). See docs/ai.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.agents.personalities import DIFFICULTIES, LEANINGS, Difficulty, Leaning
from game.agents.projection import Candidate, compliance_terms, project_terms
from game.model import indicators
from game.model.indicators import quantised
from game.model.state import SCORE_TERMS
from game.rules import actions as act
from game.rules.agreements import Clause, step_variants
from game.rules.game import Game, Negotiation
from game.scenario.schema import AMOUNT_CLAUSES, AidForm, ClauseKind

CLAUSE_KINDS = list(ClauseKind)
#: An amount clause counts as "full" for leanings at this share of the receiver's GDP.
FULL_AMOUNT_SHARE = 0.005
#: Points of extra score a breach must bring, per unit of honesty, before a country breaks.
HONESTY_POINTS = 10.0


@dataclass(frozen=True)
class Reason:
    """One named part of a decision: a translation key under ``reason.``, its values, points."""

    key: str
    points: float
    values: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "points": self.points, "values": self.values}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reason:
        return cls(str(data["key"]), float(data["points"]), dict(data.get("values") or {}))


@dataclass(frozen=True)
class Decision:
    """A country's view of an offer: accept or not, the utility, the threshold and why."""

    accept: bool
    utility: float
    threshold: float
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"accept": self.accept, "utility": self.utility, "threshold": self.threshold,
                "reasons": [r.to_dict() for r in self.reasons]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decision:
        """The decision ``to_dict`` wrote (a saved game keeps the answers' reasons)."""
        return cls(bool(data["accept"]), float(data["utility"]), float(data["threshold"]),
                   tuple(Reason.from_dict(r) for r in data["reasons"]))


@dataclass
class Evaluation:
    """Utilities of many candidates for one country, with each part of them (vectorised)."""

    candidates: list[Candidate]
    terms: np.ndarray  # (B, terms): projected score-term changes for the country
    risk: np.ndarray  # (B,): expected loss from partners breaking (negative)
    leaning: np.ndarray  # (B,): personality's leanings
    dependency_partner: list[str | None]  # partner whose share rises most, per candidate

    @property
    def utility(self) -> np.ndarray:
        return self.terms.sum(axis=-1) + self.risk + self.leaning


class AINegotiator:
    """A computer country's negotiator at a difficulty ("easy", "normal" or "hard")."""

    def __init__(self, difficulty: str = "normal"):
        if difficulty not in DIFFICULTIES:
            raise ValueError(f"unknown difficulty {difficulty!r}: easy, normal or hard")
        self.difficulty: Difficulty = DIFFICULTIES[difficulty]
        self.name = f"ai:{difficulty}"
        self.decisions: dict[tuple[int, str], Decision] = {}

    # --- evaluation ------------------------------------------------------------------------
    def leaning(self, game: Game, country: str) -> Leaning:
        return LEANINGS[game.scenario.countries[game.index[country]].personality]

    def evaluate_many(self, game: Game, country: str, candidates: list[Candidate],
                      terms: np.ndarray | None = None) -> Evaluation:
        """Utilities of ``candidates`` for ``country`` (``terms`` from one shared projection)."""
        if terms is None:
            terms = project_terms(game, candidates, self.difficulty.horizon)
        me = game.index[country]
        leaning = self.leaning(game, country)
        change = terms[1:, me] - terms[0, me]
        change = quantised(change * personal_weights(leaning))
        trust_row = indicators.trust_row(game.state, me)
        membership = np.zeros((len(candidates), len(game.index)))
        benefit = np.zeros((len(candidates), len(CLAUSE_KINDS)))
        gdp = game.state.gdp[0]
        for b, (parties, clauses) in enumerate(candidates):
            membership[b, [game.index[p] for p in parties if p != country]] = 1.0
            for clause in clauses:
                benefit[b, CLAUSE_KINDS.index(clause.kind)] += _received(clause, country, gdp,
                                                                         game.index)
        partners = np.maximum(membership.sum(axis=1), 1.0)
        distrust = (membership * (1.0 - trust_row)).sum(axis=1) / partners
        gain = np.maximum(change.sum(axis=1), 0.0)
        risk = quantised(-leaning.risk_aversion * distrust * gain)
        values = np.array([leaning.values.get(kind, 0.0) for kind in CLAUSE_KINDS])
        leaning_points = quantised(benefit @ values)
        return Evaluation(candidates, change, risk, leaning_points,
                          self._dependency_partners(game, country, candidates))

    def _dependency_partners(self, game: Game, country: str, candidates: list[Candidate]
                             ) -> list[str | None]:
        """For naming the dependency reason: the partner with the largest import share."""
        me = game.index[country]
        shares = indicators.partner_shares(game.state.exports)[0, :, me]
        names = []
        for parties, _ in candidates:
            others = [p for p in parties if p != country]
            names.append(max(others, key=lambda p: shares[game.index[p]]) if others else None)
        return names

    def threshold(self, game: Game, country: str, offers_made: int) -> float:
        """The utility needed to accept after ``offers_made`` offers: the aspiration, falling
        to zero at the last round as (1 − t^(1/β)) (Faratin, Sierra & Jennings 1998)."""
        leaning = self.leaning(game, country)
        rounds = max(game.scenario.scenario.negotiation_rounds, 1)
        t = min(max(offers_made - 1, 0) / max(rounds - 1, 1), 1.0)
        return float(quantised(np.array(leaning.aspiration * (1.0 - t ** (1.0 / leaning.concession)))))

    def decision(self, game: Game, country: str, evaluation: Evaluation, b: int,
                 threshold: float) -> Decision:
        """The decision on candidate ``b`` of an evaluation, with its reasons."""
        reasons = []
        for k, term in enumerate(SCORE_TERMS):
            points = float(evaluation.terms[b, k])
            if points == 0.0:
                continue
            if term == "independence" and points < 0 and evaluation.dependency_partner[b]:
                reasons.append(Reason("dependency", points,
                                      {"partner": evaluation.dependency_partner[b]}))
            else:
                reasons.append(Reason(term, points))
        if evaluation.risk[b] != 0.0:
            parties = [p for p in evaluation.candidates[b][0] if p != country]
            me = game.index[country]
            trust_row = indicators.trust_row(game.state, me)
            least = min(parties, key=lambda p: trust_row[game.index[p]])
            reasons.append(Reason("distrust", float(evaluation.risk[b]), {"partner": least}))
        if evaluation.leaning[b] != 0.0:
            personality = game.scenario.countries[game.index[country]].personality.value
            reasons.append(Reason("leaning", float(evaluation.leaning[b]),
                                  {"personality": personality}))
        utility = float(evaluation.utility[b])
        return Decision(utility >= threshold, utility, threshold, tuple(reasons))

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
        actions: list[act.Action] = []
        for negotiation in game.open_negotiations(country):
            if country in negotiation.waiting_for and negotiation.current.by != country:
                actions.append(self.respond(game, country, negotiation))
        if round_number == 0:  # proposals open the phase; later rounds answer and counter
            actions.extend(self.propose(game, country))
        return actions

    def respond(self, game: Game, country: str, negotiation: Negotiation) -> act.Action:
        """Accept, counter or walk away from the offer on the table."""
        offer = negotiation.current
        offers_made = len(negotiation.offers)
        variants = [(negotiation.parties, offer.clauses)]
        rounds_left = game.scenario.scenario.negotiation_rounds - offers_made
        if rounds_left > 0:
            variants += [(negotiation.parties, v) for v in neighbours(game, offer.clauses,
                                                                      negotiation.parties)]
        terms = project_terms(game, variants, self.difficulty.horizon)
        mine = self.evaluate_many(game, country, variants, terms)
        threshold = self.threshold(game, country, offers_made)
        decision = self.decision(game, country, mine, 0, threshold)
        self.decisions[(negotiation.id, country)] = decision
        if decision.accept:
            return act.Accept(country, negotiation.id)
        if rounds_left > 0:
            theirs = self._estimate_others(game, country, variants, terms, negotiation.parties)
            utility = mine.utility
            next_threshold = self.threshold(game, country, offers_made + 1)
            viable = (utility[1:] >= max(next_threshold, 0.0)) & (theirs[1:] > 0)
            if viable.any():
                nash = np.where(viable, np.maximum(utility[1:], 0) * np.maximum(theirs[1:], 0), -1)
                best = int(np.argmax(nash)) + 1
                return act.Counter(country, negotiation.id, variants[best][1], offer.duration)
        return act.Reject(country, negotiation.id)

    def _estimate_others(self, game: Game, country: str, candidates: list[Candidate],
                         terms: np.ndarray, parties: tuple[str, ...]) -> np.ndarray:
        """(B,): the lowest estimated utility among the other parties of each candidate."""
        others = [p for p in parties if p != country]
        if not others:
            return np.zeros(len(candidates))
        if self.difficulty.models_others:
            values = np.stack([self.evaluate_many(game, p, candidates, terms).utility
                               for p in others])
        else:
            columns = [game.index[p] for p in others]
            values = (terms[1:, columns].sum(axis=-1) - terms[0, columns].sum(axis=-1)).T
        return values.min(axis=0)

    def propose(self, game: Game, country: str) -> list[act.Action]:
        """The best proposals it can make with the delegations it has left."""
        left = game.delegations_left(country)
        if left <= 0:
            return []
        candidates = self.candidates(game, country)
        if not candidates:
            return []
        terms = project_terms(game, candidates, self.difficulty.horizon)
        utility = self.evaluate_many(game, country, candidates, terms).utility
        aspiration = self.threshold(game, country, 1)
        others = np.zeros((len(candidates), len(game.index)), dtype=bool)
        for b, (parties, _) in enumerate(candidates):
            others[b, [game.index[p] for p in parties if p != country]] = True
        if self.difficulty.models_others:
            everyone = np.flatnonzero(others.any(axis=0))
            gains = np.full(others.shape, np.inf)
            for k in everyone:
                gains[:, k] = self.evaluate_many(game, game.country_ids[k], candidates,
                                                 terms).utility
        else:
            gains = terms[1:].sum(axis=-1) - terms[0].sum(axis=-1)
        theirs = np.where(others, gains, np.inf).min(axis=1)
        viable = (utility >= aspiration) & (theirs > 0)
        ranking = np.lexsort((-np.maximum(theirs, 0) * np.maximum(utility, 0), -utility))
        chosen: list[act.Action] = []
        busy = {p for n in game.open_negotiations(country) for p in n.parties if p != country}
        for b in ranking:
            if not viable[b] or len(chosen) >= left:
                continue
            parties, clauses = candidates[b]
            if busy & set(parties) - {country}:
                continue
            busy.update(p for p in parties if p != country)
            chosen.append(act.Propose(country, parties, clauses, duration=5))
        return chosen

    def candidates(self, game: Game, country: str) -> list[Candidate]:
        """Partners × clause packages × levels, plus regional and multilateral deals."""
        me = game.index[country]
        trade = game.state.exports[0, me] + game.state.exports[0, :, me]
        order = [int(k) for k in np.argsort(-trade, kind="stable") if k != me]
        partners = [game.country_ids[k] for k in order[: self.difficulty.partners]]
        turned_down = {p for n in game.negotiations
                       if n.turn == game.turn and n.proposer == country and n.status.value
                       in ("rejected", "withdrawn") for p in n.parties}
        partners = [p for p in partners if p not in turned_down]
        result: list[Candidate] = []
        for partner in partners:
            for level in self.difficulty.levels:
                for package in packages(game, country, partner, level):
                    result.append(((country, partner), package))
        region = [c for c in game.country_ids if game.regions[c] == game.regions[country]]
        for level in self.difficulty.levels:
            trade_clause = Clause(ClauseKind.TRADE_LIBERALISATION, level=level)
            if 3 <= len(region) <= 10:
                result.extend((tuple(region), package) for package in (
                    (trade_clause,),
                    (Clause(ClauseKind.SECURITY_COOPERATION, level=level),),
                    (Clause(ClauseKind.EDUCATION_EXCHANGE, level=level),
                     Clause(ClauseKind.VISA_FACILITATION, level=level)),
                ))
            visa = Clause(ClauseKind.VISA_FACILITATION, level=level)
            for parties in multilateral_groups(game, country, partners):
                result.append((parties, (trade_clause, visa)))
        return [c for c in result if game.check_terms(c[0], c[1], 5) is None]

    def compliance(self, game: Game, country: str) -> list[act.Action]:
        """Keep or break each clause: break only when the projected gain beats its honesty, or
        when a partner of that agreement broke its word to it last turn (reciprocity)."""
        obligations, terms, _ = compliance_terms(game, country, self.difficulty.horizon)
        if not obligations:
            return []
        me = game.index[country]
        leaning = self.leaning(game, country)
        weights = personal_weights(leaning)
        gains = ((terms[1:, me] - terms[0, me]) * weights).sum(axis=-1)
        wronged_by = {c for _, _, c in (game.reports[-1].breaches if game.reports else [])
                      if c != country}
        actions: list[act.Action] = []
        for (agreement, k), gain in zip(obligations, gains, strict=True):
            margin = HONESTY_POINTS * leaning.honesty
            if wronged_by & set(agreement.parties):
                margin *= 0.2
            actions.append(act.Comply(country, agreement.id, k, keep=bool(gain <= margin)))
        return actions

    # --- what would it take -------------------------------------------------------------------
    def what_would_it_take(self, game: Game, country: str, parties: tuple[str, ...],
                           clauses: tuple[Clause, ...], duration: int = 5,
                           offers_made: int = 1) -> tuple[tuple[Clause, ...], int] | None:
        """The nearest version of an offer that ``country`` would accept, or None."""
        first = neighbours(game, clauses, parties)
        variants = [clauses, *first]
        for variant in first:
            variants.extend(neighbours(game, variant, parties))
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


def personal_weights(leaning: Leaning) -> np.ndarray:
    """(terms,): how much a personality counts each score term (1 = as the score does)."""
    weights = np.ones(len(SCORE_TERMS))
    weights[SCORE_TERMS.index("independence")] = leaning.dependency_weight
    weights[SCORE_TERMS.index("trust")] = leaning.trust_weight
    return weights


def multilateral_groups(game: Game, country: str, partners: list[str]) -> list[tuple[str, ...]]:
    """Groups of three or four across regions: the country with pairs of its main partners."""
    home = game.regions[country]
    abroad = [p for p in partners if game.regions[p] != home][:3]
    near = [p for p in partners if game.regions[p] == home][:2]
    groups: list[tuple[str, ...]] = []
    for a in range(len(abroad)):
        for b in range(a + 1, len(abroad)):
            groups.append((country, abroad[a], abroad[b]))
        for n in near:
            groups.append((country, n, abroad[a]))
    if near and len(abroad) >= 2:
        groups.append((country, near[0], abroad[0], abroad[1]))
    return groups


def _received(clause: Clause, country: str, gdp: np.ndarray, index: dict[str, int]) -> float:
    """How much of a clause's good ``country`` receives, 0..1 (for leanings)."""
    if clause.directed:
        if clause.receiver != country:
            return 0.0
        if clause.kind in AMOUNT_CLAUSES:
            return min(clause.amount / (FULL_AMOUNT_SHARE * gdp[index[country]]), 1.0)
    return clause.level


def packages(game: Game, country: str, partner: str, level: float) -> list[tuple[Clause, ...]]:
    """Clause packages between two countries at a level; richer and more advanced partners give
    investment, technology and aid."""
    i, j = game.index[country], game.index[partner]
    state = game.state
    gdp = state.gdp[0]
    per_person = gdp / state.population[0]
    tech = state.technology[0]
    richer, poorer = (country, partner) if per_person[i] >= per_person[j] else (partner, country)
    leader, follower = (country, partner) if tech[i] >= tech[j] else (partner, country)
    giver_gdp = gdp[game.index[richer]]
    amount = round(float(giver_gdp) * 0.002 * level, 3)
    trade = Clause(ClauseKind.TRADE_LIBERALISATION, level=level)
    result = [
        (trade,),
        (trade, Clause(ClauseKind.VISA_FACILITATION, level=level)),
        (Clause(ClauseKind.EDUCATION_EXCHANGE, level=level),
         Clause(ClauseKind.VISA_FACILITATION, level=level)),
        (Clause(ClauseKind.SECURITY_COOPERATION, level=level),),
    ]
    if tech[game.index[leader]] > tech[game.index[follower]] + 0.05:
        result.append((Clause(ClauseKind.TECHNOLOGY_TRANSFER, level=level, giver=leader,
                              receiver=follower, training=True),
                       Clause(ClauseKind.EDUCATION_EXCHANGE, level=level)))
    if amount > 0:
        result.append((trade, Clause(ClauseKind.INVESTMENT, amount=amount, giver=richer,
                                     receiver=poorer)))
        if per_person[game.index[richer]] > 2.0 * per_person[game.index[poorer]]:
            result.append((Clause(ClauseKind.DEVELOPMENT_AID, amount=amount / 2, giver=richer,
                                  receiver=poorer, form=AidForm.LOAN),))
    return result


def neighbours(game: Game, clauses: tuple[Clause, ...], parties: tuple[str, ...]
               ) -> list[tuple[Clause, ...]]:
    """Offers one step away (``step_variants``: each clause deeper or shallower, bigger or
    smaller, dropped, or a common clause added), or with technology transfer and training added
    either way between two parties; only legal ones."""
    result = step_variants(clauses, (0.5, 1.5),
                           lambda clause: game.amount_limit(clause.giver, clause.receiver))
    present = {c.kind for c in clauses}
    if len(parties) == 2:
        a, b = parties
        for giver, receiver in ((a, b), (b, a)):
            if ClauseKind.TECHNOLOGY_TRANSFER not in present:
                result.append((*clauses, Clause(ClauseKind.TECHNOLOGY_TRANSFER, level=0.5,
                                                giver=giver, receiver=receiver, training=True)))
    return [v for v in result if game.check_terms(parties, v, 5) is None]


def distance(original: tuple[Clause, ...], variant: tuple[Clause, ...], game: Game) -> float:
    """How far a variant is from an offer: level changes, amount changes (in hundredths of the
    giver's GDP) and one for each clause added or dropped."""
    def key(clause: Clause) -> tuple:
        return (clause.kind, clause.giver, clause.receiver, clause.form)

    before = {key(c): c for c in original}
    after = {key(c): c for c in variant}
    total = float(len(before.keys() ^ after.keys()))
    for shared in before.keys() & after.keys():
        a, b = before[shared], after[shared]
        total += abs(a.level - b.level)
        if a.kind in AMOUNT_CLAUSES:
            gdp = float(game.state.gdp[0, game.index[a.giver]])
            total += abs(a.amount - b.amount) / (0.01 * gdp)
    return total

"""The built-in AI negotiator: it decides like a country with interests, and says why.

Utility of an agreement for a country = its projected score change over its horizon with the
agreement against without it (batched model projections of many candidates at once), minus
the expected loss from partners breaking it (from the trust it holds in them), plus its
personality's leanings. Every decision carries its reasons: named terms (translation keys under
``reason.``) whose points add up exactly to the utility compared with the threshold. The
threshold falls as a negotiation runs out of rounds (time-dependent concession, Faratin, Sierra &
Jennings 1998). Counter-offers search the neighbourhood of an offer for a version that raises
its own utility while keeping the partner's estimated utility positive, with the Nash product as
the tie-break (Nash bargaining as the yardstick of a fair deal). Many candidates are first
screened (``game.agents.screening``: first order, shared units); only those it proposes,
counters with or answers are valued with the full model, and the answers and proposals of all
the countries it plays are worked out together, in one batch. See docs/ai.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import numpy as np

from game.agents.personalities import DIFFICULTIES, LEANINGS, Difficulty, Leaning
from game.agents.projection import (
    Candidate,
    Projected,
    candidate_rows,
    compliance_changes,
    project,
    project_terms,
    received_in_force,
)
from game.agents.screening import screen
from game.model import indicators
from game.model.indicators import quantised
from game.model.state import CHANNELS, SCORE_TERMS
from game.model.update import SATURATING_CHANNELS
from game.rules import actions as act
from game.rules.agreements import Clause, step_variants
from game.rules.game import Game, Negotiation, Status
from game.scenario.schema import AMOUNT_CLAUSES, DIRECTED_CLAUSES, AidForm, ClauseKind

CLAUSE_KINDS = list(ClauseKind)
#: An amount clause counts as "full" for leanings at this share of the receiver's GDP.
FULL_AMOUNT_SHARE = 0.005
#: Points of extra score a breach must bring, per unit of honesty, before a country breaks.
HONESTY_POINTS = 10.0
#: Candidates a proposer confirms with the full model beyond its delegations left, in case
#: screening misjudged one.
SPARE_PROPOSALS = 2
#: Counter-offers a responder confirms with the full model: the best few by screening.
COUNTERS_CONFIRMED = 3


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
    """Utilities of candidates as the countries weighing them see them, with each part of them
    (vectorised): entry p is candidate ``members[p]`` of ``candidates`` for ``evaluators[p]``."""

    candidates: list[Candidate]
    members: np.ndarray  # (P,) the candidate of each entry
    evaluators: np.ndarray  # (P,) the country weighing it
    terms: np.ndarray  # (P, terms): projected score-term changes for that country, weighted
    risk: np.ndarray  # (P,): expected loss from partners breaking (negative)
    leaning: np.ndarray  # (P,): personality's leanings
    dependency: np.ndarray  # (P,) the partner with the largest import share, -1 for none
    distrust: np.ndarray  # (P,) mean distrust in the other parties (the risk's factor)

    @property
    def utility(self) -> np.ndarray:
        return self.terms.sum(axis=-1) + self.risk + self.leaning


@dataclass(frozen=True)
class Profiles:
    """What every country weighs, as arrays by country (from the personalities and the
    year's state): term weights, points per clause kind received, risk aversion, the trust
    each holds in each, GDP and import shares."""

    weights: np.ndarray  # (n, terms)
    values: np.ndarray  # (n, kinds)
    risk_aversion: np.ndarray  # (n,)
    trust: np.ndarray  # (n, n) [i, j]: trust i holds in j
    gdp: np.ndarray  # (n,)
    shares: np.ndarray  # (n, n) [i, j]: share of j's imports that come from i

    @staticmethod
    def of(game: Game) -> Profiles:
        leanings = [LEANINGS[c.personality] for c in game.scenario.countries]
        return Profiles(
            np.array([personal_weights(leaning) for leaning in leanings]),
            np.array([[leaning.values.get(kind, 0.0) for kind in CLAUSE_KINDS]
                      for leaning in leanings]),
            np.array([leaning.risk_aversion for leaning in leanings]),
            indicators.trust(game.state)[0],
            game.state.gdp[0].copy(),
            indicators.partner_shares(game.state.exports)[0],
        )


@dataclass(frozen=True)
class CandidateTable:
    """Candidates as arrays, for valuing them for any country without a loop over them. The
    parties are kept as a flat list of (candidate, party) entries (a candidate has a few
    parties out of all the countries), by candidate, each candidate's in country order."""

    party: np.ndarray  # (M,) the country index of each (candidate, party) entry
    party_owner: np.ndarray  # (M,) the candidate of each entry
    party_start: np.ndarray  # (B,) the first entry of each candidate
    party_count: np.ndarray  # (B,) the number of parties of each candidate
    countries: int  # n, the number of countries
    owner: np.ndarray  # (C,) the candidate of each clause
    kind: np.ndarray  # (C,) position of the clause's kind in CLAUSE_KINDS
    receiver: np.ndarray  # (C,) index of the receiver of a directed clause, -1 for the others
    level: np.ndarray  # (C,)
    amount: np.ndarray  # (C,)
    is_amount: np.ndarray  # (C,) bool: a money clause

    @staticmethod
    def of(game: Game, candidates: list[Candidate]) -> CandidateTable:
        """The table of ``candidates``, from the rows of each package made once a year (the same
        packages come up with partner after partner, and again in later rounds). A package
        tuple met before is found by the object first (no hashing of its clauses)."""
        index = game.index
        known = game.cached("candidate table rows", dict, yearly=True)  # package -> its rows
        objects = game.cached("candidate table objects", dict, yearly=True)  # id -> (it, rows)
        groups = game.cached("candidate table party indices", dict, yearly=True)  # parties -> sorted
        tables, members, sizes = [], [], []
        for group, terms in candidates:
            entry = objects.get(id(terms))
            if entry is not None and entry[0] is terms:  # kept with it: its id is its own
                table = entry[1]
            else:
                key = terms if type(terms) is tuple else tuple(terms)  # lists as well
                table = known.get(key)
                if table is None:
                    table = known[key] = np.array([_clause_row(clause, index) for clause in key],
                                                  dtype=float).reshape(-1, 5)
                if type(terms) is tuple:  # immutable: its rows stay its own
                    objects[id(terms)] = (terms, table)
            tables.append(table)
            group = group if type(group) is tuple else tuple(group)
            found = groups.get(group)
            if found is None:
                found = groups[group] = sorted({index[p] for p in group})
            members += found
            sizes.append(len(found))
        count = len(candidates)
        party_count = np.array(sizes, dtype=int)
        table = np.concatenate(tables) if tables else np.zeros((0, 5))
        return CandidateTable(
            np.array(members, dtype=int),
            np.repeat(np.arange(count), party_count),
            np.cumsum(party_count) - party_count,
            party_count,
            len(index),
            np.repeat(np.arange(count), [len(t) for t in tables]),
            table[:, 0].astype(int),
            table[:, 1].astype(int),
            table[:, 2].copy(),
            table[:, 3].copy(),
            table[:, 4] > 0,
        )

    @cached_property
    def parties(self) -> np.ndarray:
        """(B, n) bool: the parties of each candidate, as a dense matrix (made when asked)."""
        parties = np.zeros((len(self.party_count), self.countries), dtype=bool)
        parties[self.party_owner, self.party] = True
        return parties

    def entries(self, members: np.ndarray, evaluators: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(entry, party): the parties of candidate ``members[p]`` but ``evaluators[p]``, as
        flat entries, by p and then in country order (the order ``np.nonzero`` gives)."""
        per = self.party_count[members]
        entry = np.repeat(np.arange(len(members)), per)
        ends = np.cumsum(per)
        total = int(ends[-1]) if len(per) else 0
        flat = np.repeat(self.party_start[members] - (ends - per), per) + np.arange(total)
        party = self.party[flat]
        kept = party != evaluators[entry]
        return entry[kept], party[kept]


def _clause_row(clause: Clause, index: dict[str, int]) -> tuple[float, float, float, float, float]:
    """A clause's entries in a CandidateTable: kind position, receiver (-1 for a shared
    clause), level, amount, 1 for a money clause (else 0)."""
    position, directed, money = _KIND_ROW[clause.kind]
    receiver = index[clause.receiver] if directed else -1  # type: ignore[index]
    return (position, float(receiver), float(clause.level), float(clause.amount), money)


#: Kind -> (its position in CLAUSE_KINDS, whether it is directed, 1.0 for a money clause).
_KIND_ROW = {kind: (float(k), kind in DIRECTED_CLAUSES, float(kind in AMOUNT_CLAUSES))
             for k, kind in enumerate(CLAUSE_KINDS)}


#: Up to this many rows, ``_first_largest`` fills the dense matrix: its cost, rows ×
#: countries, is below its fixed costs (measured: equal near 300 rows).
_FEW_ROWS = 256


def _first_largest(entry: np.ndarray, column: np.ndarray, values: np.ndarray, rows: int,
                   width: int) -> np.ndarray:
    """(rows,): for each row the column of its largest entry (the first in column order on a
    tie or a NaN, as ``np.argmax`` picks), -1 for a row without entries. The entries (values
    above -1) come by row, in column order in each."""
    if rows <= _FEW_ROWS:  # the dense matrix is cheaper
        dense = np.full((rows, width), -1.0)
        dense[entry, column] = values
        return np.where(np.bincount(entry, minlength=rows) > 0, np.argmax(dense, axis=1), -1)
    largest = np.full(rows, -np.inf)
    np.maximum.at(largest, entry, values)  # NaN wins, as in argmax
    at = largest[entry]
    hits = np.flatnonzero((values == at) | (np.isnan(values) & np.isnan(at)))
    first = hits[np.concatenate(([True], entry[hits[1:]] != entry[hits[:-1]]))] if len(hits) else hits
    named = np.full(rows, -1)
    named[entry[first]] = column[first]
    return named


class AINegotiator:
    """A computer country's negotiator at a difficulty ("easy", "normal" or "hard")."""

    def __init__(self, difficulty: str = "normal"):
        if difficulty not in DIFFICULTIES:
            raise ValueError(f"unknown difficulty {difficulty!r}: easy, normal or hard")
        self.difficulty: Difficulty = DIFFICULTIES[difficulty]
        self.name = f"ai:{difficulty}"
        self.decisions: dict[tuple[int, str], Decision] = {}
        self._game: Game | None = None
        self._declared: frozenset[str] = frozenset()  # the countries it was told it plays
        self._own: set[str] = set()
        self._turn = -1
        self._answers: dict[tuple[int, str, int], tuple[act.Action, Decision]] = {}
        self._shortlists: dict[str, list[Candidate]] = {}
        self._indexed = 0  # negotiations of the game indexed by party so far
        self._by_party: dict[str, list[Negotiation]] = {}
        self._open_by_party: dict[str, list[Negotiation]] = {}  # the same, closed ones dropped
        self._table_of: list[Candidate] | None = None
        self._table_game: Game | None = None
        self._table_cache: CandidateTable | None = None

    # --- evaluation ------------------------------------------------------------------------
    def leaning(self, game: Game, country: str) -> Leaning:
        return LEANINGS[game.scenario.countries[game.index[country]].personality]

    def evaluate_many(self, game: Game, country: str, candidates: list[Candidate],
                      terms: np.ndarray | None = None) -> Evaluation:
        """Utilities of ``candidates`` for ``country`` (``terms`` from one shared projection,
        as ``project_terms`` gives them; projected here if not given)."""
        if terms is None:
            terms = project_terms(game, candidates, self.difficulty.horizon)
        members = np.arange(len(candidates))
        return self.valuations(game, candidates, Projected(len(game.index), terms=terms),
                               members, np.full(len(candidates), game.index[country]))

    def valuations(self, game: Game, candidates: list[Candidate], projected: Projected,
                   members: np.ndarray, evaluators: np.ndarray) -> Evaluation:
        """Candidate ``members[p]`` as country ``evaluators[p]`` sees it, for every p at once:
        its weighted score-term changes, the expected loss from the partners breaking it and
        the points of its personality's leanings."""
        profiles: Profiles = game.cached("valuation profiles", lambda: Profiles.of(game),
                                         yearly=True)
        table = self._table(game, candidates)
        entries = np.arange(len(members))
        change = quantised(projected.changes(members, evaluators) * profiles.weights[evaluators])
        of, partner = table.entries(members, evaluators)  # the partners, flat: (entry, party)
        others = np.bincount(of, minlength=len(members)).astype(float)
        distrust = np.bincount(of, weights=1.0 - profiles.trust[evaluators[of], partner],
                               minlength=len(members)) / np.maximum(others, 1.0)
        gain = np.maximum(change.sum(axis=1), 0.0)
        risk = quantised(-profiles.risk_aversion[evaluators] * distrust * gain)
        # Leanings: what each evaluator receives under each clause of its candidate.
        counts = np.bincount(table.owner, minlength=len(candidates))
        per = counts[members]
        entry = np.repeat(entries, per)
        clause = (np.repeat((np.cumsum(counts) - counts)[members] - (np.cumsum(per) - per), per)
                  + np.arange(per.sum()))
        me = evaluators[entry]
        amounts = np.minimum(table.amount[clause] / (FULL_AMOUNT_SHARE * profiles.gdp[me]), 1.0)
        mine = np.where(table.receiver[clause] == me,
                        np.where(table.is_amount[clause], amounts, table.level[clause]), 0.0)
        received = np.where(table.receiver[clause] >= 0, mine, table.level[clause])
        # Security, education and visas received count in the model only up to a level of 1
        # in all: a leaning for them counts only the share that still counts on top of what
        # the agreements in force give (a hundredth security pact adds no security).
        position = _RECEIVED_POSITION[table.kind[clause]]
        shared = np.flatnonzero(position >= 0)
        if shared.size:
            base = received_in_force(game)[position[shared], me[shared]]
            amount = others[entry[shared]] * table.level[clause[shared]]
            counted = received_room(base, amount)
            received[shared] *= np.divide(counted, amount, out=np.ones_like(amount),
                                          where=amount > 0)
        leaning_points = quantised(np.bincount(
            entry, weights=received * profiles.values[me, table.kind[clause]],
            minlength=len(members)))
        # For naming the dependency reason: the partner with the largest import share.
        named = _first_largest(of, partner, profiles.shares[partner, evaluators[of]], len(members),
                               table.countries)
        return Evaluation(candidates, members, evaluators, change, risk, leaning_points, named,
                          distrust)

    def _table(self, game: Game, candidates: list[Candidate]) -> CandidateTable:
        """The candidates as arrays (cached for the list last asked about)."""
        if self._table_of is not candidates or self._table_game is not game:
            self._table_of, self._table_game = candidates, game
            self._table_cache = CandidateTable.of(game, candidates)
        assert self._table_cache is not None
        return self._table_cache

    def threshold(self, game: Game, country: str, offers_made: int) -> float:
        """The utility needed to accept after ``offers_made`` offers: the aspiration, falling
        to zero at the last round as (1 − t^(1/β)) (Faratin, Sierra & Jennings 1998). Kept
        for the year: it is asked for every answer and every counter-offer."""
        known = game.cached("ai thresholds", dict, yearly=True)
        try:
            return known[country, offers_made]
        except KeyError:
            value = known[country, offers_made] = self._threshold(game, country, offers_made)
            return value

    def _threshold(self, game: Game, country: str, offers_made: int) -> float:
        leaning = self.leaning(game, country)
        rounds = max(game.scenario.scenario.negotiation_rounds, 1)
        t = min(max(offers_made - 1, 0) / max(rounds - 1, 1), 1.0)
        return float(quantised(np.array(leaning.aspiration * (1.0 - t ** (1.0 / leaning.concession)))))

    def decision(self, game: Game, country: str, evaluation: Evaluation, b: int,
                 threshold: float, utility: float | None = None) -> Decision:
        """The decision on entry ``b`` of an evaluation, with its reasons (``utility``: the
        entry's utility if the caller has it already)."""
        reasons = []
        for term, points in zip(SCORE_TERMS, evaluation.terms[b].tolist(), strict=True):
            if points == 0.0:
                continue
            if term == "independence" and points < 0 and evaluation.dependency[b] >= 0:
                reasons.append(Reason("dependency", points,
                                      {"partner": game.country_ids[evaluation.dependency[b]]}))
            else:
                reasons.append(Reason(term, points))
        if evaluation.risk[b] != 0.0:
            parties = [p for p in evaluation.candidates[evaluation.members[b]][0] if p != country]
            me = game.index[country]
            trust_row = indicators.trust_row(game.state, me)
            least = min(parties, key=lambda p: trust_row[game.index[p]])
            reasons.append(Reason("distrust", float(evaluation.risk[b]), {"partner": least}))
        if evaluation.leaning[b] != 0.0:
            personality = game.scenario.countries[game.index[country]].personality.value
            reasons.append(Reason("leaning", float(evaluation.leaning[b]),
                                  {"personality": personality}))
        if utility is None:
            utility = float(evaluation.terms[b].sum() + evaluation.risk[b] + evaluation.leaning[b])
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
            self._answers.update(self._work_out_answers(game, waiting))
        action, decision = self._answers[key]
        self.decisions[(negotiation.id, country)] = decision
        return action

    def _work_out_answers(self, game: Game, waiting: list[tuple[str, Negotiation]]) -> dict:
        """(negotiation, country, offers) -> (action, decision) for each waiting answer: every
        offer and counter-offer screened at once, then the offers with the best few
        counter-offers of each answer projected with the full model in one batch."""
        rounds = game.scenario.scenario.negotiation_rounds
        horizon = self.difficulty.horizon
        menus = [[(negotiation.parties, negotiation.current.clauses)]
                 + ([(negotiation.parties, v) for v in neighbours(
                     game, negotiation.current.clauses, negotiation.parties)]
                    if rounds - len(negotiation.offers) > 0 else [])
                 for _, negotiation in waiting]
        candidates = [c for menu in menus for c in menu]
        # Units the proposals did not meet are not projected for a few variants: those
        # variants go to the full model with the offers and the best few counters.
        screened = screen(game, candidates, horizon, project_new=False)
        if not screened.exact:  # only the offers and the best few counters go to the full model
            starts = np.cumsum([0] + [len(menu) for menu in menus])
            chosen = self._best_counters(game, waiting, menus, candidates, screened, starts)
            menus = [menu[:1] + [candidates[b] for b in best]
                     for menu, best in zip(menus, chosen, strict=True)]
            candidates = [c for menu in menus for c in menu]
            screened = project(game, candidates, horizon)
        starts = np.cumsum([0] + [len(menu) for menu in menus])
        evaluation, theirs = self._answer_values(game, waiting, menus, candidates, screened, starts)
        evaluation, known = self._one_after_another(game, waiting, evaluation, theirs, starts)
        answers = {}
        for k, (country, negotiation) in enumerate(waiting):
            answer = known.get(k)
            if answer is None:
                answer = self._answer(game, country, negotiation, evaluation, theirs,
                                      int(starts[k]), int(starts[k + 1]))
            answers[(negotiation.id, country, len(negotiation.offers))] = answer
        return answers

    def _one_after_another(self, game: Game, waiting: list[tuple[str, Negotiation]],
                           evaluation: Evaluation, theirs: np.ndarray, starts: np.ndarray
                           ) -> tuple[Evaluation, dict[int, tuple[act.Action, Decision]]]:
        """The answers of a country that has several offers on the table in one batch, valued
        as if it signed them one after another: each was projected alone against the
        agreements in force, but what a country receives of security, education, training and
        visas counts only up to a level of 1 in all (``game.model.update``), so the security
        of a second or a hundredth security pact adds little or nothing. Its offers are taken
        in order of utility; each one's security and human-capital terms are scaled by the
        room left below that level by the offers it accepts or makes before, and by those
        still open this turn that it made or accepted (``received_room``).
        Without this a large economy, offered security pacts by a hundred partners in one
        round, signs all of them and pays for every one. What it accepts or counters with
        counts as signed for the answers after it.

        Returns the adjusted evaluation and the answers (by position in ``waiting``) it worked
        out on the way. What does not depend on the order is worked out for every entry at
        once; then the countries' chains advance together, one answer of each at a time
        (their entries are their own: no answer reads another's)."""
        answers_of: dict[str, list[int]] = {}
        for k, (country, _) in enumerate(waiting):
            answers_of.setdefault(country, []).append(k)
        # What each has already signed up to this turn and is not in force yet: the offers on
        # the table of its open negotiations that it made or accepted.
        committed = {country: [(n.parties, n.current.clauses)
                               for n in self._open_negotiations(game, country)
                               if country in n.accepted]
                     for country in answers_of}
        crowded = {c: ks for c, ks in answers_of.items() if len(ks) > 1 or committed[c]}
        if not crowded:
            return evaluation, {}
        terms, risk = evaluation.terms.copy(), evaluation.risk.copy()
        leaning = evaluation.leaning.copy()
        adjusted = Evaluation(evaluation.candidates, evaluation.members, evaluation.evaluators,
                              terms, risk, leaning, evaluation.dependency, evaluation.distrust)
        profiles: Profiles = game.cached("valuation profiles", lambda: Profiles.of(game),
                                         yearly=True)
        rates = received_weights(game)
        in_force = received_in_force(game)
        utility = evaluation.utility
        chains = [(country, game.index[country],
                   sorted(answers, key=lambda k: (-utility[starts[k]], k)))
                  for country, answers in crowded.items()]
        signed = {country: received_by(game, committed[country], country).sum(axis=0)
                  for country in crowded}
        # Every entry of a crowded answer, valued by its evaluator: what it receives, how much
        # of it counts alone, and the leaning points that come from it.
        bounds = [(int(starts[k]), int(starts[k + 1])) for _, _, order in chains for k in order]
        sizes = np.array([stop - start for start, stop in bounds])
        entries = np.concatenate([np.arange(start, stop) for start, stop in bounds])
        at = np.full(len(evaluation.candidates), -1)  # entry -> its row in the arrays below
        at[entries] = np.arange(len(entries))
        me = np.repeat([me for _, me, order in chains for _ in order], sizes)
        received = received_each(game, [evaluation.candidates[e] for e in entries], me)
        base = in_force.T[me]
        alone = received_room(base, received)
        valued = self._received_leanings(game, evaluation.candidates, entries,
                                         profiles.values[me])
        known: dict[int, tuple[act.Action, Decision]] = {}
        for step in range(max(len(order) for _, _, order in chains)):
            active = [(country, order[step]) for country, _, order in chains if len(order) > step]
            spans = [(int(starts[k]), int(starts[k + 1])) for _, k in active]
            rows = np.concatenate([np.arange(at[start], at[start] + stop - start)
                                   for start, stop in spans])
            now = entries[rows]
            count = np.array([stop - start for start, stop in spans])
            after = received_room(base[rows] + np.repeat([signed[country] for country, _ in active],
                                                         count, axis=0), received[rows])
            before = alone[rows]
            security = np.divide(after[:, 0], before[:, 0], out=np.ones(len(rows)),
                                 where=before[:, 0] > 0)
            learning = np.divide((after[:, 1:] * rates[1:]).sum(axis=1),
                                 (before[:, 1:] * rates[1:]).sum(axis=1),
                                 out=np.ones(len(rows)),
                                 where=(before[:, 1:] * rates[1:]).sum(axis=1) > 0)
            terms[now, _SECURITY_TERM] = quantised(terms[now, _SECURITY_TERM] * security)
            terms[now, _HUMAN_TERM] = quantised(terms[now, _HUMAN_TERM] * learning)
            # A leaning for what it receives counts only what still counts: the valuation
            # counted the share ``before`` of what it receives, now only ``after`` counts.
            lost = np.divide(before - after, received[rows], out=np.zeros_like(after),
                             where=received[rows] > 0)
            leaning[now] = quantised(leaning[now] - (valued[rows] * lost).sum(axis=1))
            gain = np.maximum(terms[now].sum(axis=1), 0.0)
            risk[now] = quantised(-profiles.risk_aversion[me[rows]] * evaluation.distrust[now]
                                  * gain)
            for country, k in active:
                start, stop = int(starts[k]), int(starts[k + 1])
                known[k] = answer = self._answer(game, country, waiting[k][1], adjusted, theirs,
                                                 start, stop)
                action = answer[0]
                if isinstance(action, act.Accept):
                    signed[country] = signed[country] + received[at[start]]  # the offer first
                elif isinstance(action, act.Counter):
                    chosen = next(e for e in range(stop - start) if evaluation.candidates[
                        start + e][1] == action.clauses)
                    signed[country] = signed[country] + received[at[start] + chosen]
        return adjusted, known

    def _received_leanings(self, game: Game, candidates: list[Candidate], entries: np.ndarray,
                           values: np.ndarray) -> np.ndarray:
        """(E, 4): the leaning points each of the candidates ``entries`` gives for what is
        received in each of RECEIVED_CHANNELS (a shared clause's level times what the
        evaluator's personality gives its kind, ``values[e]``), from the candidate table."""
        table = self._table(game, candidates)
        position = _RECEIVED_POSITION[table.kind]
        at = np.full(len(candidates), -1)
        at[entries] = np.arange(len(entries))
        row = at[table.owner]
        counted = (row >= 0) & (position >= 0)
        row, kind = row[counted], table.kind[counted]
        result = np.zeros((len(entries), len(RECEIVED_CHANNELS)))
        np.add.at(result, (row, position[counted]), table.level[counted] * values[row, kind])
        return result

    def _answer_values(self, game: Game, waiting: list[tuple[str, Negotiation]],
                       menus: list[list[Candidate]], candidates: list[Candidate],
                       projected: Projected, starts: np.ndarray) -> tuple[Evaluation, np.ndarray]:
        """Every menu entry valued by the country answering (one call for all answers), and the
        lowest estimated utility among the other parties of each."""
        sizes = np.diff(starts)
        answering = np.repeat([game.index[country] for country, _ in waiting], sizes)
        members = np.arange(len(candidates))
        mine = self.valuations(game, candidates, projected, members, answering)
        others = self._table(game, candidates).entries(members, answering)
        return mine, self._lowest_of_others(game, candidates, projected, others)

    def _lowest_of_others(self, game: Game, candidates: list[Candidate], projected: Projected,
                          others: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """(B,): for each candidate the lowest estimated utility among the parties ``others``
        ((candidate, party) entries, ``CandidateTable.entries``): their own valuation at hard,
        else their raw projected score change; infinity for a candidate with none."""
        member, party = others
        if self.difficulty.models_others:
            gains = self.valuations(game, candidates, projected, member, party).utility
        else:
            gains = projected.changes(member, party).sum(axis=-1)
        lowest = np.full(len(candidates), np.inf)
        np.minimum.at(lowest, member, gains)
        return lowest

    def _best_counters(self, game: Game, waiting: list[tuple[str, Negotiation]],
                       menus: list[list[Candidate]], candidates: list[Candidate],
                       screened: Projected, starts: np.ndarray) -> list[list[int]]:
        """For each answer, the counter-offers worth confirming (indices into ``candidates``):
        the best few by screened Nash product among those screening finds viable, and those
        screening could not value (a unit not projected this year: ``Projected.lacking``)."""
        evaluation, theirs = self._answer_values(game, waiting, menus, candidates, screened,
                                                 starts)
        utility = evaluation.utility
        lacking = (screened.lacking if screened.lacking is not None
                   else np.zeros(len(candidates), dtype=bool))
        chosen = []
        for k, (country, negotiation) in enumerate(waiting):
            first, stop = int(starts[k]) + 1, int(starts[k + 1])
            next_threshold = self.threshold(game, country, len(negotiation.offers) + 1)
            viable = ((utility[first:stop] >= max(next_threshold, 0.0)) & (theirs[first:stop] > 0)
                      & ~lacking[first:stop])
            nash = np.where(viable, np.maximum(utility[first:stop], 0)
                            * np.maximum(theirs[first:stop], 0), -1.0)
            order = [first + int(b) for b in np.argsort(-nash, kind="stable") if viable[b]]
            unvalued = (first + np.flatnonzero(lacking[first:stop])).tolist()
            chosen.append(order[:COUNTERS_CONFIRMED] + unvalued)
        return chosen

    def _answer(self, game: Game, country: str, negotiation: Negotiation,
                evaluation: Evaluation, theirs: np.ndarray, start: int, stop: int
                ) -> tuple[act.Action, Decision]:
        """Accept, counter or reject, from the values of the offer (entry ``start``) and of the
        counter-offers (the entries up to ``stop``)."""
        offers_made = len(negotiation.offers)
        values = (evaluation.terms[start:stop].sum(axis=-1) + evaluation.risk[start:stop]
                  + evaluation.leaning[start:stop])  # evaluation.utility[start:stop]
        decision = self.decision(game, country, evaluation, start,
                                 self.threshold(game, country, offers_made), float(values[0]))
        if decision.accept:
            return act.Accept(country, negotiation.id), decision
        if stop - start > 1:
            utility = values[1:]
            others = theirs[start + 1:stop]
            next_threshold = self.threshold(game, country, offers_made + 1)
            viable = (utility >= max(next_threshold, 0.0)) & (others > 0)
            if viable.any():
                nash = np.where(viable, np.maximum(utility, 0) * np.maximum(others, 0), -1)
                best = evaluation.candidates[start + 1 + int(np.argmax(nash))]
                return (act.Counter(country, negotiation.id, best[1],
                                    negotiation.current.duration), decision)
        return act.Reject(country, negotiation.id), decision

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
            self._shortlists.update(self._draw_up_shortlists(game, countries))
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

    def _proposal_values(self, game: Game, candidates: list[Candidate], proposers: np.ndarray,
                         projected: Projected) -> tuple[np.ndarray, np.ndarray]:
        """(utility for its proposer, lowest estimated partner utility) of every candidate."""
        members = np.arange(len(candidates))
        utility = self.valuations(game, candidates, projected, members, proposers).utility
        others = self._table(game, candidates).entries(members, proposers)  # but the proposer
        return utility, self._lowest_of_others(game, candidates, projected, others)

    def _rankings(self, game: Game, countries: list[str], menus: list[list[Candidate]],
                  projected: Projected) -> list[list[int]]:
        """Per country, its viable candidates (indices into the menus joined) in order of
        preference: by utility, then Nash product, all valued in one call."""
        candidates = [c for menu in menus for c in menu]
        sizes = [len(menu) for menu in menus]
        owner = np.repeat(np.arange(len(countries)), sizes)
        proposers = np.array([game.index[c] for c in countries], dtype=int)[owner]
        utility, theirs = self._proposal_values(game, candidates, proposers, projected)
        aspiration = np.array([self.threshold(game, c, 1) for c in countries])[owner]
        viable = (utility >= aspiration) & (theirs > 0)
        order = np.lexsort((-np.maximum(theirs, 0) * np.maximum(utility, 0), -utility, owner))
        order = order[viable[order]]
        bounds = np.searchsorted(owner[order], np.arange(len(countries) + 1))
        return [order[bounds[k]:bounds[k + 1]].tolist() for k in range(len(countries))]

    def _draw_up_shortlists(self, game: Game, countries: list[str]
                            ) -> dict[str, list[Candidate]]:
        """Each country's viable candidates in order of preference: all screened at once,
        the best few of each (for different partners) confirmed and re-ranked with one full
        projection for all of them."""
        horizon = self.difficulty.horizon
        menus = [self.candidates(game, country) for country in countries]
        candidates = [c for menu in menus for c in menu]
        screened = screen(game, candidates, horizon)
        rankings = self._rankings(game, countries, menus, screened)
        if screened.exact:
            return {country: [candidates[b] for b in ranking]
                    for country, ranking in zip(countries, rankings, strict=True)}
        picks = []
        for country, ranking in zip(countries, rankings, strict=True):
            wanted = game.delegations_left(country) + SPARE_PROPOSALS
            picked: list[Candidate] = []
            partners: set[str] = set()
            for b in ranking:  # the best for each partner, in order of preference
                if not partners & set(candidates[b][0]) - {country}:
                    picked.append(candidates[b])
                    partners.update(p for p in candidates[b][0] if p != country)
                if len(picked) >= wanted:
                    break
            picks.append(picked)
        confirmed = [c for picked in picks for c in picked]
        rankings = self._rankings(game, countries, picks, project(game, confirmed, horizon))
        return {country: [confirmed[b] for b in ranking]
                for country, ranking in zip(countries, rankings, strict=True)}

    def candidates(self, game: Game, country: str) -> list[Candidate]:
        """Partners × clause packages × levels, plus regional and multilateral deals (the legal
        ones). The legal packages of a pair, of a region and of the multilateral deals are kept
        for the year (``_bilateral_menu``, ``_shared_menu``): both countries of a pair, and
        every country of a region, draw them up."""
        me = game.index[country]
        wanted = self.difficulty.partners
        if self._game is game:  # the negotiations of the game it follows are indexed by party
            self._open_negotiations(game, country)
            mine = self._by_party.get(country, [])
        else:
            mine = game.negotiations
        # Partners that turned down its proposals this turn or the last are not asked again
        # yet: it tries its next main partners instead.
        turned_down: set[str] = {country}
        for n in reversed(mine):  # in the order they were opened: the latest come last
            if n.turn < game.turn - 1:
                break
            if n.proposer == country and n.status in (Status.REJECTED, Status.WITHDRAWN):
                turned_down.update(n.parties)
        trade = game.state.exports[0, me] + game.state.exports[0, :, me]
        order = np.argsort(-trade, kind="stable")[: wanted + len(turned_down)].tolist()
        partners = [game.country_ids[k] for k in order
                    if game.country_ids[k] not in turned_down][:wanted]
        menus = game.cached("ai candidate menus", dict, yearly=True)
        result: list[Candidate] = []
        for partner in partners:
            pair = (country, partner)
            for level in self.difficulty.levels:
                result.extend((pair, package)
                              for package in _bilateral_menu(game, menus, country, partner, level))
        region = game.cached("ai regions", lambda: _region_members(game),
                             yearly=True)[game.regions[country]]
        for level in self.difficulty.levels:
            trade_clause = _shared(ClauseKind.TRADE_LIBERALISATION, level)
            if 3 <= len(region) <= 10:
                result.extend((region, package) for package in _shared_menu(game, menus, region, (
                    (trade_clause,),
                    (_shared(ClauseKind.SECURITY_COOPERATION, level),),
                    (_shared(ClauseKind.EDUCATION_EXCHANGE, level),
                     _shared(ClauseKind.VISA_FACILITATION, level)),
                )))
            groups = multilateral_groups(game, country, partners)
            if groups:
                package = (trade_clause, _shared(ClauseKind.VISA_FACILITATION, level))
                result.extend((parties, package) for parties in groups
                              if _shared_menu(game, menus, parties, (package,)))
        return result

    def compliance(self, game: Game, country: str) -> list[act.Action]:
        """Keep or break each clause: break only when the projected gain beats its honesty, or
        when a partner of that agreement broke its word to it last turn (reciprocity).

        The obligations of every country it plays are projected together at its first
        decision of the turn (``compliance_changes``: in large scenarios one batch for all of
        them, kept for the turn); the values of a country do not depend on which it was
        asked about first."""
        own = self._follow(game)
        countries = [c for c in game.country_ids if c in own or c == country]
        obligations, changes = compliance_changes(game, countries,
                                                  self.difficulty.horizon)[country]
        if not obligations:
            return []
        leaning = self.leaning(game, country)
        weights = personal_weights(leaning)
        gains = (changes * weights).sum(axis=-1)
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


#: Channels whose total received counts only up to 1 (``game.model.update``): security,
#: then the three that raise human capital.
RECEIVED_CHANNELS = list(SATURATING_CHANNELS)
_SECURITY_TERM = SCORE_TERMS.index("security")
_HUMAN_TERM = SCORE_TERMS.index("human_capital")


def received_weights(game: Game) -> np.ndarray:
    """(4,): how much a unit received in each of RECEIVED_CHANNELS moves its score term:
    security alone moves security; education, training and visas move human capital at their
    rates."""
    p = game.economy.parameters
    return np.array([1.0, p.education_rate, p.training_rate, p.visa_human_capital_rate])


def received_by(game: Game, candidates: list[Candidate], country: str) -> np.ndarray:
    """(B, 4): what ``country`` receives in each of RECEIVED_CHANNELS under each candidate."""
    return received_each(game, candidates, np.full(len(candidates), game.index[country]))


def received_each(game: Game, candidates: list[Candidate], countries: np.ndarray) -> np.ndarray:
    """(B, 4): what ``countries[b]`` receives in each of RECEIVED_CHANNELS under candidate b."""
    ids = tuple(game.country_ids)
    built = [candidate_rows(tuple(parties), tuple(clauses), ids)[0] for parties, clauses in candidates]
    result = np.zeros((len(candidates), len(RECEIVED_CHANNELS)))
    if not built:
        return result
    rows = np.concatenate(built)
    owner = np.repeat(np.arange(len(candidates)), [len(r) for r in built])
    where = _CHANNEL_POSITION[rows[:, 0].astype(int)]
    mine = (rows[:, 2].astype(int) == np.asarray(countries)[owner]) & (where >= 0)
    np.add.at(result, (owner[mine], where[mine]), rows[mine, 3])
    return result


#: The position of each channel in RECEIVED_CHANNELS, -1 for the others.
_CHANNEL_POSITION = np.full(CHANNELS, -1)
_CHANNEL_POSITION[RECEIVED_CHANNELS] = np.arange(len(RECEIVED_CHANNELS))


#: Clause kinds whose leaning is for something received in RECEIVED_CHANNELS, by position.
_RECEIVED_KINDS = {ClauseKind.SECURITY_COOPERATION: 0, ClauseKind.EDUCATION_EXCHANGE: 1,
                   ClauseKind.VISA_FACILITATION: 3}
#: The same by position in CLAUSE_KINDS, -1 for the other kinds.
_RECEIVED_POSITION = np.array([_RECEIVED_KINDS.get(kind, -1) for kind in CLAUSE_KINDS])


def received_room(base: np.ndarray, added: np.ndarray) -> np.ndarray:
    """(B, 4): how much of ``added`` counts on top of ``base`` when the total counts only up
    to 1: min(base + added, 1) − min(base, 1)."""
    return np.minimum(base + added, 1.0) - np.minimum(base, 1.0)


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


def packages(game: Game, country: str, partner: str, level: float) -> list[tuple[Clause, ...]]:
    """Clause packages between two countries at a level; richer and more advanced partners give
    investment, technology and aid. Packages of shared clauses alone are the same objects for
    every pair (``_shared_packages``), so checking and costing them again finds them at once."""
    i, j = game.index[country], game.index[partner]
    gdp, per_person, tech = game.cached("package figures", lambda: _package_figures(game),
                                        yearly=True)
    richer, poorer, r, q = ((country, partner, i, j) if per_person[i] >= per_person[j]
                            else (partner, country, j, i))
    leader, follower, a, b = (country, partner, i, j) if tech[i] >= tech[j] else (partner, country, j, i)
    amount = round(gdp[r] * 0.002 * level, 3)
    trade, trade_visa, learning, security = _shared_packages(level)
    result = [trade, trade_visa, learning, security]
    if tech[a] > tech[b] + 0.05:
        result.append((Clause(ClauseKind.TECHNOLOGY_TRANSFER, level=level, giver=leader,
                              receiver=follower, training=True), learning[0]))
    if amount > 0:
        result.append((trade[0], Clause(ClauseKind.INVESTMENT, amount=amount, giver=richer,
                                        receiver=poorer)))
        if per_person[r] > 2.0 * per_person[q]:
            result.append((Clause(ClauseKind.DEVELOPMENT_AID, amount=amount / 2, giver=richer,
                                  receiver=poorer, form=AidForm.LOAN),))
    return result


@lru_cache(maxsize=64, typed=True)
def _shared_packages(level: float) -> tuple[tuple[Clause, ...], ...]:
    """The packages of shared clauses at a level, as ``packages`` offers them: trade, trade
    with visas, education with visas, security (one object each for every pair)."""
    trade = _shared(ClauseKind.TRADE_LIBERALISATION, level)
    visa = _shared(ClauseKind.VISA_FACILITATION, level)
    return ((trade,), (trade, visa), (_shared(ClauseKind.EDUCATION_EXCHANGE, level), visa),
            (_shared(ClauseKind.SECURITY_COOPERATION, level),))


def _bilateral_menu(game: Game, menus: dict, country: str, partner: str, level: float
                    ) -> list[tuple[Clause, ...]]:
    """The legal ``packages`` of a pair at a level, kept in ``menus`` (the year's). Both
    countries of the pair get the same list unless a tie of GDP per person or technology
    makes the packages depend on which of them asks (the rules check parties as a set). The
    packages of shared clauses alone (``_shared_packages``) are checked once a year."""
    key = (country, partner, level, type(level))
    menu = menus.get(key)
    if menu is None:
        pair = (country, partner)
        shared = {id(package) for package in _shared_packages(level)}  # shared clauses alone:
        legal = {id(package) for package in _shared_menu(game, menus, pair,  # checked once
                                                         _shared_packages(level))}
        menu = menus[key] = [package for package in packages(game, country, partner, level)
                             if (id(package) in legal if id(package) in shared
                                 else game.check_terms(pair, package, 5) is None)]
        _, per_person, tech = game.cached("package figures", lambda: _package_figures(game),
                                          yearly=True)
        i, j = game.index[country], game.index[partner]
        if per_person[i] != per_person[j] and tech[i] != tech[j]:
            menus[partner, country, level, type(level)] = menu
    return menu


def _shared_menu(game: Game, menus: dict, parties: tuple[str, ...],
                 options: tuple[tuple[Clause, ...], ...]) -> list[tuple[Clause, ...]]:
    """The legal ones of ``options``, packages of shared clauses alone (their legality does not
    depend on the parties: only a directed clause's giver and receiver must be parties), kept
    in ``menus`` (the year's)."""
    key = ("shared", options)
    menu = menus.get(key)
    if menu is None:
        menu = menus[key] = [package for package in options
                             if game.check_terms(parties, package, 5) is None]
    return menu


def _region_members(game: Game) -> dict[str, tuple[str, ...]]:
    """The countries of each region, in scenario order."""
    members: dict[str, list[str]] = {}
    for country in game.country_ids:
        members.setdefault(game.regions[country], []).append(country)
    return {region: tuple(countries) for region, countries in members.items()}


@lru_cache(maxsize=1024, typed=True)
def _shared(kind: ClauseKind, level: float) -> Clause:
    """A shared clause (no giver or receiver) at a level: one object for every package."""
    return Clause(kind, level=level)


def _package_figures(game: Game) -> tuple[list[float], list[float], list[float]]:
    """GDP, GDP per person and technology of every country as Python floats (the same
    numbers as the arrays: ``packages`` compares them one by one, for thousands of pairs)."""
    state = game.state
    gdp = state.gdp[0]
    return gdp.tolist(), (gdp / state.population[0]).tolist(), state.technology[0].tolist()


def neighbours(game: Game, clauses: tuple[Clause, ...], parties: tuple[str, ...]
               ) -> list[tuple[Clause, ...]]:
    """Offers one step away (``step_variants``: each clause deeper or shallower, bigger or
    smaller, dropped, or a common clause added), or with technology transfer and training added
    either way between two parties; only legal ones. Kept for the year (legality and amount
    limits follow the year's GDP alone): offers come back round after round."""
    if not all(type(c.level) is float and type(c.amount) is float for c in clauses):
        return _neighbours(game, clauses, parties)  # 1 and 1.0 are equal keys, not equal offers
    known = game.cached("neighbours", dict, yearly=True)
    key = (tuple(clauses), tuple(parties))
    if key not in known:
        known[key] = _neighbours(game, clauses, parties)
    return list(known[key])


def _neighbours(game: Game, clauses: tuple[Clause, ...], parties: tuple[str, ...]
                ) -> list[tuple[Clause, ...]]:
    result = step_variants(clauses, (0.5, 1.5),
                           lambda clause: game.amount_limit(clause.giver, clause.receiver))
    present = {c.kind for c in clauses}
    if len(parties) == 2:
        a, b = parties
        for giver, receiver in ((a, b), (b, a)):
            if ClauseKind.TECHNOLOGY_TRANSFER not in present:
                result.append((*clauses, _transfer(giver, receiver)))
    return [v for v in result if game.check_terms(parties, v, 5) is None]


@lru_cache(maxsize=4096)
def _transfer(giver: str, receiver: str) -> Clause:
    """Technology transfer with training as a counter-offer adds it (one object a pair)."""
    return Clause(ClauseKind.TECHNOLOGY_TRANSFER, level=0.5, giver=giver, receiver=receiver,
                  training=True)


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

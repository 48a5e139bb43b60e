"""How a country values candidate agreements: a sum of named terms, for many at once.

Utility of a candidate for a country = its weighted projected score-term changes (welfare,
trust, technology, human capital, security, independence) − the expected loss from the
partners breaking it (risk aversion × distrust × gain) + its personality's leanings for what it
receives (security, education and visas counting only the room the model's cap of 1 leaves).
Each term is quantised, so the terms add up exactly: they are the reasons of a decision
(``game.agents.ai.reasons``). See docs/ai.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.agents.ai.received import RECEIVED_POSITION
from game.agents.ai.table import CLAUSE_KINDS, CandidateTable
from game.agents.memo import Memo, Memos
from game.agents.personalities import DIFFICULTIES, LEANINGS, Difficulty, Leaning
from game.agents.projection import Candidate, Projected, project_terms, received_in_force
from game.model import indicators
from game.model.indicators import quantised
from game.model.state import SCORE_TERMS
from game.model.update import received_room
from game.rules.game import Game
from game.scenario.schema import ClauseKind

#: An amount clause counts as "full" for leanings at this share of the receiver's GDP.
FULL_AMOUNT_SHARE = 0.005
#: Points of influence a donor counts, per unit of its influence objective, for aid of a full
#: amount (FULL_AMOUNT_SHARE of the receiver's GDP) a year: a country that values influence
#: (Japan's aid to Indonesia) gives aid worth more to it than the money it costs. In score
#: points (0.1 % of welfare since issue 13, like the leanings: ten times the first figure).
INFLUENCE_POINTS = 20.0
#: The position of development aid among the clause kinds.
AID_POSITION = CLAUSE_KINDS.index(ClauseKind.DEVELOPMENT_AID)


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
    influence: np.ndarray  # (n,) the scenario's influence objective of each country

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
            np.array([c.objectives.influence for c in game.scenario.countries], dtype=float),
        )



def personal_weights(leaning: Leaning) -> np.ndarray:
    """(terms,): how much a personality counts each score term (1 = as the score does)."""
    weights = np.ones(len(SCORE_TERMS))
    weights[SCORE_TERMS.index("independence")] = leaning.dependency_weight
    weights[SCORE_TERMS.index("trust")] = leaning.trust_weight
    return weights


#: Up to this many rows, ``first_largest`` fills the dense matrix: its cost, rows ×
#: countries, is below its fixed costs (measured: equal near 300 rows).
FEW_ROWS = 256


def first_largest(entry: np.ndarray, column: np.ndarray, values: np.ndarray, rows: int,
                   width: int) -> np.ndarray:
    """(rows,): for each row the column of its largest entry (the first in column order on a
    tie or a NaN, as ``np.argmax`` picks), -1 for a row without entries. The entries (values
    above -1) come by row, in column order in each."""
    if rows <= FEW_ROWS:  # the dense matrix is cheaper
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


class Valuer:
    """Values candidates for the countries it plays at a difficulty ("easy", "normal" or
    "hard"), with the memo of the games it is asked about (``game.agents.memo``)."""

    def __init__(self, difficulty: str = "normal"):
        if difficulty not in DIFFICULTIES:
            raise ValueError(f"unknown difficulty {difficulty!r}: easy, normal or hard")
        self.difficulty: Difficulty = DIFFICULTIES[difficulty]
        self._memos = Memos()
        self._table_of: list[Candidate] | None = None
        self._table_game: Game | None = None
        self._table_cache: CandidateTable | None = None

    def memo(self, game: Game) -> Memo:
        """What it keeps of ``game`` while it holds (its own, not the game's)."""
        return self._memos.of(game)

    def leaning(self, game: Game, country: str) -> Leaning:
        return LEANINGS[game.scenario.countries[game.index[country]].personality]

    def evaluate_many(self, game: Game, country: str, candidates: list[Candidate],
                      terms: np.ndarray | None = None) -> Evaluation:
        """Utilities of ``candidates`` for ``country`` (``terms`` from one shared projection,
        as ``project_terms`` gives them; projected here if not given)."""
        if terms is None:
            terms = project_terms(game, candidates, self.difficulty.horizon, self.memo(game))
        members = np.arange(len(candidates))
        return self.valuations(game, candidates, Projected(len(game.index), terms=terms),
                               members, np.full(len(candidates), game.index[country]))

    def valuations(self, game: Game, candidates: list[Candidate], projected: Projected,
                   members: np.ndarray, evaluators: np.ndarray) -> Evaluation:
        """Candidate ``members[p]`` as country ``evaluators[p]`` sees it, for every p at once:
        its weighted score-term changes, the expected loss from the partners breaking it and
        the points of its personality's leanings."""
        memo = self.memo(game)
        profiles = self.profiles(game)
        table = self.table(game, candidates)
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
        position = RECEIVED_POSITION[table.kind[clause]]
        shared = np.flatnonzero(position >= 0)
        if shared.size:
            base = received_in_force(game, memo)[position[shared], me[shared]]
            amount = others[entry[shared]] * table.level[clause[shared]]
            counted = received_room(base, amount)
            received[shared] *= np.divide(counted, amount, out=np.ones_like(amount),
                                          where=amount > 0)
        # Influence: a donor that values it (the scenario's objective ``influence``) counts the
        # aid it gives, INFLUENCE_POINTS a unit of its weight at a full amount for the receiver.
        points = received * profiles.values[me, table.kind[clause]]
        if profiles.influence.any():
            giving = (table.giver[clause] == me) & (table.kind[clause] == AID_POSITION)
            full = np.minimum(table.amount[clause] / (
                FULL_AMOUNT_SHARE * profiles.gdp[np.maximum(table.receiver[clause], 0)]), 1.0)
            points = points + np.where(giving, INFLUENCE_POINTS * profiles.influence[me] * full,
                                       0.0)
        leaning_points = quantised(np.bincount(entry, weights=points, minlength=len(members)))
        # For naming the dependency reason: the partner with the largest import share.
        named = first_largest(of, partner, profiles.shares[partner, evaluators[of]], len(members),
                               table.countries)
        return Evaluation(candidates, members, evaluators, change, risk, leaning_points, named,
                          distrust)

    def profiles(self, game: Game) -> Profiles:
        """What every country weighs this year (kept for the year)."""
        return self.memo(game).get("valuation profiles", lambda: Profiles.of(game), yearly=True)

    def table(self, game: Game, candidates: list[Candidate]) -> CandidateTable:
        """The candidates as arrays (cached for the list last asked about)."""
        if self._table_of is not candidates or self._table_game is not game:
            self._table_of, self._table_game = candidates, game
            self._table_cache = CandidateTable.of(game, candidates, self.memo(game))
        assert self._table_cache is not None
        return self._table_cache

    def threshold(self, game: Game, country: str, offers_made: int) -> float:
        """The utility needed to accept after ``offers_made`` offers: the aspiration, falling
        to zero at the last round as (1 − t^(1/β)) (Faratin, Sierra & Jennings 1998). Kept
        for the year: it is asked for every answer and every counter-offer."""
        known = self.memo(game).get("ai thresholds", dict, yearly=True)
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

    def lowest_of_others(self, game: Game, candidates: list[Candidate], projected: Projected,
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

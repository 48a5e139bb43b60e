"""The read models of the screens: pure functions of a game (and of who plays it).

A negotiation's steps and the difference between two offers, the figures over time, how the
countries stand with a viewer, the leaderboard, the debrief's facts and awards, the class's
shared result and the results CSV. The figures come from the game's records
(``game.rules.records``), collected once a year; nothing here changes the game.

Where a seat's par is known (``game.session.par``: the computer's score in that seat of the
same game), the leaderboard and the results rank by score − par, and the welfare award counts
the welfare gain above the par seat's, so that no country wins only because it was drawn.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from game.model.state import SCORE_TERMS, Compliance
from game.model.update import advance
from game.rules.agreements import Clause, provisions
from game.rules.events import shocks_for
from game.rules.game import Game, Status
from game.rules.records import records
from game.rules.results import agreements_made, clauses_broken, final_results_csv, ranking

if TYPE_CHECKING:
    from game.session.par import Par

#: Dependency (partner concentration, HHI) above this is conventionally "high".
HIGH_CONCENTRATION = 0.25
#: The measures of ``series`` that are not reporters' names: "dependency" is import concentration.
MEASURES = {"dependency": "imports_concentration"}


@dataclass(frozen=True)
class Step:
    """One entry of a negotiation's history: who did what (and the offer, for offers)."""

    kind: str  # "propose", "counter", "accept", "reject", "withdraw", "expired"
    country: str
    clauses: tuple[Clause, ...] = ()
    duration: int = 0


@dataclass(frozen=True)
class ClauseChange:
    """How one clause differs between two offers: "added", "removed", "changed" or "same"."""

    change: str
    before: Clause | None
    after: Clause | None


# --- negotiations ------------------------------------------------------------------------------
class _Steps:
    """Every negotiation's steps read from a game log, kept and read on from where the last
    reading stopped (the log only grows): a team's view asks for the steps of each of its
    negotiations, once for every partner, after every move of the class (issue 14: reading the
    whole log each time was a tenth of the class host's game thread)."""

    def __init__(self, log: list[dict[str, Any]]) -> None:
        self.log = log
        self.read = 0
        self.proposals = 0
        self.steps: dict[int, list[Step]] = {}

    def update(self) -> None:
        for record in self.log[self.read:]:
            kind = record.get("type")
            if kind == "propose":
                self.steps[self.proposals] = [Step(
                    "propose", record["country"],
                    tuple(Clause.from_dict(c) for c in record["clauses"]),
                    int(record.get("duration", 5)))]
                self.proposals += 1
            elif kind in ("counter", "accept", "reject", "withdraw"):
                clauses = tuple(Clause.from_dict(c) for c in record.get("clauses", []))
                self.steps.setdefault(record.get("negotiation"), []).append(
                    Step(kind, record["country"], clauses, int(record.get("duration", 0))))
        self.read = len(self.log)


_STEPS: weakref.WeakKeyDictionary[Game, _Steps] = weakref.WeakKeyDictionary()


def history(game: Game, negotiation: int) -> list[Step]:
    """Every move in a negotiation, in order (from the game log)."""
    kept = _STEPS.get(game)
    if kept is None or kept.log is not game.log or kept.read > len(game.log):
        kept = _STEPS[game] = _Steps(game.log)
    kept.update()
    steps = list(kept.steps.get(negotiation, ()))
    found = game.negotiation(negotiation)
    if found is not None and found.status is Status.EXPIRED:
        steps.append(Step("expired", found.proposer))
    return steps


def answer_of(game: Game, negotiation: int, country: str) -> str | None:
    """The latest answer ``country`` gave in a negotiation: accept, reject, counter, or None if
    it has not answered (or only proposed)."""
    for step in reversed(history(game, negotiation)):
        if step.country == country and step.kind in ("accept", "reject", "counter"):
            return step.kind
    return None


def answered_offer(game: Game, negotiation: int, country: str) -> int | None:
    """Which offer (1 for the proposal) ``country``'s latest answer in a negotiation was about:
    the offer on the table when it accepted, rejected or made its counter-offer; None if it has
    not answered. The reasons of that answer explain that offer, not a later one."""
    offers = 0
    answered = None
    for step in history(game, negotiation):
        if step.country == country and step.kind in ("accept", "reject", "counter"):
            answered = offers
        if step.kind in ("propose", "counter"):
            offers += 1
    return answered


def difference(game: Game, negotiation: int) -> list[ClauseChange]:
    """The offer on the table against the one before it, clause by clause."""
    found = game.negotiation(negotiation)
    if found is None:
        return []
    after = found.current.clauses
    before = found.offers[-2].clauses if len(found.offers) > 1 else after
    return clause_difference(before, after)


def clause_key(clause: Clause) -> tuple:
    return (clause.kind, clause.giver, clause.receiver, clause.form)


def clause_difference(before: tuple[Clause, ...], after: tuple[Clause, ...]) -> list[ClauseChange]:
    """Clause by clause: what a counter-offer added, removed or changed."""
    old = {clause_key(c): c for c in before}
    new = {clause_key(c): c for c in after}
    result = []
    for clause in after:
        previous = old.get(clause_key(clause))
        if previous is None:
            result.append(ClauseChange("added", None, clause))
        elif previous != clause:
            result.append(ClauseChange("changed", previous, clause))
        else:
            result.append(ClauseChange("same", previous, clause))
    result.extend(ClauseChange("removed", c, None) for c in before if clause_key(c) not in new)
    return result


# --- figures over time and now -----------------------------------------------------------------
def indicators_by_year(game: Game) -> list[dict[str, dict[str, Any]]]:
    """Every country's indicators for every year so far (year 0 first)."""
    return records(game).tables()


def series(game: Game, measure: str) -> dict[str, list[float]]:
    """Per country, one value per year: any reporter of the records with one value per
    country, e.g. "trust_held", "welfare_index", "dependency" (import concentration),
    "dependency_excess", "trade" (exports + imports), "score"."""
    return records(game).series(MEASURES.get(measure, measure))


def trust_towards(game: Game, country: str) -> np.ndarray:
    """(n,): the trust each country holds in ``country`` now."""
    return records(game).latest("trust")[:, game.index[country]]


def relations(game: Game, viewer: str) -> dict[str, dict[str, float]]:
    """Per country, how it stands with ``viewer`` now: the trust it holds in the viewer, their
    trade both ways, its share of the viewer's imports, agreements in force together."""
    me = game.index[viewer]
    collected = records(game)
    trust = collected.latest("trust")
    shares = collected.latest("import_shares")
    exports = game.state.exports[0]
    together: dict[str, int] = {}
    for agreement in game.in_force():
        if viewer in agreement.parties:
            for party in agreement.parties:
                together[party] = together.get(party, 0) + 1
    return {
        country: {
            "trust_in_you": float(trust[k, me]),
            "your_trust": float(trust[me, k]),
            "trade_with_you": float(exports[me, k] + exports[k, me]),
            "import_share": float(shares[k, me]),
            "agreements": float(together.get(country, 0)) if country != viewer else 0.0,
        }
        for k, country in enumerate(game.country_ids)
    }


def groups(game: Game, viewer: str) -> list[dict[str, Any]]:
    """Organisations of the scenario and agreements in force with ``viewer``: their members (for
    the map's membership lens). Names are the scenario's (both languages) or None."""
    result: list[dict[str, Any]] = [
        {"key": f"organisation:{o.id}", "name": {"en": o.name.en, "id": o.name.id},
         "members": [m for m in o.members if m in game.index], "agreement": None}
        for o in game.scenario.organisations
    ]
    for agreement in game.in_force():
        if viewer in agreement.parties:
            result.append({"key": f"agreement:{agreement.id}", "name": agreement.name,
                           "members": list(agreement.parties), "agreement": agreement})
    return result


# --- the end of the game -----------------------------------------------------------------------
def year_reached(game: Game) -> int:
    """The year of the latest figures: turns resolved so far (0 at the start)."""
    return records(game).years - 1


def leaderboard(game: Game, humans: Collection[str], par: Par | None = None) -> list[dict[str, Any]]:
    """Countries best first, with their terms and whether a human played them: by score − par
    when ``par`` is known ("par" and "score_minus_par" after the same number of turns), else by
    score (both None)."""
    collected = records(game)
    scores = [float(x) for x in collected.latest("score")]
    terms = collected.latest("terms")
    ids = game.country_ids
    year = year_reached(game)
    pars = [par.at(c, year) if par is not None else None for c in ids]
    return [
        {"rank": rank, "country": ids[k], "score": scores[k],
         "par": pars[k], "score_minus_par": None if pars[k] is None else scores[k] - pars[k],
         "terms": {t: float(terms[k, i]) for i, t in enumerate(SCORE_TERMS)},
         "human": ids[k] in humans}
        for rank, k in enumerate(ranking(scores, ids, pars), start=1)
    ]


def ranked_value(row: dict[str, Any]) -> float:
    """What a leaderboard row is ranked by: score − par where par is known, else the score."""
    value = row.get("score_minus_par")
    return float(row["score"] if value is None else value)


def facts(game: Game, country: str, par: Par | None = None) -> dict[str, Any]:
    """What happened to one country over the game, for the debrief (with ``par``: the seat's
    par, score − par and the par seat's welfare change; else None)."""
    collected = records(game)
    first, last = collected.table(0)[country], collected.table(-1)[country]
    made = agreements_made(game, country)
    me = game.index[country]
    shares = collected.latest("import_shares")[:, me]
    top = int(np.argmax(shares)) if shares.sum() > 0 else None
    broken_against = sum(1 for a in game.agreements if country in a.parties
                         for _, _, c in a.broken if c != country)
    rejected = sum(1 for n in game.negotiations if country in n.parties
                   and n.status is Status.REJECTED)
    concentration_end = last["dependency"]["imports"]["concentration"]
    return {
        "country": country,
        "agreements": made["agreements"],
        "by_type": {kind: made[kind] for kind in ("bilateral", "regional", "multilateral")},
        "broken_by": clauses_broken(game, country),
        "broken_against": broken_against,
        "rejected": rejected,
        "trust_start": first["trust_held"],
        "trust_end": last["trust_held"],
        "welfare_change": last["welfare_index"] / first["welfare_index"] - 1.0,
        "concentration_start": first["dependency"]["imports"]["concentration"],
        "concentration_end": concentration_end,
        "top_partner": game.country_ids[top] if top is not None else None,
        "top_share": float(shares[top]) if top is not None else 0.0,
        "high_dependency": concentration_end > HIGH_CONCENTRATION,
        "excess_start": first["dependency_excess"],
        "excess_end": last["dependency_excess"],
        "independence": last["terms"]["independence"],
        "score": last["score"],
        **_par_facts(game, country, last["score"], par),
    }


def _par_facts(game: Game, country: str, score: float, par: Par | None) -> dict[str, Any]:
    if par is None:
        return {"par": None, "score_minus_par": None, "par_welfare_change": None}
    year = year_reached(game)
    value = par.at(country, year)
    return {"par": value, "score_minus_par": score - value,
            "par_welfare_change": par.welfare_change(country, year)}


def awards(game: Game, par: Par | None = None) -> dict[str, str]:
    """Most trusted, best cooperator, most independent, greatest welfare gain (with ``par``:
    the greatest gain above the par seat's, since the poorest seat has the most room to grow)."""
    ids = game.country_ids
    found = {c: facts(game, c, par) for c in ids}
    return {
        "most_trusted": max(ids, key=lambda c: (found[c]["trust_end"], c)),
        "best_cooperator": max(ids, key=lambda c: (
            found[c]["agreements"] - 2 * found[c]["broken_by"], -found[c]["broken_by"], c)),
        "most_independent": min(ids, key=lambda c: (
            round(found[c]["concentration_end"], 9), found[c]["excess_end"], c)),
        "greatest_welfare_gain": max(ids, key=lambda c: (welfare_gain(found[c]), c)),
    }


def welfare_gain(found: dict[str, Any]) -> float:
    """The welfare change the award counts: above the par seat's where par is known."""
    if found.get("par_welfare_change") is None:
        return float(found["welfare_change"])
    return float(found["welfare_change"] - found["par_welfare_change"])


def nash_social_welfare(game: Game) -> dict[str, float]:
    """The class's shared result: the geometric mean of every country's welfare change (Nash
    social welfare of the welfare indices), now and as the worst-off country's; and ``above``:
    the same of each country's welfare against what it would have reached with no new
    agreements (``welfare_without_new_agreements``), so that what cooperation added shows
    apart from trend growth."""
    welfare = records(game).values("welfare_index")
    ratios = welfare[-1] / welfare[0]
    above = game.state.welfare[0] / welfare_without_new_agreements(game)
    return {
        "nash": float(math.exp(float(np.log(ratios).mean())) - 1.0),
        "worst": float(ratios.min() - 1.0),
        "best": float(ratios.max() - 1.0),
        "above": float(math.exp(float(np.log(above).mean())) - 1.0),
        "worst_above": float(above.min() - 1.0),
    }


#: The counterfactual of each game, kept while the game lives: (years run, its state).
_COUNTERFACTUALS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def welfare_without_new_agreements(game: Game) -> np.ndarray:
    """(n,): each country's welfare in the year the game has reached had only the scenario's
    opening agreements been in force (every clause kept, none ended early) with the same
    events: the counterfactual of "no new agreements". The model is run once a year and kept
    per game, so asking every turn costs one year of the model."""
    done, state = _COUNTERFACTUALS.get(game, (0, game.history[0]))
    years = len(game.history) - 1
    if done > years:  # a game replayed from an earlier point
        done, state = 0, game.history[0]
    opening_ids = {spec.id for spec in game.scenario.agreements}
    opening = [replace(a, ended_turn=None) for a in game.agreements if a.id in opening_ids]
    n = len(game.index)
    for year in range(done, years):
        report = game.reports[year]
        shocks = shocks_for(report.events, game.deck, game.index, game.economy.parameters)
        state = advance(state, game.economy, provisions(opening, report.turn, game.index)[None],
                        Compliance.none(n), shocks)
    _COUNTERFACTUALS[game] = (years, state)
    return state.welfare[0]


def results_csv(game: Game, humans: Collection[str], names: dict[str, str] | None = None,
                teams: dict[str, str] | None = None, par: Par | None = None) -> str:
    """The results CSV of the year reached (``game.rules.results``: the leaderboard with each
    country's score, par, terms, figures and agreements, and the scenario, its file's SHA-256,
    the seed and the turn on every row, so that classes' results can be checked and merged)."""
    return final_results_csv(game, list(humans), teams, names,
                             par.scores if par is not None else None)

"""How a country answers the offers on the table: accept, counter or walk away, with reasons.

The answers of every country a negotiator plays that are waiting for one are worked out
together: every offer and its variants (``variants.neighbours``) screened at once, then the
offers with the best few counter-offers of each answer projected with the full model in one
batch. A country with several offers on the table values them one after another (what it
receives of security, education, training and visas counts only up to a level of 1). It
accepts an offer whose utility reaches its threshold, else counters with the variant of best
Nash product that it would accept next round and the partners still gain from, else rejects.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from game.agents.ai.reasons import Decision, decide
from game.agents.ai.received import (
    SECURITY_TERM,
    received_by,
    received_each,
    received_leanings,
)
from game.agents.ai.valuation import Evaluation, Valuer
from game.agents.ai.variants import neighbours
from game.agents.projection import Candidate, Projected, project, received_in_force
from game.agents.screening import screen
from game.model.indicators import quantised
from game.model.update import received_room
from game.rules import actions as act
from game.rules.game import Game, Negotiation

#: Counter-offers a responder confirms with the full model: the best few by screening.
COUNTERS_CONFIRMED = 3
#: The negotiations a country is a party to that are still open (the negotiator's index).
OpenNegotiations = Callable[[Game, str], list[Negotiation]]
#: An answer: the action and the decision with its reasons.
Answer = tuple[act.Action, Decision]


def work_out_answers(valuer: Valuer, game: Game, waiting: list[tuple[str, Negotiation]],
                     open_negotiations: OpenNegotiations) -> dict:
    """(negotiation, country, offers) -> (action, decision) for each waiting answer: every
    offer and counter-offer screened at once, then the offers with the best few
    counter-offers of each answer projected with the full model in one batch."""
    rounds = game.scenario.scenario.negotiation_rounds
    horizon = valuer.difficulty.horizon
    memo = valuer.memo(game)
    menus = [[(negotiation.parties, negotiation.current.clauses)]
             + ([(negotiation.parties, v) for v in neighbours(
                 game, negotiation.current.clauses, negotiation.parties, memo)]
                if rounds - len(negotiation.offers) > 0 else [])
             for _, negotiation in waiting]
    candidates = [c for menu in menus for c in menu]
    # Units the proposals did not meet are not projected for a few variants: those
    # variants go to the full model with the offers and the best few counters.
    screened = screen(game, candidates, horizon, project_new=False, memo=memo)
    if not screened.exact:  # only the offers and the best few counters go to the full model
        starts = np.cumsum([0] + [len(menu) for menu in menus])
        chosen = best_counters(valuer, game, waiting, menus, candidates, screened, starts)
        menus = [menu[:1] + [candidates[b] for b in best]
                 for menu, best in zip(menus, chosen, strict=True)]
        candidates = [c for menu in menus for c in menu]
        screened = project(game, candidates, horizon, memo=memo)
    starts = np.cumsum([0] + [len(menu) for menu in menus])
    evaluation, theirs = answer_values(valuer, game, waiting, menus, candidates, screened, starts)
    evaluation, known = one_after_another(valuer, game, waiting, evaluation, theirs, starts,
                                          open_negotiations)
    answers = {}
    for k, (country, negotiation) in enumerate(waiting):
        answer = known.get(k)
        if answer is None:
            answer = answer_from(valuer, game, country, negotiation, evaluation, theirs,
                                 int(starts[k]), int(starts[k + 1]))
        answers[(negotiation.id, country, len(negotiation.offers))] = answer
    return answers


def one_after_another(valuer: Valuer, game: Game, waiting: list[tuple[str, Negotiation]],
                      evaluation: Evaluation, theirs: np.ndarray, starts: np.ndarray,
                      open_negotiations: OpenNegotiations
                      ) -> tuple[Evaluation, dict[int, Answer]]:
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
                           for n in open_negotiations(game, country)
                           if country in n.accepted]
                 for country in answers_of}
    crowded = {c: ks for c, ks in answers_of.items() if len(ks) > 1 or committed[c]}
    if not crowded:
        return evaluation, {}
    terms, risk = evaluation.terms.copy(), evaluation.risk.copy()
    leaning = evaluation.leaning.copy()
    adjusted = Evaluation(evaluation.candidates, evaluation.members, evaluation.evaluators,
                          terms, risk, leaning, evaluation.dependency, evaluation.distrust)
    profiles = valuer.profiles(game)
    in_force = received_in_force(game, valuer.memo(game))
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
    valued = received_leanings(valuer.table(game, evaluation.candidates), evaluation.candidates,
                               entries,
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
        terms[now, SECURITY_TERM] = quantised(terms[now, SECURITY_TERM] * security)
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
            known[k] = answer = answer_from(valuer, game, country, waiting[k][1], adjusted, theirs,
                                             start, stop)
            action = answer[0]
            if isinstance(action, act.Accept):
                signed[country] = signed[country] + received[at[start]]  # the offer first
            elif isinstance(action, act.Counter):
                chosen = next(e for e in range(stop - start) if evaluation.candidates[
                    start + e][1] == action.clauses)
                signed[country] = signed[country] + received[at[start] + chosen]
    return adjusted, known


def answer_values(valuer: Valuer, game: Game, waiting: list[tuple[str, Negotiation]],
                  menus: list[list[Candidate]], candidates: list[Candidate],
                  projected: Projected, starts: np.ndarray) -> tuple[Evaluation, np.ndarray]:
    """Every menu entry valued by the country answering (one call for all answers), and the
    lowest estimated utility among the other parties of each."""
    sizes = np.diff(starts)
    answering = np.repeat([game.index[country] for country, _ in waiting], sizes)
    members = np.arange(len(candidates))
    mine = valuer.valuations(game, candidates, projected, members, answering)
    others = valuer.table(game, candidates).entries(members, answering)
    return mine, valuer.lowest_of_others(game, candidates, projected, others)


def best_counters(valuer: Valuer, game: Game, waiting: list[tuple[str, Negotiation]],
                  menus: list[list[Candidate]], candidates: list[Candidate],
                  screened: Projected, starts: np.ndarray) -> list[list[int]]:
    """For each answer, the counter-offers worth confirming (indices into ``candidates``):
    the best few by screened Nash product among those screening finds viable, and those
    screening could not value (a unit not projected this year: ``Projected.lacking``)."""
    evaluation, theirs = answer_values(valuer, game, waiting, menus, candidates, screened,
                                       starts)
    utility = evaluation.utility
    lacking = (screened.lacking if screened.lacking is not None
               else np.zeros(len(candidates), dtype=bool))
    chosen = []
    for k, (country, negotiation) in enumerate(waiting):
        first, stop = int(starts[k]) + 1, int(starts[k + 1])
        next_threshold = valuer.threshold(game, country, len(negotiation.offers) + 1)
        viable = ((utility[first:stop] >= max(next_threshold, 0.0)) & (theirs[first:stop] > 0)
                  & ~lacking[first:stop])
        nash = np.where(viable, np.maximum(utility[first:stop], 0)
                        * np.maximum(theirs[first:stop], 0), -1.0)
        order = [first + int(b) for b in np.argsort(-nash, kind="stable") if viable[b]]
        unvalued = (first + np.flatnonzero(lacking[first:stop])).tolist()
        chosen.append(order[:COUNTERS_CONFIRMED] + unvalued)
    return chosen


def answer_from(valuer: Valuer, game: Game, country: str, negotiation: Negotiation,
                evaluation: Evaluation, theirs: np.ndarray, start: int, stop: int) -> Answer:
    """Accept, counter or reject, from the values of the offer (entry ``start``) and of the
    counter-offers (the entries up to ``stop``)."""
    offers_made = len(negotiation.offers)
    values = (evaluation.terms[start:stop].sum(axis=-1) + evaluation.risk[start:stop]
              + evaluation.leaning[start:stop])  # evaluation.utility[start:stop]
    decision = decide(game, country, evaluation, start,
                      valuer.threshold(game, country, offers_made), float(values[0]))
    if decision.accept:
        return act.Accept(country, negotiation.id), decision
    if stop - start > 1:
        utility = values[1:]
        others = theirs[start + 1:stop]
        next_threshold = valuer.threshold(game, country, offers_made + 1)
        viable = (utility >= max(next_threshold, 0.0)) & (others > 0)
        if viable.any():
            nash = np.where(viable, np.maximum(utility, 0) * np.maximum(others, 0), -1)
            best = evaluation.candidates[start + 1 + int(np.argmax(nash))]
            return (act.Counter(country, negotiation.id, best[1],
                                negotiation.current.duration), decision)
    return act.Reject(country, negotiation.id), decision

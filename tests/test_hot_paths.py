"""The AI's hot paths give what the plain computations give: kept clause hashes, kept verdicts
of terms, clause rows built from cached parts, candidate tables and local terms."""

from __future__ import annotations

import copy
import pickle
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from game.agents import ai
from game.agents.ai import CandidateTable, clause_row, neighbours, packages
from game.agents.projection import Projected, candidate_rows, largest, local_terms
from game.agents.projection import promises as clause_promises
from game.rules import actions as act
from game.rules.agreements import (
    AMOUNT_CLAUSES,
    MAXIMUM_CLAUSES,
    Clause,
    clause_entries,
    step_variants,
)
from game.rules.game import Game, Refusal
from game.rules.terms import MAXIMUM_DURATION
from game.scenario.loading import load_scenario
from game.scenario.schema import AidForm, ClauseKind

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


@pytest.fixture(scope="module")
def asean():
    return load_scenario(SCENARIOS / "asean-plus-three.toml")


def fields(clause: Clause) -> tuple:
    return (clause.kind, clause.level, clause.amount, clause.giver, clause.receiver,
            clause.training, clause.form)


def random_clauses(game: Game, rng: np.random.Generator, count: int) -> list[Clause]:
    """Clauses of every kind, some faulty: bad levels and amounts, odd givers and receivers."""
    countries = [*list(game.country_ids)[:4], None]
    levels = [0.5, 1.0, 0.05, 0.0, 1.2, -0.25, float("nan")]
    amounts = [0.0, 1.0, 5.0, 1e6, float("inf")]
    result = []
    for _ in range(count):
        kind = list(ClauseKind)[rng.integers(len(ClauseKind))]
        giver, receiver = (countries[rng.integers(len(countries))] for _ in range(2))
        if kind not in (ClauseKind.TECHNOLOGY_TRANSFER, *AMOUNT_CLAUSES) and rng.random() < 0.7:
            giver = receiver = None
        result.append(Clause(kind, level=levels[rng.integers(len(levels))],
                             amount=amounts[rng.integers(len(amounts))], giver=giver,
                             receiver=receiver, training=bool(rng.random() < 0.3),
                             form=AidForm.LOAN if rng.random() < 0.3 else AidForm.GRANT))
    return result


def reference_check(game: Game, parties, clauses, duration) -> Refusal | None:
    """The terms checked clause after clause, nothing kept (as the rules say)."""
    if not 1 <= duration <= MAXIMUM_DURATION:
        return Refusal("bad_duration", {"maximum": MAXIMUM_DURATION})
    if not 1 <= len(clauses) <= MAXIMUM_CLAUSES:
        return Refusal("clause_count", {"maximum": MAXIMUM_CLAUSES})
    seen = set()
    for clause in clauses:
        key = (clause.kind, clause.giver, clause.receiver, clause.form)
        if key in seen:
            return Refusal("clause_twice", {"clause": clause.kind.value})
        seen.add(key)
        if not (np.isfinite(clause.level) and np.isfinite(clause.amount)):
            return Refusal("bad_level")
        if clause.directed:
            if clause.giver not in parties or clause.receiver not in parties:
                return Refusal("direction_not_parties", {"clause": clause.kind.value})
            if clause.giver == clause.receiver:
                return Refusal("direction_same", {"clause": clause.kind.value})
        elif clause.giver is not None or clause.receiver is not None:
            return Refusal("direction_not_allowed", {"clause": clause.kind.value})
        if clause.kind in AMOUNT_CLAUSES:
            limit = game.amount_limit(clause.giver, clause.receiver)
            if not 0 < clause.amount <= limit:
                return Refusal("bad_amount", {"clause": clause.kind.value,
                                              "maximum": round(limit, 2)})
        elif not 0 < clause.level <= 1:
            return Refusal("bad_level")
        if clause.training and clause.kind is not ClauseKind.TECHNOLOGY_TRANSFER:
            return Refusal("training_not_allowed")
    return None


def test_a_clause_hashes_and_compares_by_its_fields_and_keeps_no_hash_in_copies():
    clause = Clause(ClauseKind.INVESTMENT, amount=2.0, giver="A", receiver="B")
    same = Clause.from_dict(clause.to_dict())
    assert clause == same and hash(clause) == hash(same) == hash(fields(clause))
    assert hash(clause) == hash(fields(clause))  # the kept hash
    assert clause != replace(clause, amount=3.0) and clause != fields(clause)
    assert hash(replace(clause, amount=3.0)) == hash(fields(replace(clause, amount=3.0)))
    for copied in (pickle.loads(pickle.dumps(clause)), copy.deepcopy(clause)):
        assert copied == clause and "_hash" not in vars(copied)
    assert same.to_dict() == clause.to_dict() and "_hash" not in clause.to_dict()
    odd = Clause(ClauseKind.TRADE_LIBERALISATION, level=float("nan"))
    other = Clause(ClauseKind.TRADE_LIBERALISATION, level=float("nan"))
    assert odd == odd == replace(odd) and odd != other  # as tuples of the same or other nans


def test_kept_verdicts_of_terms_are_those_of_the_rules_this_year_and_the_next(asean):
    game = Game(asean)
    rng = np.random.default_rng(3)
    pool = random_clauses(game, rng, 60)
    parties_pool = [tuple(game.country_ids[:2]), tuple(game.country_ids[1:4]),
                    (game.country_ids[0], game.country_ids[5])]
    terms = []
    for _ in range(400):
        count = int(rng.integers(0, 4))
        clauses = tuple(pool[k] for k in rng.integers(len(pool), size=count))
        terms.append((parties_pool[rng.integers(3)], clauses, int(rng.choice([5, 0, 21]))))
    money = [Clause(kind, amount=amount, giver=game.country_ids[0], receiver=game.country_ids[1])
             for kind in AMOUNT_CLAUSES for amount in np.geomspace(0.01, 1e4, 40)]
    terms += [(tuple(game.country_ids[:2]), (clause,), 5) for clause in money]
    verdicts = {reference_check(game, *t) is None for t in terms}
    assert verdicts == {True, False}  # both kinds of verdict are tested
    for _ in range(2):  # the second time from the kept verdicts
        for t in terms:
            assert game.check_terms(*t) == reference_check(game, *t), t
    turn, limit = game.turn, game.amount_limit(*game.country_ids[:2])
    while game.turn == turn:  # a year on: GDP and so the amount limits change
        for country in game.waiting_for():
            game.apply(act.EndPhase(country))
    assert game.amount_limit(*game.country_ids[:2]) != limit
    for t in terms:
        assert game.check_terms(*t) == reference_check(game, *t), t


def test_candidate_rows_are_the_entries_and_promises_of_their_clauses(asean):
    game = Game(asean)
    ids = tuple(game.country_ids)
    index = {c: k for k, c in enumerate(ids)}
    a, b, c = ids[:3]
    trade = Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5)
    packages_ = [
        (trade,), (trade, Clause(ClauseKind.VISA_FACILITATION, level=0.25)),
        (Clause(ClauseKind.TECHNOLOGY_TRANSFER, level=0.5, giver=a, receiver=b, training=True),
         trade),
        (trade, Clause(ClauseKind.INVESTMENT, amount=3.5, giver=a, receiver=b)),
        (Clause(ClauseKind.DEVELOPMENT_AID, amount=1.25, giver=b, receiver=a,
                form=AidForm.LOAN), trade),
        (Clause(ClauseKind.INVESTMENT, amount=7.0, giver=a, receiver=b),),
    ]
    for _ in range(2):  # the second time from the caches
        for parties in ((a, b), (a, b, c), (b, a)):
            for clauses in packages_:
                rows, promises = candidate_rows(parties, clauses, ids)
                expected = [e for clause in clauses for e in clause_entries(clause, parties, index)]
                assert np.array_equal(rows, np.array(expected, dtype=float).reshape(-1, 4))
                assert np.array_equal(promises, np.array(clause_promises(parties, clauses, index),
                                                         dtype=int).reshape(-1, 2))
                assert rows.dtype == float and promises.dtype == np.array([1]).dtype


def test_candidate_tables_are_the_rows_of_their_clauses(asean):
    game = Game(asean)
    candidates = [(("CHN", "JPN"), package) for level in (0.5, 1.0)
                  for package in packages(game, "CHN", "JPN", level)]
    candidates += [(("IDN", "MYS", "THA"), candidates[0][1]), *candidates[:3]]
    candidates += [(list(parties), list(clauses)) for parties, clauses in candidates[:2]]
    assert len(candidates) > 8
    for _ in range(2):  # the second time from the kept rows
        table = CandidateTable.of(game, candidates)
        rows = np.array([clause_row(c, game.index) for _, clauses in candidates for c in clauses])
        assert np.array_equal(table.kind, rows[:, 0].astype(int))
        assert np.array_equal(table.receiver, rows[:, 1].astype(int))
        assert np.array_equal(table.level, rows[:, 2]) and np.array_equal(table.amount, rows[:, 3])
        assert np.array_equal(table.is_amount, rows[:, 4] > 0)
        assert np.array_equal(table.owner, np.repeat(np.arange(len(candidates)),
                                                     [len(c) for _, c in candidates]))
        for b, (parties, _) in enumerate(candidates):
            assert set(np.flatnonzero(table.parties[b])) == {game.index[p] for p in parties}


def test_projected_rows_of_local_changes_are_those_of_local_terms():
    rng = np.random.default_rng(5)
    n, terms = 30, local_terms(1, []).shape[-1]
    local = []
    for size in rng.integers(3, 9, size=12):
        keep = np.sort(rng.choice(n, size=size, replace=False))
        local.append((keep, rng.normal(size=(size, terms))))
    projected = Projected(n, local=local)
    for start, stop in ((0, 12), (0, 1), (3, 7), (11, 12), (5, 5), (10, 15)):
        assert np.array_equal(projected.rows(start, stop), local_terms(n, local[start:stop]))


def test_variants_and_neighbours_are_the_same_when_asked_again(asean):
    game = Game(asean)
    a, b = game.country_ids[:2]
    offer = (Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5),
             Clause(ClauseKind.INVESTMENT, amount=2.0, giver=a, receiver=b))
    variants = step_variants(offer, (0.5, 1.5))
    assert [tuple(map(fields, v)) for v in variants] == [tuple(map(fields, v)) for v in
                                                         step_variants(offer, (0.5, 1.5))]
    assert (offer[0], replace(offer[1], amount=1.0)) in variants
    assert (replace(offer[0], level=0.75), offer[1]) in variants
    first = neighbours(game, offer, (a, b))
    first.clear()  # the caller's list: what is kept for the year is not changed
    again = neighbours(game, offer, (a, b))
    assert again and all(game.check_terms((a, b), v, 5) is None for v in again)
    assert again == ai.legal_neighbours(game, offer, (a, b))


def test_the_largest_scores_are_those_a_stable_sort_takes():
    rng = np.random.default_rng(7)
    for _ in range(300):
        n = int(rng.integers(1, 40))
        score = rng.integers(0, 5, size=n).astype(float)  # many ties
        score[rng.random(n) < 0.1] = np.inf
        if rng.random() < 0.1:
            score[rng.integers(n)] = np.nan
        for size in (1, 3, 6, n, n + 2):
            expected = np.sort(np.argsort(-score, kind="stable")[:size])
            assert np.array_equal(largest(score, size), expected), (score, size)

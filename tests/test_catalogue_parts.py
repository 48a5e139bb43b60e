"""Screening's catalogue keeps candidates as clause parts (screen17): what a batch gives for
each candidate must be its provision rows and promises as ``projection.candidate_rows`` makes
them (money clauses with their own amounts), and a unit number per clause that ignores the
clause's size, whichever batch a candidate first came in and in whatever company."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from game.agents.ai import AINegotiator
from game.agents.projection import candidate_rows
from game.agents.screening import Catalogue
from game.rules.game import Game
from game.scenario.loading import load_scenario, resolve
from game.scenario.schema import AMOUNT_CLAUSES
from tests.playing import to_diplomacy


def test_a_batch_gives_each_candidate_its_rows_promises_and_units():
    game = to_diplomacy(Game(load_scenario(resolve("asean-plus-three")), 1))
    ai = AINegotiator()
    menu = [c for country in game.country_ids[:5] for c in ai.candidates(game, country)]
    regional = [c for c in menu if len(c[0]) > 2]
    assert regional and any(c.kind in AMOUNT_CLAUSES for _, clauses in menu for c in clauses)
    # The same packages with other amounts (new candidates of known parts), and as lists.
    other = [(parties, tuple(replace(c, amount=round(c.amount * 0.7, 3))
                             if c.kind in AMOUNT_CLAUSES else c for c in clauses))
             for parties, clauses in menu[:200]]
    ids = tuple(game.country_ids)
    catalogue = Catalogue(ids)
    catalogue.batch(menu[::2])
    batch = menu + other + menu[:50] + [(list(p), list(c)) for p, c in menu[50:60]]
    rows, promises, clauses, counts, place = catalogue.batch(batch)
    assert len(counts) == len(place) == len(batch)
    row_at = promise_at = clause_at = 0
    units: dict[tuple, int] = {}
    for k, (parties, package) in enumerate(batch):
        parties, package = tuple(parties), tuple(package)
        expected_rows, expected_promises = candidate_rows(parties, package, ids)
        made = clauses[clause_at:clause_at + len(package), 2].astype(int)
        mine = rows[row_at:row_at + made.sum()]
        assert np.array_equal(mine, expected_rows)
        assert counts[k, 0] == len(expected_promises) and counts[k, 1] == len(package)
        assert np.array_equal(promises[promise_at:promise_at + counts[k, 0]], expected_promises)
        assert np.array_equal(clauses[clause_at:clause_at + len(package), 1],
                              [c.size for c in package])
        assert catalogue.place_parties[place[k]] == tuple(sorted(parties))
        for clause, unit in zip(package, clauses[clause_at:clause_at + len(package), 0].astype(int),
                                strict=True):  # one unit for a clause at any size
            key = (tuple(sorted(parties)), clause.kind, clause.giver, clause.receiver,
                   clause.form, clause.training)
            assert units.setdefault(key, unit) == unit
        row_at, promise_at, clause_at = (row_at + len(mine), promise_at + counts[k, 0],
                                         clause_at + len(package))
    assert row_at == len(rows) and promise_at == len(promises) and clause_at == len(clauses)
    assert len(set(units.values())) == len(units)

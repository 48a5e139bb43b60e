"""The provisions and kept-clause counts in force, kept for the turn and extended with each
agreement made (issue 17, screen17): after every agreement of an all-AI game they must be the
arrays made afresh from the agreements in force, to the last bit, and an agreement list
replaced (a restored game) must not be extended from the old one's."""

from __future__ import annotations

import numpy as np

from game.agents.ai import AINegotiator
from game.agents.memo import Memo
from game.agents.projection.rows import kept_all, kept_in_force
from game.rules import actions as act
from game.rules import protocol
from game.rules.agreements import Agreement, Clause, cap_levels, provision_rows
from game.rules.game import Game, Phase
from game.scenario.loading import load_scenario, resolve
from game.scenario.schema import ClauseKind
from tests.playing import to_diplomacy


def _fresh(game: Game) -> tuple:
    rows = provision_rows(game.agreements, game.turn, game.index)
    total = rows.total(len(game.index))
    return rows, cap_levels(total), kept_in_force(game, np.arange(len(game.index)))


def _same_rows(first, second) -> bool:
    names = ("agreement", "clause", "channel", "provider", "receiver", "size")
    return all(getattr(first, name).dtype == getattr(second, name).dtype
               and np.array_equal(getattr(first, name), getattr(second, name)) for name in names)


def test_grown_provisions_and_kept_counts_are_those_made_afresh(monkeypatch):
    game = Game(load_scenario(resolve("asean-plus-three")), 1)
    memo = Memo(game)
    checked = []
    conclude = Game._conclude

    def concluded(self: Game, negotiation) -> None:
        conclude(self, negotiation)
        rows, provisions, kept = _fresh(self)
        assert _same_rows(self.provision_rows(), rows)
        assert np.array_equal(self.provisions_in_force(), provisions)
        assert np.array_equal(kept_all(self, memo), kept)
        checked.append(len(self.agreements))

    monkeypatch.setattr(Game, "_conclude", concluded)
    ai = AINegotiator()
    ai.plays(game.country_ids)
    for _ in range(2):
        to_diplomacy(game)
        protocol.play_diplomacy(game, {c: ai for c in game.country_ids}, tell=False)
        for country in game.waiting_for():
            game.apply(act.EndPhase(country))
        while game.phase is Phase.COMPLIANCE:
            for country in game.waiting_for():
                game.apply(act.EndPhase(country))
    assert len(checked) >= 5  # several agreements in each of two turns


def test_a_replaced_agreement_list_is_made_afresh():
    game = Game(load_scenario(resolve("asean-plus-three")), 1)
    memo = Memo(game)
    before = game.provision_rows(), kept_all(game, memo)
    game.agreements = game.agreements[:1] + game.agreements[2:]  # another list, one fewer
    rows, provisions, kept = _fresh(game)
    assert len(rows.size) < len(before[0].size)
    assert _same_rows(game.provision_rows(), rows)
    assert np.array_equal(game.provisions_in_force(), provisions)
    assert np.array_equal(kept_all(game, memo), kept)


def test_levels_past_the_cap_stay_exact_when_extended():
    """Entries at the cap (their uncapped total above 1) and below it, extended agreement by
    agreement: the capped total is the one made afresh, amounts uncapped."""
    game = Game(load_scenario(resolve("asean-plus-three")), 1)
    a, b, c = game.country_ids[:3]
    made = [(Clause(ClauseKind.TRADE_LIBERALISATION, 0.75),),
            (Clause(ClauseKind.TRADE_LIBERALISATION, 0.7), Clause(ClauseKind.VISA_FACILITATION, 0.3)),
            (Clause(ClauseKind.INVESTMENT, amount=12.5, giver=a, receiver=b),),
            (Clause(ClauseKind.TRADE_LIBERALISATION, 0.35),)]
    game.provisions_in_force()
    for k, clauses in enumerate(made):
        parties = (a, b, c) if k == 1 else (a, b)
        game.agreements.append(Agreement(f"X{k}", parties, clauses, game.turn, 5))
        rows, provisions, _ = _fresh(game)
        assert _same_rows(game.provision_rows(), rows)
        assert np.array_equal(game.provisions_in_force(), provisions)
    assert game.provisions_in_force().max() >= 1.0

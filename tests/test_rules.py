"""The rules: phases, negotiation, legality with reasons, agreement types, compliance, expiry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.i18n import catalog
from game.rules import actions as act
from game.rules.agreements import AgreementType, Clause
from game.rules.game import Game, IllegalAction, Phase, Status
from game.scenario.schema import AidForm, ClauseKind

TRADE = Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5)


def to_diplomacy(game: Game) -> None:
    assert game.phase is Phase.NEWS
    for country in game.country_ids:
        game.apply(act.EndPhase(country))
    assert game.phase is Phase.DIPLOMACY


def end_phase(game: Game) -> None:
    for country in game.waiting_for():
        game.apply(act.EndPhase(country))


def refusal(game: Game, action: act.Action) -> str:
    reason = game.legal(action)
    assert reason is not None, action
    return reason.key


def test_a_turn_runs_news_diplomacy_compliance_then_the_next_news(tutorial):
    game = Game(tutorial)
    assert (game.turn, game.phase) == (1, Phase.NEWS)
    to_diplomacy(game)
    end_phase(game)
    assert game.phase is Phase.COMPLIANCE
    end_phase(game)
    assert (game.turn, game.phase) == (2, Phase.NEWS)
    assert game.state.year == 1 and len(game.reports) == 1


def test_the_game_finishes_after_the_last_turn(tutorial):
    game = Game(tutorial, turns=2)
    while not game.finished:
        end_phase(game)
    assert game.turn == 2 and game.state.year == 2
    assert refusal(game, act.EndPhase("SAM")) == "game_over"


def test_agreement_type_follows_the_parties_and_their_regions(tutorial):
    game = Game(tutorial)
    assert game.agreement_type(("SAM", "KAR")) is AgreementType.BILATERAL
    assert game.agreement_type(("SAM", "KAR", "AWN")) is AgreementType.REGIONAL
    game.regions["AWN"] = "elsewhere"
    assert game.agreement_type(("SAM", "KAR", "AWN")) is AgreementType.MULTILATERAL


def test_an_accepted_offer_comes_into_force_for_all_parties(tutorial):
    game = Game(tutorial)
    to_diplomacy(game)
    game.apply(act.Propose("SAM", ("SAM", "KAR", "AWN"), (TRADE,), 3))
    game.apply(act.Accept("KAR", 0))
    assert game.negotiations[0].status is Status.OPEN  # Awan has not answered
    game.apply(act.Accept("AWN", 0))
    negotiation = game.negotiations[0]
    assert negotiation.status is Status.AGREED
    agreement = next(a for a in game.agreements if a.id == negotiation.agreement)
    assert agreement.parties == ("SAM", "KAR", "AWN") and agreement.in_force(game.turn)
    assert len(game.obligations("AWN")) >= 1


def test_a_counter_offer_replaces_the_offer_and_needs_everyone_again(tutorial):
    game = Game(tutorial)
    to_diplomacy(game)
    game.apply(act.Propose("SAM", ("SAM", "KAR", "AWN"), (TRADE,), 3))
    game.apply(act.Accept("AWN", 0))
    deeper = (Clause(ClauseKind.TRADE_LIBERALISATION, level=0.9),)
    game.apply(act.Counter("KAR", 0, deeper, 4))
    negotiation = game.negotiations[0]
    assert negotiation.accepted == {"KAR"} and negotiation.current.clauses == deeper
    assert refusal(game, act.Accept("KAR", 0)) == "own_offer"
    game.apply(act.Accept("SAM", 0))
    game.apply(act.Accept("AWN", 0))
    assert negotiation.status is Status.AGREED


def test_counter_offers_stop_after_the_scenarios_rounds(tutorial):
    game = Game(tutorial)
    to_diplomacy(game)
    game.apply(act.Propose("SAM", ("SAM", "KAR"), (TRADE,), 3))
    rounds = tutorial.scenario.scenario.negotiation_rounds
    speakers = ["KAR", "SAM"]
    for k in range(rounds - 1):
        game.apply(act.Counter(speakers[k % 2], 0, (TRADE,), 3 + k))
    assert refusal(game, act.Counter(speakers[(rounds - 1) % 2], 0, (TRADE,), 9)) == "no_rounds_left"


def test_walking_away_ends_the_negotiation(tutorial):
    game = Game(tutorial)
    to_diplomacy(game)
    game.apply(act.Propose("SAM", ("SAM", "KAR"), (TRADE,), 3))
    game.apply(act.Reject("KAR", 0))
    assert game.negotiations[0].status is Status.REJECTED
    assert refusal(game, act.Accept("KAR", 0)) == "negotiation_closed"


def test_only_the_offerer_withdraws(tutorial):
    game = Game(tutorial)
    to_diplomacy(game)
    game.apply(act.Propose("SAM", ("SAM", "KAR"), (TRADE,), 3))
    assert refusal(game, act.Withdraw("KAR", 0)) == "not_your_offer"
    game.apply(act.Withdraw("SAM", 0))
    assert game.negotiations[0].status is Status.WITHDRAWN


def test_open_offers_expire_when_diplomacy_ends(tutorial):
    game = Game(tutorial)
    to_diplomacy(game)
    game.apply(act.Propose("SAM", ("SAM", "KAR"), (TRADE,), 3))
    end_phase(game)
    assert game.negotiations[0].status is Status.EXPIRED


def test_delegations_limit_proposals_a_turn(tutorial):
    game = Game(tutorial)
    to_diplomacy(game)
    for _ in range(game.delegations_left("SAM")):
        game.apply(act.Propose("SAM", ("SAM", "KAR"), (TRADE,), 3))
    assert refusal(game, act.Propose("SAM", ("SAM", "AWN"), (TRADE,), 3)) == "no_delegations"
    end_phase(game)
    end_phase(game)
    to_diplomacy(game)
    assert game.delegations_left("SAM") > 0


@pytest.mark.parametrize(
    ("action", "key"),
    [
        (act.Propose("XXX", ("XXX", "KAR"), (TRADE,), 3), "unknown_country"),
        (act.Propose("SAM", ("SAM",), (TRADE,), 3), "too_few_parties"),
        (act.Propose("SAM", ("SAM", "KAR", "KAR"), (TRADE,), 3), "party_twice"),
        (act.Propose("SAM", ("KAR", "AWN"), (TRADE,), 3), "proposer_not_party"),
        (act.Propose("SAM", ("SAM", "KAR"), (TRADE,), 0), "bad_duration"),
        (act.Propose("SAM", ("SAM", "KAR"), (), 3), "clause_count"),
        (act.Propose("SAM", ("SAM", "KAR"), (TRADE, TRADE), 3), "clause_twice"),
        (act.Propose("SAM", ("SAM", "KAR"),
                     (Clause(ClauseKind.TRADE_LIBERALISATION, level=0.0),), 3), "bad_level"),
        (act.Propose("SAM", ("SAM", "KAR"),
                     (Clause(ClauseKind.INVESTMENT, amount=1.0, giver="SAM", receiver="AWN"),), 3),
         "direction_not_parties"),
        (act.Propose("SAM", ("SAM", "KAR"),
                     (Clause(ClauseKind.INVESTMENT, amount=1.0, giver="SAM", receiver="SAM"),), 3),
         "direction_same"),
        (act.Propose("SAM", ("SAM", "KAR"),
                     (Clause(ClauseKind.SECURITY_COOPERATION, giver="SAM", receiver="KAR"),), 3),
         "direction_not_allowed"),
        (act.Propose("SAM", ("SAM", "KAR"),
                     (Clause(ClauseKind.DEVELOPMENT_AID, amount=1e6, giver="SAM", receiver="KAR",
                             form=AidForm.LOAN),), 3), "bad_amount"),
        (act.Propose("SAM", ("SAM", "KAR"),
                     (Clause(ClauseKind.EDUCATION_EXCHANGE, training=True),), 3),
         "training_not_allowed"),
        (act.Accept("SAM", 5), "no_such_negotiation"),
        (act.Comply("SAM", "fisheries", 0, False), "not_compliance"),
    ],
)
def test_illegal_actions_are_refused_with_a_reason_and_change_nothing(tutorial, action, key):
    game = Game(tutorial)
    to_diplomacy(game)
    before = game.state_hash()
    assert refusal(game, action) == key
    with pytest.raises(IllegalAction):
        game.apply(action)
    assert game.state_hash() == before and game.log == [act.to_dict(act.EndPhase(c))
                                                          for c in game.country_ids]


def test_proposals_outside_diplomacy_are_refused(tutorial):
    game = Game(tutorial)
    assert refusal(game, act.Propose("SAM", ("SAM", "KAR"), (TRADE,), 3)) == "not_diplomacy"


def test_every_refusal_has_a_text_in_both_languages():
    import game.rules.game as module

    rules = Path(module.__file__).parent  # the game, its legality checks and the protocol
    source = "".join((rules / name).read_text(encoding="utf-8")
                     for name in ("game.py", "legality.py", "protocol.py"))
    keys = set(re.findall(r'Refusal\(\s*"(\w+)"', source))
    assert len(keys) >= 20
    for language in ("en", "id"):
        missing = [k for k in keys if f"refusal.{k}" not in catalog(language)]
        assert missing == [], language


def test_breaking_a_clause_is_recorded_and_costs_the_breaker_trust(tutorial):
    def play(keep: bool) -> Game:
        game = Game(tutorial)
        to_diplomacy(game)
        end_phase(game)
        for agreement, k in game.obligations("KAR"):
            game.apply(act.Comply("KAR", agreement.id, k, keep))
        end_phase(game)
        return game

    kept, broken = play(True), play(False)
    fisheries = next(a for a in broken.agreements if a.id == "fisheries")
    assert fisheries.broken == [(1, 0, "KAR")]
    assert broken.reports[0].breaches == [("fisheries", 0, "KAR")]
    sam, kar = broken.index["SAM"], broken.index["KAR"]
    from game.model.indicators import trust

    assert trust(broken.state)[0, sam, kar] < trust(kept.state)[0, sam, kar]
    # Breaking pays now: Karang shields its market and saves the adjustment cost this year.
    assert broken.state.income[0, kar] > kept.state.income[0, kar]


def test_agreements_expire_after_their_duration(tutorial):
    game = Game(tutorial)
    to_diplomacy(game)
    game.apply(act.Propose("SAM", ("SAM", "AWN"), (TRADE,), 1))
    game.apply(act.Accept("AWN", 0))
    end_phase(game)
    end_phase(game)
    agreement = next(a for a in game.agreements if a.id == game.negotiations[0].agreement)
    assert agreement.ended_turn == 1 and not agreement.in_force(game.turn)
    assert agreement.id in game.reports[0].agreements_ended


def test_actions_round_trip_through_json_data(tutorial):
    clause = Clause(ClauseKind.TECHNOLOGY_TRANSFER, level=0.4, giver="AWN", receiver="SAM",
                    training=True)
    for action in [act.Propose("SAM", ("SAM", "AWN"), (clause, TRADE), 4),
                   act.Counter("AWN", 2, (clause,), 3), act.Accept("SAM", 1),
                   act.Reject("SAM", 1), act.Withdraw("SAM", 1),
                   act.Comply("SAM", "x", 0, False), act.EndPhase("SAM")]:
        assert act.action_from_dict(act.to_dict(action)) == action


@pytest.mark.parametrize("data", [None, 3, {"type": "fly"}, {"type": "accept", "country": "SAM"},
                                  {"type": "comply", "country": "SAM", "agreement": "a",
                                   "clause": "0", "keep": True},
                                  {"type": "propose", "country": "SAM", "parties": ["SAM"],
                                   "clauses": [{"kind": "nonsense"}]}])
def test_malformed_action_data_is_refused_cleanly(data):
    with pytest.raises(act.ActionFormatError):
        act.action_from_dict(data)

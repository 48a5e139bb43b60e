"""The turn protocol (game.rules.protocol): one driver for every caller, who decides now,
answers-only rounds refused by the rules, refused actions reported, and human seats acting at
the same time from several threads."""

from __future__ import annotations

import hashlib
import json
import threading

import pytest

from game.agents.ai import AINegotiator
from game.env.aec import DiplomasiEnv
from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game, Phase, replay_actions
from game.rules.protocol import Driver, deciding, play_game
from game.scenario.loading import load_scenario, resolve
from game.scenario.schema import ClauseKind
from game.session.session import Session

TRADE = Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5)
EDUCATION = Clause(ClauseKind.EDUCATION_EXCHANGE, level=0.4)


def log_digest(game: Game) -> str:
    return hashlib.sha256(json.dumps(game.log, sort_keys=True).encode()).hexdigest()


# --- one driver ------------------------------------------------------------------------------
@pytest.mark.parametrize(("scenario", "seed", "turns"), [
    ("tutorial", 3, 4), ("indonesia-partners", 2, 3), ("asean-plus-three", 1, 2),
])
def test_the_driver_the_session_and_the_env_play_the_same_game(scenario, seed, turns):
    loaded = load_scenario(resolve(scenario))
    simulated = Game(loaded, seed, turns)
    ai = AINegotiator("normal")
    play_game(simulated, dict.fromkeys(simulated.country_ids, ai))  # as `simulate --ai normal`

    session = Session(Game(loaded, seed, turns), [], "normal")

    environment = DiplomasiEnv(scenario, seed=seed, difficulty="normal", turns=turns, ai_only=True)
    environment.reset(seed=seed)

    assert simulated.finished and session.game.finished and environment.game.finished
    assert any(r.get("type") == "next_round" for r in simulated.log)
    assert log_digest(session.game) == log_digest(simulated) == log_digest(environment.game)
    assert session.game.state_hash() == simulated.state_hash() == environment.game.state_hash()


def test_a_balance_game_is_the_game_a_class_plays():
    """balance's self-play gives all countries one AI, as the session does."""
    from game.analysis.balance import play_job
    from game.analysis.common import scenario_from_text as _scenario

    loaded = load_scenario(resolve("tutorial"))
    record = play_job({"index": 0, "source": loaded.source, "text": loaded.text, "seed": 5,
                       "turns": 3, "level": "normal"})
    session = Session(Game(_scenario(loaded.source, loaded.text), 5, 3), [], "normal")
    scores = session.game.scores()
    assert record["scores"] == {c: float(scores[k]) for k, c in enumerate(session.game.country_ids)}
    assert record["refused"] == {}


# --- rounds and who decides ------------------------------------------------------------------
def test_a_proposal_in_the_answers_only_round_is_refused_by_the_rules(tutorial):
    game = Game(tutorial, 1, 2)
    for country in game.waiting_for():
        game.apply(act.EndPhase(country))
    proposal = act.Propose("SAM", ("SAM", "KAR"), (TRADE,), 5)
    assert game.legal(proposal) is None
    for number in range(1, game.floor_round + 2):
        assert game.legal(act.NextRound(number + 1)) is not None  # rounds go one at a time
        game.apply(act.NextRound(number))
    assert game.answers_only
    refusal = game.legal(proposal)
    assert refusal is not None and refusal.key == "answers_only"
    assert "answers" in str(refusal)
    assert game.legal(act.NextRound(game.round + 1)).key == "bad_round"


def test_who_decides_now(tutorial):
    game = Game(tutorial, 1, 2)
    seats = ["KAR", "SAM"]
    assert deciding(game, seats) == ["SAM", "KAR"]  # the news: any of them, in scenario order
    for country in game.waiting_for():
        game.apply(act.EndPhase(country))
    assert deciding(game, seats) == []  # the scheduled rounds are the computers'
    while game.round < game.floor_round:
        game.apply(act.NextRound(game.round + 1))
    assert deciding(game, seats) == ["SAM", "KAR"]
    game.apply(act.Propose("KAR", ("KAR", "SAM"), (TRADE,), 5))
    game.apply(act.EndPhase("SAM"))
    assert deciding(game, seats) == ["SAM", "KAR"]  # SAM has not seen KAR's offer
    assert deciding(game, seats, {"SAM": [[0, 1]]}) == ["KAR"]
    game.apply(act.NextRound(game.round + 1))
    assert deciding(game, seats) == []  # answers only: the computers'


class Cheater:
    """Proposes in every round, for another country too, and answers nothing."""

    def diplomacy(self, game, country, round_number):
        other = next(c for c in game.country_ids if c != country)
        return [act.Propose(country, (country, other), (TRADE,), 5),
                act.Propose(other, (country, other), (EDUCATION,), 5)]

    def compliance(self, game, country):
        return []


def test_refused_actions_are_logged_reported_and_skipped_by_a_replay(tutorial):
    game = Game(tutorial, 2, 2)
    reported = []
    play_game(game, dict.fromkeys(game.country_ids, Cheater()),
              on_refused=lambda country, action, refusal: reported.append((country, refusal.key)))
    refused = game.refused()
    assert refused and len(refused) == len(reported)
    assert {key for _, key in reported} >= {"not_your_country", "no_delegations"}
    assert all(r["action"]["type"] == "propose" and r["reason"] for r in refused)
    replayed = replay_actions(tutorial, 2, game.log, 2)
    assert replayed.state_hash() == game.state_hash()


def test_a_driver_stops_for_its_human_seats_and_refuses_others(tutorial):
    game = Game(tutorial, 1, 2)
    driver = Driver(game, {"KAR": AINegotiator(), "AWN": AINegotiator()})
    assert driver.advance() == ["SAM"] and game.phase is Phase.NEWS
    assert driver.act("KAR", act.EndPhase("KAR")).key == "not_your_country"
    assert driver.end("SAM") is None
    assert game.phase is Phase.DIPLOMACY and game.round == game.floor_round
    assert driver.deciding() == ["SAM"]
    assert driver.act("SAM", act.Propose("KAR", ("KAR", "SAM"), (TRADE,), 5)).key == "not_your_country"
    assert driver.end("SAM") is None
    assert game.phase is Phase.COMPLIANCE and driver.deciding() == ["SAM"]


# --- simultaneous human seats ----------------------------------------------------------------
def test_three_human_seats_act_at_the_same_time_from_three_threads():
    loaded = load_scenario(resolve("indonesia-partners"))
    humans = ["IDN", "JPN", "KOR"]
    session = Session(Game(loaded, 4, 2), humans, "normal")
    assert session.begin_diplomacy("IDN") is None
    assert set(session.deciding()) == set(humans)
    sent: dict[str, list[dict]] = {h: [] for h in humans}
    start = threading.Barrier(len(humans))
    errors: list[BaseException] = []

    def play(me: str) -> None:
        try:
            others = [h for h in humans if h != me]
            start.wait(timeout=30)
            for partner in others:  # proposals crossing each other
                action = act.Propose(me, (me, partner), (TRADE,), 5)
                if session.propose(me, action.parties, action.clauses, action.duration)[1] is None:
                    sent[me].append(act.to_dict(action))
            for _ in range(40):  # bounded: answer what waits, countering each offer once
                waiting = session.inbox(me)
                if not waiting:
                    if all(not session.inbox(h) for h in humans):
                        break
                    continue
                negotiation = waiting[0]
                if len(negotiation.offers) == 1 and negotiation.proposer < me:
                    action = act.Counter(me, negotiation.id, (TRADE, EDUCATION), 4)
                    refusal = session.counter(me, negotiation.id, action.clauses, action.duration)
                else:
                    action = act.Accept(me, negotiation.id)
                    refusal = session.accept(me, negotiation.id)
                if refusal is None:
                    sent[me].append(act.to_dict(action))
        except BaseException as error:  # reported below, with the thread's failure
            errors.append(error)

    threads = [threading.Thread(target=play, args=(h,)) for h in humans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors and not any(t.is_alive() for t in threads)
    human_records = [r for r in session.game.log if r.get("country") in humans
                     and r["type"] in ("propose", "counter", "accept")]
    for human in humans:
        mine = [r for r in human_records if r["country"] == human]
        assert mine == sent[human]  # each applied once, in the order this seat sent them
    assert sum(len(v) for v in sent.values()) == len(human_records)
    assert any(r["type"] == "counter" for r in human_records)
    agreed = [n for n in session.game.negotiations if set(n.parties) <= set(humans)
              and n.status.value == "agreed"]
    assert agreed
    for human in humans:
        session.end_diplomacy(human)
    assert session.game.phase is Phase.COMPLIANCE
    replayed = replay_actions(loaded, 4, session.game.log, 2)
    assert replayed.state_hash() == session.game.state_hash()

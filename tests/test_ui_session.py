"""The session behind the game window: who acts when, computers between human moves, hot-seat
order, saves and autosave, and the end-of-game summaries. No pygame."""

from __future__ import annotations

import csv
import io
import json

import pytest

from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Phase
from game.rules.storage import StorageError
from game.scenario.schema import ClauseKind
from game.session.session import Session, clause_difference

TRADE = Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5)
SECURITY = Clause(ClauseKind.SECURITY_COOPERATION, level=0.5)
EDUCATION = Clause(ClauseKind.EDUCATION_EXCHANGE, level=0.5)


class Scripted:
    """A predictable computer: refuses security, counters education once, accepts the rest."""

    def __init__(self):
        self.answers: dict[tuple[int, str], str] = {}

    def diplomacy(self, game, country, round_number):
        result = []
        for negotiation in game.open_negotiations(country):
            if country not in negotiation.waiting_for or negotiation.current.by == country:
                continue
            kinds = {c.kind for c in negotiation.current.clauses}
            if ClauseKind.SECURITY_COOPERATION in kinds:
                result.append(act.Reject(country, negotiation.id))
            elif ClauseKind.EDUCATION_EXCHANGE in kinds and len(negotiation.offers) == 1:
                changed = tuple(Clause(c.kind, level=0.3) if c.kind is ClauseKind.EDUCATION_EXCHANGE
                                else c for c in negotiation.current.clauses)
                changed = (*changed, TRADE)
                result.append(act.Counter(country, negotiation.id, changed, negotiation.current.duration))
            else:
                result.append(act.Accept(country, negotiation.id))
        return result

    def compliance(self, game, country):
        return [act.Comply(country, a.id, k, True) for a, k in game.obligations(country)]


def session_for(tutorial, humans, **kwargs) -> Session:
    from game.rules.game import Game

    return Session(Game(tutorial, 7, kwargs.pop("turns", 3)), humans, kwargs.pop("difficulty", "normal"),
                   kwargs.pop("controller", Scripted()), **kwargs)


def test_a_session_waits_for_the_human_at_the_news(tutorial):
    session = session_for(tutorial, ["SAM"])
    assert session.stage is Phase.NEWS
    assert session.current == "SAM"
    assert session.begin_diplomacy("KAR").key == "not_your_turn"
    assert session.begin_diplomacy("SAM") is None
    assert session.stage is Phase.DIPLOMACY
    assert session.current == "SAM"
    assert session.begin_diplomacy("SAM").key == "not_news"


def test_computers_answer_a_proposal_at_once(tutorial):
    session = session_for(tutorial, ["SAM"])
    session.begin_diplomacy("SAM")
    accepted, refusal = session.propose("SAM", ("SAM", "KAR"), (TRADE,), 5)
    assert refusal is None
    assert session.game.negotiation(accepted).status.value == "agreed"
    assert session.answer_of(accepted, "KAR") == "accept"
    rejected, _ = session.propose("SAM", ("SAM", "AWN"), (SECURITY,), 5)
    assert session.game.negotiation(rejected).status.value == "rejected"
    assert session.answer_of(rejected, "AWN") == "reject"
    assert session.propose("SAM", ("SAM", "AWN"), (EDUCATION,), 5)[1].key == "no_delegations"
    session.end_diplomacy("SAM")
    session.end_compliance("SAM", {})
    session.begin_diplomacy("SAM")
    countered, _ = session.propose("SAM", ("SAM", "AWN"), (EDUCATION,), 5)
    negotiation = session.game.negotiation(countered)
    assert negotiation.status.value == "open"
    assert negotiation in session.inbox("SAM")
    changes = {c.change for c in session.difference(countered)}
    assert changes == {"changed", "added"}
    assert [s.kind for s in session.history(countered)] == ["propose", "counter"]
    assert session.accept("SAM", countered) is None
    assert session.game.negotiation(countered).status.value == "agreed"


def test_a_refused_move_changes_nothing(tutorial):
    session = session_for(tutorial, ["SAM"])
    session.begin_diplomacy("SAM")
    log = len(session.game.log)
    identifier, refusal = session.propose("SAM", ("SAM",), (TRADE,), 5)
    assert identifier is None and refusal.key == "too_few_parties"
    assert session.propose("KAR", ("KAR", "SAM"), (TRADE,), 5)[1].key == "not_your_turn"
    assert len(session.game.log) == log


def test_a_whole_game_reaches_the_end_and_its_summaries(tutorial, tmp_path):
    session = session_for(tutorial, ["SAM"], autosave_path=tmp_path / "auto.json")
    while not session.game.finished:
        stage = session.stage
        if stage is Phase.NEWS:
            assert session.begin_diplomacy("SAM") is None
        elif stage is Phase.DIPLOMACY:
            session.propose("SAM", ("SAM", "KAR"), (TRADE,), 3)
            assert session.end_diplomacy("SAM") is None
        else:
            keep = {(a.id, k): False for a, k in session.game.obligations("SAM")[:1]}
            assert session.end_compliance("SAM", keep) is None
    assert session.stage is Phase.FINISHED and session.current is None
    board = session.leaderboard()
    assert [r["rank"] for r in board] == [1, 2, 3]
    assert board[0]["score"] >= board[-1]["score"]
    awards = session.awards()
    assert set(awards) == {"most_trusted", "best_cooperator", "most_independent", "greatest_welfare_gain"}
    assert set(awards.values()) <= {"SAM", "KAR", "AWN"}
    shared = session.nash_social_welfare()
    assert shared["worst"] <= shared["nash"] <= shared["best"]
    facts = session.facts("SAM")
    assert facts["agreements"] >= 1 and facts["broken_by"] >= 1
    rows = list(csv.reader(io.StringIO(session.results_csv({"SAM": "Samudra"}))))
    assert rows[0][:3] == ["rank", "country", "name"] and len(rows) == 4
    assert "Samudra" in {row[2] for row in rows}
    saved = json.loads((tmp_path / "auto.json").read_text())
    assert saved["extra"]["finished"] is True


def test_hot_seat_order_rotates_and_offers_between_humans_reopen_a_pass(tutorial):
    session = session_for(tutorial, ["SAM", "KAR"])
    assert session.order() == ["SAM", "KAR"]
    session.begin_diplomacy("SAM")
    assert session.current == "SAM"
    identifier, _ = session.propose("SAM", ("SAM", "KAR"), (TRADE,), 5)
    assert session.game.negotiation(identifier).status.value == "open"  # KAR is human
    session.end_diplomacy("SAM")
    assert session.current == "KAR"
    assert session.inbox("KAR")[0].id == identifier
    counter = (Clause(ClauseKind.TRADE_LIBERALISATION, level=0.7),)
    assert session.counter("KAR", identifier, counter, 5) is None
    session.end_diplomacy("KAR")
    assert session.current == "SAM"  # a new offer waits for SAM: another pass
    session.accept("SAM", identifier)
    session.end_diplomacy("SAM")
    assert session.stage is Phase.COMPLIANCE
    assert session.current == "SAM"
    session.end_compliance("SAM", {})
    assert session.current == "KAR"
    session.end_compliance("KAR", {})
    assert session.game.turn == 2 and session.stage is Phase.NEWS
    assert session.order() == ["KAR", "SAM"]
    assert session.current == "KAR"


def test_save_and_load_restore_the_session(tutorial, tmp_path):
    session = session_for(tutorial, ["SAM", "AWN"], difficulty="easy")
    session.begin_diplomacy("SAM")
    session.propose("SAM", ("SAM", "KAR"), (TRADE,), 5)
    session.end_diplomacy("SAM")
    path = tmp_path / "game.json"
    session.save(path)
    restored = Session.load(path)
    assert restored.game.state_hash() == session.game.state_hash()
    assert restored.humans == ["SAM", "AWN"]
    assert restored.difficulty == "easy"
    assert restored.current == "AWN" and restored.done == {"SAM"}
    assert restored.game.round == session.game.round == session.game.floor_round


def test_a_damaged_save_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{ not json")
    with pytest.raises(StorageError) as error:
        Session.load(path)
    assert "damaged" in error.value.message


def test_an_unwritable_autosave_does_not_stop_the_game(tutorial, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    session = session_for(tutorial, ["SAM"], autosave_path=blocker / "auto.json")
    assert session.begin_diplomacy("SAM") is None
    assert session.autosave_error


def test_all_computer_sessions_play_themselves(tutorial):
    session = session_for(tutorial, [], turns=2)
    assert session.game.finished


def test_queries_for_the_screens(tutorial):
    session = session_for(tutorial, ["SAM"])
    session.begin_diplomacy("SAM")
    relations = session.relations("SAM")
    assert set(relations) == {"SAM", "KAR", "AWN"}
    assert 0 < relations["KAR"]["trust_in_you"] < 1
    assert relations["KAR"]["agreements"] == 1  # the fisheries pact
    groups = session.groups("SAM")
    assert any(g["key"] == "agreement:fisheries" for g in groups)
    effect = session.projected_effect("SAM", ("SAM", "AWN"), (EDUCATION,))
    assert effect["total"] == pytest.approx(sum(v for k, v in effect.items() if k != "total"))
    assert session.what_would_it_take("AWN", ("SAM", "AWN"), (TRADE,), 5) == "unavailable"
    series = session.series("trust_held")
    assert len(series["SAM"]) == len(session.game.history)


def test_clause_difference_names_each_change():
    before = (TRADE, SECURITY)
    after = (Clause(ClauseKind.TRADE_LIBERALISATION, level=0.8), EDUCATION)
    changes = {(c.change, (c.after or c.before).kind) for c in clause_difference(before, after)}
    assert changes == {("changed", ClauseKind.TRADE_LIBERALISATION),
                       ("added", ClauseKind.EDUCATION_EXCHANGE),
                       ("removed", ClauseKind.SECURITY_COOPERATION)}


def test_the_real_ai_explains_its_answers(tutorial):
    from game.rules.game import Game

    session = Session(Game(tutorial, 7, 2), ["SAM"], "normal")
    session.begin_diplomacy("SAM")
    identifier, _ = session.propose("SAM", ("SAM", "KAR"), (TRADE,), 5)
    decision = session.reasons(identifier, "KAR")
    assert decision is not None
    assert sum(r.points for r in decision.reasons) == pytest.approx(decision.utility, abs=1e-6)

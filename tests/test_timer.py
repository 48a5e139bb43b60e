"""The diplomacy countdown (game.classroom.timer) with a fake clock, and the session's side of it:
started when diplomacy opens, cancelled when it ends, kept in a save, and expire_diplomacy."""

from __future__ import annotations

import pytest

from game.classroom.classroom import Classroom
from game.classroom.timer import DiplomacyTimer, clock_text
from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game, Phase, Status
from game.scenario.schema import ClauseKind
from game.session.session import Session

TRADE = Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5)


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Accepting:
    """A computer that accepts every offer, proposes nothing and keeps its word."""

    def diplomacy(self, game, country, round_number):
        return [act.Accept(country, n.id) for n in game.open_negotiations(country)
                if country in n.waiting_for and n.current.by != country]

    def compliance(self, game, country):
        return [act.Comply(country, a.id, k, True) for a, k in game.obligations(country)]


def test_counts_down_with_the_clock_and_expires_exactly_at_the_limit():
    clock = FakeClock()
    timer = DiplomacyTimer(180, clock)
    assert not timer.active and timer.remaining() == 180  # idle until diplomacy opens
    clock.advance(50)
    assert timer.remaining() == 180 and not timer.expired()
    timer.start()
    clock.advance(60)
    assert timer.remaining() == 120
    clock.advance(119.5)
    assert timer.remaining() == pytest.approx(0.5) and not timer.expired()
    clock.advance(0.5)
    assert timer.remaining() == 0 and timer.expired()
    clock.advance(30)
    assert timer.remaining() == 0  # never below zero


def test_pause_and_resume_keep_the_time_left():
    clock = FakeClock()
    timer = DiplomacyTimer(120, clock)
    timer.start()
    clock.advance(20)
    timer.pause()
    assert timer.paused and timer.remaining() == 100
    clock.advance(500)  # the menu was open for a long time
    assert timer.remaining() == 100 and not timer.expired()
    timer.pause()  # pausing twice changes nothing
    timer.resume()
    clock.advance(40)
    assert timer.running and timer.remaining() == 60
    timer.resume()  # resuming a running countdown does not restart it
    clock.advance(60)
    assert timer.expired()


def test_cancel_makes_it_idle_and_a_restart_has_the_full_length():
    clock = FakeClock()
    timer = DiplomacyTimer(90, clock)
    timer.start()
    clock.advance(90)
    assert timer.expired()
    timer.cancel()
    assert not timer.active and not timer.expired() and timer.remaining() == 90
    timer.resume()  # an idle countdown does not resume
    clock.advance(10)
    assert timer.remaining() == 90
    timer.start()
    clock.advance(10)
    assert timer.remaining() == 80


def test_a_save_keeps_the_seconds_left_and_restores_them_paused():
    clock = FakeClock()
    timer = DiplomacyTimer(300, clock)
    timer.start()
    clock.advance(75.25)
    saved = timer.to_dict()
    assert saved == {"seconds": 300.0, "active": True, "remaining": 224.75}
    later = FakeClock(5.0)  # a new process: another clock altogether
    restored = DiplomacyTimer.from_dict(saved, later)
    assert restored.paused and restored.remaining() == 224.75
    later.advance(100)
    assert restored.remaining() == 224.75  # paused until the game is on screen
    restored.resume()
    later.advance(24.75)
    assert restored.remaining() == 200


def test_damaged_saved_timers_give_none_or_a_sane_countdown():
    assert DiplomacyTimer.from_dict(None) is None
    assert DiplomacyTimer.from_dict({"remaining": 3}) is None
    assert DiplomacyTimer.from_dict({"seconds": -5, "active": True}) is None
    assert DiplomacyTimer.from_dict({"seconds": "soon"}) is None
    clamped = DiplomacyTimer.from_dict({"seconds": 60, "active": True, "remaining": 1e9})
    assert clamped.remaining() == 60
    idle = DiplomacyTimer.from_dict({"seconds": 60, "active": False, "remaining": 10})
    assert not idle.active and idle.remaining() == 60


def test_a_countdown_needs_a_positive_length():
    for seconds in (0, -1, float("inf"), float("nan")):
        with pytest.raises(ValueError):
            DiplomacyTimer(seconds)


def test_clock_text_is_minutes_and_seconds_rounded_up():
    assert clock_text(180) == "03:00"
    assert clock_text(179.2) == "03:00"
    assert clock_text(59.01) == "01:00"
    assert clock_text(9) == "00:09"
    assert clock_text(0.4) == "00:01"
    assert clock_text(0) == "00:00"
    assert clock_text(600) == "10:00"


# --- the session ---------------------------------------------------------------------------------

def hot_seat(tutorial, clock, humans=("SAM", "KAR")) -> Session:
    return Session(Game(tutorial, 7, 3), list(humans), "normal", Accepting(),
                   classroom=Classroom(teams={"SAM": "Garuda", "KAR": "Komodo"},
                                       timer=DiplomacyTimer(120, clock)))


def test_the_session_starts_the_countdown_when_diplomacy_opens_and_cancels_it_after(tutorial):
    clock = FakeClock()
    session = hot_seat(tutorial, clock)
    assert session.stage is Phase.NEWS and not session.classroom.timer.active
    clock.advance(30)  # reading the news costs no diplomacy time
    session.begin_diplomacy("SAM")
    assert session.classroom.timer.running and session.classroom.timer.remaining() == 120
    clock.advance(45)
    session.end_diplomacy("SAM")
    assert session.classroom.timer.remaining() == 75  # one countdown for the phase, not one per team
    session.end_diplomacy("KAR")
    assert session.stage is Phase.COMPLIANCE
    assert not session.classroom.timer.active


def test_expire_diplomacy_ends_every_human_and_moves_to_compliance(tutorial):
    clock = FakeClock()
    session = hot_seat(tutorial, clock, humans=("SAM", "KAR", "AWN"))
    session.begin_diplomacy("SAM")
    # Garuda offers Komodo a deal, and Komodo has not answered when time runs out
    waiting, refusal = session.propose("SAM", ("SAM", "KAR"), (TRADE,), 5)
    assert refusal is None
    session.end_diplomacy("SAM")
    assert session.current == "KAR"
    clock.advance(120)
    assert session.classroom.timer.expired()
    assert session.expire_diplomacy() is True
    assert session.stage is Phase.COMPLIANCE
    assert session.game.turn == 1
    assert session.current == session.order()[0]  # compliance starts with the turn's first team
    assert session.game.negotiation(waiting).status is not Status.OPEN
    assert not session.classroom.timer.active
    assert session.expire_diplomacy() is False  # nothing to expire outside diplomacy
    assert session.stage is Phase.COMPLIANCE


def test_the_countdown_restarts_at_full_length_next_turn(tutorial):
    clock = FakeClock()
    session = hot_seat(tutorial, clock)
    session.begin_diplomacy("SAM")
    clock.advance(120)
    session.expire_diplomacy()
    for country in list(session.order()):
        session.end_compliance(country, {})
    assert session.game.turn == 2 and session.stage is Phase.NEWS
    session.begin_diplomacy(session.current)
    assert session.classroom.timer.remaining() == 120 and session.classroom.timer.running


def test_a_saved_session_keeps_the_teams_and_the_time_left(tutorial, tmp_path):
    clock = FakeClock()
    session = hot_seat(tutorial, clock)
    session.begin_diplomacy("SAM")
    clock.advance(50)
    path = tmp_path / "save.json"
    session.save(path)
    loaded = Session.load(path, classroom=Classroom.from_dict)
    assert loaded.classroom.teams == {"SAM": "Garuda", "KAR": "Komodo"}
    assert loaded.stage is Phase.DIPLOMACY
    assert loaded.classroom.timer is not None and loaded.classroom.timer.paused
    assert loaded.classroom.timer.remaining() == 70
    later = FakeClock(0.0)
    loaded.classroom.timer.clock = later
    loaded.classroom.timer.resume()
    later.advance(70)
    assert loaded.classroom.timer.expired()
    assert loaded.expire_diplomacy() and loaded.stage is Phase.COMPLIANCE


def test_an_ordinary_game_has_no_timer_and_no_teams(tutorial, tmp_path):
    session = Session(Game(tutorial, 7, 3), ["SAM"], "normal", Accepting())
    session.begin_diplomacy("SAM")
    assert session.classroom is None
    session.save(tmp_path / "save.json")
    loaded = Session.load(tmp_path / "save.json", classroom=Classroom.from_dict)
    assert loaded.classroom.timer is None and loaded.classroom.teams == {}

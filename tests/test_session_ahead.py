"""The computers' next stretch prepared while the players read (game/session/ahead.py): the
game a preparing session plays is the very game of one that does not (the same log and state
hash, whether the player clicks at once or after reading), the opening rounds played ahead are
the rounds the click plays and the prepared batches are not worked out again, a save during
the preparation resumes exactly, and a teacher's card after it is played as without it."""

from __future__ import annotations

import pytest

from game.agents import projection
from game.agents.ai import AINegotiator, proposals
from game.rules.game import Game, Phase
from game.scenario.loading import load_scenario, resolve
from game.session.session import Session
from tests.playing import TRADE, clicks

HUMAN = "IDN"


@pytest.fixture(scope="module")
def loaded():
    return load_scenario(resolve("indonesia-partners"))


def session(loaded, prepare: bool, seed: int = 11, turns: int = 3) -> Session:
    made = Session(Game(loaded, seed, turns), [HUMAN], "normal", prepare_ahead=prepare)
    made.ahead.delay = 0.0  # the tests read at once; the window waits for its screen first
    return made


def play(s: Session, read: bool) -> list[tuple[list, str]]:
    """The whole game; after each turn its log and state hash (``read``: after each click the
    player reads until the preparation is done). Between the end of diplomacy and the end of
    compliance a preparing session's log lacks the computers' decisions, which come first at
    the human's end of compliance."""
    seen = []
    while not s.game.finished:
        for click in clicks(s):
            click()
            if read:
                s.ahead.wait()
        with s.lock:
            seen.append((list(s.game.log), s.game.state_hash()))
    return seen


def test_a_preparing_session_plays_the_very_game_of_one_that_does_not(loaded):
    plain = session(loaded, prepare=False)
    assert not plain.preparing
    steps = play(plain, read=False)
    reading = session(loaded, prepare=True)
    assert reading.preparing
    assert play(reading, read=True) == steps
    hurried = session(loaded, prepare=True)  # every click at once: it waits for what is left
    assert play(hurried, read=False) == steps
    assert reading.game.log == plain.game.log == hurried.game.log
    assert reading.ahead.last is not None
    assert reading.ahead.error is None and hurried.ahead.error is None


def test_the_compliance_decisions_wait_for_the_humans_end_of_the_phase(loaded):
    s = session(loaded, prepare=True)
    s.begin_diplomacy(HUMAN)
    s.end_diplomacy(HUMAN)
    s.ahead.wait()
    assert s.game.phase is Phase.COMPLIANCE
    assert s.game.ended == set()  # the computers have not decided yet
    assert s.ahead.last is not None and s.ahead.last[1] == "compliance"
    assert s.ahead.decided is not None
    assert s.deciding() == [HUMAN] and s.current == HUMAN
    asked = []
    decide = s.controller.compliance
    s.controller.compliance = lambda game, country: asked.append(country) or decide(game, country)
    s.end_compliance(HUMAN, {})
    assert asked == []  # decided while the human read: applied, not asked again
    assert s.ahead.decided is None
    assert s.game.phase is Phase.NEWS and s.game.turn == 2
    s.ahead.wait()
    assert s.ahead.last is not None and s.ahead.last[1] == "rounds"


def test_the_prepared_batches_are_the_clicks_and_are_not_worked_out_again(loaded, monkeypatch):
    counts = {"shortlists": 0, "compliance": 0}
    draw_up, terms = proposals.draw_up_shortlists, projection.compliance_terms

    def counted_draw_up(*args, **kwargs):
        counts["shortlists"] += 1
        return draw_up(*args, **kwargs)

    def counted_terms(*args, **kwargs):
        counts["compliance"] += 1
        return terms(*args, **kwargs)

    monkeypatch.setattr(proposals, "draw_up_shortlists", counted_draw_up)
    monkeypatch.setattr(projection, "compliance_terms", counted_terms)
    plain = session(loaded, prepare=False, turns=2)
    play(plain, read=False)
    expected = dict(counts)
    counts.update(shortlists=0, compliance=0)
    prepared = session(loaded, prepare=True, turns=2)
    game = prepared.game
    taken = 0
    while not prepared.game.finished:
        for click in clicks(prepared):
            if prepared.game.phase is Phase.NEWS:
                prepared.ahead.wait()  # played ahead while the news is read ...
                rounds = prepared.ahead.rounds
                assert rounds is not None and rounds.game is not game
                drawn = counts["shortlists"]
                click()
                assert counts["shortlists"] == drawn  # ... and not again on the click
                assert prepared.controller is rounds.controller  # the AI that played them
                taken += 1
            else:
                click()
            prepared.ahead.wait()
    assert prepared.game is game  # the screens hold the game: it takes the copy's contents
    assert taken == 2
    assert counts == expected
    assert prepared.game.log == plain.game.log


def test_the_rounds_played_ahead_are_the_rounds_the_click_plays(loaded):
    prepared = session(loaded, prepare=True)
    prepared.ahead.wait()
    rounds = prepared.ahead.rounds
    assert rounds is not None
    assert prepared.game.phase is Phase.NEWS and len(prepared.game.negotiations) == 0
    plain = session(loaded, prepare=False)
    plain.begin_diplomacy(HUMAN)
    assert len(plain.game.negotiations) > 0
    assert rounds.game.log == plain.game.log
    assert rounds.game.state_hash() == plain.game.state_hash()
    prepared.begin_diplomacy(HUMAN)
    assert prepared.game.log == plain.game.log
    assert prepared.ahead.rounds is None


class OtherAI(AINegotiator):
    """An AI the session cannot make afresh: its opening rounds are not played ahead, only
    the shortlists drawn up (into its own memo)."""


def test_another_ai_has_its_shortlists_drawn_up_in_the_news_instead(loaded):
    plain = session(loaded, prepare=False)
    play(plain, read=False)
    prepared = Session(Game(loaded, 11, 3), [HUMAN], "normal", OtherAI("normal"),
                       prepare_ahead=True)
    prepared.ahead.delay = 0.0
    prepared.ahead.wait()
    assert prepared.ahead.last is not None and prepared.ahead.last[1] == "proposals"
    assert prepared.ahead.rounds is None and prepared.controller._shortlists
    play(prepared, read=True)
    assert prepared.game.log == plain.game.log


@pytest.mark.parametrize("point", ["news", "compliance"])
def test_a_save_during_the_preparation_resumes_exactly(loaded, tmp_path, point):
    plain = session(loaded, prepare=False)
    prepared = session(loaded, prepare=True)
    prepared.ahead.wait()
    for s in (plain, prepared):
        s.begin_diplomacy(HUMAN)
        s.propose(HUMAN, (HUMAN, "MYS"), (TRADE,), 5)
        s.end_diplomacy(HUMAN)
        while s.game.phase is Phase.DIPLOMACY:
            s.end_diplomacy(HUMAN)
        if point == "news":
            s.end_compliance(HUMAN, {})
    prepared.save(tmp_path / "save.json")  # at once: the preparation is (or was) under way
    prepared.ahead.wait()
    resumed = Session.load(tmp_path / "save.json", prepare_ahead=True)
    assert resumed.preparing
    for s in (plain, resumed):
        play(s, read=False)
    assert resumed.game.log == plain.game.log
    assert resumed.game.state_hash() == plain.game.state_hash()


def test_a_teachers_card_after_the_preparation_is_played_as_without_it(loaded):
    card = ("pandemic", ())
    games = []
    for prepare in (False, True):
        s = session(loaded, prepare=prepare, seed=4)
        for click in clicks(s):
            click()
        s.ahead.wait()  # the news of turn 2 read, the rounds played ahead, then the card
        assert s.moderate(*card) is None
        assert s.ahead.rounds is None
        play(s, read=True)
        games.append(s.game)
    uncarded = session(loaded, prepare=False, seed=4)
    play(uncarded, read=False)
    assert games[1].log == games[0].log
    assert games[1].state_hash() == games[0].state_hash()
    assert uncarded.game.state_hash() != games[0].state_hash()

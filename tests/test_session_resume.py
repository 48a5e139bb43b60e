"""A game resumed from its save goes on exactly as it would have without the interruption:
the computer countries' moves after a load are the ones they would have made anyway (a class
whose laptop crashed meets the same partners as the class next door)."""

from __future__ import annotations

from game.rules.agreements import Clause
from game.rules.game import Game
from game.scenario.loading import load_scenario, resolve
from game.scenario.schema import ClauseKind
from game.session.session import Session

TRADE = Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5)


def human_turn(session: Session) -> None:
    """The same human moves every turn: start diplomacy, one proposal, end, keep everything."""
    session.begin_diplomacy("IDN")
    partner = "MYS" if session.game.turn % 2 else "JPN"
    session.propose("IDN", ("IDN", partner), (TRADE,), 5)
    session.end_diplomacy("IDN")
    session.end_compliance("IDN", {})


def test_a_loaded_game_continues_as_the_uninterrupted_one(tmp_path):
    loaded = load_scenario(resolve("indonesia-partners"))
    straight = Session(Game(loaded, 11, 4), ["IDN"], "normal")
    resumed = Session(Game(loaded, 11, 4), ["IDN"], "normal")
    for turn in range(1, 5):
        human_turn(straight)
        human_turn(resumed)
        if turn in (1, 2):  # save and load between turns, as after a crash
            resumed.save(tmp_path / "save.json")
            resumed = Session.load(tmp_path / "save.json")
    assert straight.game.finished and resumed.game.finished
    assert resumed.game.log == straight.game.log
    assert resumed.game.state_hash() == straight.game.state_hash()


def test_a_game_loaded_in_the_middle_of_diplomacy_continues_the_same(tmp_path):
    loaded = load_scenario(resolve("indonesia-partners"))
    straight = Session(Game(loaded, 5, 3), ["IDN"], "normal")
    resumed = Session(Game(loaded, 5, 3), ["IDN"], "normal")
    human_turn(straight)
    human_turn(resumed)
    for session in (straight, resumed):
        session.begin_diplomacy("IDN")
        session.propose("IDN", ("IDN", "THA"), (TRADE,), 5)
    resumed.save(tmp_path / "save.json")
    resumed = Session.load(tmp_path / "save.json")
    for session in (straight, resumed):
        session.end_diplomacy("IDN")
        session.end_compliance("IDN", {})
        human_turn(session)
    assert resumed.game.log == straight.game.log

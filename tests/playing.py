"""Moving a game on in tests: a human seat that does nothing but end its phases (the step the
par, hidden-end and window tests take again and again), and a game brought to its diplomacy."""

from __future__ import annotations

from game.rules import actions as act
from game.rules.game import Game, Phase
from game.session.session import Session


def step_doing_nothing(session: Session, country: str) -> None:
    """``country`` begins diplomacy, ends it, or keeps every promise, whichever its stage asks
    (the move must be accepted)."""
    stage = session.stage.value
    if stage == "news":
        refusal = session.begin_diplomacy(country)
    elif stage == "diplomacy":
        refusal = session.end_diplomacy(country)
    else:
        refusal = session.end_compliance(country, {})
    assert refusal is None, (stage, refusal)


def to_diplomacy(game: Game) -> Game:
    """``game`` brought to its diplomacy phase, every country ending the phases before it."""
    while game.phase is not Phase.DIPLOMACY:
        for country in game.waiting_for():
            game.apply(act.EndPhase(country))
    return game

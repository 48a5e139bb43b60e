"""Moving a game on in tests: a human seat that does nothing but end its phases (the step the
par, hidden-end and window tests take again and again), a player's clicks of one turn (the
preparation and autosave tests), and a game brought to its diplomacy."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game, Phase
from game.scenario.schema import ClauseKind
from game.session.session import Session

#: The clause a player's turn proposes (``clicks``).
TRADE = Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5)


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


def clicks(s: Session, human: str = "IDN") -> Iterator[Callable[[], object]]:
    """A player's clicks of one turn of indonesia-partners, one at a time (the caller may read
    between them): begin diplomacy, propose trade to Malaysia or Japan, end diplomacy (again if
    an offer reopened the seat), keep every promise."""
    partner = "MYS" if s.game.turn % 2 else "JPN"
    yield lambda: s.begin_diplomacy(human)
    yield lambda: s.propose(human, (human, partner), (TRADE,), 5)
    yield lambda: s.end_diplomacy(human)
    while s.game.phase is Phase.DIPLOMACY:  # an offer reopened the seat
        yield lambda: s.end_diplomacy(human)
    yield lambda: s.end_compliance(human, {})


def to_diplomacy(game: Game) -> Game:
    """``game`` brought to its diplomacy phase, every country ending the phases before it."""
    while game.phase is not Phase.DIPLOMACY:
        for country in game.waiting_for():
            game.apply(act.EndPhase(country))
    return game

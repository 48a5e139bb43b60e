"""The computers' next stretch prepared while the players read (issue 17).

A click in the window waits for the computer countries' part that follows it: after "start
diplomacy" their scheduled rounds (the proposals' shortlists drawn up for every country at the
first proposal of the turn are half of it on ``world``), after "end compliance" their
compliance decisions and the year (the projections of every obligation in force, one batch for
all of them, growing with the agreements in force). Both batches depend only on the game as it
stands when the players start reading (the year's news, the compliance screen), so a session
works them out then, in a background thread, into the AI's memo for the turn; the click then
finds them there. Nothing is applied to the game ahead: the actions are the same, in the same
order, and the game log, the state hash and every save are what they were (a save during the
preparation waits for it, and the preparation never changes the game). The once-a-turn full
collection of the collector (``_thaw_once_a_turn`` in ``session``) runs there too, off the click.

The preparation holds the session's lock: a click that comes before it is done waits for what
is left (never computes it again), and the screens' read models, which read without the lock,
go on (frames are drawn: the projections are numpy, which lets the window's thread run). The
class host (a ``deferred`` session) does not prepare: its game thread has its own order of work.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from game.agents.ai import AINegotiator
from game.rules.game import Game, Phase

#: What a prepared batch is for: the game object, its turn, phase and the length of its log.
Where = tuple[int, int, Phase, int]

#: Held while a session's computers play or are prepared for: the AI keeps tables shared by
#: the games of a scenario (``game.agents.screening.catalogue``) and is not made for two
#: threads at once, so a session's preparation never runs beside another session's moves (a
#: test's session left preparing, a game left for a new one). Taken after the session's lock.
COMPUTERS = threading.RLock()

#: Seconds between a click's answer and the start of the preparation: the screen the click
#: leads to asks its read models first (started at once, the preparation made them 5-40 times
#: slower on ``world``: 0.2-0.6 s instead of 10 ms, both wanting the interpreter).
READING_STARTS = 0.25


def where(game: Game) -> Where:
    """The point of a game a preparation is for: any action (a card, a move) moves it on."""
    return id(game), game.turn, game.phase, len(game.log)


def owed_compliance(game: Game, computers: list[str]) -> list[str]:
    """The computer countries that have still to decide this compliance phase, in scenario
    order (a session that prepares leaves them undecided until a human ends the phase)."""
    if game.phase is not Phase.COMPLIANCE:
        return []
    return [c for c in computers if c not in game.ended]


def warm(controller: AINegotiator, game: Game, computers: list[str]) -> str | None:
    """Work out, for the AI's memo, the batch the computers' next stretch starts with; what was
    prepared ("proposals", "compliance") or None. Asked exactly as the driver asks first, and
    the answer dropped: the AI's values do not depend on which of its countries it is asked
    about first, so the driver's questions then find the batch and nothing else changes."""
    if game.finished:
        return None
    if game.phase is Phase.NEWS and game.round == 0:
        # the first country that will propose draws up every country's shortlist
        proposing = [c for c in computers if game.delegations_left(c) > 0]
        if proposing and not any(c in n.waiting_for for n in game.open_negotiations()
                                 for c in computers):
            controller.propose(game, proposing[0])
            return "proposals"
        return None
    deciding = owed_compliance(game, computers)
    if deciding:
        controller.compliance(game, deciding[0])
        return "compliance"
    return None


class Ahead:
    """One session's preparation: a background thread started after each of its stretches
    (``schedule``), working under the session's lock on the game as it was then."""

    def __init__(self, lock: threading.RLock, prepare: Callable[[], Any],
                 delay: float = READING_STARTS):
        self._lock = lock
        self._prepare = prepare
        self.delay = delay
        self._thread: threading.Thread | None = None
        #: what the last preparation did: (where, what), for the tests and the benchmark
        self.last: tuple[Where, str | None] | None = None

    def schedule(self, game: Game) -> None:
        """Prepare for the game as it is now, in the background."""
        point = where(game)
        thread = threading.Thread(target=self._run, args=(game, point), daemon=True,
                                  name="diplomasi-ahead")
        self._thread = thread
        thread.start()

    def _run(self, game: Game, point: Where) -> None:
        if self.delay > 0:
            time.sleep(self.delay)
        if where(game) != point or self._thread is not threading.current_thread():
            return
        with self._lock, COMPUTERS:
            if where(game) != point or self._thread is not threading.current_thread():
                return  # a move came first: its own stretch schedules the next preparation
            self.last = (point, self._prepare())

    def wait(self, timeout: float | None = None) -> None:
        """Until the preparation under way (if any) is done."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    @property
    def busy(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

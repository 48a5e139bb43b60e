"""The computers' next stretch prepared while the players read (issue 17).

A click in the window waits for the computer countries' part that follows it: after "start
diplomacy" their scheduled rounds, after "end diplomacy" their compliance decisions (the
projections of every obligation in force, one batch for all of them, growing with the
agreements in force). Both depend only on the game as it stands when the players start reading
(the year's news, the compliance screen), so a session prepares them then, in a background
thread:

* **The opening rounds** (``play_rounds``): in the news, the news ended and the scheduled
  rounds played on a copy of the game (``copy_game``) by a fresh AI of the session's
  difficulty (the AI's moves depend only on the game: a game loaded from its save goes on as
  the uninterrupted one). "Start diplomacy" then takes the copy's contents into the game
  (``adopt``) if nothing happened to the game since (a teacher's card, a save loaded), with the
  AI that played them; otherwise the copy is dropped and the rounds are played on the click.
* **The compliance decisions** (``decide_compliance``): every computer's, asked of the AI as
  the driver asks (one batch of every obligation at the first); they are applied at the
  human's end of compliance, before the human's own (the order of a session that does not
  prepare), by the driver (``Decided`` gives it the decisions worked out).

The game log, the state hash and every save are what they were: the same actions in the same
order (a save during the preparation waits for it, and saves the game, not the copy). The
once-a-turn full collection of the collector (``_thaw_once_a_turn`` in ``session``) runs in
the preparation too, off the click.

The preparation holds the session's lock: a click that comes before it is done waits for what
is left (never computes it again), and the screens' read models, which read without the lock,
go on (frames are drawn: the projections are numpy, which lets the window's thread run). The
class host (a ``deferred`` session) does not prepare: its game thread has its own order of work.
"""

from __future__ import annotations

import io
import pickle
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from game.agents.ai import AINegotiator
from game.agents.memo import SHARED
from game.rules.game import Game, Phase
from game.rules.protocol import Driver

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


def decide_compliance(controller: AINegotiator, game: Game, computers: list[str]
                      ) -> dict[str, list]:
    """Every computer's compliance decisions still owed, asked as the driver asks them (in
    scenario order; one batch for all of them at the first, kept in the AI's memo). A
    computer's decisions depend on the game and the last year's report, not on the other
    computers' decisions of this phase (hidden until the year resolves), so they are the
    driver's answers whenever it asks."""
    return {country: controller.compliance(game, country)
            for country in owed_compliance(game, computers)}


class Decided:
    """The computers' controller with their compliance decisions of this phase worked out
    ahead (``decide_compliance``): the driver is given those; everything else is asked of the
    controller."""

    def __init__(self, controller: AINegotiator, decided: dict[str, list]):
        self.controller = controller
        self.decided = decided

    def diplomacy(self, game: Game, country: str, round_number: int) -> list:
        return self.controller.diplomacy(game, country, round_number)

    def compliance(self, game: Game, country: str) -> list:
        found = self.decided.pop(country, None)
        return found if found is not None else self.controller.compliance(game, country)


def warm(controller: AINegotiator, game: Game, computers: list[str]) -> str | None:
    """Work out, for the AI's memo, the proposals' shortlists the computers' opening round
    starts with ("proposals"; for an AI ``play_rounds`` cannot make afresh), or None. Asked
    exactly as the driver asks first, and the answer dropped: the AI's values do not depend on
    which of its countries it is asked about first, so the driver's questions then find the
    batch and nothing else changes."""
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


def copy_game(game: Game) -> Game:
    """A copy of ``game`` to play ahead on, sharing with it what no move changes (the
    scenario, the economy, the years' states and their list, appended only when a year
    resolves): a pickle round trip of the rest (0.05-0.2 s on ``world``)."""
    shared = {id(part): part for part in (game.loaded, game.scenario, game.economy,
                                           game.rules_of_play, game.history, *game.history,
                                           game.state)}
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.persistent_id = lambda part: id(part) if id(part) in shared else None  # type: ignore[method-assign]
    pickler.dump(game)
    buffer.seek(0)
    unpickler = pickle.Unpickler(buffer)
    unpickler.persistent_load = shared.__getitem__  # type: ignore[method-assign]
    return unpickler.load()


@dataclass
class Rounds:
    """The opening rounds of a turn played ahead: on ``game``, a copy of the session's game at
    ``point``, by ``controller``."""

    point: Where
    game: Game
    controller: AINegotiator


def play_rounds(game: Game, computers: list[str], controller: AINegotiator,
                difficulty: str, copied: Callable[[], Any] | None = None) -> Rounds | None:
    """The news ended and the scheduled rounds played on a copy of ``game`` (in the news, a
    human seat deciding) by a fresh AI with ``controller``'s reasons, as "start diplomacy"
    plays them; None when that cannot be done exactly (another negotiator than the built-in
    AI). ``copied`` is called once the copy is made (the session freezes it for the
    collector: half a million new objects, which the rounds' collections would walk again and
    again)."""
    if type(controller) is not AINegotiator or game.phase is not Phase.NEWS or game.finished:
        return None
    point = where(game)
    copy = copy_game(game)
    if copied is not None:
        copied()
    fresh = AINegotiator(difficulty)
    fresh.decisions = dict(controller.decisions)
    driver = Driver(copy, dict.fromkeys(computers, fresh), seen={})
    waiting = driver.deciding()
    if not waiting:
        return None
    driver.end(waiting[0])  # the news ends for everyone, whoever starts it
    return Rounds(point, copy, fresh)


def adopt(game: Game, rounds: Rounds) -> AINegotiator:
    """``game`` takes the contents of the copy the rounds were played on (its identity stays:
    the screens hold it), and the AI that played them follows it; that AI."""
    copy, controller = rounds.game, rounds.controller
    contents = vars(copy)
    vars(game).clear()
    vars(game).update(contents)
    for name, value in list(vars(controller).items()):
        if value is copy:  # the game it follows, the game of its table
            setattr(controller, name, game)
    controller._memos.moved(copy, game)
    SHARED.moved(copy, game)
    return controller


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
        #: the opening rounds played ahead, until "start diplomacy" takes them or drops them
        self.rounds: Rounds | None = None
        #: the computers' compliance decisions worked out ahead, and from what point
        self.decided: tuple[Where, dict[str, list]] | None = None
        #: each preparation's kind, wall time and CPU time (seconds), for the benchmark
        self.took: list[tuple[str | None, float, float]] = []
        #: why the last preparation failed, if it did (nothing was prepared: the click works
        #: it out; the game is never touched by a preparation that fails half-way)
        self.error: str | None = None

    def take_decisions(self, game: Game) -> dict[str, list] | None:
        """The compliance decisions worked out ahead if from ``game`` as it is now."""
        decided, self.decided = self.decided, None
        if decided is not None and decided[0] == where(game):
            return decided[1]
        return None

    def take(self, game: Game) -> Rounds | None:
        """The rounds played ahead if they were played from ``game`` as it is now (else they
        are dropped: a card, a loaded save)."""
        rounds, self.rounds = self.rounds, None
        if rounds is not None and rounds.point == where(game):
            return rounds
        return None

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
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                self.last = (point, self._prepare())
            except Exception as error:  # the click then does the work itself
                self.error = f"{type(error).__name__}: {error}"
                self.last = (point, None)
            self.took.append((self.last[1], time.perf_counter() - start,
                              time.thread_time() - cpu))

    def wait(self, timeout: float | None = None) -> None:
        """Until the preparation under way (if any) is done."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    @property
    def busy(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

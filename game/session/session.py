"""A game session: the human seats of a game, the computer countries' controller, hot-seat
order, autosave, and the plain-data summaries the screens show. No pygame here.

The pygame client (``game.ui``) drives a ``Session``: it reads the game and the session's
queries, and sends the human players' moves through the session's methods. The turn is played
by the protocol's driver (``game.rules.protocol``), the same that plays ``simulate``,
tournaments and balance reports, so that the screen only ever waits for a human:

* **News.** One human reads the news and starts diplomacy (news is public).
* **Diplomacy.** When diplomacy opens, the computer countries play the scheduled rounds (their
  proposals, and answers to one another). Then every human seat may act, in any order and at
  the same time (a networked class) or one after another on one screen (hot-seat: ``current``
  is the seat whose turn it is, and the order rotates every turn). Each move is applied in the
  order it arrives and answered at once by the computer parties, with their reasons. A human
  who receives an offer after ending may act again to answer it. When every human is done (or
  the diplomacy timer runs out), the computers answer what is left and the phase ends.
* **Compliance.** The computers decide first (their choices stay hidden until the resolution),
  then each human keeps or breaks each clause it is bound by; the last one ends the turn and the
  model advances a year.

Every move takes the session's lock, so moves that arrive at once from several threads (the
classroom host) are applied one after another, in the order they take it; the game log records
that order and replays it. Every change is saved (atomically) to ``autosave_path`` when one is
set, so a crash never loses the class's work; ``Session.load`` restores a saved session.

``start_par`` has the computer play the same game in every seat in the background (par,
``game.session.par``); once it is ready, the leaderboard, the awards and the results rank by
score − par.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from dataclasses import InitVar, dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from game.agents.ai import AINegotiator
from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game, IllegalAction, Phase, Refusal
from game.rules.protocol import Controller, Driver
from game.rules.results import GAME_COLUMNS as RESULTS_GAME_COLUMNS  # noqa: F401 - known here
from game.rules.storage import StorageError, save_game
from game.scenario.loading import LoadedScenario
from game.session import persistence
from game.session.ahead import (
    COMPUTERS,
    Ahead,
    Decided,
    adopt,
    decide_compliance,
    owed_compliance,
    play_rounds,
    warm,
    where,
)
from game.session.autosave import Autosaver, load_autosave
from game.session.extra import checked_extra
from game.session.par import Par, ParKey, ParRun
from game.session.persistence import PROGRESS, RUNTIME, SETTING, WIRING, role
from game.session.queries import Queries
from game.session.reasons import restore_reasons, saved_reasons
from game.session.views import (  # noqa: F401 - the read models' names, also known from here
    HIGH_CONCENTRATION,
    ClauseChange,
    Step,
    clause_difference,
    clause_key,
)

DIFFICULTIES = ("easy", "normal", "hard")
#: 2: the protocol's rounds are in the game log; a save of format 1 is brought up to date on load.
SESSION_FORMAT = 2


def make_controller(difficulty: str = "normal") -> Controller:
    """The computer countries' negotiator: the AI at ``difficulty``."""
    return AINegotiator(difficulty)


@runtime_checkable
class Hooks(Protocol):
    """What the session tells the object attached to it (the classroom: game.classroom), and
    how it is saved with the game."""

    def diplomacy_opened(self, session: Session) -> None: ...

    def diplomacy_closed(self, session: Session) -> None: ...

    def after_change(self, session: Session) -> None: ...

    def loaded(self, session: Session) -> None: ...

    def to_dict(self) -> dict[str, Any]: ...

    def restarted(self) -> Hooks: ...


def _humans(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(h, str) for h in value):
        raise TypeError("humans are a list of country ids")
    return list(value)


def _difficulty(value: Any) -> str:
    if value not in DIFFICULTIES:
        raise ValueError(f"unknown difficulty {value!r}")
    return value


def _seen(value: Any) -> dict[str, list[list[int]]]:
    if not isinstance(value, dict):
        raise TypeError("seen offers are a table")
    return {str(h): v for h, v in value.items() if isinstance(v, list)}


@dataclass
class Session(Queries):
    """A game with its human countries and the computer countries' controller.

    Each field says its role (``game.session.persistence``): saved or not, kept or reset by the
    designer's reload; the save, the loading and the reload are made from those roles."""

    game: Game
    humans: list[str] = role(SETTING, decode=_humans)
    difficulty: str = role(SETTING, default="normal", decode=_difficulty)
    controller: Controller | None = role(RUNTIME, default=None)
    autosave_path: Path | None = role(WIRING, default=None)
    autosave_error: str | None = role(RUNTIME, default=None)
    #: whether each autosave is flushed to disk before it returns (the class host leaves that to
    #: the system and flushes at the end of each turn: ``game.net.hosting.moves``).
    autosave_flush: bool = role(WIRING, default=True)
    #: the class host's way (issue 14): a human's move is applied alone, and the computers'
    #: answers, the phases that follow, the year's resolution and the save wait for
    #: ``catch_up`` (the host acknowledges the move first, and saves as it likes). Off: every
    #: move runs all of it and autosaves before it returns (the window, tests, tools).
    deferred: bool = role(WIRING, default=False)
    #: the window's autosave (issue 17, ``game.session.autosave``): a journal of what each
    #: click changed beside a snapshot taken once a turn, instead of the whole save rewritten
    #: after every click. Off (tools, tests, the class host with its own journal): the whole save.
    autosave_journal: bool = role(WIRING, default=False)
    #: the window's way (issue 17, ``game.session.ahead``): while the players read, the
    #: computers' next batch is worked out in the background, and their compliance decisions
    #: wait for the first human's end of compliance (the collector's turn too). Off (tools,
    #: tests, previews): every stretch runs on the click; the class host (``deferred``) never
    #: prepares. The AI is not made for two threads at once: one live session prepares.
    prepare_ahead: bool = role(WIRING, default=False)
    #: per human seat that has ended diplomacy: the offers it had seen then (the driver's).
    seen: dict[str, list[list[int]]] = role(PROGRESS, default_factory=dict, decode=_seen)
    #: the classroom around the game (game.classroom.classroom), told of the session's moves.
    classroom: Hooks | None = role(SETTING, default=None, encode=lambda c: c.to_dict())
    #: par (game.session.par): the all-computer game of this scenario file, seed, turns and
    #: difficulty, played in the background once ``start_par`` is called; None before.
    par: ParRun | None = role(RUNTIME, default=None)
    #: a session loaded from its save (its classroom is told, and writes nothing yet).
    resumed: InitVar[bool] = False

    def __post_init__(self, resumed: bool) -> None:
        unknown = [h for h in self.humans if h not in self.game.index]
        if unknown:
            raise ValueError(f"not countries of this scenario: {', '.join(unknown)}")
        if len(set(self.humans)) != len(self.humans):
            raise ValueError("a human country is named twice")
        if self.difficulty not in DIFFICULTIES:
            raise ValueError(f"unknown difficulty {self.difficulty!r}: easy, normal or hard")
        if self.controller is None:
            self.controller = make_controller(self.difficulty)
        self.lock = threading.RLock()
        #: deferred moves (``deferred``): where the game was before the first of them, whether
        #: one may wait for the computers' answers, and the last human seat whose end of the
        #: compliance phase waits (its end resolves the year: that is the computers' part too).
        self._owed: tuple[int, Phase, int] | None = None
        self._owed_answer = False
        self._closing: str | None = None
        self.driver = Driver(self.game, dict.fromkeys(self.computers, self.controller),
                             seen=self.seen)
        self.ahead = Ahead(self.lock, self._prepare)
        #: the autosave's snapshot and journal (``autosave_journal``), made at its first use
        self.saver: Autosaver | None = None
        #: a click that played the computers' opening rounds itself (over a second on
        #: ``world``): the snapshot due is taken on it (``game.session.autosave``)
        self._slow_click = False
        #: what loading the save had to leave out (a journal's last line cut off by a crash),
        #: for the window to say; None
        self.resume_note: StorageError | None = None
        if resumed and self.classroom is not None:
            self.classroom.loaded(self)
        self._advance()

    # --- making and restoring sessions -------------------------------------------------------
    @classmethod
    def new(cls, loaded: LoadedScenario, humans: list[str], difficulty: str = "normal",
            seed: int | None = None, turns: int | None = None,
            autosave_path: Path | None = None) -> Session:
        return cls(Game(loaded, seed, turns), list(humans), difficulty,
                   autosave_path=autosave_path)

    def extra(self) -> dict[str, Any]:
        """What a save keeps besides the game: the session's saved fields, the computers'
        reasons, and what the menu's "resume" line shows without replaying the game."""
        return {
            "session": SESSION_FORMAT,
            **persistence.saved(self),
            "reasons": saved_reasons(self.controller, self.game, self.humans),
            "turn": self.game.turn,
            "last_turn": self.game.last_turn,
            # a hidden end: the announced length, for "turn 3 of about 10" (only then: the
            # saves of other games are what they were)
            **({"about_turns": self.game.rules_of_play.turns}
               if self.game.rules_of_play.hidden_end else {}),
            "finished": self.game.finished,
            "title": {"en": self.game.scenario.scenario.title.en,
                      "id": self.game.scenario.scenario.title.id},
        }

    def save(self, path: str | Path, flush: bool = True) -> None:
        """Save the game and the session atomically (StorageError if it cannot be written;
        ``flush``: to disk before returning, ``game.rules.storage.atomic_write_bytes``)."""
        with self.lock:
            self.catch_up()  # a save is of a settled game: nothing owed is left out of it
            save_game(self.game, path, self.extra(), flush)

    @classmethod
    def load(cls, path: str | Path, autosave_path: Path | None = None,
             classroom: Callable[[Any], Hooks] | None = None,
             prepare_ahead: bool = False, autosave_journal: bool = False) -> Session:
        """The session saved at ``path`` with the journal beside it replayed, if there is one
        (``game.session.autosave.load_autosave``; StorageError with a clear message if it cannot
        be read; a last line cut off by a crash is left out and said in ``resume_note``);
        ``classroom`` makes the attached classroom from its saved data (the saves of session
        format 1 kept the classroom's fields beside the session's); ``prepare_ahead`` and
        ``autosave_journal``: the window's (``Session.prepare_ahead``, ``autosave_journal``)."""
        game, saved, source, note = load_autosave(path)
        extra = checked_extra(source, saved).model_dump()
        values = persistence.restored(cls, extra)
        values.pop("classroom", None)
        humans = [h for h in values.pop("humans", []) if h in game.index]
        humans = list(dict.fromkeys(humans)) or [game.country_ids[0]]
        values["seen"] = {h: v for h, v in values.get("seen", {}).items() if h in humans}
        if extra.get("session") == 1:
            try:
                _bring_up_to_date(game, humans, extra)
            except IllegalAction as error:  # a hand-edited ``done`` or ``opened_turn``
                raise StorageError(path, "illegal_action", place="extra",
                                   error=str(error)) from None
        attached = None
        if classroom is not None:
            attached = classroom(extra["classroom"] if isinstance(extra.get("classroom"), dict)
                                 else extra)
        session = cls(game, humans, autosave_path=autosave_path, classroom=attached,
                      prepare_ahead=prepare_ahead, autosave_journal=autosave_journal,
                      resumed=True, **values)
        restore_reasons(session.controller, extra.get("reasons"))
        session.resume_note = note
        return session

    def restarted(self, game: Game, controller: Controller | None = None) -> Session:
        """A new session on ``game`` set up as this one is: its settings (fresh copies) and
        wiring kept, its progress and what it made while playing reset."""
        return type(self)(game, controller=controller, **persistence.kept(self))

    def autosave(self) -> None:
        """Save to ``autosave_path`` now, if one is set: the whole save, or with
        ``autosave_journal`` a line in the journal beside the snapshot
        (``game.session.autosave``); a failure (a full disk, a read-only folder) never stops
        the game: it waits in ``autosave_error`` for the screen to show."""
        if self.autosave_path is None:
            return
        with self.lock:
            slow, self._slow_click = self._slow_click, False
            try:
                if self.autosave_journal and not self.deferred:
                    if self.saver is None:
                        self.saver = Autosaver()
                    self.saver.record(self, take=slow or not self.preparing)
                    self.autosave_error = self.saver.take_error()
                else:
                    self.save(self.autosave_path, self.autosave_flush)
                    self.autosave_error = None
            except OSError as error:
                self.autosave_error = str(error)

    def journal_from_now(self) -> None:
        """Autosave as a snapshot and a journal from now on (``autosave_journal``; the window
        turns it on for the session it shows), starting now."""
        self.autosave_journal = True
        self.autosave()

    def wait_for_saves(self) -> None:
        """Until the autosave's snapshot being written in the background (if any) is on disk,
        and none taken in the background after it until the next autosave: before the window
        closes, goes to the menu or starts another game (never under the session's lock)."""
        if self.saver is not None:
            self.saver.settle()

    # --- where we are ------------------------------------------------------------------------
    @property
    def stage(self) -> Phase:
        return self.game.phase

    @property
    def computers(self) -> list[str]:
        return [c for c in self.game.country_ids if c not in self.humans]

    @property
    def done(self) -> set[str]:
        """The human seats that have ended the current phase."""
        return {h for h in self.humans if h in self.game.ended}

    def order(self) -> list[str]:
        """This turn's order of the human players: the first player moves on every turn."""
        if not self.humans:
            return []
        start = (self.game.turn - 1) % len(self.humans)
        return self.humans[start:] + self.humans[:start]

    def deciding(self) -> list[str]:
        """Every human seat the game waits for now (several at once in diplomacy and compliance:
        they may act at the same time; not a seat whose end waits for ``catch_up``)."""
        with self.lock:
            return [c for c in self.driver.deciding() if c != self._closing]

    @property
    def current(self) -> str | None:
        """The human whose turn it is on a shared screen (hot-seat), or None (game over or
        nobody human): the first in this turn's order of those the game waits for, a seat that
        has not ended before one reopened by a new offer."""
        with self.lock:
            waiting = set(self.driver.deciding())
            order = [h for h in self.order() if h in waiting]
            fresh = [h for h in order if h not in self.game.ended]
            return (fresh or order or [None])[0]

    # --- running the computers ---------------------------------------------------------------
    def _where(self) -> tuple[int, Phase, int]:
        return self.game.turn, self.game.phase, self.game.round

    def _advance(self, before: tuple[int, Phase, int] | None = None) -> None:
        """Run everything automatic until a human must act or the game is over, then save.
        ``before``: where the game was before the move that called this (the classroom hears
        when the human seats' round of diplomacy opens and when diplomacy ends)."""
        game = self.game
        before = before or self._where()
        ahead = self.preparing
        if not ahead or game.turn == before[0]:
            # preparing, after a click that resolved the year the once-a-turn collection is
            # left to the preparation, off the click (the next click collects at its start if
            # it comes before the preparation starts)
            _thaw_once_a_turn(game)
            _freeze()  # what is alive now is long-lived: the stretch's collections skip it
        # preparing: the computers' compliance decisions wait for the humans' first end of
        # the phase (``_computers_decide``), worked out meanwhile
        with COMPUTERS:
            self.driver.advance(until=Phase.COMPLIANCE if ahead else None)
        _freeze()  # what the computers left is long-lived: full collections skip it
        if self.classroom is not None and self._where() != before:
            if before[1] is Phase.DIPLOMACY:
                self.classroom.diplomacy_closed(self)
            if game.phase is Phase.DIPLOMACY and game.round == game.floor_round:
                self.classroom.diplomacy_opened(self)
        if not self.deferred:
            self.autosave()
        if self.classroom is not None:
            self.classroom.after_change(self)
        if ahead and not game.finished:
            self.ahead.schedule(game)

    @property
    def preparing(self) -> bool:
        """Whether this session prepares the computers' next stretch while the players read
        (``prepare_ahead``, not ``deferred``, human seats, the built-in AI)."""
        return (self.prepare_ahead and not self.deferred and bool(self.humans)
                and isinstance(self.controller, AINegotiator))

    def prepare_from_now(self) -> None:
        """Prepare from now on (``prepare_ahead``; the window turns it on for the session it
        shows), starting with the game as it stands."""
        self.prepare_ahead = True
        if self.preparing and not self.game.finished:
            self.ahead.schedule(self.game)

    def _prepare(self) -> str | None:
        """The preparation (``game.session.ahead``), under the lock: the collector's turn,
        then the opening rounds on a copy (in the news) or the computers' compliance batch
        into the AI's memo; what was prepared ("rounds", "proposals", "compliance", None).
        Then the autosave's snapshot if one is due (``game.session.autosave``): after the
        batch, so that a click that comes early waits for the batch alone, and the snapshot's
        writing (its own thread) does not slow the batch down."""
        try:
            return self._prepare_batch()
        finally:
            if self.saver is not None and self.autosave_journal:
                try:
                    self.saver.take_if_due(self)
                except OSError as error:
                    self.autosave_error = str(error)

    def _prepare_batch(self) -> str | None:
        if not self.preparing:
            return None
        assert isinstance(self.controller, AINegotiator)
        game, computers = self.game, self.driver.computers
        _thaw_once_a_turn(game)
        _freeze()  # the preparation's own collections skip what was alive before it ...
        rounds = play_rounds(game, computers, self.controller, self.difficulty,
                             copied=_freeze)  # ... and the copy (long-lived if taken)
        prepared: str | None = None
        if rounds is not None:
            self.ahead.rounds = rounds
            prepared = "rounds"
        elif owed_compliance(game, computers):
            self.ahead.decided = (where(game),
                                  decide_compliance(self.controller, game, computers))
            prepared = "compliance"
        else:
            prepared = warm(self.controller, game, computers)
        _freeze()
        return prepared

    def _take_rounds(self) -> bool:
        """The opening rounds played ahead taken into the game, with the AI that played
        them, if they were played from the game as it is (``game.session.ahead.adopt``)."""
        rounds = self.ahead.take(self.game)
        if rounds is None:
            return False
        self.controller = adopt(self.game, rounds)
        self.driver = Driver(self.game, dict.fromkeys(self.computers, self.controller),
                             seen=self.seen, tell=False)  # told on the copy: its plans stay
        return True

    def _computers_decide(self) -> None:
        """The computers' compliance decisions left for the humans' first end of the phase
        (``prepare_ahead``), before that human's: the order of a session that does not
        prepare (their batch was worked out while the human read)."""
        if not owed_compliance(self.game, self.driver.computers):
            return
        decided = self.ahead.take_decisions(self.game)
        if decided is None:
            self.driver.advance()
            return
        assert isinstance(self.controller, AINegotiator)
        Driver(self.game, dict.fromkeys(self.computers, Decided(self.controller, decided)),
               seen=self.seen, tell=False).advance()

    def _renew_controller(self) -> None:
        """A fresh AI for the computers, with the reasons of the old one: what it prepared
        for the game before a teacher's card is not used after it (the card changes the
        year's shocks, which the AI's memo of the turn does not follow)."""
        old = self.controller
        fresh = make_controller(self.difficulty)
        if isinstance(old, AINegotiator) and isinstance(fresh, AINegotiator):
            fresh.decisions = old.decisions
        self.controller = fresh
        self.driver = Driver(self.game, dict.fromkeys(self.computers, fresh), seen=self.seen)

    def _settle(self, before: tuple[int, Phase, int], answer: bool) -> None:
        """After a human's move: the computers' part now (``_advance``), or, ``deferred``, owed
        until ``catch_up`` (``answer``: the move may wait for their answers)."""
        if not self.deferred:
            self._advance(before)
            return
        if self._owed is None:
            self._owed = before
        self._owed_answer = self._owed_answer or answer

    @property
    def owing(self) -> bool:
        """Whether deferred moves wait for the computers' part (``catch_up``)."""
        return self._owed is not None

    def catch_up(self) -> bool:
        """The computers' part owed after deferred moves (``deferred``): the last human's end of
        compliance (the year's resolution), the answers, everything automatic until a human must
        act, the classroom told; no save (the caller saves). False if nothing was owed. Every
        human move catches up first, so the computers' part always comes right after the move
        that owes it, before any other move: the same order as a session that is not deferred
        (a team's move queued behind another's is never checked against a half-played turn)."""
        with self.lock, COMPUTERS:
            if self._owed is None:
                return False
            before, answer, closing = self._owed, self._owed_answer, self._closing
            self._owed, self._owed_answer, self._closing = None, False, None
            if closing is not None:
                self.driver.end(closing, follow=False)
            if answer:
                self.driver.answer()
            self._advance(before)
            return True

    def start_par(self, folder: Path | None = None, background: bool = True) -> ParRun:
        """Compute this game's par (cached in ``folder``), in a background thread unless
        ``background`` is False; once per session (a run of another game is cancelled)."""
        key = ParKey.of(self.game, self.difficulty)
        if self.par is None or self.par.key != key or self.par.status in ("cancelled", "failed"):
            if self.par is not None:
                self.par.cancel()
            self.par = ParRun(self.game.loaded, key, folder)
            if background:
                self.par.start()
            else:
                self.par.run()
        return self.par

    def par_known(self) -> Par | None:
        """This game's par once computed, else None."""
        return self.par.result if self.par is not None else None


    def moderate(self, card: str, countries: tuple[str, ...] = (),
                 direction: float = 1.0) -> Refusal | None:
        """The teacher sets off an event card this year (in the news or diplomacy phase); the
        refusal says why not. Recorded in the game log like every move."""
        with self.lock:
            self.catch_up()
            action = act.Moderate(card, tuple(countries), direction)
            refusal = self.game.legal(action)
            if refusal is not None:
                return refusal
            prepared = self.ahead.last
            self.game.apply(action)
            self.ahead.rounds = None  # played before the card: not the game's any more
            if prepared is not None and prepared[1] == "proposals" \
                    and prepared[0][:2] == (id(self.game), self.game.turn):
                self._renew_controller()  # prepared before the card: not used after it
            self.autosave()
            if self.preparing:
                self.ahead.schedule(self.game)
            return None

    # --- the human's moves -------------------------------------------------------------------
    def _check(self, country: str, action: act.Action) -> Refusal | None:
        if country not in self.humans:
            return Refusal("not_your_turn")
        return self.driver.check(country, action)

    def _do(self, country: str, action: act.Action) -> Refusal | None:
        with self.lock, COMPUTERS:
            self.catch_up()
            refusal = self._check(country, action)
            if refusal is not None:
                return refusal
            before = self._where()
            self.driver.act(country, action, follow=not (self.deferred or self.preparing))
            if self.preparing:  # the answers now, the rest up to the compliance phase
                self.driver.answer()
            self._settle(before, answer=True)
            return None

    def begin_diplomacy(self, country: str) -> Refusal | None:
        """End the news phase for everyone (one human is enough: the news is public)."""
        with self.lock, COMPUTERS:
            if self.game.phase is Phase.DIPLOMACY and set(self.humans) - self.game.ended:
                # another team began it: nothing owed can bring the news back while a team has
                # still to end its diplomacy, so the computers' part need not run first (the
                # class host answers "already started" without waiting for it)
                return Refusal("not_news")
            self.catch_up()
            if self.game.phase is not Phase.NEWS:
                return Refusal("not_news")
            if country not in self.deciding():
                return Refusal("not_your_turn")
            before = self._where()
            if not self._take_rounds():
                self._slow_click = self.preparing  # the rounds on the click: the snapshot too
                self.driver.end(country, follow=not (self.deferred or self.preparing))
            self._settle(before, answer=False)
            return None

    def check_proposal(self, country: str, parties: tuple[str, ...], clauses: tuple[Clause, ...],
                       duration: int) -> Refusal | None:
        return self._check(country, act.Propose(country, tuple(parties), tuple(clauses), duration))

    def propose(self, country: str, parties: tuple[str, ...], clauses: tuple[Clause, ...],
                duration: int) -> tuple[int | None, Refusal | None]:
        """Send a proposal; the computer parties answer at once. (negotiation id, refusal)."""
        with self.lock:
            identifier = len(self.game.negotiations)
            refusal = self._do(country, act.Propose(country, tuple(parties), tuple(clauses), duration))
            return (None, refusal) if refusal is not None else (identifier, None)

    def check_counter(self, country: str, negotiation: int, clauses: tuple[Clause, ...],
                      duration: int) -> Refusal | None:
        return self._check(country, act.Counter(country, negotiation, tuple(clauses), duration))

    def counter(self, country: str, negotiation: int, clauses: tuple[Clause, ...],
                duration: int) -> Refusal | None:
        return self._do(country, act.Counter(country, negotiation, tuple(clauses), duration))

    def accept(self, country: str, negotiation: int) -> Refusal | None:
        return self._do(country, act.Accept(country, negotiation))

    def reject(self, country: str, negotiation: int) -> Refusal | None:
        return self._do(country, act.Reject(country, negotiation))

    def withdraw(self, country: str, negotiation: int) -> Refusal | None:
        return self._do(country, act.Withdraw(country, negotiation))

    def end_diplomacy(self, country: str) -> Refusal | None:
        """The human has finished its diplomacy (an offer it has not seen gives it another
        pass to answer)."""
        with self.lock, COMPUTERS:
            self.catch_up()
            if self.game.phase is not Phase.DIPLOMACY:
                return Refusal("not_diplomacy")
            if country not in self.humans:
                return Refusal("not_your_turn")
            before = self._where()
            refusal = self.driver.end(country, follow=not (self.deferred or self.preparing))
            if refusal is None:
                self._settle(before, answer=False)
            return refusal

    def expire_diplomacy(self) -> bool:
        """The diplomacy timer ran out: diplomacy ends for every human who has not ended (offers
        still waiting for a human lapse), the computers answer what is left and the phase
        moves on, as after the last ``end_diplomacy``. False if diplomacy was not open."""
        with self.lock, COMPUTERS:
            self.catch_up()
            before = self._where()
            expired = self.driver.expire()
            if expired:
                self._advance(before)
            return expired

    def end_compliance(self, country: str, keep: dict[tuple[str, int], bool]) -> Refusal | None:
        """Keep or break each clause ``country`` is bound by (missing: kept); the last human
        to decide ends the turn."""
        with self.lock, COMPUTERS:
            self.catch_up()
            if self.game.phase is not Phase.COMPLIANCE:
                return Refusal("not_compliance")
            if country not in self.humans or country not in self.deciding():
                return Refusal("not_your_turn")
            self._computers_decide()
            for agreement, k in self.game.obligations(country):
                self.game.apply(act.Comply(country, agreement.id, k,
                                           keep.get((agreement.id, k), True)))
            before = self._where()
            if self.deferred and set(self.game.ended) | {country} >= set(self.game.country_ids):
                self._closing = country  # the last to end: its end resolves the year, later
            else:
                self.driver.end(country, follow=not self.deferred)
            self._settle(before, answer=False)
            return None


#: The game and turn at which the collector last got back the objects frozen after computer
#: stretches, how many objects the first freeze after that took, and how many stretches ran
#: since the frozen objects were last counted.
_thawed: tuple[int, int] | None = None
_frozen_after_thaw = 0
_stretches_uncounted = 0

#: Stretches between two counts of the frozen objects. Counting them walks the whole frozen
#: list (``gc.get_freeze_count``): about 12 ms for 60k objects on the class host, where every
#: team's move is a stretch; counted every time it was a quarter of the host's CPU (issue 14).
COUNT_FROZEN_EVERY = 16


def _thaw_once_a_turn(game: Game) -> None:
    """Give the collector back what ``gc.freeze`` took after each computer stretch, and collect
    it there: once a turn of each game, and when the frozen objects have doubled since (many
    moves in one turn; counted every ``COUNT_FROZEN_EVERY`` stretches). The full collections
    of 150-215k long-lived objects that free nothing were a fifth of a world session (issue
    17); one a turn is not. Collected at once, because the freeze that follows the stretch
    would otherwise take the garbage back: a window that played game after game at the same
    turn number, or many moves in one turn, kept every widget it had ever built
    (tests/test_ui_random.py grew to 4 GB)."""
    global _thawed, _frozen_after_thaw, _stretches_uncounted
    where = (id(game), game.turn)
    _stretches_uncounted += 1
    doubled = False
    if where == _thawed and _stretches_uncounted >= COUNT_FROZEN_EVERY:
        _stretches_uncounted = 0
        doubled = gc.get_freeze_count() > 2 * _frozen_after_thaw
    if where != _thawed or doubled:
        gc.unfreeze()
        gc.collect()
        _thawed, _frozen_after_thaw, _stretches_uncounted = where, 0, 0


def _freeze() -> None:
    """Freeze what is alive now (see ``_thaw_once_a_turn``), counting the first freeze after a
    thaw."""
    global _frozen_after_thaw
    gc.freeze()
    if not _frozen_after_thaw:
        _frozen_after_thaw = gc.get_freeze_count()


def _bring_up_to_date(game: Game, humans: list[str], extra: dict[str, Any]) -> None:
    """A save of session format 1 (before the protocol's rounds were in the game log): the
    computers had played the scheduled rounds of this diplomacy phase, or decided this
    compliance phase, when the save's ``opened_turn`` or ``compliance_turn`` is this turn, and a
    human in ``done`` had ended it. Apply what the protocol now records for that, so the game
    goes on where it was saved."""
    done = {h for h in extra.get("done", []) if h in humans}
    if game.phase is Phase.DIPLOMACY and extra.get("opened_turn") == game.turn:
        while game.round < game.floor_round:
            game.apply(act.NextRound(game.round + 1))
        for human in sorted(done):
            game.apply(act.EndPhase(human))
    elif game.phase is Phase.COMPLIANCE and extra.get("compliance_turn") == game.turn:
        for country in game.country_ids:
            if (country not in humans or country in done) and country not in game.ended:
                game.apply(act.EndPhase(country))

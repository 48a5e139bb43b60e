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
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from game.agents.ai import AINegotiator, Decision
from game.model.state import SCORE_TERMS
from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game, IllegalAction, Negotiation, Phase, Refusal
from game.rules.protocol import Advisor, Controller, Driver, Evaluator, Explainer, waiting_offers
from game.rules.results import GAME_COLUMNS as RESULTS_GAME_COLUMNS  # noqa: F401 - known here
from game.rules.storage import StorageError, load_game, save_game
from game.scenario.loading import LoadedScenario
from game.session import views
from game.session.extra import checked_extra
from game.session.timer import DiplomacyTimer
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


@dataclass
class Session:
    """A game with its human countries and the computer countries' controller."""

    game: Game
    humans: list[str]
    difficulty: str = "normal"
    controller: Controller | None = None
    autosave_path: Path | None = None
    autosave_error: str | None = None
    #: The classroom: team names (country id → team), reflection prompts on, the results folder
    #: written after every turn (game.session.results), and the teams' reflections.
    teams: dict[str, str] = field(default_factory=dict)
    reflection: bool = False
    results_folder: Path | None = None
    reflections: list[dict[str, Any]] = field(default_factory=list)
    #: Draws summary.png (the UI injects its pygame painter; without one the PNG is left out).
    results_painter: Callable[[Any], bytes] | None = None
    results_error: str | None = None
    results_attempted: int = -1  # the number of turn reports at the last automatic write
    reflection_offered: int = 0  # the last turn the teams were asked to reflect on
    #: The competition's diplomacy countdown (game.session.timer): started when diplomacy
    #: opens, cancelled when it ends; None for a game without one.
    timer: DiplomacyTimer | None = None

    def __post_init__(self) -> None:
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
        self.driver = Driver(self.game, dict.fromkeys(self.computers, self.controller))
        self._advance()

    # --- making and restoring sessions -------------------------------------------------------
    @classmethod
    def new(cls, loaded: LoadedScenario, humans: list[str], difficulty: str = "normal",
            seed: int | None = None, turns: int | None = None,
            autosave_path: Path | None = None) -> Session:
        return cls(Game(loaded, seed, turns), list(humans), difficulty,
                   autosave_path=autosave_path)

    def extra(self) -> dict[str, Any]:
        """What a save keeps besides the game: the session's own state."""
        return {
            "session": SESSION_FORMAT,
            "humans": list(self.humans),
            "difficulty": self.difficulty,
            "seen": self.driver.seen,
            "teams": dict(self.teams),
            "reflection": self.reflection,
            "results_folder": str(self.results_folder) if self.results_folder else None,
            "reflections": list(self.reflections),
            "timer": self.timer.to_dict() if self.timer is not None else None,
            "reasons": self._saved_reasons(),
            # for the menu's "resume" line, read without replaying the game:
            "turn": self.game.turn,
            "last_turn": self.game.last_turn,
            "finished": self.game.finished,
            "title": {"en": self.game.scenario.scenario.title.en,
                      "id": self.game.scenario.scenario.title.id},
        }

    def _saved_reasons(self) -> list[dict[str, Any]]:
        """The computers' reasons for their answers in negotiations with a human party (what
        the inbox and the negotiation screen show), so that a loaded game still explains them."""
        if not isinstance(self.controller, Explainer):
            return []
        humans = set(self.humans)
        negotiations = {n.id: n for n in self.game.negotiations}
        saved = []
        for (negotiation, country), decision in sorted(self.controller.decisions.items()):
            found = negotiations.get(negotiation)
            if found is not None and humans.intersection(found.parties) and hasattr(decision, "to_dict"):
                saved.append({"negotiation": negotiation, "country": country, **decision.to_dict()})
        return saved

    def _restore_reasons(self, saved: Any) -> None:
        if not isinstance(self.controller, Explainer) or not isinstance(saved, list):
            return
        for entry in saved:
            try:
                decision = Decision.from_dict(entry)
                self.controller.decisions[(int(entry["negotiation"]), str(entry["country"]))] = decision
            except (KeyError, TypeError, ValueError):
                continue  # a damaged entry loses only its explanation, never the game

    def save(self, path: str | Path) -> None:
        """Save the game and the session atomically (StorageError if it cannot be written)."""
        with self.lock:
            save_game(self.game, path, self.extra())

    @classmethod
    def load(cls, path: str | Path, autosave_path: Path | None = None) -> Session:
        """The session saved at ``path`` (StorageError with a clear message if it cannot)."""
        game, saved = load_game(path)
        extra = checked_extra(path, saved).model_dump()
        humans = [h for h in extra.get("humans", []) if isinstance(h, str) and h in game.index]
        difficulty = extra.get("difficulty", "normal")
        if difficulty not in DIFFICULTIES:
            difficulty = "normal"
        humans = humans or [game.country_ids[0]]
        if extra.get("session") == 1:
            try:
                _bring_up_to_date(game, humans, extra)
            except IllegalAction as error:  # a hand-edited ``done`` or ``opened_turn``
                raise StorageError(path, "illegal_action", place="extra",
                                   error=str(error)) from None
        teams = extra.get("teams", {})
        folder = extra.get("results_folder")
        reflections = extra.get("reflections", [])
        session = cls.__new__(cls)  # set up by hand: the driver must not move before ``seen``
        session.game = game
        session.humans = humans
        session.difficulty = difficulty
        session.controller = make_controller(difficulty)
        session.autosave_path = autosave_path
        session.autosave_error = None
        session.teams = ({str(c): str(t) for c, t in teams.items() if c in game.index}
                         if isinstance(teams, dict) else {})
        session.reflection = extra.get("reflection") is True
        session.results_folder = Path(folder) if isinstance(folder, str) and folder else None
        session.reflections = ([r for r in reflections if isinstance(r, dict)]
                               if isinstance(reflections, list) else [])
        session.results_painter = None
        session.results_error = None
        session.results_attempted = len(game.reports)
        session.reflection_offered = len(game.reports)
        session.timer = DiplomacyTimer.from_dict(extra.get("timer"))
        session.lock = threading.RLock()
        session.driver = Driver(game, dict.fromkeys(session.computers, session.controller))
        seen = extra.get("seen", {})
        session.driver.seen = ({h: v for h, v in seen.items() if h in humans and isinstance(v, list)}
                               if isinstance(seen, dict) else {})
        session._restore_reasons(extra.get("reasons"))
        session._advance()
        return session

    def autosave(self) -> None:
        """Save to ``autosave_path`` now, if one is set; a failure (a full disk, a read-only
        folder) never stops the game: it waits in ``autosave_error`` for the screen to show."""
        if self.autosave_path is None:
            return
        try:
            self.save(self.autosave_path)
            self.autosave_error = None
        except OSError as error:
            self.autosave_error = str(error)


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
        they may act at the same time)."""
        with self.lock:
            return self.driver.deciding()

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
        ``before``: where the game was before the move that called this (the diplomacy timer
        starts when the human seats' round opens and is cancelled when diplomacy ends)."""
        game = self.game
        before = before or self._where()
        self.driver.advance()
        if self.timer is not None and self._where() != before:
            if before[1] is Phase.DIPLOMACY:
                self.timer.cancel()
            if game.phase is Phase.DIPLOMACY and game.round == game.floor_round:
                self.timer.start()
        self.autosave()
        if self.results_folder is not None and self.results_attempted != len(game.reports):
            self.results_attempted = len(game.reports)  # after each turn; a failure: next turn
            self.write_results()

    def write_results(self) -> bool:
        """Write the results folder now, if one is set (game.session.results). A failure (a
        read-only folder, a full disk) never stops the game: it waits in ``results_error`` for
        the screen to show, and the next turn tries again. True if the folder was written."""
        if self.results_folder is None:
            return False
        from game.session.results import ResultsFolderError, write_results

        try:
            write_results(self, self.results_folder, self.results_painter)
        except ResultsFolderError as error:
            self.results_error = str(error)
            return False
        self.results_error = None
        return True

    def team(self, country: str) -> str:
        """The team playing ``country`` ("" for a computer country or a team without a name)."""
        return self.teams.get(country, "") if country in self.humans else ""

    def add_reflection(self, country: str, question: str, text: str, answer: str) -> None:
        """Keep a team's answer to a reflection prompt about the turn just played: ``question``
        is the prompt's id, ``text`` the question as the team read it."""
        with self.lock:
            turn = self.game.reports[-1].turn if self.game.reports else self.game.turn
            self.reflections.append({"turn": turn, "country": country, "team": self.team(country),
                                     "question": question, "text": text, "answer": answer.strip()})
            self.autosave()

    def moderate(self, card: str, countries: tuple[str, ...] = (),
                 direction: float = 1.0) -> Refusal | None:
        """The teacher sets off an event card this year (in the news or diplomacy phase); the
        refusal says why not. Recorded in the game log like every move."""
        with self.lock:
            action = act.Moderate(card, tuple(countries), direction)
            refusal = self.game.legal(action)
            if refusal is not None:
                return refusal
            self.game.apply(action)
            self.autosave()
            return None

    # --- the human's moves -------------------------------------------------------------------
    def _check(self, country: str, action: act.Action) -> Refusal | None:
        if country not in self.humans:
            return Refusal("not_your_turn")
        return self.driver.check(country, action)

    def _do(self, country: str, action: act.Action) -> Refusal | None:
        with self.lock:
            refusal = self._check(country, action)
            if refusal is not None:
                return refusal
            before = self._where()
            self.driver.act(country, action)
            self._advance(before)
            return None

    def begin_diplomacy(self, country: str) -> Refusal | None:
        """End the news phase for everyone (one human is enough: the news is public)."""
        with self.lock:
            if self.game.phase is not Phase.NEWS:
                return Refusal("not_news")
            if country not in self.deciding():
                return Refusal("not_your_turn")
            before = self._where()
            self.driver.end(country)
            self._advance(before)
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
        with self.lock:
            if self.game.phase is not Phase.DIPLOMACY:
                return Refusal("not_diplomacy")
            if country not in self.humans:
                return Refusal("not_your_turn")
            before = self._where()
            refusal = self.driver.end(country)
            if refusal is None:
                self._advance(before)
            return refusal

    def expire_diplomacy(self) -> bool:
        """The diplomacy timer ran out: diplomacy ends for every human who has not ended (offers
        still waiting for a human lapse), the computers answer what is left and the phase
        moves on, as after the last ``end_diplomacy``. False if diplomacy was not open."""
        with self.lock:
            before = self._where()
            expired = self.driver.expire()
            if expired:
                self._advance(before)
            return expired

    def end_compliance(self, country: str, keep: dict[tuple[str, int], bool]) -> Refusal | None:
        """Keep or break each clause ``country`` is bound by (missing: kept); the last human
        to decide ends the turn."""
        with self.lock:
            if self.game.phase is not Phase.COMPLIANCE:
                return Refusal("not_compliance")
            if country not in self.humans or country not in self.deciding():
                return Refusal("not_your_turn")
            for agreement, k in self.game.obligations(country):
                self.game.apply(act.Comply(country, agreement.id, k,
                                           keep.get((agreement.id, k), True)))
            before = self._where()
            self.driver.end(country)
            self._advance(before)
            return None

    # --- what a human sees -------------------------------------------------------------------
    def inbox(self, country: str) -> list[Negotiation]:
        """Open negotiations waiting for ``country``'s answer."""
        return waiting_offers(self.game, country)

    def outgoing(self, country: str) -> list[Negotiation]:
        """Open negotiations where ``country``'s offer waits for others."""
        return [n for n in self.game.open_negotiations(country) if n.current.by == country]

    def this_turn(self, country: str) -> list[Negotiation]:
        """Every negotiation of this turn that ``country`` is a party to, newest first."""
        return [n for n in reversed(self.game.negotiations)
                if n.turn == self.game.turn and country in n.parties]

    def history(self, negotiation: int) -> list[Step]:
        return views.history(self.game, negotiation)

    def answer_of(self, negotiation: int, country: str) -> str | None:
        return views.answer_of(self.game, negotiation, country)

    def reasons(self, negotiation: int, country: str) -> Any | None:
        """Why a computer country answered as it did (the AI's Decision), or None."""
        if not isinstance(self.controller, Explainer):
            return None
        return self.controller.last_decision(negotiation, country)

    def evaluate(self, country: str, parties: tuple[str, ...], clauses: tuple[Clause, ...],
                 duration: int) -> Any | None:
        """How a computer country would see an offer (the AI's Decision), or None."""
        if not isinstance(self.controller, Evaluator) or country in self.humans:
            return None
        return self.controller.evaluate(self.game, country, tuple(parties), tuple(clauses), duration)

    def what_would_it_take(self, country: str, parties: tuple[str, ...],
                           clauses: tuple[Clause, ...], duration: int,
                           offers_made: int = 1) -> tuple[tuple[Clause, ...], int] | str | None:
        """The nearest version a computer country would accept: (clauses, duration), None if
        none is near, or "unavailable" when the AI cannot say (human partner, no AI)."""
        if not isinstance(self.controller, Advisor) or country in self.humans:
            return "unavailable"
        return self.controller.what_would_it_take(self.game, country, tuple(parties),
                                                  tuple(clauses), duration, offers_made=offers_made)

    def projected_effect(self, country: str, parties: tuple[str, ...],
                         clauses: tuple[Clause, ...]) -> dict[str, float]:
        """Projected change of each of ``country``'s score terms (after three years) if the
        agreement is made, against no change; "total" is their sum."""
        from game.agents.projection import project_terms

        terms = project_terms(self.game, [(tuple(parties), tuple(clauses))])
        me = self.game.index[country]
        change = terms[1, me] - terms[0, me]
        result = {term: float(change[k]) for k, term in enumerate(SCORE_TERMS)}
        result["total"] = float(change.sum())
        return result

    def compliance_values(self, country: str) -> dict[tuple[str, int], dict[str, Any]]:
        """Per obligation: what breaking it gains now and costs in trust, with whom."""
        from game.agents.projection import compliance_values

        return {(v["agreement"], v["clause"]): v for v in compliance_values(self.game, country)}

    def difference(self, negotiation: int) -> list[ClauseChange]:
        return views.difference(self.game, negotiation)

    # --- figures over time and the end of the game (game.session.views) ----------------------
    def indicators_by_year(self) -> list[dict[str, dict[str, Any]]]:
        return views.indicators_by_year(self.game)

    def series(self, measure: str) -> dict[str, list[float]]:
        return views.series(self.game, measure)

    def trust_towards(self, country: str) -> np.ndarray:
        return views.trust_towards(self.game, country)

    def relations(self, viewer: str) -> dict[str, dict[str, float]]:
        return views.relations(self.game, viewer)

    def groups(self, viewer: str) -> list[dict[str, Any]]:
        return views.groups(self.game, viewer)

    def leaderboard(self) -> list[dict[str, Any]]:
        return views.leaderboard(self.game, self.humans)

    def facts(self, country: str) -> dict[str, Any]:
        return views.facts(self.game, country)

    def awards(self) -> dict[str, str]:
        return views.awards(self.game)

    def nash_social_welfare(self) -> dict[str, float]:
        return views.nash_social_welfare(self.game)

    def results_csv(self, names: dict[str, str] | None = None) -> str:
        return views.results_csv(self.game, self.humans, names, self.teams)


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

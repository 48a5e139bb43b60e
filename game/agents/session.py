"""A game session: who acts when, the computer countries' moves between human turns, hot-seat
order, autosave, and the plain-data summaries the screens show. No pygame here.

The pygame client (``game.ui``) drives a ``Session``: it reads the game and the session's
queries, and sends the human player's moves through the session's methods. A session runs the
computer countries itself, so that the screen only ever waits for a human:

* **News.** One human reads the news and starts diplomacy (news is public).
* **Diplomacy.** When diplomacy opens, the computer countries make their proposals and answer one
  another. Each human then acts in turn (hot-seat order rotates every turn): every proposal or
  counter-offer a human sends is answered at once by the computer parties, with their reasons.
  A human who receives an offer from another human after ending gets another pass to answer it.
  When every human is done, the computers answer what is left and the phase ends.
* **Compliance.** The computers decide first (their choices stay hidden until the resolution),
  then each human keeps or breaks each clause it is bound by; the last one ends the turn and the
  model advances a year.

Every change is saved (atomically) to ``autosave_path`` when one is set, so a crash never loses
the class's work; ``Session.load`` restores a saved session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np

from game.agents.runner import Controller, tell_controllers
from game.classroom.timer import DiplomacyTimer
from game.model.state import SCORE_TERMS
from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game, Negotiation, Phase, Refusal
from game.rules.results import GAME_COLUMNS as RESULTS_GAME_COLUMNS  # noqa: F401 - known here
from game.rules.storage import load_game, save_game
from game.scenario.loading import LoadedScenario
from game.session import views
from game.session.views import (  # noqa: F401 - the read models' names, also known from here
    HIGH_CONCENTRATION,
    ClauseChange,
    Step,
    clause_difference,
    clause_key,
)

DIFFICULTIES = ("easy", "normal", "hard")
SESSION_FORMAT = 1


class Stage(StrEnum):
    NEWS = "news"
    DIPLOMACY = "diplomacy"
    COMPLIANCE = "compliance"
    FINISHED = "finished"


def make_controller(difficulty: str = "normal") -> Controller:
    """The computer countries' negotiator: the AI at ``difficulty``, or the baseline policy when
    the AI is not available."""
    try:
        from game.agents.ai import AINegotiator
    except ImportError:  # pragma: no cover - the AI ships with the game
        from game.agents.baseline import BaselinePolicy
        return BaselinePolicy()
    return AINegotiator(difficulty)


@dataclass
class Session:
    """A game with its human countries and the computer countries' controller."""

    game: Game
    humans: list[str]
    difficulty: str = "normal"
    controller: Controller | None = None
    autosave_path: Path | None = None
    done: set[str] = field(default_factory=set)
    opened_turn: int = 0  # turn whose diplomacy the computers have opened
    compliance_turn: int = 0  # turn whose compliance the computers have decided
    seen: dict[str, list[list[int]]] = field(default_factory=dict)  # offers seen when ending
    autosave_error: str | None = None
    #: The classroom: team names (country id → team), reflection prompts on, the results folder
    #: written after every turn (game.classroom.results), and the teams' reflections.
    teams: dict[str, str] = field(default_factory=dict)
    reflection: bool = False
    results_folder: Path | None = None
    reflections: list[dict[str, Any]] = field(default_factory=list)
    #: Draws summary.png (the UI injects its pygame painter; without one the PNG is left out).
    results_painter: Callable[[Any], bytes] | None = None
    results_error: str | None = None
    results_attempted: int = -1  # the number of turn reports at the last automatic write
    reflection_offered: int = 0  # the last turn the teams were asked to reflect on
    #: The competition's diplomacy countdown (game.classroom.timer): started when diplomacy
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
        self._tell_controller()
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
            "done": sorted(self.done),
            "opened_turn": self.opened_turn,
            "compliance_turn": self.compliance_turn,
            "seen": self.seen,
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

    def _tell_controller(self) -> None:
        """Tell the computers' controller which countries it plays (the AI plans them together)."""
        tell_controllers({country: self.controller for country in self.computers})

    def _saved_reasons(self) -> list[dict[str, Any]]:
        """The computers' reasons for their answers in negotiations with a human party (what
        the inbox and the negotiation screen show), so that a loaded game still explains them."""
        decisions = getattr(self.controller, "decisions", None)
        if not isinstance(decisions, dict):
            return []
        humans = set(self.humans)
        negotiations = {n.id: n for n in self.game.negotiations}
        saved = []
        for (negotiation, country), decision in sorted(decisions.items()):
            found = negotiations.get(negotiation)
            if found is not None and humans.intersection(found.parties) and hasattr(decision, "to_dict"):
                saved.append({"negotiation": negotiation, "country": country, **decision.to_dict()})
        return saved

    def _restore_reasons(self, saved: Any) -> None:
        decisions = getattr(self.controller, "decisions", None)
        if not isinstance(decisions, dict) or not isinstance(saved, list):
            return
        try:
            from game.agents.ai import Decision
        except ImportError:  # pragma: no cover - the AI ships with the game
            return
        for entry in saved:
            try:
                decisions[(int(entry["negotiation"]), str(entry["country"]))] = Decision.from_dict(entry)
            except (KeyError, TypeError, ValueError):
                continue  # a damaged entry loses only its explanation, never the game

    def save(self, path: str | Path) -> None:
        """Save the game and the session atomically (StorageError if it cannot be written)."""
        save_game(self.game, path, self.extra())

    @classmethod
    def load(cls, path: str | Path, autosave_path: Path | None = None) -> Session:
        """The session saved at ``path`` (StorageError with a clear message if it cannot)."""
        game, extra = load_game(path)
        humans = [h for h in extra.get("humans", []) if isinstance(h, str) and h in game.index]
        difficulty = extra.get("difficulty", "normal")
        if difficulty not in DIFFICULTIES:
            difficulty = "normal"
        session = cls.__new__(cls)
        session.game = game
        session.humans = humans or [game.country_ids[0]]
        session.difficulty = difficulty
        session.controller = make_controller(difficulty)
        session._tell_controller()
        session.autosave_path = autosave_path
        session.done = {h for h in extra.get("done", []) if h in session.humans}
        session.opened_turn = int(extra.get("opened_turn", 0) or 0)
        session.compliance_turn = int(extra.get("compliance_turn", 0) or 0)
        seen = extra.get("seen", {})
        session.seen = seen if isinstance(seen, dict) else {}
        session.autosave_error = None
        teams = extra.get("teams", {})
        session.teams = ({str(c): str(t) for c, t in teams.items() if c in game.index}
                         if isinstance(teams, dict) else {})
        session.reflection = extra.get("reflection") is True
        folder = extra.get("results_folder")
        session.results_folder = Path(folder) if isinstance(folder, str) and folder else None
        reflections = extra.get("reflections", [])
        session.reflections = ([r for r in reflections if isinstance(r, dict)]
                               if isinstance(reflections, list) else [])
        session.results_painter = None
        session.results_error = None
        session.results_attempted = len(game.reports)
        session.reflection_offered = len(game.reports)
        session._restore_reasons(extra.get("reasons"))
        session.timer = DiplomacyTimer.from_dict(extra.get("timer"))
        session._advance()
        return session

    def _autosave(self) -> None:
        if self.autosave_path is None:
            return
        try:
            self.save(self.autosave_path)
            self.autosave_error = None
        except OSError as error:  # a full disk or a read-only folder must not stop the game
            self.autosave_error = str(error)

    # --- where we are ------------------------------------------------------------------------
    @property
    def stage(self) -> Stage:
        return Stage(self.game.phase.value) if self.game.phase is not Phase.NEWS else Stage.NEWS

    @property
    def computers(self) -> list[str]:
        return [c for c in self.game.country_ids if c not in self.humans]

    def order(self) -> list[str]:
        """This turn's order of the human players: the first player moves on every turn."""
        if not self.humans:
            return []
        start = (self.game.turn - 1) % len(self.humans)
        return self.humans[start:] + self.humans[:start]

    @property
    def current(self) -> str | None:
        """The human who must act now, or None (game over or nobody human)."""
        if self.game.finished or not self.humans:
            return None
        order = self.order()
        if self.game.phase is Phase.NEWS:
            return order[0]
        if self.game.phase is Phase.DIPLOMACY:
            for human in order:
                if human not in self.done:
                    return human
            for human in order:
                if self._new_offers_for(human):
                    return human
            return None
        if self.game.phase is Phase.COMPLIANCE:
            for human in order:
                if human not in self.done:
                    return human
        return None

    def _new_offers_for(self, human: str) -> bool:
        """Whether an offer waits for ``human`` that it had not seen when it last ended."""
        seen = {tuple(pair) for pair in self.seen.get(human, [])}
        return any((n.id, len(n.offers)) not in seen for n in self.inbox(human))

    # --- running the computers ---------------------------------------------------------------
    def _advance(self) -> None:
        """Run everything automatic until a human must act or the game is over."""
        game = self.game
        while not game.finished:
            if game.phase is Phase.NEWS:
                if self.humans:
                    break
                self._end_phase()
            elif game.phase is Phase.DIPLOMACY:
                if self.opened_turn != game.turn:
                    self.opened_turn = game.turn
                    self._open_diplomacy()
                    if self.timer is not None:
                        self.timer.start()
                if self.current is not None:
                    break
                self._close_diplomacy()
            elif game.phase is Phase.COMPLIANCE:
                if self.compliance_turn != game.turn:
                    self.compliance_turn = game.turn
                    for country in self.computers:
                        self._apply_all(self.controller.compliance(game, country))
                if self.current is not None:
                    break
                self._end_phase()
        self._autosave()
        if self.results_folder is not None and self.results_attempted != len(game.reports):
            self.results_attempted = len(game.reports)  # after each turn; a failure: next turn
            self.write_results()

    def write_results(self) -> bool:
        """Write the results folder now, if one is set (game.classroom.results). A failure (a
        read-only folder, a full disk) never stops the game: it waits in ``results_error`` for
        the screen to show, and the next turn tries again. True if the folder was written."""
        if self.results_folder is None:
            return False
        from game.classroom.results import ResultsFolderError, write_results

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
        turn = self.game.reports[-1].turn if self.game.reports else self.game.turn
        self.reflections.append({"turn": turn, "country": country, "team": self.team(country),
                                 "question": question, "text": text, "answer": answer.strip()})
        self._autosave()

    def moderate(self, card: str, countries: tuple[str, ...] = (),
                 direction: float = 1.0) -> Refusal | None:
        """The teacher sets off an event card this year (in the news or diplomacy phase); the
        refusal says why not. Recorded in the game log like every move."""
        action = act.Moderate(card, tuple(countries), direction)
        refusal = self.game.legal(action)
        if refusal is not None:
            return refusal
        self.game.apply(action)
        self._autosave()
        return None

    def _end_phase(self) -> None:
        for country in self.game.waiting_for():
            self.game.apply(act.EndPhase(country))
        self.done = set()
        self.seen = {}

    def _apply_all(self, actions: list[act.Action], proposals: bool = True) -> int:
        applied = 0
        for action in actions:
            if isinstance(action, act.Propose) and not proposals:
                continue
            if self.game.legal(action) is None:
                self.game.apply(action)
                applied += 1
        return applied

    def _open_diplomacy(self) -> None:
        """The computers' proposals, and their answers to one another."""
        rounds = self.game.scenario.scenario.diplomacy_rounds
        for round_number in range(rounds + 1):
            for country in self.computers:
                actions = self.controller.diplomacy(self.game, country, round_number)
                self._apply_all(actions, proposals=round_number < rounds)

    def _close_diplomacy(self) -> None:
        """The computers answer whatever still waits for them, then the phase ends."""
        if self.timer is not None:
            self.timer.cancel()
        self._respond(proposals=False)
        self._end_phase()

    def _respond(self, proposals: bool = False) -> None:
        """Computers answer every offer waiting for them (a counter can need more answers)."""
        # the last round of the runner's protocol is for answers only: a controller need not
        # search for proposals there (the AI's search is the costly part of its turn)
        answers_only = self.game.scenario.scenario.diplomacy_rounds
        for _ in range(2 * self.game.scenario.scenario.negotiation_rounds + 2):
            applied = 0
            for country in self.computers:
                waiting = [n for n in self.game.open_negotiations(country)
                           if country in n.waiting_for and n.current.by != country]
                if not waiting:
                    continue
                round_number = answers_only if not proposals else 0
                actions = self.controller.diplomacy(self.game, country, round_number)
                answers = [a for a in actions if not isinstance(a, act.Propose)]
                applied += self._apply_all(answers if not proposals else actions)
            if applied == 0:
                break

    # --- the human's moves -------------------------------------------------------------------
    def _check(self, country: str, action: act.Action) -> Refusal | None:
        if country != self.current:
            return Refusal("not_your_turn")
        return self.game.legal(action)

    def _do(self, country: str, action: act.Action) -> Refusal | None:
        refusal = self._check(country, action)
        if refusal is not None:
            return refusal
        self.game.apply(action)
        self._respond()
        self._advance()
        return None

    def begin_diplomacy(self, country: str) -> Refusal | None:
        """End the news phase for everyone (one human is enough: the news is public)."""
        if self.game.phase is not Phase.NEWS:
            return Refusal("not_news")
        if country != self.current:
            return Refusal("not_your_turn")
        self._end_phase()
        self._advance()
        return None

    def check_proposal(self, country: str, parties: tuple[str, ...], clauses: tuple[Clause, ...],
                       duration: int) -> Refusal | None:
        return self._check(country, act.Propose(country, tuple(parties), tuple(clauses), duration))

    def propose(self, country: str, parties: tuple[str, ...], clauses: tuple[Clause, ...],
                duration: int) -> tuple[int | None, Refusal | None]:
        """Send a proposal; the computer parties answer at once. (negotiation id, refusal)."""
        action = act.Propose(country, tuple(parties), tuple(clauses), duration)
        refusal = self._check(country, action)
        if refusal is not None:
            return None, refusal
        identifier = len(self.game.negotiations)
        self.game.apply(action)
        self._respond()
        self._advance()
        return identifier, None

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
        """The human has finished its diplomacy pass (it may get another to answer offers)."""
        if self.game.phase is not Phase.DIPLOMACY:
            return Refusal("not_diplomacy")
        if country != self.current:
            return Refusal("not_your_turn")
        self.done.add(country)
        self.seen[country] = [[n.id, len(n.offers)] for n in self.inbox(country)]
        self._advance()
        return None

    def expire_diplomacy(self) -> bool:
        """The diplomacy timer ran out: diplomacy ends for every human who has not ended (offers
        still waiting for a human lapse), the computers answer what is left and the phase
        moves on, as after the last ``end_diplomacy``. False if diplomacy was not open."""
        if self.game.phase is not Phase.DIPLOMACY or self.game.finished:
            return False
        for human in self.humans:
            self.done.add(human)
            self.seen[human] = [[n.id, len(n.offers)] for n in self.inbox(human)]
        self._advance()
        return True

    def end_compliance(self, country: str, keep: dict[tuple[str, int], bool]) -> Refusal | None:
        """Keep or break each clause ``country`` is bound by (missing: kept); the last human
        to decide ends the turn."""
        if self.game.phase is not Phase.COMPLIANCE:
            return Refusal("not_compliance")
        if country != self.current:
            return Refusal("not_your_turn")
        for agreement, k in self.game.obligations(country):
            self.game.apply(act.Comply(country, agreement.id, k, keep.get((agreement.id, k), True)))
        self.done.add(country)
        self._advance()
        return None

    # --- what a human sees -------------------------------------------------------------------
    def inbox(self, country: str) -> list[Negotiation]:
        """Open negotiations waiting for ``country``'s answer."""
        return [n for n in self.game.open_negotiations(country)
                if country in n.waiting_for and n.current.by != country]

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
        last = getattr(self.controller, "last_decision", None)
        return last(negotiation, country) if last is not None else None

    def evaluate(self, country: str, parties: tuple[str, ...], clauses: tuple[Clause, ...],
                 duration: int) -> Any | None:
        """How a computer country would see an offer (the AI's Decision), or None."""
        evaluate = getattr(self.controller, "evaluate", None)
        if evaluate is None or country in self.humans:
            return None
        return evaluate(self.game, country, tuple(parties), tuple(clauses), duration)

    def what_would_it_take(self, country: str, parties: tuple[str, ...],
                           clauses: tuple[Clause, ...], duration: int,
                           offers_made: int = 1) -> tuple[tuple[Clause, ...], int] | str | None:
        """The nearest version a computer country would accept: (clauses, duration), None if
        none is near, or "unavailable" when the AI cannot say (human partner, no AI)."""
        ask = getattr(self.controller, "what_would_it_take", None)
        if ask is None or country in self.humans:
            return "unavailable"
        try:
            return ask(self.game, country, tuple(parties), tuple(clauses), duration,
                       offers_made=offers_made)
        except TypeError:  # an AI without offers_made
            return ask(self.game, country, tuple(parties), tuple(clauses), duration)

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
        try:
            from game.agents.projection import compliance_values
        except ImportError:  # pragma: no cover
            return {}
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

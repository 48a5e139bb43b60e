"""The game: state, the phase machine and the rules that say which actions are legal.

A game is built from a validated scenario and a seed. Every change comes through ``apply`` with
an action record; an illegal action is refused with a ``Refusal`` (a translation key with its
values), and nothing changes. Phases of a turn: news → diplomacy → compliance, then the
resolution runs the model for one year and the next turn's news is drawn. The same scenario,
seed and actions give the same game, bit for bit (``state_hash``).

The diplomacy phase has rounds (``round``), moved on by the turn protocol's ``NextRound``
records (``game.rules.protocol``): the scheduled rounds ``0 .. diplomacy_rounds - 1``, in which
controlled countries act in country order; the open floor (``diplomacy_rounds``), in which the
human seats act in any order; and the answers-only round after it, in which no proposal is
legal. An action a controller sent but the rules refused is kept in the log as a ``refused``
record with its reason (``refuse``), which a replay passes over.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from typing import Any

import numpy as np

from game.model import indicators
from game.model.state import INVESTMENT, Economy, ModelState, Shocks
from game.model.update import advance
from game.rules import actions as act
from game.rules.agreements import (
    Agreement,
    AgreementType,
    Clause,
    agreement_type,
    provisions,
)
from game.rules.derived import Derived
from game.rules.encoding import EncodedItems, EncodedLog
from game.rules.ending import drawn_end
from game.rules.events import Event, draw_events, event_seed, shocks_for
from game.rules.hashing import state_hash
from game.rules.legality import Legality
from game.rules.moves import (
    IllegalAction,
    Negotiation,
    Offer,
    Phase,
    Refusal,
    Status,
    TurnReport,
)
from game.rules.setup import build_model, opening_agreements
from game.rules.standing import Standing
from game.rules.terms import RulesOfPlay
from game.scenario.loading import LoadedScenario
from game.scenario.schema import AMOUNT_CLAUSES, EventKind

#: The type of a game log's record of an action that was sent and refused.
REFUSED = "refused"


class Game(Derived, Legality, Standing):
    """One game of a scenario with a seed."""

    def __init__(self, loaded: LoadedScenario, seed: int | None = None, turns: int | None = None,
                 secret: str | None = None, hidden_end: bool | None = None):
        self.loaded = loaded
        self.scenario = loaded.scenario
        self.seed = self.scenario.scenario.seed if seed is None else seed
        #: A tournament's secret, combined with the seed for the random events (see
        #: ``event_seed``); None everywhere else, where the seed alone draws them.
        self.secret = secret
        self.rules_of_play = RulesOfPlay.of(self.scenario, turns, hidden_end)
        #: The last turn everybody may know the game reaches: the announced last turn, or, when
        #: the end is hidden, the latest turn it may end after (what views, observations and
        #: bots are told; ``game.rules.ending``).
        self.last_turn = self.rules_of_play.end_window[1]
        #: The turn after which the game really ends: ``last_turn`` unless the end is hidden,
        #: then drawn from the seed in the window; never shown before the game ends.
        self.end_turn = (drawn_end(self.seed, self.rules_of_play.turns, secret)
                         if self.rules_of_play.hidden_end else self.last_turn)
        self.rng = np.random.Generator(np.random.PCG64(event_seed(self.seed, secret)))
        self.country_ids = [c.id for c in self.scenario.countries]
        self.index = self.scenario.country_index()
        self.regions = {c.id: c.region for c in self.scenario.countries}
        self.organisations = {o.id: set(o.members) for o in self.scenario.organisations}
        self.deck = {e.id: e for e in self.scenario.events}
        self.agreements: list[Agreement] = opening_agreements(self.scenario)
        self.economy: Economy
        self.economy, self.state = build_model(self.scenario, self.agreements)
        self.history: list[ModelState] = [self.state]
        self.negotiations: list[Negotiation] = []
        self._first_open = 0  # every negotiation before this one is closed
        self.decisions: dict[tuple[str, int, str], bool] = {}
        self.ended: set[str] = set()
        self.proposals_made: dict[str, int] = {}
        self.reports: list[TurnReport] = []
        self.happened: set[str] = set()
        self.events: list[Event] = []
        self.log: list[dict[str, Any]] = []
        self._encoded_log = EncodedLog()
        #: each agreement's and negotiation's JSON, kept until it changes (for the state hash)
        self.encoded_items = EncodedItems()
        self._cache_key: tuple[int, int] | None = None
        self._cache: dict[str, Any] = {}
        self._yearly_key: int | None = None
        self._yearly: dict[str, Any] = {}
        self._shocks: tuple[tuple[Event, ...], Shocks] | None = None
        self.turn = 1
        self.phase = Phase.NEWS
        self.round = 0
        self._start_turn()

    # --- reading the game --------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.phase is Phase.FINISHED

    @property
    def floor_round(self) -> int:
        """The diplomacy round in which the human seats act (after the scheduled rounds)."""
        return self.rules_of_play.diplomacy_rounds

    @property
    def answers_only(self) -> bool:
        """Whether the diplomacy phase is in its last round, for answers only."""
        return self.phase is Phase.DIPLOMACY and self.round > self.floor_round

    def waiting_for(self) -> list[str]:
        """Countries that have not yet ended the current phase, in scenario order."""
        if self.finished:
            return []
        return [c for c in self.country_ids if c not in self.ended]

    def in_force(self) -> list[Agreement]:
        return [a for a in self.agreements if a.in_force(self.turn)]

    def newly_made(self, agreement: Agreement) -> bool:
        """Whether ``agreement`` was concluded this turn (the scenario's opening agreements,
        in force before the game began, never were)."""
        return agreement.start_turn == self.turn and agreement.id not in self.opening

    @cached_property
    def opening(self) -> frozenset[str]:
        """The ids of the scenario's agreements, in force before the game began."""
        return frozenset(spec.id for spec in self.scenario.agreements)

    def open_negotiations(self, country: str | None = None) -> list[Negotiation]:
        # A negotiation never opens again once closed, and every one still open at the end of
        # diplomacy expires: the scan starts at the first that may be open (this turn's), not
        # at the first of the game (issue 17: on world, late in a game, scanning thousands of
        # closed negotiations for each country was most of the wait after a human's proposal).
        negotiations = self.negotiations
        first = min(self._first_open, len(negotiations))
        while first < len(negotiations) and negotiations[first].status is not Status.OPEN:
            first += 1
        self._first_open = first
        return [
            n for n in negotiations[first:]
            if n.status is Status.OPEN and (country is None or country in n.parties)
        ]

    def negotiation(self, identifier: int) -> Negotiation | None:
        return self.negotiations[identifier] if 0 <= identifier < len(self.negotiations) else None

    def delegations_left(self, country: str) -> int:
        return self.rules_of_play.delegations[country] - self.proposals_made.get(country, 0)

    def amount_limit(self, giver: str, receiver: str) -> float:
        """The largest amount a year a money clause from ``giver`` to ``receiver`` may have."""
        gdp = self.state.gdp[0]
        return self.rules_of_play.amount_limit(float(gdp[self.index[giver]]),
                                               float(gdp[self.index[receiver]]))

    def snap(self, clause: Clause) -> Clause:
        """``clause`` moved to the nearest point of the grid a person writes clauses on (see
        ``RulesOfPlay.snap``), its amount within this year's limit for its giver and receiver."""
        if clause.kind not in AMOUNT_CLAUSES or clause.giver not in self.index \
                or clause.receiver not in self.index:
            return self.rules_of_play.snap(clause)
        return self.rules_of_play.snap(clause, float(self.state.gdp[0, self.index[clause.giver]]),
                                       self.amount_limit(clause.giver, clause.receiver))

    def agreement_type(self, parties: tuple[str, ...] | list[str]) -> AgreementType:
        return agreement_type(parties, self.regions)


    def score_terms(self) -> np.ndarray:
        """(n, terms): each country's weighted score terms now."""
        return indicators.score_terms(self.state, self.economy)[0]

    def scores(self) -> np.ndarray:
        """(n,): each country's score now (the sum of its terms)."""
        return indicators.total_score(self.score_terms()[None])[0]



    def state_hash(self, legacy: bool = False) -> str:
        """A hash of everything that makes this game what it is (``game.rules.hashing``);
        ``legacy``: the formula of saves and logs of format 1."""
        return state_hash(self, legacy)

    def encoded_log(self) -> list[str]:
        """The game log's records as JSON lines (``json.dumps(record, sort_keys=True)``), each
        encoded once: saves and logs write them without encoding the game again."""
        return self._encoded_log.lines(self.log)

    # --- changing the game -------------------------------------------------------------------
    def apply(self, action: act.Action) -> None:
        """Apply a legal action (and everything it sets off); IllegalAction otherwise."""
        refusal = self.legal(action)
        if refusal is not None:
            raise IllegalAction(action, refusal)
        self.log.append(act.to_dict(action))
        match action:
            case act.Propose():
                self._propose(action)
            case act.Counter():
                negotiation = self.negotiations[action.negotiation]
                negotiation.offers.append(Offer(action.country, action.clauses, action.duration))
                negotiation.accepted = {action.country}
            case act.Accept():
                negotiation = self.negotiations[action.negotiation]
                negotiation.accepted.add(action.country)
                if not negotiation.waiting_for:
                    self._conclude(negotiation)
            case act.Reject():
                self.negotiations[action.negotiation].status = Status.REJECTED
            case act.Withdraw():
                self.negotiations[action.negotiation].status = Status.WITHDRAWN
            case act.Comply():
                self.decisions[(action.agreement, action.clause, action.country)] = action.keep
            case act.EndPhase():
                self.ended.add(action.country)
                if len(self.ended) == len(self.country_ids):
                    self._next_phase()
            case act.Moderate():
                self._moderate(action)
            case act.NextRound():
                self.round = action.round

    def refuse(self, action: act.Action, refusal: Refusal) -> None:
        """Record in the log that ``action`` was sent and refused (a replay passes over it)."""
        self.log.append({"type": REFUSED, "action": act.to_dict(action), "reason": refusal.key,
                         "values": {k: v for k, v in refusal.values.items()
                                    if isinstance(v, str | int | float)}})

    def refused(self) -> list[dict[str, Any]]:
        """Every refused record of the log, in order."""
        return [record for record in self.log if record.get("type") == REFUSED]

    def _moderate(self, action: act.Moderate) -> None:
        """The teacher's card joins this year's news and shocks. It draws no random number and
        does not use up the card in the deck, so the years' draws stay what they would be."""
        card = self.deck[action.card]
        direction = action.direction if card.kind is EventKind.COMMODITY_PRICE_SWING else 1.0
        self.events = [*self.events, Event(card.id, card.kind, self.turn, tuple(action.countries),
                                           direction, moderator=True)]

    def _propose(self, action: act.Propose) -> None:
        self.proposals_made[action.country] = self.proposals_made.get(action.country, 0) + 1
        self.negotiations.append(Negotiation(
            id=len(self.negotiations),
            turn=self.turn,
            proposer=action.country,
            parties=tuple(action.parties),
            offers=[Offer(action.country, action.clauses, action.duration)],
            accepted={action.country},
        ))

    def _conclude(self, negotiation: Negotiation) -> None:
        offer = negotiation.current
        agreement = Agreement(
            id=f"T{self.turn}N{negotiation.id}",
            parties=negotiation.parties,
            clauses=offer.clauses,
            start_turn=self.turn,
            duration=offer.duration,
        )
        self.agreements.append(agreement)
        negotiation.status = Status.AGREED
        negotiation.agreement = agreement.id

    def _next_phase(self) -> None:
        self.ended = set()
        self.round = 0
        if self.phase is Phase.NEWS:
            self.phase = Phase.DIPLOMACY
        elif self.phase is Phase.DIPLOMACY:
            for negotiation in self.open_negotiations():
                negotiation.status = Status.EXPIRED
            self.phase = Phase.COMPLIANCE
        elif self.phase is Phase.COMPLIANCE:
            self._resolve()

    def _start_turn(self) -> None:
        self.proposals_made = {}
        self.decisions = {}
        self.events = draw_events(
            self.scenario.events, self.turn, self.happened, self.country_ids, self.rng
        )
        self.happened.update(e.card for e in self.events)
        self.phase = Phase.NEWS

    def _resolve(self) -> None:
        """Run the model for the year with every clause in force, kept or broken."""
        terms_before = self.score_terms()
        withheld = {key for key, keep in self.decisions.items() if not keep}
        year_provisions = provisions(self.agreements, self.turn, self.index, withheld)
        compliance, breaches = self._compliance_record(withheld)
        if withheld:  # investment withheld stays at home (``Compliance.withheld``)
            kept_home = (self.provisions_in_force()[INVESTMENT]
                         - year_provisions[INVESTMENT]).sum(axis=-1)
            if kept_home.any():
                compliance = replace(compliance, withheld=kept_home[None])
        shocks = self.year_shocks()
        self.state = advance(self.state, self.economy, year_provisions[None], compliance, shocks)
        self.history.append(self.state)
        made = [a.id for a in self.agreements if self.newly_made(a)]
        ended = []
        for agreement in self.agreements:
            expires = agreement.start_turn + agreement.duration <= self.turn + 1
            if agreement.ended_turn is None and expires:
                agreement.ended_turn = self.turn
                ended.append(agreement.id)
        self.reports.append(TurnReport(
            self.turn, self.events, made, ended, breaches, terms_before, self.score_terms()
        ))
        if self.turn >= self.end_turn:
            self.phase = Phase.FINISHED
            return
        self.turn += 1
        self._start_turn()

    def end_facts(self) -> dict[str, Any]:
        """What everybody may know of the game's end (views, observations): whether it is
        hidden, the announced length and the earliest and latest turn it may end after; never
        the turn drawn (``end_turn``) before the game is over."""
        earliest, latest = self.rules_of_play.end_window
        return {"hidden_end": self.rules_of_play.hidden_end,
                "announced_turns": self.rules_of_play.turns,
                "earliest_end": earliest, "latest_end": latest}

    def year_shocks(self) -> Shocks:
        """The model shocks of this year's events (drawn and set off by the teacher)."""
        events = tuple(self.events)  # the teacher may add one during the year
        if self._shocks is None or self._shocks[0] != events:
            self._shocks = (events, shocks_for(list(events), self.deck, self.index,
                                               self.economy.parameters))
        return self._shocks[1]


def replay_actions(loaded: LoadedScenario, seed: int, records: list[dict[str, Any]],
                   turns: int | None = None, hidden_end: bool | None = None) -> Game:
    """A game rebuilt by applying logged actions in order (IllegalAction if one is refused)."""
    game = Game(loaded, seed, turns, hidden_end=hidden_end)
    for record in records:
        if isinstance(record, dict) and record.get("type") == REFUSED:
            continue
        game.apply(act.action_from_dict(record))
    return game

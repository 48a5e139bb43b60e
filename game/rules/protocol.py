"""The turn protocol, written once: who must decide now, and one driver for every caller.

A game is played by *seats*. A seat with a controller (the AI, a bot, a scripted test player) is
asked for its moves by the driver; a seat without one (a human team, a learning agent) acts when
it likes through ``Driver.act`` and ``Driver.end``. ``simulate``, ``tournament``, ``balance``,
the session of a class game and the PettingZoo environment all play through ``Driver``, so the
game a balance report measures is the game a class plays.

One turn:

* **News.** A human seat starts diplomacy for everyone (the news is public); with no human
  seat the driver does.
* **Diplomacy.** The scheduled rounds ``0 .. diplomacy_rounds - 1``: every controlled country in
  scenario order is asked ``diplomacy(game, country, round)`` each round. Then the open floor
  (round ``diplomacy_rounds``): the human seats act in any order, at the same time, each action
  applied in the order it arrives; after each one the controlled countries answer at once (the
  answer passes). A human seat that has ended the phase and then receives an offer it had not
  seen may act again. When every human seat has ended, the answers-only round: the controlled
  countries answer what still waits for them, then the phase ends and open offers expire.
* **Compliance.** Each controlled country decides and ends; each human seat keeps or breaks its
  clauses and ends; the last to end resolves the year. Decisions stay hidden until then.

An action a controller sends that the rules refuse is never dropped silently: it is recorded
in the game log as refused, with its reason (``Game.refuse``), and reported to ``on_refused``
(tournaments and balance reports count them). Everything the driver does is an action in the
game log (``NextRound`` included), so replaying the log reproduces the game; with human seats
the log holds their actions in the order they arrived.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game, Negotiation, Phase, Refusal

#: The answer passes after an action stop after this many rounds of negotiation times two, plus
#: two (a counter needs an answer, which may be a counter...); each pass answers every offer.
ANSWER_PASSES_PER_ROUND = 2


@runtime_checkable
class Controller(Protocol):
    """Plays a country: its moves in a diplomacy round and its compliance decisions."""

    def diplomacy(self, game: Game, country: str, round_number: int) -> list[act.Action]: ...

    def compliance(self, game: Game, country: str) -> list[act.Action]: ...


# --- what a controller may also offer (the built-in AI offers all of it) ----------------------
@runtime_checkable
class Planner(Protocol):
    """Plans every country it plays together: the driver tells it which (``tell_controllers``)."""

    def plays(self, countries: Iterable[str]) -> None: ...


@runtime_checkable
class Explainer(Protocol):
    """Keeps the reasons of its answers (``decisions``: (negotiation, country) → its decision,
    with ``to_dict``), for the screens and for saves."""

    decisions: dict[tuple[int, str], Any]

    def last_decision(self, negotiation: int, country: str) -> Any | None: ...


@runtime_checkable
class Evaluator(Protocol):
    """Says how a country it plays would see an offer (the answer it would give, with reasons)."""

    def evaluate(self, game: Game, country: str, parties: tuple[str, ...],
                 clauses: tuple[Clause, ...], duration: int = 5, offers_made: int = 1) -> Any: ...


@runtime_checkable
class Advisor(Protocol):
    """Answers "what would it take?": the nearest version of an offer it would accept."""

    def what_would_it_take(self, game: Game, country: str, parties: tuple[str, ...],
                           clauses: tuple[Clause, ...], duration: int = 5,
                           offers_made: int = 1) -> tuple[tuple[Clause, ...], int] | None: ...


@runtime_checkable
class RefusalListener(Protocol):
    """A controller that wants to hear of its refused actions (bots record them as forfeits)."""

    def refused(self, game: Game, country: str, action: act.Action, refusal: Refusal) -> None: ...


#: Called for every refused action of a controller: (country, action, refusal).
RefusedHandler = Callable[[str, act.Action, Refusal], None]


def waiting_offers(game: Game, country: str) -> list[Negotiation]:
    """Open negotiations whose offer on the table waits for ``country``'s answer."""
    return [n for n in game.open_negotiations(country)
            if country in n.waiting_for and n.current.by != country]


def seen_now(game: Game, country: str) -> list[list[int]]:
    """The offers waiting for ``country`` now, as [negotiation, offers] pairs (what it has seen
    when it ends the phase)."""
    return [[n.id, len(n.offers)] for n in waiting_offers(game, country)]


def deciding(game: Game, seats: Sequence[str],
             seen: Mapping[str, Iterable[Iterable[int]]] | None = None) -> list[str]:
    """The human seats whose decision the phase waits for now, in scenario order (this game's
    ``current_player``; several at once in diplomacy and compliance). ``seen``: per seat that
    has ended diplomacy, the offers it had seen then; an offer it has not seen reopens it."""
    if game.finished or not seats:
        return []
    ordered = [c for c in game.country_ids if c in set(seats)]
    if game.phase is Phase.NEWS:
        return ordered
    if game.phase is Phase.COMPLIANCE:
        return [c for c in ordered if c not in game.ended]
    if game.round != game.floor_round:  # scheduled rounds and the answers-only round
        return []
    seen = seen or {}
    result = []
    for country in ordered:
        if country not in game.ended:
            result.append(country)
            continue
        known = {tuple(pair) for pair in seen.get(country, ())}
        if any((n.id, len(n.offers)) not in known for n in waiting_offers(game, country)):
            result.append(country)
    return result


class Driver:
    """Plays the controlled seats of one game by the protocol, and takes the human seats'
    actions as they arrive. Holds no state of the game's that is not in the game, except which
    offers each human seat has seen when it ended diplomacy (``seen``, saved by the session)."""

    def __init__(self, game: Game, controllers: Mapping[str, Controller],
                 on_refused: RefusedHandler | None = None, tell: bool = True,
                 on_applied: Callable[[str, act.Action], None] | None = None,
                 seen: dict[str, list[list[int]]] | None = None):
        unknown = [c for c in controllers if c not in game.index]
        if unknown:
            raise ValueError(f"not countries of this scenario: {', '.join(unknown)}")
        self.game = game
        self.controllers = dict(controllers)
        self.computers = [c for c in game.country_ids if c in self.controllers]
        self.seats = [c for c in game.country_ids if c not in self.controllers]
        self.on_refused = on_refused
        self.on_applied = on_applied
        self.seen: dict[str, list[list[int]]] = seen if seen is not None else {}
        if tell:
            tell_controllers(self.controllers)

    # --- who decides -------------------------------------------------------------------------
    def deciding(self) -> list[str]:
        """The human seats the game waits for now (see ``deciding``)."""
        return deciding(self.game, self.seats, self.seen)

    # --- playing the controlled seats --------------------------------------------------------
    def advance(self, one_turn: bool = False, until: Phase | None = None) -> list[str]:
        """Play everything automatic until a human seat must decide or the game is over (or,
        with ``one_turn``, the turn is resolved; with ``until``, that phase begins); the seats
        it waits for (empty when none)."""
        game = self.game
        start = game.turn
        while not game.finished and not (one_turn and game.turn != start) and game.phase is not until:
            if game.phase is Phase.NEWS:
                if self.seats:
                    return self.deciding()
                self._end_everyone()
            elif game.phase is Phase.DIPLOMACY:
                while game.round < game.floor_round:
                    self._scheduled_round(game.round)
                    self._apply(act.NextRound(game.round + 1))
                if game.round == game.floor_round:
                    waiting = self.deciding()
                    if waiting:
                        return waiting
                    self._apply(act.NextRound(game.round + 1))
                self.answer()
                self.seen.clear()
                self._end_everyone()
            elif game.phase is Phase.COMPLIANCE:
                turn = game.turn
                for country in [c for c in self.computers if c not in game.ended]:
                    for action in self.controllers[country].compliance(game, country):
                        self._from_controller(country, action)
                    self._apply(act.EndPhase(country))
                if game.phase is Phase.COMPLIANCE and game.turn == turn:
                    return self.deciding()
        return []

    def play(self) -> Iterator[list[str]]:
        """The game as a generator (for the PettingZoo environment): yields the human seats the
        game waits for each time it stops, until it is over. The caller acts between yields."""
        while True:
            waiting = self.advance()
            if not waiting:
                return
            yield waiting

    def answer(self) -> int:
        """The answer passes: every controlled country answers the offers waiting for it, again
        while answers bring new offers (bounded). The number of actions applied."""
        game = self.game
        if game.phase is not Phase.DIPLOMACY:
            return 0
        total = 0
        for _ in range(ANSWER_PASSES_PER_ROUND * game.rules_of_play.negotiation_rounds + 2):
            applied = 0
            for country in self.computers:
                if game.phase is not Phase.DIPLOMACY or not waiting_offers(game, country):
                    continue
                for action in self.controllers[country].diplomacy(game, country, game.round):
                    applied += self._from_controller(country, action)
            total += applied
            if applied == 0:
                break
        return total

    def _scheduled_round(self, round_number: int) -> None:
        for country in self.computers:
            for action in self.controllers[country].diplomacy(self.game, country, round_number):
                self._from_controller(country, action)

    def _from_controller(self, country: str, action: act.Action) -> int:
        """Apply a controller's action (1), or record and report its refusal (0)."""
        refusal = self.game.legal(action)
        if refusal is None and getattr(action, "country", None) != country:
            refusal = Refusal("not_your_country", {"country": str(getattr(action, "country", ""))})
        if refusal is not None:
            self.game.refuse(action, refusal)
            controller = self.controllers[country]
            if isinstance(controller, RefusalListener):
                controller.refused(self.game, country, action, refusal)
            if self.on_refused is not None:
                self.on_refused(country, action, refusal)
            return 0
        self.game.apply(action)
        if self.on_applied is not None:
            self.on_applied(country, action)
        return 1

    def _apply(self, action: act.Action) -> None:
        self.game.apply(action)

    def _end_everyone(self) -> None:
        for country in self.game.waiting_for():
            self.game.apply(act.EndPhase(country))

    # --- the human seats ---------------------------------------------------------------------
    def check(self, country: str, action: act.Action) -> Refusal | None:
        """Why a human seat may not take ``action`` now, or None."""
        if country not in self.seats or getattr(action, "country", None) != country:
            return Refusal("not_your_country", {"country": country})
        if country not in self.deciding():
            return Refusal("not_your_turn")
        return self.game.legal(action)

    def act(self, country: str, action: act.Action, follow: bool = True) -> Refusal | None:
        """A human seat's action, applied at once if legal; the controlled countries answer at
        once and the game moves on as far as it can (``follow``; else the caller runs
        ``follow(answer=True)`` later: a class host acknowledges the seat's action first). The
        refusal, or None."""
        refusal = self.check(country, action)
        if refusal is not None:
            return refusal
        self.game.apply(action)
        if follow:
            self.follow(answer=True)
        return None

    def follow(self, answer: bool) -> list[str]:
        """The controlled seats' part after human seats' actions applied without it (``act`` and
        ``end`` with ``follow=False``): the answers passes if an action may wait for them
        (``answer``), then everything automatic (``advance``). The seats the game waits for."""
        if answer:
            self.answer()
        return self.advance()

    def end(self, country: str, follow: bool = True) -> Refusal | None:
        """A human seat ends the current phase (news: for everyone; diplomacy: it has finished,
        though an offer it has not seen reopens it; compliance: its decisions are final); then
        the game moves on as far as it can (``follow``; else the caller runs
        ``follow(answer=False)`` later)."""
        game = self.game
        if country not in self.seats:
            return Refusal("not_your_country", {"country": country})
        if country not in self.deciding():
            return Refusal("not_your_turn")
        if game.phase is Phase.NEWS:
            self._end_everyone()
        else:
            if game.phase is Phase.DIPLOMACY:
                self.seen[country] = seen_now(game, country)
            if country not in game.ended:
                game.apply(act.EndPhase(country))
        if follow:
            self.advance()
        return None

    def expire(self) -> bool:
        """The diplomacy timer ran out: every human seat ends diplomacy (offers waiting for one
        lapse), the controlled countries answer what is left and the phase moves on. False if
        diplomacy was not open."""
        game = self.game
        if game.phase is not Phase.DIPLOMACY or game.finished:
            return False
        for country in self.seats:
            self.seen[country] = seen_now(game, country)
            if country not in game.ended:
                game.apply(act.EndPhase(country))
        self.advance()
        return True


def tell_controllers(controllers: Mapping[str, Controller]) -> None:
    """Tell each controller that plans (a ``Planner``) every country it plays."""
    countries: dict[int, list[str]] = {}
    for country, controller in controllers.items():
        countries.setdefault(id(controller), []).append(country)
    for controller in {id(c): c for c in controllers.values()}.values():
        if isinstance(controller, Planner):
            controller.plays(countries[id(controller)])


def play_game(game: Game, controllers: Mapping[str, Controller],
              after_turn: Callable[[Game], None] | None = None,
              on_refused: RefusedHandler | None = None) -> Game:
    """Play to the end with a controller for every country, calling ``after_turn`` after every
    resolution."""
    driver = Driver(game, controllers, on_refused)
    if driver.seats:
        raise ValueError(f"no controller for {', '.join(driver.seats)}")
    while not game.finished:
        play_turn(driver)
        if after_turn is not None:
            after_turn(game)
    return game


def play_turn(game: Game | Driver, controllers: Mapping[str, Controller] | None = None) -> Driver:
    """Play the current turn of an all-controlled game from where it is to its resolution
    (with a driver, or a game and its controllers); the driver."""
    driver = game if isinstance(game, Driver) else Driver(game, controllers or {})
    if driver.advance(one_turn=True):
        raise ValueError("a human seat must decide: play_turn needs a controller for every seat")
    return driver


def play_diplomacy(game: Game, controllers: Mapping[str, Controller], tell: bool = True) -> None:
    """Play an all-controlled game on to the start of its next compliance phase (the news, if
    it is there, and the diplomacy phase: for tests and benchmarks of the diplomacy phase)."""
    Driver(game, controllers, tell=tell).advance(until=Phase.COMPLIANCE)

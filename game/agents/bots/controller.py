"""The adapter between a bot and the game: ``BotController`` implements the protocol's Controller.

For each decision it builds the country's observation (``observe``), asks the bot, turns the
returned dicts into action records for the protocol's driver, which applies the legal ones and
refuses the others (``refused``). Nothing a bot does can stop the game: an exception, a
malformed answer or an illegal action forfeits (the bot passes that decision, or that one
action) and is recorded as a ``Forfeit`` with its reason.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import asdict, dataclass
from typing import Any

from game.agents.observation import observe, observe_apart
from game.rules import actions as act
from game.rules.game import Game, Phase, Refusal

#: Why a decision (or one action) was forfeited; each has a translation key ``bots.reason.*``.
REASONS = (
    "timeout",      # no answer within the time limit (the bot's process is killed)
    "exception",    # the bot raised an exception
    "memory",       # the bot ran out of its memory limit
    "exit",         # the bot called sys.exit or similar
    "died",         # the bot's process ended (os._exit, a crash, a signal)
    "dead",         # the bot's process had died before and is not restarted again
    "load_failed",  # the bot's file or class could not be loaded
    "garbage",      # the answer is not a list of well-formed action dicts
    "junk",         # the bot's process wrote something that is not the protocol
    "illegal",      # an action the rules refuse (the refusal says why)
)
#: A decision with more actions than this is garbage.
MAXIMUM_ACTIONS = 200


@dataclass(frozen=True)
class Forfeit:
    """One forfeited decision or action: who, when, why."""

    country: str
    turn: int
    phase: str
    round: int
    reason: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class BotFailure(Exception):
    """Raised by a bot wrapper (the sandbox) when a decision fails: ``reason`` from REASONS."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


class TakesObservationApart:
    """A bot that sends its observation out of this process (the sandbox's ``SandboxedBot``):
    the controller calls ``act_apart(own, public)`` with ``observation_apart_for``'s two parts
    instead of ``act(observation)``, so that the fields every seat sees alike are serialised
    once, not copied for each seat (issue 17). The bot it runs gets the whole observation."""

    def act_apart(self, own: dict[str, Any], public: dict[str, Any]) -> Any:
        raise NotImplementedError


class BotController:
    """Plays a country with a bot (anything with ``act(observation) -> list[dict]``).

    ``forfeits`` lists every forfeit so far; ``decisions`` counts the calls to the bot. Call
    ``close()`` at the end of a game (it closes the bot's process if it has one).
    """

    def __init__(self, bot: Any, name: str | None = None):
        self.bot = bot
        self.name = name or getattr(bot, "name", type(bot).__name__)
        self.forfeits: list[Forfeit] = []
        self.decisions = 0

    # --- the Controller protocol -------------------------------------------------------------
    def diplomacy(self, game: Game, country: str, round_number: int) -> list[act.Action]:
        return self._decide(game, country, round_number)

    def compliance(self, game: Game, country: str) -> list[act.Action]:
        return self._decide(game, country, 0)

    def refused(self, game: Game, country: str, action: act.Action, refusal: Refusal) -> None:
        """The driver refused one of the bot's actions: an "illegal" forfeit of that action."""
        name = act.to_dict(action)["type"]
        self._forfeit(game, country, game.round if game.phase is Phase.DIPLOMACY else 0,
                      "illegal", f"{name}: {refusal}")

    def close(self) -> None:
        close = getattr(self.bot, "close", None)
        if callable(close):
            with contextlib.suppress(Exception):  # closing must never stop the game
                close()

    # --- one decision ------------------------------------------------------------------------
    def _decide(self, game: Game, country: str, round_number: int) -> list[act.Action]:
        self.decisions += 1
        try:  # the bot's own copy, built for this call: nothing reads it back afterwards
            if isinstance(self.bot, TakesObservationApart):  # copied in the bot's process
                answer = self.bot.act_apart(*observation_apart_for(game, country, round_number))
            else:
                answer = self.bot.act(observation_for(game, country, round_number))
        except BotFailure as failure:
            self._forfeit(game, country, round_number, failure.reason, failure.detail)
            return []
        except (SystemExit, GeneratorExit) as error:
            self._forfeit(game, country, round_number, "exit", f"{type(error).__name__}: {error}")
            return []
        except MemoryError as error:
            self._forfeit(game, country, round_number, "memory", f"MemoryError: {error}")
            return []
        except Exception as error:
            self._forfeit(game, country, round_number, "exception",
                          f"{type(error).__name__}: {error}"[:500])
            return []
        return self._actions(game, country, round_number, answer)

    def _actions(self, game: Game, country: str, round_number: int,
                 answer: Any) -> list[act.Action]:
        """The legal actions of an answer; a forfeit recorded for each one dropped."""
        if answer is None:
            return []
        if not isinstance(answer, list | tuple):
            self._forfeit(game, country, round_number, "garbage",
                          f"expected a list of actions, got {type(answer).__name__}")
            return []
        if len(answer) > MAXIMUM_ACTIONS:
            self._forfeit(game, country, round_number, "garbage",
                          f"{len(answer)} actions in one decision (at most {MAXIMUM_ACTIONS})")
            return []
        result: list[act.Action] = []
        for item in answer:
            try:
                action, problem = _parse(item, country)
            except Exception as error:
                action, problem = None, ("garbage", f"{type(error).__name__}: {error}"[:300])
            if problem is not None:
                self._forfeit(game, country, round_number, *problem)
            elif action is not None:
                result.append(action)
        return result

    def _forfeit(self, game: Game, country: str, round_number: int, reason: str,
                 detail: str) -> None:
        self.forfeits.append(Forfeit(country, game.turn, game.phase.value,
                                     round_number if game.phase is Phase.DIPLOMACY else 0,
                                     reason, detail))


def observation_for(game: Game, country: str, round_number: int) -> dict[str, Any]:
    """The observation a bot receives: ``observe`` plus ``proposals_allowed`` (false in the
    last diplomacy round, which is for answers only, and when no delegations are left) and a
    ``seed`` for bots that want reproducible randomness (see ``bot_seed``)."""
    observation = observe(game, country, round_number)
    observation["seed"] = bot_seed(game)
    observation["proposals_allowed"] = proposals_allowed(game, country)
    return observation


def observation_apart_for(game: Game, country: str,
                          round_number: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """``observation_for``'s observation in ``observe_apart``'s two parts: the country's own
    (``seed`` and ``proposals_allowed`` at its end) and the public fields as kept (never to be
    changed). ``own.update(public)`` gives ``observation_for``'s observation, in its order."""
    own, public = observe_apart(game, country, round_number)
    own["seed"] = bot_seed(game)
    own["proposals_allowed"] = proposals_allowed(game, country)
    return own, public


def bot_seed(game: Game) -> int:
    """The number a bot may seed its own random numbers with: the same in every replay of the
    game. In a tournament (a game with a secret) it is derived from the seed and the secret
    through SHA-256, apart from the events' stream: it tells nothing about the game's seed or
    its random events. Elsewhere it is the game's seed, as it always was."""
    if game.secret is None:
        return game.seed
    digest = hashlib.sha256(f"diplomasi bots|{game.seed}|{game.secret}".encode()).digest()
    return int.from_bytes(digest[:7], "big")


def proposals_allowed(game: Game, country: str) -> bool:
    """Whether ``country`` may make a proposal now (the game's round and its delegations)."""
    return (game.phase is Phase.DIPLOMACY and not game.answers_only
            and country not in game.ended and game.delegations_left(country) > 0)


def _parse(item: Any, country: str) -> tuple[act.Action | None, tuple[str, str] | None]:
    """One item of a bot's answer as an action record, or the garbage it is. Whether the rules
    allow it is the driver's to say when it applies it (in order, after the ones before it):
    a refused action comes back through ``refused`` as an "illegal" forfeit."""
    if not isinstance(item, dict):
        return None, ("garbage", f"an action must be a dict, not {type(item).__name__}")
    data = dict(item)
    data.setdefault("country", country)
    if data.get("type") == "end_phase":
        return None, None  # the game ends phases itself: nothing to do, nothing to forfeit
    try:
        return act.action_from_dict(data), None
    except act.ActionFormatError as error:
        return None, ("garbage", str(error))

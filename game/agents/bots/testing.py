"""Try a bot quickly, inside this process: for a student's own tests (see docs/bots.md).

``try_bot(MyBot())`` plays one short game with the bot at one country and built-in bots at the
others, and returns what happened, forfeits included. Because it runs in-process, the bot's
prints and tracebacks show, which the sandboxed tournament hides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.agents.bots.controller import BotController, Forfeit
from game.agents.bots.registry import resolve
from game.rules.game import Game
from game.rules.protocol import play_game
from game.scenario.loading import load_scenario
from game.scenario.loading import resolve as resolve_scenario


@dataclass
class Trial:
    """One game with the bot: the finished game, its country, its forfeits and the scores."""

    game: Game
    country: str
    forfeits: list[Forfeit]
    decisions: int
    scores: dict[str, float]

    @property
    def score(self) -> float:
        return self.scores[self.country]


def try_bot(bot: Any, scenario: str = "tutorial", country: str | None = None,
            others: str = "cooperator", turns: int = 3, seed: int = 1) -> Trial:
    """Play ``bot`` at ``country`` (default: the first) against ``others`` (a --bot spec)."""
    game = Game(load_scenario(resolve_scenario(scenario)), seed, turns)
    country = country or game.country_ids[0]
    player = BotController(bot)
    controllers: dict[str, Any] = {
        c: player if c == country else resolve(others).make() for c in game.country_ids
    }
    play_game(game, controllers)
    scores = {c: float(s) for c, s in zip(game.country_ids, game.scores(), strict=True)}
    return Trial(game, country, player.forfeits, player.decisions, scores)

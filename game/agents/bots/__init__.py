"""Bots: programs that play a country from its observation (see docs/bots.md).

A bot is a small class with ``act(observation) -> list of action dicts``. This package stays
light (no numpy, no game engine) so that a bot's own process starts fast: the engine-side parts
live in ``controller`` (the adapter to the game), ``examples`` (the built-in bots), ``registry``
(names on the command line) and ``sandbox``/``host`` (bots from files, in their own process).
"""

from game.agents.bots.base import Bot, accept, counter, keep, propose, reject, withdraw

__all__ = ["Bot", "accept", "counter", "keep", "propose", "reject", "withdraw"]

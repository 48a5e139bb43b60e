"""The bot interface: one class, one method.

A bot plays one country. Once per decision the game calls ``act(observation)`` with what that
country may know (``game.agents.observation.observe``: public state, its own offers and
obligations, its own projected values) and applies the actions the bot returns, as dicts in the
format of ``game.rules.actions.to_dict``. The observation's ``phase`` says which decision it is:

- ``"diplomacy"``: called once per round (``round``); answer the offers whose
  ``waiting_for_me`` is true (accept, reject or counter), and propose new agreements while
  ``proposals_allowed`` is true and ``me.delegations_left`` is above 0.
- ``"compliance"``: called once a turn; keep or break each clause in ``obligations``.

Returning nothing is always allowed: the bot passes (offers left unanswered expire at the end of
the diplomacy phase; a clause with no decision is kept). The game ends phases itself, so a bot
never needs ``end_phase``. The helpers below build action dicts; ``country`` may be left out (the
game fills in the bot's own country).

This module imports nothing from the engine, so a bot's own process starts fast.
"""

from __future__ import annotations

from typing import Any

Action = dict[str, Any]


class Bot:
    """Base class of every bot: override ``act``.

    ``name`` labels the bot in results. A new bot object plays each country in each game, so
    attributes set in ``__init__`` or ``act`` are the bot's memory for one game.
    """

    name = "bot"

    def act(self, observation: dict[str, Any]) -> list[Action]:
        """The actions for this decision (see the module docstring). The default passes."""
        return []


def accept(negotiation: dict[str, Any] | int) -> Action:
    """Accept the offer on the table in ``negotiation`` (an observation entry or its id)."""
    return {"type": "accept", "negotiation": _id(negotiation)}


def reject(negotiation: dict[str, Any] | int) -> Action:
    """Walk away from ``negotiation``: it ends for every party."""
    return {"type": "reject", "negotiation": _id(negotiation)}


def withdraw(negotiation: dict[str, Any] | int) -> Action:
    """Take back your own offer in ``negotiation``."""
    return {"type": "withdraw", "negotiation": _id(negotiation)}


def counter(negotiation: dict[str, Any] | int, clauses: list[dict[str, Any]],
            duration: int = 5) -> Action:
    """Answer ``negotiation`` with a changed offer: other clauses, levels or duration."""
    return {"type": "counter", "negotiation": _id(negotiation), "clauses": clauses,
            "duration": duration}


def propose(parties: list[str], clauses: list[dict[str, Any]], duration: int = 5) -> Action:
    """Open a negotiation (costs one delegation). ``parties`` includes yourself. To propose an
    entry of the observation's ``menu``: ``propose(item["parties"], item["clauses"])``."""
    return {"type": "propose", "parties": list(parties), "clauses": list(clauses),
            "duration": duration}


def keep(obligation: dict[str, Any], keep_it: bool = True) -> Action:
    """Keep (or, with ``keep_it=False``, break) one entry of the observation's ``obligations``."""
    return {"type": "comply", "agreement": obligation["agreement"],
            "clause": obligation["clause"], "keep": bool(keep_it)}


def _id(negotiation: dict[str, Any] | int) -> int:
    return negotiation["id"] if isinstance(negotiation, dict) else int(negotiation)

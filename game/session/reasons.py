"""The computers' reasons in a save: what the inbox and the negotiation screen explain.

A save keeps the reasons for the computers' answers in negotiations with a human party, so that a
loaded game still explains them; a damaged entry loses only its own explanation, never the game.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from game.agents.ai import Decision
from game.rules.game import Game
from game.rules.protocol import Controller, Explainer


def saved_reasons(controller: Controller | None, game: Game,
                  humans: Iterable[str]) -> list[dict[str, Any]]:
    """The reasons of ``controller``'s decisions in negotiations with a human party."""
    if not isinstance(controller, Explainer):
        return []
    humans = set(humans)
    # the negotiations with a human party first, then only their decisions sorted: the AI keeps
    # thousands of decisions on ``world`` and every autosave of the window asks (issue 17)
    with_humans = {n.id for n in game.negotiations if not humans.isdisjoint(n.parties)}
    decisions = controller.decisions
    saved = []
    for key in sorted(key for key in decisions if key[0] in with_humans):
        decision = decisions[key]
        if hasattr(decision, "to_dict"):
            saved.append({"negotiation": key[0], "country": key[1], **decision.to_dict()})
    return saved


def restore_reasons(controller: Controller | None, saved: Any) -> None:
    """Give ``controller`` back the reasons a save kept (entries that do not read are left out)."""
    if not isinstance(controller, Explainer) or not isinstance(saved, list):
        return
    for entry in saved:
        try:
            decision = Decision.from_dict(entry)
            controller.decisions[(int(entry["negotiation"]), str(entry["country"]))] = decision
        except (KeyError, TypeError, ValueError):
            continue  # a damaged entry loses only its explanation, never the game

"""The tutorial scenario's hints: one short text per screen during its first turns, shown by the
game, negotiation, inbox and compliance screens."""

from __future__ import annotations

from typing import Any

from game.ui.text import ui


def tutorial_hint(session: Any, scene: str) -> str | None:
    """The tutorial scenario's hint for this screen during its first turns."""
    game = session.game
    if game.scenario.scenario.id != "tutorial" or game.turn > 3 or game.finished:
        return None
    key = f"hint.{scene}.{session.stage.value}" if scene == "game" else f"hint.{scene}"
    text = ui(key)
    return text if text != f"ui.{key}" else None

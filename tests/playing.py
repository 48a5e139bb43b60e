"""A human seat that does nothing but move the game on: the step the par, hidden-end and window
tests take again and again."""

from __future__ import annotations

from game.session.session import Session


def step_doing_nothing(session: Session, country: str) -> None:
    """``country`` begins diplomacy, ends it, or keeps every promise, whichever its stage asks
    (the move must be accepted)."""
    stage = session.stage.value
    if stage == "news":
        refusal = session.begin_diplomacy(country)
    elif stage == "diplomacy":
        refusal = session.end_diplomacy(country)
    else:
        refusal = session.end_compliance(country, {})
    assert refusal is None, (stage, refusal)

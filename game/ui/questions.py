"""Asking before something that cannot be taken back: the question screen (``ask``, the
``AskScene``) opened by name, so that any screen can ask without importing another screen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

#: One answer: its button's key, its label, what it does (None: just close) and its style.
Choice = tuple[str, str, Callable[[], Any] | None, str | None]

#: The screens that are questions (one question at a time).
QUESTIONS = ("ask", "pin")


def asking(app: Any) -> bool:
    """Whether a question is on screen now."""
    return app.scene is not None and app.scene.name in QUESTIONS


def ask(app: Any, title: str, text: str, choices: Sequence[Choice], cancel: str | None = None) -> None:
    """Ask ``title``/``text`` over the current screen; ``choices`` and a cancel answer (which
    has the keyboard's ring)."""
    if asking(app):
        return
    app.push("ask", title, text, choices, cancel)

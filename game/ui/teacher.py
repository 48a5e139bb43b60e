"""Teacher mode: the actions only a teacher may take (reloading the scenario, the moderator's
events, leaving a competition's game) ask for the teacher's PIN first.

The PIN is the competition's (set when it was created, kept in its classroom and saves) or the
teacher's profile on this computer (the settings). A game with neither is a home game: the
actions are open (reloading still asks first). A competition with neither (made before PINs
existed) refuses them with a message saying where to set one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.classroom.classroom import classroom_of
from game.classroom.pin import hash_pin, pin_matches
from game.ui.questions import ask, asking
from game.ui.text import ui

#: The teacher-only actions (each has its reason in the catalogs, ``ui.guard.teacher.<key>``).
ACTIONS = ("reload", "moderator", "leave")


def stored_pins(app: Any) -> list[str]:
    """The PIN hashes that open the teacher's actions in the game on screen."""
    pins = []
    if app.session is not None:
        pin = classroom_of(app.session).teacher_pin
        if pin:
            pins.append(pin)
    if app.settings.teacher_pin:
        pins.append(app.settings.teacher_pin)
    return pins


def is_teacher_pin(app: Any, pin: str) -> bool:
    return any(pin_matches(pin, stored) for stored in stored_pins(app))


def in_competition(app: Any) -> bool:
    return app.session is not None and classroom_of(app.session).competition


def locked(app: Any) -> bool:
    """Whether the teacher's actions need a PIN now."""
    return bool(stored_pins(app)) or in_competition(app)


def teacher_only(app: Any, action: str, then: Callable[[], Any]) -> None:
    """Do ``then`` if the teacher's PIN is given (or none is needed); otherwise nothing."""
    if asking(app):
        return  # one question at a time
    if not stored_pins(app):
        if in_competition(app):
            app.toast(ui("guard.teacher.no_pin"), "bad")
            return
        then()
        return
    app.push("pin", ui("guard.teacher.title"), ui(f"guard.teacher.{action}"), then,
             check=lambda pin: is_teacher_pin(app, pin))


def choose_pin(app: Any, title: str, reason: str, then: Callable[[str], Any]) -> None:
    """Ask for a new PIN (twice); ``then`` gets its hash."""
    app.push("pin", title, reason, lambda pin: then(hash_pin(pin)))


def leave_game(app: Any) -> None:
    """To the menu, the game saved (Continue brings it back)."""
    if app.session is not None:
        app.session.autosave()
    app.to_menu()
    app.toast(ui("game.autosaved"))


def ask_leave(app: Any) -> None:
    """Esc or Menu in a game: the teacher's PIN where the game is locked, a question otherwise."""
    if locked(app):
        teacher_only(app, "leave", lambda: leave_game(app))
        return
    confirm_leave(app)


def confirm_leave(app: Any) -> None:
    """The question before leaving a game for the menu."""
    ask(app, ui("guard.leave.title"), ui("guard.leave.text"),
        [("confirm", ui("guard.leave.confirm"), lambda: leave_game(app), "#primary")],
        cancel=ui("guard.leave.cancel"))

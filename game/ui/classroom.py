"""What a classroom competition adds to every in-game screen: the team names next to their
countries, par's progress (the leaderboards rank by score − par once it is known), and the
diplomacy countdown drawn over whatever is on screen (the game, the negotiation, the inbox, the
hand-over), ending diplomacy for everyone when it runs out.

The countdown itself is ``game.classroom.timer`` (no pygame); the session starts it when
diplomacy opens and cancels it when the phase ends. Here the window only decides when it runs:
while the game is on screen (not on the menu) and not while the computers think.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pygame
from pygame_gui.elements import UIButton

from game.classroom.classroom import classroom_of
from game.classroom.timer import clock_text
from game.rules.game import Phase
from game.ui import draw
from game.ui.text import country_name, percent, ui

if TYPE_CHECKING:
    from game.ui.app import App

#: In the last seconds the countdown turns to the warning colour.
WARNING_SECONDS = 30.0
#: The screens at the bottom of the stack while a game is on screen.
GAME_SCREENS = ("game", "handover")


def team_and_country(session: Any, country: str) -> str:
    """"Garuda, playing Indonesia" for a team's country; the country's name otherwise."""
    name = country_name(session.game, country)
    team = classroom_of(session).teams.get(country)
    return ui("competition.team_country", team=team, country=name) if team else name


def par_state(session: Any) -> tuple[str, int]:
    """The session's par as a screen's cache key: its status and the turns done."""
    run = session.par
    return ("none", 0) if run is None else (run.status, run.done)


def par_note(session: Any) -> str | None:
    """What a leaderboard says about par while it is not known: "Par: computing… 40%", or that
    there is none this time; None when it is ready (the rows show it) or was never started."""
    run = session.par
    if run is None or run.status in ("ready", "cancelled"):
        return None
    if run.status == "failed":
        return ui("par.failed")
    return ui("par.computing", percent=percent(run.fraction))


def _timer(app: App) -> Any:
    session = app.session
    return classroom_of(session).timer if session is not None else None


def on_screen(app: App) -> bool:
    """Whether the session's diplomacy is on screen (its countdown runs only then)."""
    session = app.session
    return (session is not None and bool(app.stack) and app.stack[0].name in GAME_SCREENS
            and not session.game.finished and session.stage is Phase.DIPLOMACY)


def update(app: App) -> None:
    """Run the countdown while the game is on screen, pause it otherwise; at zero, end
    diplomacy for everyone, say so and show the game."""
    timer = _timer(app)
    if timer is None or not timer.active:
        return
    if not on_screen(app):
        timer.pause()
        if app.session.stage is not Phase.DIPLOMACY:
            timer.cancel()  # a phase that ended some other way
        return
    timer.resume()
    if timer.expired():
        app.busy(ui("busy.computers_answer"), app.session.expire_diplomacy)
        app.toast(ui("competition.time_up"), "bad")
        app.viewer = None
        app.show_game()


@contextmanager
def held(app: App) -> Iterator[None]:
    """Stop the countdown while the computers think (the screen is busy): their thinking time
    is nobody's diplomacy time."""
    timer = _timer(app)
    running = timer is not None and timer.running
    if running:
        timer.pause()
    try:
        yield
    finally:
        if running and timer.active:
            timer.resume()


def countdown_text(app: App) -> str | None:
    """The countdown as shown ("Diplomacy 02:45"), or None when there is none to show."""
    timer = _timer(app)
    if timer is None or not timer.active or not on_screen(app):
        return None
    return ui("competition.countdown", time=clock_text(timer.remaining()))


def draw_countdown(app: App, surface: pygame.Surface) -> None:
    """A box at the top centre of the screen, in the warning colour in the last 30 seconds."""
    text = countdown_text(app)
    if text is None:
        return
    scale = app.scale
    colours = app.palette
    warning = classroom_of(app.session).timer.remaining() <= WARNING_SECONDS
    fnt = draw.font("heading", scale, bold=True)
    width = max(round(150 * scale), fnt.size(text)[0] + round(24 * scale))
    rect = place(app, pygame.Rect(0, round(9 * scale), width, round(40 * scale)))
    fill = colours.bad if warning else colours.panel
    draw.card(surface, rect, fill, colours.bad if warning else colours.accent, round(8 * scale))
    colour = colours.background if warning else colours.text
    draw.text(surface, text, rect.center, fnt, colour, "center", max_width=rect.width - round(12 * scale))


def place(app: App, rect: pygame.Rect) -> pygame.Rect:
    """``rect`` at the top centre, or moved sideways into the free gap between the screen's
    buttons nearest the centre (a screen with many buttons at the top keeps them clickable)."""
    width = app.size[0]
    margin = round(8 * app.scale)
    rect = rect.copy()
    rect.centerx = width // 2
    buttons = sorted((e.rect for e in app.manager.get_sprite_group().sprites()
                      if isinstance(e, UIButton) and e.visible and e.rect.colliderect(
                          pygame.Rect(0, rect.top, width, rect.height))), key=lambda r: r.left)
    if not any(r.colliderect(rect) for r in buttons):
        return rect
    edges = [0, *(x for r in buttons for x in (r.left, r.right)), width]
    best: int | None = None
    for low, high in zip(edges[0::2], edges[1::2], strict=False):
        if high - low < rect.width + 2 * margin:
            continue
        left = min(max(width // 2 - rect.width // 2, low + margin), high - margin - rect.width)
        centre = width // 2 - rect.width // 2
        if best is None or abs(left - centre) < abs(best - centre):
            best = left
    if best is not None:
        rect.left = best
    return rect


def reflection_due(session: Any) -> bool:
    """Whether the teams should reflect on the turn just resolved (and have not been asked)."""
    reports = session.game.reports
    return bool(classroom_of(session).reflection and session.humans and reports
                and classroom_of(session).reflection_offered < reports[-1].turn)

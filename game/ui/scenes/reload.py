"""F5 in a game: reload the scenario file and start the game again, or say what is wrong.

``ask_reload`` is what the window calls on F5 (``App.handle``, only while a game is on screen):
the teacher's PIN where one is set (``game.ui.teacher``), then a question. ``reload_game`` does
it. A file that loads restarts the game at its first turn (``game.classroom.reload``) with a
toast naming the file; the running game is kept: its autosave copied aside
(``autosave-before-reload.json``), its results folder left as it is (the restarted game writes
to a new one), and F5's question offers to bring it back. A file that does not load, or that
lost a player's country, opens ``ReloadScene`` over the running game: every problem with its
file, line and key path. The game goes on with the last good version underneath; Esc or Close
returns to it, and F5 (or Try again) retries.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pygame

from game.classroom.classroom import classroom_of
from game.classroom.reload import ReloadResult, fresh_results_folder, reload_session, scenario_file
from game.scenario.loading import ScenarioError, load_text
from game.scenario.problems import Problem
from game.session.autosave import journal_path
from game.ui import draw
from game.ui.questions import ask
from game.ui.scene import Scene, colour_tag, escape
from game.ui.settings import data_dir
from game.ui.teacher import teacher_only
from game.ui.text import language, names, tr, ui

#: Where the running game's autosave is copied before a reload.
BEFORE_RELOAD = "autosave-before-reload.json"

#: The scenes at the bottom of the stack while a game is on screen (the menu is not one).
GAME_SCENES = ("game", "end", "handover")


def in_game(app) -> bool:
    """Whether a game is on screen (or under an overlay): F5 applies only then."""
    return app.session is not None and bool(app.stack) and app.stack[0].name in GAME_SCENES


def ask_reload(app) -> None:
    """F5: the teacher's PIN (where one is set), then the question; on the overlay of a broken
    file (which only a teacher reached), try again at once."""
    if app.session is None or not in_game(app):
        return
    if isinstance(app.scene, ReloadScene):
        reload_game(app)
        return
    teacher_only(app, "reload", lambda: confirm_reload(app))


def confirm_reload(app) -> None:
    """Ask before reloading: what happens to the running game, and how to get it back."""
    session = app.session
    if session is None:
        return
    file = scenario_file(session.game.loaded.source).name
    folder = classroom_of(session).results_folder
    text = ui("guard.reload.text", file=file)
    if folder is not None:
        text += "\n" + ui("guard.reload.folder", folder=str(folder),
                          new=fresh_results_folder(folder).name)
    choices = [("confirm", ui("guard.reload.confirm"), lambda: reload_game(app), "#primary")]
    if app.before_reload is not None:
        text += "\n" + ui("guard.reload.undo_text")
        choices.append(("undo", ui("guard.reload.undo"), lambda: undo_reload(app), None))
    ask(app, ui("guard.reload.title"), text, choices)


def undo_reload(app) -> None:
    """Bring back the game that ran before the last reload (its autosave written again)."""
    old = app.before_reload
    if old is None:
        return
    app.start_session(old)  # forgets ``before_reload``
    old.autosave()
    app.toast(ui("guard.reload.undone"), "good")


def _keep_autosave(session) -> None:
    """Copy the running game's autosave aside before a reload writes over it (with its journal:
    the snapshot and the clicks since, ``game.session.autosave``)."""
    path = session.autosave_path
    if path is None or not path.exists():
        return
    session.wait_for_saves()
    aside = data_dir() / BEFORE_RELOAD
    with contextlib.suppress(OSError):  # the game in memory can still be brought back
        aside.write_bytes(path.read_bytes())
        journal = journal_path(path)
        if journal.exists():
            journal_path(aside).write_bytes(journal.read_bytes())
        else:
            journal_path(aside).unlink(missing_ok=True)


def reload_game(app) -> None:
    """Reload the running game's scenario file: restart on it, or show what is wrong."""
    session = app.session
    if session is None or not in_game(app):
        return
    overlay = app.scene if isinstance(app.scene, ReloadScene) else None
    backdrop = overlay.backdrop if overlay is not None else app.window.copy()
    pictured = overlay.pictured_toasts if overlay is not None else tuple(app.toasts_drawn)
    factory = app.controller_factory
    controller = factory(session.difficulty) if factory is not None else None

    def attempt() -> ReloadResult:
        try:
            return reload_session(session, controller, fresh_folder=True)
        except Exception as error:  # the file is valid but the game cannot start from it
            file = str(scenario_file(session.game.loaded.source))
            problem = Problem("", None, ui("reload.cannot_start", error=str(error) or type(error).__name__))
            return ReloadResult(file, error=ScenarioError(file, [problem]))

    _keep_autosave(session)  # before the restarted game writes its own over it
    result = app.busy(ui("reload.busy"), attempt)
    if result.ok:
        app.start_session(result.session)
        app.before_reload = session
        app.toast(ui("reload.done", file=Path(result.file).name), "good")
        app.toast(ui("guard.reload.can_undo"))
        return
    scene = ReloadScene(app, result, backdrop)
    scene.pictured_toasts = pictured  # the toasts in the picture, not drawn again over it
    if overlay is not None:
        app.replace(scene)
    else:
        app.push(scene)


def problem_html(problem: Problem, file: str, accent: tuple[int, int, int]) -> str:
    """One problem: where (file and line, then the key path) and what is wrong."""
    name = Path(file).name
    where = ui("reload.where_line", file=name, line=problem.line) if problem.line else name
    html = f"<b>{escape(where)}</b>"
    if problem.path:
        html += f"  <font color={colour_tag(accent)}>{escape(ui('reload.key', path=problem.path))}</font>"
    return f"{html}<br>{escape(problem.text(language()))}"


class ReloadScene(Scene):
    """The problems of a scenario file that could not be reloaded, over the running game."""

    name = "reload"

    def __init__(self, app, result: ReloadResult, backdrop: pygame.Surface | None = None):
        super().__init__(app)
        self.result = result
        self.backdrop = backdrop
        self.pictured_toasts = tuple(app.toasts_drawn)

    @property
    def problems(self) -> list[Problem]:
        return list(self.result.error.problems) if self.result.error is not None else []

    def card_rect(self) -> pygame.Rect:
        margin = self.px(40)
        width = min(self.width - 2 * margin, self.px(960))
        height = self.height - 2 * self.px(28)
        rect = pygame.Rect(0, 0, width, height)
        rect.center = (self.width // 2, self.height // 2)
        return rect

    def build(self) -> None:
        card = self.card_rect()
        pad = self.px(20)
        inner = card.inflate(-2 * pad, -2 * pad)
        title = ui("reload.missing_title") if self.result.missing else ui("reload.title")
        self.label(pygame.Rect(inner.x, inner.y, inner.width, self.px(34)), title, "#heading")
        y = inner.y + self.px(44)
        buttons_top = inner.bottom - self.px(46)
        self.textbox(pygame.Rect(inner.x, y, inner.width, buttons_top - self.px(12) - y),
                     self.html(), "#boxed")
        half = self.px(230)
        self.button(pygame.Rect(inner.right - half, buttons_top, half, self.px(46)),
                    ui("reload.retry"), lambda: reload_game(self.app), "#primary", key="retry", fit=True)
        self.button(pygame.Rect(inner.right - 2 * half - self.px(12), buttons_top, half, self.px(46)),
                    ui("reload.close"), self.back, key="close", fit=True)

    def html(self) -> str:
        muted = colour_tag(self.colours.muted)
        top = (f"<font color={muted}>{escape(ui('reload.file', path=self.result.file))}</font><br>"
               f"{escape(ui('reload.kept'))}<br><br>")
        if self.result.missing:
            game = self.app.session.game if self.app.session is not None else None
            countries = names(game, list(self.result.missing)) if game is not None else \
                ", ".join(self.result.missing)
            return top + escape(ui("reload.missing", countries=countries))
        problems = self.problems
        count = ui("reload.one_problem") if len(problems) == 1 else ui("reload.problems",
                                                                        count=len(problems))
        heading = f"<b>{escape(count)}</b>"
        if language() != "en" and any(p.key is None for p in problems):  # the schema's own words
            heading += f"  <i>{escape(tr('scenario_file.english_details'))}</i>"
        accent = self.colours.accent
        return top + "<br><br>".join([heading, *(problem_html(p, self.result.error.file, accent)
                                                 for p in problems)])

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(self.colours.background)
        if self.backdrop is not None:
            image = self.backdrop
            if image.get_size() != surface.get_size():
                image = pygame.transform.smoothscale(image, surface.get_size())
            surface.blit(image, (0, 0))
        draw.shade(surface, self.colours.background, 190)
        draw.card(surface, self.card_rect(), self.colours.panel, self.colours.bad, self.px(12))


def example(app, text: str, file: str) -> ReloadScene:
    """The overlay for scenario ``text`` (which must be broken) as if read from ``file``, over
    what the window shows now. For the screenshot tour."""
    try:
        load_text(text, file)
    except ScenarioError as error:
        return ReloadScene(app, ReloadResult(file, error=error), app.window.copy())
    raise ValueError("the example scenario text is not broken")

"""The game window: pygame and pygame_gui set-up, the scene stack, settings and the main loop.

``run(args)`` is what ``python run_game.py`` calls. The window is 1280×720 by default,
resizable, F11 toggles full screen, and the loop is capped at 60 frames a second.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import i18n
import pygame
import pygame_gui

from game.classroom.classroom import Classroom, classroom_of
from game.i18n import translate
from game.rules.storage import StorageError
from game.scenario.loading import ScenarioError, load_scenario, resolve
from game.session.par import CACHE_FOLDER
from game.session.session import Session
from game.ui import classroom, draw, registry, text
from game.ui.catalog import default_country
from game.ui.charts import summary_png
from game.ui.scene import Scene
from game.ui.scenes.reload import reload_game
from game.ui.settings import Settings, autosave_path, data_dir, load_settings, save_settings
from game.ui.text import ui
from game.ui.theme import build_theme, effective_scale, fonts_to_preload, palette


class Manager(pygame_gui.UIManager):
    """pygame_gui's manager, with a mouse position that can follow posted events: without a
    real display (tests, the screenshot tour) the SDL mouse never moves."""

    virtual_mouse: tuple[int, int] | None = None

    def _update_mouse_position(self) -> None:
        if self.virtual_mouse is not None:
            self.mouse_position = self.virtual_mouse
        else:
            super()._update_mouse_position()


#: Keys whose held-down repeats reach the screens (panning, zooming, scrolling); every other
#: key acts once per press, so a slow screen change never turns one Esc into two.
REPEATING_KEYS = frozenset({
    pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN, pygame.K_PLUS, pygame.K_MINUS,
    pygame.K_EQUALS, pygame.K_KP_PLUS, pygame.K_KP_MINUS, pygame.K_PAGEUP, pygame.K_PAGEDOWN,
    pygame.K_BACKSPACE, pygame.K_DELETE,
})

DEFAULT_SIZE = (1280, 720)
FPS = 60
#: With no input for IDLE_AFTER seconds the window redraws IDLE_FPS times a second: a game
#: left open on a class laptop should not keep a core busy (clocks and hints still tick).
IDLE_FPS = 15
IDLE_AFTER = 2.0
TOAST_SECONDS = 4.0


class App:
    """The window, the UI manager and the current scene."""

    def __init__(self, settings: Settings | None = None, size: tuple[int, int] = DEFAULT_SIZE,
                 save_settings_on_change: bool = True):
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
        self.headless = os.environ.get("SDL_VIDEODRIVER") == "dummy"
        #: Makes the computer countries' controller for a new session (tests script them).
        self.controller_factory: Callable[[str], Any] | None = None
        pygame.display.init()
        pygame.font.init()
        pygame.key.set_repeat(350, 40)
        self.settings = (settings or load_settings()).clean()
        self.save_settings_on_change = save_settings_on_change
        text.set_language(self.settings.language)
        self.windowed_size = size
        self.window = self._open_window(size, self.settings.fullscreen)
        pygame.display.set_caption("Diplomasi")
        self.size = self.window.get_size()
        self.scale = effective_scale(self.settings.scale, self.size)
        self.palette = palette(self.settings.colour_blind)
        self.manager = self._make_manager()
        self.clock = pygame.time.Clock()
        self.stack: list[Scene] = []
        self.session: Session | None = None
        self.viewer: str | None = None  # the human who last saw the screen (hot-seat)
        self.deferred: list[Callable[[], Any]] = []
        self.toasts: list[tuple[float, str, str]] = []
        self.running = True
        self.autosave = autosave_path()
        #: Every new or loaded game has its par computed in the background (tests turn it off).
        self.par = True
        self.set_aside_record: tuple[StorageError | None, str] | None = None  # see set_aside_note
        self.failures = 0  # unexpected errors since the last frame that went well
        self.menu_failures = 0  # unexpected errors of the menu itself (the way back)
        self.busy_message: str | None = None
        self.held_keys: set[int] = set()  # keys down now: a second KEYDOWN is a repeat
        self.last_input = time.monotonic()  # the last event: after IDLE_AFTER, fewer frames
        #: The class game this window hosts on the network (``game.ui.hosting.Hosting``), if any.
        self.hosting: Any = None

    # --- window and settings -----------------------------------------------------------------
    def _open_window(self, size: tuple[int, int], fullscreen: bool) -> pygame.Surface:
        if fullscreen and os.environ.get("SDL_VIDEODRIVER") != "dummy":
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        return pygame.display.set_mode(size, pygame.RESIZABLE)

    def _make_manager(self) -> pygame_gui.UIManager:
        manager = Manager(self.size, build_theme(self.scale, self.palette),
                          enable_live_theme_updates=False, starting_language=self.settings.language)
        # Every text we hand to pygame_gui is already translated, but pygame_gui passes it to
        # python-i18n, which reads "2.5 points" or "Mr. X" as a key ("2" namespace) and searches
        # the disk for it on every widget: a delimiter that never occurs turns that off.
        i18n.set("namespace_delimiter", "\x1f")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "already loaded": the theme loaded some of them
            manager.preload_fonts(fonts_to_preload(self.scale))
        if self.headless:
            manager.virtual_mouse = (0, 0)
        return manager

    def apply_settings(self, rebuild_manager: bool = True) -> None:
        """Use changed settings now: language, scale, palette, full screen; then save them."""
        text.set_language(self.settings.language)
        self.scale = effective_scale(self.settings.scale, self.size)
        self.palette = palette(self.settings.colour_blind)
        if rebuild_manager:
            self.manager = self._make_manager()
        for scene in self.stack:
            if hasattr(scene, "invalidate"):
                scene.invalidate()
        self.rebuild()
        if self.save_settings_on_change:
            error = save_settings(self.settings)
            if error:
                self.toast(ui("settings.not_saved", error=error), "bad")

    def set_fullscreen(self, fullscreen: bool) -> None:
        self.settings.fullscreen = fullscreen
        if not fullscreen or os.environ.get("SDL_VIDEODRIVER") == "dummy":
            self.window = pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)
        else:
            self.windowed_size = self.size
            self.window = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        self.resize(self.window.get_size())

    def resize(self, size: tuple[int, int]) -> None:
        size = (max(size[0], 640), max(size[1], 400))
        if size == self.size:
            return
        self.size = size
        self.scale = effective_scale(self.settings.scale, size)
        self.manager = self._make_manager()
        for scene in self.stack:
            if hasattr(scene, "invalidate"):
                scene.invalidate()
        self.rebuild()

    # --- scenes ------------------------------------------------------------------------------
    @property
    def scene(self) -> Scene | None:
        return self.stack[-1] if self.stack else None

    def rebuild(self) -> None:
        """Recreate the current scene's widgets."""
        self.manager.clear_and_reset()
        if self.scene is not None:
            self.scene.buttons = {}
            self.scene.build()

    def make(self, scene: Scene | str, *args: Any, **kwargs: Any) -> Scene:
        """``scene`` itself, or a new scene of the screen it names (``game.ui.registry``), made
        with ``args`` and ``kwargs``."""
        if isinstance(scene, str):
            return registry.make(scene, self, *args, **kwargs)
        return scene

    def push(self, scene: Scene | str, *args: Any, **kwargs: Any) -> None:
        """Show ``scene`` (a scene, or a screen's name and what it is made with) over the
        current one."""
        scene = self.make(scene, *args, **kwargs)
        self.stack.append(scene)
        scene.enter()
        self.rebuild()

    def goto(self, scene: Scene | str, *args: Any, **kwargs: Any) -> None:
        """Replace the whole stack with ``scene`` (a scene, or a screen's name)."""
        scene = self.make(scene, *args, **kwargs)
        self.stack = [scene]
        scene.enter()
        self.rebuild()

    def replace(self, scene: Scene | str, *args: Any, **kwargs: Any) -> None:
        """Replace the current scene with ``scene`` (a scene, or a screen's name)."""
        scene = self.make(scene, *args, **kwargs)
        if self.stack:
            self.stack.pop()
        self.push(scene)

    def pop(self) -> None:
        if len(self.stack) > 1:
            self.stack.pop()
            self.scene.enter()
            self.rebuild()
        else:
            self.to_menu()

    def to_menu(self) -> None:
        self.goto("menu")

    def defer(self, action: Callable[[], Any]) -> None:
        self.deferred.append(action)

    def toast(self, message: str, kind: str = "info") -> None:
        self.toasts.append((time.monotonic() + TOAST_SECONDS, message, kind))
        self.toasts = self.toasts[-3:]

    def busy(self, message: str, action: Callable[[], Any]) -> Any:
        """Show ``message`` while ``action`` runs (the computers' turns take a moment)."""
        self.busy_message = message
        self.render()
        pygame.display.flip()
        try:
            with classroom.held(self):  # the computers' thinking time is not diplomacy time
                return action()
        finally:
            self.busy_message = None

    # --- sessions ----------------------------------------------------------------------------
    def start_session(self, session: Session) -> None:
        if self.session is not None and self.session is not session and self.session.par is not None:
            self.session.par.cancel()  # the par of the game left behind
        self.session = session
        if self.par:  # the computer plays the same game in every seat (cached in the data folder)
            session.start_par(data_dir() / CACHE_FOLDER)
        self.viewer = None
        room = classroom_of(session)
        room.results_painter = room.results_painter or summary_png  # summary.png
        if room.results_folder is not None:  # the class's results folder from the start
            room.results_attempted = len(session.game.reports)
            room.write_results(session)
        self.show_game()

    def show_game(self) -> None:
        """The right screen for the session now: the end, a hand-over, or the game screen."""
        session = self.session
        if session is None:
            self.to_menu()
            return
        if session.autosave_error:
            self.toast(ui("save.autosave_failed", error=session.autosave_error), "bad")
            session.autosave_error = None
        room = classroom_of(session)
        if room.results_error:  # the results folder: shown once, tried again next turn
            self.toast(ui("classroom.results_failed", error=room.results_error), "bad")
            room.results_error = None
        if session.game.finished:
            self.goto("end")
            return
        current = session.current
        if len(session.humans) > 1 and current is not None and current != self.viewer:
            self.goto("handover", current)
            return
        self.viewer = current
        self.goto("game")

    def after_move(self, keep: Scene | None = None) -> None:
        """After a human's move: stay on ``keep`` unless the turn has passed to someone else."""
        session = self.session
        if session is None:
            return
        if session.game.finished or session.current != self.viewer:
            self.show_game()
        elif keep is not None:
            self.rebuild()

    def load_scenario_or_error(self, identifier: str):
        try:
            return load_scenario(resolve(identifier))
        except ScenarioError as error:
            self.show_error(ui("error.scenario_title"), error.report(text.language()))
            return None

    def open_save(self, path: Path) -> bool:
        try:
            session = Session.load(path, autosave_path=self.autosave, classroom=Classroom.from_dict)
        except StorageError as error:
            if Path(path) == self.autosave:  # never offered again: the menu would fail the same way
                self.set_aside(path, error)
            self.show_error(ui("error.save_title"), f"{error.path}\n{error.text(text.language())}")
            return False
        self.start_session(session)
        return True

    def set_aside(self, path: Path, error: StorageError | None = None) -> Path | None:
        """Rename a damaged autosave to ``autosave.damaged-<time>.json`` (kept for a teacher to
        look at; the load screen lists it as damaged) so that nothing reads it again, and let
        the menu say why. The renamed file, or None if it could not be moved (then it is
        deleted, so that it cannot stop the menu)."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target: Path | None = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
        try:
            os.replace(path, target)
        except OSError:
            target = None
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
        self.set_aside_record = (error, target.name if target else "")
        return target

    @property
    def set_aside_note(self) -> str | None:
        """The menu's line about the autosave set aside, in the player's language now."""
        if self.set_aside_record is None:
            return None
        error, name = self.set_aside_record
        problem = error.text(text.language()) if error is not None else ui("error.unexpected_short")
        return ui("menu.autosave_set_aside", problem=problem, file=name)

    def show_error(self, title: str, message: str) -> None:
        self.push("error", title, message)

    def toggle_projector(self) -> bool:
        """F9: the projector view over any screen of a running game, or back from it to the
        same screen. False (nothing done) outside a game."""
        if self.scene is not None and self.scene.name == "projector":
            self.defer(self.pop)
            return True
        if self.hosting is not None and self.scene is not None and self.scene.name == "teacher":
            hosting = self.hosting
            self.defer(lambda: self.push("projector", hosting=hosting))
            return True
        if self.session is None or not any(s.name in ("game", "end", "handover") for s in self.stack):
            return False
        self.defer(lambda: self.push("projector"))
        return True

    # --- the loop ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        self.last_input = time.monotonic()
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.KEYUP:
            self.held_keys.discard(event.key)
        elif event.type in (pygame.WINDOWFOCUSLOST, pygame.WINDOWFOCUSGAINED):
            self.held_keys.clear()  # a key let go in another window sent us no KEYUP
        elif event.type == pygame.KEYDOWN:
            repeat = event.key in self.held_keys
            self.held_keys.add(event.key)
            if repeat and event.key not in REPEATING_KEYS:
                self.manager.process_events(event)  # typing in a text field still repeats
                return
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            if not self.settings.fullscreen:
                self.windowed_size = self.window.get_size()
            self.resize(self.window.get_size())
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.set_fullscreen(not self.settings.fullscreen)
            if self.save_settings_on_change:
                save_settings(self.settings)
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F5 and self.session is not None:
            self.defer(lambda: reload_game(self))
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F9 and self.toggle_projector():
            return
        if self.headless and hasattr(event, "pos") and event.type in (
                pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            self.manager.virtual_mouse = event.pos
        consumed = self.manager.process_events(event)
        scene = self.scene
        if scene is None:
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            focused = self.manager.get_focus_set()
            typing = (pygame_gui.elements.UITextEntryLine, pygame_gui.elements.UITextEntryBox)
            if focused and any(isinstance(w, typing) for w in focused):
                self.manager.set_focus_set(None)
            else:
                self.defer(scene.back)
            return
        if not consumed or event.type != pygame.MOUSEBUTTONDOWN:
            scene.handle(event)

    def run_deferred(self) -> None:
        while self.deferred:
            action = self.deferred.pop(0)
            action()

    def update(self, dt: float) -> None:
        self.run_deferred()
        self.manager.update(dt)
        self.run_deferred()
        if self.scene is not None:
            self.scene.update(dt)
        self.run_deferred()
        classroom.update(self)  # the competition's diplomacy countdown

    def render(self) -> None:
        surface = self.window
        scene = self.scene
        if scene is not None:
            scene.draw(surface)
        self.manager.draw_ui(surface)
        if scene is not None:
            scene.draw_over(surface)
        classroom.draw_countdown(self, surface)
        self._draw_toasts(surface)
        if self.busy_message:
            self._draw_busy(surface)

    def _draw_toasts(self, surface: pygame.Surface) -> None:
        now = time.monotonic()
        self.toasts = [t for t in self.toasts if t[0] > now]
        y = self.size[1] - round(80 * self.scale)
        fnt = draw.font("normal", self.scale, bold=True)
        for _, message, kind in reversed(self.toasts):
            colour = {"bad": self.palette.bad, "good": self.palette.good}.get(kind, self.palette.accent)
            width = min(self.size[0] - round(40 * self.scale), fnt.size(message)[0] + round(32 * self.scale))
            rect = pygame.Rect(0, 0, width, round(40 * self.scale))
            rect.midbottom = (self.size[0] // 2, y)
            draw.card(surface, rect, self.palette.panel, colour, round(8 * self.scale))
            draw.text(surface, message, rect.center, fnt, self.palette.text, "center",
                      max_width=rect.width - round(20 * self.scale))
            y = rect.top - round(8 * self.scale)

    def _draw_busy(self, surface: pygame.Surface) -> None:
        draw.shade(surface, self.palette.background, 170)
        fnt = draw.font("large", self.scale, bold=True)
        rect = pygame.Rect(0, 0, min(self.size[0] - 40, fnt.size(self.busy_message)[0] + 80),
                           round(90 * self.scale))
        rect.center = (self.size[0] // 2, self.size[1] // 2)
        draw.card(surface, rect, self.palette.panel, self.palette.accent, round(10 * self.scale))
        draw.text(surface, self.busy_message, rect.center, fnt, self.palette.text, "center",
                  max_width=rect.width - 20)

    def step(self, events: list[pygame.event.Event] | None = None, dt: float = 1 / FPS) -> None:
        """One frame: events, update, draw (without flipping: tests and screenshots call it)."""
        queue = list(events or []) + pygame.event.get()
        while queue:
            self.handle(queue.pop(0))
            self.run_deferred()
            if events is not None:  # driven from code: what pygame_gui posts is handled too
                queue += pygame.event.get()
        self.update(dt)
        self.render()

    def loop(self) -> None:
        while self.running:
            self.guarded_step(None, self.clock.tick(self.frame_rate()) / 1000.0)
            pygame.display.flip()
        if self.session is not None and not self.session.game.finished:
            self.session.autosave()
        self.stop_hosting()

    def stop_hosting(self) -> None:
        """Stop the class game this window hosts (it stays saved in its folder)."""
        if self.hosting is not None:
            self.hosting.stop()
            self.hosting = None

    def guarded_step(self, events: list[pygame.event.Event] | None = None,
                     dt: float = 1 / FPS) -> None:
        """One frame of the loop: ``step``, and ``recover`` from anything unexpected."""
        try:
            self.step(events, dt)
            self.failures = 0
        except Exception:  # never lose a class's game to a bug: save, explain, carry on
            self.recover()

    def frame_rate(self) -> int:
        """Frames a second now: the full rate while someone is using the window, fewer when
        nobody has touched it for a while."""
        return FPS if time.monotonic() - self.last_input < IDLE_AFTER else IDLE_FPS

    def recover(self) -> None:
        """After an unexpected error: write it to ``error.log``, save the game, go to the menu
        (which offers to resume) and say so.

        The way back cannot fail the same way twice: when the menu itself fails (say on the
        autosave it reads), the autosave is set aside and the game forgotten, so the menu starts
        from the scenarios alone; if the menu fails again after that, or errors follow one
        another without a single good frame, the window closes with the error in
        ``error.log`` instead of failing for ever."""
        log = self._log_error()
        self.failures += 1
        in_menu = self.scene is not None and self.scene.name == "menu"
        self.menu_failures += in_menu
        self.deferred.clear()
        self.busy_message = None
        if not in_menu and self.session is not None and not self.session.game.finished:
            try:
                self.session.autosave()
            except Exception:
                self._log_error()
        if in_menu:
            self.session = None
            self.viewer = None
            if self.autosave.exists():
                self.set_aside(self.autosave)
        if self.menu_failures >= 3 or self.failures >= 5:
            print(ui("error.cannot_recover", log=str(log or "")), file=sys.stderr)
            self.running = False
            return
        try:
            self.to_menu()
        except Exception:  # the menu fails while being built: the same way back, once more
            self.recover()
            return
        self.show_error(ui("error.unexpected_title"), ui("error.unexpected", log=str(log or "")))

    def _log_error(self) -> Path | None:
        """Append the error being handled to ``error.log``; its path, or None if it cannot."""
        try:
            log = data_dir() / "error.log"
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as file:
                file.write(traceback.format_exc() + "\n")
            return log
        except OSError:
            return None


def has_screen() -> bool:
    """Whether SDL can show a window here: a real video driver, or one chosen on purpose
    (SDL_VIDEODRIVER set, as the tests and the screenshot tour do)."""
    if os.environ.get("SDL_VIDEODRIVER"):
        return True
    pygame.display.init()
    driver = pygame.display.get_driver()
    pygame.display.quit()
    return driver not in ("offscreen", "dummy")


def join_from_command_line(app: App, args: Any) -> None:
    """``run_game.py join ADDRESS --code CODE``: the join screen, filled in and connecting."""
    address = getattr(args, "join_address", None)
    if address:
        code = getattr(args, "code", None) or ""
        app.push("join", address=address, code=code, connect=bool(code))


def run(args: Any) -> int:
    """Start the game window (``--lang``, ``--scale`` and ``--scenario`` from the command line)."""
    if not has_screen():
        language = getattr(args, "lang", None) or load_settings().language
        print(translate("ui.no_screen", language), file=sys.stderr)
        return 1
    settings = load_settings()
    if getattr(args, "lang", None):
        settings.language = args.lang
    if getattr(args, "scale", None):
        settings.scale = args.scale
    app = App(settings)
    app.to_menu()
    join_from_command_line(app, args)
    scenario = getattr(args, "scenario", None)
    if scenario:
        loaded = app.load_scenario_or_error(scenario)
        if loaded is not None:  # straight into a game: the scenario's first country, normal AI
            human = default_country(loaded)
            app.busy(ui("busy.starting"), lambda: app.start_session(
                Session.new(loaded, [human], "normal", autosave_path=app.autosave)))
    app.loop()
    pygame.quit()
    return 0

"""The game window: pygame and pygame_gui set-up, the scene stack, settings and the main loop.

``run(args)`` is what ``python run_game.py`` calls. The window is 1280×720 by default,
resizable, F11 toggles full screen, and the loop is capped at 60 frames a second.

``App`` holds the window, its settings and its size here, and mixes in its parts by job
(``game/ui/window/``): ``stack`` (the scene stack and deferred actions), ``sessions`` (the game
shown and the screen after a move), ``recovery`` (error screens, the damaged autosave, recovery
from an unexpected error), ``overlays`` (toasts and the busy card), ``keyboard`` (the focus
ring of Tab, Enter and the arrows) and ``frames`` (events, update, drawing and the loop).
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

import i18n
import pygame
import pygame_gui

from game.i18n import numbers, translate
from game.rules.storage import StorageError
from game.session.session import Session
from game.ui import draw, text
from game.ui.catalog import default_country
from game.ui.feel import Feel
from game.ui.scene import Scene
from game.ui.settings import Settings, autosave_path, load_settings, save_settings
from game.ui.text import number, ui
from game.ui.theme import build_theme, effective_scale, fonts_to_preload, palette
from game.ui.window.frames import FPS, IDLE_AFTER, IDLE_FPS, REPEATING_KEYS, FrameLoop
from game.ui.window.keyboard import KeyboardFocus
from game.ui.window.overlays import TOAST_SECONDS, Overlays
from game.ui.window.recovery import ErrorsAndRecovery
from game.ui.window.sessions import Sessions
from game.ui.window.stack import SceneStack

#: The frame rates, the repeating keys and the toasts' time live with their parts; named here too.
__all__ = ["DEFAULT_SIZE", "FPS", "IDLE_AFTER", "IDLE_FPS", "REPEATING_KEYS", "TOAST_SECONDS", "App",
           "Manager", "has_screen", "run"]


class Manager(pygame_gui.UIManager):
    """pygame_gui's manager, with a mouse position that can follow posted events: without a
    real display (tests, the screenshot tour) the SDL mouse never moves."""

    virtual_mouse: tuple[int, int] | None = None

    def _update_mouse_position(self) -> None:
        if self.virtual_mouse is not None:
            self.mouse_position = self.virtual_mouse
        else:
            super()._update_mouse_position()


DEFAULT_SIZE = (1280, 720)


class App(SceneStack, Sessions, ErrorsAndRecovery, Overlays, KeyboardFocus, FrameLoop):
    """The window, the UI manager and the current scene (the parts in ``game/ui/window/``)."""

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
        numbers.use_minus(draw.minus_sign())  # the font's minus, or the en dash
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
        self.toast_rects: list[pygame.Rect] = []  # where the toasts were drawn last
        self.toasts_drawn: list[tuple[float, str, str]] = []  # the toasts drawn last
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
        self.scale_noted: tuple | None = None  # the (scale asked, window size) last said too large
        self.note_scale()
        #: The class game this window hosts on the network (``game.ui.hosting.Hosting``), if any.
        self.hosting: Any = None
        #: The sound and animation when a deal is agreed or a promise broken.
        self.feel = Feel()

    def react(self, kind: str) -> None:
        """The feedback of ``kind`` ("agreed" or "broken"): an animation, and a sound unless the
        settings mute it."""
        self.feel.react(kind, sound=self.settings.sound)

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

    def note_scale(self) -> None:
        """Say so when the window cannot hold the interface size asked for (it is shown smaller),
        once for each size asked and window size."""
        asked = (self.settings.scale, self.size)
        if self.scale < self.settings.scale - 0.005 and asked != self.scale_noted:
            self.scale_noted = asked
            self.toast(ui("settings.scale_limited", scale=number(self.scale, 2)))

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
        self.note_scale()
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
        self.note_scale()





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

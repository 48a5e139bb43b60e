"""The window's frame: the events (held keys, resizing, F11, F5, F9, Tab, Esc), the update, the
drawing, and the loop, which draws fewer frames when nobody touches the window."""

from __future__ import annotations

import time

import pygame
import pygame_gui

from game.ui import classroom, draw
from game.ui.scenes.reload import ask_reload
from game.ui.settings import save_settings

#: Keys whose held-down repeats reach the screens (panning, zooming, scrolling); every other
#: key acts once per press, so a slow screen change never turns one Esc into two.
REPEATING_KEYS = frozenset({
    pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN, pygame.K_PLUS, pygame.K_MINUS,
    pygame.K_EQUALS, pygame.K_KP_PLUS, pygame.K_KP_MINUS, pygame.K_PAGEUP, pygame.K_PAGEDOWN,
    pygame.K_BACKSPACE, pygame.K_DELETE,
})

FPS = 60
#: With no input for IDLE_AFTER seconds the window redraws IDLE_FPS times a second: a game
#: left open on a class laptop should not keep a core busy (clocks and hints still tick).
IDLE_FPS = 15
IDLE_AFTER = 2.0


class FrameLoop:
    """Part of ``App``: events, update, drawing and the loop."""

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
            self.defer(lambda: ask_reload(self))
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F9 and self.toggle_projector():
            return
        if self.headless and hasattr(event, "pos") and event.type in (
                pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            self.manager.virtual_mouse = event.pos
        self.forget_focus_on_click(event)
        if event.type == pygame.KEYDOWN and self.scene is not None and self.keyboard_key(event):
            return
        consumed = self.manager.process_events(event)
        scene = self.scene
        if scene is None:
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            focused = self.manager.get_focus_set()
            typing = (pygame_gui.elements.UITextEntryLine, pygame_gui.elements.UITextEntryBox)
            if focused and any(isinstance(w, typing) for w in focused) \
                    and not getattr(scene, "esc_closes", False):
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
        draw.shortened.clear()
        draw.lost.clear()
        if scene is not None:
            scene.draw(surface)
        self.manager.draw_ui(surface)
        if scene is not None:
            scene.draw_over(surface)
        self.draw_focus(surface)
        classroom.draw_countdown(self, surface)
        self._draw_toasts(surface)
        self.feel.draw(surface, self.palette, self.scale)
        self._draw_shortened_tip(surface)
        if self.busy_message:
            self._draw_busy(surface)

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
        if self.session is not None:
            if not self.session.game.finished:
                self.session.autosave()
            self.session.wait_for_saves()  # never closed while a snapshot is being written
        self.stop_hosting()

    def frame_rate(self) -> int:
        """Frames a second now: the full rate while someone is using the window, fewer when
        nobody has touched it for a while."""
        if self.feel.active():  # an animation runs smoothly
            return FPS
        return FPS if time.monotonic() - self.last_input < IDLE_AFTER else IDLE_FPS

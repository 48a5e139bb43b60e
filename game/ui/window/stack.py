"""The window's scene stack: the screen shown, the screens under it, and the ways to another
(``push``, ``replace``, ``goto``, ``pop``, by a scene or a screen's name), the actions deferred
to the frame's end, and F9's projector view over a running game."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.ui import registry
from game.ui.scene import Scene


class SceneStack:
    """Part of ``App``: the scene stack and the deferred actions."""

    @property
    def scene(self) -> Scene | None:
        return self.stack[-1] if self.stack else None

    def rebuild(self) -> None:
        """Recreate the current scene's widgets (the keyboard's ring kept on the same place of
        the same screen)."""
        memory = self.remembered_focus()
        self.focused = None
        self.manager.clear_and_reset()
        if self.scene is not None:
            self.scene.buttons = {}
            self.scene.build()
            first = getattr(self.scene, "first_focus", None)
            if first and (memory is None or memory[0] is not self.scene):
                self.focus_key(first)
        self.restore_focus(memory)

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
        if self.session is not None:  # the menu reads the autosave: its snapshot written first
            self.session.wait_for_saves()
        self.goto("menu")

    def defer(self, action: Callable[[], Any]) -> None:
        self.deferred.append(action)

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

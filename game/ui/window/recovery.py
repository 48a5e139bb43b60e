"""Errors and the way back from them: an error screen, a damaged autosave set aside (and the
menu's line about it), and after an unexpected error the log, the autosave and the menu, never
failing the same way for ever."""

from __future__ import annotations

import contextlib
import os
import sys
import time
import traceback
from pathlib import Path

import pygame

from game.rules.storage import StorageError
from game.session.autosave import journal_path
from game.ui import text
from game.ui.settings import data_dir
from game.ui.text import ui
from game.ui.window.frames import FPS


class ErrorsAndRecovery:
    """Part of ``App``: error screens, the damaged autosave, recovery."""

    def show_error(self, title: str, message: str) -> None:
        self.push("error", title, message)

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
        journal = journal_path(path)  # the autosave's journal goes with it (issue 17)
        with contextlib.suppress(OSError):
            if target is not None:
                os.replace(journal, journal_path(target))
            else:
                journal.unlink(missing_ok=True)
        if error is not None and error.convertible and target is not None:
            error = error.moved(target)  # its convert command names the file where it is now
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

    def guarded_step(self, events: list[pygame.event.Event] | None = None,
                     dt: float = 1 / FPS) -> None:
        """One frame of the loop: ``step``, and ``recover`` from anything unexpected."""
        try:
            self.step(events, dt)
            self.failures = 0
        except Exception:  # never lose a class's game to a bug: save, explain, carry on
            self.recover()

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

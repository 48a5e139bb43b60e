"""The window's game: starting a session (its par, its classroom's results folder), the right
screen for it now (the end, a hand-over, the game), and opening a scenario or a save with a
clear message when it cannot be read."""

from __future__ import annotations

from pathlib import Path

from game.classroom.classroom import Classroom, classroom_of
from game.rules.storage import StorageError
from game.scenario.loading import ScenarioError, load_scenario, resolve
from game.session.par import CACHE_FOLDER
from game.session.session import Session
from game.ui import text
from game.ui.charts import summary_png
from game.ui.scene import Scene
from game.ui.settings import data_dir
from game.ui.text import ui


class Sessions:
    """Part of ``App``: the session shown and the screens that follow a move."""

    #: the game that ran before the last reload (F5 offers to bring it back).
    before_reload: Session | None = None

    def start_session(self, session: Session) -> None:
        self.before_reload = None
        if self.session is not None and self.session is not session:
            if self.session.par is not None:
                self.session.par.cancel()  # the par of the game left behind
            self.session.wait_for_saves()  # its snapshot on disk before another game saves
        self.session = session
        session.prepare_from_now()  # the computers' next batch while the player reads (issue 17)
        session.journal_from_now()  # the autosave: a line a click, a snapshot a turn (issue 17)
        if self.par:  # the computer plays the same game in every seat (cached in the data folder)
            session.start_par(data_dir() / CACHE_FOLDER)
        self.viewer = None
        room = classroom_of(session)
        room.results_painter = room.results_painter or summary_png  # summary.png
        if room.results_folder is not None:  # the class's results folder from the start
            room.results_attempted = len(session.game.reports)
            room.write_results(session)
        self.show_game()

    def stop_hosting(self) -> None:
        """Stop the class game this window hosts (it stays saved in its folder)."""
        if self.hosting is not None:
            self.hosting.stop()
            self.hosting = None

    def show_game(self) -> None:
        """The right screen for the session now: the end, a hand-over, or the game screen."""
        session = self.session
        if session is None:
            self.to_menu()
            return
        if session.autosave_error:
            self.toast(ui("save.autosave_failed", error=session.autosave_error), "bad")
            session.autosave_error = None
        note = session.resume_note  # a click cut off when the game stopped: left out
        if note is not None:
            self.toast(f"{Path(note.path).name}: {note.text(text.language())}", "bad")
            session.resume_note = None
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
            session = Session.load(path, autosave_path=self.autosave, classroom=Classroom.from_dict,
                                   autosave_journal=True)
        except StorageError as error:
            if Path(path) == self.autosave:  # never offered again: the menu would fail the same way
                self.set_aside(path, error)
            self.show_error(ui("error.save_title"), f"{error.path}\n{error.text(text.language())}")
            return False
        self.start_session(session)
        return True

"""The balance screen's games: played by the balance tool's ``BalanceRun`` in a background thread,
stopped by Cancel, Back and Esc, then analysed and written as a report to a new folder of the
user's data folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from game.analysis.balance import BalanceRun, analyse
from game.rules.storage import StorageError
from game.ui.balance_report import write_report
from game.ui.settings import data_dir
from game.ui.text import language


def report_folder(scenario_id: str, now: datetime | None = None, base: Path | None = None) -> Path:
    """A new folder for a report: ``<data>/balance/<scenario>-<date>-<time>`` (with -2, -3, ...
    when that exists already)."""
    now = now or datetime.now()
    base = (base or data_dir()) / "balance"
    folder = base / f"{scenario_id}-{now:%Y-%m-%d-%H%M%S}"
    candidate, number_ = folder, 2
    while candidate.exists():
        candidate = folder.with_name(f"{folder.name}-{number_}")
        number_ += 1
    return candidate


class GamesRun:
    """Part of ``BalanceScene``: the screen's state, starting and stopping the games, and the
    report written when they are over."""

    @property
    def state(self) -> str:
        """"choose", "running", "cancelled", "failed" or "finished"."""
        run = self.run
        if run is None:
            return "choose"
        if run.error is not None:
            return "failed"
        if run.cancelled:
            return "cancelled"
        if run.finished and (self.analysis is not None or self.write_error is not None):
            return "finished"
        return "running"

    def start(self) -> None:
        """Play the chosen games in the background."""
        self.stop()
        self.analysis, self.folder, self.write_error = None, None, None
        self.run = BalanceRun(self.loaded, self.games, self.seed, None, self.level)
        self.run.start()
        self.app.rebuild()

    def stop(self) -> None:
        if self.run is not None and not self.run.finished:
            self.run.cancel()

    def on_cancel(self) -> None:
        self.stop()
        self.app.rebuild()

    def finish(self) -> None:
        """The games are over: the analysis, and the report written (here, in the window's
        thread: the charts are drawn with pygame's fonts, which are not for two threads)."""
        records = self.run.results()
        self.analysis = analyse(records, self.loaded)
        folder = report_folder(self.loaded.scenario.scenario.id)
        try:
            write_report(folder, self.loaded, records, self.analysis, self.run.settings(),
                         language())
            self.folder = folder
        except (OSError, StorageError) as error:
            self.write_error = str(error)
            return

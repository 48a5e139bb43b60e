"""The end screen's actions: whose debrief is shown, and the exports (the CSV results or the
class's results folder, the PNG charts, the charts screen)."""

from __future__ import annotations

from datetime import datetime

from game.classroom.classroom import classroom_of
from game.rules.storage import atomic_write_text
from game.ui.charts import export_charts
from game.ui.settings import exports_dir
from game.ui.text import country_name, ui


class ResultExports:
    """Part of ``EndScene``: the viewer's choice and the exports."""

    def on_viewer(self, country: str) -> None:
        self.viewer = country
        self.app.rebuild()

    def _stamp(self) -> str:
        return datetime.now().strftime("%Y-%m-%d_%H-%M-%S")

    def on_export_csv(self) -> None:
        session = self.session
        room = classroom_of(session)
        if room.results_folder is not None:  # the class's results folder: all of it, there
            if room.write_results(session):
                self.exported = room.results_folder
                self.app.toast(ui("classroom.results_written", folder=str(room.results_folder)),
                               "good")
            else:
                self.app.toast(ui("classroom.results_failed", error=room.results_error or ""), "bad")
                room.results_error = None
            return
        game = self.session.game
        path = exports_dir() / f"{game.scenario.scenario.id}_results_{self._stamp()}.csv"
        names = {c: country_name(game, c) for c in game.country_ids}
        try:
            atomic_write_text(path, self.session.results_csv(names))
        except OSError as error:
            self.app.toast(ui("save.failed", error=str(error)), "bad")
            return
        self.exported = path
        self.app.toast(ui("end.exported", path=str(path)), "good")

    def on_export_png(self) -> None:
        path = export_charts(self.app, self.session, self.viewer)
        if path is not None:
            self.exported = path
            self.app.toast(ui("end.exported", path=str(path)), "good")

    def on_charts(self) -> None:
        self.app.push("report", tab="charts", viewer=self.viewer)

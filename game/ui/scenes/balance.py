"""The balance report from the menu: AI self-play of a scenario with a progress bar, then a
summary on screen and the full report written to the user's data folder.

The games are the balance tool's (``game.analysis.balance``: ``BalanceRun`` plays ``work_list``
with ``play_job`` in a background thread, ``analyse`` makes the figures and
``game.ui.balance_report.write_report`` the files), so the
figures are the same as ``python run_game.py balance SCENARIO --games N --seed S``. The window
stays responsive while the games run; Cancel, Back and Esc stop them.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pygame
import pygame_gui

from game.analysis.balance import BalanceRun, analyse, warning_text, win_warning_threshold
from game.rules.storage import StorageError
from game.rules.terms import DIFFICULTIES
from game.scenario.loading import BUILT_IN_DIRECTORY, LoadedScenario
from game.ui import draw
from game.ui.balance_report import write_report
from game.ui.scene import Scene, colour_tag, escape
from game.ui.settings import data_dir
from game.ui.text import clause_name, language, number, percent, scenario_text, tr, ui
from game.ui.widgets import segmented

#: The numbers of games offered.
GAME_CHOICES = (10, 20, 50)
DEFAULT_GAMES = 20
#: The summary lists at most this many countries (the most winning); the report has them all.
MAXIMUM_ROWS = 40


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


def duration_text(seconds: float) -> str:
    """12 s, or 3 min 05 s."""
    seconds = max(0, math.ceil(seconds))
    if seconds < 60:
        return ui("balance.seconds", seconds=seconds)
    return ui("balance.minutes", minutes=seconds // 60, seconds=f"{seconds % 60:02d}")


def command_text(loaded: LoadedScenario, games: int, seed: int, level: str) -> str:
    """The command line that plays the same games (a built-in scenario by its id)."""
    source = Path(loaded.source)
    scenario = source.stem if source.parent.resolve() == BUILT_IN_DIRECTORY.resolve() else str(source)
    if " " in scenario:
        scenario = f'"{scenario}"'
    return f"python run_game.py balance {scenario} --games {games} --seed {seed} --ai {level} --out DIR"


class BalanceScene(Scene):
    """Choose the number of games, watch them being played, read the summary."""

    name = "balance"

    def __init__(self, app, loaded: LoadedScenario):
        super().__init__(app)
        self.loaded = loaded
        self.games = DEFAULT_GAMES
        self.level = "normal"
        self.seed = 1
        self.run: BalanceRun | None = None
        self.analysis: dict[str, Any] | None = None
        self.folder: Path | None = None
        self.write_error: str | None = None
        self.chart: pygame.Surface | None = None  # the report's score chart, shown under the table
        self.chart_rect: pygame.Rect | None = None

    # --- state -------------------------------------------------------------------------------
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

    def back(self) -> None:
        self.stop()
        self.app.pop()

    def update(self, dt: float) -> None:
        run = self.run
        if run is None:
            return
        if run.finished and self.analysis is None and self.write_error is None:
            self.app.busy(ui("balance.writing"), self.finish)
            self.app.rebuild()
        elif (run.error is not None or run.cancelled) and self.buttons.get("cancel") is not None:
            self.app.rebuild()  # the games stopped (an error, or cancelled): say so

    def finish(self) -> None:
        """The games are over: the analysis, and the report written (here, in the window's
        thread: the charts are drawn with pygame's fonts, which are not for two threads)."""
        records = self.run.results()
        self.analysis = analyse(records, self.loaded)
        folder = report_folder(self.loaded.scenario.scenario.id)
        try:
            files = write_report(folder, self.loaded, records, self.analysis, self.run.settings(),
                                 language())
            self.folder = folder
        except (OSError, StorageError) as error:
            self.write_error = str(error)
            return
        try:
            self.chart = pygame.image.load(str(files["scores"]))
        except (pygame.error, OSError, KeyError):
            self.chart = None

    # --- layout ------------------------------------------------------------------------------
    def build(self) -> None:
        title = ui("balance.title", scenario=scenario_text(self.loaded.scenario.scenario.title))
        top = self.top_bar(title)
        margin = self.px(24)
        area = pygame.Rect(margin, top + self.px(8), self.width - 2 * margin,
                           self.height - top - self.px(8) - margin)
        state = self.state
        if state == "choose":
            self._build_choices(area)
        elif state == "running":
            self._build_running(area)
        elif state == "finished":
            self._build_summary(area)
        else:
            self._build_stopped(area)

    def _column(self, area: pygame.Rect) -> pygame.Rect:
        width = min(area.width, self.px(900))
        return pygame.Rect(area.centerx - width // 2, area.y, width, area.height)

    def _build_choices(self, area: pygame.Rect) -> None:
        column = self._column(area)
        intro_height = self.px(92)
        self.textbox(pygame.Rect(column.x, column.y, column.width, intro_height),
                     escape(ui("balance.intro")), "#boxed")
        y = column.y + intro_height + self.px(18)
        label_w = round(column.width * 0.32)
        rows = (
            ("balance.games", lambda rect: segmented(
                self, rect, [(g, ui("balance.games_option", games=g)) for g in GAME_CHOICES],
                self.games, self.on_games, key="games")),
            ("balance.level", lambda rect: segmented(
                self, rect, [(d, ui(f"difficulty.{d}")) for d in DIFFICULTIES], self.level,
                self.on_level, key="level")),
        )
        for key, make in rows:
            self.label(pygame.Rect(column.x, y, label_w, self.px(40)), ui(key))
            make(pygame.Rect(column.x + label_w, y, column.width - label_w, self.px(40)))
            y += self.px(52)
        self.label(pygame.Rect(column.x, y, label_w, self.px(40)), ui("balance.seed"))
        self.seed_entry = self.entry(pygame.Rect(column.x + label_w, y, self.px(160), self.px(40)),
                                     str(self.seed))
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.set_text_length_limit(12)
        y += self.px(56)
        self.command_label = self.label(
            pygame.Rect(column.x, y, column.width, self.px(24)),
            ui("balance.command", command=command_text(self.loaded, self.games, self.seed, self.level)),
            "#muted")
        self.button(pygame.Rect(column.centerx - self.px(170), y + self.px(44), self.px(340),
                                self.px(54)), ui("balance.start"), self.start, "#primary",
                    key="start", fit=True)

    def _build_running(self, area: pygame.Rect) -> None:
        column = self._column(area)
        self.progress_rect = pygame.Rect(column.x, column.y + self.px(80), column.width, self.px(34))
        self.label(pygame.Rect(column.x, self.progress_rect.bottom + self.px(60), column.width,
                               self.px(26)), ui("balance.running_note"), "#muted")
        self.button(pygame.Rect(column.centerx - self.px(110), self.progress_rect.bottom + self.px(100),
                                self.px(220), self.px(48)), ui("balance.cancel"), self.on_cancel,
                    key="cancel")

    def _build_stopped(self, area: pygame.Rect) -> None:
        column = self._column(area)
        run = self.run
        if run.error is not None:
            message = ui("balance.failed", error=run.error)
        else:
            message = ui("balance.cancelled", done=run.done, total=run.total)
        self.textbox(pygame.Rect(column.x, column.y + self.px(40), column.width, self.px(110)),
                     escape(message), "#boxed")
        self.button(pygame.Rect(column.centerx - self.px(150), column.y + self.px(170), self.px(300),
                                self.px(50)), ui("balance.again"), self.on_again, "#primary",
                    key="again", fit=True)

    def _build_summary(self, area: pygame.Rect) -> None:
        run, analysis = self.run, self.analysis
        gap = self.px(16)
        bottom_h = self.px(84)
        self.label(pygame.Rect(area.x, area.y, area.width, self.px(26)), ui(
            "balance.played", games=run.total, time=duration_text(run.elapsed()), first=run.seed,
            last=run.seed + run.total - 1, level=ui(f"difficulty.{run.level}")), "#muted")
        top = area.y + self.px(34)
        body = pygame.Rect(area.x, top, area.width, area.bottom - bottom_h - gap - top)
        left_w = round((body.width - gap) * 0.42)
        left = pygame.Rect(body.x, body.y, left_w, body.height)
        right = pygame.Rect(left.right + gap, body.y, body.width - left_w - gap, body.height)
        if analysis is not None:
            self._build_countries(left, analysis)
            self.textbox(right, self.findings_html(analysis), "#boxed")
        # where the report is
        footer = pygame.Rect(area.x, area.bottom - bottom_h, area.width, bottom_h)
        buttons_w = self.px(230)
        text_w = footer.width - buttons_w - gap
        if self.folder is not None:
            html = (f"{escape(ui('balance.folder'))}<br><b>{escape(str(self.folder))}</b>")
        else:
            html = f"<font color={colour_tag(self.colours.bad)}>" \
                   f"{escape(ui('balance.not_written', error=self.write_error or ''))}</font>"
        self.textbox(pygame.Rect(footer.x, footer.y, text_w, footer.height), html, "#boxed")
        half = (footer.height - self.px(10)) // 2
        self.button(pygame.Rect(footer.right - buttons_w, footer.y, buttons_w, half),
                    ui("balance.open_folder"), self.on_open_folder, key="open_folder",
                    enabled=self.folder is not None, fit=True)
        self.button(pygame.Rect(footer.right - buttons_w, footer.bottom - half, buttons_w, half),
                    ui("balance.again"), self.on_again, key="again", fit=True)

    def _build_countries(self, rect: pygame.Rect, analysis: dict[str, Any]) -> None:
        """One row a country, the most winning first: win rate (in the warning colour when far
        above the fair share) and mean score."""
        countries = analysis["countries"]
        share = 1.0 / max(len(countries), 1)
        threshold = win_warning_threshold(len(countries))
        enough = analysis["games"] >= 5
        self.label(pygame.Rect(rect.x, rect.y, rect.width, self.px(30)), ui("balance.countries"),
                   "#subheading")
        header = rect.y + self.px(32)
        order = sorted(countries, key=lambda c: (-countries[c]["win_rate"], -countries[c]["mean_score"], c))
        hidden = len(order) - MAXIMUM_ROWS
        order = order[:MAXIMUM_ROWS]
        row = self.px(30)
        box_rect = pygame.Rect(rect.x, header + self.px(26), rect.width, rect.bottom - header - self.px(26))
        height = row * (len(order) + (1 if hidden > 0 else 0))
        box = self.scrolling(box_rect, height) if height > box_rect.height else None
        spare = box_rect.height - height - self.px(16)
        self.chart_rect = pygame.Rect(rect.x, box_rect.y + height + self.px(16), rect.width, spare) \
            if box is None and spare >= self.px(140) else None
        x, y = (0, 0) if box is not None else (box_rect.x, box_rect.y)
        width = box_rect.width - (self.px(22) if box is not None else 0)
        name_w = round(width * 0.48)
        rate_w = round(width * 0.26)
        self.label(pygame.Rect(rect.x, header, name_w, self.px(22)),
                   ui("balance.fair_share", share=percent(share, 1 if share < 0.1 else 0)), "#muted")
        self.label(pygame.Rect(rect.x + name_w, header, rate_w, self.px(22)), ui("balance.win_rate"),
                   "#muted")
        self.label(pygame.Rect(rect.x + name_w + rate_w, header, width - name_w - rate_w,
                               self.px(22)), tr("balance.report.column.mean_score"), "#muted")
        names = {c.id: c.name.get(language()) for c in self.loaded.scenario.countries}
        for country in order:
            values = countries[country]
            high = enough and values["win_rate"] >= threshold
            self.label(pygame.Rect(x, y, name_w, row), names.get(country, country), container=box)
            self.label(pygame.Rect(x + name_w, y, rate_w, row), percent(values["win_rate"]),
                       "#bad_text" if high else None, container=box)
            self.label(pygame.Rect(x + name_w + rate_w, y, width - name_w - rate_w, row),
                       number(values["mean_score"], 1), container=box)
            y += row
        if hidden > 0:
            self.label(pygame.Rect(x, y, width, row), ui("balance.more_countries", count=hidden),
                       "#muted", container=box)

    def findings_html(self, analysis: dict[str, Any]) -> str:
        """Warnings, then what was proposed and agreed: agreement types and clauses."""
        accent = colour_tag(self.colours.accent)
        bad = colour_tag(self.colours.bad)
        names = {c.id: c.name.get(language()) for c in self.loaded.scenario.countries}
        parts = [f"<font color={accent}><b>{escape(ui('balance.warnings'))}</b></font>"]
        if analysis["warnings"]:
            parts += [f"<font color={bad}>•</font> {escape(warning_text(w, language(), names))}"
                      for w in analysis["warnings"]]
        else:
            parts.append(escape(tr("balance.report.no_warnings")))
        offers = analysis["offers"]
        parts += ["", f"<font color={accent}><b>{escape(ui('balance.agreements'))}</b></font>",
                  escape(tr("balance.offers_line", negotiations=offers["negotiations"],
                            agreed=offers["agreed"], rate=_rate(offers["acceptance_rate"]),
                            countered=offers["countered"]))]
        for kind, row in analysis["agreement_types"].items():
            if row["proposed"]:
                parts.append("• " + escape(ui("balance.type_line", type=tr(f"agreement_type.{kind}"),
                                                proposed=row["proposed"], agreed=row["agreed"],
                                                rate=_rate(row["acceptance_rate"]))))
        parts.append("")
        for kind, row in analysis["clauses"].items():
            if row["proposed"]:
                line = ui("balance.clause_line", clause=clause_name(kind), proposed=row["proposed"],
                          agreed=row["agreed"], rate=_rate(row["acceptance_rate"]))
            else:
                line = f"{clause_name(kind)}: {ui('balance.never')}"
            parts.append("• " + escape(line))
        return "<br>".join(parts)

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        state = self.state
        if state == "finished":
            self._draw_chart(surface)
        if state != "running":
            return
        run = self.run
        rect = self.progress_rect
        fnt = self.font("heading", True)
        draw.text(surface, ui("balance.progress", done=run.done, total=run.total),
                  (rect.x, rect.y - self.px(40)), fnt, self.colours.text, max_width=rect.width)
        draw.card(surface, rect, self.colours.panel, self.colours.border, self.px(8))
        share = run.done / run.total if run.total else 0.0
        if share > 0:
            filled = rect.inflate(-self.px(6), -self.px(6))
            filled.width = max(self.px(8), round(filled.width * share))
            draw.card(surface, filled, self.colours.primary, None, self.px(6))
        left = run.seconds_left()
        note = ui("balance.estimating") if left is None else ui("balance.time_left",
                                                                 time=duration_text(left))
        draw.text(surface, note, (rect.x, rect.bottom + self.px(12)), self.font("normal"),
                  self.colours.muted, max_width=rect.width)

    def _draw_chart(self, surface: pygame.Surface) -> None:
        """The report's score chart, scaled into the space under the countries' table."""
        if self.chart is None or self.chart_rect is None:
            return
        area = self.chart_rect
        width, height = self.chart.get_size()
        factor = min(area.width / width, area.height / height)
        size = (max(1, round(width * factor)), max(1, round(height * factor)))
        image = self.cached("chart", id(self.chart), size,
                            lambda canvas: canvas.blit(pygame.transform.smoothscale(self.chart, size),
                                                       (0, 0)))
        surface.blit(image, image.get_rect(midtop=area.midtop))

    # --- events ------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        entry = getattr(self, "seed_entry", None)
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and entry is not None \
                and event.ui_element is entry:
            text = entry.get_text()
            self.seed = int(text) if text.isdigit() else 1
            self.command_label.set_text(draw.fit(
                ui("balance.command", command=command_text(self.loaded, self.games, self.seed,
                                                           self.level)),
                self.label_font("#muted"), self.command_label.rect.width - self.px(6)))

    def on_games(self, games: int) -> None:
        self.games = games
        self.app.rebuild()

    def on_level(self, level: str) -> None:
        self.level = level
        self.app.rebuild()

    def on_again(self) -> None:
        self.run, self.analysis, self.folder, self.write_error = None, None, None, None
        self.app.rebuild()

    def on_open_folder(self) -> None:
        """Show the report's folder in the system's file manager."""
        if self.folder is None:
            return
        self.app.toast(ui("balance.opened", folder=str(self.folder)))
        if self.app.headless:
            return
        try:
            if sys.platform == "win32":
                os.startfile(self.folder)  # type: ignore[attr-defined]
            else:
                opener = "open" if sys.platform == "darwin" else "xdg-open"
                subprocess.Popen([opener, str(self.folder)], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        except OSError:
            pass  # no file manager: the path is on screen


def _rate(rate: float) -> str:
    return "–" if rate is None or math.isnan(rate) else percent(rate)


_EXAMPLES: dict[tuple[str, int, int], list[dict[str, Any]]] = {}


def example(app, loaded: LoadedScenario, total: int, played: int) -> BalanceScene:
    """A balance screen with ``played`` of ``total`` games already played (here, not in a
    thread): running when fewer, the summary (with its report written) when all. For the
    screenshot tour; the games are remembered, so that each language and size shows the same."""
    scene = BalanceScene(app, loaded)
    scene.games = total
    run = BalanceRun(loaded, total, scene.seed, None, scene.level)
    key = (loaded.sha256, total, played)
    if key not in _EXAMPLES:
        run.play(played)
        _EXAMPLES[key] = run.results()
    run.started = run.clock() - 1.5 * played
    run.records = list(_EXAMPLES[key])
    if run.finished:
        run.ended = run.clock()
    scene.run = run
    if run.finished:
        scene.finish()
    return scene

"""The balance report from the menu, composed of its parts: choose the number of games, the AI's
level and the seed, watch the games being played with a progress bar, read the summary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pygame
import pygame_gui

from game.analysis.balance import BalanceRun
from game.rules.terms import DIFFICULTIES
from game.scenario.loading import LoadedScenario
from game.ui import draw
from game.ui.scene import Scene, escape
from game.ui.scenes.balance.run import GamesRun
from game.ui.scenes.balance.summary import ReportSummary
from game.ui.scenes.balance.texts import command_text, duration_text
from game.ui.text import scenario_text, ui
from game.ui.widgets import segmented

#: The numbers of games offered.
GAME_CHOICES = (10, 20, 50)
DEFAULT_GAMES = 20


class BalanceScene(GamesRun, ReportSummary, Scene):
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
        self.chart_rect: pygame.Rect | None = None
        self.chart_card: pygame.Rect | None = None  # the chart's own card (when on the right)

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

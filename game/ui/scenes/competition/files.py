"""The competition screen's files: the results folder and the set-up file (a small TOML file,
``game.classroom.competition``) saved and loaded, so that the next class plays the same game."""

from __future__ import annotations

from pathlib import Path

import pygame
from pydantic import ValidationError

from game.classroom.competition import (
    CompetitionError,
    check_scenario,
    load_competition,
    save_competition,
)
from game.scenario.loading import ScenarioError
from game.ui.catalog import load_cached
from game.ui.text import ui


class SetupFiles:
    """Part of ``CompetitionScene``: the files' row and saving and loading the set-up."""

    def _build_files(self, x: int, row1: int, row2: int, width: int) -> None:
        fnt = self.font()
        label_w = max(fnt.size(ui("competition.results"))[0], fnt.size(ui("competition.setup_file"))[0]) \
            + self.px(14)
        start_w = max(self.px(230), self.font("heading", True).size(ui("competition.start"))[0] + self.px(40))
        # the host button as wide as its words need ("Selenggarakan di jaringan ini" at 1024x768
        # and scale 1.5), the results folder's entry taking what is left
        host_w = max(start_w, fnt.size(ui("hosting.host"))[0] + self.px(28))
        self.label(pygame.Rect(x, row1, label_w, self.px(36)), ui("competition.results"))
        self.results_entry = self.entry(pygame.Rect(x + label_w, row1, width - label_w - host_w - self.px(8),
                                                    self.px(36)),
                                        self.results_text, ui("competition.results_placeholder"))
        self.results_entry.set_tooltip(ui("competition.results_tip"))
        self.button(pygame.Rect(x + width - host_w, row1, host_w, self.px(36)), ui("hosting.host"),
                    self.on_host, key="host", tooltip=ui("hosting.host_tip"), fit=True)
        texts = [ui("competition.save"), ui("competition.load")]
        button_ws = [max(self.px(120), fnt.size(t)[0] + self.px(28)) for t in texts]
        entry_w = width - label_w - start_w - sum(button_ws) - self.px(3 * 8 + 8)
        if entry_w < width * 0.4:  # a narrow window: "Save" and "Load" (the label says what)
            texts = [ui("competition.save_short"), ui("competition.load_short")]
            button_ws = [max(self.px(90), fnt.size(t)[0] + self.px(28)) for t in texts]
            entry_w = width - label_w - start_w - sum(button_ws) - self.px(3 * 8 + 8)
        self.label(pygame.Rect(x, row2 + self.px(4), label_w, self.px(36)), ui("competition.setup_file"))
        self.setup_entry = self.entry(pygame.Rect(x + label_w, row2 + self.px(4), entry_w, self.px(36)),
                                      self.setup_text, ui("competition.setup_placeholder"))
        bx = x + label_w + entry_w + self.px(8)
        for key, text, button_w, action in (("save", texts[0], button_ws[0], self.on_save),
                                            ("load", texts[1], button_ws[1], self.on_load)):
            self.button(pygame.Rect(bx, row2 + self.px(4), button_w, self.px(36)),
                        text, action, key=key, tooltip=ui(f"competition.{key}_tip"))
            bx += button_w + self.px(8)
        self.button(pygame.Rect(x + width - start_w, row2, start_w, self.px(44)), ui("competition.start"),
                    self.on_start, "#primary", key="start", fit=True)

    def _path(self) -> Path | None:
        text = self.setup_text.strip()
        if not text:
            self.app.toast(ui("competition.no_path"), "bad")
            return None
        return Path(text).expanduser()

    def on_save(self) -> None:
        path = self._path()
        problem = self.problem()
        if path is None:
            return
        if problem is not None:
            self.app.toast(problem, "bad")
            return
        try:
            written = save_competition(self.competition(), path)
        except (OSError, ValidationError) as error:
            self.app.toast(ui("competition.not_saved", error=getattr(error, "strerror", None) or error),
                           "bad")
            return
        self.setup_text = str(written)
        self.app.rebuild()
        self.as_opened = self.fingerprint()  # saved: Esc loses nothing now
        self.app.toast(ui("competition.saved", path=str(written)), "good")

    def on_load(self) -> None:
        path = self._path()
        if path is None:
            return
        try:
            competition = load_competition(path)
            result = load_cached(competition.scenario)
            if isinstance(result, ScenarioError):
                raise result
            check_scenario(competition, result, str(path))
        except (CompetitionError, ScenarioError) as error:
            self.app.show_error(ui("competition.load_title"), error.report())
            return
        self.use(competition)
        self.as_opened = self.fingerprint()
        self.app.rebuild()
        self.app.toast(ui("competition.loaded", path=str(path)), "good")

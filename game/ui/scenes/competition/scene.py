"""The teacher's classroom competition screen, composed of its parts: the scenario, the teams, the
options and the files on one screen; Start makes the hot-seat session with the teams' names and
the countdown, Host on this network the same game played by the teams on their own devices.
This class holds the state, lays out the screen and handles its events."""

from __future__ import annotations

import random
from pathlib import Path

import pygame
import pygame_gui
from pydantic import ValidationError
from pygame_gui.elements import UISelectionList

from game.classroom.competition import default_results_folder, setup_folder, start_session
from game.scenario.loading import LoadedScenario
from game.ui import draw, hosting
from game.ui.catalog import scenario_ids
from game.ui.flags import draw_flag, draw_list_flags, flag_width
from game.ui.questions import ask
from game.ui.scene import Scene
from game.ui.scenes.competition.chooser import CountryChooser
from game.ui.scenes.competition.files import SetupFiles
from game.ui.scenes.competition.layout import CompetitionLayout
from game.ui.scenes.competition.setup import PREFERRED_SCENARIO, CompetitionSetup
from game.ui.settings import data_dir
from game.ui.teacher import choose_pin
from game.ui.text import ui


class CompetitionScene(CompetitionSetup, CompetitionLayout, CountryChooser, SetupFiles, Scene):
    name = "competition"

    def __init__(self, app, scenario_id: str | None = None):
        super().__init__(app)
        ids = scenario_ids()
        wanted = scenario_id or (PREFERRED_SCENARIO if PREFERRED_SCENARIO in ids else
                                 (ids[0] if ids else ""))
        self.scenario_id = wanted
        self.loaded: LoadedScenario | None = None
        self.error: str | None = None
        self.teams: list[dict[str, str]] = []
        self.difficulty = "normal"
        self.turns: int | None = None
        self.hidden_end = False
        self.seed: int | None = None
        self.minutes: float | None = 3.0
        self.reflection = False
        self.results_text = str(default_results_folder(Path.home(), data_dir()))
        self.setup_text = str(setup_folder(data_dir()) / "competition.toml")
        self.chooser: UISelectionList | None = None
        self.chooser_for: int | None = None
        self.select(wanted)
        self.as_opened = self.fingerprint()

    # --- layout ------------------------------------------------------------------------------
    def build(self) -> None:
        self.chooser = None
        self.chooser_for = None
        top = self.top_bar(ui("competition.title"), ui("competition.subtitle")) + self.px(8)
        margin, gap = self.px(16), self.px(14)
        row2 = self.height - self.px(16) - self.px(44)
        row1 = row2 - self.px(10) - self.px(36)
        bottom = row1 - self.px(14)
        usable = self.width - 2 * margin - 2 * gap
        left_w = round(usable * 0.25)
        middle_w = round(usable * 0.41)
        right_w = usable - left_w - middle_w
        x_mid = margin + left_w + gap
        x_right = x_mid + middle_w + gap
        self._build_scenarios(pygame.Rect(margin, top, left_w, bottom - top))
        self._build_teams(pygame.Rect(x_mid, top, middle_w, bottom - top))
        self._build_options(pygame.Rect(x_right, top, right_w, bottom - top))
        self._build_files(margin, row1, row2, self.width - 2 * margin)
        self.refresh()

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        rect = getattr(self, "hint_rect", None)
        hint = self.hint()
        if rect is None or not hint:
            return
        fnt = self.font("small")
        y = rect.top
        for part in hint.split("\n"):  # whole paragraphs only (the tooltips say the rest)
            lines = len(draw.wrap(part, fnt, rect.width))
            if y + round(fnt.get_linesize() * 1.15) * (lines - 1) + fnt.get_linesize() > rect.bottom:
                break
            y += draw.paragraph(surface, part, pygame.Rect(rect.left, y, rect.width, rect.bottom - y), fnt,
                                self.colours.muted) + self.px(8)

    def draw_over(self, surface: pygame.Surface) -> None:
        """Each team's country flag just before its country button (inside the team rows'
        area, which may scroll; not over the open country list), and the flags in that list."""
        if self.loaded is None:
            return
        over = self.chooser.rect if self.chooser is not None else None
        clip = surface.get_clip()
        surface.set_clip(getattr(self, "teams_area", surface.get_rect()))
        for index, team in enumerate(self.teams):
            button = self.buttons.get(f"country:{index}")
            if button is None or not button.visible or not team["country"]:
                continue
            height = button.rect.height * 5 // 8
            place = pygame.Rect(button.rect.left - self.px(6) - flag_width(height),
                                button.rect.centery - height // 2, flag_width(height), height)
            if over is None or not over.colliderect(place):
                draw_flag(surface, self.loaded, team["country"], place.topleft, height)
        surface.set_clip(clip)
        if self.chooser is not None:
            draw_list_flags(surface, self.loaded, self.chooser, self.chooser_names)

    # --- events ------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and self.chooser is not None \
                and event.ui_element is self.chooser:
            country = self.chooser_names.get(event.text)
            index = self.chooser_for
            if country is not None and index is not None:
                self.teams[index]["country"] = country
            self.app.defer(self.app.rebuild)
        elif event.type == pygame.MOUSEBUTTONDOWN and self.chooser is not None \
                and not self.chooser.rect.collidepoint(event.pos):
            button = self.buttons.get(f"country:{self.chooser_for}")
            if button is None or not button.rect.collidepoint(event.pos):
                self.close_chooser()
        elif event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            if event.ui_element in self.name_entries:
                self.teams[self.name_entries.index(event.ui_element)]["name"] = event.ui_element.get_text()
                self.refresh()
            elif event.ui_element is self.seed_entry:
                text = self.seed_entry.get_text()
                self.seed = int(text) if text.isdigit() else None
                self.refresh()
            elif event.ui_element is self.results_entry:
                self.results_text = self.results_entry.get_text()
            elif event.ui_element is self.setup_entry:
                self.setup_text = self.setup_entry.get_text()
        elif event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is self.turns_slider:
            self.turns = int(self.turns_slider.get_current_value())
            self.turns_label.set_text(self.turns_text())

    def fingerprint(self) -> tuple:
        """The set-up on screen, to see whether Esc would lose work."""
        return (self.scenario_id, [dict(t) for t in self.teams], self.difficulty, self.turns,
                self.seed, self.minutes, self.reflection, self.hidden_end)

    def back(self) -> None:
        if self.chooser is not None:
            self.close_chooser()
            return
        if self.fingerprint() == self.as_opened:
            self.app.pop()
            return
        ask(self.app, ui("guard.setup.title"), ui("guard.setup.text"),
            [("confirm", ui("guard.setup.confirm"), self.app.pop, "#primary")],
            cancel=ui("guard.setup.cancel"))

    def on_scenario(self, identifier: str) -> None:
        self.select(identifier)
        self.app.rebuild()

    def on_add_team(self) -> None:
        if self.can_add():
            self.teams.append(self.new_team())
            self.app.rebuild()

    def on_remove(self, index: int) -> None:
        if len(self.teams) > 1 and 0 <= index < len(self.teams):
            del self.teams[index]
            self.app.rebuild()

    def on_difficulty(self, value: str) -> None:
        self.difficulty = value
        self.app.rebuild()

    def on_minutes(self, value: float | None) -> None:
        self.minutes = value
        self.app.rebuild()

    def on_hidden_end(self, value: bool) -> None:
        self.hidden_end = value
        self.app.rebuild()

    def on_reflection(self, value: bool) -> None:
        self.reflection = value
        self.app.rebuild()

    def on_random_seed(self) -> None:
        self.seed = random.randrange(1, 1_000_000)
        self.seed_entry.set_text(str(self.seed))
        self.refresh()

    def on_start(self) -> None:
        if self.problem() is not None or self.loaded is None:
            return
        try:
            competition = self.competition()
        except ValidationError as error:  # the screen's own checks should have said it
            self.app.toast(str(error.errors()[0]["msg"]), "bad")
            return
        loaded = self.loaded
        factory = self.app.controller_factory

        def start(pin: str | None) -> None:
            controller = factory(competition.difficulty) if factory is not None else None
            session = start_session(competition, loaded, controller=controller,
                                    autosave_path=self.app.autosave, teacher_pin=pin)
            self.app.start_session(session)

        if self.app.settings.teacher_pin:  # the teacher's profile on this computer guards it
            self.app.busy(ui("busy.starting"), lambda: start(None))
            return
        choose_pin(self.app, ui("guard.teacher.competition_title"),
                   ui("guard.teacher.competition_reason"),
                   lambda pin: self.app.busy(ui("busy.starting"), lambda: start(pin)))

    def on_host(self) -> None:
        """Host on this network: the same set-up, played by the teams on their own devices."""
        if self.problem() is not None or self.loaded is None:
            return
        try:
            competition = self.competition()
        except ValidationError as error:
            self.app.toast(str(error.errors()[0]["msg"]), "bad")
            return
        self.app.stop_hosting()  # one class game at a time
        try:
            self.app.hosting = self.app.busy(ui("busy.starting"), lambda: hosting.start(
                competition, self.loaded, self.app.settings.language))
        except OSError as error:
            self.app.show_error(ui("hosting.failed_title"),
                                ui("hosting.failed", reason=error.strerror or str(error)))
            return
        self.app.goto("teacher")

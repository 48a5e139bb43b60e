"""New game: the scenario, your country (several for hot-seat), difficulty, turns and seed."""

from __future__ import annotations

import random
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UISelectionList

from game.rules.game import Game
from game.rules.terms import DIFFICULTIES
from game.scenario.loading import LoadedScenario, ScenarioError, load_scenario
from game.session.session import Session
from game.ui import draw
from game.ui.catalog import default_country, load_cached, scenario_entries, scenario_ids
from game.ui.flags import draw_list_flags
from game.ui.scene import Scene, escape
from game.ui.text import language, scenario_text, ui
from game.ui.widgets import segmented


class SetupScene(Scene):
    name = "setup"

    def __init__(self, app, scenario_id: str | None = None, loaded: LoadedScenario | None = None):
        super().__init__(app)
        ids = scenario_ids()
        self.scenario_id = scenario_id or (ids[0] if ids else "")
        self.loaded: LoadedScenario | None = loaded
        self.error: str | None = None
        self.humans: list[str] = []
        self.difficulty = "normal"
        self.turns: int | None = None
        self.hidden_end = False
        self.seed: int | None = None
        self.path_text = ""
        self.filter = ""
        if loaded is None:
            self.select(self.scenario_id)
        else:
            self._defaults()

    def select(self, identifier: str) -> None:
        result = load_cached(identifier)
        self.scenario_id = identifier
        if isinstance(result, ScenarioError):
            self.loaded, self.error = None, result.report(language())
        else:
            self.loaded, self.error = result, None
        self._defaults()

    def _defaults(self) -> None:
        if self.loaded is None:
            self.humans = []
            return
        info = self.loaded.scenario.scenario
        self.humans = [default_country(self.loaded)]
        self.turns = info.turns
        self.hidden_end = info.hidden_end
        self.seed = info.seed

    # --- layout ------------------------------------------------------------------------------
    def build(self) -> None:
        top = self.top_bar(ui("setup.title"))
        margin = self.px(16)
        gap = self.px(14)
        usable = self.width - 2 * margin - 2 * gap
        left_w = round(usable * 0.25)
        middle_w = round(usable * 0.40)
        right_w = usable - left_w - middle_w
        bottom = self.height - self.px(16)
        x_left, x_mid = margin, margin + left_w + gap
        x_right = x_mid + middle_w + gap
        self.columns = (pygame.Rect(x_left, top, left_w, bottom - top),
                        pygame.Rect(x_mid, top, middle_w, bottom - top),
                        pygame.Rect(x_right, top, right_w, bottom - top))
        # scenarios
        self.label(pygame.Rect(x_left, top, left_w, self.px(30)), ui("setup.scenario"), "#subheading")
        list_top = top + self.px(36)
        y = self._build_scenario_list(pygame.Rect(x_left, list_top, left_w,
                                                  bottom - self.px(114) - list_top))
        y += self.px(10)
        self.label(pygame.Rect(x_left, y, left_w, self.px(24)), ui("setup.from_file"), "#muted")
        self.path_entry = self.entry(pygame.Rect(x_left, y + self.px(26), left_w, self.px(36)),
                                     self.path_text, ui("setup.path_placeholder"))
        self.button(pygame.Rect(x_left, y + self.px(68), left_w, self.px(36)), ui("setup.open_file"),
                    self.on_open_file, key="open_file")
        # the scenario
        if self.loaded is not None:
            info = self.loaded.scenario.scenario
            self.label(pygame.Rect(x_mid, top, middle_w, self.px(30)), scenario_text(info.title),
                       "#subheading")
            facts = ui("setup.facts", countries=len(self.loaded.scenario.countries),
                       turns=info.turns, currency=scenario_text(info.currency))
            html = (f"{escape(scenario_text(info.description))}<br><br>"
                    f"<b>{escape(ui('setup.lesson'))}</b><br>{escape(scenario_text(info.lesson))}"
                    f"<br><br><i>{escape(facts)}</i>")
            # the designer's notes and the currency note are on the preview (teachers, designers)
            self.textbox(pygame.Rect(x_mid, top + self.px(36), middle_w,
                                     bottom - top - self.px(36) - self.px(48)), html, "#boxed")
            first = self._first_button_width(middle_w, ui("setup.preview"), ui("setup.balance"))
            self.button(pygame.Rect(x_mid, bottom - self.px(40), first, self.px(40)),
                        ui("setup.preview"), self.on_preview, key="preview", fit=True)
            self.button(pygame.Rect(x_mid + first + self.px(10), bottom - self.px(40),
                                    middle_w - first - self.px(10), self.px(40)),
                        ui("setup.balance"), self.on_balance, key="balance", fit=True)
        else:
            self.label(pygame.Rect(x_mid, top, middle_w, self.px(30)), ui("setup.cannot_load"),
                       "#bad_text")
            self.textbox(pygame.Rect(x_mid, top + self.px(36), middle_w, bottom - top - self.px(36)),
                         escape(self.error or ""), "#boxed")
        # the players' choices
        self.country_list = None
        self.search = None
        if self.loaded is not None:
            self._build_choices(x_right, top, right_w, bottom)

    def _first_button_width(self, width: int, first: str, second: str) -> int:
        """The width of the first of two buttons side by side in ``width``: shared in proportion
        to their texts, so that a long label (\"Laporan keseimbangan\") is not cut while a short
        one leaves room to spare."""
        room = width - self.px(10)
        needs = [self.font().size(text)[0] + self.px(24) for text in (first, second)]
        if sum(needs) <= room:
            spare = room - sum(needs)
            return needs[0] + spare // 2
        return max(self.px(60), room * needs[0] // sum(needs))

    def _build_scenario_list(self, area: pygame.Rect) -> int:
        """One button a scenario: the built-in ones, then "Your scenarios" (a broken file with
        its first problem under it). Scrolls when the list is taller than ``area``; returns the
        bottom of what was drawn."""
        entries = scenario_entries()
        row, problem_row, heading = self.px(44), self.px(24), self.px(30)
        users = [e for e in entries if e.user]
        height = (len(entries) * row + sum(problem_row for e in users if e.broken)
                  + (heading if users else 0))
        box = None
        if height > area.height:
            box = self.scrolling(area, height)
            x, y, width = 0, 0, area.width - self.px(22)
        else:
            x, y, width = area.x, area.y, area.width
        shown_heading = False
        for entry in entries:
            if entry.user and not shown_heading:
                self.label(pygame.Rect(x, y, width, heading - self.px(4)), ui("setup.user_scenarios"),
                           "#muted", container=box)
                y += heading
                shown_heading = True
            object_id = "#item_on" if entry.key == self.scenario_id else "#item"
            if entry.loaded is not None:
                title = scenario_text(entry.loaded.scenario.scenario.title)
                tooltip = str(entry.path) if entry.user else None
            else:
                title = ui("setup.broken_scenario", name=entry.path.name)
                line = entry.problem.line if entry.problem is not None else None
                tooltip = (ui("setup.problem_at_line", line=line, problem=entry.first_problem)
                           if line else entry.first_problem)
            self.button(pygame.Rect(x, y, width, row - self.px(6)), title,
                        (lambda i=entry.key: self.on_scenario(i)), object_id, tooltip=tooltip,
                        container=box, key=f"scenario:{entry.key}", fit=True)
            y += row
            if entry.broken:
                self.label(pygame.Rect(x, y - self.px(4), width, problem_row - self.px(2)),
                           tooltip or "", "#bad_text", container=box)
                y += problem_row
        return area.bottom if box is not None else y

    def _build_choices(self, x: int, top: int, width: int, bottom: int) -> None:
        self.label(pygame.Rect(x, top, width, self.px(30)), ui("setup.your_country"), "#subheading")
        self.label(pygame.Rect(x, top + self.px(28), width, self.px(22)), ui("setup.hot_seat_hint"),
                   "#muted")
        countries = self.loaded.scenario.countries
        self.names = {c.name.get(language()): c.id for c in countries}
        hint = draw.wrap(ui("setup.seed_hint"), self.label_font("#muted"), width - self.px(6))
        hint_row = self.label_font("#muted").get_linesize() + self.px(2)
        controls = self.px(294) + len(hint) * hint_row  # the seed's hint wraps, never cut
        list_top = top + self.px(54)
        self.search = None
        if len(countries) > 12:
            self.search = self.entry(pygame.Rect(x, list_top, width, self.px(34)), self.filter,
                                     ui("negotiation.search"))
            list_top += self.px(40)
        self.list_rect = pygame.Rect(x, list_top, width,
                                     max(self.px(90), bottom - list_top - controls))
        self._make_country_list()
        y = self.list_rect.bottom + self.px(10)
        summary = self._players_text()
        self.players_label = self.label(pygame.Rect(x, y, width, self.px(24)), summary, "#muted")
        y += self.px(30)
        # each row's label: a third of the width, wider when its text needs it ("Giliran:
        # sekitar 10"), never more than half
        def label_width(*texts: str) -> int:
            need = max(self.font().size(t)[0] for t in texts) + self.px(12)
            return min(width // 2, max(round(width * 0.36), need))

        label_w = round(width * 0.36)
        self.label(pygame.Rect(x, y, label_w, self.px(36)), ui("setup.difficulty"))
        segmented(self, pygame.Rect(x + label_w, y, width - label_w,
                                    self.px(36)),
                  [(d, ui(f"difficulty.{d}")) for d in DIFFICULTIES], self.difficulty,
                  self.on_difficulty, key="difficulty")
        y += self.px(46)
        turns_w = label_width(ui("setup.turns", turns=ui("game.about_turns", turns=30)))
        self.turns_label = self.label(pygame.Rect(x, y, turns_w, self.px(36)),
                                      self._turns_text())
        self.turns_slider = self.slider(pygame.Rect(x + turns_w, y + self.px(4),
                                                    width - turns_w, self.px(28)),
                                        self.turns or 10, 1, 30, 1)
        y += self.px(46)
        end_w = label_width(ui("setup.end"))
        self.label(pygame.Rect(x, y, end_w, self.px(36)), ui("setup.end"))
        buttons = segmented(self, pygame.Rect(x + end_w, y, width - end_w, self.px(36)),
                  [(False, ui("setup.end_known")), (True, ui("setup.end_hidden"))],
                  self.hidden_end, self.on_hidden_end, key="hidden_end")
        for button in buttons:
            button.set_tooltip(self._end_hint())
        y += self.px(46)
        self.label(pygame.Rect(x, y, label_w, self.px(36)), ui("setup.seed"))
        seed_w = width - label_w - self.px(110)
        self.seed_entry = self.entry(pygame.Rect(x + label_w, y, seed_w, self.px(36)),
                                     str(self.seed if self.seed is not None else 1))
        self.seed_entry.set_allowed_characters("numbers")
        self.button(pygame.Rect(x + width - self.px(102), y, self.px(102), self.px(36)),
                    ui("setup.random_seed"), self.on_random_seed, key="random_seed")
        y += self.px(40)
        for k, line in enumerate(hint):
            self.label(pygame.Rect(x, y + k * hint_row, width, max(hint_row, self.px(22))), line,
                       "#muted")
        self.button(pygame.Rect(x, bottom - self.px(52), width, self.px(52)), ui("setup.start"),
                    self.on_start, "#primary", enabled=bool(self.humans), key="start")

    def _make_country_list(self) -> None:
        if self.country_list is not None:
            self.country_list.kill()
        wanted = self.filter.casefold()
        items = sorted((n for n in self.names if wanted in n.casefold()), key=str.casefold)
        self.visible_names = items
        chosen = [n for n in items if self.names[n] in self.humans]
        self.country_list = UISelectionList(self.list_rect, items, self.app.manager,
                                            allow_multi_select=True, default_selection=chosen or None)

    def draw_over(self, surface: pygame.Surface) -> None:
        if self.country_list is not None and self.country_list.alive():
            draw_list_flags(surface, self.loaded, self.country_list, self.names)

    def _turns_text(self) -> str:
        about = ui("game.about_turns", turns=self.turns) if self.hidden_end else self.turns
        return ui("setup.turns", turns=about)

    def _end_hint(self) -> str:
        """What a hidden end means (``game.rules.ending``)."""
        return ui("setup.end_hint")

    def _players_text(self) -> str:
        if not self.humans:
            return ui("setup.pick_a_country")
        if len(self.humans) == 1:
            return ui("setup.one_player")
        return ui("setup.hot_seat", count=len(self.humans))

    # --- events ------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if self.country_list is not None and event.type in (
                pygame_gui.UI_SELECTION_LIST_NEW_SELECTION,
                pygame_gui.UI_SELECTION_LIST_DROPPED_SELECTION) \
                and event.ui_element is self.country_list:
            picked = {self.names[name] for name in self.country_list.get_multi_selection()
                      if name in self.names}
            visible = {self.names[n] for n in self.visible_names}
            order = [c.id for c in self.loaded.scenario.countries]
            # keep the order in which players were picked (hidden by the search: kept); new last
            self.humans = [h for h in self.humans if h in picked or h not in visible] + \
                [c for c in order if c in picked and c not in self.humans]
            self.players_label.set_text(self._players_text())
            start = self.buttons.get("start")
            if start is not None:
                start.enable() if self.humans else start.disable()
        elif event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and \
                getattr(self, "turns_slider", None) is event.ui_element:
            self.turns = int(self.turns_slider.get_current_value())
            self.turns_label.set_text(self._turns_text())
        elif event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            if self.search is not None and event.ui_element is self.search:
                self.filter = self.search.get_text()
                self._make_country_list()
            elif getattr(self, "seed_entry", None) is event.ui_element:
                text = self.seed_entry.get_text()
                self.seed = int(text) if text.isdigit() else None
            elif event.ui_element is self.path_entry:
                self.path_text = self.path_entry.get_text()
        elif event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.path_entry:
            self.app.defer(self.on_open_file)

    def on_scenario(self, identifier: str) -> None:
        self.filter = ""
        self.select(identifier)
        self.app.rebuild()

    def on_open_file(self) -> None:
        path = self.path_entry.get_text().strip() if self.path_entry.alive() else self.path_text
        self.path_text = path
        if not path:
            return
        try:
            self.loaded = load_scenario(Path(path).expanduser())
            self.error = None
            self.scenario_id = path
        except ScenarioError as error:
            self.loaded, self.error = None, error.report(language())
        self._defaults()
        self.app.rebuild()

    def on_preview(self) -> None:
        """The designer's look at the scenario: its map, countries and starting relations."""
        if self.loaded is None:
            return
        self.app.push("preview", self.loaded)

    def on_balance(self) -> None:
        """The balance report (AI self-play) for this scenario, with a progress bar."""
        if self.loaded is None:
            return
        self.app.push("balance", self.loaded)

    def on_difficulty(self, value: str) -> None:
        self.difficulty = value
        self.app.rebuild()

    def on_hidden_end(self, value: bool) -> None:
        self.hidden_end = value
        self.app.rebuild()

    def on_random_seed(self) -> None:
        self.seed = random.randrange(1, 1_000_000)
        self.seed_entry.set_text(str(self.seed))

    def on_start(self) -> None:
        if self.loaded is None or not self.humans:
            return
        seed = self.seed if self.seed is not None else self.loaded.scenario.scenario.seed
        loaded, humans, difficulty, turns = self.loaded, list(self.humans), self.difficulty, self.turns
        hidden_end = self.hidden_end

        def start() -> None:
            factory = self.app.controller_factory
            controller = factory(difficulty) if factory is not None else None
            session = Session(Game(loaded, seed, turns, hidden_end=hidden_end), humans, difficulty,
                              controller,
                              autosave_path=self.app.autosave)
            self.app.start_session(session)

        self.app.busy(ui("busy.starting"), start)

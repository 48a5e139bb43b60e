"""The teacher's classroom competition screen: the scenario, the teams (a name and a country
each, in playing order), the computer countries' difficulty, turns, seed, the diplomacy timer,
reflection prompts and the results folder, on one screen. The set-up is saved to and loaded
from a small TOML file (``game.classroom.competition``) so that the next class plays the same
game; Start makes the hot-seat session with the teams' names and the countdown."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pygame
import pygame_gui
from pydantic import ValidationError
from pygame_gui.elements import UISelectionList

from game.classroom.competition import (
    MAXIMUM_NAME_LENGTH,
    Competition,
    CompetitionError,
    check_scenario,
    default_results_folder,
    load_competition,
    save_competition,
    scenario_of,
    setup_folder,
    start_session,
)
from game.classroom.timer import MINUTE_CHOICES
from game.rules.terms import DIFFICULTIES
from game.scenario.loading import LoadedScenario, ScenarioError
from game.ui import draw, hosting
from game.ui.catalog import default_country, load_cached, scenario_entries, scenario_ids
from game.ui.scene import Scene
from game.ui.settings import data_dir
from game.ui.text import language, number, scenario_text, ui
from game.ui.widgets import segmented

#: At most this many teams share one screen.
MAXIMUM_TEAMS = 8
#: The scenario a competition offers first (the lesson's own), if it is there.
PREFERRED_SCENARIO = "indonesia-partners"


def minutes_text(minutes: float) -> str:
    digits = 0 if float(minutes).is_integer() else 1
    return ui("competition.minutes", minutes=number(minutes, digits))


class CompetitionScene(Scene):
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
        self.seed: int | None = None
        self.minutes: float | None = 3.0
        self.reflection = False
        self.results_text = str(default_results_folder(Path.home(), data_dir()))
        self.setup_text = str(setup_folder(data_dir()) / "competition.toml")
        self.chooser: UISelectionList | None = None
        self.chooser_for: int | None = None
        self.select(wanted)

    # --- state -------------------------------------------------------------------------------
    def select(self, identifier: str, keep_settings: bool = False) -> None:
        """Use the scenario ``identifier``: its turns and seed, the teams' countries kept where
        the scenario has them."""
        result = load_cached(identifier)
        self.scenario_id = identifier
        if isinstance(result, ScenarioError):
            self.loaded, self.error = None, result.report()
            return
        self.loaded, self.error = result, None
        if not keep_settings:
            info = result.scenario.scenario
            self.turns, self.seed = info.turns, info.seed
        ids = self.country_ids()
        kept: list[dict[str, str]] = []
        for team in self.teams:
            if team["country"] not in ids or any(t["country"] == team["country"] for t in kept):
                team = {**team, "country": ""}
            kept.append(team)
        for team in kept:
            if not team["country"]:
                team["country"] = self.free_countries(kept)[0]
        self.teams = kept[: min(MAXIMUM_TEAMS, len(ids))]
        while len(self.teams) < min(2, len(ids)):
            self.teams.append(self.new_team())

    def country_ids(self) -> list[str]:
        """The scenario's countries, the one a new game offers first (Indonesia) first."""
        if self.loaded is None:
            return []
        ids = [c.id for c in self.loaded.scenario.countries]
        first = default_country(self.loaded)
        return [first] + [c for c in ids if c != first]

    def free_countries(self, teams: list[dict[str, str]] | None = None) -> list[str]:
        taken = {t["country"] for t in (self.teams if teams is None else teams)}
        return [c for c in self.country_ids() if c not in taken]

    def new_team(self) -> dict[str, str]:
        names = {t["name"].casefold() for t in self.teams}
        number_ = len(self.teams) + 1
        while ui("competition.team_default", number=number_).casefold() in names:
            number_ += 1
        free = self.free_countries()
        return {"name": ui("competition.team_default", number=number_), "country": free[0] if free else ""}

    def can_add(self) -> bool:
        return self.loaded is not None and len(self.teams) < MAXIMUM_TEAMS and bool(self.free_countries())

    def problem(self) -> str | None:
        """What keeps the set-up from starting, in words for the teacher (None: it can start)."""
        if self.loaded is None:
            return ui("competition.problem.no_scenario")
        seen: set[str] = set()
        for number_, team in enumerate(self.teams, start=1):
            name = " ".join(team["name"].split())
            if not name:
                return ui("competition.problem.no_name", number=number_)
            if len(name) > MAXIMUM_NAME_LENGTH:
                return ui("competition.problem.long_name", number=number_, limit=MAXIMUM_NAME_LENGTH)
            if name.casefold() in seen:
                return ui("competition.problem.same_name", name=name)
            seen.add(name.casefold())
        if self.seed is None:
            return ui("competition.problem.no_seed")
        return None

    def competition(self) -> Competition:
        """The set-up on screen as a Competition (ValidationError if it is not valid)."""
        results = self.results_text.strip()
        return Competition(
            scenario=self.scenario_id, teams=[dict(t) for t in self.teams], difficulty=self.difficulty,
            turns=self.turns, seed=self.seed if self.seed is not None else -1,
            diplomacy_minutes=self.minutes, reflection=self.reflection,
            results_folder=results or None)

    def use(self, competition: Competition) -> None:
        """Show a loaded set-up."""
        self.teams = [{"name": t.name, "country": t.country} for t in competition.teams]
        self.difficulty = competition.difficulty
        self.minutes = competition.diplomacy_minutes
        self.reflection = competition.reflection
        self.results_text = competition.results_folder or ""
        self.select(competition.scenario, keep_settings=True)
        self.turns = competition.turns or (self.loaded.scenario.scenario.turns if self.loaded else None)
        self.seed = competition.seed

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

    def _build_scenarios(self, area: pygame.Rect) -> None:
        self.label(pygame.Rect(area.x, area.y, area.width, self.px(30)), ui("competition.scenario"),
                   "#subheading")
        entries = [e for e in scenario_entries() if not e.broken]
        row = self.px(42)
        y = area.y + self.px(36)
        facts_y = area.bottom - self.px(26)
        keys = [e.key for e in entries]
        items: list[tuple[str, str, str | None]] = []
        if self.scenario_id not in keys:  # a scenario file named by a loaded set-up
            items.append((self.scenario_id, ui("competition.from_file", name=Path(self.scenario_id).name),
                          self.scenario_id))
        for entry in entries:
            items.append((entry.key, scenario_text(entry.loaded.scenario.scenario.title),
                          str(entry.path) if entry.user else None))
        box = None
        x, width = area.x, area.width
        if len(items) * row > facts_y - y - self.px(6):
            box = self.scrolling(pygame.Rect(area.x, y, area.width, facts_y - y - self.px(6)),
                                 len(items) * row)
            x, y, width = 0, 0, area.width - self.px(22)
        for key, title, tooltip in items:
            object_id = "#item_on" if key == self.scenario_id else "#item"
            self.button(pygame.Rect(x, y, width, row - self.px(6)), title,
                        (lambda k=key: self.on_scenario(k)), object_id, tooltip=tooltip, container=box,
                        key=f"scenario:{key}", fit=True)
            y += row
        if self.loaded is not None:
            info = self.loaded.scenario.scenario
            text = ui("competition.facts", countries=len(self.loaded.scenario.countries),
                      turns=info.turns)
            self.label(pygame.Rect(area.x, facts_y, area.width, self.px(24)), text, "#muted")
        else:
            first = (self.error or "").splitlines()[-1].strip()
            label = self.label(pygame.Rect(area.x, facts_y, area.width, self.px(24)),
                               ui("competition.cannot_load", problem=first), "#bad_text")
            label.set_tooltip(self.error or "")

    def _build_teams(self, area: pygame.Rect) -> None:
        self.label(pygame.Rect(area.x, area.y, area.width // 2, self.px(30)), ui("competition.teams"),
                   "#subheading")
        add_w = min(area.width // 2, max(self.px(150), self.font().size(ui("competition.add_team"))[0]
                                         + self.px(28)))
        tip = ui("competition.teams_tip") if self.can_add() else ui("competition.add_team_full")
        self.button(pygame.Rect(area.right - add_w, area.y, add_w, self.px(34)), ui("competition.add_team"),
                    self.on_add_team, enabled=self.can_add(), key="add_team", tooltip=tip, fit=True)
        rows_top = area.y + self.px(42)
        summary_y = area.bottom - self.px(26)
        step = self.px(42)
        height = len(self.teams) * step
        box = None
        x, y, width = area.x, rows_top, area.width
        if height > summary_y - rows_top - self.px(6):
            box = self.scrolling(pygame.Rect(area.x, rows_top, area.width, summary_y - rows_top - self.px(6)),
                                 height)
            x, y, width = 0, 0, area.width - self.px(22)
        number_w = self.px(26)
        remove_w = max(self.px(64), self.font("small").size(ui("competition.remove"))[0] + self.px(20))
        name_w = round((width - number_w - remove_w - self.px(12)) * 0.55)
        country_w = width - number_w - remove_w - name_w - self.px(12)
        self.name_entries: list[Any] = []
        names = {c.id: c.name.get(language()) for c in self.loaded.scenario.countries} \
            if self.loaded is not None else {}
        for index, team in enumerate(self.teams):
            row_h = self.px(36)
            self.label(pygame.Rect(x, y, number_w, row_h), f"{index + 1}.", "#muted", container=box)
            entry = self.entry(pygame.Rect(x + number_w, y, name_w, row_h), team["name"],
                               ui("competition.team_placeholder"), container=box)
            entry.set_text_length_limit(MAXIMUM_NAME_LENGTH)
            self.name_entries.append(entry)
            country_x = x + number_w + name_w + self.px(6)
            self.button(pygame.Rect(country_x, y, country_w, row_h),
                        names.get(team["country"], team["country"]),
                        (lambda i=index: self.on_choose(i)), tooltip=ui("competition.pick_country"),
                        container=box, key=f"country:{index}", fit=True)
            self.button(pygame.Rect(country_x + country_w + self.px(6), y, remove_w, row_h),
                        ui("competition.remove"), (lambda i=index: self.on_remove(i)), "#small_button",
                        tooltip=ui("competition.remove_tip"), enabled=len(self.teams) > 1,
                        container=box, key=f"remove:{index}")
            y += step
        self.summary = self.label(pygame.Rect(area.x, summary_y, area.width, self.px(24)), "", "#muted")
        self.problem_label = self.label(pygame.Rect(area.x, summary_y, area.width, self.px(24)), "",
                                        "#bad_text")

    def _build_options(self, area: pygame.Rect) -> None:
        x, y, width = area.x, area.y, area.width
        label_h, control_h, step = self.px(24), self.px(34), self.px(66)

        def heading(text: str) -> None:
            self.label(pygame.Rect(x, y, width, label_h), text)

        heading(ui("competition.computers"))
        buttons = segmented(self, pygame.Rect(x, y + label_h, width, control_h),
                            [(d, ui(f"difficulty.{d}")) for d in DIFFICULTIES], self.difficulty,
                            self.on_difficulty, key="difficulty")
        for button in buttons:
            button.set_tooltip(ui("competition.computers_tip"))
        y += step
        self.turns_label = self.label(pygame.Rect(x, y, width, label_h),
                                      ui("setup.turns", turns=self.turns or "?"))
        self.turns_slider = self.slider(pygame.Rect(x, y + label_h + self.px(3), width, self.px(28)),
                                        self.turns or 10, 1, 30, 1)
        y += step
        heading(ui("setup.seed"))
        random_w = max(self.px(90), self.font().size(ui("setup.random_seed"))[0] + self.px(28))
        self.seed_entry = self.entry(pygame.Rect(x, y + label_h, width - random_w - self.px(8), control_h),
                                     str(self.seed) if self.seed is not None else "")
        self.seed_entry.set_allowed_characters("numbers")
        self.button(pygame.Rect(x + width - random_w, y + label_h, random_w, control_h),
                    ui("setup.random_seed"), self.on_random_seed, key="random_seed",
                    tooltip=ui("setup.seed_hint"))
        y += step
        heading(ui("competition.timer"))
        choices: list[float | None] = [None, *MINUTE_CHOICES]
        if self.minutes is not None and self.minutes not in choices:
            choices = [None, *sorted([*MINUTE_CHOICES, self.minutes])]
        options = [(m, ui("competition.timer_off") if m is None else minutes_text(m)) for m in choices]
        buttons = segmented(self, pygame.Rect(x, y + label_h, width, control_h), options, self.minutes,
                            self.on_minutes, gap=self.px(4), key="timer")
        for button in buttons:
            button.set_tooltip(ui("competition.timer_tip"))
        y += step
        heading(ui("competition.reflection"))
        buttons = segmented(self, pygame.Rect(x, y + label_h, width, control_h),
                            [(False, ui("competition.no")), (True, ui("competition.yes"))],
                            self.reflection, self.on_reflection, key="reflection")
        for button in buttons:
            button.set_tooltip(ui("competition.reflection_tip"))
        y += step
        # what the timer and the prompts do, where there is room (the buttons' tooltips say it too)
        self.hint_rect = pygame.Rect(x, y, width, area.bottom - y) if area.bottom - y >= self.px(60) \
            else None

    def hint(self) -> str:
        parts = [ui("competition.timer_tip")] if self.minutes is not None else []
        if self.reflection:
            parts.append(ui("competition.reflection_tip"))
        return "\n".join(parts)

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        rect = getattr(self, "hint_rect", None)
        hint = self.hint()
        if rect is None or not hint:
            return
        fnt = self.font("small")
        y = rect.top
        for part in hint.split("\n"):
            y += draw.paragraph(surface, part, pygame.Rect(rect.left, y, rect.width, rect.bottom - y), fnt,
                                self.colours.muted) + self.px(8)

    def _build_files(self, x: int, row1: int, row2: int, width: int) -> None:
        fnt = self.font()
        label_w = max(fnt.size(ui("competition.results"))[0], fnt.size(ui("competition.setup_file"))[0]) \
            + self.px(14)
        start_w = max(self.px(230), self.font("heading", True).size(ui("competition.start"))[0] + self.px(40))
        self.label(pygame.Rect(x, row1, label_w, self.px(36)), ui("competition.results"))
        self.results_entry = self.entry(pygame.Rect(x + label_w, row1, width - label_w - start_w - self.px(8),
                                                    self.px(36)),
                                        self.results_text, ui("competition.results_placeholder"))
        self.results_entry.set_tooltip(ui("competition.results_tip"))
        self.button(pygame.Rect(x + width - start_w, row1, start_w, self.px(36)), ui("hosting.host"),
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

    def refresh(self) -> None:
        """The summary or the problem line, and whether Start is possible."""
        problem = self.problem()
        if problem is None and self.loaded is not None:
            computers = len(self.loaded.scenario.countries) - len(self.teams)
            self.summary.set_text(ui("competition.summary", teams=len(self.teams), computers=computers))
            self.problem_label.set_text("")
        else:
            self.summary.set_text("")
            self.problem_label.set_text(problem or "")
        for key in ("start", "host"):
            button = self.buttons.get(key)
            if button is not None:
                button.enable() if problem is None else button.disable()

    # --- the country chooser -----------------------------------------------------------------
    def on_choose(self, index: int) -> None:
        """Open (or close) the list of countries for team ``index`` under its button."""
        was = self.chooser_for
        self.close_chooser()
        if was == index or self.loaded is None:
            return
        others = {t["country"] for k, t in enumerate(self.teams) if k != index}
        names = {c.id: c.name.get(language()) for c in self.loaded.scenario.countries}
        self.chooser_names = {names[c]: c for c in self.country_ids() if c not in others}
        items = sorted(self.chooser_names, key=str.casefold)
        button = self.buttons[f"country:{index}"]
        anchor = button.rect  # on the screen, also inside a scrolling box
        row = self.px(30)
        height = min(len(items) * row + self.px(6), self.height - self.px(80))
        rect = pygame.Rect(anchor.x, anchor.bottom + self.px(2), max(anchor.width, self.px(220)), height)
        if rect.bottom > self.height - self.px(8):
            rect.bottom = anchor.top - self.px(2)
        rect.top = max(rect.top, self.px(8))
        rect.right = min(rect.right, self.width - self.px(8))
        current = names.get(self.teams[index]["country"])
        self.chooser = UISelectionList(rect, items, self.app.manager, starting_height=8,
                                       default_selection=current if current in items else None)
        self.chooser_for = index

    def close_chooser(self) -> None:
        if self.chooser is not None:
            self.chooser.kill()
        self.chooser = None
        self.chooser_for = None

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
            self.turns_label.set_text(ui("setup.turns", turns=self.turns))

    def back(self) -> None:
        if self.chooser is not None:
            self.close_chooser()
            return
        self.app.pop()

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

    def on_reflection(self, value: bool) -> None:
        self.reflection = value
        self.app.rebuild()

    def on_random_seed(self) -> None:
        self.seed = random.randrange(1, 1_000_000)
        self.seed_entry.set_text(str(self.seed))
        self.refresh()

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
        self.app.rebuild()
        self.app.toast(ui("competition.loaded", path=str(path)), "good")

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

        def start() -> None:
            controller = factory(competition.difficulty) if factory is not None else None
            session = start_session(competition, loaded, controller=controller,
                                    autosave_path=self.app.autosave)
            self.app.start_session(session)

        self.app.busy(ui("busy.starting"), start)

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


# --- for the screenshot tour -------------------------------------------------------------------

class FrozenClock:
    """A clock that stands still at ``now`` (pictures of the countdown show the same time)."""

    def __init__(self, now: float = 0.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def example(app) -> CompetitionScene:
    """The competition screen as a teacher fills it in: three named teams, a 3-minute timer."""
    scene = CompetitionScene(app, PREFERRED_SCENARIO)
    for index, name in enumerate(("Garuda", "Komodo", "Rajawali")):
        if index >= len(scene.teams):
            scene.teams.append(scene.new_team())
        scene.teams[index]["name"] = name
    scene.reflection = True
    return scene


def example_session(seconds_left: float = 25.0) -> Any:
    """A three-team competition game in its first diplomacy phase, with ``seconds_left`` on a
    3-minute countdown that stands still."""
    competition = Competition(
        scenario=PREFERRED_SCENARIO, seed=162, turns=6, diplomacy_minutes=3.0,
        teams=[{"name": "Garuda", "country": "IDN"}, {"name": "Komodo", "country": "JPN"},
               {"name": "Rajawali", "country": "KOR"}])
    clock = FrozenClock()
    session = start_session(competition, scenario_of(competition), clock=clock)
    session.begin_diplomacy(session.current)
    clock.now = 180.0 - seconds_left
    return session

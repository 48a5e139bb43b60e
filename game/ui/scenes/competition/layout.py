"""The competition screen's columns: the scenarios offered, the teams (name, country, remove) and
the options (computers' difficulty, turns, seed, timer, reflection prompts, and what they do),
with the summary or problem line under the teams."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame

from game.classroom.competition import MAXIMUM_NAME_LENGTH
from game.classroom.timer import MINUTE_CHOICES
from game.rules.terms import DIFFICULTIES
from game.ui.catalog import scenario_entries
from game.ui.flags import flag_width
from game.ui.text import language, number, scenario_text, ui
from game.ui.widgets import segmented


def minutes_text(minutes: float) -> str:
    digits = 0 if float(minutes).is_integer() else 1
    return ui("competition.minutes", minutes=number(minutes, digits))


class CompetitionLayout:
    """Part of ``CompetitionScene``: the three columns' widgets and the summary line."""

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
        name_w = round((width - number_w - remove_w - self.px(12)) * 0.38)
        flag_w = flag_width(self.px(36) * 5 // 8) + self.px(6)  # the country's flag before it
        country_w = width - number_w - remove_w - name_w - self.px(12) - flag_w
        self.name_entries: list[Any] = []
        #: where the team rows show (flags are drawn inside it: the rows may scroll)
        self.teams_area = pygame.Rect(area.x, rows_top, area.width, summary_y - rows_top - self.px(6))
        names = {c.id: c.name.get(language()) for c in self.loaded.scenario.countries} \
            if self.loaded is not None else {}
        for index, team in enumerate(self.teams):
            row_h = self.px(36)
            self.label(pygame.Rect(x, y, number_w, row_h), f"{index + 1}.", "#muted", container=box)
            entry = self.entry(pygame.Rect(x + number_w, y, name_w, row_h), team["name"],
                               ui("competition.team_placeholder"), container=box)
            entry.set_text_length_limit(MAXIMUM_NAME_LENGTH)
            self.name_entries.append(entry)
            country_x = x + number_w + name_w + self.px(6) + flag_w
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
        self.turns_label = self.label(pygame.Rect(x, y, width, label_h), self.turns_text())
        self.turns_slider = self.slider(pygame.Rect(x, y + label_h + self.px(3), width, self.px(28)),
                                        self.turns or 10, 1, 30, 1)
        y += step
        # the seed and the game's end on one line each, the label beside (rows to spare)
        inline = max(self.font().size(ui("setup.seed"))[0],
                     self.font().size(ui("setup.end"))[0]) + self.px(12)
        self.label(pygame.Rect(x, y, inline, control_h), ui("setup.seed"))
        random_w = max(self.px(90), self.font().size(ui("setup.random_seed"))[0] + self.px(28))
        self.seed_entry = self.entry(pygame.Rect(x + inline, y, width - inline - random_w - self.px(8),
                                                 control_h),
                                     str(self.seed) if self.seed is not None else "")
        self.seed_entry.set_allowed_characters("numbers")
        self.button(pygame.Rect(x + width - random_w, y, random_w, control_h),
                    ui("setup.random_seed"), self.on_random_seed, key="random_seed",
                    tooltip=ui("setup.seed_hint"))
        y += control_h + self.px(8)
        self.label(pygame.Rect(x, y, inline, control_h), ui("setup.end"))
        buttons = segmented(self, pygame.Rect(x + inline, y, width - inline, control_h),
                            [(False, ui("setup.end_known")), (True, ui("setup.end_hidden"))],
                            self.hidden_end, self.on_hidden_end, key="hidden_end")
        for button in buttons:
            button.set_tooltip(ui("setup.end_hint"))
        y += control_h + self.px(8)
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

    def turns_text(self) -> str:
        """"Turns: 10", or "Turns: about 10" when the end is hidden."""
        turns = self.turns or "?"
        return ui("setup.turns", turns=ui("game.about_turns", turns=turns) if self.hidden_end
                  else turns)

    def hint(self) -> str:
        parts = [ui("competition.timer_tip")] if self.minutes is not None else []
        if self.reflection:
            parts.append(ui("competition.reflection_tip"))
        return "\n".join(parts)

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

"""The main menu: resume, new game, load, settings, help, quit; the language at a click."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pygame

from game.rules.storage import StorageError
from game.session.extra import SessionExtra, saved_summary
from game.ui import draw
from game.ui.map_geometry import load_countries, project
from game.ui.map_view import WORLD_VIEW, fitted
from game.ui.scene import Scene, escape
from game.ui.text import language, number, turns_shown, ui
from game.ui.theme import mix
from game.ui.widgets import segmented


def autosave_summary(path: Path) -> SessionExtra | None:
    """The autosave's resume line data (checked, without replaying the game), or None if there
    is nothing to resume (no file, a finished game); StorageError for a damaged file (the menu
    sets it aside and says why)."""
    if not path.exists():
        return None
    extra, _ = saved_summary(path)
    return None if extra.finished else extra


@lru_cache(maxsize=4)
def world_backdrop(size: tuple[int, int], sea: tuple, land: tuple) -> pygame.Surface:
    """A faint world map for the menu's background."""
    width, height = size
    surface = pygame.Surface(size)
    surface.fill(sea)
    view = fitted(WORLD_VIEW, width, height)
    for shape in load_countries().values():
        for polygon in shape.polygons:
            points = project(polygon[0], view, width, height)
            if float(np.ptp(points[:, 0]) + np.ptp(points[:, 1])) < 2:
                continue
            pygame.draw.polygon(surface, land, [(int(x), int(y)) for x, y in points])
    return surface


class MenuScene(Scene):
    name = "menu"

    def build(self) -> None:
        s = self.s
        try:
            self.resume = autosave_summary(self.app.autosave)
        except StorageError as error:  # listed with its problem and set aside, never read again
            self.app.set_aside(self.app.autosave, error)
            self.resume = None
        width = self.px(380)
        height = self.px(50)
        gap = self.px(12)
        items = []
        if self.resume is not None:
            resume = self.resume
            title = (resume.title.id if language() == "id" else resume.title.en) if resume.title else ""
            items.append((ui("menu.resume", title=title,
                             turn="?" if resume.turn is None else resume.turn,
                             turns=turns_shown({"hidden_end": resume.about_turns is not None,
                                                "announced_turns": resume.about_turns,
                                                "last_turn": resume.last_turn or "?"})),
                          self.on_resume, "#primary", "resume"))
        if self.app.hosting is not None:  # the class game this window hosts goes on meanwhile
            items.append((ui("menu.hosting"), self.on_hosting, "#primary", "hosting"))
        items += [
            (ui("menu.new_game"), self.on_new, None if self.resume or self.app.hosting else "#primary",
             "new"),
            (ui("menu.competition"), self.on_competition, None, "competition"),
            (ui("menu.join"), self.on_join, None, "join"),
            (ui("menu.load_game"), self.on_load, None, "load"),
            (ui("menu.settings"), self.on_settings, None, "settings"),
            (ui("menu.help"), self.on_help, None, "help"),
            (ui("menu.quit"), self.on_quit, None, "quit"),
        ]
        header = self.px(184)
        bar = self.px(56)  # the language buttons
        note = self.app.set_aside_note  # a damaged autosave was set aside: say why, below
        footer = self.px(30) + (self.px(64) if note else 0)
        room = self.height - bar - footer - header  # what is left for the buttons
        height = min(height, room // len(items) - gap)  # a tight window gets slimmer buttons
        total = len(items) * height + (len(items) - 1) * gap
        block = header + total
        start = bar + max(0, (self.height - bar - footer - block) // 2)
        top = start + header
        self.label(pygame.Rect(0, start, self.width, self.px(90)), "Diplomasi", "#title")
        self.label(pygame.Rect(0, start + self.px(92), self.width, self.px(34)), ui("menu.subtitle"),
                   "#subtitle")
        self.label(pygame.Rect(0, start + self.px(128), self.width, self.px(26)), ui("menu.tagline"),
                   "#muted_centre")
        for k, (label, action, object_id, key) in enumerate(items):
            rect = pygame.Rect((self.width - width) // 2, top + k * (height + gap), width, height)
            if key == "resume":
                rect = rect.inflate(min(self.px(240), self.width - rect.width - self.px(40)), 0)
            self.button(rect, label, action, object_id, key=key, fit=True)
        if note:
            box = min(self.width - self.px(32), self.px(900))
            self.textbox(pygame.Rect((self.width - box) // 2, self.height - self.px(90), box,
                                     self.px(60)), escape(note), "#boxed")
        languages = [("en", "English"), ("id", "Bahasa Indonesia")]
        segmented(self, pygame.Rect(self.width - self.px(330), self.px(16), self.px(314), self.px(36)),
                  languages, self.app.settings.language, self.on_language, key="language")
        del s

    def draw(self, surface: pygame.Surface) -> None:
        colours = self.colours
        backdrop = world_backdrop(self.app.size, mix(colours.background, colours.sea, 0.6),
                                  mix(colours.background, colours.land, 0.45))
        surface.blit(backdrop, (0, 0))
        fnt = self.font("small")
        draw.text(surface, ui("menu.credits"), (self.width - self.px(16), self.height - self.px(12)),
                  fnt, colours.muted, "bottomright")
        if self.app.scale != self.app.settings.scale:
            draw.text(surface, ui("settings.scale_limited", scale=number(self.app.scale, 2)),
                      (self.px(16), self.height - self.px(12)), fnt, colours.muted, "bottomleft")

    def back(self) -> None:
        pass  # the menu is the first screen: Esc stays here (Quit is a button)

    def on_resume(self) -> None:
        self.app.busy(ui("busy.loading"), lambda: self.app.open_save(self.app.autosave))

    def on_new(self) -> None:
        self.app.push("setup")

    def on_competition(self) -> None:
        """The teacher's competition set-up: teams, countries, timer, results folder."""
        self.app.push("competition")

    def on_hosting(self) -> None:
        self.app.goto("teacher")

    def on_join(self) -> None:
        """Join a class game hosted on the network (a team's device, or the teacher's)."""
        self.app.push("join")

    def on_load(self) -> None:
        self.app.push("load")

    def on_settings(self) -> None:
        self.app.push("settings")

    def on_help(self) -> None:
        self.app.push("help")

    def on_quit(self) -> None:
        self.app.running = False

    def on_language(self, value: str) -> None:
        self.app.settings.language = value
        self.app.apply_settings(rebuild_manager=False)

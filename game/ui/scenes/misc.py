"""Small screens: an error that could not be helped, and loading a saved game."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pygame

from game.rules.storage import StorageError
from game.session.extra import saved_summary
from game.ui.scene import Scene, escape
from game.ui.settings import saves_dir
from game.ui.text import language, turns_shown, ui


class ErrorScene(Scene):
    """A scenario or save that could not be opened: what is wrong, in the game, no traceback."""

    name = "error"

    def __init__(self, app, title: str, message: str):
        super().__init__(app)
        self.title = title
        self.message = message

    def build(self) -> None:
        top = self.top_bar(self.title)
        margin = self.px(24)
        self.label(pygame.Rect(margin, top + self.px(4), self.width - 2 * margin, self.px(26)),
                   ui("error.explain"), "#muted")
        self.textbox(pygame.Rect(margin, top + self.px(36), self.width - 2 * margin,
                                 self.height - top - self.px(120)),
                     escape(self.message).replace("\n", "<br>"), "#boxed")
        self.button(pygame.Rect(self.width - margin - self.px(220), self.height - self.px(70),
                                self.px(220), self.px(48)), ui("common.ok"), self.back, "#primary",
                    key="ok")


def save_summary(path: Path) -> dict | None:
    """What the load screen shows for a save file (checked, without replaying it), or None for
    a file that is not a save; a damaged save is listed as broken."""
    try:
        extra, scenario = saved_summary(path)
    except StorageError as error:
        if error.key == "not_a_save":
            return None
        return {"path": path, "broken": True, "modified": _modified(path)}
    title = extra.title.id if extra.title and language() == "id" else (
        extra.title.en if extra.title else "")
    return {"path": path, "broken": False, "modified": _modified(path),
            "title": title or scenario or "?",
            "turn": "?" if extra.turn is None else extra.turn,
            "last_turn": turns_shown({"hidden_end": extra.about_turns is not None,
                                      "announced_turns": extra.about_turns,
                                      "last_turn": extra.last_turn or "?"}),
            "finished": extra.finished, "humans": list(extra.humans)}


def _modified(path: Path) -> str:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    except OSError:
        return ""


class LoadScene(Scene):
    """The autosave and the saved games, newest first; or any save file by its path."""

    name = "load"

    def __init__(self, app):
        super().__init__(app)
        self.path_text = ""

    def saves(self) -> list[dict]:
        files = []
        if self.app.autosave.exists():
            files.append(self.app.autosave)
        folder = saves_dir()
        if folder.exists():
            files += sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        return [s for s in (save_summary(p) for p in files[:40]) if s is not None]

    def build(self) -> None:
        top = self.top_bar(ui("load.title"))
        margin = self.px(24)
        width = self.width - 2 * margin
        saves = self.saves()
        row = self.px(54)
        y = top + self.px(8)
        limit = self.height - self.px(140)
        if not saves:
            self.label(pygame.Rect(margin, y, width, self.px(30)), ui("load.none"), "#muted")
        for summary in saves:
            if y + row > limit:
                break
            if summary["broken"]:
                text = ui("load.broken", name=summary["path"].name)
            else:
                kind = ui("load.autosave") if summary["path"] == self.app.autosave else summary["path"].stem
                state = ui("load.finished") if summary["finished"] else ui(
                    "load.turn", turn=summary["turn"], turns=summary["last_turn"])
                text = f"{summary['title']}  ·  {state}  ·  {kind}  ·  {summary['modified']}"
            self.button(pygame.Rect(margin, y, width, row - self.px(8)), text,
                        (lambda p=summary["path"]: self.open(p)), "#item",
                        key=f"save:{summary['path'].name}")
            y += row
        y = self.height - self.px(120)
        self.label(pygame.Rect(margin, y, width, self.px(26)), ui("load.from_file"), "#muted")
        self.path_entry = self.entry(pygame.Rect(margin, y + self.px(30), width - self.px(170),
                                                 self.px(40)), self.path_text,
                                     ui("load.path_placeholder"))
        self.button(pygame.Rect(self.width - margin - self.px(160), y + self.px(30), self.px(160),
                                self.px(40)), ui("load.open"), self.on_open_path, "#primary",
                    key="open_path")

    def open(self, path: Path) -> None:
        self.app.busy(ui("busy.loading"), lambda: self.app.open_save(path))

    def on_open_path(self) -> None:
        text = self.path_entry.get_text().strip()
        self.path_text = text
        if text:
            self.open(Path(text).expanduser())

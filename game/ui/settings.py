"""The player's settings, remembered in the user's config folder, and where saves are kept.

Settings live in ``~/.config/diplomasi/settings.json`` (``$XDG_CONFIG_HOME`` if set; on Windows
``%APPDATA%``); saves, the autosave, exports and the user's own scenarios (``scenarios``) in
``~/.local/share/diplomasi`` (``$XDG_DATA_HOME``; on Windows ``%LOCALAPPDATA%``).
``DIPLOMASI_CONFIG_DIR`` and ``DIPLOMASI_DATA_DIR`` override both (tests and classroom machines
with a shared drive use them). Files are written atomically, and a
damaged settings file gives the defaults rather than an error.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from game.classroom.pin import is_pin_hash
from game.rules.storage import atomic_write_text

LANGUAGES = ("en", "id")
SCALES = (1.0, 1.5, 2.0)
APP_FOLDER = "diplomasi"


def config_dir() -> Path:
    override = os.environ.get("DIPLOMASI_CONFIG_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / APP_FOLDER
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / APP_FOLDER


def data_dir() -> Path:
    override = os.environ.get("DIPLOMASI_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / APP_FOLDER
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_FOLDER


def autosave_path() -> Path:
    return data_dir() / "autosave.json"


def saves_dir() -> Path:
    return data_dir() / "saves"


def exports_dir() -> Path:
    return data_dir() / "exports"


def user_scenarios_dir() -> Path:
    """The user's own scenarios: listed in the new-game screen next to the built-in ones."""
    return data_dir() / "scenarios"


@dataclass
class Settings:
    language: str = "en"
    scale: float = 1.0
    colour_blind: bool = False
    fullscreen: bool = False
    #: the short sounds when a deal is agreed or a promise broken (False: muted)
    sound: bool = True
    #: the teacher's profile on this computer: the PIN's salted hash ("" for none), asked before
    #: the teacher-only actions of games that have no PIN of their own.
    teacher_pin: str = ""

    def clean(self) -> Settings:
        """The settings with every value made valid (unknown values take the default)."""
        default = Settings()
        if self.language not in LANGUAGES:
            self.language = default.language
        try:
            scale = float(self.scale)
        except (TypeError, ValueError):
            scale = default.scale
        self.scale = min(SCALES, key=lambda s: abs(s - scale))
        self.colour_blind = bool(self.colour_blind)
        self.fullscreen = bool(self.fullscreen)
        self.sound = bool(self.sound)
        if not is_pin_hash(self.teacher_pin):
            self.teacher_pin = default.teacher_pin
        return self


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults if there are none or the file is damaged."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in data.items() if k in known}).clean()


def save_settings(settings: Settings, path: Path | None = None) -> str | None:
    """Write the settings atomically; the error message if they cannot be written."""
    try:
        atomic_write_text(path or settings_path(), json.dumps(asdict(settings), indent=1) + "\n")
    except OSError as error:
        return str(error)
    return None

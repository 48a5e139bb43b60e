"""Game logs and saves on disk: written atomically, read back with clear errors.

A game log is one JSON object a line: a header (scenario id, the hash of its file, the seed),
then every action, then a footer with the final state hash. A save is one JSON document that
holds the scenario's full text and the actions so far; loading replays them, so a save can
never disagree with the rules. Writes go to a temporary file in the same folder, then replace
the target in one step, so a crash never leaves a half-written file.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

from game.i18n import translate
from game.rules.actions import ActionFormatError
from game.rules.game import Game, IllegalAction, replay_actions
from game.scenario.loading import LoadedScenario, ScenarioError, load_text

LOG_FORMAT = "diplomasi-log"
SAVE_FORMAT = "diplomasi-save"
FORMAT_VERSION = 1
#: A save or log larger than this is not one of ours.
MAXIMUM_BYTES = 200 * 1024 * 1024


class StorageError(Exception):
    """A log or save that cannot be read or written, with the file and what to do.

    ``key`` names the message in the catalogs (``storage.<key>``), so the game can say it in the
    player's language; ``message`` is the English text (for the command line and logs)."""

    def __init__(self, path: str | Path, key: str, **values: Any):
        self.path = str(path)
        self.key = key
        self.values = values
        self.message = self.text("en")
        super().__init__(f"{path}: {self.message}")

    def text(self, language: str) -> str:
        """What is wrong and what to do, in ``language``."""
        return translate(f"storage.{self.key}", language, **self.values)


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8, ``\n`` line ends) to ``path`` all at once."""
    atomic_write_bytes(path, text.encode("utf-8"))


#: How a temporary file of ours is named: ``.<target name>.<process id>.<random>.tmp``.
_TEMPORARY_NAME = 100  # characters of the target's name kept, so that the name is never too long
#: A temporary file without a process id (older versions) is removed when it is this old.
_STALE_SECONDS = 600.0


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once: a temporary file in the same folder, flushed,
    then renamed over the target, with the permissions a new file would have. A crash leaves
    the old file or the new one, never half of one.

    Only a regular file is ever replaced: a link is followed (its target is written), and a
    folder or a special file (a device, a pipe) is refused with a StorageError (``-`` for
    standard output is the caller's). Temporary files that killed writes left beside the
    target are removed first."""
    target = Path(os.path.realpath(path)) if Path(path).is_symlink() else Path(path)
    try:
        status = target.stat()
    except FileNotFoundError:
        status = None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise StorageError(path, "folder")
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise StorageError(path, "special_file")
    target.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{target.name[:_TEMPORARY_NAME]}."
    remove_leftovers(target.parent, prefix)
    handle, temporary = tempfile.mkstemp(prefix=f"{prefix}{os.getpid()}.", suffix=".tmp",
                                         dir=target.parent)
    try:
        os.chmod(temporary, _file_mode(target))
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_leftovers(folder: Path, prefix: str) -> list[Path]:
    """Remove the temporary files of writes to one target (``prefix``) that were killed: those
    of a process that is gone (or, without a process id, older than ten minutes)."""
    removed = []
    try:
        candidates = [p for p in folder.iterdir()
                      if p.name.startswith(prefix) and p.name.endswith(".tmp")]
    except OSError:
        return removed
    for candidate in candidates:
        middle = candidate.name[len(prefix):-len(".tmp")]
        owner, dot, _ = middle.partition(".")
        try:
            if dot and owner.isdigit():
                if _alive(int(owner)):
                    continue
            elif time.time() - candidate.stat().st_mtime < _STALE_SECONDS:
                continue
            candidate.unlink()
            removed.append(candidate)
        except OSError:
            continue
    return removed


def _alive(process: int) -> bool:
    """Whether a process of that id exists (on Windows, assumed: no safe test there)."""
    if process == os.getpid():
        return True
    if os.name != "posix":
        return True
    try:
        os.kill(process, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _file_mode(target: Path) -> int:
    """The target's mode if it exists, else what a plain new file gets under the umask."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _read(path: str | Path) -> str:
    source = Path(path)
    if not source.exists():
        raise StorageError(path, "no_such_file")
    if source.is_dir():
        raise StorageError(path, "folder")
    if source.stat().st_size > MAXIMUM_BYTES:
        raise StorageError(path, "too_large")
    try:
        return source.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise StorageError(path, "not_utf8") from None
    except OSError as error:
        raise StorageError(path, "cannot_read", reason=error.strerror or str(error)) from None


# --- game logs -------------------------------------------------------------------------------

def log_lines(game: Game) -> list[dict[str, Any]]:
    """The game's log as records: header, actions, footer."""
    header = {
        "format": LOG_FORMAT,
        "version": FORMAT_VERSION,
        "scenario": game.scenario.scenario.id,
        "scenario_sha256": game.loaded.sha256,
        "scenario_source": game.loaded.source,
        "seed": game.seed,
        "turns": game.last_turn,
    }
    footer = {"final_state_hash": game.state_hash(), "turn": game.turn, "phase": game.phase.value}
    return [header, *game.log, footer]


def log_text(game: Game) -> str:
    """The game log as it is written: one JSON object a line."""
    return "".join(json.dumps(record, sort_keys=True) + "\n" for record in log_lines(game))


def write_log(game: Game, path: str | Path) -> None:
    """Write the game log (JSON lines) atomically."""
    atomic_write_text(path, log_text(game))


def read_log(path: str | Path) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any] | None]:
    """(header, actions, footer or None) of a log file; StorageError names the bad line."""
    records = []
    for number, line in enumerate(_read(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise StorageError(path, "log_line_not_json", line=number, error=error.msg) from None
        if not isinstance(record, dict):
            raise StorageError(path, "log_line_not_object", line=number)
        records.append(record)
    if not records or records[0].get("format") != LOG_FORMAT:
        raise StorageError(path, "not_a_log", format=LOG_FORMAT)
    header = records[0]
    _check_version(path, header)
    footer = records[-1] if len(records) > 1 and "final_state_hash" in records[-1] else None
    actions = records[1:-1] if footer else records[1:]
    return header, actions, footer


def _check_version(path: str | Path, record: dict[str, Any]) -> None:
    version = record.get("version")
    if not isinstance(version, int):
        raise StorageError(path, "no_version")
    if version > FORMAT_VERSION:
        raise StorageError(path, "newer_version", version=version, supported=FORMAT_VERSION)


def replay_log(path: str | Path, loaded: LoadedScenario) -> Game:
    """Rebuild the game of a log with its scenario; StorageError if it does not fit."""
    header, records, _ = read_log(path)
    if header.get("scenario_sha256") != loaded.sha256:
        raise StorageError(path, "other_scenario", source=loaded.source)
    seed = header.get("seed")
    if not isinstance(seed, int):
        raise StorageError(path, "no_seed")
    return _replay(path, loaded, seed, records, header.get("turns"))


def _replay(path: str | Path, loaded: LoadedScenario, seed: int, records: list[dict[str, Any]],
            turns: Any) -> Game:
    try:
        return replay_actions(loaded, seed, records, turns if isinstance(turns, int) else None)
    except ActionFormatError as error:
        raise StorageError(path, "damaged_action", error=str(error)) from None
    except IllegalAction as error:
        raise StorageError(path, "illegal_action", error=str(error)) from None


# --- saves ------------------------------------------------------------------------------------

def save_game(game: Game, path: str | Path, extra: dict[str, Any] | None = None) -> None:
    """Save a game (scenario text and actions) atomically; ``extra`` is kept for the UI."""
    document = {
        "format": SAVE_FORMAT,
        "version": FORMAT_VERSION,
        "scenario": {
            "id": game.scenario.scenario.id,
            "source": game.loaded.source,
            "sha256": game.loaded.sha256,
            "text": game.loaded.text,
        },
        "seed": game.seed,
        "turns": game.last_turn,
        "actions": game.log,
        "state_hash": game.state_hash(),
        "extra": extra or {},
    }
    atomic_write_text(path, json.dumps(document, indent=1, sort_keys=True) + "\n")


def load_game(path: str | Path) -> tuple[Game, dict[str, Any]]:
    """(game, extra) from a save; StorageError with what is wrong and nothing else touched."""
    try:
        document = json.loads(_read(path))
    except json.JSONDecodeError as error:
        raise StorageError(path, "save_not_json", line=error.lineno, column=error.colno) from None
    if not isinstance(document, dict) or document.get("format") != SAVE_FORMAT:
        raise StorageError(path, "not_a_save")
    _check_version(path, document)
    scenario = document.get("scenario")
    actions = document.get("actions")
    seed = document.get("seed")
    if not isinstance(scenario, dict) or not isinstance(scenario.get("text"), str):
        raise StorageError(path, "no_scenario_text")
    if not isinstance(actions, list) or not isinstance(seed, int):
        raise StorageError(path, "no_actions")
    try:
        loaded = load_text(scenario["text"], str(scenario.get("source", path)))
    except ScenarioError as error:
        raise StorageError(path, "invalid_scenario", report=error.report()) from None
    game = _replay(path, loaded, seed, actions, document.get("turns"))
    if document.get("state_hash") not in (None, game.state_hash()):
        raise StorageError(path, "state_differs")
    extra = document.get("extra")
    return game, extra if isinstance(extra, dict) else {}

"""Game logs and saves on disk: written atomically, read back with clear errors.

A game log is one JSON object a line: a header (scenario id, the hash of its file, the seed),
then every action, then a footer with the final state hash. A save is one JSON document that
holds the scenario's full text and the actions so far; loading replays them, so a save can
never disagree with the rules. Writes go to a temporary file in the same folder, then replace
the target in one step, so a crash never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import stat
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from game.i18n import translate
from game.rules import actions as act
from game.rules import encoding, stored
from game.rules.actions import ActionFormatError
from game.rules.game import REFUSED, Game, IllegalAction
from game.scenario.loading import LoadedScenario, ScenarioError, load_text

LOG_FORMAT = "diplomasi-log"
SAVE_FORMAT = "diplomasi-save"
#: Format 2 hashes the game's length, seed and scenario in the state hash; saves and logs of
#: format 1 are still read, checked with the old hash (``legacy``). Format 3 (this version) is
#: the state of the welfare-centred model (issue 13). A file of an older format whose actions
#: replay but not to the hash it recorded was made by an older model: it is refused with the
#: ``convert`` command that replays it under this one (``game.rules.conversion``). A change of
#: the model that changes the state hash of the same actions raises this number again.
FORMAT_VERSION = 3
#: A save or log larger than this is not one of ours.
MAXIMUM_BYTES = stored.MAXIMUM_BYTES


class StorageError(Exception):
    """A log or save that cannot be read or written, with the file and what to do.

    ``key`` names the message in the catalogs (``storage.<key>``), so the game can say it in the
    player's language; ``message`` is the English text (for the command line and logs)."""

    def __init__(self, path: str | Path, key: str, **values: Any):
        self.path = str(path)
        self.key = key
        self.values = {name: stored.shown(value) for name, value in values.items()}
        self.message = self.text("en")
        super().__init__(f"{path}: {self.message}")

    def text(self, language: str) -> str:
        """What is wrong and what to do, in ``language``."""
        return translate(f"storage.{self.key}", language, **self.values)

    @property
    def convertible(self) -> bool:
        """Whether the file was made by an older version and ``convert`` can bring it up to
        date (its actions replay, only its recorded state differs)."""
        return self.key in CONVERTIBLE

    def moved(self, path: str | Path) -> StorageError:
        """The same refusal about the file now at ``path`` (a set-aside autosave): the command
        it offers names the new place."""
        values = dict(self.values)
        if "command" in values:
            values["command"] = convert_command(path, self.values.get("scenario_option", ""))
        return StorageError(path, self.key, **values)


#: The refusals of files made by an older version, which ``convert`` brings up to date.
CONVERTIBLE = frozenset({"older_version_save", "older_version_log"})


def convert_command(path: str | Path, scenario_option: str = "") -> str:
    """The command that converts the file at ``path`` (``scenario_option``: `` --scenario X``
    where a log's scenario is not where its header says)."""
    return f"python3 run_game.py convert {shlex.quote(str(path))}{scenario_option}"


def atomic_write_text(path: str | Path, text: str, flush: bool = True) -> None:
    """Write ``text`` (UTF-8, ``\n`` line ends) to ``path`` all at once (``flush``: as
    ``atomic_write_bytes``)."""
    atomic_write_bytes(path, text.encode("utf-8"), flush)


#: How a temporary file of ours is named: ``.<target name>.<process id>.<random>.tmp``.
_TEMPORARY_NAME = 100  # characters of the target's name kept, so that the name is never too long
#: A temporary file without a process id (older versions) is removed when it is this old.
_STALE_SECONDS = 600.0


def atomic_write_bytes(path: str | Path, data: bytes, flush: bool = True,
                       replace: Callable[[str, Path], Any] | None = None) -> None:
    """Write ``data`` to ``path`` all at once: a temporary file in the same folder, flushed,
    then renamed over the target, with the permissions a new file would have. A crash leaves
    the old file or the new one, never half of one. ``flush=False`` leaves the flush to disk to
    the operating system (``flush_to_disk`` later): a process killed after the write loses
    nothing, only a power cut or a crash of the system may leave the old file.

    Only a regular file is ever replaced: a link is followed (its target is written), and a
    folder or a special file (a device, a pipe) is refused with a StorageError (``-`` for
    standard output is the caller's). Temporary files that killed writes left beside the
    target are removed first. ``replace(temporary, target)`` puts the written file in its place
    (``os.replace``; the window's autosave does it under its own lock, ``game.session.autosave``)."""
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
            if flush:
                os.fsync(file.fileno())
        if replace is None:
            os.replace(temporary, target)
        else:
            replace(temporary, target)
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
    """The file's text after the checks on its bytes (size, nesting, UTF-8)."""
    source = Path(path)
    try:
        if not source.exists():
            raise StorageError(path, "no_such_file")
        if source.is_dir():
            raise StorageError(path, "folder")
        with source.open("rb") as file:
            data = file.read(stored.MAXIMUM_BYTES + 1)
    except OSError as error:
        raise StorageError(path, "cannot_read", reason=error.strerror or str(error)) from None
    except ValueError as error:  # a path with a NUL character
        raise StorageError(path, "cannot_read", reason=str(error)) from None
    try:
        stored.check_bytes(data)
    except stored.Refusal as refusal:
        raise StorageError(path, refusal.key, **refusal.values) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise StorageError(path, "not_utf8") from None


def _checked(path: str | Path, model: type, data: Any, prefix: tuple = ()) -> Any:
    try:
        return stored.checked(model, data, prefix)
    except stored.Refusal as refusal:
        raise StorageError(path, refusal.key, **refusal.values) from None


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
        "turns": game.rules_of_play.turns,
        **hidden_end_field(game),
    }
    return [header, *game.log, log_footer(game)]


def hidden_end_field(game: Game) -> dict[str, bool]:
    """``{"hidden_end": True}`` for a game whose end is hidden (its ``turns`` are then the
    announced length, and the end is drawn again from the seed on loading); nothing otherwise,
    so that the files of other games are what they were."""
    return {"hidden_end": True} if game.rules_of_play.hidden_end else {}


def log_text(game: Game) -> str:
    """The game log as it is written: one JSON object a line (the actions' lines as the game
    keeps them encoded: the log is not encoded again at every write)."""
    header, *_, footer = log_lines(game)
    lines = [encoding.dumps(header), *game.encoded_log(), encoding.dumps(footer)]
    return "\n".join(lines) + "\n"


def write_log(game: Game, path: str | Path) -> None:
    """Write the game log (JSON lines) atomically."""
    atomic_write_text(path, log_text(game))


class LogAppender:
    """The game log of one game kept in ``path`` by appending: the first write writes it whole
    (atomically, flushed to disk), each later one only the records added since and the new
    footer (over the old footer), one small write instead of the whole log. A game whose log
    got shorter (none does), or a file changed by someone else, is written whole again.

    The later writes are not flushed to disk: the log is a record of the game derived from it,
    and the save (written atomically and flushed before a move is acknowledged) is what a
    restarted host resumes from; it writes the log whole again from the save. A process killed
    between the two steps of an append loses nothing either (the operating system keeps what was
    written); only a power cut may leave a log to be rewritten that way."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._records = -1  # action records on disk
        self._footer_at = 0  # byte offset of the footer's line
        self._size = -1  # the file's size after our last write

    def write(self, game: Game) -> None:
        lines = game.encoded_log()
        footer = (encoding.dumps(log_footer(game)) + "\n").encode("utf-8")
        if 0 <= self._records <= len(lines) and self._unchanged():
            added = "".join(line + "\n" for line in lines[self._records:]).encode("utf-8")
            with open(self.path, "r+b") as file:  # OSError as atomic_write_bytes raises it
                file.seek(self._footer_at)
                file.write(added + footer)
                file.truncate()
            self._footer_at += len(added)
        else:
            text = log_text(game).encode("utf-8")
            atomic_write_bytes(self.path, text)
            self._footer_at = len(text) - len(footer)
        self._records = len(lines)
        self._size = self._footer_at + len(footer)

    def _unchanged(self) -> bool:
        try:
            return self.path.stat().st_size == self._size
        except OSError:
            return False


def log_footer(game: Game) -> dict[str, Any]:
    """The game log's last record: the state's hash, the turn and the phase it ends at."""
    return {"final_state_hash": game.state_hash(), "turn": game.turn, "phase": game.phase.value}


def read_log(path: str | Path) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any] | None]:
    """(header, actions, footer or None) of a log file; StorageError names the bad line."""
    return _parsed_log(path)[:3]


def _parsed_log(path: str | Path) -> tuple[dict[str, Any], list[dict[str, Any]],
                                           dict[str, Any] | None, list[int]]:
    """read_log's answer and the line of each record."""
    records, lines = _log_records(path)
    if not records or not isinstance(records[0], dict) or records[0].get("format") != LOG_FORMAT:
        raise StorageError(path, "not_a_log", format=LOG_FORMAT)
    header = records[0]
    _check_version(path, header)
    _checked(path, stored.LogHeader, header, (f"line {lines[0]}",))
    footer = records[-1] if len(records) > 1 and "final_state_hash" in records[-1] else None
    if footer is not None:
        _checked(path, stored.LogFooter, footer, (f"line {lines[-1]}",))
    actions = records[1:-1] if footer else records[1:]
    return header, actions, footer, lines


def _log_records(path: str | Path) -> tuple[list[dict[str, Any]], list[int]]:
    """The log's JSON objects and the line each is on (blank lines skipped)."""
    records, lines = [], []
    for number, line in enumerate(_read(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = stored.parse_json(line)
        except ValueError as error:
            reason = getattr(error, "msg", str(error))
            raise StorageError(path, "log_line_not_json", line=number, error=reason) from None
        if not isinstance(record, dict):
            raise StorageError(path, "log_line_not_object", line=number)
        records.append(record)
        lines.append(number)
    return records, lines


def _check_version(path: str | Path, record: dict[str, Any]) -> None:
    version = record.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise StorageError(path, "no_version")
    if version > FORMAT_VERSION:
        raise StorageError(path, "newer_version", version=version, supported=FORMAT_VERSION)
    if version < 1:
        raise StorageError(path, "field_too_small", place="version", found=version, bound=1)


def replay_log(path: str | Path, loaded: LoadedScenario) -> Game:
    """Rebuild the game of a log with its scenario and check that it reaches the state the
    log's footer recorded; StorageError if it does not fit, or if the footer is missing (a
    log cut short or edited cannot be checked)."""
    game, header, footer = replayed_log(path, loaded)
    if footer["final_state_hash"] == game.state_hash(legacy=header.version < 2):
        return game
    if header.version < FORMAT_VERSION:
        given = loaded.source != header.scenario_source
        option = f" --scenario {shlex.quote(loaded.source)}" if given else ""
        raise StorageError(path, "older_version_log", version=header.version,
                           supported=FORMAT_VERSION, command=convert_command(path, option),
                           scenario_option=option)
    raise StorageError(path, "log_state_differs", place=f"line {footer['line']}")


def replayed_log(path: str | Path, loaded: LoadedScenario
                 ) -> tuple[Game, stored.LogHeader, dict[str, Any]]:
    """(game, header, footer with its ``line``) of a log replayed with its scenario, without
    comparing the state it reaches to the footer's; StorageError if the log is damaged, has no
    footer, belongs to another scenario or holds an action the rules refuse."""
    header, actions, footer, lines = _parsed_log(path)
    if footer is None:
        raise StorageError(path, "no_footer")
    header_model = stored.LogHeader.model_validate(header)
    if header_model.scenario_sha256 != loaded.sha256:
        raise StorageError(path, "other_scenario", source=loaded.source)
    places = [f"line {number}" for number in lines[1:-1]]
    game = _replay(path, loaded, header_model.seed, actions, header_model.turns, places,
                   header_model.hidden_end)
    return game, header_model, {**footer, "line": lines[-1]}


def _replay(path: str | Path, loaded: LoadedScenario, seed: int, records: list[dict[str, Any]],
            turns: int | None, places: list[str], hidden_end: bool = False) -> Game:
    """The game rebuilt from ``records``; StorageError naming the first action that is
    damaged or that the rules refuse (``places``: where each record is in the file)."""
    try:
        game = Game(loaded, seed, turns, hidden_end=hidden_end)
    except (ValueError, TypeError, OverflowError) as error:
        raise StorageError(path, "damaged_action", place="seed", error=str(error)) from None
    for place, record in zip(places, records, strict=True):
        if record.get("type") != REFUSED:
            apply_record(path, place, game, record)
    return game


def apply_record(path: str | Path, place: str, game: Game, record: dict[str, Any]) -> None:
    """One action record of a file (a log, a save, the autosave's journal) applied to ``game``;
    StorageError naming the file and the place when it is damaged or the rules refuse it."""
    try:
        game.apply(act.action_from_dict(record))
    except ActionFormatError as error:
        raise StorageError(path, "damaged_action", place=place, error=str(error)) from None
    except IllegalAction as error:
        raise StorageError(path, "illegal_action", place=place, error=str(error)) from None
    except (ValueError, TypeError, KeyError, OverflowError, ArithmeticError) as error:
        raise StorageError(path, "damaged_action", place=place,
                           error=f"{type(error).__name__}: {error}"[:300]) from None


# --- saves ------------------------------------------------------------------------------------

def save_game(game: Game, path: str | Path, extra: dict[str, Any] | None = None,
              flush: bool = True) -> None:
    """Save a game (scenario text and actions) atomically; ``extra`` is kept for the UI
    (``flush``: as ``atomic_write_bytes``)."""
    atomic_write_text(path, save_text(game, extra), flush)


def flush_to_disk(path: str | Path) -> None:
    """Make what was written to ``path`` (and its name in its folder) survive a power cut."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
    with contextlib.suppress(OSError):  # a folder cannot be opened on some systems
        folder = os.open(Path(path).parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def save_text(game: Game, extra: dict[str, Any] | None = None) -> str:
    """A save's text: one JSON document, the actions one a line as the game keeps them encoded
    (only the rest, a few kilobytes and the scenario's text, is encoded at every save)."""
    return joined_save_text(save_rest(game, extra), game.encoded_log())


def save_rest(game: Game, extra: dict[str, Any] | None = None) -> str:
    """The save's document but its actions, encoded (with the state hash of the game now): with
    the encoded actions so far, all a save needs (``joined_save_text``), so that a save can be
    taken in a moment and written later (``game.session.autosave``)."""
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
        "turns": game.rules_of_play.turns,
        **hidden_end_field(game),
        "state_hash": game.state_hash(),
        "extra": extra or {},
    }
    return json.dumps(document, indent=1, sort_keys=True)


def joined_save_text(rest: str, actions: Sequence[str]) -> str:
    """A save's text from ``save_rest`` and the actions' encoded lines ("actions" sorts before
    every other key of the document)."""
    joined = ",\n  ".join(actions)
    joined = f"[\n  {joined}\n ]" if joined else "[]"
    return '{\n "actions": ' + joined + ",\n" + rest[2:] + "\n"


def _save_document(path: str | Path) -> dict[str, Any]:
    """The save's JSON object, its format and version checked; StorageError otherwise."""
    text = _read(path)
    try:
        document = stored.parse_json(text)
    except json.JSONDecodeError as error:
        raise StorageError(path, "save_not_json", line=error.lineno, column=error.colno) from None
    except ValueError as error:  # NaN, Infinity, a number of thousands of digits
        raise StorageError(path, "save_bad_value", error=str(error)[:200]) from None
    if not isinstance(document, dict) or document.get("format") != SAVE_FORMAT:
        raise StorageError(path, "not_a_save")
    _check_version(path, document)
    return document


def read_save(path: str | Path) -> stored.SaveFile:
    """A save checked without replaying it (for lists of saves: fast); StorageError if it is
    damaged or not a save (key ``not_a_save``)."""
    return _checked(path, stored.SaveFile, _save_document(path))


def load_game(path: str | Path) -> tuple[Game, dict[str, Any]]:
    """(game, extra) from a save; StorageError with what is wrong and nothing else touched (a
    save of an older version whose actions replay: the ``convert`` command that fixes it)."""
    game, save = replayed_save(path)
    if save.state_hash == game.state_hash(legacy=save.version < 2):
        return game, dict(save.extra)
    if save.version < FORMAT_VERSION:
        raise StorageError(path, "older_version_save", version=save.version,
                           supported=FORMAT_VERSION, command=convert_command(path))
    raise StorageError(path, "state_differs", place="state_hash")


def replayed_save(path: str | Path) -> tuple[Game, stored.SaveFile]:
    """(game, save) of a save replayed, without comparing the state it reaches to the one it
    recorded; StorageError if the save is damaged or holds an action the rules refuse."""
    document = _save_document(path)
    if not isinstance(document.get("scenario"), dict):
        raise StorageError(path, "no_scenario_text")
    scenario = _checked(path, stored.SavedScenario, document["scenario"], ("scenario",))
    try:  # the scenario first: whether the rest fits depends on it
        loaded = load_text(scenario.text, str(path))
    except ScenarioError as error:
        raise StorageError(path, "invalid_scenario", report=error.report()) from None
    save = _checked(path, stored.SaveFile, document)
    loaded = LoadedScenario(loaded.scenario, scenario.source or str(path), loaded.text,
                            loaded.sha256)
    places = [f"actions[{k}]" for k in range(len(save.actions))]
    return _replay(path, loaded, save.seed, save.actions, save.turns, places,
                   save.hidden_end), save


def file_kind(path: str | Path) -> str:
    """``"log"`` if the file's first line is a game log's header, else ``"save"`` (whether it
    really is one is for the reading to say)."""
    for line in _read(path).splitlines():
        if line.strip():
            try:
                first = stored.parse_json(line)
            except ValueError:
                return "save"
            is_log = isinstance(first, dict) and first.get("format") == LOG_FORMAT
            return "log" if is_log else "save"
    return "save"

"""The window's autosave as a snapshot and a journal of what changed (issue 17).

The window autosaves after every click so that a crash never loses the class's work. Written
whole, the save grew from 0.4 MB at the first turn of ``world`` to 3 MB at the twelfth, and so
did the click's wait. Instead, as the class host does with its moves (``game.net.journal``,
issue 14), the window's session (``Session.autosave_journal``) keeps:

* **the snapshot**, the autosave file itself: an ordinary whole save (``save_game``'s format)
  whose ``extra`` names its journal (``"journal": {"token", "at"}``: the chain it starts and
  the length of the game log it holds);
* **the journal** beside it (``autosave.journal.jsonl``, ``journal_path``): a first line naming
  the snapshot it follows (``{"kind": "snapshot", "token", "at"}``), then one line per autosave
  (``{"kind": "change", "at", "actions", "extra"}``): the game log's records added since the
  line before (encoded once, as the game keeps them) and the session's saved fields as they
  are now (humans, seen offers, classroom and timer, the computers' reasons). One write a
  click, flushed to disk before the click returns (``Journal``, durable); never the whole game.

The snapshot is taken again once a turn (and when the game ends, and every ``SNAPSHOT_EVERY``
lines), away from the clicks where it can be: a session that prepares the computers' next
stretch (``game.session.ahead``) takes it at the end of the preparation, while the player
reads (after the batch, so that a click that comes early waits for the batch alone); a click
that plays the opening rounds itself (the player clicked "start diplomacy" at once) takes it
too (it waits over a second for the rounds anyway). Taking it is the state hash,
the session's fields and the scenario's text encoded (``save_rest``) and the encoded actions
listed; a thread of its own joins and writes them (to a temporary file, flushed, renamed over
the snapshot) and then writes the journal again with only the lines that came after (written
to a temporary file and renamed too). A session that does not prepare takes and writes it on
the click. A crash at any moment leaves a snapshot and a journal that together hold every
click whose line was written whole: lines already in the snapshot are passed over by their
``at``.

``load_autosave`` reads the snapshot (checked as every save is) and replays the journal's
actions on it; the last line's fields are the session's. A last line cut off by a crash is left
out with a note (``StorageError`` not raised: the click it recorded is lost, nothing else); a
damaged line before it, an action the rules refuse, or a stretch missing is a clear
``StorageError`` naming the journal. A journal of another chain (a new game's snapshot written,
its journal not yet) is not this snapshot's and is passed over.

Before writing a line the saver checks that the snapshot and the journal are still the ones it
wrote (their size and time of change): if anything else wrote them (another session of the
window on the same path: a reloaded game, a game brought back), it writes a whole snapshot
first. Writing over a path waits for a snapshot of any session still being written there.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.rules.game import REFUSED, Game
from game.rules.storage import (
    StorageError,
    apply_record,
    atomic_write_bytes,
    atomic_write_text,
    flush_to_disk,
    joined_save_text,
    load_game,
    save_rest,
)
from game.session.ahead import READING_STARTS
from game.session.journal import BAD_LINE, CUT_OFF, NO_END, Journal, journal_records

if TYPE_CHECKING:
    from game.session.session import Session

#: The snapshot is taken again after this many journal lines even within a turn (hot-seat
#: games with many players); twice as many, or two turns, and it is taken on the click.
SNAPSHOT_EVERY = 40
#: The key of a snapshot's ``extra`` that names its journal (not a session field).
CHAIN = "journal"


def journal_path(path: str | Path) -> Path:
    """The journal beside the snapshot ``path``: ``autosave.json`` → ``autosave.journal.jsonl``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.journal.jsonl")


def _identity(path: Path) -> tuple[int, int, int] | None:
    """What tells whether a file was written again: its inode, size and time of change."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


#: The snapshots being written, per path, by any session (a new writer waits for them).
_writing: dict[Path, threading.Thread] = {}
_writing_lock = threading.Lock()


def _wait_for_writes(path: Path) -> None:
    with _writing_lock:
        thread = _writing.get(path)
    if thread is not None and thread is not threading.current_thread():
        thread.join()


class Autosaver:
    """One session's autosave as a snapshot and a journal (see the module); its methods are
    called under the session's lock."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.path: Path | None = None
        #: the chain of this saver's snapshots and journal lines
        self.token = secrets.token_hex(8)
        self.journal: Journal | None = None
        #: records of the game log the snapshot and the journal hold
        self.written = 0
        #: the turn and end of the game when the last snapshot was taken
        self.taken: tuple[int, bool] | None = None
        #: the journal's lines written since the last snapshot was taken (kept by the journal
        #: written again after it)
        self._since: list[str] = []
        self._snapshot: tuple[int, int, int] | None = None
        self._journal_size = -1
        self._thread: threading.Thread | None = None
        #: a snapshot to be taken a moment after the click (the game's end), and whether the
        #: window left the session (``settle``: nothing taken in the background until the next
        #: autosave)
        self._waiting: threading.Thread | None = None
        self.settled = False
        #: why the last snapshot written in the background failed, if it did
        self.error: str | None = None
        #: (what, seconds) of each step, for the benchmark: "line", "take", "write", "whole"
        self.took: list[tuple[str, float]] = []

    # --- on the click ------------------------------------------------------------------------
    def record(self, session: Session, take: bool) -> None:
        """The autosave after a click: a line in the journal (a whole snapshot instead if there
        is none of this saver's at the session's path); then the snapshot taken if it is due
        and ``take`` (else left for ``take_if_due``), or written on the click if it is overdue.
        OSError if the line or a snapshot on the click cannot be written."""
        path = session.autosave_path
        assert path is not None
        game = session.game
        with self.lock:
            self.settled = False
            if self._own(path) and len(game.encoded_log()) >= self.written:
                start = time.perf_counter()
                self._line(session)
                self.took.append(("line", time.perf_counter() - start))
                if not self._overdue(game):
                    if self._due(game):
                        if take:
                            self._take(session, background=session.preparing)
                        elif game.finished:  # no preparation follows the end: a moment later
                            self._later(session)
                    return
        # a whole snapshot on the click, after any still being written at this path (without
        # the saver's lock: the writing thread takes it to put its snapshot in place)
        self._wait_writer()
        _wait_for_writes(path)
        with self.lock:
            self._whole(session, path)

    def take_if_due(self, session: Session) -> None:
        """The snapshot taken now if it is due (the preparation, while the player reads; under
        the session's lock); not once the session was ``settle``d (left by the window) until
        its next autosave."""
        with self.lock:
            path = session.autosave_path
            if (self.settled or path is None or not self._own(path)
                    or not self._due(session.game)):
                return
            if len(session.game.encoded_log()) != self.written:
                self._line(session)
            self._take(session, background=True)

    def settle(self) -> None:
        """Until the snapshot being taken or written (if any) is on disk, and no snapshot taken
        in the background after it until the next autosave (the window leaves the session:
        another game may write the same path). Never under the session's lock (a snapshot due
        at the game's end is taken under it)."""
        later = self._waiting
        if later is not None and later is not threading.current_thread():
            later.join()
        with self.lock:  # a take under way in the preparation has started its writer, or sees this
            self.settled = True
        self._wait_writer()

    def _wait_writer(self) -> None:
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def _later(self, session: Session) -> None:
        """The snapshot taken a moment after the click (``READING_STARTS``), under the
        session's lock, if still due."""
        def run() -> None:
            time.sleep(READING_STARTS)
            with session.lock:
                try:
                    self.take_if_due(session)
                except OSError as error:
                    self.error = str(error)

        thread = threading.Thread(target=run, daemon=True, name="diplomasi-snapshot-later")
        self._waiting = thread
        thread.start()

    def take_error(self) -> str | None:
        """Why the last snapshot written in the background failed (once), or None."""
        with self.lock:
            error, self.error = self.error, None
            return error

    # --- inside -----------------------------------------------------------------------------
    def _own(self, path: Path) -> bool:
        """Whether the snapshot and the journal at ``path`` are the ones this saver wrote."""
        return (path == self.path and self.journal is not None
                and self._snapshot is not None and _identity(path) == self._snapshot
                and self.journal.size() == self._journal_size)

    def _due(self, game: Game) -> bool:
        if self.journal is None or (self._thread is not None and self._thread.is_alive()):
            return False  # one snapshot at a time: the next chance takes it
        return (self.taken != (game.turn, game.finished)
                or self.journal.lines > SNAPSHOT_EVERY)

    def _overdue(self, game: Game) -> bool:
        if self.journal is None or self.taken is None:
            return True
        return game.turn - self.taken[0] >= 2 or self.journal.lines > 2 * SNAPSHOT_EVERY

    def _line(self, session: Session) -> None:
        """The records added since the last line, and the session's fields, as one line."""
        assert self.journal is not None
        lines = session.game.encoded_log()
        extra = json.dumps(session.extra(), separators=(",", ":"), sort_keys=True)
        text = (f'{{"actions":[{",".join(lines[self.written:])}],"at":{self.written},'
                f'"extra":{extra},"kind":"change"}}')
        try:
            self.journal.append_line(text)
        except OSError:  # perhaps half a line: the next autosave writes a whole snapshot
            self._snapshot = None
            with contextlib.suppress(OSError):
                self.journal.close()
            raise
        self.written = len(lines)
        self._since.append(text)
        self._journal_size = self.journal.size()

    def _take(self, session: Session, background: bool) -> None:
        """The snapshot of the game as it is now, written in a thread of its own
        (``background``) or now."""
        path = session.autosave_path
        assert path is not None
        start = time.perf_counter()
        game = session.game
        at = self.written
        extra = {**session.extra(), CHAIN: {"token": self.token, "at": at}}
        rest = save_rest(game, extra)
        actions = list(game.encoded_log()[:at])
        self.taken = (game.turn, game.finished)
        self._since = []
        flush = session.autosave_flush
        self.took.append(("take", time.perf_counter() - start))
        if not background:
            self._write(path, rest, actions, at, flush)
            return
        thread = threading.Thread(target=self._write_aside, args=(path, rest, actions, at, flush),
                                  daemon=True, name="diplomasi-snapshot")
        with _writing_lock:
            _writing[path] = thread
        self._thread = thread
        thread.start()

    def _whole(self, session: Session, path: Path) -> None:
        """A whole snapshot on the click, and a journal that starts after it (the first of this
        saver, or the files were written by someone else)."""
        if path != self.path or self.journal is None:
            if self.journal is not None:
                with contextlib.suppress(OSError):
                    self.journal.close()
            self.path = path
            self.journal = Journal(journal_path(path), durable=session.autosave_flush)
        self._snapshot = None  # until the snapshot is written: a failure writes it whole again
        self.written = len(session.game.encoded_log())
        start = time.perf_counter()
        self._take(session, background=False)
        self.took.append(("whole", time.perf_counter() - start))

    def _write_aside(self, path: Path, rest: str, actions: list[str], at: int,
                     flush: bool) -> None:
        try:
            self._write(path, rest, actions, at, flush)
        except (OSError, StorageError) as error:  # said at the next click; the journal holds all
            with self.lock:
                self.error = str(error)
        finally:
            with _writing_lock:
                if _writing.get(path) is threading.current_thread():
                    del _writing[path]

    def _write(self, path: Path, rest: str, actions: list[str], at: int, flush: bool) -> None:
        """The snapshot written over ``path`` (temporary file, flushed, renamed), then, under
        the saver's lock, the journal written again with the lines that came after it."""
        start = time.perf_counter()
        data = joined_save_text(rest, actions).encode("utf-8")

        def replace(temporary: str, target: Path) -> None:
            with self.lock:
                os.replace(temporary, target)
                if flush:  # the new name is on disk before the journal forgets what it holds
                    flush_to_disk(target)
                self._snapshot = _identity(target)
                header = json.dumps({"at": at, "kind": "snapshot", "token": self.token},
                                    separators=(",", ":"), sort_keys=True)
                assert self.journal is not None
                self.journal.replace([header, *self._since],
                                     lambda p, text: atomic_write_text(p, text, flush))
                self._journal_size = self.journal.size()

        atomic_write_bytes(path, data, flush, replace=replace)
        self.took.append(("write", time.perf_counter() - start))


def load_autosave(path: str | Path) -> tuple[Game, dict[str, Any], Path, StorageError | None]:
    """(game, the session's saved fields, the file they came from, a note) of the save at
    ``path`` with its journal replayed (see the module; a save without a journal: the save
    alone). The note (not raised) says a last line was cut off and left out; StorageError names
    the file that cannot be read."""
    path = Path(path)
    game, extra = load_game(path)
    chain = extra.pop(CHAIN, None)
    journal = journal_path(path)
    if not isinstance(chain, dict) or not journal.exists():
        return game, extra, path, None
    records, problem = journal_records(journal)
    note = None
    if problem is not None:
        if problem.kind in (CUT_OFF, NO_END):
            note = StorageError(journal, "journal_cut_off", line=problem.line)
        elif problem.kind == BAD_LINE:
            raise StorageError(journal, "journal_line_damaged", line=problem.line,
                               error=problem.error[:200])
        else:
            raise StorageError(journal, "cannot_read", reason=problem.error)
    header = records[0][1] if records else {}
    if header.get("kind") != "snapshot" or header.get("token") != chain.get("token"):
        return game, extra, path, None  # another chain's journal: not this snapshot's
    position = chain.get("at")
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise StorageError(path, "field_wrong", place=f"extra.{CHAIN}.at", found=position)
    source = path
    for number, record in records[1:]:
        place = f"line {number}"
        at, added, fields = record.get("at"), record.get("actions"), record.get("extra")
        if (record.get("kind") != "change" or not isinstance(at, int) or isinstance(at, bool)
                or at < 0 or not isinstance(added, list) or not isinstance(fields, dict)):
            raise StorageError(journal, "journal_line_damaged", line=number,
                               error="not a journal line")
        if at > position:
            raise StorageError(journal, "journal_gap", line=number, at=at, held=position)
        for entry in added[position - at:]:
            _apply(journal, place, game, entry)
        position = max(position, at + len(added))
        extra, source = fields, journal
    return game, extra, source, note


def _apply(journal: Path, place: str, game: Game, entry: Any) -> None:
    """One record of the journal applied to ``game`` (a refusal recorded as the game had it)."""
    if not isinstance(entry, dict):
        raise StorageError(journal, "damaged_action", place=place, error="not a JSON object")
    if entry.get("type") == REFUSED:
        game.log.append(entry)
        return
    apply_record(journal, place, game, entry)

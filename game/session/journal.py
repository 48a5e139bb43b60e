"""A journal file: JSON lines appended one at a time, each written out in one ``write`` (and, if
``durable``, flushed to disk) before the caller goes on, read back with a line cut off by a crash
left out. Shared by the class host's journal of acknowledged moves (``game.net.journal``, issue 14)
and the window's autosave journal (``game.session.autosave``, issue 17): both append what changed
instead of writing the whole save again, and write the whole save now and then.

A process killed while writing a line leaves it cut off (no newline at its end): what it
recorded was never confirmed to anyone, so the reader leaves it out and says so
(``JournalProblem``); a damaged line before the last one stops the reading there.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

#: What a journal's reader found wrong: the last line cut off (left out), a line that is not a
#: JSON object (reading stopped there), the file unreadable (nothing read).
CUT_OFF = "cut_off"
NO_END = "no_end"
BAD_LINE = "bad_line"
UNREADABLE = "unreadable"


class Journal:
    """One journal file, appended line by line (see the module)."""

    def __init__(self, path: Path, durable: bool = False):
        self.path = path
        #: whether each line is flushed to disk before ``append`` returns (the window's
        #: autosave; the class host leaves that to the system and saves whole at each phase)
        self.durable = durable
        self.lines = 0
        self._file: TextIO | None = None

    def append(self, record: dict[str, Any]) -> None:
        """One record as a line, out to the operating system before returning (OSError if it
        cannot)."""
        self.append_line(json.dumps(record, separators=(",", ":"), sort_keys=True))

    def append_line(self, line: str) -> None:
        """One line already encoded as JSON (no newline in it), in one write."""
        if self._file is None:
            self._file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - kept open
        self._file.write(line + "\n")
        self._file.flush()
        if self.durable:
            os.fsync(self._file.fileno())
        self.lines += 1

    def reset(self) -> None:
        """Emptied (the whole save now holds every line; OSError if it cannot be)."""
        self.close()
        with open(self.path, "w", encoding="utf-8"):
            pass
        self.lines = 0

    def replace(self, lines: Iterable[str], write: Any) -> None:
        """The journal made of ``lines`` alone, written whole by ``write(path, text)`` (an
        atomic write: a crash leaves the old journal or the new one); the next append goes to
        the new file."""
        self.close()
        kept = list(lines)
        write(self.path, "".join(line + "\n" for line in kept))
        self.lines = len(kept)

    def size(self) -> int:
        """Bytes written to the file so far (-1 if it cannot be asked)."""
        try:
            return self.path.stat().st_size
        except OSError:
            return -1

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


@dataclass(frozen=True)
class JournalProblem:
    """What was wrong with a journal: ``kind`` (``CUT_OFF``, ``NO_END``, ``BAD_LINE``,
    ``UNREADABLE``), the line (1 for the first) and the error (a line that is not JSON, an
    unreadable file)."""

    path: Path
    kind: str
    line: int = 0
    error: str = ""


def journal_records(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], JournalProblem | None]:
    """The journal's records in order, each with its line (1 for the first), and what was wrong
    with it if anything: a cut-off last line (left out), a line that is not a JSON object
    (reading stopped there), an unreadable file (nothing read). No file: no records, no
    problem."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return [], None
    except OSError as error:
        return [], JournalProblem(path, UNREADABLE, 0, str(error))
    lines = text.split("\n")
    records: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        last = number == len(lines)  # no newline after it: the writer stopped while writing it
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
        except ValueError as error:
            return records, JournalProblem(path, CUT_OFF if last else BAD_LINE, number,
                                           str(error))
        if last:
            return records, JournalProblem(path, NO_END, number)
        records.append((number, record))
    return records, None

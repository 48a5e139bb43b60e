"""The class host's journal of acknowledged moves (issue 14, ``moves.jsonl`` in the host's folder):
one JSON line appended per team move before its acknowledgement, written out to the operating
system (no rename, no flush to disk), instead of the whole save renamed over the old one after
every move (8-12 ms a move on ext4). The whole save is still written at the end of each phase
(flushed to disk), every ``SAVE_EVERY`` lines and for every teacher command; the journal is
emptied after each. ``run_game.py host --resume`` loads the save and replays the journal's lines
on it (``Host.resume``).

Why not the game log (``game.jsonl``, appended too): it holds the game's actions but not the
moves' ids (a resent move must be acknowledged again, never applied twice, across a restart),
nor when the computers answered, nor the session's and classroom's state; and it is appended
after the computers' part, not before the acknowledgement.

Lines (each with ``at``: the length of the game log when it was written, so that lines already
in the save are passed over and a missing stretch is noticed):

* ``{"kind": "move", "at", "key", "country", "message", "result"}``: a team's move as it came
  (the ``act`` message's JSON), applied with its id;
* ``{"kind": "done", "at", "key", "result"}``: a move acknowledged as already done (a second
  "start diplomacy"): only its id;
* ``{"kind": "follow", "at"}``: the computers' part owed by the moves before it was run here.

A host killed while writing a line leaves it cut off (no newline at its end): that move was never
acknowledged; ``read_journal`` leaves it out and says so (the host logs it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

JOURNAL = "moves.jsonl"

#: The whole save is written after this many journal lines even within a phase (a resume
#: replays at most this many moves with the computers' answers).
SAVE_EVERY = 40


class Journal:
    """The journal file of one host, appended line by line (see the module)."""

    def __init__(self, path: Path):
        self.path = path
        self.lines = 0
        self._file: TextIO | None = None

    def append(self, record: dict[str, Any]) -> None:
        """One line, out to the operating system before returning (OSError if it cannot)."""
        if self._file is None:
            self._file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - kept open
        self._file.write(json.dumps(record, separators=(",", ":"), sort_keys=True) + "\n")
        self._file.flush()
        self.lines += 1

    def reset(self) -> None:
        """Emptied (the whole save now holds every line; OSError if it cannot be)."""
        self.close()
        with open(self.path, "w", encoding="utf-8"):
            pass
        self.lines = 0

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def read_journal(path: Path) -> tuple[list[dict[str, Any]], str | None]:
    """The journal's records in order, and what was wrong with it if anything (a cut-off last
    line, left out; an unreadable line, where reading stopped): for the host's log."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return [], None
    except OSError as error:
        return [], f"the journal {path} could not be read ({error}): resuming from the save alone"
    lines = text.split("\n")
    records: list[dict[str, Any]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        last = number == len(lines)  # no newline after it: the host stopped while writing it
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
        except ValueError as error:
            if last:
                return records, (f"{path}, line {number}: the last line was cut off (the host "
                                 "stopped while writing it; that move was never acknowledged): "
                                 "left out")
            return records, (f"{path}, line {number}: not a journal line ({error}); the moves "
                             "from there on are not replayed")
        if last:
            return records, (f"{path}, line {number}: the last line has no end (the host "
                             "stopped while writing it; that move was never acknowledged): "
                             "left out")
        records.append(record)
    return records, None

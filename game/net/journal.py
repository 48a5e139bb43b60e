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
acknowledged; ``read_journal`` leaves it out and says so (the host logs it). The file itself is a
``game.session.journal.Journal``, shared with the window's autosave journal (issue 17).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.session.journal import BAD_LINE, CUT_OFF, NO_END, Journal, journal_records

__all__ = ["JOURNAL", "SAVE_EVERY", "Journal", "read_journal"]

JOURNAL = "moves.jsonl"

#: The whole save is written after this many journal lines even within a phase (a resume
#: replays at most this many moves with the computers' answers).
SAVE_EVERY = 40


def read_journal(path: Path) -> tuple[list[dict[str, Any]], str | None]:
    """The journal's records in order, and what was wrong with it if anything (a cut-off last
    line, left out; an unreadable line, where reading stopped): for the host's log."""
    numbered, problem = journal_records(path)
    records = [record for _, record in numbered]
    if problem is None:
        return records, None
    number = problem.line
    if problem.kind == CUT_OFF:
        return records, (f"{path}, line {number}: the last line was cut off (the host "
                         "stopped while writing it; that move was never acknowledged): "
                         "left out")
    if problem.kind == BAD_LINE:
        return records, (f"{path}, line {number}: not a journal line ({problem.error}); the "
                         "moves from there on are not replayed")
    if problem.kind == NO_END:
        return records, (f"{path}, line {number}: the last line has no end (the host "
                         "stopped while writing it; that move was never acknowledged): "
                         "left out")
    return [], f"the journal {path} could not be read ({problem.error}): resuming from the save alone"

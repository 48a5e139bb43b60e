"""Running the games of a tournament or a balance report so that nothing stops the run: worker
processes watched one by one, and a journal of finished games to resume a killed run from.

Why our own pool and not ``multiprocessing.Pool``: a Pool whose worker dies (the out-of-memory
killer, a bot that kills its parent) waits for the lost game for ever. Here every worker holds
one game at a time, and the parent waits on the workers' pipes *and* their process handles: a
worker that dies is seen at once, its game is played again once in a fresh worker, and a game
that kills its worker twice is reported as failed with the reason (the signal or exit status).
A worker that hangs without dying (a game stuck in a loop, a process stopped by a signal) is
caught by the game's deadline (``deadline`` seconds, see ``run_jobs``): the worker is killed and
its game treated as if the worker had died (played again once, then reported as failed with the
deadline as the reason), so the run always ends. A game that raises is reported as failed too
(its error and the last lines of its traceback): it is not played again, the same seed would
raise the same way.

Every record goes through JSON (``normalised``) before it is used, whether it was played now,
in another process or read back from the journal, so a resumed run gives byte-identical
results. The journal (``journal.jsonl`` in the output folder) is a header line that fingerprints
the work (every job, so a journal is only ever resumed by the same run) and one line per
finished game, appended and flushed to disk as the game ends; a kill can cut only the last line,
which resuming drops.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import signal
import time
import traceback
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from game.tools.allocator import keep_freed_memory

#: Times a game whose worker died is played again before it is reported as failed.
RERUNS = 1
#: Seconds a worker process may take to start and begin a game it was given (on top of the
#: game's deadline, which counts from the start of the game).
WORKER_START_TIME = 60.0
JOURNAL_NAME = "journal.jsonl"
JOURNAL_FORMAT = "diplomasi-journal"
JOURNAL_VERSION = 1

Worker = Callable[[dict[str, Any]], dict[str, Any]]


class JournalError(Exception):
    """A journal that cannot be used; ``key`` names the message (``runs.<key>``)."""

    def __init__(self, key: str, **values: Any):
        self.key = key
        self.values = values
        super().__init__(key)


def normalised(record: dict[str, Any]) -> dict[str, Any]:
    """The record as it reads back from JSON (tuples become lists; floats keep every digit)."""
    return json.loads(json.dumps(record, sort_keys=True))


def failed_record(job: dict[str, Any], reason: str) -> dict[str, Any]:
    """What is kept of a game that could not be played: which game, and why."""
    keep = ("index", "scenario", "seed", "rotation", "reference")
    return {**{key: job[key] for key in keep if key in job}, "failed": reason}


def is_failed(record: dict[str, Any]) -> bool:
    return "failed" in record


def _error_text(error: BaseException) -> str:
    lines = traceback.format_exception(error)
    return ("".join(lines[-3:]).strip() or type(error).__name__)[-800:]


def _exit_text(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"the worker process was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"the worker process was killed by signal {-code}"
    return f"the worker process ended with exit status {code}"


def _deadline_text(deadline: float) -> str:
    return (f"the game was still not finished after {deadline:g} s (the game's deadline): "
            "its worker process was stopped")


# --- the worker processes ----------------------------------------------------------------------
def _serve(connection: Connection, worker: Worker) -> None:
    """A worker process: play the games it is sent, one at a time, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    keep_freed_memory()  # a spawned process starts with glibc's own thresholds
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        connection.send(("started", ""))  # the game's deadline counts from now
        try:
            reply = ("done", json.dumps(worker(job), sort_keys=True))
        except Exception as error:  # a bug in one game: reported, the run goes on
            reply = ("error", _error_text(error))
        connection.send(reply)


class _Slot:
    """One worker process and the job it holds."""

    def __init__(self, context: Any, worker: Worker):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, worker), daemon=True)
        self.process.start()
        child.close()
        self.job: dict[str, Any] | None = None
        #: When the game's deadline starts counting: when the worker says it began the game,
        #: and until then ``WORKER_START_TIME`` after the job was given (starting a process and
        #: its imports can be slow on a busy machine).
        self.started = 0.0

    def give(self, job: dict[str, Any]) -> bool:
        """Send a job; False if the worker is already gone."""
        self.job = job
        self.started = time.monotonic() + WORKER_START_TIME
        try:
            self.connection.send(job)
        except (OSError, ValueError):
            return False
        return True

    def stop(self, kill: bool = False) -> None:
        if not kill:
            with contextlib.suppress(OSError, ValueError):
                self.connection.send(None)
            self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.connection.close()


def _parallel(jobs: list[dict[str, Any]], workers: int, worker: Worker,
              finish: Callable[[dict[str, Any]], None], deadline: float | None) -> None:
    context = multiprocessing.get_context("spawn")
    pending = deque(jobs)
    deaths: dict[int, int] = {}
    slots = [_Slot(context, worker) for _ in range(min(workers, len(jobs)))]
    try:
        while pending or any(slot.job is not None for slot in slots):
            for number, slot in enumerate(slots):
                while slot.job is None and pending:
                    if not slot.give(pending.popleft()):
                        slots[number] = slot = _replace(context, worker, slot, pending, deaths,
                                                        finish)
            busy = [slot for slot in slots if slot.job is not None]
            timeout = None
            if deadline is not None:
                timeout = max(0.0, min(s.started for s in busy) + deadline - time.monotonic())
            ready = set(wait([s.connection for s in busy] + [s.process.sentinel for s in busy],
                             timeout))
            for number, slot in enumerate(slots):
                if slot.job is None:
                    continue
                if not ({slot.connection, slot.process.sentinel} & ready):
                    if deadline is not None and time.monotonic() - slot.started >= deadline:
                        # hung without dying: stopped like a dead worker, its game played again
                        slots[number] = _replace(context, worker, slot, pending, deaths, finish,
                                                 _deadline_text(deadline))
                    continue
                reply = None
                try:
                    if slot.connection.poll():
                        reply = slot.connection.recv()
                except (EOFError, OSError):
                    reply = None
                if reply is None:
                    slots[number] = _replace(context, worker, slot, pending, deaths, finish)
                    continue
                kind, body = reply
                if kind == "started":  # the worker is ready (it may have been slow to start)
                    slot.started = time.monotonic()
                    continue
                job, slot.job = slot.job, None
                finish(json.loads(body) if kind == "done" else failed_record(job, body))
    finally:
        for slot in slots:
            slot.stop(kill=slot.job is not None)


def _replace(context: Any, worker: Worker, slot: _Slot, pending: deque[dict[str, Any]],
             deaths: dict[int, int], finish: Callable[[dict[str, Any]], None],
             hung: str | None = None) -> _Slot:
    """The worker of ``slot`` died (or, with ``hung``, the reason, passed its game's deadline
    and is killed now): play its game again (first in line) or report it failed, and start a
    fresh worker in its place."""
    if hung is not None:
        slot.process.kill()
    slot.process.join(timeout=5)
    reason = hung or _exit_text(slot.process.exitcode)
    job = slot.job
    slot.job = None
    slot.stop(kill=True)
    if job is not None:
        index = job["index"]
        deaths[index] = deaths.get(index, 0) + 1
        if deaths[index] <= RERUNS:
            pending.appendleft(job)
        else:
            finish(failed_record(job, f"{reason} (played {deaths[index]} times)"))
    return _Slot(context, worker)


def run_jobs(jobs: list[dict[str, Any]], workers: int = 1,
             advance: Callable[[dict[str, Any]], None] | None = None,
             worker: Worker | None = None, journal: Journal | None = None,
             deadline: float | None = None, cluster: str | None = None,
             notice: Callable[[str, dict[str, Any]], None] | None = None,
             ) -> list[dict[str, Any]]:
    """Every job's record (``worker(job)``, a module-level function so that processes can run
    it), in work-list order whatever the number of worker processes. A game that could not be
    played has a record with ``failed`` (see ``failed_record``). With a ``journal``, games it
    already holds are not played again and every finished game is appended to it. ``deadline``:
    the seconds a game may take in a worker process (``workers`` > 1) before the worker is
    taken for hung and stopped (None: no deadline). With a ``cluster`` address
    (``game.tools.cluster``) the games are played by the workers that connect to it,
    ``workers`` of them started here (``notice`` hears who joins and leaves); a worker that
    leaves has its games handed out again."""
    if worker is None:
        from game.tools.tournament import play_job as worker
    records: dict[int, dict[str, Any]] = {}

    def finish(record: dict[str, Any]) -> None:
        record = normalised(record)
        records[record["index"]] = record
        if journal is not None:
            journal.append(record)
        if advance is not None:
            advance(record)

    if journal is not None:
        for record in journal.records.values():
            records[record["index"]] = record
            if advance is not None:
                advance(record)
    todo = [job for job in jobs if job["index"] not in records]
    if cluster is not None:
        if todo:
            from game.tools.cluster import run_on_cluster
            run_on_cluster(todo, cluster, workers if workers > 1 else 0, worker, finish,
                           failed_record, notice)
    elif workers <= 1:  # in this process (with --jobs 2 even one game gets a worker: a game
        # that kills its process must not take the run with it)
        for job in todo:
            try:
                record = worker(job)
            except Exception as error:
                record = failed_record(job, _error_text(error))
            finish(record)
    elif todo:
        _parallel(todo, workers, worker, finish, deadline)
    return [records[job["index"]] for job in jobs if job["index"] in records]


# --- the journal -------------------------------------------------------------------------------
def work_fingerprint(jobs: list[dict[str, Any]], extra: dict[str, Any] | None = None) -> str:
    """A hash of every job (and the run's settings): a journal is resumed only by the same work.
    A bot's file counts by its contents."""
    files = {}
    for job in jobs:
        for spec in job.get("specs", []):
            path = Path(spec.rpartition(":")[0]) if ":" in spec else None
            if path is not None and spec not in files:
                try:
                    files[spec] = hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError:
                    files[spec] = None
    text = json.dumps({"jobs": jobs, "files": files, "extra": extra or {}}, sort_keys=True,
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Journal:
    """``journal.jsonl`` in an output folder: the header, then one finished game a line."""

    def __init__(self, folder: str | Path, fingerprint: str, total: int, resume: bool,
                 settings: dict[str, Any] | None = None):
        self.path = Path(folder) / JOURNAL_NAME
        self.fingerprint = fingerprint
        self.total = total
        self.settings = settings or {}  # kept in the header (a tournament's secret)
        self.records: dict[int, dict[str, Any]] = {}
        if resume:
            self._read()
        else:
            self._start()

    def _header(self) -> dict[str, Any]:
        return {**self.settings, "format": JOURNAL_FORMAT, "version": JOURNAL_VERSION,
                "work": self.fingerprint, "games": self.total}

    def _start(self) -> None:
        if self.path.exists() and not self._complete():
            raise JournalError("unfinished", path=str(self.path))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "w", encoding="utf-8") as file:
            file.write(json.dumps(self._header(), sort_keys=True) + "\n")
            file.flush()
            os.fsync(file.fileno())

    def _complete(self) -> bool:
        """Whether the journal there holds a finished run (starting again then loses nothing)."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
            header = json.loads(lines[0])
            return len({json.loads(line)["index"] for line in lines[1:] if line.strip()}) >= int(
                header["games"])
        except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
            return False

    def _read(self) -> None:
        if not self.path.is_file():
            raise JournalError("no_journal", path=str(self.path))
        try:
            data = self.path.read_bytes()
        except OSError as error:
            raise JournalError("unreadable", path=str(self.path),
                               reason=error.strerror or str(error)) from None
        # Every line is written whole with its line end; a kill can only leave the last one
        # without its end: that game is played again.
        *lines, cut = data.split(b"\n")
        for number, line in enumerate(lines, start=1):
            try:
                record = json.loads(line) if line.strip() else None
            except (ValueError, RecursionError):
                raise JournalError("damaged", path=str(self.path), line=number) from None
            if number == 1:
                if not isinstance(record, dict) or record.get("format") != JOURNAL_FORMAT:
                    raise JournalError("damaged", path=str(self.path), line=1)
                if record.get("work") != self.fingerprint:
                    raise JournalError("other_work", path=str(self.path))
            elif isinstance(record, dict) and isinstance(record.get("index"), int):
                if not is_failed(record) and 0 <= record["index"] < self.total:
                    self.records[record["index"]] = record
            elif record is not None:
                raise JournalError("damaged", path=str(self.path), line=number)
        if not lines:
            raise JournalError("damaged", path=str(self.path), line=1)
        with open(self.path, "r+b") as file:  # drop a cut last line before appending
            file.truncate(len(data) - len(cut))

    def append(self, record: dict[str, Any]) -> None:
        with open(self.path, "a", encoding="utf-8") as file:
            file.write(json.dumps(record, sort_keys=True) + "\n")
            file.flush()
            os.fsync(file.fileno())


def journal_header(folder: str | Path) -> dict[str, Any] | None:
    """The header of the journal in ``folder`` (what a resumed run takes back from it, such as
    a tournament's secret), or None when there is no readable one."""
    try:
        with open(Path(folder) / JOURNAL_NAME, "rb") as file:
            header = json.loads(file.readline(1 << 16))
    except (OSError, ValueError, RecursionError):
        return None
    return header if isinstance(header, dict) else None

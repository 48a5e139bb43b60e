"""The authoritative host of a networked class: it owns the session, applies the teams' moves
through it (the rules check every one), runs the computer countries, saves after every move,
writes the results folder after every turn, and serves the teams' devices and the teacher over
WebSocket (and the browser page over HTTP) on one port.

The game runs on one thread of its own (``game_thread``, ``hosting/worker.py``): every move,
command, query and view is made there, one after another, so that the network loop never waits
on the AI and never reads the game while it changes; the views of the teams that did not act are
made there in the background, after the urgent work. A move is acknowledged only once it is
applied and written to the journal of acknowledged moves (``game.net.journal``) with its id
(kept in ``NetClassroom.applied``), so a resent id is acknowledged again and never applied
twice, even across a restart with ``--resume`` (the save, then the journal's moves replayed).
The computer countries' part that a move sets off (their answers, the phases that follow, the
year's resolution) runs after its acknowledgement, as a step of its own on the game thread
(``MovesAndAcks._follow``, after the moves already waiting), and the views of the teams follow
it; the whole save is written when a phase ends. Every
message is size-limited, validated and rate-limited (``game.net.limits``); a bad one gets an
error to its sender and a line in the host's log, and nothing else happens. Nothing a client
sends is ever run.

The host's folder holds the save (``autosave.json``), the journal of the moves acknowledged since
(``moves.jsonl``), the game log (``game.jsonl``, appended
after every move, written whole from the save when the host starts: ``run_game.py replay``
checks it), the host's log (``host.log``), the results
folder (``results/``), where it listens (``host.json``), and the join codes (``codes.json``,
readable by the teacher's account only; never in the save).

``Host`` holds the session, the codes and the devices here, makes a host (``new``, ``resume``)
and serves; it mixes in its parts by job (``game/net/hosting/``): ``connections`` (a connection,
the join, the devices, the teacher's device commands), ``pushing`` (sending, errors to a bad
sender, the views pushed) and ``moves`` (on the game thread: the moves and their acks, queries,
the teacher's game commands, the countdown); ``common`` holds the logger, the file names,
``Device`` and ``Outcome``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.server import ServerConnection, serve
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory

from game.classroom.timer import DiplomacyTimer
from game.net.classroom import NetClassroom
from game.net.codes import CodeBook
from game.net.hosting.common import (
    FRAME_LIMIT,
    GAME_LOG,
    HOST_FILE,
    HOST_LOG,
    LOG,
    RESULTS_FOLDER,
    SAVE_FILE,
    TEACHER,
    Device,
    Outcome,
    _file_log,
    _peer,
)
from game.net.hosting.connections import Connections
from game.net.hosting.moves import MovesAndAcks, _apply
from game.net.hosting.pushing import ViewsPushing
from game.net.hosting.worker import GameThread
from game.net.journal import JOURNAL, Journal, read_journal
from game.net.limits import Limits
from game.net.observations import KeptObservations
from game.net.protocol import MessageError, parse_client
from game.net.web import answer, static_files
from game.rules.game import Game
from game.rules.storage import LogAppender, atomic_write_text
from game.scenario.loading import LoadedScenario
from game.session.session import Session

#: The file names, the logger, ``Device`` and ``Outcome`` live in ``hosting/common.py``; named here too.
__all__ = ["FRAME_LIMIT", "GAME_LOG", "HOST_FILE", "HOST_LOG", "LOG", "RESULTS_FOLDER", "SAVE_FILE",
           "TEACHER", "Device", "Host", "Outcome"]


#: The views compressed as websockets does by default (a 4 kB window, little memory), but at
#: zlib's fastest level: about a fifth of the time for a view 10-15 % larger (issue 14: the
#: host compresses every view once for each device it goes to; at the default level that was
#: a tenth of the host's time under load).
COMPRESSION = ServerPerMessageDeflateFactory(server_max_window_bits=12, client_max_window_bits=12,
                                             compress_settings={"memLevel": 5, "level": 1})


@dataclass
class Host(Connections, ViewsPushing, MovesAndAcks):
    """A class game served on the network (see the module's docstring)."""

    session: Session
    codes: CodeBook
    folder: Path
    limits: Limits = field(default_factory=Limits)
    devices: dict[str, Device] = field(default_factory=dict)
    #: device id → the country the teacher moved it to.
    moved: dict[str, str] = field(default_factory=dict)
    #: device ids the teacher removed (they cannot join again).
    removed: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if not isinstance(self.session.classroom, NetClassroom):
            raise TypeError("a host's session needs a NetClassroom")
        self.classroom: NetClassroom = self.session.classroom
        #: each move goes to the journal before its acknowledgement (out to the operating
        #: system, not flushed to disk); the whole save is written when a phase ends, flushed to
        #: disk (``MovesAndAcks._save_whole``): a host killed after an acknowledgement loses
        #: nothing; only a power cut may lose the moves of the phase under way. The computers'
        #: part of a move runs after its acknowledgement (``deferred``, ``_follow``).
        self.session.autosave_flush = False
        self.session.deferred = True
        self.journal = Journal(self.folder / JOURNAL)
        #: (turn, phase) of the last whole save.
        self.saved_at = (self.session.game.turn, self.session.game.phase)
        self.game_thread = GameThread()
        #: the game log, appended after every move (``LogAppender``; written whole at the start).
        self.log = LogAppender(self.folder / GAME_LOG)
        self.sequence = 0
        #: the newest view made of each team (and of the teacher), as sent, and its content.
        self.cached: dict[str, str] = {}
        self.shown: dict[str, Any] = {}
        self.observations = KeptObservations()
        #: the views of the others, made and pushed after a change (``pushing``), and whether
        #: a change came after that making began.
        self._others: asyncio.Task | None = None
        #: the computers' parts under way (``_follow_soon``), kept until done.
        self._following: set[asyncio.Task] = set()
        #: the whole save waiting to be written in the background (``_save_when_idle``).
        self._saving: asyncio.Task | None = None
        self._again = False
        self.files = static_files()
        self.address: tuple[str, int] | None = None
        self._stop: asyncio.Event | None = None
        self._log_handler = _file_log(self.folder / HOST_LOG)

    # --- making a host --------------------------------------------------------------------
    @classmethod
    def new(cls, loaded: LoadedScenario, humans: list[str], folder: Path, *,
            teams: dict[str, str] | None = None, seed: int | None = None,
            turns: int | None = None, difficulty: str = "normal",
            diplomacy_seconds: float | None = None, reflection: bool = False,
            hidden_end: bool | None = None) -> Host:
        """A new class game in ``folder`` (created; fresh codes written there; ``hidden_end``:
        the game's end hidden, None: as the scenario says)."""
        folder.mkdir(parents=True, exist_ok=True)
        classroom = NetClassroom(
            teams=dict(teams or {}), reflection=reflection, results_folder=folder / RESULTS_FOLDER,
            timer=DiplomacyTimer(diplomacy_seconds) if diplomacy_seconds else None)
        session = Session(Game(loaded, seed, turns, hidden_end=hidden_end), list(humans),
                          difficulty, autosave_path=folder / SAVE_FILE, classroom=classroom)
        codes = CodeBook.new(list(humans))
        codes.save(folder)
        host = cls(session, codes, folder)
        host._save_whole(flush=True)  # (and an old journal in the folder emptied)
        host.log.write(host.session.game)
        LOG.info("new game of %s for %s in %s", loaded.scenario.scenario.id, ", ".join(humans), folder)
        return host

    @classmethod
    def resume(cls, folder: Path) -> Host:
        """The host of ``folder`` restarted from its save, with the same codes (StorageError or
        CodesError with a clear message if they cannot be read)."""
        codes = CodeBook.load(folder)
        session = Session.load(folder / SAVE_FILE, autosave_path=folder / SAVE_FILE,
                               classroom=NetClassroom.from_dict)
        if not isinstance(session.classroom, NetClassroom):
            session.classroom = NetClassroom()
        host = cls(session, codes, folder)
        timer = host.classroom.timer
        if timer is not None and not host.classroom.paused:
            timer.resume()
        replayed = host._replay()
        host.log.write(session.game)
        if not host._save_whole(flush=True):
            LOG.warning("not saved: %s", session.autosave_error)
        LOG.info("resumed from %s at turn %s, %s (%d journal lines replayed)", folder,
                 session.game.turn, session.game.phase.value, replayed)
        return host

    def _replay(self) -> int:
        """The journal's lines written after the save, replayed on it in order (the moves
        through the session's commands with their ids, the computers' part where it ran), and
        what was still owed run; how many lines. A cut-off last line is left out (never
        acknowledged), an unreadable or out-of-order line stops the replay: both in the log."""
        records, problem = read_journal(self.journal.path)
        if problem is not None:
            LOG.warning("%s", problem)
        session, replayed = self.session, 0
        for number, record in enumerate(records, 1):
            at, kind, key = record.get("at"), record.get("kind"), record.get("key")
            if not isinstance(at, int) or (kind == "follow" and at < len(session.game.log)):
                continue  # in the save already
            if at > len(session.game.log):
                LOG.error("%s, line %d: written after %d game log records, the game has %d: "
                          "the rest of the journal is not replayed", self.journal.path, number,
                          at, len(session.game.log))
                break
            if kind == "follow":
                replayed += session.catch_up()
                continue
            if isinstance(key, str) and key not in self.classroom.applied:
                result = record.get("result") if isinstance(record.get("result"), dict) else {}
                if kind == "move":
                    try:
                        move = parse_client(str(record.get("message"))).move
                    except (MessageError, AttributeError):
                        LOG.error("%s, line %d: not a move; the rest of the journal is not "
                                  "replayed", self.journal.path, number)
                        break
                    self.classroom.applied[key] = result
                    refusal = _apply(session, str(record.get("country")), move)
                    if refusal is not None:
                        self.classroom.applied.pop(key, None)
                        LOG.error("%s, line %d: %s refused on replay (%s); the rest of the "
                                  "journal is not replayed", self.journal.path, number, key,
                                  refusal.key)
                        break
                else:
                    self.classroom.applied[key] = result
                replayed += 1
        session.catch_up()
        return replayed

    # --- serving --------------------------------------------------------------------------
    async def serve(self, bind: str, port: int,
                    ready: Callable[[Host], None] | None = None) -> None:
        """Listen on ``bind``:``port`` until ``stop``; ``ready`` is called once listening."""
        self._stop = asyncio.Event()
        await self._render()
        async with serve(self._connection, bind, port, max_size=FRAME_LIMIT, max_queue=16,
                         process_request=self._http, server_header=None, extensions=[COMPRESSION],
                         ping_interval=20, ping_timeout=20) as server:
            socket = next(iter(server.sockets))
            self.address = (bind, socket.getsockname()[1])
            atomic_write_text(self.folder / HOST_FILE, json.dumps(
                {"bind": bind, "port": self.address[1]}) + "\n")
            LOG.info("listening on %s:%s", bind, self.address[1])
            if ready is not None:
                ready(self)
            ticker = asyncio.create_task(self._ticker())
            try:
                await self._stop.wait()
            finally:
                ticker.cancel()
                for task in list(self._following):
                    task.cancel()
                if self._saving is not None:
                    self._saving.cancel()
                if self._others is not None:
                    self._others.cancel()
        LOG.info("stopped")
        self.close()

    def close(self) -> None:
        """Let go of the game thread and the host's log file (after serving, or for a host made
        only to write a new game's folder, served by another process)."""
        self.game_thread.shutdown(wait=True)
        self.journal.close()
        logging.getLogger("diplomasi").removeHandler(self._log_handler)
        self._log_handler.close()

    def stop(self) -> None:
        """Stop serving (from the loop's thread)."""
        if self._stop is not None:
            self._stop.set()

    def _http(self, connection: ServerConnection, request: Any) -> Any:
        return answer(request, self.files, _peer(connection))

    async def _run(self, work: Callable[..., Any], *args: Any, background: bool = False,
                   later: bool = False) -> Any:
        """``work(*args)`` on the game thread (``background``: after every urgent work and the
        computers' part; ``later``, the computers' part: after every urgent work)."""
        return await asyncio.wrap_future(self.game_thread.submit(work, *args, background=background,
                                                                 later=later))

    async def _ticker(self) -> None:
        """The diplomacy countdown: when it runs out, diplomacy ends for everyone."""
        while True:
            await asyncio.sleep(0.25)
            timer = self.classroom.timer
            expired = timer is not None and timer.expired() and not self.classroom.paused
            if expired and await self._run(self._expire):
                await self._after_change(None)

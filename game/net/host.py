"""The authoritative host of a networked class: it owns the session, applies the teams' moves
through it (the rules check every one), runs the computer countries, saves after every move,
writes the results folder after every turn, and serves the teams' devices and the teacher over
WebSocket (and the browser page over HTTP) on one port.

The game runs on one thread of its own (``game_thread``): every move, command, query and view
is made there, one after another, so that the network loop never waits on the AI and never reads
the game while it changes. A move is acknowledged only once it is applied and saved; its id is
saved with it (``NetClassroom.applied``), so a resent id is acknowledged again and never applied
twice, even across a restart with ``--resume``. Every message is size-limited, validated and
rate-limited (``game.net.limits``); a bad one gets an error to its sender and a line in the
host's log, and nothing else happens. Nothing a client sends is ever run.

The host's folder holds the save (``autosave.json``), the game log (``game.jsonl``, rewritten
after every move: ``run_game.py replay`` checks it), the host's log (``host.log``), the results
folder (``results/``), where it listens (``host.json``), and the join codes (``codes.json``,
readable by the teacher's account only; never in the save).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

from game.classroom.timer import DiplomacyTimer
from game.i18n import translate
from game.net import protocol as p
from game.net.classroom import NetClassroom
from game.net.codes import CodeBook
from game.net.limits import Limits
from game.net.views import teacher_view, team_view
from game.net.web import answer, static_files
from game.rules.agreements import Clause
from game.rules.game import Game, Refusal
from game.rules.storage import atomic_write_text, write_log
from game.scenario.loading import LoadedScenario
from game.session.session import Session

LOG = logging.getLogger("diplomasi.host")
SAVE_FILE = "autosave.json"
GAME_LOG = "game.jsonl"
HOST_LOG = "host.log"
HOST_FILE = "host.json"
RESULTS_FOLDER = "results"
#: The largest frame the WebSocket library reads at all; between this and the protocol's limit
#: a message is refused with an error, above it the connection is closed (code 1009).
FRAME_LIMIT = 1024 * 1024
TEACHER = "teacher"


@dataclass
class Device:
    """One connected device: a team's (playing ``country``) or the teacher's."""

    id: str
    connection: ServerConnection
    address: str
    role: str
    country: str | None
    language: str

    def summary(self) -> dict[str, Any]:
        return {"device": self.id, "role": self.role, "country": self.country,
                "address": self.address}


@dataclass
class Outcome:
    """What the game thread did with a message: an ack, an answer or an error, and whether
    the game changed (then every device gets its new view)."""

    reply: p.HostMessage
    changed: bool = False
    log: str | None = None


@dataclass
class Host:
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
        self.game_thread = ThreadPoolExecutor(1, thread_name_prefix="diplomasi-game")
        self.sequence = 0
        self.cached: dict[str, str] = {}
        self.files = static_files()
        self.address: tuple[str, int] | None = None
        self._stop: asyncio.Event | None = None
        self._log_handler = _file_log(self.folder / HOST_LOG)

    # --- making a host --------------------------------------------------------------------
    @classmethod
    def new(cls, loaded: LoadedScenario, humans: list[str], folder: Path, *,
            teams: dict[str, str] | None = None, seed: int | None = None,
            turns: int | None = None, difficulty: str = "normal",
            diplomacy_seconds: float | None = None, reflection: bool = False) -> Host:
        """A new class game in ``folder`` (created; fresh codes written there)."""
        folder.mkdir(parents=True, exist_ok=True)
        classroom = NetClassroom(
            teams=dict(teams or {}), reflection=reflection, results_folder=folder / RESULTS_FOLDER,
            timer=DiplomacyTimer(diplomacy_seconds) if diplomacy_seconds else None)
        session = Session(Game(loaded, seed, turns), list(humans), difficulty,
                          autosave_path=folder / SAVE_FILE, classroom=classroom)
        codes = CodeBook.new(list(humans))
        codes.save(folder)
        host = cls(session, codes, folder)
        host.session.autosave()
        write_log(host.session.game, folder / GAME_LOG)
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
        write_log(session.game, folder / GAME_LOG)
        LOG.info("resumed from %s at turn %s, %s", folder, session.game.turn, session.game.phase.value)
        return host

    # --- serving --------------------------------------------------------------------------
    async def serve(self, bind: str, port: int,
                    ready: Callable[[Host], None] | None = None) -> None:
        """Listen on ``bind``:``port`` until ``stop``; ``ready`` is called once listening."""
        self._stop = asyncio.Event()
        await self._render()
        async with serve(self._connection, bind, port, max_size=FRAME_LIMIT, max_queue=16,
                         process_request=self._http, server_header=None,
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
        self.game_thread.shutdown(wait=True)
        LOG.info("stopped")
        logging.getLogger("diplomasi").removeHandler(self._log_handler)
        self._log_handler.close()

    def stop(self) -> None:
        """Stop serving (from the loop's thread)."""
        if self._stop is not None:
            self._stop.set()

    def _http(self, connection: ServerConnection, request: Any) -> Any:
        return answer(request, self.files, _peer(connection))

    async def _run(self, work: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.game_thread, work, *args)

    async def _ticker(self) -> None:
        """The diplomacy countdown: when it runs out, diplomacy ends for everyone."""
        while True:
            await asyncio.sleep(0.25)
            timer = self.classroom.timer
            expired = timer is not None and timer.expired() and not self.classroom.paused
            if expired and await self._run(self._expire):
                await self._broadcast()

    # --- one connection -------------------------------------------------------------------
    async def _connection(self, connection: ServerConnection) -> None:
        address = _peer(connection)
        key = id(connection)
        if not self.limits.opened(address):
            LOG.warning("%s: too many connections from this address", address)
            await self._refuse(connection, "en", "net.error.too_many_connections")
            await connection.close(1008, "too many connections")
            return
        device: Device | None = None
        language = "en"
        try:
            async for data in connection:
                verdict = self.limits.message(key)
                if verdict != "ok":
                    if verdict == "tell":
                        LOG.warning("%s %s: too many messages, dropping them", address, _name(device))
                        await self._refuse(connection, language, "net.error.too_fast")
                    continue
                if isinstance(data, bytes):
                    await self._bad(connection, device, address, language, "net.error.not_text")
                    continue
                if len(data.encode("utf-8")) > p.MAXIMUM_MESSAGE_BYTES:
                    await self._bad(connection, device, address, language, "net.error.too_large",
                                    limit=p.MAXIMUM_MESSAGE_BYTES // 1024)
                    continue
                try:
                    message = p.parse_client(data)
                except p.MessageError as error:
                    await self._bad(connection, device, address, language, error.key, **error.values)
                    continue
                if message.version != p.VERSION:
                    await self._bad(connection, device, address, language, "net.error.version",
                                    version=message.version, supported=p.VERSION)
                    continue
                if isinstance(message, p.Hello):
                    language = message.language
                    device = await self._hello(connection, address, device, message)
                    if device is None and connection.state.name != "OPEN":
                        return
                    continue
                if device is None:
                    await self._bad(connection, device, address, language, "net.error.join_first")
                    continue
                await self._message(device, message)
        except ConnectionClosed as closed:
            if closed.sent is not None and closed.sent.code == 1009:
                LOG.warning("%s %s: a message over %s bytes, connection closed", address,
                            _name(device), FRAME_LIMIT)
        finally:
            self.limits.closed(address, key)
            if device is not None and self.devices.get(device.id) is device:
                del self.devices[device.id]
                LOG.info("%s %s left", address, _name(device))
                await self._tell_teacher()

    async def _hello(self, connection: ServerConnection, address: str, device: Device | None,
                     message: p.Hello) -> Device | None:
        language = message.language
        if device is not None:
            await self._bad(connection, device, address, language, "net.error.already_joined")
            return device
        if self.limits.blocked(address):
            LOG.warning("%s: too many wrong codes, refused", address)
            await self._refuse(connection, language, "net.error.too_many_attempts")
            await connection.close(1008, "too many wrong codes")
            return None
        found = self.codes.who(message.code)
        if found is None:
            self.limits.wrong_code(address)
            await self._bad(connection, device, address, language, "net.error.wrong_code")
            return None
        role, country = found
        identifier = message.device or secrets.token_urlsafe(12)
        if identifier in self.removed:
            LOG.warning("%s: removed device %s tried to join again", address, identifier)
            await self._refuse(connection, language, "net.error.removed")
            await connection.close(1008, "removed by the teacher")
            return None
        if role == "team":
            country = self.moved.get(identifier, country)
        old = self.devices.get(identifier)
        if old is not None:  # the same device again (a reconnection before the old one timed out)
            with contextlib.suppress(Exception):
                await old.connection.close(1000, "replaced by a new connection")
        device = Device(identifier, connection, address, role, country, language)
        self.devices[identifier] = device
        LOG.info("%s %s joined", address, _name(device))
        team = self.classroom.team(country) if country else ""
        await self._send(device, p.Welcome(role=role, country=country, team=team, device=identifier,
                                           language=language))
        await self._send_view(device)
        await self._tell_teacher()
        return device

    async def _message(self, device: Device, message: Any) -> None:
        if isinstance(message, p.ViewRequest):
            await self._send_view(device)
            return
        if isinstance(message, p.TeacherCommand):
            if device.role != TEACHER:
                await self._bad(device.connection, device, device.address, device.language,
                                "net.error.teacher_only", message_id=message.id)
                return
            if isinstance(message.command, p.MoveDevice | p.RemoveDevice):
                await self._device_command(device, message)
                return
            outcome = await self._run(self._command, message, device.language)
        elif device.role == TEACHER:
            await self._bad(device.connection, device, device.address, device.language,
                            "net.error.teams_only", message_id=getattr(message, "id", None))
            return
        elif isinstance(message, p.Act):
            outcome = await self._run(self._act, device.country, message, device.language)
        else:  # a query
            outcome = await self._run(self._query, device.country, message, device.language)
        if outcome.log:
            LOG.warning("%s %s: %s", device.address, _name(device), outcome.log)
        if outcome.changed:  # the views made before the change are stale: a device joining
            self.cached = {}  # now gets the view after it (made afresh), not the old one
        await self._send(device, outcome.reply)
        if outcome.changed:
            await self._broadcast()

    async def _device_command(self, teacher: Device, message: p.TeacherCommand) -> None:
        command = message.command
        target = self.devices.get(command.device)
        if target is None or target.role != "team":
            await self._send(teacher, _error(teacher.language, "net.error.no_such_device",
                                             message.id, device=command.device))
            return
        if isinstance(command, p.RemoveDevice):
            self.removed.add(target.id)
            del self.devices[target.id]
            LOG.info("the teacher removed %s", _name(target))
            await self._send(target, _error(target.language, "net.error.removed"))
            await target.connection.close(1008, "removed by the teacher")
        else:
            if command.to not in self.session.humans:
                await self._send(teacher, _error(teacher.language, "net.error.not_a_team", message.id,
                                                 country=command.to))
                return
            self.moved[target.id] = command.to
            target.country = command.to
            LOG.info("the teacher moved %s to %s", _name(target), command.to)
            await self._send(target, p.Welcome(role="team", country=command.to,
                                               team=self.classroom.team(command.to),
                                               device=target.id, language=target.language))
            await self._render()
            await self._send_view(target)
        await self._send(teacher, p.Ack(id=message.id))
        await self._tell_teacher()

    # --- sending ----------------------------------------------------------------------------
    async def _send(self, device: Device, message: p.HostMessage) -> None:
        with contextlib.suppress(ConnectionClosed):
            await device.connection.send(p.encode(message))

    async def _refuse(self, connection: ServerConnection, language: str, key: str,
                      **values: Any) -> None:
        with contextlib.suppress(ConnectionClosed):
            await connection.send(p.encode(_error(language, key, None, **values)))

    async def _bad(self, connection: ServerConnection, device: Device | None, address: str,
                   language: str, key: str, message_id: str | None = None, **values: Any) -> None:
        """A bad message: an error to its sender, a line in the host's log, nothing else."""
        LOG.warning("%s %s: refused (%s %s)", address, _name(device), key,
                    json.dumps(values, default=str)[:200])
        with contextlib.suppress(ConnectionClosed):
            await connection.send(p.encode(_error(language, key, message_id, **values)))

    async def _send_view(self, device: Device) -> None:
        text = self.cached.get(TEACHER if device.role == TEACHER else str(device.country))
        if text is None:
            await self._render()
            text = self.cached.get(TEACHER if device.role == TEACHER else str(device.country))
        if text is not None:
            with contextlib.suppress(ConnectionClosed):
                await device.connection.send(text)

    async def _render(self) -> None:
        devices = [d.summary() for d in self.devices.values()]
        self.cached = await self._run(self._views, devices)

    async def _broadcast(self) -> None:
        """Every device gets its team's new view (and the teacher hers)."""
        await self._render()
        for name, text in self.cached.items():
            connections = [d.connection for d in self.devices.values()
                           if (TEACHER if d.role == TEACHER else d.country) == name]
            broadcast(connections, text)

    async def _tell_teacher(self) -> None:
        teachers = [d.connection for d in self.devices.values() if d.role == TEACHER]
        if teachers:
            await self._render()
            broadcast(teachers, self.cached[TEACHER])

    # --- on the game thread -----------------------------------------------------------------
    def _views(self, devices: list[dict[str, Any]]) -> dict[str, str]:
        with self.session.lock:
            self.sequence += 1
            texts = {country: p.encode(p.View(sequence=self.sequence,
                                              view=team_view(self.session, country)))
                     for country in self.session.humans}
            texts[TEACHER] = p.encode(p.TeacherView(
                sequence=self.sequence, view=teacher_view(self.session, devices)))
            return texts

    def _saved(self) -> bool:
        """Whether the last change is on disk (one more try if the autosave had failed)."""
        if self.session.autosave_error is not None:
            self.session.autosave()
        return self.session.autosave_error is None

    def _act(self, country: str, message: p.Act, language: str) -> Outcome:
        key = f"{country}:{message.id}"
        move = message.move
        with self.session.lock:
            if key in self.classroom.applied:
                if not self._saved():
                    return Outcome(_error(language, "net.error.not_saved", message.id),
                                   log=f"not saved: {self.session.autosave_error}")
                return Outcome(p.Ack(id=message.id, result=self.classroom.applied[key], again=True))
            if move.country is not None and move.country != country:
                return Outcome(_error(language, "net.error.not_your_country", message.id,
                                      country=move.country),
                               log=f"a move for {move.country} from {country}'s device")
            if self.classroom.ended or self.session.game.finished:
                return Outcome(_error(language, "net.error.game_over", message.id))
            if self.classroom.paused:
                return Outcome(_error(language, "net.error.paused", message.id))
            result: dict[str, Any] = {}
            if isinstance(move, p.Propose):
                result = {"negotiation": len(self.session.game.negotiations)}
            self.classroom.applied[key] = result  # saved with the move, in the same save
            try:
                refusal = _apply(self.session, country, move)
            except Exception as error:  # a fault of ours: said to the client, logged whole
                self.classroom.applied.pop(key, None)
                LOG.exception("%s: %s failed", country, move.kind)
                return Outcome(_error(language, "net.error.internal", message.id),
                               log=f"internal error: {error!r}")
            if refusal is not None:
                self.classroom.applied.pop(key, None)
                return Outcome(_error(language, f"refusal.{refusal.key}", message.id,
                                      **refusal.values))
            write_log(self.session.game, self.folder / GAME_LOG)
            if not self._saved():
                return Outcome(_error(language, "net.error.not_saved", message.id), changed=True,
                               log=f"not saved: {self.session.autosave_error}")
            LOG.info("%s: %s %s applied", country, move.kind, message.id)
            return Outcome(p.Ack(id=message.id, result=result), changed=True)

    def _command(self, message: p.TeacherCommand, language: str) -> Outcome:
        key = f"{TEACHER}:{message.id}"
        command = message.command
        with self.session.lock:
            if key in self.classroom.applied:
                return Outcome(p.Ack(id=message.id, result=self.classroom.applied[key], again=True))
            timer = self.classroom.timer
            if isinstance(command, p.ModeratorCard):
                self.classroom.applied[key] = {}
                refusal = self.session.moderate(command.card, tuple(command.countries),
                                                float(command.direction))
                if refusal is not None:
                    self.classroom.applied.pop(key, None)
                    return Outcome(_error(language, f"refusal.{refusal.key}", message.id,
                                          **refusal.values))
                write_log(self.session.game, self.folder / GAME_LOG)
            elif isinstance(command, p.Pause):
                self.classroom.paused = True
                if timer is not None:
                    timer.pause()
            elif isinstance(command, p.Resume):
                self.classroom.paused = False
                if timer is not None:
                    timer.resume()
            elif isinstance(command, p.EndGame):
                self.classroom.ended = True
                if timer is not None:
                    timer.cancel()
                self.classroom.write_results(self.session)
            self.classroom.applied[key] = {}
            self.session.autosave()
            if not self._saved():
                return Outcome(_error(language, "net.error.not_saved", message.id), changed=True)
            LOG.info("teacher: %s %s applied", command.kind, message.id)
            return Outcome(p.Ack(id=message.id), changed=True)

    def _query(self, country: str, message: p.Query, language: str) -> Outcome:
        parties = tuple(message.parties)
        clauses = tuple(_clause(c) for c in message.clauses)
        with self.session.lock:
            unknown = [c for c in (*parties, message.partner or country) if c not in self.session.game.index]
            if unknown:
                return Outcome(_error(language, "refusal.unknown_country", message.id,
                                      country=unknown[0]))
            if message.question == "projected_effect":
                return Outcome(p.Answer(id=message.id, result={
                    "effect": self.session.projected_effect(country, parties, clauses)}))
            partner = message.partner
            if partner is None or partner not in parties or partner == country:
                return Outcome(_error(language, "net.error.no_partner", message.id))
            found = self.session.what_would_it_take(partner, parties, clauses, message.duration)
            if found == "unavailable" or isinstance(found, str):
                result: dict[str, Any] = {"available": False}
            elif found is None:
                result = {"available": True, "found": False}
            else:
                result = {"available": True, "found": True,
                          "clauses": [c.to_dict() for c in found[0]], "duration": found[1]}
            return Outcome(p.Answer(id=message.id, result=result))

    def _expire(self) -> bool:
        with self.session.lock:
            expired = self.session.expire_diplomacy()
            if expired:
                write_log(self.session.game, self.folder / GAME_LOG)
                LOG.info("the diplomacy countdown ran out")
            return expired


def _clause(data: p.ClauseData) -> Clause:
    return Clause(data.kind, float(data.level), float(data.amount), data.giver, data.receiver,
                  bool(data.training), data.form)


def _apply(session: Session, country: str, move: Any) -> Refusal | None:
    """The team's move through the session's commands (which check it with the rules)."""
    if isinstance(move, p.BeginDiplomacy):
        return session.begin_diplomacy(country)
    if isinstance(move, p.Propose):
        return session.propose(country, tuple(move.parties), tuple(_clause(c) for c in move.clauses),
                               move.duration)[1]
    if isinstance(move, p.Counter):
        return session.counter(country, move.negotiation, tuple(_clause(c) for c in move.clauses),
                               move.duration)
    if isinstance(move, p.Accept):
        return session.accept(country, move.negotiation)
    if isinstance(move, p.Reject):
        return session.reject(country, move.negotiation)
    if isinstance(move, p.Withdraw):
        return session.withdraw(country, move.negotiation)
    if isinstance(move, p.EndDiplomacy):
        return session.end_diplomacy(country)
    return session.end_compliance(country, {(k.agreement, k.clause): k.keep for k in move.keep})


def _error(language: str, key: str, message_id: str | None = None, **values: Any) -> p.Error:
    plain = {k: v if isinstance(v, str | int | float) else str(v) for k, v in values.items()}
    return p.Error(key=key, values=plain, text=translate(key, language, **plain), id=message_id)


def _peer(connection: ServerConnection) -> str:
    remote = connection.remote_address
    return str(remote[0]) if remote else "?"


def _name(device: Device | None) -> str:
    if device is None:
        return "(not joined)"
    return f"{device.role} {device.country or ''} device {device.id}".replace("  ", " ")


def _file_log(path: Path) -> logging.Handler:
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("diplomasi")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler

"""One connection to the host: the messages read, size-checked, parsed and rate-limited; the
join (``Hello``: the code, the device, a reconnection); each message sent to the game thread;
and the teacher's commands about devices (move one to another team, remove one)."""

from __future__ import annotations

import contextlib
import secrets
from typing import Any

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from game.net import protocol as p
from game.net.hosting.common import FRAME_LIMIT, LOG, TEACHER, Device, _error, _name, _peer


class Connections:
    """Part of ``Host``: the connections, the joins and the devices."""

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
        identifier = message.device or secrets.token_hex(8)  # letters and digits: read aloud, shown
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
            outcome = await self._run(self._act_and_view, device.country, message, device.language,
                                      self._summaries())
        else:  # a query
            outcome = await self._run(self._query, device.country, message, device.language)
        if outcome.log:
            LOG.warning("%s %s: %s", device.address, _name(device), outcome.log)
        await self._send(device, outcome.reply)  # the ack first: the move is applied and saved
        self._deliver(outcome.views)  # then the acting team's view, made with the move
        acting = device.country if isinstance(outcome.reply, p.Ack) and device.role != TEACHER else None
        if outcome.views:
            acting = None
        if outcome.changed:  # the computers' part, then the views it changed
            self._follow_soon()
        elif acting is not None:
            await self._after_change(acting, False)

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
            await self._send_view(target)
        await self._send(teacher, p.Ack(id=message.id))
        await self._tell_teacher()

"""What the host sends: a message to one device, an error to a bad sender (with a line in the
log), and the views, rendered on the game thread and pushed to every device of a team (and to
the teacher)."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from websockets.asyncio.server import ServerConnection, broadcast
from websockets.exceptions import ConnectionClosed

from game.net import protocol as p
from game.net.hosting.common import LOG, TEACHER, Device, _error, _name


class ViewsPushing:
    """Part of ``Host``: sending messages and pushing the views."""

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

"""What the host sends: a message to one device, an error to a bad sender (with a line in the
log), and the views, rendered on the game thread and pushed to every device of a team (and to
the teacher)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from websockets.asyncio.server import ServerConnection, broadcast
from websockets.exceptions import ConnectionClosed

from game.net import protocol as p
from game.net.hosting.common import LOG, TEACHER, Device, _error, _name

#: Seconds after a change when the host writes the whole save in the background (``pushing``).
SAVE_AFTER = 2.0


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

    def _summaries(self) -> list[dict[str, Any]]:
        return [d.summary() for d in self.devices.values()]

    def _deliver(self, made: dict[str, str]) -> None:
        """Each view made to every device of its team (or to the teacher's)."""
        for name, text in made.items():
            connections = [d.connection for d in self.devices.values() if _view_of(d) == name]
            broadcast(connections, text)

    async def _send_view(self, device: Device) -> None:
        """``device`` alone gets its team's view, made afresh (it joined, or asked): at once with
        a quick observation if the team's must be made again, then the whole view to every
        device of the team after the urgent work."""
        name = _view_of(device)
        await self._run(self._views, self._summaries(), [name], {name}, {name})
        text = self.cached.get(name)
        if text is not None:
            with contextlib.suppress(ConnectionClosed):
                await device.connection.send(text)
        if not self.observations.whole(name):
            self._deliver(await self._run(self._views, self._summaries(), [name], background=True))

    async def _render(self) -> None:
        """Every view that changed made (kept in ``cached``), none sent."""
        await self._run(self._views, self._summaries())

    async def _broadcast(self) -> None:
        """Every device whose team's view changed gets the new one (and the teacher hers)."""
        self._deliver(await self._run(self._views, self._summaries()))

    async def _after_change(self, acting: str | None, changed: bool = True) -> None:
        """After a move was acknowledged: the acting team's view first, made afresh (so that
        every device of the team sees the move's effect at once; its projected values estimated
        from the last ones, ``game.net.observations.quick_observation``), then, in the
        background, the views that the change touched (``_push_others``: the acting team's
        whole view among them; ``changed``: whether the game changed at all, not for a move
        acknowledged again)."""
        if acting is not None:  # at once, its projections estimated (the whole view follows)
            self._deliver(await self._run(self._views, self._summaries(), [acting], {acting},
                                          {acting} if changed else ()))
        if not changed:
            return
        self._again = True
        if self._others is None or self._others.done():
            self._others = asyncio.create_task(self._push_others())

    async def _push_others(self) -> None:
        """The views of every team with a device connected (and the teacher's), one making on
        the game thread each, so that a move arriving meanwhile waits for one view at most;
        unchanged views are not sent. Changes arriving while this runs share one more pass.
        A team without a device gets its view made when one joins (``_send_view``)."""
        while self._again:
            self._again = False
            connected = {_view_of(d) for d in self.devices.values()}
            names = [TEACHER, *self.session.humans]
            for name in (n for n in names if n in connected):
                self._deliver(await self._run(self._views, self._summaries(), [name],
                                              background=True))

    def _follow_soon(self) -> None:
        """The computers' part owed after a move acknowledged (``MovesAndAcks._follow``: on
        the game thread after the moves already waiting), then the views it changed pushed."""
        task = asyncio.create_task(self._follow_and_push())
        self._following.add(task)
        task.add_done_callback(self._following.discard)

    async def _follow_and_push(self) -> None:
        await self._run(self._follow, later=True)
        await self._after_change(None)
        if self._saving is None or self._saving.done():
            self._saving = asyncio.create_task(self._save_when_idle())

    async def _save_when_idle(self) -> None:
        """The whole save, ``SAVE_AFTER`` seconds after a change, in the background (after the
        moves, the computers' part and the views): the projector of the teacher's window draws
        the save, so it stays a few seconds behind the game at most, and never a move's wait."""
        await asyncio.sleep(SAVE_AFTER)
        await self._run(self._save_if_journal, background=True)

    async def _tell_teacher(self) -> None:
        """The teacher's view again if it changed (who is connected)."""
        self._deliver(await self._run(self._views, self._summaries(), [TEACHER]))


def _view_of(device: Device) -> str:
    """The name of the view ``device`` shows: its country's, or the teacher's."""
    return TEACHER if device.role == TEACHER else str(device.country)

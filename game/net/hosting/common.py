"""What the host's parts share: its logger and file names, a connected device, what the game
thread did with a message (``Outcome``), and the small helpers (an error in the sender's
language, a peer's address, a device's name in the log, the host's log file)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.server import ServerConnection

from game.i18n import translate
from game.net import protocol as p

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
    #: the acting team's view made in the same turn of the game thread as its move (sent
    #: right after the acknowledgement), as ``MovesAndAcks._views`` gives it.
    views: dict[str, str] = field(default_factory=dict)



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


"""A device's end of the class game: one WebSocket connection to the host, kept on a thread of
its own, that joins with a code, keeps the newest view, sends moves and waits for their
acknowledgements, and reconnects by itself when the school's Wi-Fi drops.

The game window's client scenes (a team's screen, the teacher's devices screen) read it every
frame and never wait on it: ``act``, ``command`` and ``query`` return a ``Pending`` at once,
which is done when the host's ``ack``, ``answer`` or ``error`` arrives. A message the host has
not answered when the connection drops is sent again, with the same id, once the device is back
(the host applies a move only once per id, even across a restart with ``--resume``). No pygame
here: the scenes above it draw what it holds.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.sync.client import ClientConnection, connect

from game.net.protocol import VERSION

DEFAULT_PORT = 8765
#: Join refusals after which trying again with the same code is pointless.
FINAL_REFUSALS = frozenset({"net.error.wrong_code", "net.error.removed", "net.error.too_many_attempts",
                            "net.error.version"})
#: Seconds between tries to reconnect (growing up to the last).
RETRY_SECONDS = (0.25, 0.5, 1.0, 2.0, 3.0)
#: The host's largest frame is a whole view; a device accepts views up to this size.
MAXIMUM_VIEW_BYTES = 8 * 1024 * 1024


class AddressError(ValueError):
    """What a person typed as the host's address is not one (``key``: its text in the
    catalogs, ``ui.join.<key>``)."""

    def __init__(self, key: str):
        self.key = key
        super().__init__(key)


def socket_url(typed: str) -> str:
    """The host's WebSocket URL from what a person typed: ``192.168.1.20:8765``,
    ``http://192.168.1.20:8765/`` or ``ws://…/ws`` (the port defaults to 8765)."""
    text = typed.strip()
    if not text:
        raise AddressError("no_address")
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    scheme = {"http": "ws", "ws": "ws", "https": "wss", "wss": "wss"}.get(parts.scheme.lower())
    if scheme is None or not parts.hostname or any(c.isspace() for c in text):
        raise AddressError("bad_address")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise AddressError("bad_address") from None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{scheme}://{host}:{port}/ws"


@dataclass
class Pending:
    """A message sent to the host and its answer (``ack``/``answer``/``error``) once it comes."""

    id: str
    message: dict[str, Any]
    reply: dict[str, Any] | None = None
    sent_at: float = field(default_factory=time.monotonic)
    _done: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def ok(self) -> bool:
        return self.reply is not None and self.reply.get("type") in ("ack", "answer")

    def wait(self, timeout: float) -> bool:
        """Wait for the answer (tests and tools; the window never waits)."""
        return self._done.wait(timeout)

    def finish(self, reply: dict[str, Any]) -> None:
        self.reply = reply
        self._done.set()


class Link:
    """One device's connection to the host (see the module's docstring).

    ``state``: ``connecting`` (the first try), ``joined``, ``lost`` (trying again by itself),
    ``refused`` (the host said no to the code: ``refusal`` says why; no more tries) or
    ``closed``. ``changes`` grows with every message that changes what a screen shows."""

    def __init__(self, address: str, code: str, language: str = "en", device: str | None = None):
        self.url = socket_url(address)
        self.address = address.strip()
        self.code = code
        self.language = language
        self.device = device
        self.state = "connecting"
        self.welcome: dict[str, Any] | None = None
        self.view: dict[str, Any] | None = None
        self.teacher_view: dict[str, Any] | None = None
        self.sequence = -1
        self.view_time = time.monotonic()
        self.refusal: dict[str, Any] | None = None
        #: the last error the host sent that answered no message of ours (too fast, paused...)
        self.notice: dict[str, Any] | None = None
        #: why the last try to reach the host failed (an OS or handshake message), if it did
        self.problem: str | None = None
        self.changes = 0
        self.reconnections = 0
        self.pending: dict[str, Pending] = {}
        self._ids = itertools.count(1)
        self._prefix = secrets.token_hex(4)
        self._lock = threading.Lock()
        self._socket: ClientConnection | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- life ---------------------------------------------------------------------------------
    def start(self) -> Link:
        self._thread = threading.Thread(target=self._run, name="diplomasi-link", daemon=True)
        self._thread.start()
        return self

    def close(self, wait: float = 0.0) -> None:
        """Leave: close the connection and stop trying (from any thread; ``wait``: seconds to
        wait for the connection's thread to end)."""
        self._stop.set()
        self.state = "closed"
        socket = self._socket
        if socket is not None:
            with contextlib.suppress(Exception):
                socket.close()
        if wait and self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=wait)

    @property
    def role(self) -> str | None:
        return self.welcome["role"] if self.welcome else None

    @property
    def country(self) -> str | None:
        return self.welcome["country"] if self.welcome else None

    def remaining(self) -> float | None:
        """The diplomacy countdown's seconds left now (the view's, less the time since)."""
        view = self.view or self.teacher_view
        timer = view.get("timer") if view else None
        if not timer or not timer.get("active"):
            return None
        left = float(timer["remaining"])
        if timer.get("running") and not view.get("paused"):
            left -= time.monotonic() - self.view_time
        return max(0.0, left)

    # --- sending ------------------------------------------------------------------------------
    def new_id(self) -> str:
        return f"{self._prefix}-{next(self._ids)}"

    def act(self, move: dict[str, Any]) -> Pending:
        """Send a move of the team's country; done when it is acknowledged (applied and saved)
        or refused."""
        return self._request({"type": "act", "move": move})

    def command(self, command: dict[str, Any]) -> Pending:
        """Send a teacher's command (the teacher's code only)."""
        return self._request({"type": "teacher", "command": command})

    def query(self, question: str, parties: list[str], clauses: list[dict[str, Any]],
              duration: int = 5, partner: str | None = None) -> Pending:
        """Ask the host about a draft (``projected_effect`` or ``what_would_it_take``)."""
        message: dict[str, Any] = {"type": "query", "question": question, "parties": parties,
                                   "clauses": clauses, "duration": duration}
        if partner is not None:
            message["partner"] = partner
        return self._request(message)

    def ask_view(self) -> None:
        self._send({"type": "view", "version": VERSION})

    def _request(self, message: dict[str, Any]) -> Pending:
        identifier = self.new_id()
        pending = Pending(identifier, {**message, "version": VERSION, "id": identifier})
        with self._lock:
            self.pending[identifier] = pending
        if self.state == "joined":
            self._send(pending.message)
        return pending  # sent once joined (again) otherwise

    def _send(self, message: dict[str, Any]) -> bool:
        socket = self._socket
        if socket is None:
            return False
        try:
            socket.send(json.dumps(message))
            return True
        except (ConnectionClosed, OSError):
            return False

    # --- the connection's thread --------------------------------------------------------------
    def _run(self) -> None:
        tries = 0
        while not self._stop.is_set():
            connected = False
            try:
                with connect(self.url, open_timeout=5, close_timeout=1, max_size=MAXIMUM_VIEW_BYTES,
                             ping_interval=10, ping_timeout=10) as socket:
                    connected = True
                    self._socket = socket
                    self.problem = None
                    tries = 0
                    self._serve(socket)
            except (OSError, InvalidHandshake, InvalidURI, TimeoutError, ConnectionClosed) as error:
                if not connected:  # the host cannot be reached (yet): say why, try again
                    self.problem = str(getattr(error, "strerror", None) or error)
                    if self.state == "joined":
                        self.state = "lost"
                    self.changes += 1
                    self._stop.wait(RETRY_SECONDS[min(tries, len(RETRY_SECONDS) - 1)])
                    tries += 1
                    continue
            finally:
                self._socket = None
            if self.state in ("refused", "closed") or self._stop.is_set():
                return
            self.state = "lost"
            self.reconnections += 1
            self.changes += 1
            self._stop.wait(RETRY_SECONDS[0])

    def _serve(self, socket: ClientConnection) -> None:
        hello: dict[str, Any] = {"type": "hello", "version": VERSION, "code": self.code,
                                 "language": self.language}
        if self.device:
            hello["device"] = self.device
        socket.send(json.dumps(hello))
        for text in socket:
            try:
                message = json.loads(text)
            except (TypeError, ValueError):
                continue
            if isinstance(message, dict):
                self._receive(message)
            if self.state == "refused" or self._stop.is_set():
                return

    def _receive(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "welcome":
            self.welcome = message
            self.device = message.get("device") or self.device
            self.sequence = -1  # the whole view follows (a restarted host counts from 0 again)
            self.state = "joined"
            self.refusal = None
            with self._lock:
                waiting = list(self.pending.values())
            for pending in waiting:  # not answered before the drop: again, with the same id
                self._send(pending.message)
        elif kind in ("view", "teacher_view"):
            if message.get("sequence", -1) > self.sequence or kind == "teacher_view":
                self.sequence = max(self.sequence, int(message.get("sequence", -1)))
                if kind == "view":
                    self.view = message.get("view")
                else:
                    self.teacher_view = message.get("view")
                self.view_time = time.monotonic()
        elif kind in ("ack", "answer", "error"):
            identifier = message.get("id")
            with self._lock:
                pending = self.pending.pop(identifier, None) if identifier else None
            if pending is not None:
                pending.finish(message)
            elif kind == "error":
                if self.state != "joined" or message.get("key") in ("net.error.removed",):
                    self.refusal = message
                    if message.get("key") in FINAL_REFUSALS:
                        self.state = "refused"
                else:
                    self.notice = message
        self.changes += 1

"""The class host on a thread of its own, for the teacher's game window: the same ``Host`` as
``run_game.py host``, its asyncio network loop (and its own game thread) beside the window's
pygame loop, so that serving the devices never slows a frame and a frame never waits on the
network. The window talks to it like any device (the teacher's screen joins with the teacher's
code); it reads the host's session only to draw the projector, under the session's lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from pathlib import Path

from game.net.host import Host

#: The port a host tries first; if it is taken, any free port.
DEFAULT_PORT = 8765


class HostThread:
    """``host`` served on ``bind``:``port`` from a background thread (see the module)."""

    def __init__(self, host: Host, bind: str, port: int = DEFAULT_PORT):
        self.host = host
        self.bind = bind
        self.port = port
        self.error: BaseException | None = None
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def folder(self) -> Path:
        return self.host.folder

    @property
    def join_address(self) -> str:
        """What the students type (and the QR code holds): ``http://ADDRESS:PORT/``."""
        assert self.host.address is not None, "not listening yet"
        address, port = self.host.address
        shown = f"[{address}]" if ":" in address else address
        return f"http://{shown}:{port}/"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout: float = 30.0) -> HostThread:
        """Start listening; returns once it listens. OSError (the address cannot be used) or
        TimeoutError if it cannot."""
        self._thread = threading.Thread(target=self._main, name="diplomasi-host", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise TimeoutError("the host did not start in time")
        if self.error is not None:
            raise self.error
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving (the game stays saved in its folder: ``run_game.py host --resume``)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop has just closed
                loop.call_soon_threadsafe(self.host.stop)
        if self._thread is not None:
            self._thread.join(timeout)

    def _main(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as error:  # said to start(), or kept for the window to show
            self.error = error
        finally:
            self._ready.set()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        try:
            await self.host.serve(self.bind, self.port, ready=lambda _: self._ready.set())
        except OSError:
            if self.port == 0 or self._ready.is_set():
                raise
            self.port = 0  # the usual port is taken (another host?): any free one
            await self.host.serve(self.bind, 0, ready=lambda _: self._ready.set())

"""The class host in a process of its own, for the teacher's game window (issue 14): the same
host as ``run_game.py host --resume FOLDER``, started on a game the window has just made, so that
the host's game thread (the rules, the AI, the year's resolution, the saves) and its network loop
never share an interpreter with the window's frames: a frame never waits on a move, and a move
never waits on a frame. The window talks to it as every device does (the teacher's screen joins
with the teacher's code over the loopback or local address), and reads the host's save, never
its memory, to draw the projector.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import game

#: Set to the window's process id for its host: a host whose window is gone (killed, crashed,
#: a test run stopped) stops by itself (``game.tools.host``), instead of serving for nobody.
PARENT_VARIABLE = "DIPLOMASI_HOST_PARENT"
#: The port a host tries first; if it is taken, any free port.
DEFAULT_PORT = 8765
#: Where the host writes where it listens (``game.net.hosting.common.HOST_FILE``).
HOST_FILE = "host.json"
#: What the host process prints (its log lines; a reason it could not start).
OUTPUT_FILE = "host-output.txt"
#: ``run_game.py`` beside the ``game`` package (a source checkout); else the installed module.
_RUN_GAME = Path(game.__file__).resolve().parents[1] / "run_game.py"


class HostProcess:
    """The host of the game saved in ``folder``, served on ``bind``:``port`` by a child process
    (see the module). ``start`` returns once it listens; ``stop`` ends it (the game stays saved)."""

    def __init__(self, folder: Path, bind: str, port: int = DEFAULT_PORT):
        self.folder = folder
        self.bind = bind
        self.port = port
        self.error: BaseException | None = None
        self.process: subprocess.Popen | None = None
        self.address: tuple[str, int] | None = None

    @property
    def join_address(self) -> str:
        """What the students type (and the QR code holds): ``http://ADDRESS:PORT/``."""
        assert self.address is not None, "not listening yet"
        address, port = self.address
        shown = f"[{address}]" if ":" in address else address
        return f"http://{shown}:{port}/"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 60.0) -> HostProcess:
        """Start the host; returns once it listens. OSError (the address cannot be used, the
        host could not start: its reason) or TimeoutError if it does not."""
        try:
            self._start(self.port, timeout)
        except OSError:
            if self.port == 0:
                raise
            self._start(0, timeout)  # the usual port is taken (another host?): any free one
        return self

    def command(self) -> list[str]:
        """How to run ``run_game.py`` (a benchmark may run it under a profiler)."""
        if _RUN_GAME.exists():
            return [sys.executable, str(_RUN_GAME)]
        return [sys.executable, "-c", "import sys; from game.tools.cli import main; sys.exit(main())"]

    def _start(self, port: int, timeout: float) -> None:
        listening = self.folder / HOST_FILE
        listening.unlink(missing_ok=True)
        with open(self.folder / OUTPUT_FILE, "ab") as output:
            self.process = subprocess.Popen(
                [*self.command(), "host", "--resume", str(self.folder), "--bind", self.bind,
                 "--port", str(port)],
                stdin=subprocess.DEVNULL, stdout=output, stderr=output, cwd=_RUN_GAME.parent,
                env={**os.environ, PARENT_VARIABLE: str(os.getpid())})
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(OSError, ValueError):
                where = json.loads(listening.read_text(encoding="utf-8"))
                self.address = (str(where["bind"]), int(where["port"]))
                self.port = self.address[1]
                return
            if self.process.poll() is not None:
                raise OSError(f"the class host stopped: {self._said()}")
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError("the host did not start in time")
            time.sleep(0.02)

    def _said(self) -> str:
        """The last lines the host printed (why it stopped)."""
        with contextlib.suppress(OSError):
            lines = (self.folder / OUTPUT_FILE).read_text(encoding="utf-8", errors="replace").splitlines()
            return " / ".join(lines[-3:])
        return ""

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving (SIGTERM: the host stops as ``run_game.py host`` does; the game stays
        saved in its folder: ``run_game.py host --resume``)."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)

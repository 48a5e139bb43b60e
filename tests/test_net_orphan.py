"""A class host started by the game window stops by itself when the window's process dies
(killed, crashed, a test run stopped), instead of serving a stale game on the port for nobody."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

WINDOW = """
import sys
from pathlib import Path
from game.net.host import Host
from game.net.process import HostProcess
from game.scenario.loading import load_scenario, resolve

folder = Path(sys.argv[1])
made = Host.new(load_scenario(resolve("tutorial")), ["SAM"], folder, seed=3, turns=3)
made.close()
process = HostProcess(folder, "127.0.0.1", 0).start()
print(process.process.pid, flush=True)
sys.stdin.read()  # until the test kills this process
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie waiting for its reaper is gone too
        return stat.read().split(")")[-1].split()[0] != "Z"


def test_a_host_whose_window_was_killed_stops_by_itself(tmp_path: Path):
    root = Path(__file__).resolve().parents[1]
    window = subprocess.Popen([sys.executable, "-c", WINDOW, str(tmp_path / "game")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root, text=True)
    try:
        host = int(window.stdout.readline())
        assert alive(host)
        time.sleep(1.5)
        assert alive(host), "the host must keep serving while its window lives"
        os.kill(window.pid, signal.SIGKILL)
        window.wait(10)
        deadline = time.monotonic() + 20
        while alive(host) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(host), "the host went on serving after its window was killed"
        assert (tmp_path / "game" / "autosave.json").is_file()  # the game stays saved
    finally:
        if window.poll() is None:
            window.kill()
            window.wait(10)

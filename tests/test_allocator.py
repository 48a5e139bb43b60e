"""The tournament's process keeps freed memory instead of trimming its heap at every move
(``game.tools.allocator``, issue 17 botcpu17)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: A fresh interpreter: 8 MB taken and given back through the C allocator, with the
#: heap's end (``sbrk(0)``) read around it.
PROBE = textwrap.dedent("""
    import ctypes, sys
    libc = ctypes.CDLL(None)
    libc.sbrk.restype, libc.sbrk.argtypes = ctypes.c_void_p, [ctypes.c_ssize_t]
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    if sys.argv[1] == "keep":
        from game.tools.allocator import keep_freed_memory
        assert keep_freed_memory()
    before = libc.sbrk(0)
    block = libc.malloc(8 << 20)
    ctypes.memset(block, 1, 8 << 20)
    grown = libc.sbrk(0)
    libc.free(block)
    after = libc.sbrk(0)
    print(grown - before >= 8 << 20, after >= grown)
""")


def probe(mode: str) -> str:
    environment = {name: value for name, value in os.environ.items()  # glibc's own defaults
                   if not name.startswith("MALLOC_") and name != "GLIBC_TUNABLES"}
    done = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True,
                          cwd=ROOT, env={**environment, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


glibc = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not os.confstr("CS_GNU_LIBC_VERSION"),
    reason="the thresholds are glibc's")


@glibc
def test_a_block_freed_stays_with_the_process():
    # glibc's defaults: 8 MB gets its own mapping, given back at once (the heap never grows)
    assert probe("default") == "False True"
    # kept: from the heap, and still there after it is freed (no page faults to take it back)
    assert probe("keep") == "True True"


def test_every_command_and_every_worker_keeps_freed_memory(monkeypatch, capsys):
    """The command line's entry sets the thresholds for the window, the class host and every
    tool; the spawned workers of balance and tournament set them in their own processes."""
    from game.tools import allocator, runs
    from game.tools.cli import main

    calls = []
    monkeypatch.setattr(allocator, "keep_freed_memory", lambda: calls.append("command") or True)
    assert main(["validate", "tutorial"]) == 0
    assert calls == ["command"]
    monkeypatch.setattr(runs, "keep_freed_memory", lambda: calls.append("worker") or True)

    class Closed:
        def recv(self):
            raise EOFError

    monkeypatch.setattr(runs.signal, "signal", lambda *_: None)  # not this process's Ctrl-C
    runs._serve(Closed(), lambda job: job)
    assert calls == ["command", "worker"]


@glibc
def test_the_tournaments_games_keep_freed_memory(tutorial, monkeypatch):
    from game.tools import allocator
    from game.tools.tournament import play_job

    calls = []
    monkeypatch.setattr(allocator, "keep_freed_memory", lambda: calls.append(1) or True)
    job = {"index": 0, "source": tutorial.source, "text": tutorial.text, "scenario": "tutorial",
           "seed": 1, "turns": 1, "rotation": 0, "reference": False,
           "names": ["cooperator", "cooperator", "cooperator"],
           "specs": ["cooperator", "cooperator", "cooperator"],
           "time_limit": 2.0, "memory_mb": 512, "in_process": True}
    play_job(job)
    assert calls == [1]


def test_elsewhere_nothing_is_done(monkeypatch):
    from game.tools import allocator

    allocator.keep_freed_memory.cache_clear()
    monkeypatch.setattr(allocator.sys, "platform", "darwin")
    try:
        assert allocator.keep_freed_memory() is False
    finally:
        allocator.keep_freed_memory.cache_clear()

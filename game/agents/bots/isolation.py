"""Each bot process in a sandbox of its own, made by bubblewrap (``bwrap``) on Linux.

``wrap`` puts ``bwrap`` in front of the bot's command line so that the bot's process gets:

- its own PID namespace: it sees only itself (its ``/proc`` is its own), so it cannot signal,
  stop or read the tournament, a rival bot or any other process; when it ends, or is killed,
  the namespace ends and every process it started ends with it (even one started with
  ``setsid``); ``--die-with-parent`` ends it with the tournament;
- its own network namespace: no network at all, not even the computer's own 127.0.0.1;
- its own mount namespace with a read-only view of what Python needs (the system's programs
  and libraries, Python and its packages, the project, the bot's own folder), nothing else
  (no home folder, no results folder: the tournament's output folder is hidden even where it
  lies inside the project), and a private writable temporary folder ``/tmp`` of bounded size;
- no capabilities (even when the tournament runs as root), a new terminal session, and only
  the environment variables it needs.

``problem()`` says why the sandbox cannot be made here (bubblewrap missing, or user
namespaces switched off), ``None`` when it can: the tournament then tells the teacher what is
missing (``MISSING``) or, with ``--sandbox strict``, refuses to run. bubblewrap is a system
package (Debian and Ubuntu: ``apt-get install bubblewrap``); macOS and Windows have none.
"""

from __future__ import annotations

import functools
import glob
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

#: Size of a bot's private temporary folder (a memory file system: it is not on disk).
TEMPORARY_FOLDER_MB = 16
#: The bot's temporary folder, also its home and working folder.
TEMPORARY_FOLDER = "/tmp"
#: What a bot from a file can do where the sandbox cannot be made (keys of ``sandbox.missing.*``).
MISSING = ("processes", "network", "files", "leftovers")
#: The system's folders a Python process needs (a symbolic link is made again as a link).
SYSTEM_FOLDERS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
#: Files of /etc that the dynamic loader and Python read.
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
                "/etc/python3*")
#: Seconds allowed to the trial run of ``problem``.
PROBE_TIME = 20.0


def bubblewrap() -> str | None:
    """The path of the ``bwrap`` program on PATH, or None."""
    return shutil.which("bwrap")


def problem() -> tuple[str, str] | None:
    """Why no bot can be sandboxed here, or None: a reason (``sandbox.problem.<reason>`` in the
    catalogs: ``unsupported_system``, ``not_installed``, ``cannot_run``) and its detail."""
    if not sys.platform.startswith("linux"):
        return "unsupported_system", sys.platform
    program = bubblewrap()
    if program is None:
        return "not_installed", ""
    failure = _trial(program, sys.executable)
    return None if failure is None else ("cannot_run", failure)


@functools.cache
def _trial(program: str, python: str) -> str | None:
    """Start Python once in the sandbox: bubblewrap may be installed but unable to make
    namespaces (user namespaces switched off, a container that forbids them). Why it failed
    (bubblewrap's own last words), or None."""
    command = wrap([python, "-S", "-c", "pass"], program=program)
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=PROBE_TIME, env=environment({}))
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)[:300]
    if done.returncode != 0:
        words = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return (words[-1] if words else f"exit status {done.returncode}")[:300]
    return None


def readable_paths(extra: Iterable[str | Path] = ()) -> list[str]:
    """Every folder the bot may read: Python's own (prefixes and import path) and ``extra``
    (the project, the bot's folder), each as given and as its real path."""
    candidates = [sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix,
                  os.path.dirname(os.path.realpath(sys.executable)),
                  *(p for p in sys.path if os.path.isabs(p)), *map(str, extra)]
    paths = {path for candidate in candidates
             for path in (os.path.abspath(candidate), os.path.realpath(candidate))
             if os.path.exists(path) and path != "/"}
    kept: list[str] = []
    for path in sorted(paths, key=lambda p: (len(p), p)):  # a folder inside another: once
        if not any(_inside(path, folder) for folder in kept):
            kept.append(path)
    return kept


def wrap(command: list[str], readable: Iterable[str | Path] = (), hidden: Iterable[str | Path] = (),
         program: str | None = None, temporary_mb: int = TEMPORARY_FOLDER_MB) -> list[str]:
    """``command`` run inside the sandbox (see the module docstring).

    ``readable``: folders the bot may read besides Python's (the project, its own folder);
    ``hidden``: paths that must stay out of its sight even inside those (the output folder:
    an empty read-only folder is put over it; a rival bot's file: a device file that cannot be
    opened)."""
    arguments = [program or bubblewrap() or "bwrap",
                 "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                 "--size", str(temporary_mb * 1024 * 1024), "--tmpfs", TEMPORARY_FOLDER]
    for folder in SYSTEM_FOLDERS:
        if os.path.islink(folder):
            arguments += ["--symlink", os.readlink(folder), folder]
        elif os.path.isdir(folder):
            arguments += ["--ro-bind", folder, folder]
    for pattern in SYSTEM_FILES:
        for path in sorted(glob.glob(pattern)):
            arguments += ["--ro-bind-try", path, path]
    bound = readable_paths(readable)
    for path in bound:
        if not any(_inside(path, folder) for folder in SYSTEM_FOLDERS):
            arguments += ["--ro-bind-try", path, path]
    for path in map(os.path.abspath, hidden):
        if not any(_inside(path, folder) for folder in bound) or not os.path.exists(path):
            continue  # out of sight already
        if os.path.isdir(path):
            arguments += ["--size", "4096", "--tmpfs", path, "--remount-ro", path]
        else:
            arguments += ["--ro-bind", os.devnull, path]
    arguments += ["--proc", "/proc", "--dev", "/dev", "--remount-ro", "/dev",
                  "--remount-ro", "/", "--chdir", TEMPORARY_FOLDER, "--", *command]
    return arguments


def environment(base: dict[str, str]) -> dict[str, str]:
    """The bot's environment in the sandbox: ``base`` (the Python settings the sandbox sets)
    and a home, temporary folder and PATH inside it; nothing else of the tournament's."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": TEMPORARY_FOLDER,
            "TMPDIR": TEMPORARY_FOLDER, "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1",
            **base}


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")

"""Checking the paths a user gives on the command line before anything is done with them.

Each check returns None for a usable path, or the message (in the user's language) naming the
path, what is wrong and what to do: empty, a NUL character, too long for the file system, a
folder where a file is needed (or a file where a folder is), a parent that is a file, a special
file (a device, a pipe). ``-`` as an output file means standard output.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from game.i18n import translate

#: Longest path and longest single name most file systems accept (in bytes).
MAXIMUM_PATH_BYTES = 4096
MAXIMUM_NAME_BYTES = 255
#: The output file name that means standard output.
STANDARD_OUTPUT = "-"


def _message(key: str, path: str, language: str, **values: object) -> str:
    shown = path if len(path) <= 80 else path[:60] + "…" + path[-15:]
    return translate(f"paths.{key}", language, path=shown, **values)


def _form_problem(text: str, language: str) -> str | None:
    """Problems of the path as written: empty, NUL, too long."""
    if not text.strip():
        return _message("empty", text, language)
    if "\0" in text:
        return _message("nul", text.replace("\0", "\\0"), language)
    encoded = os.fsencode(text)
    longest = max((len(part) for part in encoded.split(b"/")), default=0)
    if len(encoded) > MAXIMUM_PATH_BYTES or longest > MAXIMUM_NAME_BYTES:
        return _message("too_long", text, language, maximum=MAXIMUM_NAME_BYTES)
    return None


def _status(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except (OSError, ValueError):
        return None


def _parent_problem(path: Path, language: str) -> str | None:
    """A parent folder that exists but is not a folder (a file in the way)."""
    for parent in path.absolute().parents:
        status = _status(parent)
        if status is not None:
            if not stat.S_ISDIR(status.st_mode):
                return _message("parent_not_folder", str(path), language, parent=str(parent))
            return None
    return None


def input_file_problem(text: str, language: str = "en") -> str | None:
    """A file to read: not empty, not too long, not a folder (a missing file is the reader's
    to report)."""
    problem = _form_problem(text, language)
    if problem is not None:
        return problem
    status = _status(Path(text))
    if status is not None and stat.S_ISDIR(status.st_mode):
        return _message("folder_not_file", text, language)
    return None


def output_file_problem(text: str, language: str = "en", standard_output: bool = True) -> str | None:
    """A file to write (created or replaced): ``-`` (standard output) where allowed, else a
    regular file or a name that does not exist yet, in a folder (or a folder to be made)."""
    if standard_output and text == STANDARD_OUTPUT:
        return None
    problem = _form_problem(text, language)
    if problem is not None:
        return problem
    path = Path(text)
    status = _status(path)
    if status is not None:
        if stat.S_ISDIR(status.st_mode):
            return _message("folder_not_file", text, language)
        if not stat.S_ISREG(status.st_mode):
            return _message("special_file", text, language)
    elif text.endswith(("/", os.sep)):
        return _message("folder_not_file", text, language)
    return _parent_problem(path, language)


def output_folder_problem(text: str, language: str = "en") -> str | None:
    """A folder to write files into (made if missing)."""
    problem = _form_problem(text, language)
    if problem is not None:
        return problem
    path = Path(text)
    status = _status(path)
    if status is not None and not stat.S_ISDIR(status.st_mode):
        return _message("file_not_folder", text, language)
    return _parent_problem(path, language)

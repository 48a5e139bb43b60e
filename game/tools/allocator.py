"""Keep the C allocator from handing freed memory back to the system after every move.

Why (issue 17, botcpu17): glibc's ``malloc`` returns the free memory at the top of its heap to
the system (``brk``) as soon as more than its trim threshold lies free, and takes it back at
the next allocation; each page taken back is a page fault (a zeroed page) on first touch. A
process that plays games frees and makes numpy's temporary arrays at every move, so depending
on where they land it can fall into a see-saw: in half the 2-game benchmark runs the
tournament's process made ~1,300 ``brk`` calls and ~110,000 page faults instead of ~120 and
~5,000 (0.3-0.5 s of system time and more of user time, 15 % of a run), in the file bot's runs
and the in-process runs alike, by chance. glibc adjusts the thresholds itself only after an
``mmap``-ed block is freed, and not always high enough.

``keep_freed_memory`` sets both thresholds once (``mallopt``): blocks under
``MMAP_THRESHOLD`` come from the heap, and up to ``TRIM_THRESHOLD`` of free memory at its top
stays with the process. The memory is the process's peak anyway (nothing is kept that was not
in use a moment before); the games' results do not depend on it. Elsewhere than glibc
(macOS, musl, Windows) nothing is done.
"""

from __future__ import annotations

import functools
import sys

#: ``mallopt``'s parameter numbers (glibc's malloc.h).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
#: Free memory kept at the heap's top (bytes).
TRIM_THRESHOLD = 64 * 1024 * 1024
#: Blocks from this size up get their own mapping (glibc's largest: 32 MB on 64-bit systems).
MMAP_THRESHOLD = 32 * 1024 * 1024


@functools.cache
def keep_freed_memory() -> bool:
    """Set the allocator's thresholds in this process (once); whether it could (glibc only)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import os

    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):  # "glibc 2.36"; musl has none
            return False
    except (ValueError, OSError):
        return False
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    # the mapping threshold first: setting either switches glibc's own adjustment off
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))

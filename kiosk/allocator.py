"""glibc's allocator set for a process that runs for months with bursts of big buffers.

A session moves camera frames (a document-camera still is 3264×2448×3 = 24 MB),
scans, PDFs and pixmaps. glibc's default mmap threshold is dynamic: once a big
mmap'd block is freed the threshold rises to its size (up to 32 MB), and from
then on every frame is carved out of the heap arenas, where the small objects
allocated in between pin the pages. Measured with ``bench/memory.py`` (issue 18):
after two sessions 76 MB of the heap was free but not returnable, and
``malloc_trim`` gave back none of it. With the threshold fixed at 4 MB the
document frames are mapped and unmapped whole; the face camera's frames
(under 4 MB) stay in the heap, so the idle terminal does not page-fault on every
frame (a 128 KB threshold cost +3 CPU points and 15,000 faults/s at idle).

Two arenas instead of 8 per core: the threads here mostly wait on I/O and the
GIL, and each extra arena is one more heap with its own free pages.

No-ops off glibc (musl, macOS): the terminal runs there, only without the tuning.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

#: ``mallopt`` parameters from glibc's ``malloc.h``.
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8

MMAP_THRESHOLD_BYTES = 4 * 2**20
ARENA_MAX = 2


@lru_cache(maxsize=1)
def _libc() -> Any | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        libc.malloc_trim.restype = ctypes.c_int
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        log.info("glibc allocator controls unavailable: memory is neither tuned nor trimmed")
        return None
    return libc


def tune() -> bool:
    """Fix the mmap threshold and cap the arenas; True when glibc took both.

    Call it first thing, before any thread starts: arenas already created stay.
    """
    libc = _libc()
    if libc is None:
        return False
    ok = bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
    ok = bool(libc.mallopt(M_ARENA_MAX, ARENA_MAX)) and ok
    if not ok:
        log.warning("allocator: glibc refused the mallopt settings; memory may fragment")
    return ok


def trim_memory() -> bool:
    """Hand the heap's free pages back to the system (``malloc_trim``); False without glibc.

    Called on a pool thread once a session is wiped: CPython frees the session's
    objects, but glibc keeps freed pages mapped for reuse. ctypes releases the
    GIL during the call, so the UI keeps running. No ``gc.collect()`` here: a full
    collection holds the GIL for tens of ms (a UI stall); the collector's own
    thresholds deal with the session's cycles.
    """
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True

"""Process hardening at start: no core dumps, not dumpable.

A core dump (the watchdog's SIGABRT, a crash in a native driver) would write the
resident's data held in memory (name, ID number, photo, face encoding) to disk;
``PR_SET_DUMPABLE`` 0 also keeps other processes of the same user from attaching
with ptrace or reading ``/proc/<pid>/mem``. The systemd unit sets ``LimitCORE=0``
as well; this covers a terminal started any other way.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import resource
from dataclasses import dataclass

log = logging.getLogger(__name__)

PR_GET_DUMPABLE = 3
PR_SET_DUMPABLE = 4


@dataclass(frozen=True)
class Hardening:
    """What :func:`harden_process` achieved (the technician sees it if it failed)."""

    core_limit: tuple[int, int]
    dumpable: int


def _prctl(option: int, arg: int = 0) -> int:
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return int(libc.prctl(option, arg, 0, 0, 0))


def harden_process() -> Hardening:
    """Core limit 0 (soft and hard) and not dumpable; logs loudly if either fails."""
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError) as e:
        log.error("cannot disable core dumps: %s", e)
    try:
        if _prctl(PR_SET_DUMPABLE, 0) != 0:
            log.error("prctl(PR_SET_DUMPABLE, 0) failed: errno %d", ctypes.get_errno())
        dumpable = _prctl(PR_GET_DUMPABLE)
    except OSError as e:
        log.error("prctl unavailable: %s", e)
        dumpable = -1
    return Hardening(resource.getrlimit(resource.RLIMIT_CORE), dumpable)

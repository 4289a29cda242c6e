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
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Hardening:
    """What :func:`harden_process` achieved (the technician sees it if it failed)."""

    core_limit: tuple[int, int]
    dumpable: int


def _prctl(option: int, arg: int = 0) -> int:
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return int(libc.prctl(option, arg, 0, 0, 0))


def die_with_parent(parent_pid: int, sig: int) -> None:
    """Have the kernel send ``sig`` to this process when its parent ends, however it ends.

    For helper processes that must not outlive the terminal (a crash, SIGKILL, or a
    compositor that goes away mid-stop leave no time to stop them). The signal is tied
    to the parent *thread* that started this process: start helpers from the main thread.
    Exits at once if the parent ended before the request took effect.
    """
    import os

    try:
        if _prctl(PR_SET_PDEATHSIG, sig) != 0:
            log.error("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
    except OSError as e:
        log.error("prctl unavailable: %s", e)
    if parent_pid and os.getppid() != parent_pid:
        os._exit(0)


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

"""Free space on the data disk: the check before a service starts, and the reserve.

A street terminal's data disk fills (logs of a noisy device, a backlog that never
drained). Two rules keep it serving honestly:

* **Before a service starts** the space its submission will need is estimated from
  the catalog (the materials to scan, the signature) and checked against what is
  free, so a resident is turned away up front, not after filling in every form.
* **A reserve** - a ballast file of :attr:`DiskReserve.size` bytes in the data dir -
  is held while the disk has room. When a write fails for lack of space it is
  released, so the session already under way can still be stored, audited and
  ended; no new service starts until the reserve can be held again.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: Estimated encoded size of one scanned page (JPEG/PDF at the scanner's resolution).
PAGE_BYTES = 1_500_000
#: The signature (PNG + strokes).
SIGNATURE_BYTES = 300_000
#: Form values, envelope and database overhead of one submission.
BASE_BYTES = 64_000


def service_bytes(service: Any) -> int:
    """The space one submission of ``service`` (a catalog Service) is expected to take."""
    pages = sum(int(getattr(m, "pages", 1)) for m in getattr(service, "materials", []))
    need = BASE_BYTES + pages * PAGE_BYTES
    if getattr(service, "signature_required", False):
        need += SIGNATURE_BYTES
    return need


def is_disk_full(error: BaseException) -> bool:
    """Whether ``error`` is the disk (or quota) being full."""
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


@dataclass(frozen=True)
class SpaceCheck:
    """Whether a service may start, and why not (technician detail, no personal data)."""

    ok: bool
    free_bytes: int
    needed_bytes: int
    detail: str = ""


class DiskReserve:
    """A ballast file held while the disk has room, released when it fills."""

    def __init__(self, path: Path, size: int) -> None:
        self.path = path
        self.size = size
        self._lock = threading.Lock()
        #: How often the reserve was released (diagnostics).
        self.releases = 0
        #: Released for a full disk and not held again since: no new service starts.
        self.in_use = False

    @property
    def held(self) -> bool:
        try:
            return self.path.stat().st_size >= self.size
        except OSError:
            return False

    def ensure(self, keep_free: int = 0) -> bool:
        """Hold the reserve if the disk has room for it plus ``keep_free``; True if held."""
        with self._lock:
            if self.size <= 0 or self.held:
                self.in_use = False
                return True
            try:
                free = shutil.disk_usage(self.path.parent).free
            except OSError:
                return False
            if free < self.size + keep_free:
                return False
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
                try:
                    # Real blocks, not a sparse file: deleting it must free space.
                    os.posix_fallocate(fd, 0, self.size)
                    os.fsync(fd)
                finally:
                    os.close(fd)
            except OSError as e:
                log.warning("disk reserve not held: %s", e)
                with contextlib.suppress(OSError):
                    self.path.unlink()
                return False
            log.info("disk reserve held: %d bytes at %s", self.size, self.path)
            self.in_use = False
            return True

    def release(self) -> bool:
        """Free the reserve for the session under way; True if it was held."""
        with self._lock:
            try:
                self.path.unlink()
            except FileNotFoundError:
                return False
            except OSError as e:
                log.error("disk reserve could not be released: %s", e)
                return False
            self.releases += 1
            self.in_use = True
            log.warning("disk full: the %d-byte reserve was released", self.size)
            return True


def check_space(directory: Path, needed: int, keep_free: int, reserve: DiskReserve) -> SpaceCheck:
    """May a service needing ``needed`` bytes start? ``keep_free`` stays free besides.

    Cheap (a ``stat`` and a ``statvfs``): it runs on the UI thread when a service
    is chosen.

    The reserve does not count as free space: it belongs to the session under way,
    and a released reserve (the disk filled) means no new service until it is
    held again.
    """
    try:
        free = shutil.disk_usage(directory).free
    except OSError as e:
        return SpaceCheck(False, 0, needed, f"cannot measure free space in {directory}: {e}")
    if reserve.in_use:
        # Held again by the periodic check (off the UI thread) once there is room.
        return SpaceCheck(
            False, free, needed, f"disk full: the {reserve.size}-byte reserve is in use"
        )
    if free - needed < keep_free:
        return SpaceCheck(
            False,
            free,
            needed,
            f"disk nearly full: {free} bytes free, {needed} needed, {keep_free} kept free",
        )
    return SpaceCheck(True, free, needed)

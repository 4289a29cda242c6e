"""Notice configuration packages on mounted USB sticks (plain Python: a thread and a callback).

The watcher polls the configured mount globs (``/media/*`` ...) and, in each mounted
folder, the package globs (``kiosk-config*.zip`` ...). A file is reported once its
size and modification time stay the same over two polls (a copy still in progress
is not picked up half-written); it is reported again if it changes, or if the stick
is pulled and put back.
"""

from __future__ import annotations

import glob
import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

_Signature = tuple[int, int]


class UsbWatcher:
    """Poll mount points for packages and call ``on_found(path)`` for each new one."""

    def __init__(
        self,
        mount_globs: Sequence[str],
        package_globs: Sequence[str],
        on_found: Callable[[Path], None],
        interval_s: float = 2.0,
        on_removed: Callable[[Path], None] | None = None,
    ) -> None:
        self.mount_globs = list(mount_globs)
        self.package_globs = list(package_globs)
        self.on_found = on_found
        self.on_removed = on_removed
        self.interval_s = interval_s
        self._seen: dict[Path, _Signature] = {}
        self._reported: dict[Path, _Signature] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def scan(self) -> dict[Path, _Signature]:
        """Packages visible right now, with their (size, mtime) signature."""
        found: dict[Path, _Signature] = {}
        mounts: set[str] = set()
        for pattern in self.mount_globs:
            mounts.update(glob.glob(pattern))
        for mount in sorted(mounts):
            m = Path(mount)
            if not m.is_dir():
                continue
            for pattern in self.package_globs:
                for p in m.glob(pattern):
                    try:
                        if p.is_symlink() or not p.is_file():
                            continue
                        st = p.stat()
                    except OSError:
                        continue  # pulled while we looked
                    found[p] = (st.st_size, st.st_mtime_ns)
        return found

    def poll(self) -> list[Path]:
        """One scan: report packages that are new and stable; forget those gone."""
        now = self.scan()
        new: list[Path] = []
        for path, sig in now.items():
            if self._seen.get(path) == sig and self._reported.get(path) != sig:
                self._reported[path] = sig
                new.append(path)
        for path in list(self._reported):
            if path not in now:
                del self._reported[path]
                if self.on_removed is not None:
                    self._call(self.on_removed, path)
        self._seen = now
        for path in new:
            self._call(self.on_found, path)
        return new

    def _call(self, fn: Callable[[Path], None], path: Path) -> None:
        try:
            fn(path)
        except Exception:  # a broken callback must not stop the watcher
            log.exception("USB package callback failed")

    def start(self) -> None:
        """Poll in a daemon thread until :meth:`stop`."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="usb-packages", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll()
            except Exception:
                log.exception("USB package scan failed")
            self._stop.wait(self.interval_s)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

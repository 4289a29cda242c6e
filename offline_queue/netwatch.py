"""Notice network changes (link up/down, address change) without any extra dependency.

Polls a cheap fingerprint of the interfaces (``/sys/class/net/*/operstate`` and the
routing table) and calls back when it changes, so the sync worker retries at once
when the cable is plugged back instead of waiting out its backoff.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)


def network_fingerprint(sys_net: Path = Path("/sys/class/net"), route: Path = Path("/proc/net/route")) -> str:  # fmt: skip
    """A string that changes when an interface goes up/down or the routes change."""
    parts: list[str] = []
    with contextlib.suppress(OSError):
        for dev in sorted(sys_net.iterdir()):
            state = ""
            with contextlib.suppress(OSError):
                state = (dev / "operstate").read_text().strip()
            parts.append(f"{dev.name}={state}")
    with contextlib.suppress(OSError):
        parts.append(route.read_text())
    return "\n".join(parts)


class NetworkWatcher:
    """Background thread calling ``on_change()`` when the network fingerprint changes."""

    def __init__(
        self,
        on_change: Callable[[], None],
        interval_s: float = 2.0,
        fingerprint: Callable[[], str] = network_fingerprint,
    ) -> None:
        self._on_change = on_change
        self._interval = interval_s
        self._fingerprint = fingerprint
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="netwatch", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        last = self._fingerprint()
        while not self._stop.wait(self._interval):
            now = self._fingerprint()
            if now != last:
                last = now
                log.info("network change detected; waking the sync worker")
                try:
                    self._on_change()
                except Exception:
                    log.exception("network change callback failed")

"""Notice network changes (link up/down, address change) and an unreachable platform.

Polls a cheap fingerprint of the interfaces (``/sys/class/net/*/operstate`` and the
routing table) and calls back when it changes, so the sync worker retries at once
when the cable is plugged back instead of waiting out its backoff.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

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


class PlatformProbe:
    """Learns within seconds, while idle, whether the platform can be reached.

    The sync worker only finds out when it has something to send, and the heartbeat
    talks every 60 s: 20 s after the platform stopped the terminal still offered
    network-only services. This thread opens a TCP connection to the platform's
    host and port every ``interval_s`` (no TLS, no HTTP: a SYN and a FIN, nothing
    logged on the platform) and closes it at once. ``failures`` misses in a row make
    it offline (one lost SYN on a busy link is not an outage); one success makes it
    online again. Worst case to notice: ``failures × (interval_s + timeout_s)``;
    a stopped server (connection refused) is noticed in ``failures × interval_s``.

    ``on_change(online)`` is called from the probe's thread when the verdict changes
    (and once for the first verdict). :attr:`online` is None until then.
    """

    def __init__(
        self,
        url: str,
        on_change: Callable[[bool], None] | None = None,
        *,
        interval_s: float = 1.0,
        timeout_s: float = 1.0,
        failures: int = 2,
    ) -> None:
        parts = urlsplit(url)
        if not parts.hostname:
            raise ValueError(f"no host in platform URL {url!r}")
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self._on_change = on_change
        self.interval_s = interval_s
        self.timeout_s = timeout_s
        self.failures = max(1, failures)
        self.online: bool | None = None
        #: Monotonic time of the last verdict change (None: no verdict yet).
        self.changed_at: float | None = None
        self.last_error: str | None = None
        self._misses = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="platform-probe", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.timeout_s + 5)
            self._thread = None

    def probe_once(self) -> bool:
        """One connection attempt; updates the verdict; True when it connected."""
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout_s):
                pass
        except OSError as e:
            self.last_error = f"{type(e).__name__}: {e}"
            self._misses += 1
            if self._misses >= self.failures:
                self._set(False)
            return False
        self._misses = 0
        self.last_error = None
        self._set(True)
        return True

    def _set(self, online: bool) -> None:
        if online == self.online:
            return
        self.online = online
        self.changed_at = time.monotonic()
        if online:
            log.info("platform %s:%d reachable again", self.host, self.port)
        else:
            log.warning("platform %s:%d unreachable: %s", self.host, self.port, self.last_error)
        if self._on_change is not None:
            try:
                self._on_change(online)
            except Exception:
                log.exception("platform probe callback failed")

    def _run(self) -> None:
        while not self._stop.is_set():
            t = time.monotonic()
            self.probe_once()
            self._stop.wait(max(0.0, self.interval_s - (time.monotonic() - t)))

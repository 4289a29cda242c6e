"""Fleet heartbeat: every N seconds, report kiosk id, versions, devices and queue depth.

Two senders: :class:`HeartbeatSender` to the reference platform, and
:class:`FleetHeartbeatSender` to the fleet service (inventory, disk, uptime, and a
backlog that catches up after an outage).

Runs on its own thread; a platform that is down only means the next beat is
tried on schedule (the fleet view shows the kiosk's last beat time).
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from time import monotonic
from typing import Any

import httpx

from kiosk import __version__
from kiosk.config import KioskConfig
from kiosk.devices.manager import DeviceManager
from kiosk.platform.settings import platform_settings
from kiosk.privacy import scrub_text
from offline_queue.client import DeviceHealth, Heartbeat, PlatformClient

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueCounts:
    pending: int = 0
    dead: int = 0
    oldest_pending_age_s: float | None = None


def build_heartbeat(
    config: KioskConfig, devices: DeviceManager, queue: QueueCounts, config_version: str
) -> Heartbeat:
    return Heartbeat(
        kiosk_id=config.kiosk.id,
        app_version=__version__,
        config_version=config_version,
        devices=tuple(
            DeviceHealth(name, str(h.status), scrub_text(h.detail))
            for name, h in devices.health().items()
        ),
        queue_pending=queue.pending,
        queue_dead=queue.dead,
        oldest_pending_age_s=queue.oldest_pending_age_s,
    )


class HeartbeatSender:
    """Sends a heartbeat now and then every ``platform.heartbeat_interval_s``."""

    def __init__(
        self,
        config: KioskConfig,
        devices: DeviceManager,
        queue_counts: Callable[[], QueueCounts],
        config_version: str = "",
        client: PlatformClient | None = None,
    ) -> None:
        self.config = config
        self.devices = devices
        self.queue_counts = queue_counts
        self.config_version = config_version
        self.client = client or PlatformClient(platform_settings(config))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.sent = 0
        self.last_error: str | None = None

    def beat(self) -> bool:
        """Send one heartbeat; returns whether the platform took it."""
        hb = build_heartbeat(self.config, self.devices, self.queue_counts(), self.config_version)
        try:
            self.client.heartbeat(hb)
        except Exception as e:  # platform down or refusing: try again next time
            self.last_error = f"{type(e).__name__}: {e}"
            log.info("heartbeat not delivered: %s", self.last_error)
            return False
        self.sent += 1
        self.last_error = None
        return True

    def start(self) -> None:
        def run() -> None:
            while not self._stop.is_set():
                self.beat()
                self._stop.wait(self.config.platform.heartbeat_interval_s)

        self._thread = threading.Thread(target=run, name="heartbeat", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self.client.close()


# --- Fleet service heartbeats (fleet/, docs/fleet.md) ---------------------------------

#: Beats kept while the fleet service is unreachable; the oldest are dropped past this
#: (the fleet needs the latest state and a thinned history, not every beat of a week).
FLEET_BACKLOG = 100


@dataclass(frozen=True)
class FleetExtras:
    """What the heartbeat carries besides devices and the outbox (all free of personal data)."""

    catalog_version: str = ""
    journal_pending: int = 0
    sessions_total: int = 0
    last_session_at: str | None = None
    sam_id: str = ""


def _disk_free(path: Path) -> int | None:
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return None


def build_fleet_beat(
    seq: int,
    health: Mapping[str, Any],
    queue: QueueCounts,
    config_version: str,
    extras: FleetExtras,
    data_dir: Path,
    started_monotonic: float,
) -> dict[str, Any]:
    """One beat in the fleet service's format; device details are scrubbed of any PII."""
    devices = {
        name: {
            "status": str(getattr(h.status, "name", h.status)),
            "detail": scrub_text(h.detail)[:200],
        }
        for name, h in list(health.items())[:32]
    }
    return {
        "seq": seq,
        "sent_at": datetime.now(UTC).isoformat(),
        "app_version": __version__,
        "config_version": config_version[:64],
        "catalog_version": extras.catalog_version[:64],
        "devices": devices,
        "outbox_pending": queue.pending,
        "outbox_dead": queue.dead,
        "outbox_oldest_age_s": queue.oldest_pending_age_s,
        "journal_pending": extras.journal_pending,
        "disk_free_bytes": _disk_free(data_dir),
        "uptime_s": max(0.0, monotonic() - started_monotonic),
        "sessions_total": extras.sessions_total,
        "last_session_at": extras.last_session_at,
        "sam_id": extras.sam_id[:64],
    }


class FleetHeartbeatSender:
    """Heartbeats to the fleet service, queued while it is unreachable and caught up after.

    The sequence number is kept in ``<data>/fleet/heartbeat_seq`` so that it keeps
    growing across restarts: the service orders beats by it, never by our clock.
    The credential is the one the fleet agent stored at enrolment.
    """

    def __init__(
        self,
        config: KioskConfig,
        url: str,
        health: Callable[[], Mapping[str, Any]],
        queue_counts: Callable[[], QueueCounts],
        config_version: Callable[[], str] = lambda: "",
        extras: Callable[[], FleetExtras] = FleetExtras,
        timeout_s: float = 10.0,
    ) -> None:
        self.config = config
        self.url = url.rstrip("/")
        self.health = health
        self.queue_counts = queue_counts
        self.config_version = config_version
        self.extras = extras
        self.timeout_s = timeout_s
        self.state_dir = config.resolved_paths.data_dir / "fleet"
        self.backlog: deque[dict[str, Any]] = deque(maxlen=FLEET_BACKLOG)
        self._started = monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.sent = 0
        self.last_error: str | None = None

    def _next_seq(self) -> int:
        path = self.state_dir / "heartbeat_seq"
        try:
            seq = int(path.read_text().strip() or 0) + 1
        except (FileNotFoundError, ValueError):
            seq = 1
        self.state_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(str(seq))
        os.replace(tmp, path)
        return seq

    def beat(self) -> bool:
        """Queue a beat and send everything queued; returns whether the service took it."""
        with self._lock:
            self.backlog.append(
                build_fleet_beat(
                    self._next_seq(),
                    self.health(),
                    self.queue_counts(),
                    self.config_version(),
                    self.extras(),
                    self.config.resolved_paths.data_dir,
                    self._started,
                )
            )
            try:
                credential = (self.state_dir / "credential").read_text().strip()
                r = httpx.post(
                    f"{self.url}/api/terminal/heartbeat",
                    json={"beats": list(self.backlog)},
                    headers={"authorization": f"Bearer {credential}"},
                    timeout=self.timeout_s,
                )
                if r.status_code != 200:
                    raise RuntimeError(f"HTTP {r.status_code}: {r.text[:200]}")
            except Exception as e:  # offline or refused: keep the beats, try next time
                self.last_error = f"{type(e).__name__}: {e}"
                log.info(
                    "fleet heartbeat not delivered (%d queued): %s",
                    len(self.backlog),
                    self.last_error,
                )
                return False
            self.sent += len(self.backlog)
            self.backlog.clear()
            self.last_error = None
            return True

    def start(self) -> None:
        def run() -> None:
            while not self._stop.is_set():
                self.beat()
                self._stop.wait(self.config.platform.heartbeat_interval_s)

        self._thread = threading.Thread(target=run, name="fleet-heartbeat", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

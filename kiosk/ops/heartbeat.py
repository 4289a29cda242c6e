"""Fleet heartbeat: every N seconds, report kiosk id, versions, devices and queue depth.

Runs on its own thread; a platform that is down only means the next beat is
tried on schedule (the fleet view shows the kiosk's last beat time).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

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

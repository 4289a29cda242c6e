"""The kiosk's [platform] section as the settings of the offline queue's HTTP clients."""

from __future__ import annotations

from kiosk.config import KioskConfig
from offline_queue.client import PlatformSettings


def platform_settings(config: KioskConfig) -> PlatformSettings:
    """The kiosk's [platform] section as the offline queue's settings."""
    p = config.platform
    return PlatformSettings(
        url=p.url,
        token=p.token,
        ca_path=config.data_file(p.ca_path) if p.ca_path is not None else None,
        verify_tls=p.verify_tls,
        timeout_s=p.timeout_s,
    )

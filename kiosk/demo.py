"""The demo: every device on its simulator, a local reference platform, own data dir."""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.config import PROJECT_ROOT, KioskConfig
from kiosk.terminal import Terminal

log = logging.getLogger(__name__)

#: Devices whose simulator is not called "sim".
SIM_DRIVER_NAMES = {"signature_pad": "screen"}


def demo_config(config: KioskConfig, data_dir: Path | None = None) -> KioskConfig:
    """The same configuration with every device on its simulator."""
    devices = config.devices
    updates = {}
    for name in type(devices).model_fields:
        settings = getattr(devices, name)
        updates[name] = settings.model_copy(
            update={"driver": SIM_DRIVER_NAMES.get(name, "sim"), "enabled": True}
        )
    new = config.model_copy(
        update={
            "devices": devices.model_copy(update=updates),
            # The demo trusts the published demo key (config/demo-keys/, labelled
            # demo-only), so field-staff packages can be tried without real keys.
            "config_packages": config.config_packages.model_copy(
                update={"trusted_keys_dir": Path("demo-keys")}
            ),
        }
    )
    if data_dir is None and config.data_dir_override is None:
        new = new.model_copy(update={"data_dir_override": PROJECT_ROOT / "var" / "demo"})
    return new


def start_demo_services(terminal: Terminal) -> None:
    """Start what the demo needs besides the devices (reference platform, …)."""
    log.info("demo services started")

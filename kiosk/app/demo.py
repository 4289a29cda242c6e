"""The demo: every device on its simulator, a local reference platform, own data dir."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from pathlib import Path
from typing import Any

from kiosk.app.terminal import StartupProblem, Terminal
from kiosk.config import PROJECT_ROOT, KioskConfig

log = logging.getLogger(__name__)

#: Devices whose simulator is not called "sim".
SIM_DRIVER_NAMES = {"signature_pad": "screen"}

#: The fictional residents behind the demo's app codes.
DEMO_APP_IDENTITIES = [
    {
        "name": "林晓雯",
        "id_number": "350102198503120026",
        "gender": "2",
        "birth_date": "1985-03-12",
        "ethnicity": "汉",
        "address": "福州市鼓楼区杨桥路66号（虚构）",
    },
]


#: What the last :func:`demo_config` replaced (device: "driver → simulator"), said
#: on screen and in the log by :func:`start_demo_services` (logging starts later).
DEMO_SWAPS: list[str] = []


def demo_config(config: KioskConfig, data_dir: Path | None = None) -> KioskConfig:
    """The same configuration with every device on its simulator.

    Devices configured with a real driver (or disabled) are swapped too; which ones
    is kept in :data:`DEMO_SWAPS`, so the demo says so instead of doing it silently.
    """
    devices = config.devices
    updates = {}
    DEMO_SWAPS.clear()
    for name in type(devices).model_fields:
        settings = getattr(devices, name)
        sim = SIM_DRIVER_NAMES.get(name, "sim")
        if settings.driver != sim or not settings.enabled:
            was = settings.driver if settings.enabled else f"{settings.driver}, disabled"
            DEMO_SWAPS.append(f"{name}: {was} → {sim}")
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


class DemoPlatform:
    """The reference platform server running inside the demo process."""

    def __init__(self, terminal: Terminal) -> None:
        from offline_queue.server.runner import ServerThread
        from offline_queue.server.settings import ServerSettings

        config = terminal.config
        self.admin_token = secrets.token_urlsafe(16)
        token = config.platform.token or "demo-kiosk-token"
        catalog = getattr(terminal, "catalog", None)
        settings = ServerSettings(
            db_path=config.resolved_paths.data_dir / "platform" / "platform.db",
            tokens={token: config.kiosk.id},
            admin_token=self.admin_token,
            # The platform approves (and seals) the catalog's instant services itself.
            instant_services=frozenset(
                s.code for s in (catalog.services if catalog else []) if s.instant and s.certificate
            ),
        )
        self.server = ServerThread(settings)
        self.token = token

    def start(self) -> str:
        self.server.start()
        return self.server.url

    def stop(self) -> None:
        self.server.stop()

    def mint_app_code(self, identity: dict[str, Any], ttl_s: float = 600) -> str:
        import httpx  # here: the demo's start-up should not pay for httpcore (issue 18)

        r = httpx.post(
            f"{self.server.url}/v1/admin/app-codes",
            json={"identity": identity, "ttl_s": ttl_s},
            headers={"Authorization": f"Bearer {self.admin_token}"},
            timeout=5,
        )
        r.raise_for_status()
        return str(r.json()["token"])

    def provision_seal_key(self, path: Path) -> None:
        """Write the platform's public seal key where the terminal's config expects it.

        What the factory image does for a real terminal; the seal itself stays in the
        platform's memory, never on the terminal's disk.
        """
        import httpx

        r = httpx.get(f"{self.server.url}/v1/seal/public-key", timeout=5)
        r.raise_for_status()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(r.text, encoding="ascii")

    def register_reader_key(self, kiosk_id: str, public_key: str) -> None:
        """Enrol an ID-card reader's SAM key for ``kiosk_id`` (its card reads attest)."""
        import httpx

        r = httpx.put(
            f"{self.server.url}/v1/admin/kiosks/{kiosk_id}/reader-keys",
            json={"public_keys": [public_key]},
            headers={"Authorization": f"Bearer {self.admin_token}"},
            timeout=5,
        )
        r.raise_for_status()


def start_demo_services(terminal: Terminal) -> None:
    """Start the local reference platform and point the terminal at it."""
    platform = DemoPlatform(terminal)
    url = platform.start()
    config = terminal.config
    terminal.config = config.model_copy(
        update={
            "platform": config.platform.model_copy(update={"url": url, "token": platform.token})
        }
    )
    terminal.services["demo_platform"] = platform
    from kiosk.app.demo_desk import start_demo_desk

    start_demo_desk(terminal)  # 视频帮办: a local staff desk (issue 22)
    from kiosk.app.demo_payments import start_demo_gateway

    start_demo_gateway(terminal)  # 缴费: the reference payment gateway (issue 20)
    from kiosk.app.demo_courier import start_demo_courier

    start_demo_courier(terminal)  # 邮寄送达: the reference courier (issue 21)
    if DEMO_SWAPS:
        detail = "--demo replaced the configured devices by simulators: " + "; ".join(DEMO_SWAPS)
        log.warning("%s", detail)
        terminal.problems.append(StartupProblem("demo", detail))
    import httpx

    try:
        codes = [platform.mint_app_code(i) for i in DEMO_APP_IDENTITIES]
    except httpx.HTTPError as e:
        log.warning("demo app codes not minted: %s", e)
        codes = []
    terminal.devices.extras["qr_samples"] = codes
    from kiosk.devices.factories.document_printer import seal_key_path

    try:
        platform.provision_seal_key(seal_key_path(terminal.config))
    except (httpx.HTTPError, OSError) as e:
        log.warning("demo platform seal key not provisioned: %s", e)
    # The simulated reader's SAM (key in memory only), enrolled as a real one would be.
    from drivers.idcard.attest import SimulatedSam

    sam = terminal.devices.extras.setdefault("idcard_sam", SimulatedSam())
    try:
        platform.register_reader_key(config.kiosk.id, sam.public_key)
    except httpx.HTTPError as e:
        log.warning("demo reader key not enrolled: %s", e)
    terminal.devices.extras["demo_platform"] = platform
    log.info("demo platform at %s (%s)", url, dt.datetime.now().isoformat(timespec="seconds"))

"""The demo: every device on its simulator, a local reference platform, own data dir."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.app.demo_servers import DemoServers, Served
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


def serve_platform(spec: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """In the demo servers' child: the reference platform (see :mod:`kiosk.app.demo_servers`)."""
    from offline_queue.server.runner import ServerThread
    from offline_queue.server.settings import ServerSettings

    admin_token = secrets.token_urlsafe(16)
    settings = ServerSettings(
        db_path=Path(spec["db_path"]),
        tokens={spec["token"]: spec["kiosk_id"]},
        admin_token=admin_token,
        instant_services=frozenset(spec["instant_services"]),
    )
    server = ServerThread(settings).start()
    return server, {"url": server.url, "admin_token": admin_token}


def platform_spec(terminal: Terminal) -> dict[str, Any]:
    """What the child needs to serve the platform for ``terminal``."""
    config = terminal.config
    catalog = getattr(terminal, "catalog", None)
    return {
        "db_path": str(config.resolved_paths.data_dir / "platform" / "platform.db"),
        "token": config.platform.token or "demo-kiosk-token",
        "kiosk_id": config.kiosk.id,
        # The platform approves (and seals) the catalog's instant services itself.
        "instant_services": sorted(
            s.code for s in (catalog.services if catalog else []) if s.instant and s.certificate
        ),
    }


@dataclass(frozen=True)
class PlatformFiles:
    """Where the platform keeps its database (tests and the walkthrough read it)."""

    db_path: Path


@dataclass
class PlatformServer:
    """The platform in the demo servers' child: its URL, its files, and its stop."""

    served: Served
    settings: PlatformFiles

    @property
    def url(self) -> str:
        return self.served.url

    def stop(self) -> None:
        self.served.stop()


class DemoPlatform:
    """The reference platform server of the demo (in the demo servers' child process)."""

    def __init__(self, servers: DemoServers, spec: dict[str, Any]) -> None:
        info = servers.info["platform"]
        self.server = PlatformServer(
            servers.served("platform"), PlatformFiles(Path(spec["db_path"]))
        )
        self.admin_token: str = info["admin_token"]
        self.token: str = spec["token"]

    def stop(self) -> None:
        """Stop serving (the offline walkthrough does; the child runs on)."""
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


def start_demo_services(
    terminal: Terminal, departments: bool = False, servers: DemoServers | None = None
) -> DemoServers:
    """Start the reference servers (a child process) and point the terminal at them.

    The platform, the video desk, the payment gateway and the courier; with
    ``departments`` the four department servers too (``kiosk --demo``: before
    :func:`kiosk.app.wiring.attach_services`, whose sync lanes read the connectors).
    ``servers``: the child spawned earlier (``kiosk --demo`` spawns it first thing).
    """
    from kiosk.app.demo_courier import courier_spec, point_courier
    from kiosk.app.demo_departments import point_departments
    from kiosk.app.demo_desk import desk_spec, point_desk
    from kiosk.app.demo_payments import gateway_spec, point_gateway

    spec: dict[str, Any] = {
        "platform": platform_spec(terminal),
        "desk": desk_spec(terminal),  # 视频帮办: a local staff desk (issue 22)
        "gateway": gateway_spec(terminal),  # 缴费: the reference payment gateway (issue 20)
    }
    courier = courier_spec(terminal)  # 邮寄送达: the reference courier (issue 21)
    if courier is not None:
        spec["courier"] = courier
    if departments:
        spec["departments"] = {"data_dir": str(terminal.config.resolved_paths.data_dir)}
    if servers is None:
        servers = DemoServers()
    servers.start(spec)
    terminal.services["demo_servers"] = servers  # first in: stopped last
    platform = DemoPlatform(servers, spec["platform"])
    url = platform.server.url
    config = terminal.config
    terminal.config = config.model_copy(
        update={
            "platform": config.platform.model_copy(update={"url": url, "token": platform.token})
        }
    )
    terminal.services["demo_platform"] = platform
    point_desk(terminal, servers)
    point_gateway(terminal, servers, spec["gateway"])
    point_courier(terminal, servers)
    if departments:
        point_departments(terminal, servers)
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
    log.info(
        "demo platform at %s (%s), servers in process %d",
        url,
        dt.datetime.now().isoformat(timespec="seconds"),
        servers.pid,
    )
    return servers

"""``kiosk --demo``: the department reference servers, and the terminal's connectors on them.

Four back ends of the three API styles (docs/connectors.md) run in the demo servers'
child process (:mod:`kiosk.app.demo_servers`) on free 127.0.0.1 ports: the province's REST platform behind OAuth2, the housing fund's
SOAP WebService, the social-security 国密 gateway, and the national hub (跨省通办,
REST again). They serve the 2,000 generated fictional items (seed 19), written
once into the demo's data directory; the terminal's catalog sync fetches them from
there like from any deployment's departments.

Credentials are fresh per run: an OAuth2 client secret per REST server, SM2 key
pairs for us and for the gateway (our private key 0600 in the data directory, the
one file the connector's settings name). Nothing of them is logged.

:meth:`DemoDepartments.stop` (in the child, when the terminal's shutdown, in reverse
start order, so after the sync lanes, stops the child) stops the server threads and
closes their SQLite files.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.app.demo_servers import DemoServers
from kiosk.app.terminal import Terminal
from kiosk.config import ConnectorConfig

if TYPE_CHECKING:  # the servers' modules load in the demo servers' child only
    from department_servers.runner import AppThread
    from department_servers.store import CaseStore

log = logging.getLogger(__name__)

CLIENT_ID = "demo-kiosk"  # our OAuth2 client id and 国密 app id at every demo department

#: Connector name → (style, what the resident is told handles the case).
DEMO_CONNECTORS: dict[str, tuple[str, str]] = {
    "province": ("rest", "福州市政务服务平台（示例）"),
    "housing": ("soap", "福州住房公积金中心（示例）"),
    "social": ("gm", "福建省社会保险平台（示例）"),
    "hub": ("rest", "国家政务服务平台（跨省通办）"),
}


class DemoDepartments:
    """The four reference department servers of the demo, and the connectors to them."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = data_dir / "departments"
        self.servers: dict[str, AppThread] = {}
        #: Each server's case store (what arrived there: tests, and the demo's curious).
        self.stores: dict[str, CaseStore] = {}
        self.connectors: list[ConnectorConfig] = []

    def _items(self) -> dict[str, Path]:
        """The generated items, written on the first demo run only (pypinyin takes ~3 s)."""
        from department_servers.items_gen import SERVERS, write

        items_dir = self.dir / "items"
        paths = {s: items_dir / f"{s}.json" for s in SERVERS}
        if not all(p.exists() for p in paths.values()):
            log.info("demo departments: generating the 2,000 fictional items once")
            paths = write(items_dir)
        return paths

    def start(self) -> list[ConnectorConfig]:
        """Start every server; the connector settings that reach them."""
        from pydantic import SecretStr

        from department_servers.gm import GmSettings, create_gm_app
        from department_servers.rest import RestSettings, create_rest_app
        from department_servers.runner import AppThread
        from department_servers.soap import SoapSettings, create_soap_app
        from kiosk.platform.gm_crypto import sm2_keypair
        from offline_queue.fsutil import write_durable

        items = self._items()
        admin = secrets.token_urlsafe(16)  # no default credential, even in the demo
        gw_sk, gw_pk = sm2_keypair()
        our_sk, our_pk = sm2_keypair()
        key_file = self.dir / "social-client.key"
        write_durable(key_file, our_sk.hex().encode(), mode=0o600)
        try:
            for name, (style, label) in DEMO_CONNECTORS.items():
                db = self.dir / f"{name}.db"
                cfg: dict[str, Any] = {"name": name, "style": style, "label": label}
                app: Any
                if style == "rest":
                    secret = secrets.token_urlsafe(24)
                    hub = name == "hub"
                    app = create_rest_app(
                        RestSettings(
                            db,
                            {CLIENT_ID: secret},
                            admin,
                            items_file=items[name],
                            name=name,
                            region="000000" if hub else "350100",
                            case_prefix="N" if hub else "R",
                        )
                    )
                    cfg |= {"client_id": CLIENT_ID, "client_secret": SecretStr(secret)}
                elif style == "soap":
                    app = create_soap_app(
                        SoapSettings(db, admin, items_file=items[name], name=name)
                    )
                else:
                    settings = GmSettings(db, gw_sk, {CLIENT_ID: our_pk}, admin, items_file=items[name], name=name)  # fmt: skip
                    app = create_gm_app(settings)
                    cfg |= {
                        "app_id": CLIENT_ID,
                        "private_key_file": key_file,
                        "gateway_public_key": gw_pk.hex(),
                    }
                self.stores[name] = app.state.store
                srv = AppThread(app, name=f"demo-dept-{name}")
                self.servers[name] = srv
                srv.start()
                self.connectors.append(ConnectorConfig(url=srv.url, **cfg))
        except BaseException:
            self.stop()
            raise
        return self.connectors

    def stop(self) -> None:
        """Stop the server threads, then close their databases (idempotent)."""
        for srv in self.servers.values():
            srv.stop()
        self.servers.clear()
        for store in self.stores.values():
            store.close()  # the server's SQLite handle: no descriptor outlives the demo
        self.stores.clear()


@dataclass
class DemoDepartmentServers:
    """The department servers as the terminal sees them (they run in the child)."""

    servers: DemoServers
    dir: Path
    connectors: list[ConnectorConfig]

    @property
    def pid(self) -> int:
        """The process serving them (its descriptors hold their SQLite files)."""
        return self.servers.pid

    def stop(self) -> None:
        self.servers.stop_one("departments")


def point_departments(terminal: Terminal, servers: DemoServers) -> DemoDepartmentServers:
    """Point the terminal's connectors at the child's department servers.

    Call before :func:`kiosk.app.wiring.attach_services`: the sync lanes and the
    catalog sync are built from ``terminal.config.connectors``. Connectors of the
    configuration are replaced (said in the log), as devices are by simulators.
    """
    info = servers.info["departments"]
    connectors = [ConnectorConfig(**c) for c in info["connectors"]]
    config = terminal.config
    if config.connectors:
        log.warning(
            "--demo replaced the configured connectors (%s) by the reference departments",
            ", ".join(c.name for c in config.connectors),
        )
    terminal.config = config.model_copy(update={"connectors": connectors})
    depts = DemoDepartmentServers(servers, Path(info["dir"]), connectors)
    terminal.services["demo_departments"] = depts
    log.info(
        "demo departments: %s",
        ", ".join(f"{c.name} ({c.style}) at {c.url}" for c in connectors),
    )
    return depts


def start_demo_departments(terminal: Terminal) -> DemoDepartmentServers:
    """The department servers alone, in a child of their own (``kiosk --demo`` starts
    them with the other reference servers: :func:`kiosk.app.demo.start_demo_services`)."""
    servers = DemoServers(
        {"departments": {"data_dir": str(terminal.config.resolved_paths.data_dir)}}
    )
    terminal.services["demo_servers"] = servers
    return point_departments(terminal, servers)

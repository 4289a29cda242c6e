"""Department reference servers on 127.0.0.1 (ephemeral ports) and outboxes for connector tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from department_servers.gm import GmSettings, create_gm_app
from department_servers.rest import RestSettings, create_rest_app
from department_servers.runner import AppThread
from department_servers.soap import SoapSettings, create_soap_app
from kiosk.platform.gm_crypto import sm2_keypair
from offline_queue.outbox import Outbox

ADMIN = "dept-admin"
CLIENT_ID, CLIENT_SECRET = "kiosk-FZ-0001", "s3cret-for-tests"
# The national hub (跨省通办) is another REST instance with credentials of its own.
HUB_CLIENT_ID, HUB_CLIENT_SECRET = "hub-kiosk-FZ-0001", "hub-s3cret-for-tests"
KIOSK = "FZ-TEST-0001"
APP_ID = "kiosk-FZ-0001"
# SM2 key pairs of the tests: fresh ones for each test session (conftest is imported
# once), so no private key lives in the repository.
GW_SK, GW_PK = sm2_keypair()
CLIENT_SK, CLIENT_PK = sm2_keypair()

SAMPLE_ITEMS = [
    {
        "code": f"11350100MB0000000X4{i:02d}000{i:02d}",
        "name": f"测试事项{i}",
        "department": "市住建局",
    }
    for i in range(5)
]


def set_faults(srv: AppThread, **faults: Any) -> None:
    r = httpx.put(f"{srv.url}/admin/faults", json=faults, headers={"X-Admin-Token": ADMIN})
    assert r.status_code == 204, r.text


class Servers:
    """Starts servers for one test and stops them after it."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.running: list[AppThread] = []

    def _items(self, name: str, items_file: Path | None) -> Path:
        """The given item file, or the five sample items written for this server."""
        if items_file is not None:
            return items_file
        items = self.tmp / f"{name}-items.json"
        items.write_text(json.dumps(SAMPLE_ITEMS, ensure_ascii=False), "utf-8")
        return items

    def rest(
        self,
        name: str = "rest",
        items_file: Path | None = None,
        clients: dict[str, str] | None = None,
        **kw: Any,
    ) -> AppThread:
        settings = RestSettings(
            db_path=self.tmp / f"{name}.db",
            clients=clients or {CLIENT_ID: CLIENT_SECRET},
            admin_token=ADMIN,
            items_file=self._items(name, items_file),
            name=name,
            seed=7,
            **kw,
        )
        return self._start(create_rest_app(settings), name)

    def hub(self, items_file: Path | None = None) -> AppThread:
        """The national hub (跨省通办): the REST server again, its own clients and region."""
        return self.rest(
            "hub", items_file, clients={HUB_CLIENT_ID: HUB_CLIENT_SECRET}, region="000000"
        )

    def gm(self, name: str = "gm", items_file: Path | None = None, **kw: Any) -> AppThread:
        settings = GmSettings(
            db_path=self.tmp / f"{name}.db",
            gateway_private_key=GW_SK,
            clients={APP_ID: CLIENT_PK},
            admin_token=ADMIN,
            items_file=self._items(name, items_file),
            name=name,
            seed=7,
            **kw,
        )
        return self._start(create_gm_app(settings), name)

    def soap(self, name: str = "soap", items_file: Path | None = None, **kw: Any) -> AppThread:
        settings = SoapSettings(
            db_path=self.tmp / f"{name}.db",
            admin_token=ADMIN,
            items_file=self._items(name, items_file),
            name=name,
            seed=7,
            **kw,
        )
        return self._start(create_soap_app(settings), name)

    def _start(self, app: Any, name: str) -> AppThread:
        srv = AppThread(app, name=name).start()
        self.running.append(srv)
        return srv


@pytest.fixture(scope="session")
def generated_items(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The 2,000 generated items (seed 19), one JSON file per reference server."""
    from department_servers.items_gen import write

    return write(tmp_path_factory.mktemp("items"))


def publish_items(srv: AppThread, items: list[dict[str, Any]]) -> None:
    r = httpx.post(f"{srv.url}/admin/items", json=items, headers={"X-Admin-Token": ADMIN})
    assert r.status_code == 204, r.text


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Servers]:
    s = Servers(tmp_path)
    yield s
    for srv in s.running:
        srv.stop()


@pytest.fixture
def make_outbox(tmp_path: Path) -> Iterator[Callable[..., Outbox]]:
    made: list[Outbox] = []

    def make(name: str = "outbox") -> Outbox:
        ob = Outbox(tmp_path / "data" / name, tmp_path / "data" / "outbox.key")
        made.append(ob)
        return ob

    yield make
    for ob in made:
        ob.close()


def connectors_toml(tmp: Path, urls: dict[str, str]) -> str:
    """``[[connectors]]`` for the four reference servers (province, housing, social, hub)."""
    key = tmp / "gm-client.key"
    key.write_text(CLIENT_SK.hex(), "utf-8")
    styles = {"province": "rest", "housing": "soap", "social": "gm", "hub": "rest"}
    out = []
    for name, url in urls.items():
        style = styles[name]
        out.append(f'[[connectors]]\nname = "{name}"\nstyle = "{style}"\nurl = "{url}"\n')
        if style == "rest":
            hub = name == "hub"
            cid = HUB_CLIENT_ID if hub else CLIENT_ID
            secret = HUB_CLIENT_SECRET if hub else CLIENT_SECRET
            out.append(f'client_id = "{cid}"\nclient_secret = "{secret}"\n')
        if style == "gm":
            out.append(f'app_id = "{APP_ID}"\nprivate_key_file = "{key}"\n')
            out.append(f'gateway_public_key = "{GW_PK.hex()}"\n')
        if name == "hub":
            out.append('label = "国家政务服务平台（跨省通办）"\n')
    return "\n".join(out)

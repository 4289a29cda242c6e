"""The running terminal: catalog from the cache at start, synced, installed between sessions."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from kiosk.app.catalog_wiring import attach_catalog_sync
from kiosk.app.terminal import Terminal
from kiosk.config import CONFIG_DIR, load_config
from kiosk.identity.document import IdentityDocument
from kiosk.services.submissions import SubmissionService
from offline_queue.models import State
from tests.connectors.conftest import Servers, connectors_toml, publish_items

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _config(tmp_path: Path, urls: dict[str, str]):
    cfg = tmp_path / "kiosk.toml"
    default = (PROJECT_ROOT / "config" / "default.toml").read_text(encoding="utf-8")
    cfg.write_text(default + "\n" + connectors_toml(tmp_path, urls), encoding="utf-8")
    return load_config(cfg, tmp_path / "data")


def test_terminal_syncs_installs_between_sessions_and_routes_synced_items(
    servers: Servers, generated_items: dict[str, Path], tmp_path: Path
) -> None:
    srv = {
        "province": servers.rest("province", generated_items["province"]),
        "social": servers.gm("social", generated_items["social"]),
    }
    config = _config(tmp_path, {n: s.url for n, s in srv.items()})
    terminal = Terminal(config, setup_log=False)
    try:
        shipped = len(terminal.catalog.services)
        assert attach_catalog_sync(terminal) is not None
        terminal.maintain()  # the first periodic check syncs in full and installs
        cat = terminal.catalog
        assert len(cat.services) == shipped + len(srv["province"].app.state.store.items) + 256
        assert Counter(s.connector for s in cat.services if s.version) == {
            "province": 1393,
            "social": 256,
        }
        # Mid-session an item changes: the cache has it, the resident's catalog does not.
        code = next(s.code for s in cat.services if s.connector == "province")
        item = srv["province"].app.state.store.items[0]
        assert item["code"] == code
        terminal.session.data.identity = IdentityDocument.__new__(IdentityDocument)
        publish_items(srv["province"], [{**item, "name": "会话中更新的事项"}])
        refresher = terminal.services["catalog_sync"]
        refresher.refresh()
        refresher()
        assert terminal.catalog.get(code).name != "会话中更新的事项"
        terminal.session.data.identity = None  # the session ended (wiped)
        refresher()
        assert terminal.catalog.get(code).name == "会话中更新的事项"
    finally:
        terminal.stop()
    # A restart while every department is unreachable starts from the cache.
    for s in srv.values():
        s.stop()
    again = Terminal(config, setup_log=False)
    try:
        # Before the window only the shipped catalog; the cache comes after (start()).
        assert len(again.catalog.services) == shipped
        again.load_cached_catalog()
        assert len(again.catalog.services) == len(cat.services)
        assert again.catalog.get(code).name == "会话中更新的事项"
    finally:
        again.stop()


def test_a_synced_item_routes_to_its_connector_once(
    servers: Servers, generated_items: dict[str, Path], tmp_path: Path
) -> None:
    social = servers.gm("social", generated_items["social"])
    config = _config(tmp_path, {"social": social.url})
    terminal = Terminal(config, setup_log=False)
    attach_catalog_sync(terminal)
    terminal.maintain()
    terminal.stop()
    code = next(s.code for s in terminal.catalog.services if s.connector == "social")
    svc = SubmissionService(config)  # routes from the running catalog, cache included
    svc.start()
    try:
        receipt = svc.submit(code, {"phone": "13800000000"}, {}, [])
        deadline = time.monotonic() + 60
        while svc.outbox.get(receipt.submission_id).state is not State.ACKNOWLEDGED:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert svc.outbox.get(receipt.submission_id).connector == "social"
        assert social.app.state.store.business_keys() == [receipt.submission_id]
    finally:
        svc.stop()


def test_shipped_search_keys_are_what_pypinyin_says() -> None:
    """The keys in config/catalog.toml were computed once; they must not go stale."""
    import tomllib

    from kiosk.services.catalog_search import search_keys

    data = tomllib.loads((CONFIG_DIR / "catalog.toml").read_text("utf-8"))
    for s in data["services"]:
        assert (s["pinyin"], s["initials"]) == search_keys(s["name"]), s["code"]


def test_the_cache_is_read_after_start_and_a_damaged_one_falls_back(
    tmp_path: Path, generated_items: dict[str, Path]
) -> None:
    """Reading and validating 2,000 cached items is off the start path, not lost."""
    import json

    from kiosk.services.catalog_cache import CatalogCache, ConnectorItems, Snapshot

    config = load_config(None, tmp_path / "data")
    cache = CatalogCache.for_config(config)
    some = json.loads(generated_items["province"].read_text("utf-8"))["items"][:5]
    items = {i["code"]: i for i in some}
    cache.save(Snapshot({"province": ConnectorItems(3, items)}))
    terminal = Terminal(config, setup_log=False)
    shipped = terminal.catalog
    try:
        assert all(not s.connector for s in shipped.services)
        assert not terminal.cached_catalog_loaded.is_set()
        terminal.start()  # after the first paint in the app: the cache is read on a thread
        assert terminal.cached_catalog_loaded.wait(60)
        assert [s.code for s in terminal.catalog.services if s.connector] == list(items)
        assert terminal.problems == []
        # A sync that installed a newer catalog first is not undone by a late cache read.
        newer = shipped.model_copy()
        assert terminal.install_catalog(newer)
        terminal.load_cached_catalog()
        assert terminal.catalog is newer
    finally:
        terminal.stop()
    # Damaged: the shipped catalog stays, with a technician alert.
    raw = cache.path.read_bytes()
    cache.path.write_bytes(raw[:-40] + b"X" * 40)
    damaged = Terminal(config, setup_log=False)
    damaged.load_cached_catalog()
    assert damaged.catalog is not None
    assert len(damaged.catalog.services) == len(shipped.services)
    assert [p.what for p in damaged.problems] == ["catalog cache"]
    assert "checksum mismatch" in damaged.problems[0].detail
    damaged.stop()

"""The item catalog from the connectors: full then incremental sync, cache, offline start."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from department_servers.soap import WSDL
from kiosk.config import CONFIG_DIR
from kiosk.platform.connector import Connector
from kiosk.platform.gm import GmConnector
from kiosk.platform.rest import RestConnector
from kiosk.platform.soap import SoapConnector
from kiosk.services.catalog import load_catalog
from kiosk.services.catalog_cache import CatalogCache, CatalogCacheDamaged, merge_catalog
from kiosk.services.catalog_sync import sync_all
from tests.connectors.conftest import (
    APP_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    CLIENT_SK,
    GW_PK,
    HUB_CLIENT_ID,
    HUB_CLIENT_SECRET,
    Servers,
    publish_items,
    set_faults,
)

SHIPPED = load_catalog(CONFIG_DIR / "catalog.toml")


class Source:
    """The connectors by name (what ConnectorRegistry offers the sync)."""

    def __init__(self, conns: list[Connector]) -> None:
        self.conns = {c.name: c for c in conns}

    def names(self) -> list[str]:
        return sorted(self.conns)

    def get(self, name: str) -> Connector:
        return self.conns[name]

    def close(self) -> None:
        for c in self.conns.values():
            c.close()


@pytest.fixture(scope="module")
def four(tmp_path_factory: pytest.TempPathFactory, generated_items: dict[str, Path]):
    """The four servers for the whole module (each test changes only its own items)."""
    servers = Servers(tmp_path_factory.mktemp("four"))
    srv = {
        "province": servers.rest("province", generated_items["province"]),
        "housing": servers.soap("housing", generated_items["housing"]),
        "social": servers.gm("social", generated_items["social"]),
        "hub": servers.hub(generated_items["hub"]),
    }
    source = Source(
        [
            RestConnector("province", srv["province"].url, CLIENT_ID, CLIENT_SECRET, timeout_s=10),
            SoapConnector("housing", srv["housing"].url, WSDL, timeout_s=10),
            GmConnector("social", srv["social"].url, APP_ID, CLIENT_SK, GW_PK, timeout_s=10),
            RestConnector("hub", srv["hub"].url, HUB_CLIENT_ID, HUB_CLIENT_SECRET, timeout_s=10),
        ]
    )
    yield srv, source
    source.close()
    for t in servers.running:
        t.stop()


@pytest.fixture(scope="module")
def first_sync(four, tmp_path_factory: pytest.TempPathFactory):
    """One full sync from the four; tests start from a copy of its cache file."""
    _, source = four
    cache = CatalogCache(tmp_path_factory.mktemp("first") / "cache.json")
    return sync_all(source, cache), cache.path.read_bytes()


def _cache(tmp_path: Path, first_sync) -> CatalogCache:
    cache = CatalogCache(tmp_path / "cache.json")
    cache.path.write_bytes(first_sync[1])
    return cache


def _count(catalog, connector: str) -> int:
    return sum(1 for s in catalog.services if s.connector == connector)


def test_full_sync_then_incremental_by_version(four, first_sync, tmp_path: Path) -> None:
    srv, source = four
    first = first_sync[0]
    assert all(r.full and r.error is None for r in first.results)
    assert first.snapshot.item_count() == 2000
    cache = _cache(tmp_path, first_sync)
    catalog, problems = merge_catalog(SHIPPED, cache.load())
    assert problems == []
    assert len(catalog.services) == 2000 + len(SHIPPED.services)
    generated = [s for s in catalog.services if s.version > 0]
    assert len({s.department for s in generated}) == 22
    assert Counter(s.connector for s in generated).keys() == {
        "province",
        "housing",
        "social",
        "hub",
    }
    # The shipped services keep their codes and connector (flows and tests use them).
    assert catalog.get("ZM-WFZJL").connector == "" and catalog.get("ZM-WFZJL").impl_code
    # Incremental: two changed, one new, one withdrawn on the province's platform.
    before = {s.code: s for s in generated if s.connector == "province"}
    a, b, gone = list(before)[:3]
    changed = [
        {
            **json.loads(before[a].model_dump_json()),
            "name": "户口迁移证明开具（新版）",
            "pinyin": "",
            "initials": "",
        },
        {**json.loads(before[b].model_dump_json()), "hot": True},
        {
            **json.loads(before[a].model_dump_json()),
            "code": "3501020001-GG-9999",
            "name": "测试新增事项",
        },
        {"code": gone, "withdrawn": True},
    ]
    publish_items(srv["province"], changed)
    second = sync_all(source, cache)
    by = {r.name: r for r in second.results}
    assert not by["province"].full and by["province"].changed == 4
    assert by["province"].version == first.snapshot.version("province") + 1
    assert by["housing"].changed == 0 and not by["housing"].full
    catalog, _ = merge_catalog(SHIPPED, cache.load())
    assert catalog.get(a).name == "户口迁移证明开具（新版）"
    # Keys the platform left out are computed on sync, and searchable.
    assert catalog.get(a).initials.startswith("hkqyzmkj")
    assert catalog.search("hkqyzmkj")[0].code == a
    assert catalog.get(b).hot and catalog.get("3501020001-GG-9999").name == "测试新增事项"
    with pytest.raises(KeyError):
        catalog.get(gone)
    assert _count(catalog, "province") == 1393 + 1 - 1


def test_one_connector_down_keeps_its_cached_items(four, first_sync, tmp_path: Path) -> None:
    srv, source = four
    cache = _cache(tmp_path, first_sync)
    set_faults(srv["housing"], down=True)
    try:
        item = {
            "code": "0000000001-GG-9998",
            "name": "又一新增事项",
            "department": "鼓楼区公安分局（示例）",
            "category": "cross_region",
            "handled_by": "某省（跨省通办）",
            "guide": {"conditions": ["无"], "legal_basis": "示例", "time_limit": "即时"},
        }
        publish_items(srv["hub"], [item])
        out = sync_all(source, cache)
    finally:
        set_faults(srv["housing"])
    by = {r.name: r for r in out.results}
    assert by["housing"].error and by["hub"].error is None and by["hub"].changed == 1
    snap = cache.load()
    assert len(snap.connectors["housing"].items) == 260  # kept from the last sync
    assert "0000000001-GG-9998" in snap.connectors["hub"].items


def test_a_mangled_code_is_left_out_and_named(four, first_sync, tmp_path: Path) -> None:
    srv, source = four
    cache = _cache(tmp_path, first_sync)
    code, item = next(iter(cache.load().connectors["social"].items.items()))
    impl = item["impl_code"]
    # One digit of the implementing body's organisation code changed on the way.
    bad = impl[:10] + str((int(impl[10]) + 1) % 10) + impl[11:]
    publish_items(srv["social"], [{**item, "impl_code": bad}])
    sync_all(source, cache)
    catalog, problems = merge_catalog(SHIPPED, cache.load())
    assert any(code in p and "check" in p for p in problems), problems
    with pytest.raises(KeyError):
        catalog.get(code)
    assert _count(catalog, "social") == 256 - 1


def _write_config(tmp_path: Path) -> Path:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(
        f'[kiosk]\nid = "FZ-TEST-0001"\nregion = "350102"\n[paths]\ndata_dir = "{tmp_path / "data"}"\n'
        f'[catalog]\npath = "{CONFIG_DIR / "catalog.toml"}"\n',
        "utf-8",
    )
    return cfg


def test_offline_start_from_the_cache_and_damaged_cache_falls_back(
    first_sync, tmp_path: Path
) -> None:
    from kiosk.config import load_config
    from kiosk.services.catalog_cache import load_running_catalog

    config = load_config(_write_config(tmp_path))
    cache = CatalogCache.for_config(config)
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    cache.path.write_bytes(first_sync[1])  # what the last sync left; no server is asked
    catalog, alerts = load_running_catalog(config)
    assert len(catalog.services) == 2000 + len(SHIPPED.services) and alerts == []
    raw = bytearray(cache.path.read_bytes())
    raw[len(raw) // 2] ^= 0x01  # one flipped bit
    cache.path.write_bytes(bytes(raw))
    with pytest.raises(CatalogCacheDamaged):
        cache.load()
    catalog, alerts = load_running_catalog(config)
    assert len(catalog.services) == len(SHIPPED.services)
    assert len(alerts) == 1 and "catalog cache damaged" in alerts[0]
    cache.path.write_bytes(b"\x00garbage")
    catalog, alerts = load_running_catalog(config)
    assert catalog.get("ZM-WFZJL") and "damaged" in alerts[0]


def test_search_at_scale_never_imports_pypinyin(first_sync, tmp_path: Path) -> None:
    """Loading the cached catalog and searching it: no pypinyin in the process."""
    cache = _cache(tmp_path, first_sync)
    probe = f"""
import sys
from kiosk.config import CONFIG_DIR
from kiosk.services.catalog import load_catalog
from kiosk.services.catalog_cache import CatalogCache, merge_catalog
cat, _ = merge_catalog(load_catalog(CONFIG_DIR / "catalog.toml"), CatalogCache({str(cache.path)!r}).load())
hits = [cat.search(q)[0].name for q in ("wfz", "wufanzui", "无犯罪", "gongjijin")]
print(len(cat.services), "|".join(hits), "pypinyin" in sys.modules)
"""
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    ).stdout.split()
    assert out[0] == str(2000 + len(SHIPPED.services))
    hits = out[1].split("|")
    assert (
        hits[0] == "无犯罪记录证明" and hits[1] == "无犯罪记录证明" and hits[2] == "无犯罪记录证明"
    )
    assert "公积金" in hits[3]
    assert out[2] == "False"


def test_generator_is_reproducible_and_codes_are_unique(generated_items: dict[str, Path]) -> None:
    from department_servers.items_gen import generate

    again = generate(19)  # the session's files were written from seed 19 too
    assert again == {
        n: json.loads(p.read_text("utf-8"))["items"] for n, p in generated_items.items()
    }
    assert generate(20, count=100) != generate(19, count=100)
    codes = [i["code"] for items in again.values() for i in items]
    impl = [i["impl_code"] for items in again.values() for i in items]
    assert len(codes) == len(set(codes)) == 2000
    assert len(impl) == len(set(impl))


def test_cross_region_items_come_from_the_hub_with_its_own_credentials(
    four, first_sync, tmp_path: Path
) -> None:
    from offline_queue.errors import PlatformAuthError

    srv, _ = four
    wrong = RestConnector("hub", srv["hub"].url, CLIENT_ID, CLIENT_SECRET, timeout_s=10)
    try:
        with pytest.raises(PlatformAuthError):
            wrong.fetch_items(0)  # the province's client is not the hub's
    finally:
        wrong.close()
    catalog, _ = merge_catalog(SHIPPED, _cache(tmp_path, first_sync).load())
    remote = [s for s in catalog.services if s.connector == "hub"]
    assert len(remote) == 91 and all(
        s.cross_region and s.category == "cross_region" for s in remote
    )
    # Handled in another province: its region, its body, a longer promised time.
    assert all(
        not s.region.startswith("35") and s.handled_by.endswith("（跨省通办）") for s in remote
    )
    assert all(s.guide.implementing_body in s.handled_by for s in remote)
    assert not any(s.cross_region for s in catalog.services if s.connector != "hub")

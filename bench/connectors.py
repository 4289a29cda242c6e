"""Connectors and the catalog at scale: sync, search, submissions, 国密 crypto.

    .venv/bin/python bench/connectors.py [--items 2000] [--queries 200] [--submits 100] [--repeats 5]

* catalog sync of the generated items from four reference servers (REST province,
  SOAP housing fund, 国密 social security, REST national hub), full (fresh cache)
  and incremental (20 changed items; nothing changed); the terminal's start: the
  shipped catalog before the window, the cache read and validated after the first
  paint on a thread, both in the same run;
* search latency over the merged catalog: ``--queries`` queries (Chinese
  substrings, initials and full-pinyin prefixes, single letters, misses), median
  and p99 (target p99 < 30 ms), beside the previous linear scan;
* submissions per second per connector against its local server (sequential,
  one connection each);
* SM2 sign+verify, and SM4-GCM against AES-256-GCM throughput, in the same run.

The servers run in this process (uvicorn threads), so client and server share
the GIL: figures are an upper bound on per-call cost, not a capacity. Printed,
never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchstats import med_p99, median, ratio_line

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from department_servers.gm import GmSettings, create_gm_app  # noqa: E402
from department_servers.items_gen import write  # noqa: E402
from department_servers.rest import RestSettings, create_rest_app  # noqa: E402
from department_servers.runner import AppThread  # noqa: E402
from department_servers.soap import WSDL, SoapSettings, create_soap_app  # noqa: E402
from kiosk.platform.connector import CaseIn, Connector  # noqa: E402
from kiosk.platform.gm import GmConnector  # noqa: E402
from kiosk.platform.gm_crypto import sm2_keypair, sm2_sign, sm2_verify  # noqa: E402
from kiosk.platform.rest import RestConnector  # noqa: E402
from kiosk.platform.soap import SoapConnector  # noqa: E402
from kiosk.services.catalog import Catalog, Service, load_catalog  # noqa: E402
from kiosk.services.catalog_cache import CatalogCache, merge_catalog  # noqa: E402
from kiosk.services.catalog_sync import sync_all  # noqa: E402

ADMIN, CID, SECRET, APP = "bench-admin", "bench-kiosk", "bench-secret", "bench-app"


class Source:
    def __init__(self, conns: list[Connector]) -> None:
        self.conns = {c.name: c for c in conns}

    def names(self) -> list[str]:
        return sorted(self.conns)

    def get(self, name: str) -> Connector:
        return self.conns[name]


def timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def start_servers(tmp: Path, items: dict[str, Path]) -> tuple[dict[str, AppThread], bytes, bytes]:
    gw_sk, gw_pk = sm2_keypair()
    cl_sk, cl_pk = sm2_keypair()
    srv = {
        "province": AppThread(
            create_rest_app(
                RestSettings(tmp / "p.db", {CID: SECRET}, ADMIN, items_file=items["province"])
            )
        ),
        "housing": AppThread(
            create_soap_app(SoapSettings(tmp / "h.db", ADMIN, items_file=items["housing"]))
        ),
        "social": AppThread(
            create_gm_app(
                GmSettings(tmp / "s.db", gw_sk, {APP: cl_pk}, ADMIN, items_file=items["social"])
            )
        ),
        "hub": AppThread(
            create_rest_app(
                RestSettings(
                    tmp / "n.db", {CID: SECRET}, ADMIN, items_file=items["hub"], name="hub"
                )
            )
        ),
    }
    for s in srv.values():
        s.start()
    return srv, cl_sk, gw_pk


def connectors(srv: dict[str, AppThread], cl_sk: bytes, gw_pk: bytes) -> list[Connector]:
    return [
        RestConnector("province", srv["province"].url, CID, SECRET),
        SoapConnector("housing", srv["housing"].url, WSDL),
        GmConnector("social", srv["social"].url, APP, cl_sk, gw_pk),
        RestConnector("hub", srv["hub"].url, CID, SECRET),
    ]


def bench_sync(tmp: Path, source: Source, srv: dict[str, AppThread], repeats: int) -> Catalog:
    print("\n== catalog sync")
    full: list[float] = []
    per: dict[str, list[float]] = {n: [] for n in source.names()}
    snap = None
    for r in range(repeats):
        cache = CatalogCache(tmp / f"full-{r}.json")
        full.append(timed(lambda c=cache: sync_all(source, c)))
        for n in source.names():
            per[n].append(timed(lambda n=n: source.get(n).fetch_items(0)))
        snap = cache.load()
    assert snap is not None
    n_items = snap.item_count()
    print(
        f"full sync, {n_items} items, 4 connectors:   {med_p99(full)}  "
        f"({n_items / median(full):,.0f} items/s)"
    )
    for n, xs in per.items():
        print(f"  full list from {n:9}           {med_p99(xs)}")
    cache = CatalogCache(tmp / f"full-{repeats - 1}.json")
    province = [i for i in snap.connectors["province"].items.values()][:20]
    inc, nothing = [], []
    for r in range(max(repeats * 4, 10)):
        changed = [
            {**i, "name": i["name"] + f"（第{r}版）", "pinyin": "", "initials": ""}
            for i in province
        ]
        httpx.post(
            f"{srv['province'].url}/admin/items", json=changed, headers={"X-Admin-Token": ADMIN}
        )
        inc.append(timed(lambda: sync_all(source, cache)))
        nothing.append(timed(lambda: sync_all(source, cache)))
    print(f"incremental, 20 changed items:           {med_p99(inc)}")
    print(f"incremental, nothing changed:            {med_p99(nothing)}")
    print(ratio_line("full / incremental (20 items)", full, inc))
    shipped = load_catalog(ROOT / "config" / "catalog.toml")
    starts = [timed(lambda: merge_catalog(shipped, cache.load())) for _ in range(repeats)]
    print(f"cache read + validate (after 1st paint): {med_p99(starts)}")
    before = [timed(lambda: load_catalog(ROOT / "config" / "catalog.toml")) for _ in range(repeats)]
    print(f"catalog before the window (shipped only): {med_p99(before)}")
    catalog, _ = merge_catalog(shipped, cache.load())
    return catalog


def linear_search(services: list[Service], query: str) -> list[Service]:
    """The previous Catalog.search: a scan of every item per query (keys precomputed)."""
    q = query.strip().lower()
    hits: list[tuple[int, Service]] = []
    for s in services:
        if q in s.name.lower():
            hits.append((0, s))
        elif q.isascii() and q.isalpha() and q in s.initials:
            hits.append((1 if s.initials.startswith(q) else 2, s))
        elif any(q in t for t in s.tags) or q in s.department.lower():
            hits.append((3, s))
    hits.sort(key=lambda h: h[0])
    return [s for _, s in hits]


def queries(catalog: Catalog, n: int, rng: random.Random) -> list[str]:
    out = []
    services = catalog.services
    for i in range(n):
        s = rng.choice(services)
        kind = i % 5
        if kind == 0:
            a = rng.randrange(max(1, len(s.name) - 2))
            out.append(s.name[a : a + rng.randint(2, 4)])
        elif kind == 1:
            out.append(s.initials[: rng.randint(2, 5)])
        elif kind == 2:
            out.append(s.pinyin[: rng.randint(4, 10)])
        elif kind == 3:
            out.append(rng.choice("abcdefghjklmnpqrstwxyz"))
        else:
            out.append("".join(rng.choice("qvxz") for _ in range(6)))  # a miss
    return out


def bench_search(catalog: Catalog, n: int) -> None:
    print(f"\n== search over {len(catalog.services)} items ({n} queries)")
    fresh = Catalog.model_validate(catalog.model_dump())  # an unbuilt index
    build = timed(lambda: fresh.index)
    print(f"index build (once per catalog):         {build * 1000:7.2f} ms")
    qs = queries(catalog, n, random.Random(19))
    ours = [timed(lambda q=q: catalog.search(q)) for q in qs]
    base = [timed(lambda q=q: linear_search(catalog.services, q)) for q in qs]
    print(f"index search:                            {med_p99(ours)}  (target p99 < 30 ms)")
    print(f"previous linear scan:                    {med_p99(base)}")
    print(ratio_line("index / linear scan", ours, base))
    probe = (
        "import time; t = time.perf_counter(); import pypinyin.core; print(time.perf_counter() - t)"
    )
    cost = float(
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout
    )
    print(f"pypinyin import, no longer on catalog entry: {cost * 1000:.0f} ms (fresh process)")


def bench_submits(source: Source, n: int) -> None:
    print(f"\n== submissions per connector ({n} each, sequential)")
    for name in ("province", "housing", "social"):
        conn = source.get(name)
        lat = []
        for i in range(n):
            case = CaseIn(uuid.uuid4().hex, "BENCH", {"i": i})
            lat.append(timed(lambda c=case, conn=conn: conn.submit(c)))
        print(f"  {name:9} {med_p99(lat)}  {n / sum(lat):7.1f} submissions/s")


def bench_crypto(n: int) -> None:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    print("\n== 国密 crypto against AES-GCM (this run)")
    sk, pk = sm2_keypair()
    msg = os.urandom(1024)
    sign = [timed(lambda: sm2_sign(sk, msg)) for _ in range(n)]
    sig = sm2_sign(sk, msg)
    verify = [timed(lambda: sm2_verify(pk, msg, sig)) for _ in range(n)]
    both = [a + b for a, b in zip(sign, verify, strict=True)]
    print(f"SM2 sign (1 KB):                         {med_p99(sign)}")
    print(f"SM2 verify:                              {med_p99(verify)}")
    print(f"SM2 sign+verify:                         {med_p99(both)}  ({1 / median(both):.1f}/s)")
    buf, key, iv = os.urandom(1 << 20), os.urandom(16), os.urandom(12)

    def sm4() -> None:
        e = Cipher(algorithms.SM4(key), modes.GCM(iv)).encryptor()
        e.update(buf)
        e.finalize()

    aes = AESGCM(os.urandom(32))
    s4 = [timed(sm4) for _ in range(20)]
    ag = [timed(lambda: aes.encrypt(iv, buf, None)) for _ in range(20)]
    print(f"SM4-GCM, 1 MB:                           {med_p99(s4)}  ({1 / median(s4):6.0f} MB/s)")
    print(f"AES-256-GCM, 1 MB:                       {med_p99(ag)}  ({1 / median(ag):6.0f} MB/s)")
    print(ratio_line("SM4-GCM / AES-256-GCM time", s4, ag))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--items", type=int, default=2000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--submits", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-connectors-") as d:
        tmp = Path(d)
        items = write(tmp / "items", count=a.items)
        print(
            f"{a.items} generated items: "
            + json.dumps({k: len(json.loads(p.read_text())["items"]) for k, p in items.items()})
        )
        srv, cl_sk, gw_pk = start_servers(tmp, items)
        conns = connectors(srv, cl_sk, gw_pk)
        source = Source(conns)
        try:
            catalog = bench_sync(tmp, source, srv, a.repeats)
            bench_search(catalog, a.queries)
            bench_submits(source, a.submits)
            bench_crypto(max(20, a.submits // 2))
        finally:
            for c in conns:
                c.close()
            for s in srv.values():
                s.stop()


if __name__ == "__main__":
    main()

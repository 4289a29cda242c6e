"""The local cache of the item lists synced from the connectors (one JSON file).

``<data_dir>/catalog-cache.json`` holds, per connector, the list version and its
items (with their precomputed search keys). The first line is a header with the
SHA-256 of the rest (the body's exact bytes: checking it costs a hash, not a
re-serialisation of 2,000 items, which took 0.3 s). It is
written atomically (temporary file, fsync, rename, fsync of the directory), so a
crash leaves the old file or the new one, never half of one. The terminal starts
from it when the connectors cannot be reached. A file that does not parse, fails
its checksum or has the wrong shape is *damaged*: :func:`load_running_catalog`
falls back to the shipped catalog and raises a technician alert, never a crash.

Items are public guide data: nothing of a resident is ever in this file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.config import KioskConfig
from kiosk.errors import KioskError
from kiosk.services.catalog import Catalog, Category, Service, load_catalog

log = logging.getLogger(__name__)

CACHE_NAME = "catalog-cache.json"
FORMAT = 2
#: Where synced items of a category the shipped catalog does not know are shown.
OTHER = Category(
    code="other",
    name="其他事项",
    icon="📋",
    i18n={"zh_TW": {"name": "其他事項"}, "en": {"name": "Other services"}},
)


class CatalogCacheDamaged(KioskError):
    """The cache file exists but cannot be trusted (syntax, checksum, shape)."""

    resident_message = "服务目录正在更新，部分事项暂不可见。"


@dataclass
class ConnectorItems:
    """One connector's item list as last synced."""

    version: int = 0
    items: dict[str, dict[str, Any]] = field(default_factory=dict)  # code → item


@dataclass
class Snapshot:
    """Everything in the cache file."""

    connectors: dict[str, ConnectorItems] = field(default_factory=dict)

    def version(self, name: str) -> int:
        c = self.connectors.get(name)
        return c.version if c is not None else 0

    def item_count(self) -> int:
        return sum(len(c.items) for c in self.connectors.values())

    def catalog_version(self) -> str:
        """``name:version`` per connector, sorted: what ``kiosk catalog stats`` prints."""
        return ",".join(f"{n}:{c.version}" for n, c in sorted(self.connectors.items()))


class CatalogCache:
    """Reads and atomically writes the cache file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    @classmethod
    def for_config(cls, config: KioskConfig) -> CatalogCache:
        return cls(config.resolved_paths.data_dir / CACHE_NAME)

    def exists(self) -> bool:
        return self.path.exists()

    def load(self) -> Snapshot:
        """The cached snapshot (empty if there is no file); :class:`CatalogCacheDamaged` if damaged."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Snapshot()
        except OSError as e:
            raise CatalogCacheDamaged(f"{self.path}: cannot read: {e.strerror}") from None
        try:
            head, sep, rest = raw.partition(b"\n")
            header = json.loads(head)
            if not sep or header.get("format") != FORMAT:
                raise CatalogCacheDamaged(f"{self.path}: unknown format {header.get('format')!r}")
            if hashlib.sha256(rest).hexdigest() != header["sha256"]:
                raise CatalogCacheDamaged(f"{self.path}: checksum mismatch")
            body = json.loads(rest)
            return Snapshot(
                {
                    name: ConnectorItems(int(c["version"]), {i["code"]: i for i in c["items"]})
                    for name, c in body["connectors"].items()
                }
            )
        except CatalogCacheDamaged:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise CatalogCacheDamaged(f"{self.path}: {type(e).__name__}: {e}") from None

    def save(self, snap: Snapshot) -> None:
        """Write ``snap`` atomically (the old file stays whole until the rename)."""
        body = {
            "connectors": {
                name: {"version": c.version, "items": list(c.items.values())}
                for name, c in sorted(snap.connectors.items())
            }
        }
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        header = json.dumps({"format": FORMAT, "sha256": hashlib.sha256(raw).hexdigest()})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(header.encode() + b"\n" + raw)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
        fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def merge_catalog(shipped: Catalog, snap: Snapshot) -> tuple[Catalog, list[str]]:
    """The shipped services plus every cached item, routed to its connector.

    An item that does not validate is left out (named in the returned problems, the
    rest stays usable); a synced item never replaces a shipped service of the same
    code (the flows rely on the shipped ones).
    """
    problems: list[str] = []
    services: list[Service] = list(shipped.services)
    seen = {s.code for s in services}
    cats = {c.code for c in shipped.categories}
    need_other = False
    for name, c in sorted(snap.connectors.items()):
        for code, raw in c.items.items():
            if code in seen:
                continue
            item = {k: v for k, v in raw.items() if k != "withdrawn"}
            item["connector"] = name
            if item.get("category") not in cats:
                item["category"] = OTHER.code
                need_other = True
            try:
                services.append(Service.model_validate(item))
            except ValidationError as e:
                err = e.errors()[0]
                where = ".".join(str(p) for p in err["loc"])
                problems.append(f"{name} item {code}: field '{where}': {err['msg']}")
                continue
            seen.add(code)
    # A synced "一件事" naming an item nobody serves is left out too.
    for svc in [x for x in services[len(shipped.services) :] if x.bundle_of]:
        missing = [c for c in svc.bundle_of if c not in seen]
        if missing:
            problems.append(
                f"{svc.connector} item {svc.code}: field 'bundle_of': unknown {missing}"
            )
            services.remove(svc)
            seen.discard(svc.code)
    categories = list(shipped.categories) + ([OTHER] if need_other and "other" not in cats else [])
    version = shipped.version + ("+" + snap.catalog_version() if snap.connectors else "")
    # Every part is validated already (the shipped catalog as a whole, each item
    # above) and codes are unique by construction: no second pass over 2,000 items.
    merged = Catalog.model_construct(version=version, categories=categories, services=services)
    return merged, problems


def shipped_catalog(config: KioskConfig) -> Catalog:
    return load_catalog(config.data_file(config.catalog.path))


def load_running_catalog(
    config: KioskConfig, shipped: Catalog | None = None
) -> tuple[Catalog, list[str]]:
    """Shipped catalog + cache, and the technician alerts (damaged cache, bad items).

    ``shipped`` is the shipped catalog when the caller has it already (the terminal
    loads it before its window, and this part after: :meth:`Terminal.load_cached_catalog`).
    Raises :class:`kiosk.services.catalog.CatalogError` only when the *shipped*
    catalog is broken (the terminal reports that itself).
    """
    shipped = shipped if shipped is not None else shipped_catalog(config)
    cache = CatalogCache.for_config(config)
    try:
        snap = cache.load()
    except CatalogCacheDamaged as e:
        log.error("catalog cache damaged, using the shipped catalog: %s", e.detail)
        return shipped, [f"目录缓存损坏，已改用终端自带目录 / catalog cache damaged: {e.detail}"]
    merged, problems = merge_catalog(shipped, snap)
    for p in problems:
        log.warning("catalog item left out: %s", p)
    return merged, problems[:5] + (
        [f"… {len(problems) - 5} more items left out"] if len(problems) > 5 else []
    )


class RunningCatalog:
    """``load_running_catalog`` again whenever the cache file changed (for routing off the UI)."""

    def __init__(self, config: KioskConfig) -> None:
        self.config = config
        self._stamp: tuple[int, int] | None = None
        self._catalog: Catalog | None = None

    def __call__(self) -> Catalog | None:
        try:
            st = CatalogCache.for_config(self.config).path.stat()
            stamp = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = (0, 0)
        if self._catalog is None or stamp != self._stamp:
            try:
                self._catalog, _ = load_running_catalog(self.config)
            except KioskError:
                return None  # the terminal reports a broken shipped catalog itself
            self._stamp = stamp
        return self._catalog


class CatalogRoutes(Mapping[str, str]):
    """Service code → connector, read from the running catalog at each look-up.

    Items synced after start-up route at once; a code not in the catalog routes to
    the default platform (''), as before.
    """

    def __init__(self, catalog: Callable[[], Catalog | None]) -> None:
        self._catalog = catalog

    def __getitem__(self, code: str) -> str:
        cat = self._catalog()
        if cat is None:
            raise KeyError(code)
        connector = cat.get(code).connector
        if not connector:
            raise KeyError(code)
        return connector

    def __iter__(self) -> Iterator[str]:
        cat = self._catalog()
        return iter(cat.routes() if cat is not None else ())

    def __len__(self) -> int:
        cat = self._catalog()
        return len(cat.routes()) if cat is not None else 0

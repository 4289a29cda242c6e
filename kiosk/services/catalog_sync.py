"""Syncing the item lists from the connectors into the cache, and into the terminal.

Per connector: the first sync fetches the full list (``since_version=0``), later
ones only what changed since the cached version; a withdrawn item is dropped. A
back end whose version went *back* (its list was rebuilt) is fetched in full
again. Items arriving without search keys get them here (this runs on a worker
thread: pypinyin is imported here if anywhere, never on the UI thread). One
connector failing leaves its cached items as they were; the others sync on.

:class:`CatalogRefresher` is one of the terminal's periodic checks (off the UI
thread): it syncs every ``interval_s`` and swaps the running catalog only between
sessions, so a resident's chosen item never changes under them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from kiosk.errors import KioskError
from kiosk.platform.connector import Connector
from kiosk.services.catalog import Catalog, fill_search_keys
from kiosk.services.catalog_cache import CatalogCache, ConnectorItems, Snapshot, merge_catalog
from offline_queue.errors import PlatformError

log = logging.getLogger(__name__)


class ConnectorSource(Protocol):
    def names(self) -> list[str]: ...

    def get(self, name: str) -> Connector: ...


@dataclass(frozen=True)
class ConnectorSyncResult:
    name: str
    full: bool
    version: int
    changed: int
    items: int
    error: str | None = None


@dataclass
class SyncOutcome:
    results: list[ConnectorSyncResult] = field(default_factory=list)
    snapshot: Snapshot = field(default_factory=Snapshot)

    @property
    def changed(self) -> bool:
        return any(r.changed for r in self.results)


def _clean(raw: Any) -> dict[str, Any] | None:
    """A wire item with search keys, its connector left to the terminal (None: not an item)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("code"), str):
        return None
    item = {k: v for k, v in raw.items() if k != "connector"}  # the terminal names it
    return item if item.get("withdrawn") else fill_search_keys(item)


def sync_connector(
    conn: Connector, cached: ConnectorItems
) -> tuple[ConnectorItems, ConnectorSyncResult]:
    """One connector: incremental from ``cached.version`` (full when there is none)."""
    page = conn.fetch_items(since_version=cached.version)
    full = page.full or cached.version == 0
    if not full and page.version < cached.version:  # the back end's list was rebuilt
        page = conn.fetch_items(since_version=0)
        full = True
    items: dict[str, dict[str, Any]] = {} if full else dict(cached.items)
    changed = 0
    for raw in page.items:
        item = _clean(raw)
        if item is None:
            log.warning("%s: an item without a code was ignored", conn.name)
            continue
        changed += 1
        if item.get("withdrawn"):
            items.pop(item["code"], None)
        else:
            items[item["code"]] = item
    fresh = ConnectorItems(page.version, items)
    return fresh, ConnectorSyncResult(conn.name, full, page.version, changed, len(items))


def sync_all(
    source: ConnectorSource, cache: CatalogCache, snap: Snapshot | None = None
) -> SyncOutcome:
    """Sync every connector of ``source`` into ``cache`` (written once, atomically)."""
    snap = snap if snap is not None else cache.load()
    out = SyncOutcome(snapshot=snap)
    for name in source.names():
        cached = snap.connectors.get(name, ConnectorItems())
        try:
            fresh, result = sync_connector(source.get(name), cached)
        except (PlatformError, KioskError) as e:
            log.warning("catalog sync %s failed: %s", name, e.detail)
            out.results.append(
                ConnectorSyncResult(name, False, cached.version, 0, len(cached.items), e.detail)
            )
            continue
        snap.connectors[name] = fresh
        out.results.append(result)
    if out.changed or not cache.exists():
        cache.save(snap)
    return out


class SessionView(Protocol):
    @property
    def holds_personal_data(self) -> bool: ...


class CatalogRefresher:
    """A periodic check: sync now and then, swap the catalog between sessions."""

    def __init__(
        self,
        source: ConnectorSource,
        cache: CatalogCache,
        shipped: Callable[[], Catalog],
        install: Callable[[Catalog], None],
        session: SessionView,
        interval_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.source, self.cache, self.shipped = source, cache, shipped
        self.install, self.session = install, session
        self.interval_s = interval_s
        self.clock = clock
        self._next = clock()  # first sync at the first check after start-up
        self._pending: Catalog | None = None
        self.last: SyncOutcome | None = None
        self.problems: list[str] = []

    def __call__(self) -> None:
        now = self.clock()
        if now >= self._next:
            self._next = now + self.interval_s
            self.refresh()
        if self._pending is not None and not self.session.holds_personal_data:
            self.install(self._pending)
            self._pending = None

    def refresh(self) -> SyncOutcome:
        outcome = sync_all(self.source, self.cache)
        self.last = outcome
        if outcome.changed:
            catalog, self.problems = merge_catalog(self.shipped(), outcome.snapshot)
            self._pending = catalog
        return outcome

    def stop(self) -> None:
        """Close the connectors the sync opened (the terminal's shutdown)."""
        close = getattr(self.source, "close", None)
        if close is not None:
            close()

    def errors(self) -> Iterable[str]:
        if self.last is None:
            return []
        return [f"{r.name}: {r.error}" for r in self.last.results if r.error]

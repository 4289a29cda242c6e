"""What the technician's connector tiles show: one row per department connector.

Latency, last error and circuit state come from the sync worker's lane
(``SyncWorker.lanes()``), the queue depth from the outbox (unsent rows per
connector), name/style/URL/label from the configuration. No secret ever: the
client secret, the SM2 key file and the gateway key are not read at all, and a
URL with user info is shown without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kiosk.config import KioskConfig
from kiosk.platform.registry import ConnectorInfo, ConnectorRegistry, probe


@dataclass(frozen=True)
class ConnectorStatus:
    name: str
    style: str
    url: str
    label: str
    circuit: str  # closed | open | half_open | not_started
    online: bool | None
    latency_ms: float | None
    last_error: str
    queue_depth: int
    sent: int
    failed: int


def public_url(url: str) -> str:
    """``url`` without user info, query or fragment (what a tile may show)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def connector_statuses(config: KioskConfig, submitter: Any | None) -> list[ConnectorStatus]:
    """One status per configured connector (not started ones too), in name order."""
    service = getattr(submitter, "service", submitter)
    worker = getattr(service, "worker", None)
    outbox = getattr(service, "outbox", None)
    lanes = {ln.name: ln for ln in worker.lanes()} if worker is not None else {}
    depth = outbox.pending_by_connector() if outbox is not None else {}
    out = []
    for c in sorted(config.connectors, key=lambda c: c.name):
        ln = lanes.get(c.name)
        latency = ln.last_latency_s if ln is not None else None
        out.append(
            ConnectorStatus(
                name=c.name,
                style=c.style,
                url=public_url(c.url),
                label=c.label,
                circuit=ln.circuit if ln is not None else "not_started",
                online=ln.online if ln is not None else None,
                latency_ms=round(latency * 1000, 1) if latency is not None else None,
                last_error=(ln.last_error or "") if ln is not None else "",
                queue_depth=depth.get(c.name, 0),
                sent=ln.sent if ln is not None else 0,
                failed=ln.failed if ln is not None else 0,
            )
        )
    return out


def probe_connector(config: KioskConfig, name: str) -> ConnectorInfo:
    """The technician's test: one item-list version call, on its own connector (off the UI)."""
    registry = ConnectorRegistry(config)
    try:
        info = probe(registry, name)
    finally:
        registry.close()
    return ConnectorInfo(
        info.name,
        info.style,
        public_url(info.url),
        info.label,
        info.state,
        info.latency_ms,
        info.detail,
    )

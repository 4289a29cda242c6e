"""Settings of the reference platform server (plain dataclasses, filled by the CLI or tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Faults:
    """Fault injection, changeable at run time (``PUT /v1/admin/faults``).

    * ``fail_rate``: share of API requests answered 500 before doing anything;
    * ``latency_ms``: added to every API request;
    * ``drop_after_commit``: share of successful PUT/POST whose connection is
      closed after the record is committed and the status line sent, so the client
      sees an error although the server stored it;
    * ``throttle_rate`` / ``retry_after_s``: share of requests answered 429 with
      ``Retry-After``.
    """

    fail_rate: float = 0.0
    latency_ms: float = 0.0
    drop_after_commit: float = 0.0
    throttle_rate: float = 0.0
    retry_after_s: float = 1.0


@dataclass
class ServerSettings:
    """Everything :func:`offline_queue.server.create_app` needs."""

    db_path: Path
    #: bearer token → kiosk id it belongs to ("*": any kiosk). Empty: open server (demo only).
    tokens: dict[str, str] = field(default_factory=dict)
    #: token for /v1/admin/*; empty disables the admin endpoints.
    admin_token: str = ""
    faults: Faults = field(default_factory=Faults)
    #: JSON files replacing the built-in sample catalog and fictional licences.
    catalog_path: Path | None = None
    licences_path: Path | None = None
    #: services approved on receipt (the certificate is ready at once).
    instant_services: frozenset[str] = frozenset()
    #: PEM Ed25519 key of the certificate seal (routers/seal.py); None: one made in memory.
    seal_key_path: Path | None = None
    max_attachment_bytes: int = 50_000_000
    #: Every other request body (JSON): its size, nesting depth and number of values.
    max_json_bytes: int = 2_000_000
    max_json_depth: int = 32
    max_json_items: int = 50_000
    #: Life of an identity token (one resident's session at one kiosk) and the
    #: oldest card-read attestation exchanged for one (routers/identity.py).
    identity_token_ttl_s: float = 900.0
    attestation_max_age_s: float = 300.0
    heartbeat_interval_s: float = 60.0
    announcement: str = ""
    #: seed for the fault injector's random draws (None: unpredictable).
    seed: int | None = None

"""The service's settings: one validated object, built by the caller (CLI or tests)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class FleetSettings(BaseModel):
    """Everything the service needs; nothing is read from the environment behind its back."""

    model_config = ConfigDict(extra="forbid")

    database_url: str = "sqlite:///fleet.sqlite3"
    #: Directory of the TUF signing keys (shared by every instance, e.g. by config management).
    tuf_keys_dir: Path = Path("fleet-keys")
    #: Trusted configuration-package keys (the same public keys the terminals trust).
    package_keys_dir: Path = Path("config/keys")
    #: The base terminal configuration uploads are verified against.
    terminal_config: Path | None = None
    enrolment_code_ttl_s: float = Field(default=7 * 86400, gt=0)
    heartbeat_max_bytes: int = Field(default=64 * 1024, gt=0)
    heartbeat_max_batch: int = Field(default=100, gt=0)
    #: A terminal whose last beat is older than this is offline.
    offline_after_s: float = Field(default=600, gt=0)
    #: Heartbeat history kept for the charts.
    history_days: int = Field(default=14, gt=0)
    bundle_max_bytes: int = Field(default=64 * 1024 * 1024, gt=0)
    #: Default time a wave waits, once every target reported, before the next starts.
    default_min_wave_s: float = Field(default=0, ge=0)
    #: Expiry of the TUF timestamp role (re-signed when it nears its end).
    tuf_timestamp_expiry_s: float = Field(default=86400, gt=60)
    tuf_root_threshold: int = Field(default=2, ge=1)

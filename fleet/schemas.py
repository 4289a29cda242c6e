"""Wire formats: what terminals and staff send. Strict: unknown fields are refused."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

_ID = r"^[A-Za-z0-9_.-]{1,64}$"
_REGION = r"^\d{6}$"
_SHORT = 200


#: The columns' ranges (INTEGER, BIGINT). A value past them was not refused here but
#: failed in the database, and with group commit it failed the other terminals'
#: beats written in the same transaction.
INT32 = 2**31 - 1
INT64 = 2**63 - 1


class _Strict(BaseModel):
    # allow_inf_nan: a float field accepted 1e999 (infinity), stored as an uptime.
    model_config = ConfigDict(extra="forbid", str_max_length=2000, allow_inf_nan=False)


class EnrolmentCodeRequest(_Strict):
    kiosk_id: str = Field(pattern=_ID)
    region: str = Field(pattern=_REGION)


class EnrolRequest(_Strict):
    code: str = Field(min_length=8, max_length=64)
    kiosk_id: str = Field(pattern=_ID)


class DeviceReport(_Strict):
    status: str = Field(max_length=32)
    detail: str = Field(default="", max_length=_SHORT)
    # Hardware inventory, where the device reports it.
    model: str = Field(default="", max_length=100)
    serial: str = Field(default="", max_length=100)
    firmware: str = Field(default="", max_length=100)
    last_self_test: str = Field(default="", max_length=_SHORT)
    last_self_test_at: AwareDatetime | None = None


class HeartbeatIn(_Strict):
    """One beat. ``seq`` orders beats of one terminal whatever its clock says."""

    # The column is a 32-bit INTEGER: a larger seq was a database error (HTTP 500).
    seq: int = Field(ge=1, le=INT32)
    sent_at: AwareDatetime
    app_version: str = Field(max_length=32)
    config_version: str = Field(default="", max_length=64)
    catalog_version: str = Field(default="", max_length=64)
    devices: dict[str, DeviceReport] = Field(default_factory=dict, max_length=32)
    outbox_pending: int = Field(default=0, ge=0, le=INT32)
    outbox_dead: int = Field(default=0, ge=0, le=INT32)
    outbox_oldest_age_s: float | None = Field(default=None, ge=0)
    journal_pending: int = Field(default=0, ge=0, le=INT32)
    disk_free_bytes: int | None = Field(default=None, ge=0, le=INT64)
    uptime_s: float | None = Field(default=None, ge=0)
    sessions_total: int = Field(default=0, ge=0, le=INT32)
    last_session_at: AwareDatetime | None = None
    sam_id: str = Field(default="", max_length=64)


class HeartbeatBatch(_Strict):
    """Beats queued while the terminal was offline, oldest first, plus the current one."""

    beats: list[HeartbeatIn] = Field(min_length=1, max_length=100)


class Outcome(StrEnum):
    ADOPTED = "adopted"
    REFUSED = "refused"
    FAILED_BOOT = "failed_boot"
    ROLLED_BACK = "rolled_back"


class ReportIn(_Strict):
    rollout_id: int = Field(ge=1)
    outcome: Outcome
    code: str = Field(default="", max_length=64)
    detail: str = Field(default="", max_length=500)


class RolloutCreate(_Strict):
    package_pk: int = Field(ge=1)
    regions: list[str] = Field(default_factory=list, max_length=100)
    kiosk_ids: list[str] = Field(default_factory=list, max_length=10_000)
    min_wave_s: float | None = Field(default=None, ge=0)


class UserCreate(_Strict):
    name: str = Field(pattern=_ID)
    role: str = Field(pattern=r"^(viewer|operator|admin)$")


class Assignment(BaseModel):
    """What the terminal should do next: adopt a package, roll one back, or nothing."""

    action: str
    rollout_id: int | None = None
    target_path: str | None = None
    package_id: str | None = None
    version: int | None = None
    sha256: str | None = None


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None

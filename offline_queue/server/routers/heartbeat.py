"""``POST /v1/heartbeat``: each kiosk reports versions, device statuses and queue depth."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from offline_queue.server.deps import DbDep, KioskDep, SettingsDep

SCHEMA = """
CREATE TABLE IF NOT EXISTS heartbeats (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kiosk_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    app_version TEXT NOT NULL,
    config_version TEXT NOT NULL,
    queue_pending INTEGER NOT NULL,
    queue_dead INTEGER NOT NULL,
    oldest_pending_age_s REAL,
    devices TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS heartbeats_kiosk ON heartbeats (kiosk_id, id);
"""

router = APIRouter(prefix="/v1", tags=["fleet"])


class DeviceStatusIn(BaseModel):
    name: str = Field(max_length=64)
    status: str = Field(max_length=16, description="OK | DEGRADED | FAULT | ABSENT")
    detail: str = Field("", max_length=300)


class QueueDepthIn(BaseModel):
    pending: int = Field(ge=0)
    dead: int = Field(0, ge=0)
    oldest_pending_age_s: float | None = None


class HeartbeatIn(BaseModel):
    kiosk_id: str = Field(min_length=1, max_length=64)
    app_version: str = Field(max_length=64)
    config_version: str = Field("", max_length=64)
    devices: list[DeviceStatusIn] = []
    queue: QueueDepthIn


class HeartbeatAck(BaseModel):
    server_time: str
    heartbeat_interval_s: float


@router.post(
    "/heartbeat",
    response_model=HeartbeatAck,
    responses={403: {"description": "the token belongs to another kiosk"}},
)
def post_heartbeat(
    hb: HeartbeatIn,
    kiosk: KioskDep,
    db: DbDep,
    settings: SettingsDep,
) -> HeartbeatAck:
    """Store a heartbeat (the staff-facing fleet view is the fleet service, docs/fleet.md)."""
    kiosk.check(hb.kiosk_id)
    now = datetime.now(UTC).isoformat()
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO heartbeats (kiosk_id, received_at, app_version, config_version,"
            " queue_pending, queue_dead, oldest_pending_age_s, devices)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                hb.kiosk_id,
                now,
                hb.app_version,
                hb.config_version,
                hb.queue.pending,
                hb.queue.dead,
                hb.queue.oldest_pending_age_s,
                json.dumps([d.model_dump() for d in hb.devices], ensure_ascii=False),
            ),
        )
    return HeartbeatAck(server_time=now, heartbeat_interval_s=settings.heartbeat_interval_s)

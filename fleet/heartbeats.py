"""Accepting heartbeats: the latest state on the terminal's row, a thin history for charts.

The server's own clock stamps every beat (``received_at``): a terminal whose clock
is off by hours is still "seen now", and the offset is only recorded. Beats are
ordered by the terminal's sequence number, so a batch caught up after an outage,
or a beat replayed, never rolls the state back.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from fleet.db import HeartbeatRecord, Terminal, utcnow
from fleet.schemas import HeartbeatIn

FAULT = "FAULT"


def _devices(old: dict[str, Any], beat: HeartbeatIn, now_iso: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, d in beat.devices.items():
        prev = old.get(name) or {}
        since = prev.get("since") if prev.get("status") == d.status else now_iso
        out[name] = {**d.model_dump(mode="json"), "since": since}
    return out


def accept(s: Session, terminal: Terminal, beats: list[HeartbeatIn], history_days: int) -> int:
    """Apply the beats newer than the last one seen; returns how many were new."""
    now = utcnow()
    fresh = sorted((b for b in beats if b.seq > terminal.last_seq), key=lambda b: b.seq)
    for beat in fresh:
        faults = sum(1 for d in beat.devices.values() if d.status.upper() == FAULT)
        s.add(
            HeartbeatRecord(
                terminal_id=terminal.id,
                received_at=now,
                seq=beat.seq,
                outbox_pending=beat.outbox_pending,
                faults=faults,
                sessions_total=beat.sessions_total,
            )
        )
    if not fresh:
        terminal.last_seen_at = now
        return 0
    last = fresh[-1]
    terminal.last_seq = last.seq
    terminal.last_seen_at = now
    terminal.clock_skew_s = (last.sent_at - now).total_seconds()
    terminal.app_version = last.app_version
    terminal.config_version = last.config_version
    terminal.catalog_version = last.catalog_version
    terminal.outbox_pending = last.outbox_pending
    terminal.outbox_dead = last.outbox_dead
    terminal.outbox_oldest_age_s = last.outbox_oldest_age_s
    terminal.journal_pending = last.journal_pending
    terminal.disk_free_bytes = last.disk_free_bytes
    terminal.uptime_s = last.uptime_s
    terminal.sessions_total = last.sessions_total
    terminal.last_session_at = last.last_session_at
    terminal.devices = _devices(terminal.devices or {}, last, now.isoformat())
    inventory = {
        name: {k: v for k in ("model", "serial", "firmware") if (v := getattr(d, k))}
        for name, d in last.devices.items()
    }
    if last.sam_id:
        inventory["sam"] = {"serial": last.sam_id}
    terminal.inventory = {k: v for k, v in inventory.items() if v}
    # Keep the history bounded: a cheap delete of this terminal's old rows.
    if last.seq % 50 == 0:
        cutoff = now - timedelta(days=history_days)
        s.execute(
            delete(HeartbeatRecord).where(
                HeartbeatRecord.terminal_id == terminal.id, HeartbeatRecord.received_at < cutoff
            )
        )
    return len(fresh)

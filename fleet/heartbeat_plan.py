"""What a batch of heartbeats changes, worked out from its terminals' rows (no database).

Shared by both writers (``fleet.heartbeats`` on SQLite, ``fleet.heartbeats_pg``
on PostgreSQL), so both databases get the same answers and the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fleet.errors import Unauthorized
from fleet.schemas import HeartbeatIn
from fleet.security import token_hash

FAULT = "FAULT"
#: Every this many beats of a terminal, its history older than ``history_days`` goes.
PRUNE_EVERY = 50

#: One request: the terminal's credential and its beats.
Item = tuple[str, list[HeartbeatIn]]


def _devices(old: dict[str, Any], beat: HeartbeatIn, now_iso: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, d in beat.devices.items():
        prev = old.get(name) or {}
        since = prev.get("since") if prev.get("status") == d.status else now_iso
        out[name] = {**d.model_dump(mode="json"), "since": since}
    return out


def _state(last: HeartbeatIn, old_devices: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The terminal row's new columns from its newest beat."""
    inventory = {
        name: {k: v for k in ("model", "serial", "firmware") if (v := getattr(d, k))}
        for name, d in last.devices.items()
    }
    if last.sam_id:
        inventory["sam"] = {"serial": last.sam_id}
    return {
        "last_seq": last.seq,
        "clock_skew_s": (last.sent_at - now).total_seconds(),
        "app_version": last.app_version,
        "config_version": last.config_version,
        "catalog_version": last.catalog_version,
        "outbox_pending": last.outbox_pending,
        "outbox_dead": last.outbox_dead,
        "outbox_oldest_age_s": last.outbox_oldest_age_s,
        "journal_pending": last.journal_pending,
        "disk_free_bytes": last.disk_free_bytes,
        "uptime_s": last.uptime_s,
        "sessions_total": last.sessions_total,
        "last_session_at": last.last_session_at,
        "devices": _devices(old_devices, last, now.isoformat()),
        "inventory": {k: v for k, v in inventory.items() if v},
    }


@dataclass
class _Known:
    """What a batch needs of one terminal's row, updated as its beats are applied."""

    id: str
    last_seq: int
    devices: dict[str, Any]
    changes: dict[str, Any] = field(default_factory=dict)
    prune: bool = False


@dataclass(frozen=True)
class Accepted:
    """The answer to one request: how many of its beats were new, and the last seq kept."""

    accepted: int
    last_seq: int


@dataclass
class Plan:
    """What one batch writes, worked out in Python from the locked rows (both databases)."""

    answers: list[Accepted | Unauthorized]
    #: History rows (``received_at`` is the batch's ``now``).
    history: list[dict[str, Any]]
    #: Terminals whose newest beat is new: their id and the row's new columns.
    fresh: list[tuple[str, dict[str, Any]]]
    #: Terminals that sent only replays: ``last_seen_at`` alone moves.
    seen: list[str]
    #: Terminals whose old history goes.
    prune: list[str]


def plan(
    batch: list[Item],
    rows: list[tuple[str, str, int, dict[str, Any] | None]],
    now: datetime,
) -> Plan:
    """The answers and the writes of a batch, given its terminals' locked rows.

    ``rows`` are (id, credential_hash, last_seq, devices). A beat not newer than
    the row's ``last_seq`` (or than an earlier request's in the same batch)
    changes nothing.
    """
    known = {h: _Known(i, seq, dev or {}) for i, h, seq, dev in rows}
    history: list[dict[str, Any]] = []
    answers: list[Accepted | Unauthorized] = []
    seen: dict[str, _Known] = {}
    for token, beats in batch:
        k = known.get(token_hash(token))
        if k is None:
            answers.append(Unauthorized("unknown_terminal", "unknown terminal credential"))
            continue
        seen[k.id] = k  # seen now even when every beat was a replay
        fresh = sorted((b for b in beats if b.seq > k.last_seq), key=lambda b: b.seq)
        for beat in fresh:
            history.append(
                {
                    "terminal_id": k.id,
                    "seq": beat.seq,
                    "outbox_pending": beat.outbox_pending,
                    "faults": sum(1 for d in beat.devices.values() if d.status.upper() == FAULT),
                    "sessions_total": beat.sessions_total,
                }
            )
            k.prune = k.prune or beat.seq % PRUNE_EVERY == 0
        if fresh:
            k.changes = _state(fresh[-1], k.devices, now)
            k.last_seq, k.devices = fresh[-1].seq, k.changes["devices"]
        answers.append(Accepted(len(fresh), k.last_seq))
    return Plan(
        answers,
        history,
        [(k.id, k.changes) for k in seen.values() if k.changes],
        [k.id for k in seen.values() if not k.changes],
        [k.id for k in seen.values() if k.prune],
    )

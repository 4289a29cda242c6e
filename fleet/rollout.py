"""Staged rollout: canary, then 10 %, 50 % and 100 % of the targeted terminals.

An explicit state machine kept entirely in the database (so a restart of the
service or of the database resumes where it was):

    running --(a target reports refused / failed boot / rollback)--> halted
    running --(every wave adopted)--> completed
    halted  --(operator resumes)--> running       (known failures acknowledged)
    running | halted | completed --(operator rolls back)--> rolled_back

Waves advance lazily, once every target of the current wave has adopted the
package and the wave's minimum soak time passed: in the transaction of the report
that completes the wave (under the rollout's row lock, so the last of several
concurrent reports sees all the others), or, when the soak time was still
running then, at the first poll after it ends. A poll otherwise only reads: one
statement (``poll``), no lock, so a thousand terminals polling do not queue
behind each other on the rollout's row (they did: a rollout to 1,000 terminals
took twice as long on PostgreSQL as on SQLite).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Table, and_, case, exists, func, select, true, update
from sqlalchemy.orm import Session

from fleet import audit
from fleet.db import Package, Rollout, RolloutTarget, Terminal, utcnow
from fleet.errors import Conflict, NotFound
from fleet.schemas import Assignment, Outcome

#: Cumulative share of the targets reached by the end of each wave after the canary.
WAVE_SHARES = (0.10, 0.50, 1.0)
WAVE_NAMES = ("canary", "10%", "50%", "100%")
LAST_WAVE = len(WAVE_NAMES) - 1


class Status(StrEnum):
    RUNNING = "running"
    HALTED = "halted"
    COMPLETED = "completed"
    ROLLED_BACK = "rolled_back"


class TargetState(StrEnum):
    PENDING = "pending"
    OFFERED = "offered"
    ADOPTED = "adopted"
    REFUSED = "refused"
    FAILED_BOOT = "failed_boot"
    ROLLED_BACK = "rolled_back"
    REVERTED = "reverted"
    SUPERSEDED = "superseded"


FAILED = (TargetState.REFUSED, TargetState.FAILED_BOOT, TargetState.ROLLED_BACK)
OPEN = (TargetState.PENDING, TargetState.OFFERED)

_RT: Table = RolloutTarget.__table__  # type: ignore[assignment]
_RO: Table = Rollout.__table__  # type: ignore[assignment]
_PK: Table = Package.__table__  # type: ignore[assignment]
_OUTCOME_STATE = {
    Outcome.ADOPTED: TargetState.ADOPTED,
    Outcome.REFUSED: TargetState.REFUSED,
    Outcome.FAILED_BOOT: TargetState.FAILED_BOOT,
    Outcome.ROLLED_BACK: TargetState.ROLLED_BACK,
}


def plan_waves(terminal_ids: list[str], seed: str) -> dict[str, int]:
    """Assign each terminal a wave, in a stable pseudo-random order per rollout.

    The canary is 1 % of the targets (at least one); the later waves bring the
    cumulative share to 10 %, 50 % and 100 %.
    """
    n = len(terminal_ids)
    order = sorted(terminal_ids, key=lambda t: hashlib.sha256(f"{seed}:{t}".encode()).digest())
    ends = [max(1, math.ceil(n * 0.01))]
    for share in WAVE_SHARES:
        ends.append(max(ends[-1], math.ceil(n * share)))
    out: dict[str, int] = {}
    wave = 0
    for i, tid in enumerate(order):
        while i >= ends[wave]:
            wave += 1
        out[tid] = wave
    return out


def create(
    s: Session,
    package: Package,
    regions: list[str],
    kiosk_ids: list[str],
    min_wave_s: float,
    actor: str,
) -> Rollout:
    """Target a region (prefix of the GB/T 2260 code) and/or a list of terminals."""
    q = select(Terminal.id)
    conds = []
    for r in regions:
        prefix = r
        while len(prefix) > 2 and prefix.endswith("00"):
            prefix = prefix[:-2]
        conds.append(Terminal.region.startswith(prefix))
    if kiosk_ids:
        conds.append(Terminal.id.in_(kiosk_ids))
    if not conds:
        raise Conflict("no_target", "name a region or a list of terminals")
    from sqlalchemy import or_

    ids = sorted(s.execute(q.where(or_(*conds))).scalars())
    if not ids:
        raise NotFound("no_terminals", "no enrolled terminal matches the target")
    now = utcnow()
    desc = ", ".join(
        [f"region {r}" for r in regions] + ([f"{len(kiosk_ids)} terminals"] if kiosk_ids else [])
    )
    ro = Rollout(
        package_pk=package.id,
        status=Status.RUNNING.value,
        wave=0,
        wave_started_at=now,
        min_wave_s=min_wave_s,
        target_desc=desc,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    s.add(ro)
    s.flush()
    # A newer rollout supersedes what an older one had not yet delivered.
    s.execute(
        update(RolloutTarget)
        .where(
            RolloutTarget.terminal_id.in_(ids),
            RolloutTarget.state.in_([TargetState.PENDING.value, TargetState.OFFERED.value]),
        )
        .values(state=TargetState.SUPERSEDED.value, updated_at=now)
    )
    for tid, wave in plan_waves(ids, str(ro.id)).items():
        s.add(
            RolloutTarget(
                rollout_id=ro.id,
                terminal_id=tid,
                wave=wave,
                state=TargetState.PENDING.value,
                updated_at=now,
            )
        )
    audit.record(
        s,
        "staff",
        actor,
        "rollout.create",
        f"rollout {ro.id}",
        package_id=package.package_id,
        version=package.version,
        targets=len(ids),
        desc=desc,
    )
    return ro


def _locked(s: Session, rollout_id: int, skip_locked: bool = False) -> Rollout | None:
    """The rollout's row, locked; with ``skip_locked``, None if another transaction holds it."""
    ro = s.execute(
        select(Rollout).where(Rollout.id == rollout_id).with_for_update(skip_locked=skip_locked)
    ).scalar_one_or_none()
    if ro is None and not skip_locked:
        raise NotFound("no_rollout", f"no rollout {rollout_id}")
    return ro


def _lock(s: Session, rollout_id: int) -> Rollout:
    ro = _locked(s, rollout_id)
    assert ro is not None
    return ro


def counts(s: Session, rollout_id: int) -> dict[str, int]:
    rows = s.execute(
        select(RolloutTarget.state, func.count())
        .where(RolloutTarget.rollout_id == rollout_id)
        .group_by(RolloutTarget.state)
    ).all()
    return {state: int(n) for state, n in rows}


def _halt_reason(s: Session, ro: Rollout) -> str:
    rows = s.execute(
        select(RolloutTarget)
        .where(
            RolloutTarget.rollout_id == ro.id,
            RolloutTarget.state.in_([f.value for f in FAILED]),
        )
        .order_by(RolloutTarget.updated_at)
        .limit(5)
    ).scalars()
    parts = [
        f"{WAVE_NAMES[t.wave]} {t.terminal_id}: {t.state}"
        + (f" ({t.code})" if t.code else "")
        + (f" {t.detail}" if t.detail else "")
        for t in rows
    ]
    return "; ".join(parts)


def _progress(s: Session, ro: Rollout) -> tuple[int, int]:
    """(failed targets, targets of the waves so far not yet done): one statement."""
    failed = [f.value for f in FAILED]
    in_wave_open = and_(_RT.c.wave <= ro.wave, _RT.c.state.in_([o.value for o in OPEN]))
    row = s.execute(
        select(
            func.coalesce(func.sum(case((_RT.c.state.in_(failed), 1), else_=0)), 0),
            func.coalesce(func.sum(case((in_wave_open, 1), else_=0)), 0),
        ).where(_RT.c.rollout_id == ro.id)
    ).one()
    return int(row[0]), int(row[1])


def evaluate(s: Session, rollout_id: int, skip_locked: bool = False) -> Rollout | None:
    """Halt on failures, or move to the next wave when the current one is done.

    With ``skip_locked`` (a poll's opportunistic look), None when another
    transaction is evaluating the rollout right now: that one moves it on.
    """
    ro = _locked(s, rollout_id, skip_locked)
    if ro is None:
        return None
    while ro.status == Status.RUNNING.value:
        failures, open_in_wave = _progress(s, ro)
        if failures > ro.ack_failures:
            ro.status = Status.HALTED.value
            ro.halt_reason = _halt_reason(s, ro)
            ro.updated_at = utcnow()
            audit.record(
                s,
                "service",
                "rollout",
                "rollout.halt",
                f"rollout {ro.id}",
                wave=WAVE_NAMES[ro.wave],
                reason=ro.halt_reason,
            )
            break
        now = utcnow()
        if open_in_wave or now - ro.wave_started_at < timedelta(seconds=ro.min_wave_s):
            break
        if ro.wave >= LAST_WAVE:
            ro.status = Status.COMPLETED.value
            ro.updated_at = now
            audit.record(s, "service", "rollout", "rollout.complete", f"rollout {ro.id}")
            break
        ro.wave += 1
        ro.wave_started_at = now
        ro.updated_at = now
        audit.record(
            s, "service", "rollout", "rollout.wave", f"rollout {ro.id}", wave=WAVE_NAMES[ro.wave]
        )
    return ro


def evaluated(s: Session, rollout_id: int) -> Rollout:
    """:func:`evaluate`, waiting for the rollout's lock (reports, operators)."""
    ro = evaluate(s, rollout_id)
    assert ro is not None
    return ro


def halt(s: Session, rollout_id: int, actor: str, reason: str) -> Rollout:
    ro = _lock(s, rollout_id)
    if ro.status != Status.RUNNING.value:
        raise Conflict("not_running", f"rollout {rollout_id} is {ro.status}")
    ro.status = Status.HALTED.value
    ro.halt_reason = f"halted by {actor}: {reason}"
    ro.updated_at = utcnow()
    audit.record(s, "staff", actor, "rollout.halt", f"rollout {ro.id}", reason=reason)
    return ro


def resume(s: Session, rollout_id: int, actor: str) -> Rollout:
    """Go on despite the failures seen so far (they stay visible); new ones halt again."""
    ro = _lock(s, rollout_id)
    if ro.status != Status.HALTED.value:
        raise Conflict("not_halted", f"rollout {rollout_id} is {ro.status}")
    c = counts(s, ro.id)
    ro.ack_failures = sum(c.get(f.value, 0) for f in FAILED)
    ro.status = Status.RUNNING.value
    ro.halt_reason = ""
    ro.updated_at = utcnow()
    audit.record(
        s,
        "staff",
        actor,
        "rollout.resume",
        f"rollout {ro.id}",
        acknowledged_failures=ro.ack_failures,
    )
    return evaluated(s, rollout_id)


def rollback(s: Session, rollout_id: int, actor: str) -> Rollout:
    """Stop delivering and ask every terminal that adopted the package to roll it back."""
    ro = _lock(s, rollout_id)
    if ro.status == Status.ROLLED_BACK.value:
        raise Conflict("rolled_back", f"rollout {rollout_id} is already rolled back")
    ro.status = Status.ROLLED_BACK.value
    ro.updated_at = utcnow()
    s.execute(
        update(RolloutTarget)
        .where(
            RolloutTarget.rollout_id == ro.id,
            RolloutTarget.state.in_([TargetState.PENDING.value, TargetState.OFFERED.value]),
        )
        .values(state=TargetState.SUPERSEDED.value, updated_at=ro.updated_at)
    )
    audit.record(s, "staff", actor, "rollout.rollback", f"rollout {ro.id}")
    return ro


@dataclass(frozen=True)
class _TargetRow:
    rollout_id: int
    wave: int
    state: str
    status: str
    ro_wave: int
    wave_started_at: datetime
    min_wave_s: float
    wave_open: Any
    package_id: str
    version: int
    target_path: str
    sha256: str


def _poll_rows(c: Connection | Session, terminal_id: str) -> list[_TargetRow]:
    """The terminal's live targets, newest rollout first, with all a poll needs: ONE statement.

    ``wave_open`` says, only for a target still waiting for its wave, whether the
    rollout's current wave still has targets to go (an index-backed EXISTS); when
    it has none, the wave is done and only its soak time holds the next one back.
    """
    other = _RT.alias("other")
    still_open = (
        exists()
        .where(
            other.c.rollout_id == _RO.c.id,
            other.c.wave <= _RO.c.wave,
            other.c.state.in_([o.value for o in OPEN]),
        )
        .correlate(_RO)
    )
    waiting = and_(
        _RO.c.status == Status.RUNNING.value,
        _RT.c.wave > _RO.c.wave,
        _RT.c.state != TargetState.ADOPTED.value,
    )
    rows = c.execute(
        select(
            _RT.c.rollout_id,
            _RT.c.wave,
            _RT.c.state,
            _RO.c.status,
            _RO.c.wave.label("ro_wave"),
            _RO.c.wave_started_at,
            _RO.c.min_wave_s,
            case((waiting, still_open), else_=true()).label("wave_open"),
            _PK.c.package_id,
            _PK.c.version,
            _PK.c.target_path,
            _PK.c.sha256,
        )
        .join(_RO, _RO.c.id == _RT.c.rollout_id)
        .join(_PK, _PK.c.id == _RO.c.package_pk)
        .where(
            _RT.c.terminal_id == terminal_id,
            _RT.c.state.in_([*(o.value for o in OPEN), TargetState.ADOPTED.value]),
        )
        .order_by(_RO.c.id.desc())
    ).all()
    return [_TargetRow(**r._mapping) for r in rows]


def _adopt(r: _TargetRow) -> Assignment:
    return Assignment(
        action="adopt",
        rollout_id=r.rollout_id,
        target_path=r.target_path,
        package_id=r.package_id,
        version=r.version,
        sha256=r.sha256,
    )


def poll(c: Connection | Session, terminal_id: str) -> Assignment | None:
    """A poll answered by reading alone, or None when it has to write (``assignment``).

    It writes when it offers a package for the first time (pending -> offered)
    and when a running rollout's wave is done and its soak time over, so the
    wave must move on. Read on an autocommit connection, that is one round trip.
    """
    now = utcnow()
    for r in _poll_rows(c, terminal_id):
        if r.status == Status.ROLLED_BACK.value and r.state == TargetState.ADOPTED.value:
            return Assignment(
                action="rollback",
                rollout_id=r.rollout_id,
                package_id=r.package_id,
                version=r.version,
            )
        if r.status != Status.RUNNING.value or r.state == TargetState.ADOPTED.value:
            continue
        if r.wave <= r.ro_wave:
            return _adopt(r) if r.state == TargetState.OFFERED.value else None
        soaked = now - r.wave_started_at >= timedelta(seconds=r.min_wave_s)
        if not r.wave_open and soaked:
            return None
    return Assignment(action="none")


def assignment(s: Session, terminal_id: str) -> Assignment:
    """The terminal's next action; only its own targets are ever looked at."""
    for r in _poll_rows(s, terminal_id):
        if r.status == Status.ROLLED_BACK.value and r.state == TargetState.ADOPTED.value:
            return Assignment(
                action="rollback",
                rollout_id=r.rollout_id,
                package_id=r.package_id,
                version=r.version,
            )
        if r.status != Status.RUNNING.value or r.state == TargetState.ADOPTED.value:
            continue
        status, wave = r.status, r.ro_wave
        soaked = utcnow() - r.wave_started_at >= timedelta(seconds=r.min_wave_s)
        if r.wave > wave and not r.wave_open and soaked:
            # The current wave is done: move the rollout on unless another
            # transaction is doing just that (then the next poll sees its result).
            ro = evaluate(s, r.rollout_id, skip_locked=True)
            if ro is not None:
                status, wave = ro.status, ro.wave
        if status == Status.RUNNING.value and r.wave <= wave:
            if r.state == TargetState.PENDING.value:
                s.execute(
                    update(_RT)
                    .where(
                        _RT.c.rollout_id == r.rollout_id,
                        _RT.c.terminal_id == terminal_id,
                        _RT.c.state == TargetState.PENDING.value,
                    )
                    .values(state=TargetState.OFFERED.value, updated_at=utcnow())
                )
            return _adopt(r)
    return Assignment(action="none")


def report(
    s: Session, terminal_id: str, rollout_id: int, outcome: Outcome, code: str, detail: str
) -> Rollout:
    """A terminal's result for one of its own targets."""
    target = s.get(RolloutTarget, (rollout_id, terminal_id))
    if target is None:
        raise NotFound("not_targeted", "this terminal is not part of that rollout")
    ro = _lock(s, rollout_id)
    if ro.status == Status.ROLLED_BACK.value and outcome is Outcome.ROLLED_BACK:
        target.state = TargetState.REVERTED.value
    else:
        target.state = _OUTCOME_STATE[outcome].value
    target.code = code
    target.detail = detail
    target.updated_at = utcnow()
    audit.record(
        s,
        "terminal",
        terminal_id,
        f"rollout.report.{outcome.value}",
        f"rollout {rollout_id}",
        code=code,
    )
    s.flush()
    return evaluated(s, rollout_id)


def target_for(c: Connection | Session, terminal_id: str, target_path: str) -> bytes | None:
    """A package's bytes, only for a terminal that a rollout of it targets (one statement)."""
    targeted = (
        exists()
        .where(
            _RT.c.terminal_id == terminal_id,
            _RT.c.rollout_id == _RO.c.id,
            _RO.c.package_pk == _PK.c.id,
        )
        .correlate(_PK)
    )
    return c.execute(
        select(_PK.c.data).where(_PK.c.target_path == target_path, targeted)
    ).scalar_one_or_none()

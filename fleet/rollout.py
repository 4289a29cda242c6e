"""Staged rollout: canary, then 10 %, 50 % and 100 % of the targeted terminals.

An explicit state machine kept entirely in the database (so a restart of the
service or of the database resumes where it was):

    running --(a target reports refused / failed boot / rollback)--> halted
    running --(every wave adopted)--> completed
    halted  --(operator resumes)--> running       (known failures acknowledged)
    running | halted | completed --(operator rolls back)--> rolled_back

Waves advance lazily, whenever a terminal reports or polls, once every target of
the current wave has adopted the package and the wave's minimum soak time passed.
"""

from __future__ import annotations

import hashlib
import math
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import func, select, update
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


def _locked(s: Session, rollout_id: int) -> Rollout:
    ro = s.execute(
        select(Rollout).where(Rollout.id == rollout_id).with_for_update()
    ).scalar_one_or_none()
    if ro is None:
        raise NotFound("no_rollout", f"no rollout {rollout_id}")
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


def evaluate(s: Session, rollout_id: int) -> Rollout:
    """Halt on failures, or move to the next wave when the current one is done."""
    ro = _locked(s, rollout_id)
    while ro.status == Status.RUNNING.value:
        c = counts(s, ro.id)
        failures = sum(c.get(f.value, 0) for f in FAILED)
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
        open_in_wave = s.execute(
            select(func.count())
            .select_from(RolloutTarget)
            .where(
                RolloutTarget.rollout_id == ro.id,
                RolloutTarget.wave <= ro.wave,
                RolloutTarget.state.in_([TargetState.PENDING.value, TargetState.OFFERED.value]),
            )
        ).scalar_one()
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


def halt(s: Session, rollout_id: int, actor: str, reason: str) -> Rollout:
    ro = _locked(s, rollout_id)
    if ro.status != Status.RUNNING.value:
        raise Conflict("not_running", f"rollout {rollout_id} is {ro.status}")
    ro.status = Status.HALTED.value
    ro.halt_reason = f"halted by {actor}: {reason}"
    ro.updated_at = utcnow()
    audit.record(s, "staff", actor, "rollout.halt", f"rollout {ro.id}", reason=reason)
    return ro


def resume(s: Session, rollout_id: int, actor: str) -> Rollout:
    """Go on despite the failures seen so far (they stay visible); new ones halt again."""
    ro = _locked(s, rollout_id)
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
    return evaluate(s, rollout_id)


def rollback(s: Session, rollout_id: int, actor: str) -> Rollout:
    """Stop delivering and ask every terminal that adopted the package to roll it back."""
    ro = _locked(s, rollout_id)
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


def assignment(s: Session, terminal: Terminal) -> Assignment:
    """The terminal's next action; only its own targets are ever looked at."""
    rows = s.execute(
        select(RolloutTarget, Rollout, Package)
        .join(Rollout, Rollout.id == RolloutTarget.rollout_id)
        .join(Package, Package.id == Rollout.package_pk)
        .where(
            RolloutTarget.terminal_id == terminal.id,
            RolloutTarget.state.in_(
                [TargetState.PENDING.value, TargetState.OFFERED.value, TargetState.ADOPTED.value]
            ),
        )
        .order_by(Rollout.id.desc())
    ).all()
    for target, ro, pkg in rows:
        if ro.status == Status.ROLLED_BACK.value and target.state == TargetState.ADOPTED.value:
            return Assignment(
                action="rollback", rollout_id=ro.id, package_id=pkg.package_id, version=pkg.version
            )
        if ro.status == Status.RUNNING.value and target.state != TargetState.ADOPTED.value:
            ro = evaluate(s, ro.id)
            if ro.status == Status.RUNNING.value and target.wave <= ro.wave:
                target.state = TargetState.OFFERED.value
                target.updated_at = utcnow()
                return Assignment(
                    action="adopt",
                    rollout_id=ro.id,
                    target_path=pkg.target_path,
                    package_id=pkg.package_id,
                    version=pkg.version,
                    sha256=pkg.sha256,
                )
    return Assignment(action="none")


def report(
    s: Session, terminal: Terminal, rollout_id: int, outcome: Outcome, code: str, detail: str
) -> Rollout:
    """A terminal's result for one of its own targets."""
    target = s.get(RolloutTarget, (rollout_id, terminal.id))
    if target is None:
        raise NotFound("not_targeted", "this terminal is not part of that rollout")
    ro = _locked(s, rollout_id)
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
        terminal.id,
        f"rollout.report.{outcome.value}",
        f"rollout {rollout_id}",
        code=code,
    )
    s.flush()
    return evaluate(s, rollout_id)


def terminal_can_fetch(s: Session, terminal: Terminal, target_path: str) -> bool:
    """A terminal may download a package only when a rollout targets it with that package."""
    row = s.execute(
        select(RolloutTarget.terminal_id)
        .join(Rollout, Rollout.id == RolloutTarget.rollout_id)
        .join(Package, Package.id == Rollout.package_pk)
        .where(RolloutTarget.terminal_id == terminal.id, Package.target_path == target_path)
        .limit(1)
    ).first()
    return row is not None

"""Enrolment: a one-time code, typed on the terminal, becomes its own credential."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from fleet import audit
from fleet.db import EnrolmentCode, StaffUser, Terminal, utcnow
from fleet.errors import Conflict, Unauthorized
from fleet.security import Role, new_enrolment_code, new_token, token_hash


def create_user(s: Session, name: str, role: Role, actor: str) -> str:
    """Create a staff user; returns the API token, shown once."""
    if s.execute(select(StaffUser).where(StaffUser.name == name)).scalar_one_or_none():
        raise Conflict("user_exists", f"user {name} exists")
    token = new_token("fs")
    s.add(StaffUser(name=name, role=role.value, token_hash=token_hash(token), created_at=utcnow()))
    audit.record(s, "staff", actor, "user.create", name, role=role.value)
    return token


def create_code(s: Session, kiosk_id: str, region: str, ttl_s: float, actor: str) -> str:
    """A one-time enrolment code for one terminal id (re-enrolment rotates its credential)."""
    code = new_enrolment_code()
    now = utcnow()
    s.add(
        EnrolmentCode(
            code_hash=token_hash(code.upper()),
            kiosk_id=kiosk_id,
            region=region,
            created_by=actor,
            created_at=now,
            expires_at=now + timedelta(seconds=ttl_s),
        )
    )
    audit.record(s, "staff", actor, "enrolment_code.create", kiosk_id, region=region)
    return code


def enrol(s: Session, code: str, kiosk_id: str) -> tuple[Terminal, str]:
    """Spend a code: the terminal gets a fresh credential; any previous one stops working."""
    row = s.execute(
        select(EnrolmentCode)
        .where(EnrolmentCode.code_hash == token_hash(code.upper()))
        .with_for_update()
    ).scalar_one_or_none()
    now = utcnow()
    if row is None or row.kiosk_id != kiosk_id:
        audit.record(s, "terminal", kiosk_id, "enrol.refused", kiosk_id, reason="unknown code")
        raise Unauthorized("bad_code", "enrolment code unknown or for another terminal")
    if row.used_at is not None:
        audit.record(s, "terminal", kiosk_id, "enrol.refused", kiosk_id, reason="code used")
        raise Conflict("code_used", "this enrolment code was already used")
    if row.expires_at <= now:
        raise Unauthorized("code_expired", "enrolment code expired")
    row.used_at = now
    credential = new_token("ft")
    terminal = s.get(Terminal, kiosk_id)
    if terminal is None:
        terminal = Terminal(
            id=kiosk_id,
            region=row.region,
            credential_hash=token_hash(credential),
            enrolled_at=now,
            devices={},
            inventory={},
        )
        s.add(terminal)
        action = "terminal.enrol"
    else:
        terminal.credential_hash = token_hash(credential)
        terminal.region = row.region
        terminal.enrolled_at = now
        action = "terminal.re_enrol"
    audit.record(s, "terminal", kiosk_id, action, kiosk_id, region=row.region)
    return terminal, credential


def staff_for(s: Session, token: str) -> StaffUser:
    user = s.execute(
        select(StaffUser).where(StaffUser.token_hash == token_hash(token))
    ).scalar_one_or_none()
    if user is None or user.disabled:
        raise Unauthorized("bad_token", "unknown or disabled staff token")
    return user


def terminal_for(s: Session, token: str) -> Terminal:
    t = s.execute(
        select(Terminal).where(Terminal.credential_hash == token_hash(token))
    ).scalar_one_or_none()
    if t is None:
        raise Unauthorized("unknown_terminal", "unknown terminal credential")
    return t

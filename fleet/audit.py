"""The audit trail: every state-changing action, who did it, on what."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from fleet.db import AuditEvent, utcnow


def record(
    s: Session, actor_kind: str, actor: str, action: str, subject: str = "", **detail: Any
) -> None:
    """Add an audit row in the same transaction as the change it records."""
    s.add(
        AuditEvent(
            at=utcnow(),
            actor_kind=actor_kind,
            actor=actor,
            action=action,
            subject=subject,
            detail=detail,
        )
    )

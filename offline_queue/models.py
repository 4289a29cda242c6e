"""Plain data types of the offline queue."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


class State(StrEnum):
    """Life of a submission: pending → sending → acknowledged (→ purged) or dead."""

    PENDING = "pending"
    SENDING = "sending"
    ACKNOWLEDGED = "acknowledged"
    DEAD = "dead"


@dataclass(frozen=True)
class AttachmentIn:
    """An attachment handed to :meth:`Outbox.enqueue` (scan, signature image, photo)."""

    name: str
    content_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class AttachmentRef:
    """An attachment as the platform sees it in the envelope."""

    sha256: str
    name: str
    content_type: str
    size: int


@dataclass(frozen=True)
class Envelope:
    """What is posted to the platform (decrypted only in memory, only to be sent)."""

    id: str
    service_code: str
    kiosk_id: str
    created_at: float
    form: dict[str, Any] = field(repr=False)
    applicant: dict[str, Any] | None = field(repr=False)
    attachments: tuple[AttachmentRef, ...]

    def to_json_bytes(self) -> bytes:
        """Canonical JSON (sorted keys): every retry sends the very same bytes."""
        body = {
            "id": self.id,
            "service_code": self.service_code,
            "kiosk_id": self.kiosk_id,
            "created_at": datetime.fromtimestamp(self.created_at, UTC).isoformat(),
            "form": self.form,
            "applicant": self.applicant,
            "attachments": [
                {"sha256": a.sha256, "name": a.name, "content_type": a.content_type, "size": a.size}
                for a in self.attachments
            ],
        }
        return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()

    @classmethod
    def from_json_bytes(cls, raw: bytes) -> Envelope:
        d = json.loads(raw)
        return cls(
            id=d["id"],
            service_code=d["service_code"],
            kiosk_id=d["kiosk_id"],
            created_at=datetime.fromisoformat(d["created_at"]).timestamp(),
            form=d["form"],
            applicant=d["applicant"],
            attachments=tuple(AttachmentRef(**a) for a in d["attachments"]),
        )


@dataclass(frozen=True)
class AttachmentInfo:
    """Local bookkeeping of one attachment file (no name: names may be personal)."""

    sha256: str
    size: int
    uploaded: bool


@dataclass(frozen=True)
class SubmissionInfo:
    """A row of the outbox, without personal data (that stays encrypted)."""

    id: str
    service_code: str
    kiosk_id: str
    created_at: float
    state: State
    attempts: int
    next_attempt_at: float
    last_error: str | None
    acceptance_no: str | None
    acknowledged_at: float | None
    bytes: int
    attachments: tuple[AttachmentInfo, ...] = ()
    #: The department connector that sends it ('' = the default platform).
    connector: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "service_code": self.service_code,
            "kiosk_id": self.kiosk_id,
            "created_at": self.created_at,
            "state": self.state.value,
            "attempts": self.attempts,
            "next_attempt_at": self.next_attempt_at,
            "last_error": self.last_error,
            "acceptance_no": self.acceptance_no,
            "acknowledged_at": self.acknowledged_at,
            "bytes": self.bytes,
            "connector": self.connector,
            "attachments": [
                {"sha256": a.sha256, "size": a.size, "uploaded": a.uploaded}
                for a in self.attachments
            ],
        }


@dataclass(frozen=True)
class QueueStats:
    """Counts for the status bar, diagnostics and ``kiosk queue status``."""

    pending: int
    sending: int
    acknowledged: int
    dead: int
    oldest_pending_age_s: float | None
    bytes_on_disk: int
    max_bytes: int

    @property
    def unsent(self) -> int:
        """Submissions the platform has not acknowledged yet (pending + sending)."""
        return self.pending + self.sending

    def to_dict(self) -> dict[str, Any]:
        return {
            "pending": self.pending,
            "sending": self.sending,
            "acknowledged": self.acknowledged,
            "dead": self.dead,
            "oldest_pending_age_s": self.oldest_pending_age_s,
            "bytes_on_disk": self.bytes_on_disk,
            "max_bytes": self.max_bytes,
        }


@dataclass(frozen=True)
class RecoveryReport:
    """What start-up recovery did."""

    requeued: int
    orphan_files_removed: int
    temp_files_removed: int

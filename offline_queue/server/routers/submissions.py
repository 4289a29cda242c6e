"""``POST /v1/submissions``: accept an envelope exactly once per Idempotency-Key."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from offline_queue.server.db import ServerDB
from offline_queue.server.deps import DbDep, KioskDep, SettingsDep
from offline_queue.server.routers.attachments import holds
from offline_queue.server.settings import ServerSettings

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    record_no INTEGER PRIMARY KEY AUTOINCREMENT,
    submission_id TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    service_code TEXT NOT NULL,
    acceptance_no TEXT NOT NULL UNIQUE,
    body_sha256 TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'received',
    certificate_ready INTEGER NOT NULL DEFAULT 0,
    status_updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_submission ON records (submission_id);
CREATE TABLE IF NOT EXISTS idempotency (
    key TEXT PRIMARY KEY,
    record_no INTEGER NOT NULL REFERENCES records (record_no),
    body_sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS record_attachments (
    record_no INTEGER NOT NULL REFERENCES records (record_no),
    position INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (record_no, position)
);
"""

router = APIRouter(prefix="/v1/submissions", tags=["submissions"])


class AttachmentRefIn(BaseModel):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    name: str
    content_type: str
    size: int = Field(ge=0)


class SubmissionIn(BaseModel):
    """The envelope a kiosk sends (personal data travels only here, over TLS)."""

    id: str = Field(min_length=1, max_length=64)
    service_code: str = Field(min_length=1, max_length=64)
    kiosk_id: str = Field(min_length=1, max_length=64)
    created_at: datetime
    form: dict[str, Any]
    applicant: dict[str, Any] | None = None
    attachments: list[AttachmentRefIn] = []


class SubmissionAccepted(BaseModel):
    submission_id: str
    acceptance_no: str
    duplicate: bool = Field(description="true when this Idempotency-Key was seen before")
    received_at: str


class MissingAttachments(BaseModel):
    detail: str
    missing: list[str]


def acceptance_number(record_no: int, when: datetime) -> str:
    """``SL`` + date + serial: letters first so it is never mistaken for an ID number."""
    return f"SL{when:%Y%m%d}{record_no:08d}"


@router.post(
    "",
    response_model=SubmissionAccepted,
    status_code=201,
    responses={
        200: {"model": SubmissionAccepted, "description": "already accepted (same key)"},
        403: {"description": "the envelope's kiosk_id is not the token's kiosk"},
        409: {"model": MissingAttachments, "description": "attachments not uploaded yet"},
        422: {"description": "invalid envelope, or the key was used with a different body"},
    },
)
async def post_submission(
    body: SubmissionIn,
    response: Response,
    idempotency_key: Annotated[
        str,
        Header(alias="Idempotency-Key", description="the submission id; a retry repeats it"),
    ],
    kiosk: KioskDep,
    db: DbDep,
    settings: SettingsDep,
) -> SubmissionAccepted | JSONResponse:
    """Accept a submission. The same Idempotency-Key twice returns the same acceptance
    number (200, ``duplicate: true``) and never creates a second record."""
    if idempotency_key != body.id:
        raise HTTPException(422, "Idempotency-Key must equal the submission id")
    kiosk.check(body.kiosk_id)
    # The transaction (and its fsync) runs in the thread pool: one hop per request.
    result = await run_in_threadpool(_accept, body, idempotency_key, db, settings, kiosk.kiosk_id)
    if isinstance(result, SubmissionAccepted) and result.duplicate:
        response.status_code = 200
    return result


def _accept(
    body: SubmissionIn,
    idempotency_key: str,
    db: ServerDB,
    settings: ServerSettings,
    caller: str = "*",
) -> SubmissionAccepted | JSONResponse:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    body_sha = hashlib.sha256(canonical.encode()).hexdigest()
    now = datetime.now(UTC)
    with db.transaction() as conn:
        seen = conn.execute(
            "SELECT r.acceptance_no, r.received_at, i.body_sha256 FROM idempotency i"
            " JOIN records r ON r.record_no = i.record_no WHERE i.key = ?",
            (idempotency_key,),
        ).fetchone()
        if seen is not None:
            if seen[2] != body_sha:
                raise HTTPException(422, "Idempotency-Key was already used with a different body")
            return SubmissionAccepted(
                submission_id=body.id, acceptance_no=seen[0], duplicate=True, received_at=seen[1]
            )
        shas = [a.sha256 for a in body.attachments]
        # Only attachments this kiosk uploaded itself: citing another kiosk's is "missing".
        holder = body.kiosk_id if caller != "*" else "*"
        missing = [s for s in dict.fromkeys(shas) if not holds(conn, s, holder)]
        if missing:
            return JSONResponse(
                status_code=409,
                content={
                    "detail": f"{len(missing)} attachment(s) not uploaded",
                    "missing": missing,
                },
            )
        instant = body.service_code in settings.instant_services
        cur = conn.execute(
            "INSERT INTO records (submission_id, kiosk_id, service_code, acceptance_no,"
            " body_sha256, body, received_at, status, certificate_ready, status_updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                body.id,
                body.kiosk_id,
                body.service_code,
                f"pending:{idempotency_key}",
                body_sha,
                canonical,
                now.isoformat(),
                "approved" if instant else "received",
                int(instant),
                now.isoformat(),
            ),
        )
        record_no = int(cur.lastrowid or 0)
        acceptance_no = acceptance_number(record_no, now)
        conn.execute(
            "UPDATE records SET acceptance_no = ? WHERE record_no = ?", (acceptance_no, record_no)
        )
        conn.execute(
            "INSERT INTO idempotency (key, record_no, body_sha256) VALUES (?, ?, ?)",
            (idempotency_key, record_no, body_sha),
        )
        conn.executemany(
            "INSERT INTO record_attachments (record_no, position, sha256) VALUES (?, ?, ?)",
            [(record_no, i, s) for i, s in enumerate(shas)],
        )
    return SubmissionAccepted(
        submission_id=body.id,
        acceptance_no=acceptance_no,
        duplicate=False,
        received_at=now.isoformat(),
    )

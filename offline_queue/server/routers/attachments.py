"""``PUT/HEAD /v1/attachments/{sha256}``: content-addressed, idempotent uploads.

Scoped per kiosk: content is stored once, but a kiosk *holds* an attachment only
after uploading it itself (the upload proves possession: the bytes hash to the
name). HEAD answers 200 only to a holder, so kiosk B cannot test for kiosk A's
attachments, and a submission may cite only attachments its kiosk holds.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, HTTPException, Path, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from offline_queue.server.db import ServerDB
from offline_queue.server.deps import DbDep, KioskDep, SettingsDep

SCHEMA = """
CREATE TABLE IF NOT EXISTS attachments (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL DEFAULT '',
    data BLOB NOT NULL,
    received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attachment_holders (
    sha256 TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    PRIMARY KEY (sha256, kiosk_id)
);
"""

router = APIRouter(prefix="/v1/attachments", tags=["attachments"])
Sha256 = Annotated[
    str, Path(pattern=r"^[0-9a-f]{64}$", description="lower-case hex sha256 of the content")
]


class AttachmentStored(BaseModel):
    sha256: str
    size: int
    already_present: bool


@router.put(
    "/{sha256}",
    response_model=AttachmentStored,
    status_code=201,
    responses={
        200: {"model": AttachmentStored, "description": "the platform already had it"},
        400: {"description": "content does not hash to the sha256 in the path"},
        413: {"description": "attachment too large"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                # An empty body is refused (FastAPI reads it as missing): minLength says so.
                "application/octet-stream": {
                    "schema": {"type": "string", "format": "binary", "minLength": 1}
                }
            },
        }
    },
)
async def put_attachment(
    response: Response,
    sha256: Sha256,
    data: Annotated[bytes, Body(media_type="application/octet-stream", include_in_schema=False)],
    kiosk: KioskDep,
    db: DbDep,
    settings: SettingsDep,
    content_type: Annotated[
        str, Header(alias="X-Content-Type", description="the file's media type")
    ] = "",
) -> AttachmentStored:
    """Store an attachment under its sha256. Idempotent: a second PUT answers 200 and
    ``already_present: true`` without storing anything twice."""
    if len(data) > settings.max_attachment_bytes:
        raise HTTPException(413, f"attachment larger than {settings.max_attachment_bytes} bytes")
    # One hop to the thread pool for the hashing and the (fsyncing) commit; an async
    # endpoint keeps FastAPI's own per-request work on the event loop.
    inserted = await run_in_threadpool(_store, db, sha256, data, content_type, kiosk.kiosk_id)
    if not inserted:
        response.status_code = 200
    return AttachmentStored(sha256=sha256, size=len(data), already_present=not inserted)


def _store(db: ServerDB, sha256: str, data: bytes, content_type: str, kiosk_id: str) -> bool:
    if hashlib.sha256(data).hexdigest() != sha256:
        raise HTTPException(400, "content does not match the sha256 in the path")
    with db.transaction() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO attachments (sha256, size, content_type, data, received_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (sha256, len(data), content_type, data, datetime.now(UTC).isoformat()),
        )
        # "Already present" is said only to a kiosk that uploaded it before.
        return bool(
            conn.execute(
                "INSERT OR IGNORE INTO attachment_holders (sha256, kiosk_id) VALUES (?, ?)",
                (sha256, kiosk_id),
            ).rowcount
        )


def holds(conn: Any, sha256: str, kiosk_id: str) -> bool:
    """Whether ``kiosk_id`` uploaded ``sha256`` (a ``*`` token holds everything stored)."""
    if kiosk_id == "*":
        sql, args = "SELECT 1 FROM attachments WHERE sha256 = ?", (sha256,)
    else:
        sql = (
            "SELECT 1 FROM attachment_holders h JOIN attachments a ON a.sha256 = h.sha256"
            " WHERE h.sha256 = ? AND h.kiosk_id = ?"
        )
        args = (sha256, kiosk_id)  # type: ignore[assignment]
    return conn.execute(sql, args).fetchone() is not None


@router.head("/{sha256}", responses={404: {"description": "not stored"}})
def head_attachment(
    sha256: Sha256,
    kiosk: KioskDep,
    db: DbDep,
) -> Response:
    """200 if this kiosk uploaded this attachment, 404 if not (lets a retry skip the upload)."""
    conn = db.connection()
    row = conn.execute("SELECT size FROM attachments WHERE sha256 = ?", (sha256,)).fetchone()
    if row is None or not holds(conn, sha256, kiosk.kiosk_id):
        return Response(status_code=404)
    return Response(status_code=200, headers={"X-Attachment-Size": str(row[0])})

"""Receipt QR follow-ups on the reference platform: offline receipts and certificate re-print.

* ``GET /v1/cases/by-submission/{submission_id}`` (kiosk token) — a receipt printed
  while the terminal was offline carries the submission id, not yet an acceptance
  number; once any terminal has synced it, this finds the case.
* ``POST /v1/cases/{acceptance_no}/certificate`` (kiosk token) — the issued
  certificate (template name + fields) for re-printing, only to the applicant:
  the kiosk sends the ID number of the resident who identified at the terminal,
  and it must be the certificate holder's. Errors carry ``detail.code``:
  ``unknown`` (404), ``not_ready`` (409), ``not_applicant`` (403).
* ``PUT /v1/admin/cases/{acceptance_no}/certificate`` (admin token) — issue the
  certificate (what the back office does); the case becomes approved and ready.

Only a SHA-256 of the holder's ID number is kept beside the certificate row for the
check; the certificate fields themselves are what the platform would hold anyway.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from offline_queue.server.db import ServerDB
from offline_queue.server.deps import AdminDep, DbDep, KioskDep
from offline_queue.server.routers.cases import CaseStatusOut, read_case
from offline_queue.server.routers.seal import read_seal, seal_key, sign_certificate, store_seal

SCHEMA = """
CREATE TABLE IF NOT EXISTS certificates (
    acceptance_no TEXT PRIMARY KEY,
    template TEXT NOT NULL,
    data TEXT NOT NULL,
    holder_sha256 TEXT NOT NULL,
    issued_at TEXT NOT NULL
);
"""

router = APIRouter(tags=["receipts"])


def holder_digest(id_number: str) -> str:
    return hashlib.sha256(id_number.strip().upper().encode()).hexdigest()


def _fail(status: int, code: str, message: str) -> HTTPException:
    return HTTPException(status, {"code": code, "message": message})


class CertificateIn(BaseModel):
    template: str = Field(min_length=1, max_length=64)
    data: dict[str, Any]
    #: Default: the applicant's ID number from the submitted envelope.
    holder_id_number: str | None = Field(None, min_length=6, max_length=32)


class CertificateRequest(BaseModel):
    id_number: str = Field(min_length=6, max_length=32)
    #: From the receipt: proves possession of it when asked by another kiosk.
    submission_id: str | None = Field(None, max_length=64)


class CertificateOut(BaseModel):
    acceptance_no: str
    template: str
    data: dict[str, Any]
    issued_at: str
    #: The platform's seal over ``data`` (``routers/seal.py``): what makes the QR valid.
    key_id: str | None = None
    signature: str | None = None


def read_certificate(db: ServerDB, acceptance_no: str) -> tuple[str, dict[str, Any]] | None:
    """(template, fields) of a case's issued certificate, if any."""
    row = (
        db.connection()
        .execute(
            "SELECT template, data FROM certificates WHERE acceptance_no = ?", (acceptance_no,)
        )
        .fetchone()
    )
    return None if row is None else (row[0], json.loads(row[1]))


def save_certificate(
    db: ServerDB, acceptance_no: str, template: str, data: dict[str, Any], holder: str
) -> None:
    """Issue (or replace) a case's certificate; the case becomes approved and ready."""
    now = datetime.now(UTC).isoformat()
    with db.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO certificates (acceptance_no, template, data, holder_sha256,"
            " issued_at) VALUES (?, ?, ?, ?, ?)",
            (
                acceptance_no,
                template,
                json.dumps(data, ensure_ascii=False),
                holder_digest(holder),
                now,
            ),
        )
        conn.execute(
            "UPDATE records SET status = 'approved', certificate_ready = 1, status_updated_at = ?"
            " WHERE acceptance_no = ?",
            (now, acceptance_no),
        )


@router.get(
    "/v1/cases/by-submission/{submission_id}",
    response_model=CaseStatusOut,
    responses={404: {"description": "no case for this submission yet"}},
)
def case_by_submission(submission_id: str, _kiosk: KioskDep, db: DbDep) -> CaseStatusOut:
    """The case created from a submission id (a receipt printed while offline)."""
    row = (
        db.connection()
        .execute(
            "SELECT acceptance_no FROM records WHERE submission_id = ? ORDER BY record_no LIMIT 1",
            (submission_id,),
        )
        .fetchone()
    )
    if row is None:
        raise HTTPException(404, "no case for this submission yet")
    return read_case(db, row[0])


@router.post(
    "/v1/cases/{acceptance_no}/certificate",
    response_model=CertificateOut,
    responses={403: {}, 404: {}, 409: {}},
)
def certificate_for_reprint(
    acceptance_no: str,
    req: CertificateRequest,
    kiosk: KioskDep,
    db: DbDep,
) -> CertificateOut:
    """The issued certificate of a case, for the applicant only, at the filing kiosk or
    at a kiosk that shows the receipt's submission id."""
    conn = db.connection()
    rec = conn.execute(
        "SELECT kiosk_id, submission_id FROM records WHERE acceptance_no = ?", (acceptance_no,)
    ).fetchone()
    proved = rec is not None and (
        kiosk.may_act_for(rec[0])
        or (req.submission_id is not None and hmac.compare_digest(req.submission_id, rec[1]))
    )
    if not proved:
        raise _fail(404, "unknown", "no case with this acceptance number")
    row = conn.execute(
        "SELECT template, data, holder_sha256, issued_at FROM certificates WHERE acceptance_no = ?",
        (acceptance_no,),
    ).fetchone()
    if row is None:
        raise _fail(409, "not_ready", "no certificate issued for this case yet")
    if not hmac.compare_digest(row[2], holder_digest(req.id_number)):
        raise _fail(403, "not_applicant", "the certificate belongs to someone else")
    return CertificateOut(
        acceptance_no=acceptance_no,
        template=row[0],
        data=json.loads(row[1]),
        issued_at=row[3],
        **(read_seal(db, acceptance_no) or {}),
    )


@router.put(
    "/v1/admin/cases/{acceptance_no}/certificate",
    response_model=CaseStatusOut,
    responses={401: {"description": "not the admin token"}},
)
def issue_certificate(
    acceptance_no: str, cert: CertificateIn, request: Request, db: DbDep, _admin: AdminDep
) -> CaseStatusOut:
    """Issue (or replace) a case's certificate; the case becomes approved and ready."""
    read_case(db, acceptance_no)  # 404 if unknown
    holder = cert.holder_id_number
    if holder is None:
        body = (
            db.connection()
            .execute("SELECT body FROM records WHERE acceptance_no = ?", (acceptance_no,))
            .fetchone()[0]
        )
        applicant = json.loads(body).get("applicant") or {}
        holder = applicant.get("id_number")
        if not holder:
            raise HTTPException(422, "no holder_id_number and no applicant id_number in the case")
    save_certificate(db, acceptance_no, cert.template, cert.data, holder)
    if "certificate_number" in cert.data and "issued_on" in cert.data:
        # The back office issues with the seal too: a re-print carries the platform's QR.
        store_seal(
            db, acceptance_no, *sign_certificate(seal_key(request), cert.template, cert.data)
        )
    return read_case(db, acceptance_no)

"""``GET /v1/cases/{acceptance_no}``: the status of a case, for the kiosk that filed it.

Acceptance numbers are sequential (they can be enumerated), so they open nothing
for another kiosk: that one reads a case through the receipt's unguessable
submission id (``GET /v1/cases/by-submission/{submission_id}``, 80 random bits).
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

from offline_queue.server.db import ServerDB
from offline_queue.server.deps import DbDep, Kiosk, KioskDep

router = APIRouter(prefix="/v1/cases", tags=["cases"])

STATUS_TEXT = {
    "received": "已受理",
    "processing": "办理中",
    "approved": "已办结",
    "rejected": "不予受理",
}


class CaseStatusOut(BaseModel):
    acceptance_no: str
    service_code: str
    status: str
    status_text: str
    certificate_ready: bool
    updated_at: str


def read_case(db: ServerDB, acceptance_no: str, kiosk: Kiosk | None = None) -> CaseStatusOut:
    """The case; with ``kiosk``, 404 unless that kiosk filed it (existence is not revealed)."""
    row = (
        db.connection()
        .execute(
            "SELECT acceptance_no, service_code, status, certificate_ready, status_updated_at,"
            " kiosk_id FROM records WHERE acceptance_no = ?",
            (acceptance_no,),
        )
        .fetchone()
    )
    if row is None or (kiosk is not None and not kiosk.may_act_for(row[5])):
        raise HTTPException(404, "no case with this acceptance number")
    return CaseStatusOut(
        acceptance_no=row[0],
        service_code=row[1],
        status=row[2],
        status_text=STATUS_TEXT.get(row[2], row[2]),
        certificate_ready=bool(row[3]),
        updated_at=row[4],
    )


@router.get("/{acceptance_no}", response_model=CaseStatusOut, responses={404: {}})
def case_status(acceptance_no: str, kiosk: KioskDep, db: DbDep) -> CaseStatusOut:
    """Where the case stands and whether its certificate is ready (the filing kiosk only)."""
    return read_case(db, acceptance_no, kiosk)

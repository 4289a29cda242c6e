"""``GET /v1/cases/{acceptance_no}``: the status of a case, from a receipt's QR code.

Any terminal can show it: the acceptance number is all that is needed, and the
answer holds no personal data.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

from offline_queue.server.db import ServerDB
from offline_queue.server.deps import DbDep, KioskDep

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


def read_case(db: ServerDB, acceptance_no: str) -> CaseStatusOut:
    row = (
        db.connection()
        .execute(
            "SELECT acceptance_no, service_code, status, certificate_ready, status_updated_at"
            " FROM records WHERE acceptance_no = ?",
            (acceptance_no,),
        )
        .fetchone()
    )
    if row is None:
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
def case_status(acceptance_no: str, _kiosk: KioskDep, db: DbDep) -> CaseStatusOut:
    """Where the case stands and whether its certificate is ready to print."""
    return read_case(db, acceptance_no)

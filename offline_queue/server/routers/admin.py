"""``/v1/admin/*``: change fault injection and case status at run time (tests, demo).

Disabled (404) unless the server was given an admin token.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from offline_queue.server.deps import DbDep, require_admin
from offline_queue.server.routers.cases import CaseStatusOut, read_case
from offline_queue.server.settings import Faults

router = APIRouter(
    prefix="/v1/admin",
    tags=["admin"],
    dependencies=[Depends(require_admin)],
    responses={401: {"description": "not the admin token"}},
)


class FaultsIn(BaseModel):
    fail_rate: float = Field(0.0, ge=0, le=1)
    latency_ms: float = Field(0.0, ge=0, le=60_000)
    drop_after_commit: float = Field(0.0, ge=0, le=1)
    throttle_rate: float = Field(0.0, ge=0, le=1)
    retry_after_s: float = Field(1.0, ge=0, le=86_400)


@router.put("/faults", response_model=FaultsIn)
def put_faults(faults: FaultsIn, request: Request) -> FaultsIn:
    """Replace the fault injection settings."""
    current: Faults = request.app.state.settings.faults
    for k, v in faults.model_dump().items():
        setattr(current, k, v)
    return FaultsIn(**asdict(current))


class CaseUpdate(BaseModel):
    status: Literal["received", "processing", "approved", "rejected"]
    certificate_ready: bool = False


@router.put("/cases/{acceptance_no}", response_model=CaseStatusOut)
def put_case(acceptance_no: str, update: CaseUpdate, db: DbDep) -> CaseStatusOut:  # fmt: skip
    """Move a case along (what a clerk at the back office would do)."""
    read_case(db, acceptance_no)  # 404 if unknown
    with db.transaction() as conn:
        conn.execute(
            "UPDATE records SET status = ?, certificate_ready = ?, status_updated_at = ?"
            " WHERE acceptance_no = ?",
            (
                update.status,
                int(update.certificate_ready),
                datetime.now(UTC).isoformat(),
                acceptance_no,
            ),
        )
    return read_case(db, acceptance_no)

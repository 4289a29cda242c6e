"""App-code login (政务 App 亮码): the reference platform's token endpoints.

A resident opens the government app, which shows a QR code holding an opaque,
short-lived token. The kiosk scans it and asks the platform who it belongs to:

* ``POST /v1/app-codes/verify`` (kiosk token) — token → identity. The token is
  single use (the first verify consumes it) and expires (``expires_at``). Errors
  carry a machine-readable code in ``detail.code``: ``malformed`` (400),
  ``unknown`` (404), ``expired`` (410), ``used`` (410).
* ``POST /v1/admin/app-codes`` (admin token) — mint a token for an identity. On the
  real platform the app's back end does this; the reference server offers it so
  that tests and the demo can play the resident's phone.

Only a SHA-256 of each token is stored, so a copy of the database cannot be
replayed at a kiosk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
import time
from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from offline_queue.server.deps import AdminDep, DbDep, KioskDep, SettingsDep
from offline_queue.server.routers.identity import SESSION_RE, issue_identity_token

SCHEMA = """
CREATE TABLE IF NOT EXISTS app_codes (
    token_sha256 TEXT PRIMARY KEY,
    identity TEXT NOT NULL,
    issued_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    used_at REAL,
    used_by TEXT
);
"""

#: What a token may look like (the kiosk checks the same before asking).
TOKEN_RE = re.compile(r"^[A-Za-z0-9._~+/=-]{16,512}$")
TOKEN_PREFIX = "zwapp1."
DEFAULT_TTL_S = 120.0

router = APIRouter(tags=["app-codes"])


class AppIdentity(BaseModel):
    """The identity behind an app code (the same fields a resident ID card gives)."""

    id_type: str = Field("resident_id", description="resident_id | hmt_residence_permit | …")
    name: str = Field(min_length=1, max_length=64)
    id_number: str = Field(min_length=6, max_length=32)
    gender: str = Field("0", pattern=r"^[0129]$", description="GB/T 2261.1: 1 male, 2 female")
    birth_date: dt.date | None = None
    ethnicity: str = ""
    address: str = ""
    phone: str = ""


class MintRequest(BaseModel):
    identity: AppIdentity
    ttl_s: float = Field(DEFAULT_TTL_S, ge=0, le=86_400, description="0: already expired")


class MintResponse(BaseModel):
    token: str
    issued_at: dt.datetime
    expires_at: dt.datetime


class VerifyRequest(BaseModel):
    token: str = Field(max_length=4096)
    kiosk_id: str = Field(min_length=1, max_length=64)
    #: The kiosk's session: when given, the answer carries an identity token for it.
    session_id: str | None = Field(None, pattern=SESSION_RE)


class VerifyResponse(BaseModel):
    identity: AppIdentity
    issued_at: dt.datetime
    expires_at: dt.datetime
    verified_at: dt.datetime
    #: For the e-licence look-up of this session (routers/identity.py).
    identity_token: str | None = None


def _utc(ts: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, dt.UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _fail(status: int, code: str, message: str) -> HTTPException:
    return HTTPException(status, {"code": code, "message": message})


@router.post(
    "/v1/admin/app-codes",
    status_code=201,
    response_model=MintResponse,
    responses={401: {"description": "not the admin token"}},
)
def mint_app_code(
    req: MintRequest,
    db: DbDep,
    _admin: AdminDep,
) -> MintResponse:
    """Mint a single-use app-code token (stands in for the government app's back end)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = time.time()
    expires = now + req.ttl_s
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO app_codes (token_sha256, identity, issued_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            (_digest(token), req.identity.model_dump_json(), now, expires),
        )
    return MintResponse(token=token, issued_at=_utc(now), expires_at=_utc(expires))


@router.post(
    "/v1/app-codes/verify",
    response_model=VerifyResponse,
    responses={
        403: {"description": "the token belongs to another kiosk"},
        400: {"description": "malformed token"},
        404: {"description": "unknown token"},
        410: {"description": "expired or already used token"},
    },
)
def verify_app_code(
    req: VerifyRequest,
    db: DbDep,
    kiosk: KioskDep,
    settings: SettingsDep,
) -> VerifyResponse:
    """Exchange a scanned app-code token for the resident's identity (once)."""
    kiosk.check(req.kiosk_id)
    if not TOKEN_RE.match(req.token):
        raise _fail(400, "malformed", "token has a bad length or characters")
    now = time.time()
    with db.transaction() as conn:
        row = conn.execute(
            "SELECT identity, issued_at, expires_at, used_at FROM app_codes WHERE token_sha256 = ?",
            (_digest(req.token),),
        ).fetchone()
        if row is None:
            raise _fail(404, "unknown", "no such app code")
        identity, issued_at, expires_at, used_at = row
        if used_at is not None:
            raise _fail(410, "used", "app code already used")
        if now >= expires_at:
            raise _fail(410, "expired", "app code expired")
        # Single use: consumed inside the same write transaction that checked it.
        conn.execute(
            "UPDATE app_codes SET used_at = ?, used_by = ? WHERE token_sha256 = ?",
            (now, req.kiosk_id, _digest(req.token)),
        )
    data: dict[str, Any] = json.loads(identity)
    who = AppIdentity.model_validate(data)
    proof = None
    if req.session_id is not None:
        proof = issue_identity_token(
            db,
            req.kiosk_id,
            req.session_id,
            who.id_number,
            "app_code",
            settings.identity_token_ttl_s,
        ).identity_token
    return VerifyResponse(
        identity=who,
        issued_at=_utc(issued_at),
        expires_at=_utc(expires_at),
        verified_at=_utc(now),
        identity_token=proof,
    )

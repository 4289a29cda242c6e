"""Identity events: the proof, checked by the platform, that a resident is at a kiosk now.

Why: the e-licence look-up returns a resident's household register. With only a
kiosk's bearer token, whoever holds one (a leaked credential, a stolen terminal)
could ask for any ID number. So a look-up must present an *identity token* that
the platform issued when that resident identified at that kiosk, in that session:

* **App code** (``POST /v1/app-codes/verify`` with a ``session_id``): the platform
  verified the code itself and returns an identity token with the identity.
* **ID card** (``POST /v1/identity-events``): the reader's SAM signs what it read
  (an Ed25519 *card-read attestation*, :func:`card_read_message`). The platform
  accepts it only from a reader key registered for that kiosk
  (``PUT /v1/admin/kiosks/{kiosk_id}/reader-keys``, done at enrolment), only fresh,
  and only once. In production the key never leaves the SAM; the simulator holds
  it in memory only (``drivers/idcard/attest.py``), never on the terminal's disk.

An identity token is bound to the kiosk, the session and the ID number, expires
(``identity_token_ttl_s``), and only its SHA-256 is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from offline_queue.server.db import ServerDB
from offline_queue.server.deps import AdminDep, DbDep, Kiosk, KioskDep, SettingsDep

SCHEMA = """
CREATE TABLE IF NOT EXISTS identity_tokens (
    token_sha256 TEXT PRIMARY KEY,
    kiosk_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    id_sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    issued_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS reader_keys (
    kiosk_id TEXT NOT NULL,
    public_key TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, public_key)
);
CREATE TABLE IF NOT EXISTS used_attestations (
    nonce TEXT PRIMARY KEY,
    used_at REAL NOT NULL
);
"""

TOKEN_PREFIX = "zwid1."
SESSION_RE = r"^[A-Za-z0-9_-]{8,64}$"
ID_NUMBER_RE = r"^(\d{17}[0-9X]|\d{15}|[A-Z]{3}\d{12})$"

router = APIRouter(tags=["identity"])


def id_digest(id_number: str) -> str:
    return hashlib.sha256(id_number.strip().upper().encode()).hexdigest()


def card_read_message(reader_key: str, id_sha256: str, read_at_ms: int, nonce: str) -> bytes:
    """What a reader's SAM signs for one card read (the same bytes on both sides).

    Written again, from this definition, in ``drivers/idcard/attest.py``: the two
    packages import nothing of each other.
    """
    return f"kiosk-card-read/v1|{reader_key}|{id_sha256}|{read_at_ms}|{nonce}".encode()


def _fail(status: int, code: str, message: str) -> HTTPException:
    return HTTPException(status, {"code": code, "message": message})


def _utc(ts: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, dt.UTC)


class IdentityToken(BaseModel):
    identity_token: str
    expires_at: dt.datetime


def issue_identity_token(
    db: ServerDB, kiosk_id: str, session_id: str, id_number: str, kind: str, ttl_s: float
) -> IdentityToken:
    """A new identity token for this kiosk, session and ID number."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = time.time()
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO identity_tokens (token_sha256, kiosk_id, session_id, id_sha256, kind,"
            " issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                hashlib.sha256(token.encode()).hexdigest(),
                kiosk_id,
                session_id,
                id_digest(id_number),
                kind,
                now,
                now + ttl_s,
            ),
        )
    return IdentityToken(identity_token=token, expires_at=_utc(now + ttl_s))


def require_identity(
    db: ServerDB, kiosk: Kiosk, token: str, session_id: str, id_number: str
) -> None:
    """403 unless ``token`` was issued to this kiosk's session for this ID number, and is live.

    Each refusal names its reason (``detail.code``) for the kiosk's log; none tells
    a caller whether some other kiosk holds a token for that ID number.
    """
    row = (
        db.connection()
        .execute(
            "SELECT kiosk_id, session_id, id_sha256, expires_at FROM identity_tokens"
            " WHERE token_sha256 = ?",
            (hashlib.sha256(token.encode()).hexdigest(),),
        )
        .fetchone()
    )
    if row is None:
        raise _fail(403, "no_identity_event", "no identity event behind this token")
    kiosk_id, sid, id_sha, expires_at = row
    if not kiosk.may_act_for(kiosk_id):
        raise _fail(403, "other_kiosk", "identity token of another kiosk")
    if not secrets.compare_digest(sid, session_id):
        raise _fail(403, "other_session", "identity token of another session")
    if not secrets.compare_digest(id_sha, id_digest(id_number)):
        raise _fail(403, "identity_mismatch", "identity token of another resident")
    if time.time() >= expires_at:
        raise _fail(403, "expired", "identity token expired")


class ReaderKeys(BaseModel):
    public_keys: list[str] = Field(max_length=16)


@router.put(
    "/v1/admin/kiosks/{kiosk_id}/reader-keys",
    status_code=204,
    responses={401: {"description": "not the admin token"}},
)
def register_reader_keys(kiosk_id: str, body: ReaderKeys, db: DbDep, _admin: AdminDep) -> None:
    """Register the ID-card readers' SAM keys of a kiosk (hex Ed25519 public keys)."""
    for key in body.public_keys:
        try:
            Ed25519PublicKey.from_public_bytes(bytes.fromhex(key))
        except ValueError:
            raise _fail(400, "bad_key", "not a hex Ed25519 public key") from None
    with db.transaction() as conn:
        conn.executemany(
            "INSERT OR IGNORE INTO reader_keys (kiosk_id, public_key) VALUES (?, ?)",
            [(kiosk_id, k) for k in body.public_keys],
        )


class CardReadEvent(BaseModel):
    kiosk_id: str = Field(min_length=1, max_length=64)
    session_id: str = Field(pattern=SESSION_RE)
    id_number: str = Field(pattern=ID_NUMBER_RE)
    reader_key: str = Field(pattern=r"^[0-9a-f]{64}$")
    read_at_ms: int
    nonce: str = Field(pattern=r"^[0-9a-f]{32}$")
    signature: str = Field(pattern=r"^[0-9a-f]{128}$")


@router.post(
    "/v1/identity-events",
    response_model=IdentityToken,
    responses={403: {"description": "attestation refused (detail.code names why)"}},
)
def card_read_event(
    event: CardReadEvent, db: DbDep, kiosk: KioskDep, settings: SettingsDep
) -> IdentityToken:
    """An ID card read at a kiosk, attested by its reader's SAM → an identity token."""
    kiosk.check(event.kiosk_id)
    known = (
        db.connection()
        .execute(
            "SELECT 1 FROM reader_keys WHERE kiosk_id = ? AND public_key = ?",
            (event.kiosk_id, event.reader_key),
        )
        .fetchone()
    )
    if known is None:
        raise _fail(403, "unknown_reader", "reader key not registered for this kiosk")
    message = card_read_message(
        event.reader_key, id_digest(event.id_number), event.read_at_ms, event.nonce
    )
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(event.reader_key)).verify(
            bytes.fromhex(event.signature), message
        )
    except InvalidSignature:
        raise _fail(403, "bad_attestation", "card-read attestation does not verify") from None
    now = time.time()
    if abs(now - event.read_at_ms / 1000) > settings.attestation_max_age_s:
        raise _fail(403, "stale_attestation", "card read too long ago")
    with db.transaction() as conn:
        if conn.execute("SELECT 1 FROM used_attestations WHERE nonce = ?", (event.nonce,)).fetchone():  # fmt: skip
            raise _fail(403, "replayed_attestation", "card-read attestation already used")
        conn.execute("INSERT INTO used_attestations (nonce, used_at) VALUES (?, ?)", (event.nonce, now))  # fmt: skip
    return issue_identity_token(
        db,
        event.kiosk_id,
        event.session_id,
        event.id_number,
        "id_card",
        settings.identity_token_ttl_s,
    )

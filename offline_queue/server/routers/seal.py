"""The platform's seal on certificates: the platform signs, terminals only verify and print.

* ``POST /v1/cases/{acceptance_no}/certificate/issue`` (kiosk token, the filing
  kiosk) — instant approval (秒批) online: the terminal proposes the certificate's
  fields; the platform checks them against the case (an instant service, its own
  acceptance number as the certificate number, the submitted applicant as the
  holder), sets the issue date, signs, stores it for re-printing, and returns the
  fields as signed with the seal (``key_id``, ``signature``). Asking again returns
  the same certificate. Errors carry ``detail.code``: ``unknown`` (404),
  ``not_instant`` (409), ``not_applicant`` (403), ``mismatch`` (422).
* ``GET /v1/seal/public-key`` — the seal's public key (PEM), for provisioning
  verifiers and terminals' configuration. A terminal takes the key from its
  configuration, never from this call at run time.

The signed claim is the one ``printer_templates/signing.py`` verifies (written here
again from its definition: this package imports nothing of ours)::

    b"kiosk-certificate-v1\\n" + "\\n".join([template, number, issued_on, digest, key_id])

with ``digest`` = base64url(SHA-256(canonical JSON of {"template", "fields"})[:16])
and ``key_id`` = the first 8 hex digits of SHA-256(raw public key).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from offline_queue.server.db import ServerDB
from offline_queue.server.deps import DbDep, KioskDep, SettingsDep

SCHEMA = """
CREATE TABLE IF NOT EXISTS certificate_seals (
    acceptance_no TEXT PRIMARY KEY,
    key_id TEXT NOT NULL,
    signature TEXT NOT NULL
);
"""

CONTEXT = b"kiosk-certificate-v1\n"

router = APIRouter(tags=["seal"])


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def seal_key(request: Request) -> Ed25519PrivateKey:
    """The seal (from ``settings.seal_key_path``, else one made in memory at start-up)."""
    key: Ed25519PrivateKey | None = getattr(request.app.state, "seal_key", None)
    if key is None:
        path = request.app.state.settings.seal_key_path
        if path is None:
            key = Ed25519PrivateKey.generate()
        else:
            loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(loaded, Ed25519PrivateKey):
                raise RuntimeError(f"seal key {path} is not an Ed25519 key")
            key = loaded
        request.app.state.seal_key = key
    return key


def public_pem(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _key_id(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:8]


def sign_certificate(
    key: Ed25519PrivateKey, template: str, fields: dict[str, Any]
) -> tuple[str, str]:
    """(key id, base64url signature) of the certificate's claim."""
    canonical = json.dumps(
        {"template": template, "fields": fields},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    digest = _b64(hashlib.sha256(canonical).digest()[:16])
    kid = _key_id(key)
    parts = [template, str(fields["certificate_number"]), str(fields["issued_on"]), digest, kid]
    return kid, _b64(key.sign(CONTEXT + "\n".join(parts).encode("utf-8")))


def store_seal(db: ServerDB, acceptance_no: str, key_id: str, signature: str) -> None:
    with db.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO certificate_seals (acceptance_no, key_id, signature)"
            " VALUES (?, ?, ?)",
            (acceptance_no, key_id, signature),
        )


def read_seal(db: ServerDB, acceptance_no: str) -> dict[str, str] | None:
    row = (
        db.connection()
        .execute(
            "SELECT key_id, signature FROM certificate_seals WHERE acceptance_no = ?",
            (acceptance_no,),
        )
        .fetchone()
    )
    return None if row is None else {"key_id": row[0], "signature": row[1]}


def _fail(status: int, code: str, message: str) -> HTTPException:
    return HTTPException(status, {"code": code, "message": message})


class ProposedCertificate(BaseModel):
    template: str = Field(min_length=1, max_length=64)
    data: dict[str, Any]


class SealedCertificate(BaseModel):
    acceptance_no: str
    template: str
    #: The fields exactly as signed (print these).
    data: dict[str, Any]
    key_id: str
    signature: str


def _same(a: object, b: object) -> bool:
    return hmac.compare_digest(str(a).strip().upper().encode(), str(b).strip().upper().encode())


@router.get("/v1/seal/public-key", response_class=PlainTextResponse)
def seal_public_key(request: Request) -> str:
    """The seal's public key, PEM."""
    return public_pem(seal_key(request)).decode()


@router.post(
    "/v1/cases/{acceptance_no}/certificate/issue",
    response_model=SealedCertificate,
    responses={403: {}, 404: {}, 409: {}, 422: {}},
)
def issue_instant_certificate(
    acceptance_no: str,
    proposed: ProposedCertificate,
    request: Request,
    kiosk: KioskDep,
    db: DbDep,
    settings: SettingsDep,
) -> SealedCertificate:
    """Instant approval: the platform checks, dates, signs and keeps the certificate."""
    # Imported here: receipts imports nothing of this module, and keeps the table.
    from offline_queue.server.routers.receipts import read_certificate, save_certificate

    rec = (
        db.connection()
        .execute(
            "SELECT kiosk_id, service_code, body FROM records WHERE acceptance_no = ?",
            (acceptance_no,),
        )
        .fetchone()
    )
    if rec is None or not kiosk.may_act_for(rec[0]):
        raise _fail(404, "unknown", "no case with this acceptance number")
    issued = read_certificate(db, acceptance_no)
    seal = read_seal(db, acceptance_no)
    if issued is not None and seal is not None:  # asked again (a retry): the same paper
        return SealedCertificate(
            acceptance_no=acceptance_no, template=issued[0], data=issued[1], **seal
        )
    if rec[1] not in settings.instant_services:
        raise _fail(409, "not_instant", f"{rec[1]} is not approved on the spot")
    applicant = json.loads(rec[2]).get("applicant") or {}
    data = dict(proposed.data)
    if not (
        applicant.get("id_number")
        and _same(data.get("holder_id_number", ""), applicant["id_number"])
        and _same(data.get("holder_name", ""), applicant.get("name", ""))
    ):
        raise _fail(403, "not_applicant", "the certificate's holder is not the applicant")
    if str(data.get("certificate_number", "")) != acceptance_no:
        raise _fail(422, "mismatch", "the certificate number must be the acceptance number")
    data["issued_on"] = dt.date.today().isoformat()  # the platform's date, not the kiosk's
    key_id, signature = sign_certificate(seal_key(request), proposed.template, data)
    save_certificate(db, acceptance_no, proposed.template, data, applicant["id_number"])
    store_seal(db, acceptance_no, key_id, signature)
    return SealedCertificate(
        acceptance_no=acceptance_no,
        template=proposed.template,
        data=data,
        key_id=key_id,
        signature=signature,
    )

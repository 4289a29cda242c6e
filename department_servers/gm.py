"""A 国密 gateway (social security): SM2-signed, SM4-encrypted JSON over ``POST /gm/api``.

Written from the envelope description (docs/connectors.md), not from the
terminal's code. Requests are refused with 401 ``{"code": ...}`` when the
signature does not verify, the timestamp is outside ±300 s, the nonce was seen,
or the body does not decrypt. Answers are sealed with the request's SM4 key and
signed by the gateway's SM2 key over a string that includes the request nonce.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gmalg
import gmalg.base
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from fastapi import Depends, FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from department_servers.admin import add_item_admin
from department_servers.faults import FaultInjector, Faults, faults_from_json
from department_servers.store import CaseStore, SessionHolders, load_items_file

UID = b"1234567812345678"


class _OpenSSLSM3(gmalg.base.Hash):
    """OpenSSL's SM3 for gmalg (whose own is pure Python: 1.4 s to sign a 300 KB list)."""

    def __init__(self) -> None:
        self._h = hashes.Hash(hashes.SM3())

    @classmethod
    def max_msg_length(cls) -> int:
        return 2**61 - 1

    @classmethod
    def hash_length(cls) -> int:
        return 32

    def reset(self) -> None:
        self._h = hashes.Hash(hashes.SM3())

    def update(self, data: bytes) -> None:
        self._h.update(bytes(data))

    def value(self) -> bytes:
        return self._h.copy().finalize()


def sm2(sk: bytes | None = None, pk: bytes | None = None) -> gmalg.SM2:
    """A fresh SM2 object per use (the hash state is per object: no sharing across threads)."""
    obj = gmalg.SM2(sk, UID, pk)
    core = getattr(obj, "_core", None)
    if core is not None and hasattr(core, "_hash_obj"):
        core._hash_obj = _OpenSSLSM3()
    return obj


@dataclass
class GmSettings:
    db_path: Path
    gateway_private_key: bytes
    clients: dict[str, bytes] = field(default_factory=dict)  # app_id → SM2 public key
    admin_token: str = "admin"
    window_s: float = 300.0
    items_file: Path | None = None
    case_prefix: str = "G"
    name: str = "gm"
    seed: int | None = None


class SealedIn(BaseModel):
    app_id: str
    timestamp: str
    nonce: str
    key: str
    iv: str
    data: str
    sign: str


class SealedOut(BaseModel):
    timestamp: str
    nonce: str
    iv: str
    data: str
    sign: str


class Refusal(BaseModel):
    code: str
    message: str


class _Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        self.code, self.message = code, message


def _gcm(key: bytes, iv: bytes, aad: bytes, data: bytes, tag: bytes | None = None) -> bytes:
    if tag is None:
        e = Cipher(algorithms.SM4(key), modes.GCM(iv)).encryptor()
        e.authenticate_additional_data(aad)
        return e.update(data) + e.finalize() + e.tag
    d = Cipher(algorithms.SM4(key), modes.GCM(iv, tag)).decryptor()
    d.authenticate_additional_data(aad)
    return d.update(data) + d.finalize()


def create_gm_app(settings: GmSettings, faults: Faults | None = None) -> Any:
    store = CaseStore(settings.db_path, settings.case_prefix)
    store.load_items(load_items_file(settings.items_file))
    faults = faults or Faults()
    gw = gmalg.SM2(settings.gateway_private_key, UID)
    seen: dict[str, float] = {}
    lock = threading.Lock()
    app = FastAPI(title=f"国密 gateway ({settings.name})", version="1.0")
    app.state.store, app.state.faults = store, faults
    app.state.sign_with_wrong_key = False
    app.state.refusals = []
    holders = app.state.licence_sessions = SessionHolders()

    def admin(x_admin_token: str | None = Header(default=None)) -> None:
        if not x_admin_token or not secrets.compare_digest(x_admin_token, settings.admin_token):
            raise HTTPException(401, "admin token required")

    def open_request(w: SealedIn) -> tuple[dict[str, Any], bytes]:
        pk = settings.clients.get(w.app_id)
        if pk is None:
            raise _Refused("UNKNOWN_APP", "unknown app_id")
        signing = "\n".join((w.app_id, w.timestamp, w.nonce, w.key, w.iv, w.data)).encode()
        try:
            sig = bytes.fromhex(w.sign)
            ok = len(sig) == 64 and sm2(pk=pk).verify(signing, sig[:32], sig[32:])
        except Exception:
            ok = False
        if not ok:
            raise _Refused("BAD_SIGNATURE", "signature does not verify")
        now = time.time()
        try:
            ts = float(w.timestamp)
        except ValueError:
            raise _Refused("BAD_TIMESTAMP", "timestamp is not a number") from None
        if abs(now - ts) > settings.window_s:
            raise _Refused("STALE", "timestamp outside the window")
        with lock:
            if w.nonce in seen:
                raise _Refused("REPLAY", "nonce already used")
            seen[w.nonce] = now
        try:
            key = gw.decrypt(base64.b64decode(w.key, validate=True))
            blob = base64.b64decode(w.data, validate=True)
            aad = f"{w.app_id}|{w.timestamp}|{w.nonce}".encode()
            plain = _gcm(key, base64.b64decode(w.iv, validate=True), aad, blob[:-16], blob[-16:])
            body = json.loads(plain)
        except (ValueError, InvalidTag, Exception):
            raise _Refused("DECRYPT", "body does not decrypt") from None
        if not isinstance(body, dict):
            raise _Refused("DECRYPT", "body is not an object")
        return body, key

    def handle(body: dict[str, Any]) -> dict[str, Any]:
        action = body.get("action")
        if action == "items":
            version, items = store.items_since(int(body.get("since_version", 0)))
            full = int(body.get("since_version", 0)) == 0
            return {"code": "OK", "result": {"version": version, "full": full, "items": items}}
        if action == "licence":
            holder = str(body.get("holder_id", ""))
            session = str(body.get("session_id") or "")
            if not session or not holders.bind(session, holder):  # one session, one holder
                return {"code": "FORBIDDEN", "message": "session bound to another holder, or none"}
            if not holder[-1:].isdigit() or int(holder[-1]) % 2:
                return {"code": "NOT_FOUND", "message": "no licence"}
            lt = str(body.get("licence_type"))
            return {
                "code": "OK",
                "result": {"licence_type": lt, "number": f"SB-{holder[-4:]}", "fields": {}},
            }
        if action == "submit":
            key = str(body.get("idempotency_key") or "")
            if not key:
                return {"code": "INVALID", "message": "idempotency_key required"}
            raw = json.dumps(body, sort_keys=True).encode()
            added, dup = store.add(key, str(body.get("service_code")), raw, key)
            return {"code": "OK", "result": {"case_id": added.case_id, "duplicate": dup}}
        if action in ("status", "result", "cancel"):
            cid = str(body.get("case_id"))
            c = store.set_status(cid, "cancelled") if action == "cancel" else store.get(cid)
            if c is None:
                return {"code": "NOT_FOUND", "message": "no such case"}
            if action == "result":
                return {
                    "code": "OK",
                    "result": {"case_id": cid, "result_name": "参保证明", "data": {}},
                }
            return {"code": "OK", "result": {"case_id": cid, "status": c.status}}
        return {"code": "INVALID", "message": f"unknown action {action!r}"}

    @app.post("/gm/api", response_model=SealedOut, responses={401: {"model": Refusal}})
    def api(w: SealedIn) -> Any:
        try:
            body, key = open_request(w)
        except _Refused as refused:
            app.state.refusals.append(refused.code)
            return JSONResponse({"code": refused.code, "message": refused.message}, 401)
        answer = json.dumps(handle(body), ensure_ascii=False).encode()
        ts, nonce, iv = str(int(time.time())), secrets.token_hex(16), os.urandom(12)
        data = base64.b64encode(_gcm(key, iv, f"{ts}|{nonce}".encode(), answer)).decode()
        iv_s = base64.b64encode(iv).decode()
        signing = "\n".join((ts, nonce, iv_s, data, w.nonce)).encode()
        signer = (
            gmalg.SM2(gmalg.SM2().generate_keypair()[0], UID)
            if app.state.sign_with_wrong_key
            else sm2(settings.gateway_private_key)
        )
        r, s = signer.sign(signing)
        return SealedOut(
            timestamp=ts,
            nonce=nonce,
            iv=iv_s,
            data=data,
            sign=(r.rjust(32, b"\0") + s.rjust(32, b"\0")).hex(),
        )

    add_item_admin(app, store, admin)

    @app.put("/admin/faults", status_code=204, dependencies=[Depends(admin)])
    async def set_faults(request: Request) -> None:
        try:
            faults_from_json(faults, await request.body())
        except (TypeError, ValueError) as e:
            raise HTTPException(422, f"bad faults: {e}") from None

    wrapped = FaultInjector(app, faults, settings.seed)
    wrapped.state = app.state  # type: ignore[attr-defined]
    return wrapped

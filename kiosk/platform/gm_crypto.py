"""国密 envelope of the social-security gateway (connector c): SM2 + SM3 + SM4, none written here.

SM3 and SM4 (GCM) come from ``cryptography`` (OpenSSL); SM2 from ``gmalg``. A
request is::

    {"app_id", "timestamp", "nonce", "key", "iv", "data", "sign"}

``key`` is a fresh SM4 key encrypted to the gateway's SM2 public key (C1C3C2),
``data`` the JSON body under SM4-GCM (AAD = app_id|timestamp|nonce), ``sign`` the
SM2 signature (r‖s, user id 1234567812345678, so over SM3(Z‖M)) of the signing
string ``app_id\\ntimestamp\\nnonce\\nkey\\niv\\ndata``. The response is the same
without ``app_id``/``key`` (same SM4 key), signed by the gateway over
``timestamp\\nnonce\\niv\\ndata\\n<request nonce>``, which binds it to our request.
A bad signature, a stale timestamp, a replayed nonce or a failed decryption is
refused (:class:`GmRefused`) and nothing of the message is used.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gmalg
import gmalg.base
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from offline_queue.errors import PlatformError

#: GM/T 0009 default signer id, used in Z unless a platform says otherwise.
DEFAULT_UID = b"1234567812345678"
WINDOW_S = 300.0


class GmRefused(PlatformError):
    """A message failed verification (signature, time window, nonce, decryption): not trusted."""

    resident_message = "部门系统安全校验未通过，您的申请已安全保存，请联系工作人员。"
    # Retryable (PlatformError): the case is not at fault; it backs off, nothing is trusted.


def sm3(data: bytes) -> bytes:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


def sm4_gcm_seal(key: bytes, iv: bytes, data: bytes, aad: bytes) -> bytes:
    enc = Cipher(algorithms.SM4(key), modes.GCM(iv)).encryptor()
    enc.authenticate_additional_data(aad)
    return enc.update(data) + enc.finalize() + enc.tag


def sm4_gcm_open(key: bytes, iv: bytes, blob: bytes, aad: bytes) -> bytes:
    if len(blob) < 16:
        raise GmRefused("SM4-GCM body too short")
    dec = Cipher(algorithms.SM4(key), modes.GCM(iv, blob[-16:])).decryptor()
    dec.authenticate_additional_data(aad)
    try:
        return dec.update(blob[:-16]) + dec.finalize()
    except InvalidTag:
        raise GmRefused("SM4-GCM decryption failed (wrong key or tampered body)") from None


class _OpenSSLSM3(gmalg.base.Hash):
    """SM3 from OpenSSL for gmalg's SM2: gmalg's own is pure Python (~4 µs a byte, so
    signing a 300 KB item list took 1.4 s); the digest is the same, so is the signature."""

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


def _sm2(**kw: Any) -> gmalg.SM2:
    """A gmalg SM2 object hashing with OpenSSL's SM3 (gmalg's own if its layout changed)."""
    obj = gmalg.SM2(**kw)
    core = getattr(obj, "_core", None)
    if core is not None and hasattr(core, "_hash_obj"):
        core._hash_obj = _OpenSSLSM3()
    return obj


def sm2_sign(private_key: bytes, message: bytes, uid: bytes = DEFAULT_UID) -> bytes:
    r, s = _sm2(sk=private_key, uid=uid).sign(message)
    # gmalg returns minimal-length integers (31 bytes about 1 time in 128): pad to 32 each.
    return r.rjust(32, b"\0") + s.rjust(32, b"\0")


def sm2_verify(
    public_key: bytes, message: bytes, signature: bytes, uid: bytes = DEFAULT_UID
) -> bool:
    if len(signature) != 64:
        return False
    try:
        return bool(_sm2(uid=uid, pk=public_key).verify(message, signature[:32], signature[32:]))
    except Exception:  # a malformed key or point is a failed verification, never a crash
        return False


def sm2_keypair() -> tuple[bytes, bytes]:
    """(private 32 bytes, public 65 bytes 04‖x‖y)."""
    sk, pk = gmalg.SM2().generate_keypair()
    return sk, pk


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def _unb64(s: Any, what: str) -> bytes:
    try:
        return base64.b64decode(str(s), validate=True)
    except ValueError:
        raise GmRefused(f"{what} is not base64") from None


class NonceCache:
    """Nonces seen within the time window (a replay inside it is refused)."""

    def __init__(self, window_s: float = WINDOW_S) -> None:
        self.window_s = window_s
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def check(self, nonce: str, timestamp: float, now: float) -> None:
        if abs(now - timestamp) > self.window_s:
            raise GmRefused(f"timestamp outside the ±{self.window_s:.0f} s window")
        with self._lock:
            for n, t in list(self._seen.items()):
                if now - t > 2 * self.window_s:
                    del self._seen[n]
            if nonce in self._seen:
                raise GmRefused("replayed nonce")
            self._seen[nonce] = now


@dataclass(frozen=True)
class SealedRequest:
    wire: dict[str, Any]
    session_key: bytes
    nonce: str


def seal_request(
    app_id: str, body: dict[str, Any], client_sk: bytes, gateway_pk: bytes, now: float
) -> SealedRequest:
    key, iv, nonce = os.urandom(16), os.urandom(12), secrets.token_hex(16)
    ts = str(int(now))
    aad = f"{app_id}|{ts}|{nonce}".encode()
    data = _b64(sm4_gcm_seal(key, iv, json.dumps(body, ensure_ascii=False).encode(), aad))
    enc_key = _b64(gmalg.SM2(pk=gateway_pk).encrypt(key))
    signing = "\n".join((app_id, ts, nonce, enc_key, _b64(iv), data)).encode()
    wire = {"app_id": app_id, "timestamp": ts, "nonce": nonce, "key": enc_key, "iv": _b64(iv), "data": data}  # fmt: skip
    wire["sign"] = sm2_sign(client_sk, signing).hex()
    return SealedRequest(wire, key, nonce)


def open_response(
    wire: Any,
    sealed: SealedRequest,
    gateway_pk: bytes,
    nonces: NonceCache,
    clock: Callable[[], float],
) -> dict[str, Any]:
    """Verify, check freshness and binding, then decrypt the gateway's answer."""
    if not isinstance(wire, dict):
        raise GmRefused("response is not a JSON object")
    try:
        ts, nonce, iv_s, data_s, sig = (str(wire[k]) for k in ("timestamp", "nonce", "iv", "data", "sign"))  # fmt: skip
        sig_b = bytes.fromhex(sig)
        ts_f = float(ts)
    except (KeyError, ValueError):
        raise GmRefused("response lacks a field or has a malformed one") from None
    signing = "\n".join((ts, nonce, iv_s, data_s, sealed.nonce)).encode()
    if not sm2_verify(gateway_pk, signing, sig_b):
        raise GmRefused("gateway signature does not verify")
    nonces.check(nonce, ts_f, clock())
    plain = sm4_gcm_open(
        sealed.session_key, _unb64(iv_s, "iv"), _unb64(data_s, "data"), f"{ts}|{nonce}".encode()
    )
    try:
        out = json.loads(plain)
    except ValueError:
        raise GmRefused("decrypted body is not JSON") from None
    if not isinstance(out, dict):
        raise GmRefused("decrypted body is not an object")
    return out

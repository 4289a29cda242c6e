"""The gateway's signatures, from the providers' documents (no primitive written here).

* RSA2: SHA256withRSA, PKCS#1 v1.5 (Alipay "RSA2"; WeChat Pay v3 SHA256-RSA2048).
* SM2: SM2 signature with SM3 and the GM/T 0009 default user id, r‖s of 32 bytes
  each (gmalg).

Merchant requests carry ``Authorization: KPAY-SHA256-RSA2048 mchid="…",
nonce_str="…",timestamp="…",signature="…"`` over
``METHOD\\nPATH?QUERY\\nTIMESTAMP\\nNONCE\\nBODY\\n`` (the WeChat Pay v3 layout).
Responses and notifications carry ``Pay-Timestamp``, ``Pay-Nonce``,
``Pay-Signature`` and ``Pay-Signature-Type`` over ``TIMESTAMP\\nNONCE\\nBODY\\n``.
"""

from __future__ import annotations

import base64
import re

import gmalg
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key

SM2_UID = b"1234567812345678"
_AUTH = re.compile(r"^KPAY-SHA256-RSA2048 (.+)$")
_PARAM = re.compile(r'(\w+)="([^"]*)"')


def reply_message(timestamp: str, nonce: str, body: bytes) -> bytes:
    return timestamp.encode() + b"\n" + nonce.encode() + b"\n" + body + b"\n"


def request_message(method: str, target: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    return f"{method}\n{target}\n{timestamp}\n{nonce}\n".encode() + body + b"\n"


class GatewaySigner:
    """Signs with the gateway's key: an RSA private key (RSA2) or a 32-byte SM2 key."""

    def __init__(self, sign_type: str, rsa_key: rsa.RSAPrivateKey | None, sm2_key: bytes | None):
        if sign_type not in ("RSA2", "SM2"):
            raise ValueError(f"unknown sign type {sign_type}")
        self.sign_type = sign_type
        self._rsa = rsa_key
        self._sm2 = sm2_key

    def sign(self, message: bytes) -> str:
        if self.sign_type == "RSA2":
            assert self._rsa is not None
            return base64.b64encode(
                self._rsa.sign(message, padding.PKCS1v15(), hashes.SHA256())
            ).decode()
        assert self._sm2 is not None
        r, s = gmalg.SM2(self._sm2, SM2_UID).sign(message)
        return base64.b64encode(r.rjust(32, b"\0") + s.rjust(32, b"\0")).decode()


def parse_authorization(header: str) -> dict[str, str] | None:
    m = _AUTH.match(header or "")
    if not m:
        return None
    return dict(_PARAM.findall(m.group(1)))


def verify_merchant(public_pem: bytes, message: bytes, signature_b64: str) -> bool:
    try:
        key = load_pem_public_key(public_pem)
        if not isinstance(key, rsa.RSAPublicKey):
            return False
        key.verify(base64.b64decode(signature_b64), message, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True

"""Ed25519 signature carried by a certificate's verification QR code.

The QR holds a URL: the verification service's address plus the template name,
the certificate number, the issue date, a SHA-256 digest of *all* the
certificate's fields, the signing key's id and an Ed25519 signature over those.
Anyone holding the public key can check offline that the QR was made by the
platform's seal key, and (given the fields printed on the paper) that none was
altered. The platform signs (:class:`CertificateSigner` on its side); the terminal
holds no signing key and only checks the platform's signature before printing
(:class:`PlatformSeal`), so a stolen terminal cannot issue a certificate.

This is an integrity check of our own, **not** a GB/T 38540 electronic seal: that
needs SM2 keys and certificates from a licensed CA and a seal-management system.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlencode, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from printer_templates.errors import TemplateError

#: Domain separation: a signature over a certificate claim can mean nothing else.
CONTEXT = b"kiosk-certificate-v1\n"


class SignatureError(TemplateError):
    """A verification URL is malformed, signed by an unknown key, forged or altered."""

    resident_message = "证明核验未通过。"


class KeyFileError(TemplateError):
    """The signing key file cannot be read, parsed or written."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def canonical_fields(template: str, fields: Mapping[str, Any]) -> bytes:
    """Canonical JSON (sorted keys, no spaces, UTF-8) of the template name and fields."""
    body = {"template": template, "fields": dict(fields)}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def fields_digest(template: str, fields: Mapping[str, Any]) -> str:
    """base64url of the first 128 bits of the SHA-256 of the canonical fields.

    Truncated to keep the QR code small enough to scan reliably (a 128-bit
    second preimage is still out of reach); the signature covers it.
    """
    return _b64(hashlib.sha256(canonical_fields(template, fields)).digest()[:16])


def key_id(public_key: Ed25519PublicKey) -> str:
    """First 8 hex digits of the SHA-256 of the raw public key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:8]


@dataclass(frozen=True)
class Claim:
    """What the signature covers."""

    template: str
    number: str
    issued_on: str
    digest: str
    key_id: str

    def message(self) -> bytes:
        body = [self.template, self.number, self.issued_on, self.digest, self.key_id]
        return CONTEXT + "\n".join(body).encode("utf-8")


@dataclass(frozen=True)
class Verified:
    """A verification URL whose signature checked out."""

    claim: Claim
    fields_checked: bool


class CertificateSigner:
    """Signs certificate claims and builds verification URLs (whoever holds the seal key:
    the platform, tests, benches; never the terminal, which uses :class:`PlatformSeal`)."""

    def __init__(self, private_key: Ed25519PrivateKey, verify_url: str) -> None:
        self.private_key = private_key
        self.public_key = private_key.public_key()
        self.key_id = key_id(self.public_key)
        self.verify_url = verify_url

    def url_for(self, template: str, number: str, issued_on: str, fields: Mapping[str, Any]) -> str:
        claim = Claim(template, number, issued_on, fields_digest(template, fields), self.key_id)
        return _url(self.verify_url, claim, self.private_key.sign(claim.message()))


class QrSealer(Protocol):
    """What puts the verification URL on a certificate (see :class:`PlatformSeal`)."""

    def url_for(
        self, template: str, number: str, issued_on: str, fields: Mapping[str, Any]
    ) -> str: ...


def _url(verify_url: str, claim: Claim, sig: bytes) -> str:
    query = urlencode(
        {
            "t": claim.template,
            "n": claim.number,
            "d": claim.issued_on,
            "h": claim.digest,
            "k": claim.key_id,
            "s": _b64(sig),
        }
    )
    sep = "&" if "?" in verify_url else "?"
    return f"{verify_url}{sep}{query}"


class PlatformSeal:
    """A signature the platform made over one certificate, checked before it is printed.

    The terminal holds no signing key: the platform (which holds the seal) signs the
    claim when it issues the result, and the terminal only checks that signature
    against the platform's public key and that the page it is about to draw is the
    one signed. ``url_for`` refuses any other certificate.
    """

    def __init__(
        self,
        verify_url: str,
        platform_key: Ed25519PublicKey,
        key_id_: str,
        signature: str,
    ) -> None:
        self.verify_url = verify_url
        self.platform_key = platform_key
        self.key_id = key_id_
        self.signature = signature

    def url_for(self, template: str, number: str, issued_on: str, fields: Mapping[str, Any]) -> str:
        claim = Claim(template, number, issued_on, fields_digest(template, fields), self.key_id)
        try:
            sig = _unb64(self.signature)
        except ValueError:
            raise SignatureError("platform seal: signature is not base64url") from None
        url = _url(self.verify_url, claim, sig)
        verify_url(url, self.platform_key, fields)  # the platform's key, this very page
        return url


def parse_url(url: str) -> tuple[Claim, bytes]:
    """Split a verification URL into its claim and signature (no checking yet)."""
    query = parse_qs(urlsplit(url).query)

    def one(key: str) -> str:
        values = query.get(key)
        if not values or not values[0]:
            raise SignatureError(f"verification URL lacks parameter '{key}'")
        return values[0]

    try:
        sig = _unb64(one("s"))
    except ValueError:
        raise SignatureError("verification URL: signature is not base64url") from None
    return Claim(one("t"), one("n"), one("d"), one("h"), one("k")), sig


def verify_url(
    url: str,
    public_keys: Mapping[str, Ed25519PublicKey] | Ed25519PublicKey,
    fields: Mapping[str, Any] | None = None,
) -> Verified:
    """Check a verification URL's signature (and, given the fields, their digest).

    Raises :class:`SignatureError` saying what failed: unknown key, bad signature,
    or fields that do not match what was signed.
    """
    claim, sig = parse_url(url)
    if isinstance(public_keys, Ed25519PublicKey):
        public_keys = {key_id(public_keys): public_keys}
    key = public_keys.get(claim.key_id)
    if key is None:
        raise SignatureError(f"signed by unknown key {claim.key_id}")
    try:
        key.verify(sig, claim.message())
    except InvalidSignature:
        raise SignatureError(f"bad signature on certificate {claim.number}") from None
    if fields is not None and fields_digest(claim.template, fields) != claim.digest:
        raise SignatureError(f"certificate {claim.number}: fields differ from what was signed")
    return Verified(claim, fields is not None)


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """Load the PEM private key at ``path``; create it (mode 0600) on first use.

    For whoever holds a seal (the platform, test rigs); never the terminal. The
    public key is written next to it as ``<name>.pub.pem`` for verifiers.
    """
    try:
        path.stat()
    except FileNotFoundError:
        return _create_key(path)
    except OSError as e:
        raise KeyFileError(f"cannot read certificate signing key {path}: {e.strerror}") from None
    return load_private_key(path)


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """Load the PEM Ed25519 private key at ``path`` (:class:`KeyFileError` if it is not one)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise KeyFileError(f"cannot read certificate signing key {path}: {e.strerror}") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except ValueError as e:
        raise KeyFileError(f"certificate signing key {path} is not a PEM key: {e}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"certificate signing key {path} is not an Ed25519 key")
    return key


def public_key_path(path: Path) -> Path:
    return path.with_name(path.stem + ".pub.pem")


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Load a PEM public key (``.pub.pem``) or derive it from a private key file."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise KeyFileError(f"cannot read key {path}: {e.strerror}") from None
    try:
        if b"PRIVATE KEY" in data:
            priv = serialization.load_pem_private_key(data, password=None)
            if isinstance(priv, Ed25519PrivateKey):
                return priv.public_key()
        else:
            pub = serialization.load_pem_public_key(data)
            if isinstance(pub, Ed25519PublicKey):
                return pub
    except ValueError as e:
        raise KeyFileError(f"{path}: not a PEM key: {e}") from None
    raise KeyFileError(f"{path}: not an Ed25519 key")


def _atomic_write(path: Path, data: bytes, mode: int, exclusive: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if exclusive:
            os.link(tmp, path)  # fails if another process created the key first
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _create_key(path: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    pub = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    try:
        _atomic_write(path, pem, 0o600, exclusive=True)
    except FileExistsError:
        return load_or_create_key(path)  # another process won the race: use its key
    except OSError as e:
        raise KeyFileError(f"cannot write certificate signing key {path}: {e.strerror}") from None
    try:
        _atomic_write(public_key_path(path), pub, 0o644)
    except OSError as e:
        raise KeyFileError(f"cannot write certificate signing key {path}: {e.strerror}") from None
    return key

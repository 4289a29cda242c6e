"""Ed25519 keys: generation, loading, key ids and the signature file.

``manifest.sig`` is a small JSON object ``{"alg": "ed25519", "key_id": ..., "sig": ...}``
where ``sig`` is the base64 Ed25519 signature over the exact bytes of
``manifest.json`` and ``key_id`` names the signing key (first 16 hex digits of the
SHA-256 of its raw public key). The key id is only a hint telling "signed by a key
we do not trust" apart from "signed by a trusted key but the manifest changed".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.config_packages.errors import KeyFileError, PackageError

PUBLIC_KEY_SUFFIXES = (".pem", ".pub")
MAX_KEY_FILE_BYTES = 16 * 1024


def key_id(public_key: Ed25519PublicKey) -> str:
    """Short, stable identifier of a public key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class TrustedKey:
    """A public key packages may be signed with, and where it came from."""

    key_id: str
    public_key: Ed25519PublicKey
    label: str
    #: A security key (``<trusted_keys_dir>/security/``): may change security settings.
    security: bool = False

    @property
    def is_demo(self) -> bool:
        return "demo" in self.label.lower()


def public_key_from_bytes(data: bytes, label: str) -> TrustedKey:
    """Parse a PEM public key; raise :class:`KeyFileError` if it is not Ed25519."""
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as e:
        raise KeyFileError(f"{label}: not a PEM public key ({e})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"{label}: not an Ed25519 public key")
    return TrustedKey(key_id(key), key, label)


def load_public_key(path: Path) -> TrustedKey:
    try:
        data = path.read_bytes()[: MAX_KEY_FILE_BYTES + 1]
    except OSError as e:
        raise KeyFileError(f"cannot read public key {path}: {e.strerror}") from None
    if len(data) > MAX_KEY_FILE_BYTES:
        raise KeyFileError(f"{path}: too large for a public key")
    return public_key_from_bytes(data, path.name)


def load_trusted_keys(directory: Path) -> tuple[list[TrustedKey], list[str]]:
    """All public keys in ``directory`` and the problems with files that are not keys."""
    keys: list[TrustedKey] = []
    problems: list[str] = []
    if not directory.is_dir():
        return keys, [f"trusted key folder not found: {directory}"]
    for path in sorted(directory.iterdir()):
        if path.suffix not in PUBLIC_KEY_SUFFIXES or not path.is_file():
            continue
        try:
            keys.append(load_public_key(path))
        except KeyFileError as e:
            problems.append(e.detail)
    return keys, problems


SECURITY_KEYS_SUBDIR = "security"


def load_security_keys(trusted_dir: Path) -> tuple[list[TrustedKey], list[str]]:
    """The higher-privilege keys in ``trusted_dir/security/`` (absent: none)."""
    directory = trusted_dir / SECURITY_KEYS_SUBDIR
    if not directory.is_dir():
        return [], []
    keys, problems = load_trusted_keys(directory)
    return [TrustedKey(k.key_id, k.public_key, k.label, security=True) for k in keys], problems


def load_private_key(path: Path, password: bytes | None = None) -> Ed25519PrivateKey:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise KeyFileError(f"cannot read private key {path}: {e.strerror}") from None
    try:
        key = serialization.load_pem_private_key(data, password=password)
    except TypeError:
        raise KeyFileError(f"{path}: the key is encrypted, give its passphrase") from None
    except ValueError as e:
        raise KeyFileError(f"{path}: not a PEM private key or wrong passphrase ({e})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path}: not an Ed25519 private key")
    return key


def generate_keypair(
    out_dir: Path, name: str = "kiosk-signing", password: bytes | None = None
) -> tuple[Path, Path]:
    """Write ``NAME.key`` (private, mode 0600) and ``NAME.pem`` (public) into ``out_dir``.

    Refuses to overwrite an existing key: losing a signing key is not undoable.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    key_path, pub_path = out_dir / f"{name}.key", out_dir / f"{name}.pem"
    for p in (key_path, pub_path):
        if p.exists():
            raise KeyFileError(f"{p} already exists; not overwriting a key")
    key = Ed25519PrivateKey.generate()
    enc: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(private_pem)
    pub_path.write_bytes(public_pem)
    return key_path, pub_path


def public_pem(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def make_signature(manifest_bytes: bytes, key: Ed25519PrivateKey) -> bytes:
    """The content of ``manifest.sig`` for these exact manifest bytes."""
    sig = key.sign(manifest_bytes)
    doc = {
        "alg": "ed25519",
        "key_id": key_id(key.public_key()),
        "sig": base64.b64encode(sig).decode(),
    }
    return (json.dumps(doc, sort_keys=True) + "\n").encode()


@dataclass(frozen=True)
class SignatureFile:
    key_id: str
    signature: bytes


def parse_signature(data: bytes) -> SignatureFile:
    """Parse ``manifest.sig``; raise :class:`PackageError` when malformed."""
    try:
        doc = json.loads(data.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("alg") != "ed25519":
            raise ValueError("alg must be ed25519")
        sig = base64.b64decode(str(doc["sig"]), validate=True)
        kid = str(doc.get("key_id", ""))
    except (ValueError, KeyError, UnicodeDecodeError, binascii.Error) as e:
        raise PackageError(f"manifest.sig malformed: {e}") from None
    if len(sig) != 64:
        raise PackageError(f"manifest.sig malformed: {len(sig)}-byte signature, expected 64")
    return SignatureFile(kid, sig)


def verify_signature(public_key: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return False
    return True

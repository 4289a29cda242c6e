"""Encryption at rest: AES-256-GCM with the submission id as associated data.

Blob layout: ``b"OQ1" + nonce (12 bytes) + ciphertext‖tag``. The associated data
names the submission and the part (envelope or attachment sha256), so a blob
copied onto another submission, or an attachment swapped for another, fails
authentication instead of being sent under the wrong name.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from offline_queue.errors import KeyFileError, TamperedData
from offline_queue.fsutil import fsync_dir

log = logging.getLogger(__name__)

MAGIC = b"OQ1"
NONCE_LEN = 12
KEY_LEN = 32
OVERHEAD = len(MAGIC) + NONCE_LEN + 16


def envelope_aad(submission_id: str) -> bytes:
    return f"kiosk-outbox/v1|{submission_id}|envelope".encode()


def attachment_aad(submission_id: str, sha256: str) -> bytes:
    return f"kiosk-outbox/v1|{submission_id}|attachment|{sha256}".encode()


def load_or_create_key(path: Path, *, create: bool = True) -> bytes:
    """Read the 32-byte key, creating it (mode 0600, fsynced) when absent and ``create``.

    Raises :class:`KeyFileError` for a key of the wrong size or an unreadable file.
    A key file readable by group or others is tightened to 0600 with a warning.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        if not create:
            raise KeyFileError(f"outbox key file missing: {path}") from None
        return _create_key(path)
    except OSError as e:
        raise KeyFileError(f"cannot stat outbox key file {path}: {e.strerror}") from None
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("outbox key file %s had mode %o; tightened to 600", path, st.st_mode & 0o777)
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
    try:
        key = path.read_bytes()
    except OSError as e:
        raise KeyFileError(f"cannot read outbox key file {path}: {e.strerror}") from None
    if len(key) != KEY_LEN:
        raise KeyFileError(f"outbox key file {path} holds {len(key)} bytes, expected {KEY_LEN}")
    return key


def _create_key(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = AESGCM.generate_key(bit_length=256)
    tmp = path.with_name(f".tmp-{path.name}.{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, key)
            os.fsync(fd)
        finally:
            os.close(fd)
        # link() fails if another process created the key meanwhile: then use theirs.
        try:
            os.link(tmp, path)
        except FileExistsError:
            return load_or_create_key(path, create=False)
        finally:
            os.unlink(tmp)
        fsync_dir(path.parent)
    except OSError as e:
        raise KeyFileError(f"cannot create outbox key file {path}: {e.strerror}") from None
    log.info("created outbox key file %s", path)
    return key


class Cipher:
    """AES-256-GCM sealing and opening of outbox blobs."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_LEN:
            raise KeyFileError(f"outbox key must be {KEY_LEN} bytes, got {len(key)}")
        self._aead = AESGCM(key)

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        nonce = os.urandom(NONCE_LEN)
        return MAGIC + nonce + self._aead.encrypt(nonce, plaintext, aad)

    def open(self, blob: bytes, aad: bytes, *, what: str = "blob") -> bytes:
        if len(blob) < OVERHEAD or not blob.startswith(MAGIC):
            raise TamperedData(f"{what}: not an outbox blob ({len(blob)} bytes)")
        nonce = blob[len(MAGIC) : len(MAGIC) + NONCE_LEN]
        try:
            return self._aead.decrypt(nonce, blob[len(MAGIC) + NONCE_LEN :], aad)
        except InvalidTag:
            raise TamperedData(f"{what}: authentication failed (modified or swapped)") from None

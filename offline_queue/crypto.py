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


# --- the outbox key sealed by the TPM ---------------------------------------------
#
# On a terminal with a TPM 2.0 the outbox key is not kept in clear: it is sealed
# under the TPM's storage hierarchy (tpm2-tools: tpm2_create -i) and only the
# sealed public/private halves are written next to the data. A stolen disk holds
# nothing that opens the outbox without that very TPM. Without a TPM the plain key
# file above remains the (documented, loudly warned) host-key fallback.

SEALED_PUB = "outbox-key.sealed.pub"
SEALED_PRIV = "outbox-key.sealed.priv"


def _tpm2(tcti: str, *args: str, stdin: bytes | None = None, work: Path) -> bytes:
    import subprocess

    try:
        r = subprocess.run(
            [args[0], "-T", tcti, *args[1:]],
            input=stdin,
            capture_output=True,
            cwd=work,
            timeout=60,
            check=False,
        )
        # No resource manager on a bare TPM: leave no transient object loaded.
        subprocess.run(
            ["tpm2_flushcontext", "-T", tcti, "-t"], capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise KeyFileError(f"TPM: {args[0]} could not run: {e}") from None
    if r.returncode != 0:
        err = r.stderr.decode(errors="replace").strip().splitlines()
        raise KeyFileError(f"TPM: {args[0]} failed: {err[-1] if err else r.returncode}")
    return r.stdout


def seal_key_tpm2(key: bytes, directory: Path, tcti: str) -> None:
    """Seal ``key`` with the TPM at ``tcti``; writes only the sealed halves into ``directory``."""
    import tempfile

    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(prefix="kiosk-tpm-") as tmp:
        work = Path(tmp)
        _tpm2(tcti, "tpm2_createprimary", "-Q", "-C", "o", "-c", "primary.ctx", work=work)
        _tpm2(
            tcti, "tpm2_create", "-Q", "-C", "primary.ctx", "-i", "-",
            "-u", str(directory / SEALED_PUB), "-r", str(directory / SEALED_PRIV),
            stdin=key, work=work,
        )  # fmt: skip
    fsync_dir(directory)


def unseal_key_tpm2(directory: Path, tcti: str) -> bytes:
    """The key sealed in ``directory``; :class:`KeyFileError` on any other TPM, or none."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kiosk-tpm-") as tmp:
        work = Path(tmp)
        _tpm2(tcti, "tpm2_createprimary", "-Q", "-C", "o", "-c", "primary.ctx", work=work)
        _tpm2(
            tcti, "tpm2_load", "-Q", "-C", "primary.ctx", "-u", str(directory / SEALED_PUB),
            "-r", str(directory / SEALED_PRIV), "-c", "sealed.ctx", work=work,
        )  # fmt: skip
        key = _tpm2(tcti, "tpm2_unseal", "-c", "sealed.ctx", work=work)
    if len(key) != KEY_LEN:
        raise KeyFileError(f"TPM: unsealed {len(key)} bytes, expected {KEY_LEN}")
    return key


def load_or_create_sealed_key(directory: Path, tcti: str, *, create: bool = True) -> bytes:
    """The outbox key sealed by the TPM: unsealed if present, else made, sealed, returned.

    The clear key never touches the disk.
    """
    if (directory / SEALED_PUB).exists() and (directory / SEALED_PRIV).exists():
        return unseal_key_tpm2(directory, tcti)
    if not create:
        raise KeyFileError(f"no TPM-sealed outbox key in {directory}")
    key = AESGCM.generate_key(bit_length=256)
    seal_key_tpm2(key, directory, tcti)
    # Proved before it is used: a key the TPM cannot give back would lose the outbox.
    if unseal_key_tpm2(directory, tcti) != key:
        raise KeyFileError("TPM: sealed key does not unseal to itself")
    return key


HOST_KEY_WARNING = (
    "outbox key is a plain file on the data disk (no TPM): a stolen disk opens the "
    "outbox. Seal it with the TPM (docs/security.md)."
)

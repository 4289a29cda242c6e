"""First-boot enrolment of the technician PIN with a one-time code.

A terminal leaves the factory with no technician PIN (there is no default). The
fleet service issues each terminal a one-time *enrolment code* (12–24 digits,
printed on the field-staff sheet for that terminal); the factory configuration
holds only its argon2id hash, ``admin.enrolment_code_hash``. At first boot the
technician types the code on the PIN pad and chooses a PIN; the terminal checks
the code against the hash (wrong codes count against the persisted PIN lockout),
stores the new PIN's argon2id hash in ``<data>/admin/pin_hash.txt`` and records
the code as used, so it never works again.

Why a hash and not an HMAC or a fleet signature: an HMAC key would have to sit on
the terminal, and a stolen disk could mint codes with it; a signature (64 bytes)
cannot be typed on a PIN pad. The hash reveals nothing usable: a 12-digit code is
10^12 guesses at argon2id's ~0.25 s each. Nothing secret is shown or printed by
the terminal itself. A PIN enrolled by a configuration package (``admin.pin_hash``)
always takes precedence over the first-boot one.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from enum import StrEnum
from pathlib import Path

#: How long a PIN and an enrolment code may be (digits: the PIN pad has only digits).
MIN_PIN_LEN, MAX_PIN_LEN = 6, 12
MIN_CODE_LEN, MAX_CODE_LEN = 12, 24


class PinStrength(StrEnum):
    """Why a new PIN is refused (OK: it is not)."""

    OK = "ok"
    LENGTH = "length"  # not 6–12 ASCII digits
    REPEATED = "repeated"  # 000000, 111111 …
    SEQUENCE = "sequence"  # 123456, 987654 …
    DEMO = "demo"  # the published demo PIN


def pin_strength(pin: str, demo_pin: str) -> PinStrength:
    """The rules a new technician PIN must pass (checked before anything is hashed)."""
    if not (MIN_PIN_LEN <= len(pin) <= MAX_PIN_LEN) or not all("0" <= c <= "9" for c in pin):
        return PinStrength.LENGTH
    if len(set(pin)) == 1:
        return PinStrength.REPEATED
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    if steps in ({1}, {9}):
        return PinStrength.SEQUENCE
    if pin == demo_pin:
        return PinStrength.DEMO
    return PinStrength.OK


def well_formed_code(code: str) -> bool:
    return MIN_CODE_LEN <= len(code) <= MAX_CODE_LEN and all("0" <= c <= "9" for c in code)


def enrolled_pin_path(data_dir: Path) -> Path:
    """Where the PIN hash enrolled at first boot is kept."""
    return data_dir / "admin" / "pin_hash.txt"


def _used_codes_path(pin_path: Path) -> Path:
    return pin_path.with_name("enrolment_used.json")


def read_enrolled_pin(pin_path: Path) -> str:
    """The enrolled PIN hash, or "" when there is none (or it cannot be read)."""
    try:
        return pin_path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def write_durable(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (0600) through a temp file, fsynced, directory too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def write_enrolled_pin(pin_path: Path, pin_hash: str) -> None:
    write_durable(pin_path, pin_hash.encode("ascii") + b"\n")


def _code_id(code_hash: str) -> str:
    # The hash of the configured code's hash: names the code without storing it.
    return hashlib.sha256(code_hash.strip().encode()).hexdigest()


def code_used(pin_path: Path, code_hash: str) -> bool:
    try:
        used = json.loads(_used_codes_path(pin_path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        return True  # a damaged record must not make a used code usable again
    return isinstance(used, list) and _code_id(code_hash) in used


def mark_code_used(pin_path: Path, code_hash: str) -> None:
    path = _used_codes_path(pin_path)
    try:
        used = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(used, list):
            used = []
    except (OSError, ValueError):
        used = []
    used.append(_code_id(code_hash))
    write_durable(path, json.dumps(used).encode())

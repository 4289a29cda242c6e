"""Technician access: an argon2id PIN hash, no default PIN, a lockout that survives restarts.

* There is no default PIN outside ``--demo``: an empty hash, the demo PIN's hash, or
  a hash with weak parameters leaves the technician screen closed until a real PIN
  is enrolled (``admin_pin_hash.txt`` in a configuration package, or at first boot
  with the one-time code, :mod:`kiosk.ops.enrolment`), and ``kiosk config check``
  names the problem.
* The failure counter is written to disk (fsync'd) *before* a PIN is checked, so
  pulling the plug after a wrong guess does not undo it, and the lockout doubles
  with every further failure until a correct PIN: 5 tries, 5 min, then 10, 20 … 24 h.
* Hashes are argon2id (RFC 9106's second recommended profile: 64 MiB, t=3); scrypt
  is accepted only with N ≥ 2^17. Anything weaker is refused, wherever it comes from.

Every attempt (success, failure, attempt while locked or not enrolled) is audited.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from argon2 import PasswordHasher
from argon2 import exceptions as argon2_errors
from argon2.low_level import Type

from kiosk.clock import SYSTEM_CLOCK, Clock
from kiosk.config import AdminConfig
from kiosk.ops.enrolment import (
    PinStrength,
    code_used,
    mark_code_used,
    pin_strength,
    read_enrolled_pin,
    well_formed_code,
    write_durable,
    write_enrolled_pin,
)

log = logging.getLogger(__name__)

#: The published demo PIN: accepted only by a terminal started with ``--demo``.
DEMO_PIN = "246810"

# Production cost (RFC 9106 §4, second recommended option): ~0.25 s per guess here.
ARGON2_TIME_COST = 3
ARGON2_MEMORY_KIB = 64 * 1024
ARGON2_PARALLELISM = 1
#: The floor below which a stored hash is refused (a package cannot weaken it).
MIN_ARGON2_TIME_COST = 3
MIN_ARGON2_MEMORY_KIB = 64 * 1024
MIN_SCRYPT_N = 2**17
MIN_SCRYPT_R = 8
#: The longest a lockout grows to, however many failures.
MAX_LOCKOUT_S = 24 * 3600.0

_HASHER = PasswordHasher(
    time_cost=ARGON2_TIME_COST,
    memory_cost=ARGON2_MEMORY_KIB,
    parallelism=ARGON2_PARALLELISM,
    hash_len=32,
    salt_len=16,
    type=Type.ID,
)


class PinHashStatus(StrEnum):
    """What a stored PIN hash is worth."""

    OK = "ok"
    EMPTY = "empty"
    DEMO = "demo"  # the hash of the published demo PIN
    WEAK = "weak"  # parameters below the floor
    MALFORMED = "malformed"


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """The argon2id hash (PHC string ``$argon2id$v=19$m=…,t=…,p=…$salt$hash``) of a PIN."""
    if salt is None:
        return _HASHER.hash(pin)
    return _HASHER.hash(pin, salt=salt)


def _argon2_params(stored: str) -> tuple[int, int, int] | None:
    # $argon2id$v=19$m=65536,t=3,p=1$salt$hash
    parts = stored.split("$")
    if len(parts) != 6 or parts[1] != "argon2id" or parts[2] != "v=19":
        return None
    try:
        params = dict(kv.split("=", 1) for kv in parts[3].split(","))
        return int(params["m"]), int(params["t"]), int(params["p"])
    except (ValueError, KeyError):
        return None


def _scrypt_parts(stored: str) -> tuple[int, int, int, bytes, str] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt = bytes.fromhex(parts[4])
        bytes.fromhex(parts[5])
    except ValueError:
        return None
    if len(salt) < 16 or len(parts[5]) < 64:
        return None
    return n, r, p, salt, parts[5]


def hash_format_status(stored: str) -> PinHashStatus:
    """OK, EMPTY, WEAK or MALFORMED from the string alone (cheap: no hashing)."""
    stored = stored.strip()
    if not stored:
        return PinHashStatus.EMPTY
    a = _argon2_params(stored)
    if a is not None:
        m, t, p = a
        if m < MIN_ARGON2_MEMORY_KIB or t < MIN_ARGON2_TIME_COST or p < 1:
            return PinHashStatus.WEAK
        if m > 1024 * 1024 or t > 20 or p > 16:
            return PinHashStatus.WEAK  # absurd cost: a denial of service, not a hash
        return PinHashStatus.OK
    s = _scrypt_parts(stored)
    if s is not None:
        n, r, p, _, _ = s
        if n < MIN_SCRYPT_N or r < MIN_SCRYPT_R or p < 1 or n & (n - 1) or n > 2**20 or p > 16:
            return PinHashStatus.WEAK
        return PinHashStatus.OK
    return PinHashStatus.MALFORMED


@functools.lru_cache(maxsize=16)
def _is_demo_hash(stored: str) -> bool:
    # One full-cost hash per distinct stored hash: the guard, config check and the
    # package verifier ask about the same few hashes again and again.
    return _verify(DEMO_PIN, stored)


def assess_pin_hash(stored: str) -> PinHashStatus:
    """Like :func:`hash_format_status`, and DEMO when it is the demo PIN's hash (one hash)."""
    status = hash_format_status(stored)
    if status is PinHashStatus.OK and _is_demo_hash(stored.strip()):
        return PinHashStatus.DEMO
    return status


PIN_HASH_PROBLEMS = {
    PinHashStatus.EMPTY: "no technician PIN enrolled (admin.pin_hash is empty)",
    PinHashStatus.DEMO: "admin.pin_hash is the published demo PIN",
    PinHashStatus.WEAK: (
        "admin.pin_hash uses weak parameters (need argon2id m>=65536 t>=3, or scrypt N>=2^17 r>=8)"
    ),
    PinHashStatus.MALFORMED: "admin.pin_hash is not an argon2id or scrypt hash",
}


def _verify(pin: str, stored: str) -> bool:
    if _argon2_params(stored) is not None:
        try:
            return _HASHER.verify(stored, pin)
        except (argon2_errors.VerificationError, argon2_errors.InvalidHashError, ValueError):
            return False
    s = _scrypt_parts(stored)
    if s is None:
        return False
    n, r, p, salt, hash_hex = s
    try:
        digest = hashlib.scrypt(
            pin.encode(), salt=salt, n=n, r=r, p=p, dklen=len(hash_hex) // 2, maxmem=2**31 - 1
        )
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest.hex(), hash_hex)


def check_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches ``stored``; always False for a weak or malformed hash."""
    stored = stored.strip()
    if hash_format_status(stored) is not PinHashStatus.OK:
        return False
    return _verify(pin, stored)


class Auditor(Protocol):
    def append(self, event: str, **data: object) -> object: ...


class PinResult(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"
    #: No usable PIN is enrolled: the technician screen stays closed.
    NOT_ENROLLED = "not_enrolled"


@dataclass(frozen=True)
class PinAnswer:
    result: PinResult
    attempts_left: int
    locked_for_s: float = 0.0


class EnrolResult(StrEnum):
    """What became of a first-boot enrolment (see :mod:`kiosk.ops.enrolment`)."""

    OK = "ok"
    WRONG_CODE = "wrong_code"
    LOCKED = "locked"
    WEAK_PIN = "weak_pin"
    #: The code was used before (a replay).
    USED = "used"
    #: A PIN is already enrolled, or no enrolment code is configured.
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class EnrolAnswer:
    result: EnrolResult
    attempts_left: int = 0
    locked_for_s: float = 0.0
    weakness: PinStrength = PinStrength.OK


@dataclass
class LockoutState:
    """What survives a restart: failures since the last good PIN, and the current lock."""

    failures: int = 0
    locked_until_wall: float = 0.0
    lock_s: float = 0.0

    @classmethod
    def load(cls, path: Path) -> LockoutState:
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
            return cls(int(d["failures"]), float(d["locked_until_wall"]), float(d["lock_s"]))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, KeyError, TypeError):
            # A damaged counter must not become a fresh one: treat it as a full lock.
            log.warning("PIN lockout state unreadable; locking for the maximum")
            return cls(
                failures=10**6, locked_until_wall=time.time() + MAX_LOCKOUT_S, lock_s=MAX_LOCKOUT_S
            )

    def save(self, path: Path) -> None:
        write_durable(path, json.dumps(self.__dict__).encode())


def lockout_seconds(config: AdminConfig, failures: int) -> float:
    """0 below ``max_attempts``; then ``lockout_s`` doubling with each further failure."""
    over = failures - config.max_attempts
    if over < 0:
        return 0.0
    return min(MAX_LOCKOUT_S, config.lockout_s * (2.0 ** min(over, 40)))


def lockout_state_path(data_dir: Path) -> Path:
    """Where a terminal keeps its PIN lockout state."""
    return data_dir / "admin" / "pin_lockout.json"


class PinGuard:
    """Checks technician PINs with a persisted, exponential lockout.

    ``state_path`` holds the counter (``None`` keeps it in memory: tests of other
    things only). ``demo`` lets the published demo PIN in when no real PIN is enrolled.
    """

    def __init__(
        self,
        config: AdminConfig,
        audit: Auditor,
        clock: Clock = SYSTEM_CLOCK,
        *,
        state_path: Path | None,
        demo: bool = False,
        wall_clock: Callable[[], float] = time.time,
        enrolled_path: Path | None = None,
    ) -> None:
        self.config = config
        self.audit = audit
        self.clock = clock
        self.wall = wall_clock
        self.demo = demo
        self.state_path = state_path
        #: Where a first-boot enrolment keeps the PIN hash (None: no enrolment here).
        self.enrolled_path = enrolled_path
        self._status = hash_format_status(config.pin_hash)
        if self._status is PinHashStatus.EMPTY and enrolled_path is not None:
            # No package PIN: the one enrolled at first boot, if any (a package wins).
            enrolled = read_enrolled_pin(enrolled_path)
            if enrolled:
                config = config.model_copy(update={"pin_hash": enrolled})
                self._status = hash_format_status(enrolled)
        self._hash: str | None = (
            config.pin_hash.strip() if self._status is PinHashStatus.OK else None
        )
        self._demo_checked = False
        self.state = LockoutState.load(state_path) if state_path else LockoutState()
        # The lock in monotonic time; a wall-clock step back never lengthens it past lock_s,
        # a restart never shortens it.
        remaining = min(max(0.0, self.state.locked_until_wall - self.wall()), self.state.lock_s)
        self.locked_until = self.clock.monotonic() + remaining

    @property
    def failures(self) -> int:
        return self.state.failures

    def _usable_hash(self) -> str | None:
        """The hash PINs are checked against, or None when the screen must stay closed."""
        if not self._demo_checked:
            self._demo_checked = True
            if self._hash is not None and _is_demo_hash(self._hash):
                self._status, self._hash = PinHashStatus.DEMO, None
        if self._hash is not None:
            return self._hash
        if self.demo:
            self._hash = hash_pin(DEMO_PIN)
            return self._hash
        return None

    @property
    def enrolled(self) -> bool:
        """A real PIN (or, in the demo, the demo PIN) can open the technician screen."""
        return self._usable_hash() is not None

    @property
    def problem(self) -> str | None:
        """Why the technician screen is closed, for the technician (English)."""
        self._usable_hash()
        if self._status is PinHashStatus.OK:
            return None
        return PIN_HASH_PROBLEMS[self._status]

    def locked_for(self) -> float:
        return max(0.0, self.locked_until - self.clock.monotonic())

    def _save(self) -> None:
        if self.state_path is not None:
            self.state.save(self.state_path)

    def try_pin(self, pin: str) -> PinAnswer:
        stored = self._usable_hash()
        if stored is None:
            self.audit.append("admin_pin_not_enrolled", reason=self._status.value)
            return PinAnswer(PinResult.NOT_ENROLLED, 0)
        left = self.locked_for()
        if left > 0:
            self.audit.append("admin_pin_while_locked", locked_for_s=round(left))
            return PinAnswer(PinResult.LOCKED, 0, left)
        # Counted before the check: killing the process mid-check does not undo a guess.
        self.state.failures += 1
        self._save()
        if _verify(pin, stored):
            self.state = LockoutState()
            self._save()
            self.audit.append("admin_pin_ok", demo_pin=self._status is not PinHashStatus.OK)
            return PinAnswer(PinResult.OK, self.config.max_attempts)
        lock_s, attempts_left = self._failed()
        if lock_s > 0:
            return PinAnswer(PinResult.LOCKED, 0, lock_s)
        self.audit.append("admin_pin_wrong", attempts_left=attempts_left)
        return PinAnswer(PinResult.WRONG, attempts_left)

    def _failed(self) -> tuple[float, int]:
        """After a counted failure: (lock seconds, attempts left); the lock is persisted."""
        lock_s = lockout_seconds(self.config, self.state.failures)
        attempts_left = max(0, self.config.max_attempts - self.state.failures)
        if lock_s > 0:
            self.locked_until = self.clock.monotonic() + lock_s
            self.state.locked_until_wall = self.wall() + lock_s
            self.state.lock_s = lock_s
            self._save()
            self.audit.append("admin_locked", lockout_s=lock_s, failures=self.state.failures)
        return lock_s, attempts_left

    # --- first-boot enrolment (kiosk.ops.enrolment) ------------------------------------

    def _code_hash(self) -> str | None:
        code_hash = self.config.enrolment_code_hash.strip()
        return code_hash if hash_format_status(code_hash) is PinHashStatus.OK else None

    @property
    def can_enrol(self) -> bool:
        """No PIN yet, and a one-time enrolment code configured and not used."""
        code_hash = self._code_hash()
        return (
            not self.demo
            and self.enrolled_path is not None
            and code_hash is not None
            and self._usable_hash() is None
            and not code_used(self.enrolled_path, code_hash)
        )

    def enrol(self, code: str, new_pin: str) -> EnrolAnswer:
        """Set the first PIN with the one-time code; wrong codes count against the lockout."""
        code_hash = self._code_hash()
        if self.enrolled_path is None or code_hash is None or self._usable_hash() is not None:
            self.audit.append("admin_enrol_refused", reason="unavailable")
            return EnrolAnswer(EnrolResult.UNAVAILABLE)
        if code_used(self.enrolled_path, code_hash):
            self.audit.append("admin_enrol_refused", reason="code_used")
            return EnrolAnswer(EnrolResult.USED)
        weakness = pin_strength(new_pin, DEMO_PIN)
        if weakness is not PinStrength.OK:
            return EnrolAnswer(EnrolResult.WEAK_PIN, weakness=weakness)
        left = self.locked_for()
        if left > 0:
            self.audit.append("admin_enrol_while_locked", locked_for_s=round(left))
            return EnrolAnswer(EnrolResult.LOCKED, 0, left)
        self.state.failures += 1  # counted first, as for PINs
        self._save()
        if not (well_formed_code(code) and _verify(code, code_hash)):
            lock_s, attempts_left = self._failed()
            if lock_s > 0:
                return EnrolAnswer(EnrolResult.LOCKED, 0, lock_s)
            self.audit.append("admin_enrol_wrong_code", attempts_left=attempts_left)
            return EnrolAnswer(EnrolResult.WRONG_CODE, attempts_left)
        # Used first: a crash before the PIN is written wastes the code, never reopens it.
        mark_code_used(self.enrolled_path, code_hash)
        new_hash = hash_pin(new_pin)
        write_enrolled_pin(self.enrolled_path, new_hash)
        self._hash, self._status = new_hash, PinHashStatus.OK
        self.state = LockoutState()
        self._save()
        self.audit.append("admin_pin_enrolled", method="one_time_code")
        return EnrolAnswer(EnrolResult.OK, self.config.max_attempts)

"""Pick-up codes: issued when staff load a result, checked with a lockout after 5 tries.

A code is 10 digits: a 4-digit lookup (which pick-up, not secret) and a 6-digit
secret. The journal keeps only an scrypt verifier of the secret and, keyed by the
scrypt output, an HMAC of the ID number that must be read at pick-up (the second
factor). The lockout follows the technician PIN's (kiosk/ops/admin.py): failures
are written (fsync) before the answer is given, so pulling the plug after a wrong
guess undoes nothing; the lockout is kept as wall time and capped when read back,
so a clock set forward cannot extend it for ever.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from kiosk.clock import SYSTEM_CLOCK, Clock
from kiosk.errors import KioskError
from kiosk.handoff.locker_journal import LockerJournal, PickupRecord

GUARD_KEY = "pickup"
CODE_DIGITS = 10
_LOOKUP_DIGITS = 4
# scrypt (stdlib, OpenSSL's): ~16 MiB and tens of ms per check; a stolen journal does
# not give up a 6-digit secret to a loop over sha256.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 64}


class PickupResult(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"
    ID_MISMATCH = "id_mismatch"


class PickupCodeError(KioskError):
    """A pick-up code was refused."""

    resident_message = "取件码不正确，请核对后重新输入。"


class PickupLocked(PickupCodeError):
    resident_message = "取件码错误次数过多，已暂时锁定，请稍后再试或联系工作人员。"


class PickupIdMismatch(PickupCodeError):
    resident_message = "身份证与该业务的申请人不符，柜门不会打开。"


@dataclass(frozen=True)
class IssuedCode:
    """What the resident is told (by SMS through the platform, and on the receipt QR)."""

    code: str
    case_ref: str
    compartment: str


@dataclass(frozen=True)
class CodeAnswer:
    result: PickupResult
    attempts_left: int
    locked_for_s: float = 0.0
    record: PickupRecord | None = None


def normalise(code: str) -> str:
    """Digits only (the resident may type spaces; a QR may carry a prefix)."""
    return "".join(c for c in code if c.isdigit())


def _derive(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode(), salt=salt, **_SCRYPT)


def _id_mac(key: bytes, id_number: str) -> bytes:
    return hmac.new(key, id_number.strip().upper().encode(), hashlib.sha256).digest()


def lockout_seconds(max_attempts: int, base_s: float, failures: int) -> float:
    """0 below ``max_attempts``; then ``base_s`` doubling with each further failure (≤ 1 day)."""
    over = failures - max_attempts
    if over < 0:
        return 0.0
    return min(86400.0, base_s * (2.0 ** min(over, 20)))


class PickupCodes:
    """Issues and checks pick-up codes against the journal."""

    def __init__(
        self,
        journal: LockerJournal,
        max_attempts: int = 5,
        lockout_s: float = 900,
        clock: Clock = SYSTEM_CLOCK,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.journal = journal
        self.max_attempts = max_attempts
        self.lockout_s = lockout_s
        self.clock = clock
        self.wall = wall
        _failures, until_wall, lock_s = journal.guard(GUARD_KEY)
        remaining = min(max(0.0, until_wall - wall()), lock_s)
        self._locked_until = clock.monotonic() + remaining

    def issue(self, case_ref: str, compartment: str, id_number: str) -> IssuedCode:
        """A fresh code for a loaded result; the ID number is bound as the second factor."""
        used = self.journal.lookups_in_use()
        while True:
            lookup = f"{secrets.randbelow(10**_LOOKUP_DIGITS):0{_LOOKUP_DIGITS}d}"
            if lookup not in used:
                break
        secret = f"{secrets.randbelow(10 ** (CODE_DIGITS - _LOOKUP_DIGITS)):06d}"
        salt = secrets.token_bytes(16)
        derived = _derive(secret, salt)
        self.journal.add_pickup(
            PickupRecord(
                lookup, case_ref, compartment, derived[:32], salt, _id_mac(derived[32:], id_number)
            )
        )
        return IssuedCode(lookup + secret, case_ref, compartment)

    def locked_for(self) -> float:
        return max(0.0, self._locked_until - self.clock.monotonic())

    def _fail(self) -> CodeAnswer:
        failures, _, _ = self.journal.guard(GUARD_KEY)
        failures += 1
        lock_s = lockout_seconds(self.max_attempts, self.lockout_s, failures)
        if lock_s > 0:
            self._locked_until = self.clock.monotonic() + lock_s
            self.journal.set_guard(GUARD_KEY, failures, self.wall() + lock_s, lock_s)
            return CodeAnswer(PickupResult.LOCKED, 0, lock_s)
        self.journal.set_guard(GUARD_KEY, failures, 0.0, 0.0)
        return CodeAnswer(PickupResult.WRONG, self.max_attempts - failures)

    def check(self, code: str, id_number: str | None = None) -> CodeAnswer:
        """Check a code (and, when given, the ID number read from the card).

        The failure is journaled before the answer is returned. A right code with the
        wrong ID card counts as a failure too: the pair is the credential.
        """
        left = self.locked_for()
        if left > 0:
            return CodeAnswer(PickupResult.LOCKED, 0, left)
        digits = normalise(code)
        rec = None
        if len(digits) == CODE_DIGITS:
            rec = self.journal.pickup(digits[:_LOOKUP_DIGITS])
        if rec is None:
            # Spend the same time as a real check: no oracle for which lookups exist.
            _derive(digits[_LOOKUP_DIGITS:] or "0", b"\0" * 16)
            return self._fail()
        derived = _derive(digits[_LOOKUP_DIGITS:], rec.salt)
        if not hmac.compare_digest(derived[:32], rec.verifier):
            return self._fail()
        if id_number is not None and not hmac.compare_digest(
            _id_mac(derived[32:], id_number), rec.id_mac
        ):
            answer = self._fail()
            if answer.result is PickupResult.LOCKED:
                return answer
            return CodeAnswer(PickupResult.ID_MISMATCH, answer.attempts_left, record=rec)
        if id_number is not None:
            self.journal.set_guard(GUARD_KEY, 0, 0.0, 0.0)
        failures, _, _ = self.journal.guard(GUARD_KEY)
        return CodeAnswer(PickupResult.OK, self.max_attempts - failures, record=rec)

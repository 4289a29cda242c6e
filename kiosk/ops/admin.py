"""Technician access: PIN stored as a salted scrypt hash, lockout after failed tries.

Every attempt (success, failure, attempt while locked) goes to the audit log.
The clock is injected so the lockout is tested without waiting.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kiosk.clock import SYSTEM_CLOCK, Clock
from kiosk.config import AdminConfig

#: The demo PIN, used only when the configuration carries no hash at all.
DEMO_PIN = "246810"
_N, _R, _P = 2**14, 8, 1


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt_hex$hash_hex`` for a PIN."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_hex, hash_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            pin.encode(), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), hash_hex)


class Auditor(Protocol):
    def append(self, event: str, **data: object) -> object: ...


class PinResult(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class PinAnswer:
    result: PinResult
    attempts_left: int
    locked_for_s: float = 0.0


class PinGuard:
    """Checks technician PINs; locks for ``lockout_s`` after ``max_attempts`` failures."""

    def __init__(self, config: AdminConfig, audit: Auditor, clock: Clock = SYSTEM_CLOCK) -> None:
        self.config = config
        self.audit = audit
        self.clock = clock
        # Without a configured hash the demo PIN applies; the audit log says so.
        self._hash = config.pin_hash or hash_pin(DEMO_PIN, salt=b"kiosk-demo-salt!")
        self._using_demo_pin = not config.pin_hash
        self.failures = 0
        self.locked_until = 0.0

    def locked_for(self) -> float:
        return max(0.0, self.locked_until - self.clock.monotonic())

    def try_pin(self, pin: str) -> PinAnswer:
        left = self.locked_for()
        if left > 0:
            self.audit.append("admin_pin_while_locked", locked_for_s=round(left))
            return PinAnswer(PinResult.LOCKED, 0, left)
        if check_pin(pin, self._hash):
            self.failures = 0
            self.audit.append("admin_pin_ok", demo_pin=self._using_demo_pin)
            return PinAnswer(PinResult.OK, self.config.max_attempts)
        self.failures += 1
        attempts_left = self.config.max_attempts - self.failures
        if attempts_left <= 0:
            self.failures = 0
            self.locked_until = self.clock.monotonic() + self.config.lockout_s
            self.audit.append("admin_locked", lockout_s=self.config.lockout_s)
            return PinAnswer(PinResult.LOCKED, 0, self.config.lockout_s)
        self.audit.append("admin_pin_wrong", attempts_left=attempts_left)
        return PinAnswer(PinResult.WRONG, attempts_left)

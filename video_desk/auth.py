"""Who may use the desk: staff (argon2id password hashes) and terminals (SHA-256 of a random credential).

Staff passwords are typed by people, so they get a slow, salted hash (argon2id, the
same library as the terminal's technician PIN). A terminal credential is a random
256-bit token handed to the terminal once, so a fast hash is enough, as in the fleet
service. Failed staff logins lock the name out for a while; session tokens live in
memory only and expire.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """The argon2id hash of a staff password (what the desk's configuration stores)."""
    return _hasher.hash(password)


def new_terminal_credential() -> str:
    """A fresh terminal credential (shown once; the desk keeps only its hash)."""
    return f"vt_{secrets.token_urlsafe(32)}"


def credential_hash(credential: str) -> str:
    """SHA-256 of a terminal credential, hex."""
    return hashlib.sha256(credential.strip().encode()).hexdigest()


class LoginRefused(Exception):
    """A staff login was refused (wrong name/password, or the name is locked out)."""

    def __init__(self, reason: str, retry_after_s: float = 0.0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after_s = retry_after_s


@dataclass
class _Failures:
    count: int = 0
    locked_until: float = 0.0


@dataclass
class StaffDirectory:
    """Staff accounts, login with lockout, and in-memory session tokens."""

    password_hashes: dict[str, str]
    session_ttl_s: float = 8 * 3600
    max_failures: int = 5
    lockout_s: float = 60.0
    _tokens: dict[str, tuple[str, float]] = field(default_factory=dict)
    _failures: dict[str, _Failures] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def login(self, username: str, password: str) -> str:
        """Return a new session token, or raise :class:`LoginRefused`."""
        now = time.monotonic()
        with self._lock:
            fails = self._failures.setdefault(username, _Failures())
            if fails.locked_until > now:
                raise LoginRefused("locked", fails.locked_until - now)
        stored = self.password_hashes.get(username)
        ok = False
        if stored is not None:
            try:
                ok = _hasher.verify(stored, password)
            except (VerificationError, InvalidHashError):
                ok = False
        else:
            # Same work for an unknown name, so timing does not tell names apart.
            with contextlib.suppress(VerificationError, InvalidHashError):
                _hasher.verify(_DUMMY_HASH, password)
        with self._lock:
            if not ok:
                fails.count += 1
                if fails.count >= self.max_failures:
                    fails.locked_until = now + self.lockout_s
                    fails.count = 0
                raise LoginRefused("bad_credentials")
            fails.count = 0
            token = f"vs_{secrets.token_urlsafe(32)}"
            self._tokens[_digest(token)] = (username, now + self.session_ttl_s)
            return token

    def staff_for(self, token: str) -> str | None:
        """The staff id a live session token belongs to, or None."""
        with self._lock:
            entry = self._tokens.get(_digest(token))
            if entry is None:
                return None
            if entry[1] < time.monotonic():
                del self._tokens[_digest(token)]
                return None
            return entry[0]


@dataclass(frozen=True)
class TerminalDirectory:
    """Terminal id → hash of its credential."""

    credential_hashes: dict[str, str]

    def verify(self, terminal_id: str, credential: str) -> bool:
        """True when ``credential`` is this terminal's (constant-time comparison)."""
        stored = self.credential_hashes.get(terminal_id)
        given = credential_hash(credential)
        if stored is None:
            hmac.compare_digest(given, given)
            return False
        return hmac.compare_digest(stored, given)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))

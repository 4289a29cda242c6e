"""Time-ordered unique ids (ULID layout: 48-bit milliseconds + 80 random bits).

Sorting ids sorts by creation time, so the outbox drains first-in first-out by
primary key. Within one process ids are strictly increasing even inside the same
millisecond (the random part is incremented); across processes the 80 random
bits make a collision practically impossible.
"""

from __future__ import annotations

import os
import re
import threading
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32, no I L O U
ID_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")
_RANDOM_MAX = (1 << 80) - 1

_lock = threading.Lock()
_last_ms = -1
_last_rand = 0


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def new_id(now_ms: int | None = None) -> str:
    """A new 26-character id, greater than every id made before in this process."""
    global _last_ms, _last_rand
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    with _lock:
        if ms <= _last_ms:
            # Same millisecond (or the clock stepped back): keep order by counting up.
            ms = _last_ms
            rand = _last_rand + 1
            if rand > _RANDOM_MAX:  # astronomically unlikely; borrow the next millisecond
                ms += 1
                rand = int.from_bytes(os.urandom(10), "big") >> 1
        else:
            # Top bit clear leaves room to count up within the millisecond.
            rand = int.from_bytes(os.urandom(10), "big") >> 1
        _last_ms, _last_rand = ms, rand
    return _encode(ms, 10) + _encode(rand, 16)


def id_time(id_: str) -> float:
    """Creation time (seconds since the epoch) encoded in an id."""
    if not is_valid_id(id_):
        raise ValueError(f"not a submission id: {id_!r}")
    ms = 0
    for c in id_[:10]:
        ms = ms * 32 + _ALPHABET.index(c)
    return ms / 1000


def is_valid_id(value: str) -> bool:
    """True for a well-formed id (safe to use in a file name)."""
    return bool(ID_RE.match(value))

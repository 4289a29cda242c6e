"""Masking of personal data for logs, screens and messages.

ID numbers keep their first 6 and last 4 characters (the region code and the
check digits are what a technician needs); names keep their first character.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

# 18-character resident/permit numbers (last may be X), 15-digit first-generation
# numbers, and the 2017 foreign permanent-resident number (3 letters + 12 digits).
# Look-arounds keep us from masking the middle of longer digit runs such as
# acceptance numbers, which are not personal.
ID_NUMBER_RE = re.compile(r"(?<![0-9])(?:\d{17}[0-9Xx]|\d{15}|[A-Z]{3}\d{12})(?![0-9])")


def mask_id_number(value: str) -> str:
    """``110101199001010015`` → ``110101********0015``."""
    v = value.strip()
    if len(v) <= 10:
        return "*" * len(v)
    return v[:6] + "*" * (len(v) - 10) + v[-4:]


def mask_name(value: str) -> str:
    """``张三丰`` → ``张**``; ``ZHANG SAN`` → ``Z********``."""
    v = value.strip()
    if not v:
        return ""
    return v[0] + "*" * (len(v) - 1) if len(v) > 1 else "*"


def mask_phone(value: str) -> str:
    v = value.strip()
    return v[:3] + "****" + v[-4:] if len(v) >= 11 else "*" * len(v)


class SensitiveValues:
    """Values known to be personal for the current session (names above all).

    A name cannot be recognised by a pattern, so whoever learns one (the identify
    step) registers it here; the log filter then masks it wherever it appears. The
    registry is cleared by the session wipe.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, str] = {}

    def add(self, value: str, masked: str | None = None) -> None:
        v = value.strip()
        if len(v) < 2:  # a single character would mask half the log
            return
        with self._lock:
            self._values[v] = masked if masked is not None else mask_name(v)

    def add_many(self, values: Iterable[str]) -> None:
        for v in values:
            self.add(v)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def scrub(self, text: str) -> str:
        with self._lock:
            items = sorted(self._values.items(), key=lambda kv: -len(kv[0]))
        for value, masked in items:
            if value in text:
                text = text.replace(value, masked)
        return text

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)


#: Process-wide registry used by the logging filter.
SENSITIVE = SensitiveValues()


def scrub_text(text: str, registry: SensitiveValues | None = None) -> str:
    """Mask every ID number and every registered personal value in ``text``."""
    text = ID_NUMBER_RE.sub(lambda m: mask_id_number(m.group(0)), text)
    return (registry if registry is not None else SENSITIVE).scrub(text)

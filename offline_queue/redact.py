"""Masking of ID numbers in error texts that land in the outbox database or logs.

The application has its own masking (kiosk.privacy); this package imports nothing
of ours, and a platform's error reason could echo a form field, so reasons are
masked here before they are stored.
"""

from __future__ import annotations

import re

_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8}|\d{5})(\d{3}[0-9Xx]|\d{4})(?![0-9A-Za-z])")
MAX_REASON = 500


def redact(text: str) -> str:
    """Mask 15/18-character ID numbers (keep first 6, last 4) and cap the length."""
    masked = _ID_RE.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)
    return masked if len(masked) <= MAX_REASON else masked[: MAX_REASON - 1] + "…"

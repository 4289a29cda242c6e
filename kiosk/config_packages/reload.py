"""Adopting a newly applied configuration between sessions, never during one.

The terminal keeps running after an apply. :class:`PendingConfig` holds the new
effective configuration until the session is back at rest; :func:`changed_sections`
tells which parts changed, so the terminal can swap in place what it can (catalog,
UI, session timeouts, PIN) and restart what it must (devices, platform client).
"""

from __future__ import annotations

import threading

from kiosk.config import KioskConfig

#: Sections whose change needs the owning subsystem restarted (or the terminal).
RESTART_SECTIONS = frozenset({"devices", "platform", "logging", "paths", "outbox", "health"})


def changed_sections(old: KioskConfig, new: KioskConfig) -> set[str]:
    """Top-level configuration sections that differ between ``old`` and ``new``."""
    return {name for name in KioskConfig.model_fields if getattr(old, name) != getattr(new, name)}


def needs_restart(old: KioskConfig, new: KioskConfig) -> bool:
    """True when a changed section cannot be swapped in place."""
    return bool(changed_sections(old, new) & RESTART_SECTIONS)


class PendingConfig:
    """A configuration waiting for the end of the current session (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._config: KioskConfig | None = None

    def offer(self, config: KioskConfig) -> None:
        """A newer configuration was applied; a later offer replaces an earlier one."""
        with self._lock:
            self._config = config

    def take(self, session_active: bool) -> KioskConfig | None:
        """The pending configuration, once, when no session is running; else None."""
        if session_active:
            return None
        with self._lock:
            config, self._config = self._config, None
            return config

    @property
    def waiting(self) -> bool:
        with self._lock:
            return self._config is not None

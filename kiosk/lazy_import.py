"""A module imported on first use, so naming it costs nothing at start-up.

cv2, numpy and img2pdf cost 100-300 ms to import on the terminal's hardware; the
modules that use them are imported by the UI long before the first scan. A
:class:`LazyModule` stands in for the module and imports it (through the normal,
thread-safe import machinery) the first time one of its attributes is read.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """Stand-in for module ``name``; the first attribute access imports it."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._mod: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        mod = self._mod
        if mod is None:
            mod = self._mod = importlib.import_module(self._name)
        return getattr(mod, attr)

    def __repr__(self) -> str:
        state = "loaded" if self._mod is not None else "not loaded yet"
        return f"<lazy module {self._name!r}, {state}>"

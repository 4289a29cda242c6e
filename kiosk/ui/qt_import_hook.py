"""PySide6 imported first, and the check its import hook makes on every later import made cheap.

PySide6 replaces ``__import__`` to support ``from __feature__ import snake_case``,
and after every import asks whether the new module uses PySide6
(``shibokensupport.feature._mod_uses_pyside``, PYSIDE-2029) by running
``inspect.getsource`` on it: the tokenizer and linecache over each module's
source, about 0.1 ms a module, 13 ms of the terminal's start before the first
paint and more on the loader thread after it (issue 18). The same question is
answered here by reading the file's bytes: the answer, "PySide6" appears in the
source, is the same, so a module that does use ``__feature__`` still gets it.
Anything that is not a plain ``.py`` file goes to the original check. If a
PySide6 release drops or renames the hook, nothing is replaced.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

import PySide6.QtCore  # noqa: F401  (installs the hook this module replaces)

_MARK = "_kiosk_reads_bytes"


def _install() -> bool:
    feature = sys.modules.get("shibokensupport.feature")
    original: Any = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or getattr(original, _MARK, False):
        return False

    def mod_uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(original(module))
        try:
            with open(path, "rb") as f:
                return b"PySide6" in f.read()
        except OSError:
            return bool(original(module))

    setattr(mod_uses_pyside, _MARK, True)
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[attr-defined]
    return True


#: True when the hook's check was replaced (False: an unknown PySide6, left alone).
INSTALLED = _install()

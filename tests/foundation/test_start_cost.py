"""What the start does to be quick keeps behaviour: PySide6's import check, the held collector."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_pyside6_import_check_is_replaced_by_one_giving_the_same_answers() -> None:
    import kiosk.ui.qt_import_hook as hook

    assert hook.INSTALLED, "the pinned PySide6 has the hook; a newer one must be looked at"
    feature = sys.modules["shibokensupport.feature"]
    import inspect

    import screens.base

    def original(module: object) -> bool:
        try:
            return "PySide6" in inspect.getsource(module)  # type: ignore[arg-type]
        except (TypeError, OSError):
            return False

    for module in (screens.base, json, inspect, gc, sys, hook):
        assert feature._mod_uses_pyside(module) == original(module), module
    assert feature._mod_uses_pyside(screens.base) is True
    assert feature._mod_uses_pyside(json) is False


def test_from_feature_import_still_works_after_the_replacement() -> None:
    # A module that opts into snake_case still gets it (the check said "uses PySide6").
    code = (
        "import kiosk.ui.qt_import_hook\n"
        "from __feature__ import snake_case\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "print(hasattr(app, 'style_sheet'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.strip().splitlines()[-1] == "True"


def test_collector_held_until_release_then_startup_objects_frozen() -> None:
    code = (
        "import gc\n"
        "from kiosk.app import start_gc\n"
        "start_gc.hold()\n"
        "held = gc.isenabled()\n"
        "start_gc.release()\n"
        "print(held, gc.isenabled(), gc.get_freeze_count() > 0)\n"
        "start_gc.release()\n"  # a second release changes nothing
        "print(gc.isenabled())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.split() == ["False", "True", "True", "True"]


def test_hold_leaves_a_collector_someone_else_disabled_alone() -> None:
    from kiosk.app import start_gc

    gc.disable()
    try:
        start_gc.hold()
        start_gc.release()
        assert not gc.isenabled()  # not ours to switch on
    finally:
        gc.enable()

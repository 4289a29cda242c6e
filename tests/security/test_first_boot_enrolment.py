"""Issue 23 item 1: first-boot enrolment of the technician PIN with a one-time code.

A terminal ships with no PIN and the argon2id hash of its one-time enrolment code
(``admin.enrolment_code_hash``, issued by the fleet). Attacks performed against
the real PinGuard, its lockout file, the real argon2id hashes, the technician
PIN pad (pytest-qt) and the real ``kiosk config check``: guessing codes (counted,
locked, surviving a restart), replaying a used code, and a weak new PIN.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QWidget

from kiosk.clock import FakeClock
from kiosk.config import DEFAULT_CONFIG_PATH, AdminConfig
from kiosk.ops.admin import EnrolResult, PinGuard, PinResult, hash_pin, lockout_state_path
from kiosk.ops.audit import AuditLog
from kiosk.ops.enrolment import PinStrength, enrolled_pin_path
from screens.admin import PadStep, PinPad
from tests.security.test_technician_pin import REPO, Wall

CODE = "482015739261"  # the one-time code on this terminal's field-staff sheet
CODE_HASH = hash_pin(CODE)  # what the factory configuration holds
NEW_PIN = "580317"


def _guard(data: Path, **kw: object) -> PinGuard:
    cfg = AdminConfig(enrolment_code_hash=CODE_HASH, max_attempts=3, lockout_s=60)
    return PinGuard(
        cfg,
        AuditLog(data / "audit.jsonl"),
        state_path=lockout_state_path(data),
        enrolled_path=enrolled_pin_path(data),
        **kw,  # type: ignore[arg-type]
    )


def _config_check(data: Path, config: Path) -> dict[str, object]:
    r = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(config), "--data-dir", str(data),
         "config", "check", "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    doc: dict[str, object] = json.loads(r.stdout)
    assert (r.returncode == 0) == doc["ok"], r.stderr
    return doc


def test_one_time_code_enrols_once_and_config_check_passes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    config = tmp_path / "config.toml"
    # The factory configuration of this terminal: no PIN, its enrolment code's hash.
    factory = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")
    factory = factory.replace('enrolment_code_hash = ""', f'enrolment_code_hash = "{CODE_HASH}"')
    catalog = DEFAULT_CONFIG_PATH.parent / "catalog.toml"
    factory = factory.replace('path = "catalog.toml"', f'path = "{catalog}"')
    config.write_text(factory, encoding="utf-8")
    before = _config_check(data, config)
    assert not before["ok"]
    assert [p for p in before["problems"] if "admin.pin_hash" in p]  # type: ignore[union-attr]
    g = _guard(data)
    assert g.can_enrol and not g.enrolled
    assert g.try_pin(NEW_PIN).result is PinResult.NOT_ENROLLED  # nothing opens it yet
    # A weak new PIN is refused before the code is even looked at (nothing counted).
    for weak, why in (("123456", PinStrength.SEQUENCE), ("777777", PinStrength.REPEATED),
                      ("246810", PinStrength.DEMO), ("12345", PinStrength.LENGTH)):  # fmt: skip
        answer = g.enrol(CODE, weak)
        assert (answer.result, answer.weakness) == (EnrolResult.WEAK_PIN, why)
    assert g.failures == 0
    assert g.enrol(CODE, NEW_PIN).result is EnrolResult.OK
    assert g.try_pin(NEW_PIN).result is PinResult.OK
    # Stored: an argon2id hash only, never the PIN or the code.
    stored = enrolled_pin_path(data).read_text(encoding="ascii").strip()
    assert stored.startswith("$argon2id$")
    for f in data.rglob("*"):
        if f.is_file():
            assert NEW_PIN.encode() not in f.read_bytes() and CODE.encode() not in f.read_bytes()
    # A restart finds the PIN; the same code cannot set another one.
    again = _guard(data)
    assert again.enrolled and not again.can_enrol
    assert again.try_pin(NEW_PIN).result is PinResult.OK
    assert again.enrol(CODE, "902468").result is EnrolResult.UNAVAILABLE
    # Replay even with the PIN file gone (a disk edited to reopen enrolment): refused.
    enrolled_pin_path(data).unlink()
    replay = _guard(data)
    assert not replay.can_enrol
    assert replay.enrol(CODE, "902468").result is EnrolResult.USED
    assert replay.try_pin("902468").result is PinResult.NOT_ENROLLED
    # (The PIN file is put back as it was for the configuration check.)
    enrolled_pin_path(data).write_text(stored + "\n", encoding="ascii")
    after = _config_check(data, config)
    assert after["ok"], after
    assert any("enrolled at first boot" in n for n in after["notes"])  # type: ignore[union-attr]
    audit = (data / "audit.jsonl").read_text()
    assert '"admin_pin_enrolled"' in audit and '"code_used"' in audit


def test_wrong_codes_count_against_the_lockout_across_restarts(tmp_path: Path) -> None:
    wall, clock = Wall(), FakeClock()
    g = _guard(tmp_path, wall_clock=wall, clock=clock)
    assert [g.enrol(c, NEW_PIN).result for c in ("000000000000", "1234")] == [
        EnrolResult.WRONG_CODE,
        EnrolResult.WRONG_CODE,  # malformed codes are counted too
    ]
    # The plug is pulled: a fresh guard, a fresh monotonic clock, the same counter.
    g = _guard(tmp_path, wall_clock=wall, clock=FakeClock())
    assert g.failures == 2
    locked = g.enrol("999999999999", NEW_PIN)
    assert locked.result is EnrolResult.LOCKED and locked.locked_for_s == 60
    # While locked even the right code does nothing, and PINs are locked too.
    g = _guard(tmp_path, wall_clock=wall, clock=FakeClock())
    assert g.enrol(CODE, NEW_PIN).result is EnrolResult.LOCKED
    assert not enrolled_pin_path(tmp_path).exists()
    wall.now += 61
    g = _guard(tmp_path, wall_clock=wall, clock=FakeClock())
    assert g.enrol(CODE, NEW_PIN).result is EnrolResult.OK
    assert g.failures == 0


def _type(qtbot, pad: PinPad, digits: str) -> None:
    """Press the pad's digit buttons, then 确定."""
    for name in [f"pin_{d}" for d in digits] + ["pinOk"]:
        qtbot.mouseClick(pad.findChild(QAbstractButton, name), Qt.MouseButton.LeftButton)


def test_the_technician_pin_pad_walks_through_enrolment(qtbot, tmp_path: Path) -> None:
    g = _guard(tmp_path)
    host = QWidget()
    qtbot.addWidget(host)
    pad = PinPad(SimpleNamespace(pin_guard=g), host)
    accepted: list[bool] = []
    pad.accepted.connect(lambda: accepted.append(True))
    pad.open()
    assert pad.step is PadStep.CODE and "启用码" in pad.heading.text()
    # A wrong code: said so, counted, back to the code.
    for digits in ("111122223333", NEW_PIN, NEW_PIN):
        _type(qtbot, pad, digits)
    assert pad.step is PadStep.CODE and "启用码错误" in pad.message.text() and not accepted
    assert g.failures == 1
    # The right code, a weak PIN (refused at once), then a good one twice.
    _type(qtbot, pad, CODE)
    assert pad.step is PadStep.NEW_PIN
    _type(qtbot, pad, "123456")
    assert pad.step is PadStep.NEW_PIN and "过于简单" in pad.message.text()
    _type(qtbot, pad, NEW_PIN)
    assert pad.step is PadStep.CONFIRM
    _type(qtbot, pad, NEW_PIN)
    assert accepted == [True] and not pad.isVisible()
    # From now on the pad asks for the PIN, which opens the technician screen.
    pad.open()
    assert pad.step is PadStep.PIN
    _type(qtbot, pad, NEW_PIN)
    assert accepted == [True, True]

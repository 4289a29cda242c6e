from pathlib import Path

from kiosk.clock import FakeClock
from kiosk.config import AdminConfig
from kiosk.ops.admin import PinGuard, PinResult, check_pin, hash_pin
from kiosk.ops.audit import AuditLog, verify


def guard(tmp_path: Path, clock: FakeClock) -> tuple[PinGuard, Path]:
    path = tmp_path / "audit.jsonl"
    cfg = AdminConfig(pin_hash=hash_pin("135790"), max_attempts=5, lockout_s=300)
    return PinGuard(cfg, AuditLog(path), clock, state_path=tmp_path / "pin.json"), path


def test_hash_is_salted_and_checks() -> None:
    a, b = hash_pin("1234"), hash_pin("1234")
    assert a != b and a.startswith("$argon2id$")
    assert check_pin("1234", a) and not check_pin("1235", a)
    assert not check_pin("1234", "garbage")


def test_lockout_after_five_wrong_then_unlocks(tmp_path: Path) -> None:
    clock = FakeClock()
    g, path = guard(tmp_path, clock)
    answers = [g.try_pin("000000") for _ in range(5)]
    assert [a.result for a in answers[:4]] == [PinResult.WRONG] * 4
    assert [a.attempts_left for a in answers[:4]] == [4, 3, 2, 1]
    assert answers[4].result == PinResult.LOCKED
    # Even the right PIN is refused while locked.
    assert g.try_pin("135790").result == PinResult.LOCKED
    clock.advance(299)
    assert g.try_pin("135790").result == PinResult.LOCKED
    clock.advance(2)
    assert g.try_pin("135790").result == PinResult.OK
    events = [line for line in path.read_text().splitlines()]
    assert sum('"admin_pin_wrong"' in e for e in events) == 4
    assert sum('"admin_locked"' in e for e in events) == 1
    assert sum('"admin_pin_while_locked"' in e for e in events) == 2
    assert sum('"admin_pin_ok"' in e for e in events) == 1
    assert "135790" not in path.read_text()  # the PIN itself is never logged
    assert verify(path).ok


def test_queue_history_keeps_one_sample_a_minute_for_six_hours() -> None:
    from kiosk.ops.diagnostics import QueueHistory

    h = QueueHistory()
    for i in range(8 * 3600 // 2):  # the UI adds a sample every 2 s, for 8 hours
        h.add(i % 100, now=1000.0 + i * 2)
    assert len(h.samples) == 360
    span = h.samples[-1][0] - h.samples[0][0]
    assert 5.9 * 3600 < span <= 6 * 3600
    assert all(d >= 0 for _, d in h.samples)

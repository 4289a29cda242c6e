"""Issue 23 items 1 and 7: no default technician PIN; a lockout a restart cannot clear.

Each test performs the attack (the published demo PIN, a restart between guesses,
a package with a cheap hash) against the real PinGuard, its state file, the real
argon2id hash and the real ``kiosk config check``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.clock import FakeClock
from kiosk.config import DEFAULT_CONFIG_PATH, AdminConfig, load_config
from kiosk.ops.admin import (
    DEMO_PIN,
    PinGuard,
    PinHashStatus,
    PinResult,
    assess_pin_hash,
    check_pin,
    hash_pin,
    lockout_state_path,
)
from kiosk.ops.audit import AuditLog

REPO = Path(__file__).resolve().parents[2]
PIN = "135790"
# Hashed once: every hash costs the production ~0.25 s.
ENROLLED = hash_pin(PIN)


class Wall:
    """The wall clock, moved by the test (the lockout is persisted in wall time)."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def guard(tmp: Path, pin_hash: str = ENROLLED, demo: bool = False, **kw: object) -> PinGuard:
    cfg = AdminConfig(pin_hash=pin_hash, max_attempts=3, lockout_s=60)
    return PinGuard(
        cfg,
        AuditLog(tmp / "audit.jsonl"),
        state_path=tmp / "pin.json",
        demo=demo,
        **kw,  # type: ignore[arg-type]
    )


def test_the_demo_pin_does_not_open_a_real_terminal(tmp_path: Path) -> None:
    factory = load_config(DEFAULT_CONFIG_PATH, tmp_path).admin
    assert factory.pin_hash == ""  # shipped without a PIN
    g = PinGuard(factory, AuditLog(tmp_path / "a.jsonl"), state_path=tmp_path / "s.json")
    assert not g.enrolled
    assert g.try_pin(DEMO_PIN).result is PinResult.NOT_ENROLLED
    # Enrolling the published demo PIN itself is no better.
    demo_hash = hash_pin(DEMO_PIN)
    assert assess_pin_hash(demo_hash) is PinHashStatus.DEMO
    assert guard(tmp_path, demo_hash).try_pin(DEMO_PIN).result is PinResult.NOT_ENROLLED
    # Only the demo (kiosk --demo) lets the demo PIN in.
    assert guard(tmp_path / "d", "", demo=True).try_pin(DEMO_PIN).result is PinResult.OK
    assert '"admin_pin_not_enrolled"' in (tmp_path / "a.jsonl").read_text()


def test_config_check_fails_naming_the_missing_pin(tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "kiosk", "--data-dir", str(tmp_path), "config", "check", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1, r.stdout + r.stderr
    doc = json.loads(r.stdout)
    assert not doc["ok"]
    assert any(p.startswith("admin.pin_hash:") for p in doc["problems"]), doc


def test_lockout_survives_a_restart_and_grows(tmp_path: Path) -> None:
    wall, clock = Wall(), FakeClock()
    g = guard(tmp_path, wall_clock=wall, clock=clock)
    answers = [g.try_pin("000000").result for _ in range(3)]
    assert answers == [PinResult.WRONG, PinResult.WRONG, PinResult.LOCKED]
    # The attacker pulls the plug: a fresh process, a fresh monotonic clock.
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import sys; from pathlib import Path\n"
                "from kiosk.config import AdminConfig\n"
                "from kiosk.ops.admin import PinGuard\n"
                "from kiosk.ops.audit import AuditLog\n"
                "t = Path(sys.argv[1])\n"
                "g = PinGuard(AdminConfig(pin_hash=sys.argv[2], max_attempts=3, lockout_s=60),"
                " AuditLog(t / 'audit2.jsonl'), state_path=t / 'pin.json')\n"
                "print(g.try_pin(sys.argv[3]).result.value)\n"
            ),
            str(tmp_path),
            ENROLLED,
            PIN,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.stdout.strip() == "locked", child.stderr  # even the right PIN
    # After the lock, one more wrong guess locks again, for twice as long.
    wall.now += 61
    clock.advance(61)
    g2 = guard(tmp_path, wall_clock=wall, clock=FakeClock())
    a = g2.try_pin("000000")
    assert a.result is PinResult.LOCKED and a.locked_for_s == 120
    wall.now += 121
    g3 = guard(tmp_path, wall_clock=wall, clock=FakeClock())
    assert g3.try_pin("000000").locked_for_s == 240
    wall.now += 241
    assert guard(tmp_path, wall_clock=wall).try_pin(PIN).result is PinResult.OK
    assert json.loads((tmp_path / "pin.json").read_text())["failures"] == 0


def test_a_wall_clock_set_back_does_not_lock_forever_nor_a_damaged_file_unlock(
    tmp_path: Path,
) -> None:
    wall = Wall()
    g = guard(tmp_path, wall_clock=wall)
    for _ in range(3):
        g.try_pin("000000")
    wall.now -= 10 * 365 * 86400
    assert guard(tmp_path, wall_clock=wall).locked_for() <= 60
    (tmp_path / "pin.json").write_text("{garbage")
    assert guard(tmp_path, wall_clock=wall).try_pin(PIN).result is PinResult.LOCKED


def test_production_hash_cost_and_weak_hashes_refused() -> None:
    assert ENROLLED.startswith("$argon2id$v=19$m=65536,t=3,p=1$")
    # A cheap scrypt (the old N=2^14) or a cheap argon2id never matches, even the right PIN.
    import hashlib

    salt = b"s" * 16
    cheap = hashlib.scrypt(PIN.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    weak_scrypt = f"scrypt$16384$8$1${salt.hex()}${cheap.hex()}"
    assert assess_pin_hash(weak_scrypt) is PinHashStatus.WEAK
    assert not check_pin(PIN, weak_scrypt)
    from argon2 import PasswordHasher

    weak_argon = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PIN)
    assert assess_pin_hash(weak_argon) is PinHashStatus.WEAK
    assert not check_pin(PIN, weak_argon)


@pytest.mark.parametrize("demo", [False, True])
def test_the_terminal_keeps_its_counter_in_the_data_dir(tmp_path: Path, demo: bool) -> None:
    assert lockout_state_path(tmp_path) == tmp_path / "admin" / "pin_lockout.json"
    g = PinGuard(
        AdminConfig(),
        AuditLog(tmp_path / "a.jsonl"),
        state_path=lockout_state_path(tmp_path),
        demo=demo,
    )
    r = g.try_pin("1").result
    assert r is (PinResult.WRONG if demo else PinResult.NOT_ENROLLED)
    assert lockout_state_path(tmp_path).exists() is demo

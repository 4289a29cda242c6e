import time
from pathlib import Path

from kiosk.voice import Voice


def test_speaks_with_espeak_and_interrupts(tmp_path: Path) -> None:
    # A stand-in espeak-ng that records its arguments, so the test checks the real
    # command line and process handling without needing a sound card.
    log = tmp_path / "calls.txt"
    fake = tmp_path / "espeak-ng"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {log}\nsleep 0.2\n')
    fake.chmod(0o755)
    v = Voice(enabled=True, volume=50, executable=str(fake))
    v.say("请将身份证放在感应区。")
    v.say("请选择要办理的事项。")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and "请选择" not in (log.read_text() if log.exists() else ""):
        time.sleep(0.05)
    v.stop()
    calls = log.read_text().splitlines()
    assert calls[-1] == "-v cmn -a 100 -s 140 请选择要办理的事项。"


def test_silent_when_disabled_or_missing(tmp_path: Path) -> None:
    v = Voice(enabled=False, executable="/bin/true")
    v.say("x")
    assert v._thread is None
    missing = Voice(enabled=True)
    missing.executable = None
    missing.say("x")  # no exception, nothing spoken
    assert missing.spoken == []

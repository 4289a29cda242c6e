"""The idle platform probe against the real reference server, stopped and restarted."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from offline_queue.netwatch import PlatformProbe
from offline_queue.server import ServerSettings, ServerThread


def _wait(cond: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


def test_probe_notices_the_platform_stopping_and_coming_back(tmp_path: Path) -> None:
    settings = ServerSettings(db_path=tmp_path / "platform.db", tokens={"t": "K1"})
    srv = ServerThread(settings).start()
    port = srv.port
    seen: list[bool] = []
    lock = threading.Lock()

    def changed(online: bool) -> None:
        with lock:
            seen.append(online)

    probe = PlatformProbe(srv.url, changed, interval_s=0.1, timeout_s=0.5, failures=2)
    probe.start()
    try:
        assert _wait(lambda: probe.online is True)
        srv.stop()  # the platform goes away while the terminal is idle
        assert _wait(lambda: probe.online is False)
        assert probe.last_error is not None and "Refused" in probe.last_error
        again = ServerThread(settings, port=port).start()
        try:
            assert _wait(lambda: probe.online is True)
        finally:
            again.stop()
    finally:
        probe.stop()
    with lock:
        assert seen == [True, False, True]  # each change reported once, in order


def test_one_missed_probe_is_not_an_outage(tmp_path: Path) -> None:
    settings = ServerSettings(db_path=tmp_path / "platform.db", tokens={"t": "K1"})
    with ServerThread(settings) as srv:
        probe = PlatformProbe(srv.url, interval_s=60, timeout_s=0.5, failures=2)
        assert probe.probe_once() and probe.online is True
    # Server gone: the first miss keeps the verdict, the second changes it.
    assert probe.probe_once() is False and probe.online is True
    assert probe.probe_once() is False and probe.online is False

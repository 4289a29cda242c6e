"""kiosk.services.submissions: the app's facade over the outbox, against a real server."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk.config import DEFAULT_CONFIG_PATH, KioskConfig, load_config
from kiosk.devices.manager import DeviceManager
from kiosk.ops.heartbeat import HeartbeatSender, QueueCounts
from kiosk.services.submissions import SubmissionRefused, SubmissionService
from kiosk.services.submit_flow import OutgoingAttachment
from offline_queue.server import ServerSettings, ServerThread, dump_submissions
from offline_queue.server.db import dump_heartbeats


def make_config(tmp_path: Path, url: str, **outbox: object) -> KioskConfig:
    cfg = load_config(DEFAULT_CONFIG_PATH, data_dir=tmp_path / "data")
    return cfg.model_copy(
        update={
            "platform": cfg.platform.model_copy(
                update={"url": url, "token": "tok", "heartbeat_interval_s": 5}
            ),
            "outbox": cfg.outbox.model_copy(
                update={
                    "network_poll_s": 0,
                    "backoff_initial_s": 0.05,
                    "backoff_max_s": 0.5,
                    **outbox,
                }
            ),
        }
    )


@pytest.fixture
def platform(tmp_path: Path):  # type: ignore[no-untyped-def]
    with ServerThread(ServerSettings(db_path=tmp_path / "p.db", tokens={"tok": "*"})) as srv:
        yield srv


def test_online_submission_gets_the_official_number(tmp_path: Path, platform: ServerThread) -> None:
    svc = SubmissionService(make_config(tmp_path, platform.url))
    svc.start()
    try:
        svc.check_capacity()
        receipt = svc.submit(
            "ZM-JZNX",
            {"values": {"reason": "x"}},
            {"name": "李建国", "id_number": "110101199001010015"},
            [OutgoingAttachment("scan", "image/jpeg", b"jpeg bytes")],
        )
        assert receipt.acceptance_number is not None and receipt.acceptance_number.startswith("SL")
        stored = dump_submissions(platform.settings.db_path)
        assert [s.submission_id for s in stored] == [receipt.submission_id]
        assert svc.status().label == "在线"
        config = make_config(tmp_path, platform.url)
        sender = HeartbeatSender(config, DeviceManager(config), lambda: QueueCounts(1, 0))
        sender.start()
        deadline = time.monotonic() + 10
        while not any(
            h["kiosk_id"] == "FZ-GL-0001" for h in dump_heartbeats(platform.settings.db_path)
        ):
            assert time.monotonic() < deadline, "no heartbeat arrived"
            time.sleep(0.05)
        sender.stop()
    finally:
        svc.stop()


def test_offline_submission_is_queued_then_sent(tmp_path: Path) -> None:
    settings = ServerSettings(db_path=tmp_path / "p.db", tokens={"tok": "*"})
    srv = ServerThread(settings)
    url, port = srv.url, srv.port
    srv.sock.close()  # nobody listening: offline
    svc = SubmissionService(make_config(tmp_path, url, submit_wait_s=0.3, sync_interval_s=0.2))
    svc.start()
    try:
        receipt = svc.submit("ZM-JZNX", {"v": 1}, {}, [])
        assert receipt.acceptance_number is None  # queued, the resident is told so
        status = svc.status()
        assert status.pending == 1 and status.online is False and "离线" in status.label
        with ServerThread(settings, port=port):  # the platform comes back on the same address
            svc.worker.network_changed()
            deadline = time.monotonic() + 10
            while svc.status().pending:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        assert svc.outbox.get(receipt.submission_id).acceptance_no
    finally:
        svc.stop()


def test_full_terminal_is_refused_up_front(tmp_path: Path, platform: ServerThread) -> None:
    svc = SubmissionService(make_config(tmp_path, platform.url, max_bytes=1_000_000))
    svc.start()
    try:
        with pytest.raises(SubmissionRefused) as e:
            svc.check_capacity()  # the 30 MB reservation does not fit in 1 MB
        assert "暂存空间已满" in e.value.resident_message
        svc.check_capacity(10_000)
    finally:
        svc.stop()

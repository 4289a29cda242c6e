"""The readiness report for the terminal's logbook, rendered to ESC/POS."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kiosk.ops.diagnostics import DeviceReport
from kiosk.ops.heartbeat import QueueCounts
from kiosk.ops.readiness import SelfTestLog, build_readiness, render_readiness
from tests.fleet import packages as pk
from tests.fleet.terminals import make_terminal


def test_readiness_report_lists_devices_tests_versions_and_outbox(tmp_path: Path) -> None:
    env = make_terminal(tmp_path, "RD-1", "350102", pk.KEY)
    log = SelfTestLog()
    at = datetime(2026, 12, 1, 9, 30)
    log.record("id_reader", True, "SAM 05.01 answered", at)
    log.record("receipt_printer", False, "paper out; last card 350102199001011234", at)
    reports = [
        DeviceReport("id_reader", "serial", "OK", "ready"),
        DeviceReport("receipt_printer", "escpos", "FAULT", "paper out"),
        DeviceReport("camera", "uvc", "ABSENT", "no /dev/video0"),
    ]
    report = build_readiness(
        env.config,
        reports,
        log.snapshot(),
        QueueCounts(pending=2, dead=1, oldest_pending_age_s=5400),
        "cfg-7",
        datetime(2026, 12, 1, 10, 0),
        inventory={"receipt_printer": {"serial": "RP-77", "firmware": "2.1"}},
    )
    data = render_readiness(report)
    text = data.decode("gb18030", errors="ignore")
    for expected in (
        "终端就绪报告",
        "RD-1",
        "cfg-7",
        "身份证阅读器",
        "正常",
        "凭条打印机",
        "故障",
        "人脸摄像头",
        "未连接",
        "未通过",
        "2026-12-01 09:30",
        "RP-77",
        "待上传办件",
        "1.5 小时",
        "2 台设备需处理",
    ):
        assert expected in text, expected
    assert "350102199001011234" not in text  # the self-test detail was scrubbed
    assert b"\x1dV" in data  # GS V: the paper is cut

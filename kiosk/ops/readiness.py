"""The readiness report: gathered from the device manager's reports, printed on the receipt printer.

The technician screen keeps the last self-test of each device (:class:`SelfTestLog`)
and prints this report for the terminal's logbook. Every text is scrubbed of
personal data before it is laid out (a device detail may echo what it read).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.config import KioskConfig
from kiosk.ops.diagnostics import DeviceReport
from kiosk.privacy import scrub_text

if TYPE_CHECKING:
    from kiosk.ops.heartbeat import QueueCounts  # httpx: not before the first paint

    # The printer_templates package loads reportlab (its __init__ registers every
    # template): imported when a report is built, not with the technician
    # controller before the first paint (issue 18).
    from printer_templates.escpos import PrinterProfile
    from printer_templates.readiness import ReadinessReport

DEVICE_LABELS = {
    "id_reader": "身份证阅读器",
    "smartcard": "社保卡读卡器",
    "camera": "人脸摄像头",
    "document_camera": "高拍仪",
    "signature_pad": "签字板",
    "qr_scanner": "扫码器",
    "receipt_printer": "凭条打印机",
    "document_printer": "A4 打印机",
}


@dataclass(frozen=True)
class SelfTestRecord:
    passed: bool
    detail: str
    at: datetime


class SelfTestLog:
    """The last self-test of each device, with its (wall) time; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: dict[str, SelfTestRecord] = {}

    def record(self, name: str, passed: bool, detail: str, at: datetime) -> None:
        with self._lock:
            self._last[name] = SelfTestRecord(passed, scrub_text(detail)[:120], at)

    def snapshot(self) -> dict[str, SelfTestRecord]:
        with self._lock:
            return dict(self._last)


def build_readiness(
    config: KioskConfig,
    reports: Sequence[DeviceReport],
    tests: Mapping[str, SelfTestRecord],
    queue: QueueCounts,
    config_version: str,
    printed_at: datetime,
    inventory: Mapping[str, Mapping[str, str]] | None = None,
    catalog_version: str = "",
) -> ReadinessReport:
    """Everything the logbook page shows, free of personal data."""
    from printer_templates.readiness import DeviceLine, ReadinessReport

    inventory = inventory or {}
    lines = []
    for r in reports:
        t = tests.get(r.name)
        inv = inventory.get(r.name, {})
        lines.append(
            DeviceLine(
                name=r.name,
                label=DEVICE_LABELS.get(r.name, r.name),
                status=r.status,
                detail=scrub_text(r.detail)[:120],
                last_test=t.detail if t else "",
                last_test_passed=t.passed if t else None,
                last_test_at=t.at if t else None,
                model=scrub_text(inv.get("model", "")),
                serial=scrub_text(inv.get("serial", "")),
                firmware=scrub_text(inv.get("firmware", "")),
            )
        )
    return ReadinessReport(
        kiosk_id=config.kiosk.id,
        region=config.kiosk.region,
        printed_at=printed_at,
        app_version=__version__,
        config_version=config_version,
        catalog_version=catalog_version,
        devices=lines,
        outbox_pending=queue.pending,
        outbox_dead=queue.dead,
        outbox_oldest_age_s=queue.oldest_pending_age_s,
    )


def render_readiness(report: ReadinessReport, profile: PrinterProfile | None = None) -> bytes:
    """ESC/POS bytes for the receipt printer."""
    from printer_templates.escpos import PrinterProfile, render
    from printer_templates.readiness import readiness_report

    profile = profile or PrinterProfile()
    return render(readiness_report(report, profile), profile).data

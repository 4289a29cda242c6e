"""终端就绪报告: the readiness report a technician prints and leaves in the terminal's logbook.

Data in, elements out (rendered to ESC/POS by :func:`printer_templates.escpos.render`):
every device's state and last self-test with its time, the versions, the hardware
inventory and the outbox. Nothing personal is on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from printer_templates.escpos import (
    Align,
    Cut,
    Element,
    Feed,
    Pair,
    PrinterProfile,
    QrCode,
    Rule,
    Text,
)

_STATE_ZH = {"OK": "正常", "DEGRADED": "需关注", "FAULT": "故障", "ABSENT": "未连接"}


@dataclass(frozen=True)
class DeviceLine:
    name: str
    label: str
    status: str
    detail: str = ""
    last_test: str = ""
    last_test_passed: bool | None = None
    last_test_at: dt.datetime | None = None
    model: str = ""
    serial: str = ""
    firmware: str = ""


@dataclass(frozen=True)
class ReadinessReport:
    kiosk_id: str
    region: str
    printed_at: dt.datetime
    app_version: str
    config_version: str
    catalog_version: str = ""
    devices: list[DeviceLine] = field(default_factory=list)
    outbox_pending: int = 0
    outbox_dead: int = 0
    outbox_oldest_age_s: float | None = None
    technician_note: str = ""


def _when(t: dt.datetime | None) -> str:
    return t.strftime("%Y-%m-%d %H:%M") if t else "未测试"


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "无"
    if seconds < 3600:
        return f"{seconds / 60:.0f} 分钟"
    return f"{seconds / 3600:.1f} 小时"


def readiness_report(d: ReadinessReport, profile: PrinterProfile) -> list[Element]:
    """The report's elements: header, versions, one block per device, outbox, signature line."""
    faults = [x for x in d.devices if x.status.upper() != "OK"]
    verdict = "全部设备正常 ALL OK" if not faults else f"{len(faults)} 台设备需处理"
    els: list[Element] = [
        Text("终端就绪报告", Align.CENTER, bold=True, double=True),
        Text("READINESS REPORT", Align.CENTER),
        Rule("="),
        Pair("终端编号：", d.kiosk_id),
        Pair("行政区划：", d.region),
        Pair("打印时间：", _when(d.printed_at)),
        Pair("软件版本：", d.app_version),
        Pair("配置版本：", d.config_version or "出厂配置"),
    ]
    if d.catalog_version:
        els.append(Pair("服务目录：", d.catalog_version))
    els += [Rule(), Text(verdict, bold=True)]
    for x in d.devices:
        state = _STATE_ZH.get(x.status.upper(), x.status)
        els += [Rule("-"), Text(f"{x.label}（{x.name}）：{state}", bold=x.status.upper() != "OK")]
        if x.detail:
            els.append(Pair("  说明：", x.detail))
        result = "" if x.last_test_passed is None else ("通过" if x.last_test_passed else "未通过")
        els.append(Pair("  自检：", f"{result} {x.last_test} {_when(x.last_test_at)}".strip()))
        for label, value in (
            ("  型号：", x.model),
            ("  序列号：", x.serial),
            ("  固件：", x.firmware),
        ):
            if value:
                els.append(Pair(label, value))
    els += [
        Rule(),
        Pair("待上传办件：", str(d.outbox_pending)),
        Pair("失败办件：", str(d.outbox_dead)),
        Pair("最久待上传：", _age(d.outbox_oldest_age_s)),
    ]
    if d.technician_note:
        els.append(Pair("备注：", d.technician_note))
    els += [
        Rule(),
        Text("维护人员签字：____________"),
        Feed(1),
        QrCode(
            f"KIOSK-READINESS {d.kiosk_id} {d.printed_at.isoformat(timespec='seconds')} faults={len(faults)}"
        ),
        Feed(1),
        Cut(),
    ]
    return els

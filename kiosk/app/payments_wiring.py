"""Attaching fee payment (issue 20): the fee schedule, the payment journal and its recovery.

``attach_payments(terminal)`` runs after the outbox is attached, because start-up
recovery asks the outbox whether a paid case is already there. The fee schedule
is loaded even when payments are off: the review screen then shows the fee and
sends the resident to the counter. Problems become start-up problems on the
technician screen, never exceptions.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from drivers.base import DeviceError
from kiosk.app.terminal import StartupProblem, Terminal
from kiosk.payments.errors import PaymentError
from kiosk.payments.fees import load_fee_schedule, yuan
from kiosk.payments.journal import OrderRecord
from kiosk.payments.runtime import build_runtime
from offline_queue.errors import SubmissionNotFound
from printer_templates.escpos import Align, Cut, Element, Feed, Pair, QrCode, Rule, Text, render

log = logging.getLogger(__name__)


def outbox_holds(outbox: Any, case_id: str) -> bool:
    """Whether the outbox has (or had, acknowledged) the submission ``case_id``."""
    try:
        outbox.get(case_id)
    except SubmissionNotFound:
        return False
    return True


def outbox_has_case(terminal: Terminal) -> Any:
    """``has_case(case_id)``: is this submission in the running outbox (any state)?"""

    def has_case(case_id: str) -> bool:
        submitter = terminal.services.get("submitter")
        outbox = getattr(submitter, "outbox", None)
        if outbox is None:
            raise PaymentError("outbox unavailable: cannot tell whether a paid case is there")
        return outbox_holds(outbox, case_id)

    return has_case


def attach_payments(terminal: Terminal) -> None:
    config = terminal.config
    try:
        terminal.services["fees"] = load_fee_schedule(config.data_file(config.payments.fees_path))
    except PaymentError as e:
        terminal.problems.append(StartupProblem("fees", e.detail))
    try:
        runtime = build_runtime(config)
        if runtime is not None:
            terminal.services["payments"] = runtime.start(outbox_has_case(terminal))
    except PaymentError as e:
        log.error("payments unavailable: %s", e.detail)
        terminal.problems.append(StartupProblem("payments", e.detail))
    except Exception as e:  # a bug must not crash-loop the terminal
        log.exception("payments could not start")
        terminal.problems.append(StartupProblem("payments", f"not started: {e!r}"))


def pending_slip_elements(rec: OrderRecord, kiosk_name: str, kiosk_id: str) -> list[Element]:
    """缴费凭条 of a paid case that could not be submitted (paid-pending): what happens next."""
    when = dt.datetime.fromtimestamp(rec.paid_at or rec.created_at).strftime("%Y-%m-%d %H:%M")
    els: list[Element] = [
        Text(kiosk_name, Align.CENTER),
        Text("缴费凭条", Align.CENTER, bold=True, double=True),
        Rule(),
        Pair("收费项目：", rec.subject),
        Pair("缴费金额：", f"{yuan(rec.charged_fen or rec.amount_fen)} 元"),
        Pair("支付订单：", rec.order_no),
        Pair("缴费时间：", when),
        Pair("终端编号：", kiosk_id),
    ]
    if rec.einvoice_no:
        els.append(Pair("电子票据：", rec.einvoice_no))
    els += [
        Rule(),
        Text("您已缴费，但申请未能提交。", bold=True),
        Text("请凭本凭条到窗口办理，无需再次缴费。"),
        Text("如未办理，费用将原路退回。"),
    ]
    if rec.einvoice_url:
        els += [QrCode(rec.einvoice_url), Text("扫码查验财政电子票据", Align.CENTER)]
    els += [Text("咨询电话：12345", Align.CENTER), Feed(1), Cut()]
    return els


def print_pending_slip(terminal: Terminal, rec: OrderRecord) -> str | None:
    """Print the paid-pending slip on the receipt printer; None, or why it did not print."""
    printer: Any = terminal.devices.get("receipt_printer")
    if printer is None:
        return "凭条打印机未配置"
    cfg = terminal.config
    from kiosk.devices.factories.receipt_printer import receipt_profile

    profile = receipt_profile(cfg.devices.receipt_printer, cfg)
    try:
        rendered = render(pending_slip_elements(rec, cfg.kiosk.name, cfg.kiosk.id), profile)
        printer.print_job(rendered.data, rec.order_no)
    except DeviceError as e:
        log.warning("payment slip not printed: %s", e.detail)
        return e.resident_message
    return None

"""The fee step through the real UI in --demo: the reference gateway on 127.0.0.1, the
payment code through the serial scanner emulator, the case into the outbox, then the
wipe. No trace of the resident is left, and the money is accounted for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.payments.machine import OrderState
from kiosk.session.machine import SessionState as S
from kiosk.ui.controllers.payment import PayPage
from kiosk.ui.core_texts import shown
from kiosk.ui.walkthrough import steps
from kiosk.ui.walkthrough.harness import Display, demo_ui
from offline_queue.server.db import read_submission_body
from tests.ui.test_full_flow import (
    ID_NUMBER,
    NAME,
    assert_no_trace,
    assert_nothing_on_disk,
    visible_texts,
)
from tests.ui.test_layout_matrix import wholly_shown

SERVICE = "JT-JSZ-HZ"


@pytest.fixture
def wt(qapp: Any, tmp_path: Path) -> Any:
    with demo_ui(tmp_path / "shots") as wt:
        yield wt


def to_payment(wt: Any) -> Any:
    steps.identify_with_card(wt)
    ui, session = wt.ui, wt.terminal.session
    ui.service.choose_service(SERVICE)
    tomorrow = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    session.data.form_values.update({"phone": "13800138000", "date": tomorrow})
    session.go(S.REVIEW)
    review = wt.ui.window.screens[S.REVIEW]
    review.on_enter()
    assert "机动车驾驶证工本费" in visible_texts(review) and "10.00" in visible_texts(review)
    assert "70周岁及以上老年人" in visible_texts(review)  # who is exempt, on the review
    ui.service.confirm_submit()
    steps.expect(wt, S.PAYMENT)
    pay = ui.service.payment
    assert pay.view.page == PayPage.SUMMARY and pay.view.amount_fen == 1000
    return pay


def journal(wt: Any) -> Any:
    return wt.terminal.services["payments"].journal


def test_payment_code_paid_submitted_and_wiped(wt: Any) -> None:
    pay = to_payment(wt)
    pay.pay_by_code()
    assert pay.view.page == PayPage.SHOW_CODE
    qr = wt.terminal.devices.extras["qr_emulator"]
    qr.scan("https://example.com/not-a-payment-code")  # a foreign code: refused, no order
    assert wt.wait_for(lambda: "付款码" in shown(pay.view.message), 10)
    assert journal(wt).all() == []
    qr.scan(wt.terminal.devices.extras["demo_phone"].payment_code())
    assert wt.wait_for(lambda: pay.view.page == PayPage.PAID, 20), pay.view
    wt.shot("payment-paid")
    pay.continue_after_paid()
    steps.expect(wt, S.RESULT, 30)
    data = wt.terminal.session.data
    assert "10.00" in data.result.extra["payment"]
    (rec,) = journal(wt).all()
    assert rec.state == OrderState.SUBMITTED and rec.case_id == data.result.submission_id
    # The case reached the platform under the id journaled first, carrying the payment.
    platform = wt.terminal.services["demo_platform"]
    submitter = wt.terminal.services["submitter"]
    assert wt.wait_for(lambda: submitter.stats().unsent == 0, 20)
    body = read_submission_body(platform.server.settings.db_path, rec.case_id)
    assert body is not None, "the paid case is not on the platform"
    paid = body["form"]["payment"]
    assert paid["order_no"] == rec.order_no and paid["amount_fen"] == 1000 and paid["einvoice_no"]
    steps.rating_and_goodbye(wt)
    assert_no_trace(wt)
    assert_nothing_on_disk(wt)  # the payment journal included: no name, ID number
    from tests.disk_scan import scan

    data_dir = wt.terminal.config.resolved_paths.data_dir
    journal_db = data_dir / "payments" / "payments.db"
    assert journal_db.exists()
    hits = scan([data_dir / "payments"], ["13800138000", NAME, ID_NUMBER], lambda _f: False)
    assert hits.hits == [] and hits.checked >= 1, hits.hits  # nor the phone of the form
    # The technician's reconciliation panel: today's bill against the journal.
    from screens.payment_reconcile import ReconcilePanel

    panel = ReconcilePanel(wt.ui.technician)
    panel.reconcile_today()
    assert wt.wait_for(lambda: "账目一致" in panel.summary.text(), 20), panel.summary.text()
    assert "未结订单：0" in panel.open_orders.text()


@pytest.fixture
def elderly_wt(qapp: Any, tmp_path: Path) -> Any:
    """The smallest supported screen in elderly mode (issue 16's hardest case)."""
    with demo_ui(tmp_path / "shots", display=Display(1366, 768, True, "zh_CN")) as wt:
        yield wt


def assert_shown(wt: Any, *names: str) -> None:
    """Each named widget of the payment screen lies wholly on the 1366x768 window."""
    window = wt.ui.window
    screen = window.screens[S.PAYMENT]
    QApplication.processEvents()
    for name in names:
        ok, why = wholly_shown(getattr(screen, name), window)
        assert ok, f"{name}: {why}"


def test_order_qr_cancel_then_paid_and_refunded_then_walk_away(elderly_wt: Any) -> None:
    wt = elderly_wt
    pay = to_payment(wt)
    assert_shown(wt, "qr_btn", "code_btn", "cancel_btn")
    phone = wt.terminal.devices.extras["demo_phone"]
    # 1. An order QR, cancelled: closed, nothing charged, back on the review.
    pay.pay_by_qr()
    assert wt.wait_for(lambda: pay.view.page == PayPage.QR and pay.view.code_url, 20)
    screen = wt.ui.window.screens[S.PAYMENT]
    assert screen.qr.pixmap() is not None and not screen.qr.pixmap().isNull()
    assert wt.wait_for(lambda: pay.view.seconds_left > 0, 5)
    wt.shot("payment-qr")
    assert_shown(wt, "cancel_btn", "countdown", "qr")
    pay.cancel()
    steps.expect(wt, S.REVIEW, 20)
    first = journal(wt).all()[0]
    assert wt.wait_for(lambda: journal(wt).get(first.order_no).state == OrderState.CLOSED, 10)
    # 2. Paid by the phone, then "cancel and refund" on the paid page.
    wt.ui.service.confirm_submit()
    pay.pay_by_qr()
    assert wt.wait_for(lambda: pay.view.page == PayPage.QR and pay.view.code_url, 20)
    assert phone.pay_qr(pay.view.code_url) == 200
    assert wt.wait_for(lambda: pay.view.page == PayPage.PAID, 20), pay.view
    assert_shown(wt, "continue_btn", "cancel_btn", "message")
    pay.cancel()
    assert wt.wait_for(lambda: pay.view.page == PayPage.REFUNDED, 20), pay.view
    message = wt.ui.window.screens[S.PAYMENT].message
    assert "已原路退回" in message.text()
    # A language switch on this page retranslates the controller's message too.
    wt.ui.window._switch_language("en")
    wt.pump()
    assert "has been refunded to your payment account" in message.text(), message.text()
    assert "10.00" in message.text()
    wt.ui.window._switch_language("zh_CN")
    wt.pump()
    assert "已原路退回" in message.text()
    assert_shown(wt, "retry_btn", "message")
    # The payment-code prompt fits too; its cancel makes no order.
    pay.back_to_review()
    steps.expect(wt, S.REVIEW)
    wt.ui.service.confirm_submit()
    pay.pay_by_code()
    assert_shown(wt, "instruction", "countdown", "cancel_btn")
    pay.cancel()
    steps.expect(wt, S.REVIEW)
    # 3. A third order QR, then the resident walks away (exit): the order is closed.
    wt.ui.service.confirm_submit()
    pay.pay_by_qr()
    assert wt.wait_for(lambda: pay.view.page == PayPage.QR and pay.view.code_url, 20)
    third = pay.view.order_no
    wt.ui.ctl.exit()
    assert wt.wait_for(lambda: journal(wt).get(third).state == OrderState.CLOSED, 20)
    states = sorted(r.state.value for r in journal(wt).all())
    assert states == ["closed", "closed", "refunded"]
    assert_no_trace(wt)


def test_submission_failing_after_payment_keeps_it_paid_pending_with_a_slip(wt: Any) -> None:
    """on_submit_failure = "paid_pending": the case cannot be stored after payment (no
    outbox), the resident is told so, and the slip comes out of the receipt printer."""
    from dataclasses import replace

    rt = wt.terminal.services["payments"]
    rt.flow.settings = replace(rt.flow.settings, on_submit_failure="paid_pending")
    pay = to_payment(wt)
    printer = wt.terminal.devices.extras["receipt_emulator"]
    before = len(printer.receipts)
    pay.pay_by_code()
    wt.terminal.devices.extras["qr_emulator"].scan(
        wt.terminal.devices.extras["demo_phone"].payment_code()
    )
    assert wt.wait_for(lambda: pay.view.page == PayPage.PAID, 20), pay.view
    submitter = wt.terminal.services.pop("submitter")  # the outbox goes away after payment
    try:
        pay.continue_after_paid()
        steps.expect(wt, S.RESULT, 30)
    finally:
        wt.terminal.services["submitter"] = submitter
    result = wt.terminal.session.data.result
    assert result.headline == "已缴费，申请待工作人员办理" and not result.print_failed, result
    (rec,) = journal(wt).all()
    assert rec.state == OrderState.PAID_PENDING
    slips = printer.wait_for_receipts(before + 1, timeout=20)
    slip = slips[-1].text.replace(" ", "")
    assert "缴费凭条" in slip and rec.order_no in slip and "无需再次缴费" in slip


class _Jumped:
    """The session's monotonic clock, pushed forward at will (the order's own countdown
    and the gateway keep real time)."""

    def __init__(self, real: Any) -> None:
        self.real, self.offset = real, 0.0

    def monotonic(self) -> float:
        return float(self.real.monotonic()) + self.offset


def test_idle_timer_paused_while_pending_but_bounded(wt: Any) -> None:
    pay = to_payment(wt)
    pay.pay_by_qr()
    assert wt.wait_for(lambda: pay.view.page == PayPage.QR and pay.view.code_url, 20)
    no = pay.view.order_no
    session = wt.terminal.session
    clock = session.clock = _Jumped(session.clock)
    cfg = session.config
    clock.offset = cfg.idle_timeout_s + 5  # idle long enough to end a session, but busy
    wt.wait_for(lambda: False, 1.0)  # a few 250 ms ticks
    assert session.state == S.PAYMENT and session.idle_seconds() < cfg.idle_timeout_s
    clock.offset = cfg.busy_max_s + cfg.idle_timeout_s + 5  # past the bound: the wipe
    assert wt.wait_for(lambda: session.state in (S.GOODBYE, S.ATTRACT), 20), session.state
    assert wt.wait_for(lambda: journal(wt).get(no).state == OrderState.CLOSED, 20)
    assert_no_trace(wt)

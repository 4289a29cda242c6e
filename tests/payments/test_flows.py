"""Both ways to pay, cancel, refund, deliver and recover — over real HTTP, with each fault."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import httpx
import pytest

from department_servers.payments.runner import GatewayThread
from kiosk.payments.errors import ForeignPaymentCode, GatewayDown, GatewayRefused
from kiosk.payments.flow import MISMATCH
from kiosk.payments.gateway_client import GatewayClient, SignatureVerifier
from kiosk.payments.machine import OrderState as S
from tests.payments.conftest import ALIPAY_CODE, MCHID, UNIONPAY_CODE, Keys, PayRig

FEE = ("JT-JSZ-HZ", 1000, "机动车驾驶证工本费")


def pay(rig: PayRig, code: str | None = None, ref: str = "sess-1"):  # type: ignore[no-untyped-def]
    svc, fen, subject = FEE
    return rig.flow.pay_with_code(svc, fen, subject, ref, next(rig.codes) if code is None else code)


def charges(rig: PayRig, no: str) -> int:
    o = rig.provider_order(no)
    return 0 if o is None else int(o["charges"])


# --- flow b: the payment code -----------------------------------------------------------


def test_payment_code_paid_at_once_and_delivered(rig: PayRig) -> None:
    rec = pay(rig)
    assert rec.state == S.PAID and rec.charged_fen == 1000 and rec.provider == "wechat"
    assert rec.einvoice_no.startswith("3502") and rec.provider_txn
    events = [e.event for e in rig.journal.events(rec.order_no)]
    assert events[:2] == ["create", "provider_paid"]  # journaled before the request went out
    rec = rig.flow.deliver(rec.order_no, lambda case_id: f"ACC-{case_id[-6:]}")
    assert rec.state == S.SUBMITTED and rec.acceptance_no.startswith("ACC-") and rec.case_id
    assert charges(rig, rec.order_no) == 1


@pytest.mark.parametrize("code", [ALIPAY_CODE, UNIONPAY_CODE])
def test_other_providers_codes_are_charged(rig: PayRig, code: str) -> None:
    rec = pay(rig, code)
    assert rec.state == S.PAID
    assert rec.provider == ("alipay" if code == ALIPAY_CODE else "unionpay")


@pytest.mark.parametrize(
    "raw",
    ["", "hello", "https://zwfw.example.gov.cn/track?s=1", "1612345678901234567",
     "12345678901234567", "24123456789012345", "6212345678", "31123456789012345678",
     "１３４５６７８９０１２３４５６７８９"],
)  # fmt: skip
def test_foreign_codes_are_refused_before_any_order(rig: PayRig, raw: str) -> None:
    before = rig.provider_order_count()
    with pytest.raises(ForeignPaymentCode) as e:
        pay(rig, raw)
    assert "付款码" in e.value.resident_message
    assert rig.journal.all() == []
    assert rig.provider_order_count() == before


def test_user_paying_is_queried_until_paid(rig: PayRig) -> None:
    rig.set_faults(userpaying_polls=3, userpaying_outcome="SUCCESS")
    rec = pay(rig)
    assert rec.state == S.AWAITING
    rec = rig.flow.settle(rec.order_no)
    assert rec.state == S.PAID and charges(rig, rec.order_no) == 1


def test_user_paying_that_never_confirms_is_cancelled(
    tmp_path: Path, keys: Keys, gateway: GatewayThread
) -> None:
    rig = PayRig(tmp_path, keys, gateway=gateway, micropay_wait_s=0.5)
    try:
        rig.set_faults(userpaying_polls=10**6, userpaying_outcome="STAY")
        rec = rig.flow.settle(pay(rig).order_no)
        assert rec.state == S.CLOSED
        o = rig.provider_order(rec.order_no)
        assert o is not None and o["state"] == "REVOKED" and o["charges"] == 0
    finally:
        rig.close()


def test_user_paying_then_declined(rig: PayRig) -> None:
    rig.set_faults(userpaying_polls=2, userpaying_outcome="PAYERROR")
    rec = rig.flow.settle(pay(rig).order_no)
    assert rec.state == S.FAILED and charges(rig, rec.order_no) == 0


@pytest.mark.parametrize(
    "fault",
    [
        {"delay_after_commit_s": 1.5, "notify": False},  # charged, the answer too late (1 s)
        {"drop_after_commit": 1.0, "notify": False},  # charged, the connection dropped
    ],
    ids=["timeout_after_charging", "dropped_after_commit"],
)
def test_lost_answer_after_charging_is_queried_not_repaid(
    rig: PayRig, fault: dict[str, object]
) -> None:
    rig.set_faults(**fault)
    rec = pay(rig)
    assert rec.state == S.UNKNOWN
    rig.set_faults()
    rec = rig.flow.settle(rec.order_no)
    assert rec.state == S.PAID and charges(rig, rec.order_no) == 1


def test_5xx_then_nothing_there_is_closed_for_good(rig: PayRig) -> None:
    rig.set_faults(fail_rate=1.0)
    rec = pay(rig)
    assert rec.state == S.UNKNOWN
    rig.set_faults()
    rec = rig.flow.settle(rec.order_no, wait_s=0.2)
    assert rec.state == S.CLOSED
    o = rig.provider_order(rec.order_no)
    assert o is not None and o["state"] == "REVOKED"  # a late request cannot charge now


def test_payer_declined(rig: PayRig) -> None:
    rig.set_faults(payer_declines=True)
    with pytest.raises(GatewayRefused) as e:
        pay(rig)
    assert "未扣款" in e.value.resident_message
    (rec,) = rig.journal.all()
    assert rec.state == S.FAILED and charges(rig, rec.order_no) == 0


def test_reused_payment_code_refused(rig: PayRig) -> None:
    # (the gateway, shared by the module, refuses a code any earlier test used too)
    code = next(rig.codes)
    assert pay(rig, code).state == S.PAID
    with pytest.raises(GatewayRefused) as e:
        pay(rig, code, ref="sess-2")
    assert e.value.code == "AUTH_CODE_INVALID"


def test_gateway_down_at_order_time(tmp_path: Path, rig: PayRig, keys: Keys) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"  # bound, never listening
        rig.flow.client = GatewayClient(
            dead, MCHID, keys.merchant, SignatureVerifier("RSA2", keys.gateway_pub_pem)
        )
        with pytest.raises(GatewayDown) as e:
            pay(rig)
        with pytest.raises(GatewayDown):
            rig.flow.open_order_qr(*FEE, "sess-2")
    assert "未扣款" in e.value.resident_message
    assert {r.state for r in rig.journal.all()} == {S.FAILED}


def test_gateway_down_after_charging_then_recovered_and_refunded(rig: PayRig) -> None:
    rig.set_faults(delay_after_commit_s=1.5, notify=False)
    rec = pay(rig)
    assert rec.state == S.UNKNOWN
    rig.set_faults(down=True)
    rec = rig.flow.settle(rec.order_no, wait_s=0.3)
    assert rec.state == S.UNKNOWN  # never guessed
    rig.flow.release(rec.order_no)  # the resident has gone
    rig.set_faults()
    report = rig.flow.recover(has_case=lambda _c: False)
    assert report.looked_at == 1 and not report.still_open
    rec = rig.journal.get(rec.order_no)
    assert rec.state == S.REFUNDED
    o = rig.provider_order(rec.order_no)
    assert o is not None and o["charges"] == 1 and o["refunded_fen"] == 1000


@pytest.mark.parametrize("faults", [{"amount_delta_fen": 1}, {"currency_override": "USD"}])
def test_amount_or_currency_mismatch_is_refunded(rig: PayRig, faults: dict[str, object]) -> None:
    rig.set_faults(**faults)
    rec = pay(rig)
    assert rec.state == S.REFUNDED and rec.last_error.startswith(MISMATCH)
    o = rig.provider_order(rec.order_no)
    assert o is not None and o["refunded_fen"] == o["payer_total_fen"] > 0
    with pytest.raises(Exception, match="cannot be delivered"):
        rig.flow.deliver(rec.order_no, lambda c: "x")


# --- flow a: the order QR ---------------------------------------------------------------


def test_order_qr_paid_learnt_from_notification(rig: PayRig) -> None:
    rec = rig.flow.open_order_qr(*FEE, "sess-1")
    assert rec.state == S.AWAITING and rec.code_url
    assert rig.scan_qr(rec.code_url).status_code == 200
    rig.wait_for(lambda: rig.journal.get(rec.order_no).state == S.PAID)
    notes = [e.note for e in rig.journal.events(rec.order_no) if e.event == "provider_paid"]
    assert notes == ["paid"]
    assert rig.flow.poll(rec.order_no).state == S.PAID  # the query is now stale


def test_order_qr_paid_learnt_by_polling_without_notification(rig: PayRig) -> None:
    rig.set_faults(notify=False)
    rec = rig.flow.open_order_qr(*FEE, "sess-1")
    rig.scan_qr(rec.code_url).raise_for_status()
    assert rig.journal.get(rec.order_no).state == S.AWAITING
    assert rig.flow.settle(rec.order_no, wait_s=10).state == S.PAID


def test_precreate_answer_lost_is_asked_again_idempotently(rig: PayRig) -> None:
    rig.set_faults(drop_after_commit=1.0)
    with pytest.raises(GatewayDown):
        rig.flow.open_order_qr(*FEE, "sess-1")
    (rec,) = rig.journal.all()
    assert rec.state == S.UNKNOWN  # closing failed too (every POST drops): left to recovery
    rig.set_faults()
    rig.flow.recover(has_case=lambda _c: False)
    assert rig.journal.get(rec.order_no).state == S.CLOSED


def test_duplicate_and_out_of_order_notifications_change_nothing(rig: PayRig) -> None:
    rig.set_faults(notify_duplicates=3, notify_delay_s=0.5)
    rec = rig.flow.open_order_qr(*FEE, "sess-1")
    rig.scan_qr(rec.code_url).raise_for_status()
    rec = rig.flow.poll(rec.order_no)  # the query wins the race
    assert rec.state == S.PAID
    rec = rig.flow.refund(rec.order_no, "resident cancelled")
    assert rec.state == S.REFUNDED
    # The payment's notifications (4 copies) now arrive after the refund's.
    rig.wait_for(
        lambda: (
            sum('"TRANSACTION.SUCCESS"' in n["body"] for n in rig.sent_notifications(rec.order_no))
            >= 4
        )
    )
    rig.wait_for(lambda: sum(e.stale for e in rig.journal.events(rec.order_no)) >= 1)
    assert rig.journal.get(rec.order_no).state == S.REFUNDED
    paid_events = [e for e in rig.journal.events(rec.order_no) if e.event == "provider_paid"]
    assert sum(not e.stale for e in paid_events) == 1
    assert charges(rig, rec.order_no) == 1


def test_forged_notification_is_refused_and_the_query_settles(rig: PayRig) -> None:
    rig.set_faults(notify_forged=True)
    rec = rig.flow.open_order_qr(*FEE, "sess-1")
    rig.scan_qr(rec.code_url).raise_for_status()
    rig.wait_for(lambda: len(rig.sent_notifications(rec.order_no)) >= 2)  # refused, so resent
    assert rig.journal.get(rec.order_no).state == S.AWAITING
    assert rig.flow.poll(rec.order_no).state == S.PAID


def test_forged_body_with_a_real_signature_is_refused(rig: PayRig) -> None:
    rec = rig.flow.open_order_qr(*FEE, "sess-1")
    rig.set_faults(notify=False)
    rig.scan_qr(rec.code_url).raise_for_status()
    rig.set_faults()
    other = rig.flow.open_order_qr(*FEE, "sess-2")
    rig.scan_qr(other.code_url).raise_for_status()
    rig.wait_for(lambda: len(rig.sent_notifications(other.order_no)) >= 1)
    real = rig.sent_notifications(other.order_no)[0]
    body = real["body"].replace(other.order_no, rec.order_no)  # the other order's signature
    r = httpx.post(rig.rx.url, content=body.encode(), headers=real["headers"], trust_env=False)
    assert r.status_code == 400
    assert rig.journal.get(rec.order_no).state == S.AWAITING


def test_replayed_notification_changes_nothing(rig: PayRig) -> None:
    rec = rig.flow.open_order_qr(*FEE, "sess-1")
    rig.scan_qr(rec.code_url).raise_for_status()
    rig.wait_for(lambda: rig.journal.get(rec.order_no).state == S.PAID)
    rig.flow.deliver(rec.order_no, lambda c: "ACC-1")
    sent = rig.sent_notifications(rec.order_no)[0]
    before = len(rig.journal.events(rec.order_no))
    r = httpx.post(
        rig.rx.url, content=sent["body"].encode(), headers=sent["headers"], trust_env=False
    )
    assert r.status_code == 400  # same nonce inside the window: a replay
    assert len(rig.journal.events(rec.order_no)) == before
    assert rig.journal.get(rec.order_no).state == S.SUBMITTED


def test_cancelled_qr_is_closed_and_cannot_be_paid(rig: PayRig) -> None:
    rec = rig.flow.open_order_qr(*FEE, "sess-1")
    assert rig.flow.cancel(rec.order_no, "resident cancelled").state == S.CLOSED
    assert rig.scan_qr(rec.code_url).status_code == 409


def test_cancel_after_paying_refunds(rig: PayRig) -> None:
    rig.set_faults(notify=False)
    rec = rig.flow.open_order_qr(*FEE, "sess-1")
    rig.scan_qr(rec.code_url).raise_for_status()
    rec = rig.flow.cancel(rec.order_no, "resident walked away")
    assert rec.state == S.REFUNDED
    assert json.loads(json.dumps(rig.provider_order(rec.order_no)))["refunded_fen"] == 1000


# --- after payment: the case -------------------------------------------------------------


def _boom(_case_id: str) -> str:
    raise OSError("outbox full")


def test_failed_submission_is_refunded(rig: PayRig) -> None:
    rec = rig.flow.deliver(pay(rig).order_no, _boom)
    assert rec.state == S.REFUNDED and rec.refund_reason == "case could not be submitted"


def test_failed_submission_paid_pending_when_configured(
    tmp_path: Path, keys: Keys, gateway: GatewayThread
) -> None:
    rig = PayRig(tmp_path, keys, gateway=gateway, on_submit_failure="paid_pending")
    try:
        rec = rig.flow.deliver(pay(rig).order_no, _boom)
        assert rec.state == S.PAID_PENDING and charges(rig, rec.order_no) == 1
        rig.flow.release(rec.order_no)
        # Recovery leaves it for staff (within the refund deadline)...
        assert rig.flow.recover(lambda _c: False).still_open == []
        assert rig.journal.get(rec.order_no).state == S.PAID_PENDING
    finally:
        rig.close()


def test_recovery_finds_a_delivered_case_in_the_outbox(rig: PayRig) -> None:
    rec = pay(rig)
    case = {}

    def submit_then_crash(case_id: str) -> str:
        case["id"] = case_id
        raise SystemExit("crash after enqueue")  # the journal never hears "submitted"

    with pytest.raises(SystemExit):
        rig.flow.deliver(rec.order_no, submit_then_crash)
    rig.flow.release(rec.order_no)
    rig.flow.recover(has_case=lambda c: c == case["id"])
    assert rig.journal.get(rec.order_no).state == S.SUBMITTED
    assert rig.provider_order(rec.order_no)["refunded_fen"] == 0  # type: ignore[index]


# --- signatures and clocks ---------------------------------------------------------------


def test_sm2_signed_gateway(tmp_path: Path, keys: Keys) -> None:
    rig = PayRig(tmp_path, keys, sign_type="SM2")
    try:
        rec = rig.flow.open_order_qr(*FEE, "sess-1")
        rig.scan_qr(rec.code_url).raise_for_status()
        rig.wait_for(lambda: rig.journal.get(rec.order_no).state == S.PAID)
        assert rig.sent_notifications(rec.order_no)[0]["headers"]["Pay-Signature-Type"] == "SM2"
        assert pay(rig).state == S.PAID
    finally:
        rig.close()


def test_clock_jump_while_pending_still_settles(rig: PayRig, keys: Keys) -> None:
    """The terminal's wall clock jumps an hour: signed notifications look stale and are
    refused, but the query (monotonic schedule) settles the order all the same."""
    jumped = SignatureVerifier("RSA2", keys.gateway_pub_pem, clock=lambda: 4e9)
    rig.flow.notify_verifier = jumped
    rec = rig.flow.open_order_qr(*FEE, "sess-1")
    rig.scan_qr(rec.code_url).raise_for_status()
    rig.wait_for(lambda: len(rig.sent_notifications(rec.order_no)) >= 2)
    assert rig.journal.get(rec.order_no).state == S.AWAITING
    assert rig.flow.settle(rec.order_no, wait_s=10).state == S.PAID


def test_notification_during_a_lost_answer_settles_it(rig: PayRig) -> None:
    """The answer to micropay is held back, the notification comes first: paid, once."""
    rig.set_faults(delay_after_commit_s=1.5)
    rec = pay(rig)
    assert rec.state == S.PAID and charges(rig, rec.order_no) == 1

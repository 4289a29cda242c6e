"""Submitting an application and printing its result (runs on a worker thread).

Order matters and is what makes "nothing lost" true: the submission is written
durably to the outbox *before* anything is printed or shown as submitted; the
platform is then given a short chance to accept it at once (so an online case
gets its official acceptance number on the receipt); printing comes last, and a
print failure never loses the submission — the resident is told where to get
the result instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any, Protocol

from kiosk.errors import KioskError
from kiosk.services.catalog import Service
from kiosk.services.rating import RatingLevel
from kiosk.services.rules import Outcome, Plan
from kiosk.session.machine import SessionData

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutgoingAttachment:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class SubmitReceipt:
    submission_id: str
    #: The platform's acceptance number if it accepted at once, else None (queued).
    acceptance_number: str | None


class Submitter(Protocol):
    """The outbox + sync facade the flow needs."""

    def check_capacity(self, expected_bytes: int) -> None: ...

    def submit(
        self,
        service_code: str,
        form: dict[str, Any],
        applicant: dict[str, Any],
        attachments: list[OutgoingAttachment],
        submission_id: str | None = None,
    ) -> SubmitReceipt: ...


class ResultPrinter(Protocol):
    """Prints certificates and receipts; returns None on success or a reason."""

    def print_certificate(self, template: str, data: dict[str, Any]) -> str | None: ...

    def print_receipt(self, template: str, data: dict[str, Any]) -> str | None: ...


class SubmissionUnavailable(KioskError):
    resident_message = "系统暂时无法受理，请稍后再试或到窗口办理。"


@dataclass
class SubmitResult:
    outcome: Outcome
    headline: str
    detail: str = ""
    acceptance_number: str | None = None
    submission_id: str | None = None
    certificate_number: str | None = None
    print_note: str = ""
    print_failed: bool = False
    #: The number is the terminal's own until the platform assigns one (offline).
    provisional: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def local_acceptance_number(submission_id: str, kiosk_id: str) -> str:
    """A number printed on an offline receipt until the platform assigns its own.

    It is derived from the submission id, so the platform and any terminal can map
    it back (the receipt QR carries the submission id too) — through a hash: the id
    is the case-read token, and this number is printed, shown and logged in clear.
    """
    digest = hashlib.sha256(submission_id.encode()).hexdigest()[:10].upper()
    return f"L{kiosk_id.replace('-', '')[-6:]}{digest}"


def applicant_of(data: SessionData) -> dict[str, Any]:
    identity = data.identity
    if identity is None:
        return {}
    return identity.to_dict(show_personal_data=True)


def run_submission(
    submitter: Submitter | None,
    terminal: Any,
    service: Service,
    data: SessionData,
    decided: Plan,
    *,
    payment: dict[str, Any] | None = None,
    submission_id: str | None = None,
) -> SubmitResult:
    """Store, send and print. Called on a worker thread; never raises for print faults.

    A paid case (issue 20) carries ``payment`` (amount, order number, e-receipt) in
    the case and on the receipt, and is stored under the ``submission_id`` the
    payment journal recorded first.
    """
    if submitter is None:
        raise SubmissionUnavailable("no submitter configured (outbox not available)")
    attachments = [
        OutgoingAttachment(a.label or a.kind, a.content_type, bytes(a.data))
        for a in data.attachments
    ]
    expected = sum(len(a.data) for a in attachments) + 16_384
    submitter.check_capacity(expected)
    form = {
        "values": dict(data.form_values),
        "outcome": str(decided.outcome),
        "session": data.session_id,
    }
    if payment is not None:
        form["payment"] = dict(payment)
    by_id = {"submission_id": submission_id} if submission_id else {}
    receipt = submitter.submit(service.code, form, applicant_of(data), attachments, **by_id)
    data.submission_id = receipt.submission_id
    kiosk_id = terminal.config.kiosk.id
    number = receipt.acceptance_number or local_acceptance_number(receipt.submission_id, kiosk_id)
    printer: ResultPrinter | None = terminal.services.get("printer")
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    identity = data.identity
    if decided.outcome == Outcome.APPROVED and decided.certificate:
        cert_data = {
            "name": identity.name if identity else "",
            "id_number": identity.id_number if identity else "",
            "address": identity.address if identity else "",
            "department": service.department,
            "values": dict(data.form_values),
            "acceptance_number": number,
            "service_name": service.name,
            "issued_at": now,
        }
        reason = (
            printer.print_certificate(decided.certificate, cert_data)
            if printer
            else "证明打印机未配置"
        )
        return SubmitResult(
            Outcome.APPROVED,
            "办理成功，证明已打印" if reason is None else "办理成功",
            f"{service.name}已即时办结。",
            number,
            receipt.submission_id,
            print_note="请在出纸口取走您的证明。"
            if reason is None
            else f"证明暂时无法打印（{reason}），可凭受理编号在任一终端扫码补打，或到窗口领取。",
            print_failed=reason is not None,
        )
    receipt_data = {
        "service_name": service.name,
        "acceptance_number": number,
        "submission_id": receipt.submission_id,
        "applicant_name": identity.name if identity else "",
        "applicant_id": identity.id_number if identity else "",
        "time": now,
        "kiosk_id": kiosk_id,
        "materials": [a.name for a in attachments if a.content_type != "image/png"],
        "time_limit": service.guide.time_limit,
        "queued": receipt.acceptance_number is None,
        "department": service.department,
        "approved": decided.outcome == Outcome.APPROVED,
    }
    if payment is not None:
        receipt_data["payment"] = dict(payment)
    reason = (
        printer.print_receipt("acceptance_receipt", receipt_data) if printer else "凭条打印机未配置"
    )
    queued = receipt.acceptance_number is None
    if decided.outcome == Outcome.APPROVED and queued:
        # Offline the application only sits in this terminal's outbox: never say
        # "办理成功" for it (issue 16, item 3).
        return SubmitResult(
            Outcome.QUEUED,
            "申请已保存在本终端，联网后自动提交",
            "网络暂不可用，申请尚未送达政务平台。它已加密保存在本终端，"
            "联网后自动提交，您无需再次办理；请保留凭条，凭临时编号查询进度。",
            number,
            receipt.submission_id,
            print_note=_print_note(reason, "请取走凭条。", "凭条", "请记下临时编号。"),
            print_failed=reason is not None,
            provisional=True,
        )
    if decided.outcome == Outcome.APPROVED:
        return SubmitResult(
            Outcome.APPROVED,
            "办理成功",
            f"{service.name}已即时办结。",
            number,
            receipt.submission_id,
            print_note=_print_note(reason, "请取走办结凭条。", "凭条", "请记下受理编号。"),
            print_failed=reason is not None,
        )
    detail = (
        "网络暂不可用，申请已安全保存在本机，联网后自动提交。"
        if queued
        else f"您的申请已提交，办理时限：{service.guide.time_limit}。"
    )
    if decided.reasons:
        detail += "（" + "；".join(decided.reasons) + "）"
    return SubmitResult(
        Outcome.QUEUED if decided.outcome != Outcome.QUERY else Outcome.QUERY,
        "申请已受理" if not queued else "申请已保存，联网后自动提交",
        detail,
        number,
        receipt.submission_id,
        print_note=_print_note(
            reason,
            "请取走受理回执，可扫描回执二维码查询进度。",
            "回执",
            "请记下受理编号，可在任一终端扫码或输入编号查询。",
        ),
        print_failed=reason is not None,
        provisional=queued,
    )


def _print_note(reason: str | None, printed: str, what: str, otherwise: str) -> str:
    """What the result screen says about the slip: take it, or why it is missing."""
    return printed if reason is None else f"{what}暂时无法打印（{reason}），{otherwise}"


def failure_result(error: BaseException) -> SubmitResult:
    message = (
        error.resident_message
        if isinstance(error, KioskError)
        else getattr(error, "resident_message", None)
        or "提交未能完成，您的信息未被保存，请重试或到窗口办理。"
    )
    return SubmitResult(Outcome.REFUSED, "提交未完成", str(message))


def record_rating(
    submitter: Submitter | None,
    terminal: Any,
    data: SessionData,
    level: RatingLevel,
    reasons: list[str],
) -> None:
    """Queue the rating bound to the case (one rating per transaction), no personal data."""
    if submitter is None or data.submission_id is None:
        return
    form = {
        "level": int(level),
        "label": level.label,
        "bad": level.is_bad,
        "reasons": reasons,
        "submission_id": data.submission_id,
        "acceptance_number": data.acceptance_number,
        "channel": "self_service_terminal",
    }
    try:
        submitter.submit("RATING", form, {}, [])
    except Exception:
        log.exception("rating could not be queued")

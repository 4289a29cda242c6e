"""Leaving a callback number when nobody answered: into the encrypted outbox, nowhere else.

The number is the resident's: it is validated, handed to the submitter (which writes
it durably and encrypted before this returns) and not kept, logged or shown again.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from kiosk.errors import KioskError

CALLBACK_SERVICE = "ASSIST-CALLBACK"

# Mainland mobiles (1[3-9] + 9 digits) or a landline with its area code (0 + 2–3 + 7–8 digits).
_PHONE = re.compile(r"1[3-9]\d{9}|0\d{2,3}\d{7,8}")


class CallbackRefused(KioskError):
    """The callback number could not be stored."""

    resident_message = "回电号码未能保存，请稍后再试或联系现场工作人员。"


class CallbackNumberInvalid(CallbackRefused):
    """The callback number is not a phone number."""

    resident_message = "请输入 11 位手机号码或带区号的固定电话。"


class Submitter(Protocol):
    """The part of the submission service a callback needs (kiosk.services provides it)."""

    def submit(
        self,
        service_code: str,
        form: dict[str, Any],
        applicant: dict[str, Any],
        attachments: list[Any],
    ) -> Any: ...


def normalise_phone(text: str) -> str:
    """Digits only, or :class:`CallbackNumberInvalid` (the number is never in the message)."""
    digits = re.sub(r"[\s-]", "", text)
    if not _PHONE.fullmatch(digits):
        raise CallbackNumberInvalid(f"callback number refused ({len(digits)} characters)")
    return digits


def leave_callback(submitter: Submitter, call_id: str, phone: str, service: str = "") -> str:
    """Store a callback request durably (blocking: run it off the UI thread); returns its id."""
    number = normalise_phone(phone)
    try:
        receipt = submitter.submit(
            CALLBACK_SERVICE, {"call_id": call_id, "service": service, "reason": "no_answer"},
            {"phone": number}, [],
        )  # fmt: skip
    except KioskError as exc:
        raise CallbackRefused(
            exc.detail, "回电号码未能保存，请稍后再试或联系现场工作人员。"
        ) from None
    return str(getattr(receipt, "submission_id", receipt))

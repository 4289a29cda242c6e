"""Checks of what the resident types for a courier order: name, mobile number, address line.

Each failure is its own exception class with a resident-safe message (what to fix)
and a technician detail that holds no personal data (only the rule broken).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kiosk.errors import KioskError

# Mainland mobile numbers: 11 digits, 1 then 3–9 (MIIT numbering plan, 13x–19x).
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# Chinese names (with the middle dot of minority names) or Latin letters and spaces.
_NAME_RE = re.compile(
    r"^(?:[\u3400-\u4dbf\u4e00-\u9fff\u00b7\u30fb]{2,20}|[A-Za-z][A-Za-z .'-]{1,39})$"
)


class InvalidRecipient(KioskError):
    """Something the resident typed for the courier is not usable."""


class InvalidName(InvalidRecipient):
    resident_message = "请填写收件人姓名（2至20个汉字，或英文姓名）。"


class InvalidMobile(InvalidRecipient):
    resident_message = "手机号码应为11位数字，以1开头，请核对。"


class InvalidDetail(InvalidRecipient):
    resident_message = "请填写详细地址（街道、门牌号），不超过60个字。"


class OutsideDeliveryArea(InvalidRecipient):
    resident_message = "该地址不在邮寄服务范围内，请选择其他地址或到窗口领取。"


@dataclass(frozen=True)
class Recipient:
    name: str
    mobile: str


def _clean(text: str) -> str:
    # Full-width digits and letters (a Chinese IME) are the same characters.
    return unicodedata.normalize("NFKC", text).strip()


def check_name(name: str) -> str:
    n = _clean(name)
    n = re.sub(r"\s+", " ", n)
    if not _NAME_RE.match(n):
        raise InvalidName(f"recipient name refused ({len(n)} characters, pattern)")
    return n


def check_mobile(mobile: str) -> str:
    m = re.sub(r"[\s-]", "", _clean(mobile))
    if m.startswith("+86"):
        m = m[3:]
    if not MOBILE_RE.match(m):
        raise InvalidMobile(f"mobile number refused ({len(m)} characters)")
    return m


def check_detail(detail: str) -> str:
    d = re.sub(r"\s+", " ", _clean(detail))
    if not 2 <= len(d) <= 60 or any(unicodedata.category(c).startswith("C") for c in d):
        raise InvalidDetail(f"address line refused ({len(d)} characters)")
    return d


def check_recipient(name: str, mobile: str) -> Recipient:
    return Recipient(check_name(name), check_mobile(mobile))

"""Payment codes (付款码) the resident shows to the scanner, as the providers document them.

* WeChat Pay: 18 digits starting 10–15 (10–14 mainland users, 15 Hong Kong users);
  pay.weixin.qq.com micropay ``auth_code``.
* Alipay: 16–24 digits starting 25–30 (opendocs.alipay.com, alipay.trade.pay
  ``auth_code``: "25~30开头的长度为16~24位的数字").
* UnionPay QuickPass (云闪付): 19 digits starting 62.

Anything else (a URL, an ID number, letters, a code of another length) is foreign
and refused before any order is made. The code is a one-time token: it is never
journaled or logged, only its provider and a masked form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from kiosk.payments.errors import ForeignPaymentCode


class Provider(StrEnum):
    WECHAT = "wechat"
    ALIPAY = "alipay"
    UNIONPAY = "unionpay"


PROVIDER_NAMES: dict[Provider, str] = {
    Provider.WECHAT: "微信支付",
    Provider.ALIPAY: "支付宝",
    Provider.UNIONPAY: "云闪付",
}

_FORMATS: tuple[tuple[Provider, re.Pattern[str]], ...] = (
    (Provider.WECHAT, re.compile(r"1[0-5]\d{16}")),
    (Provider.ALIPAY, re.compile(r"(?:2[5-9]|30)\d{14,22}")),
    (Provider.UNIONPAY, re.compile(r"62\d{17}")),
)


@dataclass(frozen=True)
class PaymentCode:
    """A recognised payment code. ``repr`` never shows the digits."""

    provider: Provider
    code: str

    def __repr__(self) -> str:
        return f"PaymentCode({self.provider.value}, {self.masked})"

    @property
    def masked(self) -> str:
        return f"{self.code[:2]}…{self.code[-2:]}"


def classify(raw: str) -> PaymentCode:
    """Recognise ``raw`` (as the scanner read it; surrounding blanks ignored).

    Raises :class:`ForeignPaymentCode` with a reason that shows no digits.
    """
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        raise ForeignPaymentCode("empty scan")
    if len(text) > 64:
        raise ForeignPaymentCode(f"scan of {len(text)} characters is no payment code")
    if not text.isascii() or not text.isdigit():
        raise ForeignPaymentCode(f"scan of {len(text)} characters is not all digits")
    for provider, pattern in _FORMATS:
        if pattern.fullmatch(text):
            return PaymentCode(provider, text)
    raise ForeignPaymentCode(
        f"{len(text)} digits starting {text[:2]} match no provider's payment code"
    )

"""Item codes (GB/T 39554.1-2020) and the implementing body's code, checked on arrival.

GB/T 39554.1-2020 codes an item twice: a **basic code** (基本编码) for the item in the
national basic directory, and an **implementation code** (实施编码) that adds who
implements it, which carries the region (GB/T 2260) and the department. We model:

* basic code, 12 digits: item type (2, :class:`ItemType`), sector (3, the
  department's number), main item (4), sub item (3);
* implementation code, 31 characters: the implementing body's unified social credit
  code (18, GB 32100-2015: registration body, kind, GB/T 2260 region, GB 11714
  organisation code with its check digit, check character) + the basic code (12) +
  the handling item (1).

The standard's text is not public, so the digit split inside the basic code is
ours; the credit code's check characters follow GB 32100 and GB 11714 exactly, so
a code mangled on the way (a wrong digit, a swapped pair) is refused on sync.
The terminal's local code (``code``, e.g. ``3501020012-XK-0001``: region + street +
department, type, sequence, as local rules do) stays what flows and receipts use.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache


class ItemType(StrEnum):
    """Item types of the implementation list: local two-letter code and national digits."""

    LICENSING = "XK"  # 行政许可
    CONFIRMATION = "QR"  # 行政确认
    BENEFIT = "JF"  # 行政给付
    PUBLIC_SERVICE = "GG"  # 公共服务
    OTHER = "QT"  # 其他行政权力

    @property
    def label(self) -> str:
        return _TYPE_LABELS[self]

    @property
    def digits(self) -> str:
        return _TYPE_DIGITS[self]


_TYPE_LABELS = {
    ItemType.LICENSING: "行政许可",
    ItemType.CONFIRMATION: "行政确认",
    ItemType.BENEFIT: "行政给付",
    ItemType.PUBLIC_SERVICE: "公共服务",
    ItemType.OTHER: "其他行政权力",
}
_TYPE_DIGITS = {
    ItemType.LICENSING: "01",
    ItemType.CONFIRMATION: "07",
    ItemType.BENEFIT: "04",
    ItemType.PUBLIC_SERVICE: "20",
    ItemType.OTHER: "10",
}

#: GB 32100-2015: the 31 characters of a credit code (no I, O, Z, S, V) and the weights.
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
#: GB 11714: organisation code weights over its 8 body characters.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

BASIC_CODE = re.compile(r"^\d{12}$")
IMPL_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}\d{13}$")
REGION = re.compile(r"^\d{6}$")


class CodeError(ValueError):
    """An item code does not have the structure or the check characters it must."""


def org_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = sum(_ORG_CHARS.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    c9 = 11 - total % 11
    return "X" if c9 == 10 else "0" if c9 == 11 else str(c9)


def credit_check(first17: str) -> str:
    """GB 32100 check character of the first 17 characters of a credit code."""
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


@lru_cache(maxsize=1024)  # a few dozen implementing bodies carry 2,000 items
def check_credit_code(code: str) -> str:
    """The region (GB/T 2260) a valid credit code carries; :class:`CodeError` otherwise."""
    if len(code) != 18 or any(c not in _CREDIT_CHARS for c in code):
        raise CodeError(f"credit code {code!r}: 18 characters of GB 32100's set expected")
    if org_check(code[8:16]) != code[16]:
        raise CodeError(f"credit code {code!r}: organisation code check digit is wrong")
    if credit_check(code[:17]) != code[17]:
        raise CodeError(f"credit code {code!r}: check character is wrong")
    return code[2:8]


def check_item_codes(basic_code: str, impl_code: str, item_type: ItemType, region: str) -> None:
    """Raise :class:`CodeError` unless the two codes agree with each other, type and region."""
    if not BASIC_CODE.fullmatch(basic_code):
        raise CodeError(f"basic code {basic_code!r}: 12 digits expected")
    if basic_code[:2] != item_type.digits:
        raise CodeError(
            f"basic code {basic_code!r}: type digits {basic_code[:2]} are not {item_type.label}"
        )
    if not IMPL_CODE.fullmatch(impl_code):
        raise CodeError(f"implementation code {impl_code!r}: 31 characters expected")
    if impl_code[18:30] != basic_code:
        raise CodeError(f"implementation code {impl_code!r} does not contain the basic code")
    body_region = check_credit_code(impl_code[:18])
    if region and body_region != region:
        raise CodeError(
            f"implementation code {impl_code!r}: implementing body is in {body_region}, item says {region}"
        )

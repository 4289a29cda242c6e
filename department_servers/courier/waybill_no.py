"""Waybill numbers in the UPU S10 form EMS uses: 2 letters, 8 digits, a check digit, "CN".

S10 check digit: weights 8 6 4 2 3 5 9 7 over the eight digits, sum mod 11,
11 − r; 10 → 0, 11 → 5.
"""

from __future__ import annotations

_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def check_digit(serial: str) -> int:
    if len(serial) != 8 or not serial.isdigit():
        raise ValueError("an S10 serial is 8 digits")
    r = 11 - sum(int(d) * w for d, w in zip(serial, _WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(r, r)


def waybill_number(seq: int, prefix: str = "EA") -> str:
    serial = f"{seq % 100_000_000:08d}"
    return f"{prefix}{serial}{check_digit(serial)}CN"


def is_valid(number: str) -> bool:
    if len(number) != 13 or not number[:2].isalpha() or number[11:] != "CN":
        return False
    serial, digit = number[2:10], number[10]
    return serial.isdigit() and digit.isdigit() and check_digit(serial) == int(digit)

"""Fees and exemptions as data; payment-code formats as the providers document them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.payments.codes import Provider, classify
from kiosk.payments.errors import FeeScheduleError, ForeignPaymentCode
from kiosk.payments.fees import birth_date_of, load_fee_schedule, whole_years, yuan

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 12, 2)


def test_shipped_schedule_keys_existing_services() -> None:
    import tomllib

    fees = load_fee_schedule(PROJECT_ROOT / "config" / "fees.toml")
    catalog = tomllib.loads((PROJECT_ROOT / "config" / "catalog.toml").read_text(encoding="utf-8"))
    codes = {s["code"] for s in catalog["services"]}
    assert fees.fees and {f.service for f in fees.fees} <= codes
    assert all(isinstance(f.amount_fen, int) for f in fees.fees)


def test_exemption_by_age_is_decided_from_the_birth_date() -> None:
    fees = load_fee_schedule(PROJECT_ROOT / "config" / "fees.toml")
    seventy_today = fees.assess("JT-JSZ-HZ", dt.date(1956, 12, 2), TODAY)
    sixty_nine = fees.assess("JT-JSZ-HZ", dt.date(1956, 12, 3), TODAY)
    assert seventy_today is not None and seventy_today.amount_fen == 0
    assert seventy_today.exempt_by is not None and seventy_today.exempt_by.id == "elderly_70"
    assert sixty_nine is not None and sixty_nine.amount_fen == 1000 and sixty_nine.exempt_by is None
    assert [r.id for r in sixty_nine.counter_rules] == ["dibao"]  # shown, checked at the counter
    unknown_age = fees.assess("JT-JSZ-HZ", None, TODAY)
    assert unknown_age is not None and unknown_age.amount_fen == 1000
    assert fees.assess("ZM-WFZJL", dt.date(1990, 1, 1), TODAY) is None  # no fee


@pytest.mark.parametrize(
    "body, why",
    [
        ('[[fees]]\nservice="A"\nitem="x"\namount_fen=10.5\nlegal_basis="b"\n', "amount_fen"),
        ('[[fees]]\nservice="A"\nitem="x"\namount_fen=0\nlegal_basis="b"\n', "amount_fen"),
        (
            '[[fees]]\nservice="A"\nitem="x"\namount_fen=100\nlegal_basis="b"\nexemptions=["nope"]\n',
            "unknown exemptions",
        ),
        (
            '[[fees]]\nservice="A"\nitem="x"\namount_fen=1\nlegal_basis="b"\n[[fees]]\nservice="A"\nitem="y"\namount_fen=2\nlegal_basis="b"\n',
            "two fee items",
        ),
        ('[[exemptions]]\nid="old"\nlabel="x"\nsource="age"\n', "age_at_least"),
        ("not toml [", "fee schedule"),
    ],
)
def test_bad_schedules_are_refused_with_the_reason(tmp_path: Path, body: str, why: str) -> None:
    p = tmp_path / "fees.toml"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(FeeScheduleError, match=why):
        load_fee_schedule(p)
    with pytest.raises(FeeScheduleError, match="not found"):
        load_fee_schedule(tmp_path / "missing.toml")


def test_money_and_ages_in_integers() -> None:
    assert [yuan(f) for f in (0, 1, 99, 100, 1000, 123456, -250)] == [
        "0.00", "0.01", "0.99", "1.00", "10.00", "1234.56", "-2.50",
    ]  # fmt: skip
    assert birth_date_of("350102195612020012") == dt.date(1956, 12, 2)
    assert birth_date_of("35010219561302001X") is None  # month 13
    assert birth_date_of("12345") is None
    assert whole_years(dt.date(2000, 2, 29), dt.date(2026, 2, 28)) == 25


@pytest.mark.parametrize(
    "code, provider",
    [
        ("101234567890123456", Provider.WECHAT),
        ("151234567890123456", Provider.WECHAT),
        ("2512345678901234", Provider.ALIPAY),
        ("301234567890123456789012", Provider.ALIPAY),
        ("6212345678901234567", Provider.UNIONPAY),
        ("  134567890123456789\r\n", Provider.WECHAT),
    ],
)
def test_payment_codes_recognised(code: str, provider: Provider) -> None:
    pc = classify(code)
    assert pc.provider == provider and pc.code == code.strip()
    assert pc.code not in repr(pc)  # never printed whole


@pytest.mark.parametrize(
    "code",
    ["", "161234567890123456", "09123456789012345678"[:18], "1312345678901234567",
     "251234567890123", "3012345678901234567890123", "311234567890123456",
     "621234567890123456", "62123456789012345678", "13456789012345678a", "x" * 100,
     "１３４５６７８９０１２３４５６７８９"],
)  # fmt: skip
def test_foreign_codes_refused_without_showing_them(code: str) -> None:
    with pytest.raises(ForeignPaymentCode) as e:
        classify(code)
    assert "付款码" in e.value.resident_message
    if len(code) > 4:
        assert code not in e.value.detail

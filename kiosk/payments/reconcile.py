"""Daily reconciliation: the provider's bill against the payment journal.

The bill (``GET /v3/bill/tradebill``) lists, for one China Standard Time day,
one ``PAY`` row per charge and one ``REFUND`` row per refund. The journal's side
is every order the provider charged that day (by the provider's own success
time, journaled with the payment) and every refund confirmed that day. Each
difference is one :class:`Mismatch`: missing locally (the provider took money
the journal does not know of — the worst kind), missing remotely, or an amount
that differs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from kiosk.payments.errors import PaymentError
from kiosk.payments.journal import Journal

CST = dt.timezone(dt.timedelta(hours=8))
BILL_HEADER = ("交易时间", "商户订单号", "支付订单号", "类型", "金额(分)", "退款单号")


class BillMalformed(PaymentError):
    """The provider's bill cannot be read."""

    resident_message = "对账单格式有误，请联系技术人员。"


class MismatchKind(StrEnum):
    MISSING_LOCALLY = "missing_locally"
    MISSING_REMOTELY = "missing_remotely"
    AMOUNT_DIFFERS = "amount_differs"


@dataclass(frozen=True)
class BillRow:
    time: str
    order_no: str
    transaction_id: str
    kind: str  # PAY | REFUND
    amount_fen: int
    refund_no: str


@dataclass(frozen=True)
class Mismatch:
    kind: MismatchKind
    what: str  # "payment" | "refund"
    order_no: str
    local_fen: int
    remote_fen: int

    def line(self) -> str:
        return (
            f"{self.kind.value:16} {self.what:7} {self.order_no}  "
            f"journal {self.local_fen} fen, bill {self.remote_fen} fen"
        )


@dataclass
class ReconcileReport:
    date: str
    payments: int = 0
    refunds: int = 0
    paid_fen: int = 0
    refunded_fen: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return not self.mismatches

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["balanced"] = self.balanced
        d["mismatches"] = [{**asdict(m), "kind": m.kind.value} for m in self.mismatches]
        return d


def parse_bill(text: str) -> list[BillRow]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) != BILL_HEADER:
        raise BillMalformed(f"bill header is {rows[0] if rows else 'missing'}")
    out: list[BillRow] = []
    for n, r in enumerate(rows[1:], start=2):
        if len(r) != len(BILL_HEADER) or r[3] not in ("PAY", "REFUND"):
            raise BillMalformed(f"bill line {n} malformed")
        try:
            amount = int(r[4])
        except ValueError:
            raise BillMalformed(f"bill line {n}: amount {r[4]!r} is not whole fen") from None
        out.append(BillRow(r[0], r[1], r[2], r[3], amount, r[5]))
    return out


def day_bounds(day: dt.date) -> tuple[float, float]:
    start = dt.datetime.combine(day, dt.time(), CST)
    return start.timestamp(), (start + dt.timedelta(days=1)).timestamp()


def reconcile(journal: Journal, bill_text: str, day: dt.date) -> ReconcileReport:
    """Match the day's bill against the journal; every difference is listed."""
    rows = parse_bill(bill_text)
    start, end = day_bounds(day)
    report = ReconcileReport(day.isoformat())
    remote_pay: dict[str, int] = defaultdict(int)
    remote_refund: dict[str, int] = defaultdict(int)
    for r in rows:
        (remote_pay if r.kind == "PAY" else remote_refund)[r.order_no] += r.amount_fen
    local_pay = {o.order_no: o.charged_fen for o in journal.paid_between(start, end)}
    local_refund = {
        o.order_no: o.charged_fen or o.amount_fen for o in journal.refunded_between(start, end)
    }
    report.payments, report.refunds = len(remote_pay), len(remote_refund)
    report.paid_fen, report.refunded_fen = sum(remote_pay.values()), sum(remote_refund.values())
    for what, local, remote in (
        ("payment", local_pay, remote_pay),
        ("refund", local_refund, remote_refund),
    ):
        for no in sorted(set(local) | set(remote)):
            lf, rf = local.get(no), remote.get(no)
            if lf is None:
                report.mismatches.append(
                    Mismatch(MismatchKind.MISSING_LOCALLY, what, no, 0, rf or 0)
                )
            elif rf is None:
                report.mismatches.append(Mismatch(MismatchKind.MISSING_REMOTELY, what, no, lf, 0))
            elif lf != rf:
                report.mismatches.append(Mismatch(MismatchKind.AMOUNT_DIFFERS, what, no, lf, rf))
    return report

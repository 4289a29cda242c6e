"""``kiosk pay``: reconciliation with the payment provider and the payment journal's state."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import click

from kiosk.cli.main import load_cli_config

if TYPE_CHECKING:
    from kiosk.payments.runtime import PaymentsRuntime


@click.group()
def pay() -> None:
    """Fee payment: reconciliation, journal status (docs/payments.md)."""


def _runtime(ctx: click.Context) -> PaymentsRuntime:
    from kiosk.payments.runtime import PaymentsUnavailable, build_runtime

    config = load_cli_config(ctx)
    try:
        rt = build_runtime(config)
    except PaymentsUnavailable as e:
        click.echo(f"payments unavailable: {e.detail}", err=True)
        ctx.exit(2)
    if rt is None:
        click.echo("payments are not enabled ([payments] enabled = false)", err=True)
        ctx.exit(2)
    return rt


@pay.command("reconcile")
@click.option(
    "--date", "day", required=True, help="The bill's day, YYYY-MM-DD (China Standard Time)."
)
@click.option("--json", "as_json", is_flag=True, help="The report as one JSON object.")
@click.pass_context
def reconcile_cmd(ctx: click.Context, day: str, as_json: bool) -> None:
    """Download the provider's bill for DAY and match it against the journal.

    Exit status 0 when they balance, 1 when there are mismatches (each listed),
    2 when the bill cannot be had.
    """
    from kiosk.payments.errors import PaymentError

    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        raise click.BadParameter(f"{day!r} is not YYYY-MM-DD", param_hint="--date") from None
    rt = _runtime(ctx)
    try:
        report = rt.reconcile_day(date)
    except PaymentError as e:
        click.echo(f"reconciliation failed: {e.detail}", err=True)
        ctx.exit(2)
    finally:
        rt.stop()
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        click.echo(
            f"{report.date}: {report.payments} payments ({report.paid_fen} fen), "
            f"{report.refunds} refunds ({report.refunded_fen} fen) on the bill; "
            + ("balanced" if report.balanced else f"{len(report.mismatches)} mismatches:")
        )
        for m in report.mismatches:
            click.echo("  " + m.line())
    ctx.exit(0 if report.balanced else 1)


@pay.command("status")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@click.pass_context
def status_cmd(ctx: click.Context, as_json: bool) -> None:
    """Orders in the journal by state, and the unfinished ones."""
    rt = _runtime(ctx)
    try:
        counts = rt.journal.counts()
        open_orders = [
            {"order_no": r.order_no, "state": r.state.value, "amount_fen": r.amount_fen,
             "service": r.service_code, "last_error": r.last_error}
            for r in rt.journal.unfinished()
        ]  # fmt: skip
    finally:
        rt.stop()
    if as_json:
        click.echo(json.dumps({"counts": counts, "unfinished": open_orders}, ensure_ascii=False))
        return
    click.echo("  ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no orders")
    for o in open_orders:
        click.echo(
            f"  {o['order_no']} {o['state']:14} {o['amount_fen']} fen {o['service']} {o['last_error']}"
        )

"""``kiosk audit``: check the hash chain of the audit log."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kiosk.cli.main import load_cli_config


@click.group()
def audit() -> None:
    """Audit log tools."""


@audit.command()
@click.option(
    "--file", "path", type=click.Path(path_type=Path), help="Audit log (default: from config)."
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def verify(ctx: click.Context, path: Path | None, as_json: bool) -> None:
    """Verify the audit log's hash chain; exit 1 if a line was modified or deleted."""
    from kiosk.ops.audit import verify as verify_log

    if path is None:
        path = load_cli_config(ctx).resolved_paths.audit_log
    report = verify_log(path)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ok": report.ok,
                    "entries": report.entries,
                    "problems": [{"line": p.line, "reason": p.reason} for p in report.problems],
                },
                ensure_ascii=False,
            )
        )
    else:
        for p in report.problems:
            click.echo(f"line {p.line}: {p.reason}")
        click.echo(f"{'OK' if report.ok else 'TAMPERED'}: {report.entries} entries in {path}")
    ctx.exit(0 if report.ok else 1)

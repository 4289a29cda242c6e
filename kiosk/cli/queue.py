"""``kiosk queue``: look at and drive the offline outbox (technicians, tests)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import click

from kiosk.cli.main import load_cli_config


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def _outbox(ctx: click.Context) -> Any:
    from kiosk.services.submissions import open_outbox
    from offline_queue.errors import QueueError

    try:
        return open_outbox(load_cli_config(ctx))
    except QueueError as e:
        _fail(f"outbox: {e.detail}", 2)


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


@click.group()
def queue() -> None:
    """Offline queue (outbox) of submissions waiting for the platform."""


@queue.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Counts by state, age of the oldest pending submission, bytes on disk."""
    with _outbox(ctx) as ob:
        st = ob.stats()
    if as_json:
        click.echo(json.dumps(st.to_dict()))
        return
    click.echo(
        f"pending {st.pending}  sending {st.sending}  acknowledged {st.acknowledged}  dead {st.dead}"
    )
    click.echo(f"oldest pending: {_age(st.oldest_pending_age_s)}")
    click.echo(f"on disk: {st.bytes_on_disk:,} of {st.max_bytes:,} bytes")


@queue.command("list")
@click.option(
    "--state",
    type=click.Choice(["pending", "sending", "acknowledged", "dead"]),
    help="Only this state.",
)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def list_cmd(ctx: click.Context, state: str | None, limit: int, as_json: bool) -> None:
    """Submissions, oldest first (ids, states, errors; never personal data)."""
    from offline_queue.models import State

    with _outbox(ctx) as ob:
        items = ob.list(State(state) if state else None, limit)
    if as_json:
        click.echo(json.dumps([i.to_dict() for i in items], ensure_ascii=False))
        return
    now = time.time()
    for i in items:
        extra = i.acceptance_no or (i.last_error or "")
        click.echo(
            f"{i.id}  {i.state.value:<12} {i.service_code:<12} age {_age(now - i.created_at):>7}"
            f"  tries {i.attempts:<3} {extra[:80]}"
        )
    if not items:
        click.echo("(empty)")


@queue.command()
@click.argument("submission_id", required=False)
@click.option("--all-dead", is_flag=True, help="Retry every dead submission.")
@click.pass_context
def retry(ctx: click.Context, submission_id: str | None, all_dead: bool) -> None:
    """Put a dead (or backed-off) submission back in line, due now."""
    from offline_queue.errors import QueueError
    from offline_queue.models import State

    if not submission_id and not all_dead:
        _fail("give a SUBMISSION_ID or --all-dead", 2)
    with _outbox(ctx) as ob:
        ids = [submission_id] if submission_id else [i.id for i in ob.list(State.DEAD, 10**6)]
        for sid in ids:
            try:
                ob.retry(sid)
            except QueueError as e:
                _fail(e.detail)
            click.echo(f"{sid}: pending")


@queue.command()
@click.option("--once", is_flag=True, help="One full drain attempt, then exit.")
@click.option("--platform-url", help="Platform base URL (default: [platform] url).")
@click.option("--token", help="Bearer token (default: [platform] token).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable report (--once).")
@click.pass_context
def sync(
    ctx: click.Context, once: bool, platform_url: str | None, token: str | None, as_json: bool
) -> None:
    """Send pending submissions to the platform.

    With --once: exit 0 when nothing is left pending, 1 otherwise. Without it: keep
    syncing in the foreground until Ctrl-C. Refused while the terminal's own worker
    holds the outbox.
    """
    from dataclasses import replace

    from kiosk.platform.settings import platform_settings
    from kiosk.services.submissions import open_outbox, sync_settings
    from offline_queue.client import PlatformClient
    from offline_queue.errors import QueueError
    from offline_queue.sync import SyncWorker

    cfg = load_cli_config(ctx)
    ps = platform_settings(cfg)
    if platform_url:
        if not platform_url.startswith(("http://", "https://")):
            _fail(f"--platform-url must start with http:// or https://: {platform_url}", 2)
        ps = replace(ps, url=platform_url)
    if token is not None:
        ps = replace(ps, token=token)
    try:
        ob = open_outbox(cfg)
    except QueueError as e:
        _fail(f"outbox: {e.detail}", 2)
    client = PlatformClient(ps)
    worker = SyncWorker(ob, client, replace(sync_settings(cfg), network_poll_s=None))
    try:
        if once:
            report = worker.sync_once()
            st = ob.stats()
            if as_json:
                click.echo(
                    json.dumps(
                        {
                            "attempted": report.attempted,
                            "acknowledged": report.acknowledged,
                            "duplicates": report.duplicates,
                            "retried": report.retried,
                            "dead": report.dead,
                            "stopped": report.stopped,
                            "pending": st.unsent,
                            "dead_total": st.dead,
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                click.echo(
                    f"sent {report.acknowledged} ({report.duplicates} already there), "
                    f"retry later {report.retried}, dead {report.dead}; "
                    f"now pending {st.unsent}, dead {st.dead}"
                )
                if report.stopped:
                    click.echo(f"stopped: {report.stopped}", err=True)
            sys.exit(0 if st.unsent == 0 else 1)
        worker.start()
        click.echo(f"syncing to {ps.url} (Ctrl-C to stop)")
        while True:
            time.sleep(3600)
    except QueueError as e:
        _fail(e.detail, 2)
    except KeyboardInterrupt:
        pass
    finally:
        worker.stop()
        client.close()
        ob.close()


@queue.command()
@click.option("--service", "service_code", required=True, help="Service code.")
@click.option("--form", "form_json", required=True, help="Form data as a JSON object.")
@click.option("--applicant", "applicant_json", help="Applicant as a JSON object.")
@click.option(
    "--attach",
    "attach",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Attachment file (repeatable).",
)
@click.pass_context
def enqueue(
    ctx: click.Context,
    service_code: str,
    form_json: str,
    applicant_json: str | None,
    attach: tuple[Path, ...],
) -> None:
    """Queue a submission (for tests and technicians); prints its id."""
    import mimetypes

    from offline_queue.errors import OutboxFull, QueueError
    from offline_queue.models import AttachmentIn

    def obj(text: str, what: str) -> dict[str, Any]:
        try:
            value = json.loads(text)
        except ValueError as e:
            _fail(f"{what} is not valid JSON: {e}", 2)
        if not isinstance(value, dict):
            _fail(f"{what} must be a JSON object", 2)
        return value

    form = obj(form_json, "--form")
    applicant = obj(applicant_json, "--applicant") if applicant_json else None
    atts = [
        AttachmentIn(
            p.name, mimetypes.guess_type(p.name)[0] or "application/octet-stream", p.read_bytes()
        )
        for p in attach
    ]
    cfg = load_cli_config(ctx)
    with _outbox(ctx) as ob:
        try:
            sid = ob.enqueue(service_code, cfg.kiosk.id, form, applicant, atts)
        except OutboxFull as e:
            _fail(f"outbox full: {e.detail}", 3)
        except QueueError as e:
            _fail(e.detail, 2)
    click.echo(sid)

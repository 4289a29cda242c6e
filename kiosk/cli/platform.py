"""``kiosk platform``: the reference platform server (tests, benchmarks, ``--demo``)."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from kiosk.cli.main import load_cli_config


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


@click.group()
def platform() -> None:
    """Reference platform server (FastAPI + SQLite) and its tools."""


@platform.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, show_default=True, help="0 picks a free port (printed).")
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--fail-rate", default=0.0, type=click.FloatRange(0, 1), help="Share of 500s.")
@click.option("--latency-ms", default=0.0, type=click.FloatRange(0, 60_000), help="Added latency.")
@click.option(
    "--drop-after-commit",
    default=0.0,
    type=click.FloatRange(0, 1),
    help="Share of PUT/POST whose connection is closed after the commit.",
)
@click.option("--throttle-rate", default=0.0, type=click.FloatRange(0, 1), help="Share of 429s.")
@click.option("--retry-after", default=1.0, type=click.FloatRange(0), help="Retry-After of 429s.")
@click.option("--token", "tokens", multiple=True, help="Token valid for any kiosk (repeatable).")
@click.option("--kiosk-token", "kiosk_tokens", multiple=True, help="KIOSK_ID=TOKEN (repeatable).")
@click.option("--config-token", is_flag=True, help="Also accept [platform] token of the config.")
@click.option("--admin-token", default="", help="Enables /v1/admin (faults, case status).")
@click.option(
    "--catalog",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Catalog file (TOML/JSON; default: the configured catalog).",
)
@click.option(
    "--licences",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Licences JSON (default: built-in fictional ones).",
)
@click.option("--instant-service", multiple=True, help="Service approved on receipt (repeatable).")
@click.option("--tls-cert", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tls-key", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--seed", type=int, help="Seed of the fault injector (repeatable runs).")
@click.option(
    "--seal-key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="PEM Ed25519 seal of certificates (default: a new one in memory each run).",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    db_path: Path,
    fail_rate: float,
    latency_ms: float,
    drop_after_commit: float,
    throttle_rate: float,
    retry_after: float,
    tokens: tuple[str, ...],
    kiosk_tokens: tuple[str, ...],
    config_token: bool,
    admin_token: str,
    catalog: Path | None,
    licences: Path | None,
    instant_service: tuple[str, ...],
    tls_cert: Path | None,
    tls_key: Path | None,
    seed: int | None,
    seal_key: Path | None,
) -> None:
    """Run the reference platform in the foreground until Ctrl-C.

    Prints one line ``platform listening on URL`` once it accepts connections.
    Without any token option the server is open (demo only; a warning is printed).
    """
    from offline_queue.server import Faults, ServerSettings, TlsFiles
    from offline_queue.server.runner import bind_socket, make_server

    token_map = dict.fromkeys(tokens, "*")
    for item in kiosk_tokens:
        kiosk_id, sep, token = item.partition("=")
        if not sep or not kiosk_id or not token:
            _fail(f"--kiosk-token wants KIOSK_ID=TOKEN, got {item!r}", 2)
        token_map[token] = kiosk_id
    cfg = None
    if config_token or catalog is None:
        cfg = load_cli_config(ctx)
    if config_token and cfg is not None and cfg.platform.token:
        token_map[cfg.platform.token] = "*"
    if catalog is None and cfg is not None:
        candidate = cfg.data_file(cfg.catalog.path)
        catalog = candidate if candidate.exists() else None
    if (tls_cert is None) != (tls_key is None):
        _fail("--tls-cert and --tls-key go together", 2)
    if not token_map:
        click.echo("warning: no token given, the platform accepts anyone (demo only)", err=True)
    settings = ServerSettings(
        db_path=db_path,
        tokens=token_map,
        admin_token=admin_token,
        faults=Faults(fail_rate, latency_ms, drop_after_commit, throttle_rate, retry_after),
        catalog_path=catalog,
        licences_path=licences,
        instant_services=frozenset(instant_service),
        seal_key_path=seal_key,
        seed=seed,
    )
    try:
        sock = bind_socket(host, port)
    except OSError as e:
        _fail(f"cannot listen on {host}:{port}: {e.strerror}", 2)
    tls = TlsFiles(tls_cert, tls_key) if tls_cert and tls_key else None
    try:
        server = make_server(settings, tls)
    except Exception as e:  # a bad database path or catalog: one line, no traceback
        _fail(f"cannot start the platform: {e}", 2)
    actual = sock.getsockname()[1]
    scheme = "https" if tls else "http"
    shown_host = f"[{host}]" if ":" in host else host
    import threading

    def announce() -> None:
        import time

        while not server.started and not server.should_exit:
            time.sleep(0.01)
        if server.started:
            click.echo(f"platform listening on {scheme}://{shown_host}:{actual}")
            sys.stdout.flush()

    threading.Thread(target=announce, daemon=True).start()
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])


@platform.command()
@click.option(
    "--db",
    "db_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def dump(db_path: Path, as_json: bool) -> None:
    """What the platform stored: submission id, service, acceptance number, attachments.

    One entry per stored record, so a duplicate would show twice.
    """
    import sqlite3

    from offline_queue.server import dump_submissions

    try:
        records = dump_submissions(db_path)
    except (OSError, sqlite3.Error) as e:
        _fail(f"cannot read {db_path}: {e}", 2)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in records], ensure_ascii=False))
        return
    for r in records:
        click.echo(
            f"{r.record_no:>6}  {r.submission_id}  {r.service_code:<12} {r.acceptance_no}"
            f"  {r.status:<10} {len(r.attachments)} attachment(s)"
        )
    click.echo(f"{len(records)} record(s)")


@platform.command()
def openapi() -> None:
    """Print the platform API as OpenAPI YAML (what docs/platform-api.yaml holds)."""
    from offline_queue.server.openapi import openapi_yaml

    click.echo(openapi_yaml(), nl=False)

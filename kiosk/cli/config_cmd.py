"""``kiosk config``: signed configuration packages for field staff, and a config check."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import click

from kiosk.cli.main import load_cli_config

_MARK = {"passed": "PASS", "failed": "FAIL", "skipped": "skip"}


def _fail(ctx: click.Context, message: str, code: int = 1) -> None:
    click.echo(f"error: {message}", err=True)
    ctx.exit(code)


def _clean_errors(fn: Callable[..., None]) -> Callable[..., None]:
    """Turn any KioskError escaping a command into one line on stderr and exit 1."""

    @functools.wraps(fn)
    def wrapper(ctx: click.Context, *args: Any, **kwargs: Any) -> None:
        from kiosk.errors import KioskError

        try:
            fn(ctx, *args, **kwargs)
        except KioskError as e:
            _fail(ctx, e.detail.splitlines()[0] if e.detail else type(e).__name__)

    return wrapper


def _packages(ctx: click.Context) -> Any:
    from kiosk.config_packages import ConfigPackages

    return ConfigPackages(load_cli_config(ctx))


def _load_key(ctx: click.Context, path: Path) -> Any:
    from kiosk.config_packages import KeyFileError, load_private_key

    try:
        return load_private_key(path)
    except KeyFileError as e:
        if "encrypted" not in e.detail:
            _fail(ctx, e.detail)
    password = click.prompt("Passphrase", hide_input=True, err=True).encode()
    try:
        return load_private_key(path, password)
    except KeyFileError as e:
        _fail(ctx, e.detail)


def _print_check(result: Any) -> None:
    click.echo(
        f"  [{_MARK[result.status.value]}] {result.check.value:<12} "
        f"{result.title_zh} / {result.title_en}: {result.reason_zh} / {result.reason_en}"
    )


def _print_report(report: Any, as_json: bool, streamed: bool) -> None:
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    if not streamed:
        for r in report.results:
            _print_check(r)
    line = f"{report.summary_zh()} / {report.summary_en()}"
    click.echo(("OK: " if report.ok else "REFUSED: ") + line)


@click.group("config")
def config() -> None:
    """Signed configuration packages (配置包) and configuration checks."""


@config.command()
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False))
@click.option("--name", default="kiosk-signing", show_default=True, help="File name stem.")
@click.option("--encrypt", is_flag=True, help="Protect the private key with a passphrase.")
@click.pass_context
@_clean_errors
def keygen(ctx: click.Context, out_dir: Path, name: str, encrypt: bool) -> None:
    """Create an Ed25519 signing key pair: NAME.key (keep secret) and NAME.pem (public).

    Copy NAME.pem into config/keys/ on the terminals; keep NAME.key off them.
    """
    from kiosk.config_packages import KeyFileError, generate_keypair
    from kiosk.config_packages.keys import load_public_key

    password = None
    if encrypt:
        password = click.prompt(
            "Passphrase", hide_input=True, confirmation_prompt=True, err=True
        ).encode()
    try:
        key_path, pub_path = generate_keypair(out_dir, name, password)
    except KeyFileError as e:
        _fail(ctx, e.detail)
    kid = load_public_key(pub_path).key_id
    click.echo(f"private key: {key_path} (keep it secret, off the terminals)")
    click.echo(f"public key:  {pub_path} (key id {kid}; copy into config/keys/)")


def _safe_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.:-]+", "-", text).strip("-")[:100] or "package"


@config.command()
@click.argument("src_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--version", "version", required=True, type=click.IntRange(min=1))
@click.option("--out", required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--id", "package_id", help="Package id (default: from the folder name).")
@click.option("--all", "all_kiosks", is_flag=True, help="Target every terminal.")
@click.option("--kiosk", "kiosk_ids", multiple=True, help="Target a terminal id (repeatable).")
@click.option("--region", "regions", multiple=True, help="Target a region code, 350100 = city.")
@click.option("--valid-days", default=30.0, show_default=True, type=click.FloatRange(min=0.01))
@click.option("--min-app-version", default="0", show_default=True)
@click.option(
    "--rollback",
    "rollback_from",
    type=click.IntRange(min=2),
    default=None,
    help="A signed rollback from version N (the terminals' current one) to --version.",
)
@click.option("--description", default="")
@click.option(
    "--key", type=click.Path(path_type=Path, dir_okay=False), help="Sign with this key too."
)
@click.pass_context
@_clean_errors
def build(
    ctx: click.Context,
    src_dir: Path,
    version: int,
    out: Path,
    package_id: str | None,
    all_kiosks: bool,
    kiosk_ids: tuple[str, ...],
    regions: tuple[str, ...],
    valid_days: float,
    min_app_version: str,
    rollback_from: int | None,
    description: str,
    key: Path | None,
) -> None:
    """Package SRC_DIR (config.toml, catalog.toml, admin_pin_hash.txt, trusted_keys/,
    templates/, images/) into a zip with its manifest. Unsigned unless --key."""
    from pydantic import ValidationError

    from kiosk.config_packages import PackageError, Targets, build_package

    if not (all_kiosks or kiosk_ids or regions):
        _fail(ctx, "name the target terminals: --all, --kiosk ID or --region CODE", 2)
    try:
        targets = Targets(all=all_kiosks, kiosk_ids=list(kiosk_ids), regions=list(regions))
    except ValidationError as e:
        _fail(ctx, f"targets: {e.errors()[0]['msg']}", 2)
    private = _load_key(ctx, key) if key else None
    try:
        m = build_package(
            src_dir,
            out,
            version=version,
            package_id=package_id or _safe_id(f"{src_dir.resolve().name}-v{version}"),
            targets=targets,
            valid_for=timedelta(days=valid_days),
            min_app_version=min_app_version,
            kind="rollback" if rollback_from else "update",
            rollback_from=rollback_from,
            description=description,
            key=private,
        )
    except PackageError as e:
        _fail(ctx, e.detail)
    state = "signed" if private else "UNSIGNED (run: kiosk config sign)"
    click.echo(
        f"built {out}: {m.package_id} version {m.version}, {len(m.files)} files, "
        f"expires {m.expires_at.isoformat()}, {state}"
    )


@config.command()
@click.argument("package", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--key", required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Default: in place.")
@click.pass_context
@_clean_errors
def sign(ctx: click.Context, package: Path, key: Path, out: Path | None) -> None:
    """Sign PACKAGE's manifest with an Ed25519 private key."""
    from kiosk.config_packages import PackageError, sign_package
    from kiosk.config_packages.keys import key_id

    private = _load_key(ctx, key)
    try:
        m = sign_package(package, private, out)
    except PackageError as e:
        _fail(ctx, e.detail)
    click.echo(
        f"signed {out or package}: {m.package_id} version {m.version} "
        f"with key {key_id(private.public_key())}"
    )


@config.command()
@click.argument("package", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option(
    "--trust",
    "trust",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Also trust this public key, for this command only.",
)
@click.pass_context
@_clean_errors
def verify(ctx: click.Context, package: Path, as_json: bool, trust: tuple[Path, ...]) -> None:
    """Run every check on PACKAGE and print each result; exit 0 only if all pass."""
    from kiosk.config_packages import KeyFileError, load_public_key

    try:
        extra = [load_public_key(p) for p in trust]
    except KeyFileError as e:
        _fail(ctx, e.detail, 2)
    packages = _packages(ctx)
    if not as_json:
        click.echo(f"verifying {package}")
    report = packages.verify(package, None if as_json else _print_check, extra)
    _print_report(report, as_json, streamed=True)
    ctx.exit(0 if report.ok else 1)


@config.command()
@click.argument("package", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
@_clean_errors
def apply(ctx: click.Context, package: Path, as_json: bool) -> None:
    """Verify PACKAGE and, if every check passes, make it the active configuration.

    A running terminal picks it up between sessions; if it then fails to start, the
    next start rolls back automatically.
    """
    from kiosk.config_packages import PackageError

    packages = _packages(ctx)
    if not as_json:
        click.echo(f"applying {package}")
    try:
        outcome = packages.apply(package, None if as_json else _print_check)
    except PackageError as e:
        _fail(ctx, e.detail)
    if as_json:
        d = outcome.report.to_dict()
        d["release"] = outcome.release.name if outcome.release else None
        click.echo(json.dumps(d, ensure_ascii=False, indent=2))
    else:
        _print_report(outcome.report, False, streamed=True)
        if outcome.release:
            click.echo(f"active release: {outcome.release.name}")
    ctx.exit(0 if outcome.applied else 1)


@config.command()
@click.pass_context
@_clean_errors
def rollback(ctx: click.Context) -> None:
    """Return to the release that was active before the current one."""
    from kiosk.config_packages import PackageError

    packages = _packages(ctx)
    try:
        new = packages.rollback("manual")
    except PackageError as e:
        _fail(ctx, e.detail)
    if new is None:
        click.echo("rolled back: the factory configuration is active")
    else:
        click.echo(f"rolled back: active release {new.name} (version {new.version})")


@config.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
@_clean_errors
def history(ctx: click.Context, as_json: bool) -> None:
    """List every apply and rollback, and the active release."""
    from kiosk.config_packages import PackageError

    packages = _packages(ctx)
    entries = packages.history()
    try:
        active = packages.store.active()
    except PackageError as err:
        _fail(ctx, err.detail)
    if as_json:
        doc = {
            "active": active.name if active else None,
            "active_version": active.version if active else None,
            "entries": [e.to_dict() for e in entries],
        }
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    for e in entries:
        if e.action == "applied":
            click.echo(f"{e.ts}  applied      {e.release}  {e.package_id} v{e.version}  {e.source}")
        else:
            to = e.release or "factory configuration"
            click.echo(f"{e.ts}  rolled back  {e.from_release} -> {to}  ({e.reason})")
    if active is None:
        click.echo("active: factory configuration (no package applied)")
    else:
        click.echo(f"active: {active.name} ({active.manifest.package_id} v{active.version})")


@config.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
@_clean_errors
def check(ctx: click.Context, as_json: bool) -> None:
    """Validate the running configuration (base + active release) and its catalog."""
    from kiosk.config_packages.health import check_configuration

    base = load_cli_config(ctx)
    problems, notes = check_configuration(base)
    if as_json:
        click.echo(json.dumps({"ok": not problems, "problems": problems, "notes": notes}, indent=2))
    else:
        for n in notes:
            click.echo(f"  {n}")
        for p in problems:
            click.echo(f"PROBLEM: {p}")
        click.echo("OK: configuration valid" if not problems else f"{len(problems)} problem(s)")
    ctx.exit(0 if not problems else 1)

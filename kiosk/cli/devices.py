"""``kiosk devices`` and ``kiosk diagnose``: device statuses and self-tests, headless."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from kiosk.cli.main import load_cli_config
from kiosk.config import KioskConfig
from kiosk.devices.manager import DeviceManager

BAD = {"FAULT", "ABSENT"}


def _manager(ctx: click.Context, demo: bool) -> tuple[KioskConfig, DeviceManager]:
    from kiosk.app.demo import demo_config

    config = load_cli_config(ctx)
    if demo:
        config = demo_config(config, config.data_dir_override)
    mgr = DeviceManager(config)
    mgr.build()
    return config, mgr


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--demo", is_flag=True, help="Use every device's simulator.")
@click.pass_context
def devices(ctx: click.Context, as_json: bool, demo: bool) -> None:
    """List configured devices, their drivers and current status."""
    from kiosk.ops.diagnostics import probe_devices

    _, mgr = _manager(ctx, demo)
    try:
        reports = probe_devices(mgr)
    finally:
        mgr.stop()
    if as_json:
        click.echo(json.dumps([asdict(r) for r in reports], ensure_ascii=False, indent=2))
        return
    for r in reports:
        click.echo(f"{r.name:18} {r.driver:8} {r.status:9} {r.detail}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--demo", is_flag=True, help="Use every device's simulator.")
@click.option(
    "--bundle",
    "bundle_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Also export a diagnostic bundle (zip) into this directory.",
)
@click.pass_context
def diagnose(ctx: click.Context, as_json: bool, demo: bool, bundle_dir: Path | None) -> None:
    """Run every device self-test headless; exit 1 if any device is FAULT or ABSENT."""
    from kiosk.ops.diagnostics import export_bundle, platform_report, probe_devices, system_report

    config, mgr = _manager(ctx, demo)
    try:
        reports = probe_devices(mgr)
    finally:
        mgr.stop()
    plat = platform_report(config)
    system = system_report(config)
    bad = [r for r in reports if r.status in BAD]
    if bundle_dir is not None:
        path = export_bundle(bundle_dir, config, None, {"devices": [asdict(r) for r in reports]})
    if as_json:
        out = {
            "ok": not bad,
            "devices": [asdict(r) for r in reports],
            "platform": asdict(plat),
            "system": asdict(system),
        }
        if bundle_dir is not None:
            out["bundle"] = str(path)
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for r in reports:
            mark = "✗" if r.status in BAD else "✓"
            click.echo(f"{mark} {r.name:18} {r.status:9} {r.detail}  [test: {r.self_test_detail}]")
        latency = f"{plat.latency_ms:.0f} ms" if plat.latency_ms is not None else "-"
        click.echo(
            f"platform: {'reachable' if plat.reachable else 'UNREACHABLE'} ({latency}) {plat.detail}"
        )
        click.echo(
            f"disk free: {system.disk_free_mb:.0f} MB; version {system.app_version}; {system.config_version}"
        )
        if bundle_dir is not None:
            click.echo(f"bundle: {path}")
    ctx.exit(1 if bad else 0)

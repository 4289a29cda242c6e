"""``kiosk fleet``: operators' tools for the fleet service, and this terminal's enrolment.

Staff commands talk to the service's HTTP API with a staff token (``--token`` or
``--token-file``); ``enrol`` and ``pull`` run on the terminal itself with its own
credential. Nothing here imports the service: it is HTTP all the way.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click
import httpx

from kiosk.cli.main import load_cli_config


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


class _Api:
    def __init__(self, url: str, token: str) -> None:
        self.client = httpx.Client(
            base_url=url.rstrip("/"), headers={"authorization": f"Bearer {token}"}, timeout=60
        )

    def call(self, method: str, path: str, **kw: Any) -> Any:
        try:
            r = self.client.request(method, path, **kw)
        except httpx.HTTPError as e:
            _fail(f"无法连接管理平台 / cannot reach the fleet service: {e}")
        if r.status_code >= 400:
            try:
                body = r.json()
                msg = body.get("message", body)
            except ValueError:
                msg = r.text[:300]
            _fail(f"HTTP {r.status_code}: {msg}")
        ctype = r.headers.get("content-type", "")
        return r.json() if ctype.startswith("application/json") else r.content


def _token(token: str | None, token_file: Path | None) -> str:
    if token:
        return token
    if token_file:
        return token_file.read_text().strip()
    _fail("需要工作人员令牌 / a staff token is needed: --token or --token-file")


@click.group()
@click.option("--url", default="http://127.0.0.1:8700", show_default=True, help="Fleet service.")
@click.option("--token", default=None, help="Staff token (fs_…).")
@click.option("--token-file", type=click.Path(path_type=Path, dir_okay=False), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def fleet(
    ctx: click.Context, url: str, token: str | None, token_file: Path | None, as_json: bool
) -> None:
    """Fleet service: enrolment, terminals, staged rollouts, diagnostics bundles."""
    ctx.ensure_object(dict)
    ctx.obj.update(url=url, token=token, token_file=token_file, as_json=as_json)


def _api(ctx: click.Context) -> _Api:
    o = ctx.obj
    return _Api(o["url"], _token(o["token"], o["token_file"]))


def _show(ctx: click.Context, data: Any, lines: list[str]) -> None:
    click.echo(
        json.dumps(data, ensure_ascii=False, indent=2) if ctx.obj["as_json"] else "\n".join(lines)
    )


@fleet.command("code")
@click.argument("kiosk_id")
@click.option("--region", required=True, help="GB/T 2260 code of the terminal's district.")
@click.pass_context
def code_cmd(ctx: click.Context, kiosk_id: str, region: str) -> None:
    """Make a one-time enrolment code for a terminal (operator)."""
    r = _api(ctx).call(
        "POST", "/api/enrolment-codes", json={"kiosk_id": kiosk_id, "region": region}
    )
    _show(ctx, r, [f"{kiosk_id}: {r['code']}"])


@fleet.command("enrol")
@click.argument("code")
@click.pass_context
def enrol_cmd(ctx: click.Context, code: str) -> None:
    """On the terminal: spend a one-time code; the terminal keeps its own credential."""
    from kiosk.app.fleet_agent import FleetAgent, FleetAgentError

    config = load_cli_config(ctx)
    try:
        FleetAgent(config, ctx.obj["url"]).enrol(code)
    except FleetAgentError as e:
        _fail(f"{e.resident_message} {e.detail}")
    click.echo(f"已登记 / enrolled: {config.kiosk.id}")


@fleet.command("pull")
@click.pass_context
def pull_cmd(ctx: click.Context) -> None:
    """On the terminal: ask for an assignment now and carry it out."""
    from kiosk.app.fleet_agent import FleetAgent, FleetAgentError

    try:
        res = FleetAgent(load_cli_config(ctx), ctx.obj["url"]).poll_once()
    except FleetAgentError as e:
        _fail(f"{e.resident_message} {e.detail}")
    click.echo(json.dumps(res.__dict__, ensure_ascii=False))


@fleet.command("list")
@click.option("--region", default="")
@click.option("--fault", default="", help="A device kind, or 'any'.")
@click.option("--version", default="")
@click.option("--offline", is_flag=True)
@click.pass_context
def list_cmd(ctx: click.Context, region: str, fault: str, version: str, offline: bool) -> None:
    """List terminals (viewer)."""
    params: dict[str, Any] = {"region": region, "fault": fault, "version": version}
    if offline:
        params["offline"] = "true"
    rows = _api(ctx).call("GET", "/api/terminals", params=params)
    lines = [
        f"{t['id']:<16} {t['region']}  {'online ' if t['online'] else 'OFFLINE'}  "
        f"app {t['app_version'] or '-':<8} config {t['config_version'] or '-':<10} "
        f"outbox {t['outbox_pending']:<4} {' '.join(t['faults'])}"
        for t in rows
    ]
    _show(ctx, rows, lines or ["(no terminal)"])


@fleet.group()
def rollout() -> None:
    """Staged rollouts: canary, 10 %, 50 %, 100 %."""


def _rollout_lines(r: dict[str, Any]) -> list[str]:
    lines = [
        f"rollout {r['id']}: {r['package_id']} v{r['version']} → {r['targets']}",
        f"  status {r['status']}, wave {r['wave_name']}",
    ]
    if r["halt_reason"]:
        lines.append(f"  halted because: {r['halt_reason']}")
    lines += [f"  {w['name']:<7} {w['states']}" for w in r["waves"]]
    return lines


@rollout.command("create")
@click.argument("package", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--region", "regions", multiple=True, help="Target a district (repeatable).")
@click.option("--kiosk", "kiosks", multiple=True, help="Target a terminal (repeatable).")
@click.option("--min-wave-s", type=float, default=None, help="Soak time per wave.")
@click.pass_context
def rollout_create(
    ctx: click.Context,
    package: Path,
    regions: tuple[str, ...],
    kiosks: tuple[str, ...],
    min_wave_s: float | None,
) -> None:
    """Upload a signed package (verified by the service) and start its rollout (operator)."""
    api = _api(ctx)
    up = api.call(
        "POST",
        "/api/packages",
        content=package.read_bytes(),
        headers={"content-type": "application/zip"},
    )
    body: dict[str, Any] = {
        "package_pk": up["package_pk"],
        "regions": list(regions),
        "kiosk_ids": list(kiosks),
    }
    if min_wave_s is not None:
        body["min_wave_s"] = min_wave_s
    r = api.call("POST", "/api/rollouts", json=body)
    _show(ctx, r, _rollout_lines(r))


@rollout.command("status")
@click.argument("rollout_id", type=int, required=False)
@click.pass_context
def rollout_status(ctx: click.Context, rollout_id: int | None) -> None:
    """One rollout, or the latest ones (viewer)."""
    api = _api(ctx)
    if rollout_id is None:
        rows = api.call("GET", "/api/rollouts")
        _show(ctx, rows, [line for r in rows for line in _rollout_lines(r)] or ["(no rollout)"])
        return
    r = api.call("GET", f"/api/rollouts/{rollout_id}")
    _show(ctx, r, _rollout_lines(r))


@rollout.command("halt")
@click.argument("rollout_id", type=int)
@click.option("--reason", default="operator", show_default=True)
@click.pass_context
def rollout_halt(ctx: click.Context, rollout_id: int, reason: str) -> None:
    """Stop delivering a rollout (operator)."""
    r = _api(ctx).call("POST", f"/api/rollouts/{rollout_id}/halt", params={"reason": reason})
    _show(ctx, r, _rollout_lines(r))


@rollout.command("resume")
@click.argument("rollout_id", type=int)
@click.pass_context
def rollout_resume(ctx: click.Context, rollout_id: int) -> None:
    """Resume a halted rollout; failures so far are acknowledged, new ones halt again."""
    r = _api(ctx).call("POST", f"/api/rollouts/{rollout_id}/resume")
    _show(ctx, r, _rollout_lines(r))


@rollout.command("rollback")
@click.argument("rollout_id", type=int)
@click.pass_context
def rollout_rollback(ctx: click.Context, rollout_id: int) -> None:
    """Roll a rollout back on every terminal that adopted it (operator)."""
    r = _api(ctx).call("POST", f"/api/rollouts/{rollout_id}/rollback")
    _show(ctx, r, _rollout_lines(r))


@fleet.group()
def bundle() -> None:
    """Remote diagnostics bundles (PII-free, made by the terminal)."""


@bundle.command("request")
@click.argument("kiosk_id")
@click.pass_context
def bundle_request(ctx: click.Context, kiosk_id: str) -> None:
    """Ask a terminal for a diagnostics bundle (operator)."""
    r = _api(ctx).call("POST", f"/api/terminals/{kiosk_id}/bundles")
    _show(ctx, r, [f"bundle {r['bundle_id']} requested from {kiosk_id}"])


@bundle.command("fetch")
@click.argument("bundle_id", type=int)
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.pass_context
def bundle_fetch(ctx: click.Context, bundle_id: int, out: Path) -> None:
    """Download an uploaded bundle (operator)."""
    data = _api(ctx).call("GET", f"/api/bundles/{bundle_id}")
    out.write_bytes(data)
    click.echo(f"{out} ({len(data)} bytes)")


@fleet.command("usb-bundle")
@click.argument("package_pk", type=int)
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.pass_context
def usb_bundle(ctx: click.Context, package_pk: int, out: Path) -> None:
    """Export an uploaded package with the TUF metadata, for a USB stick (operator).

    The terminal checks it against its trusted TUF root like a network pull
    (docs/fleet.md, "USB packages with TUF metadata"); it expires with the timestamp.
    """
    data = _api(ctx).call("GET", f"/api/packages/{package_pk}/usb-bundle")
    out.write_bytes(data)
    click.echo(f"{out} ({len(data)} bytes)")

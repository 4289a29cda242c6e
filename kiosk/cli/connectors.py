"""``kiosk connectors``: the department back ends this terminal is configured for."""

from __future__ import annotations

import json

import click

from kiosk.cli.main import load_cli_config


@click.group()
def connectors() -> None:
    """Department connectors (REST, SOAP, 国密 gateway)."""


@connectors.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array on stdout.")
@click.option("--no-check", is_flag=True, help="Do not make a test call to each connector.")
@click.pass_context
def list_cmd(ctx: click.Context, as_json: bool, no_check: bool) -> None:
    """Each connector's name, style, URL and state (a test call unless --no-check)."""
    from kiosk.platform.registry import ConnectorRegistry, describe, probe

    reg = ConnectorRegistry(load_cli_config(ctx))
    try:
        infos = [(describe if no_check else probe)(reg, n) for n in reg.names()]
    finally:
        reg.close()
    if as_json:
        click.echo(json.dumps([i.to_dict() for i in infos], ensure_ascii=False))
        return
    for i in infos:
        click.echo(f"{i.name:12} {i.style:5} {i.state:13} {i.url}  {i.detail}")

"""The ``kiosk`` command: the terminal itself, and the tools for technicians and staff.

Sub-command groups are imported lazily (see ``COMMANDS``) so that ``kiosk --help``
and the terminal's start-up do not pay for every driver's imports.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import click

from kiosk import __version__

#: command name → "module:attribute". A new command group adds one line here.
COMMANDS: dict[str, str] = {
    "audit": "kiosk.cli.audit:audit",
    "queue": "kiosk.cli.queue:queue",
    "platform": "kiosk.cli.platform:platform",
    "print": "kiosk.cli.print_cmd:print_group",
    "smartcard": "kiosk.cli.smartcard:smartcard",
    "idcard": "kiosk.cli.idcard:idcard",
    "config": "kiosk.cli.config_cmd:config",
    "scan": "kiosk.cli.scan:scan",
    "qr": "kiosk.cli.qr:qr",
    "demo": "kiosk.cli.demo:demo",
    "face": "kiosk.cli.face:face",
    "devices": "kiosk.cli.devices:devices",
    "diagnose": "kiosk.cli.devices:diagnose",
    "fleet": "kiosk.cli.fleet:fleet",
    "connectors": "kiosk.cli.connectors:connectors",
    "catalog": "kiosk.cli.catalog:catalog",
    "locker": "kiosk.cli.locker:locker",
    "pay": "kiosk.cli.pay:pay",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        cmd = super().get_command(ctx, name)
        if cmd is not None:
            return cmd
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command


@click.group(cls=LazyGroup, invoke_without_command=True)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Configuration file (default: config/default.toml).",
)
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Put all state (outbox, logs, audit log, keys) under DIR.",
)
@click.option(
    "--demo", is_flag=True, help="Run the terminal on simulated devices and a local platform."
)
@click.option(
    "--windowed", is_flag=True, help="A normal window instead of full screen (development)."
)
@click.option(
    "--fullscreen",
    is_flag=True,
    help="Full screen in --demo too (the demo is windowed by default).",
)
@click.version_option(__version__, prog_name="kiosk")
@click.pass_context
def cli(
    ctx: click.Context,
    config_path: Path | None,
    data_dir: Path | None,
    demo: bool,
    windowed: bool,
    fullscreen: bool,
) -> None:
    """Self-service government kiosk terminal (政务服务自助终端).

    Without a sub-command, starts the terminal. ``kiosk --demo`` runs it on
    simulators with nothing else needed.
    """
    ctx.ensure_object(dict)
    ctx.obj["config_path"] = config_path
    ctx.obj["data_dir"] = data_dir
    if ctx.invoked_subcommand is None:
        from kiosk.cli.run import start_terminal

        # The demo runs beside other windows (its control panel, a developer's editor).
        windowed = windowed or (demo and not fullscreen)
        sys.exit(start_terminal(config_path, data_dir, demo=demo, windowed=windowed))


def load_cli_config(ctx: click.Context) -> Any:
    """Load the configuration named by the global options, or exit with a clear message."""
    from kiosk.config import load_config
    from kiosk.errors import ConfigError

    root = ctx.find_root()
    obj = root.obj or {}
    try:
        return load_config(obj.get("config_path"), obj.get("data_dir"))
    except ConfigError as e:
        click.echo(str(e), err=True)
        ctx.exit(2)


def main() -> None:
    cli(obj={})


if __name__ == "__main__":
    main()

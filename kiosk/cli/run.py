"""Starting the terminal (``kiosk`` and ``kiosk --demo``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kiosk.errors import ConfigError


def start_terminal(
    config_path: Path | None, data_dir: Path | None, demo: bool = False, windowed: bool = False
) -> int:
    """Load config, build the terminal, run the Qt app. Returns the exit code."""
    from kiosk import allocator
    from kiosk.app import start_gc
    from kiosk.app.hardening import harden_process

    allocator.tune()  # before any thread (each would get an arena of its own)
    start_gc.hold()  # until the first paint (kiosk.ui.warm_start releases it)
    servers = None
    if demo:
        from kiosk.app.demo_servers import DemoServers

        # First thing: the reference servers' child starts beside the terminal's own start.
        servers = DemoServers()
    from kiosk.config import load_config

    harden_process()  # before any resident data exists in this process

    try:
        config = load_config(config_path, data_dir)
    except ConfigError as e:
        click.echo(str(e), err=True)
        return 2
    if demo:
        from kiosk.app.demo import demo_config, start_demo_services

        config = demo_config(config, data_dir)
    from kiosk.config_packages import begin_boot

    base = config
    boot = begin_boot(base)  # the active release's overlay; rolls back a release that failed
    if boot.rolled_back_from:
        click.echo(f"kiosk: release {boot.rolled_back_from} rolled back: {boot.reason}", err=True)
    config = boot.config
    from kiosk.app.terminal import Terminal
    from kiosk.ui.app import NoDisplayError, check_display, run

    try:
        check_display()
    except NoDisplayError as e:
        click.echo(f"kiosk: {e}", err=True)
        return 3
    from kiosk.app.wiring import attach_services

    terminal = Terminal(config, demo=demo)
    if demo:
        # Before attach_services: the sync lanes and the catalog sync read the connectors.
        start_demo_services(terminal, departments=True, servers=servers)
    attach_services(terminal)
    for p in terminal.problems:
        click.echo(f"kiosk: warning: {p.what}: {p.detail}", err=True)
    return run(terminal, windowed=windowed, base_config=base)


if __name__ == "__main__":
    sys.exit(start_terminal(None, None))

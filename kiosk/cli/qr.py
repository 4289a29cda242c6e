"""``kiosk qr``: listen to a serial QR scanner, run the scanner emulator.

``kiosk qr listen --port PATH [--json]`` prints every code read (one line each)
until interrupted or ``--count`` codes were read; ``kiosk qr simulate`` starts the
pty emulator, prints the port to open on its first line, then scans every line
read from standard input (``:unplug``, ``:replug``, ``:raw HEX`` and ``:quit``
control it).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import queue
import signal
import sys
import threading
from typing import Any

import click

from kiosk.cli.main import load_cli_config

_TERMINATORS = {"cr": b"\r", "crlf": b"\r\n", "lf": b"\n"}


@click.group()
def qr() -> None:
    """QR / barcode scanner tools (serial and emulator)."""


@qr.command()
@click.option("--port", required=True, help="Serial port of the scanner (e.g. /dev/ttyACM0).")
@click.option("--baud", type=int, default=None, help="Baud rate (default: from config).")
@click.option(
    "--terminator",
    type=click.Choice(["any", "cr", "crlf", "lf"]),
    default=None,
    help="What ends a code (default: from config).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per code.")
@click.option("--count", type=int, default=0, help="Exit after this many codes (0: never).")
@click.option(
    "--timeout", type=float, default=0.0, help="Exit with status 1 after S seconds with no code."
)
@click.pass_context
def listen(
    ctx: click.Context,
    port: str,
    baud: int | None,
    terminator: str | None,
    as_json: bool,
    count: int,
    timeout: float,
) -> None:
    """Print each code read from the serial scanner on PORT."""
    from drivers.base import DeviceError, DeviceEvent
    from drivers.qr_scanner import CodeScanned, ScannerConnection, ScanRejected, SerialQrScanner
    from kiosk.devices.factories.qr_scanner import serial_settings

    cfg = load_cli_config(ctx).devices.qr_scanner
    # The command reports connection changes itself; the driver's log lines would
    # only repeat them on stderr.
    logging.getLogger("drivers.qr_scanner").setLevel(logging.ERROR)
    update: dict[str, Any] = {}
    if baud is not None:
        update["baud"] = baud
    if terminator is not None:
        update["terminator"] = terminator
    settings = serial_settings(cfg.model_copy(update=update), port=port)
    events: queue.Queue[DeviceEvent] = queue.Queue()
    device = SerialQrScanner(settings, name="qr_scanner")
    device.set_event_sink(events.put)
    try:
        device.open()
    except DeviceError as e:
        click.echo(f"error: {e.detail}", err=True)
        ctx.exit(1)
    stop = threading.Event()
    _on_signals(stop)
    seen = 0
    try:
        while not stop.is_set():
            try:
                event = events.get(timeout=timeout if timeout > 0 else 0.2)
            except queue.Empty:
                if timeout > 0:
                    click.echo(f"error: no code within {timeout:g} s", err=True)
                    ctx.exit(1)
                continue
            if isinstance(event, CodeScanned):
                seen += 1
                if as_json:
                    line = json.dumps(
                        {
                            "text": event.text,
                            "length": len(event.text),
                            "source": event.source,
                            "time": dt.datetime.now()
                            .astimezone()
                            .isoformat(timespec="milliseconds"),
                        },
                        ensure_ascii=False,
                    )
                    click.echo(line)
                else:
                    click.echo(event.text)
                sys.stdout.flush()
                if count and seen >= count:
                    break
            elif isinstance(event, ScanRejected):
                click.echo(f"rejected: {event.reason}: {event.detail}", err=True)
            elif isinstance(event, ScannerConnection):
                state = "reconnected" if event.connected else "disconnected, retrying"
                click.echo(f"scanner {state}: {event.detail}", err=True)
    finally:
        device.close()


@qr.command()
@click.option(
    "--link",
    default=None,
    help="Stable path of the emulated port (a symlink to the pty; default: a temp dir).",
)
@click.option("--code", "codes", multiple=True, help="Scan this code at start (repeatable).")
@click.option(
    "--terminator", type=click.Choice(sorted(_TERMINATORS)), default="cr", show_default=True
)
@click.option(
    "--encoding", type=click.Choice(["utf-8", "gb18030"]), default="utf-8", show_default=True
)
@click.option("--pace", is_flag=True, help="Deliver bytes at the configured baud rate.")
@click.pass_context
def simulate(
    ctx: click.Context,
    link: str | None,
    codes: tuple[str, ...],
    terminator: str,
    encoding: str,
    pace: bool,
) -> None:
    """Run the scanner emulator on a pty; print its port; scan each stdin line.

    Control lines: ``:unplug``, ``:replug``, ``:raw HEX`` (bytes as they are),
    ``:quit``. At the end of input the emulator keeps running until interrupted.
    """
    from pathlib import Path

    from drivers.qr_scanner_emulator import EmulatorError, QrScannerEmulator

    cfg = load_cli_config(ctx).devices.qr_scanner
    link_path = Path(link).expanduser() if link else None
    if link_path is not None and not link_path.parent.is_dir():
        click.echo(f"error: directory {link_path.parent} does not exist", err=True)
        ctx.exit(1)
    emulator = QrScannerEmulator(
        link_dir=link_path.parent if link_path else None,
        link_name=link_path.name if link_path else "ttyQR0",
        terminator=_TERMINATORS[terminator],
        encoding=encoding,
        pace_baud=cfg.baud if pace else None,
    )
    port = emulator.start()
    click.echo(port)
    click.echo(f"scanner emulator on {emulator.slave_name}; type codes, :quit to stop", err=True)
    sys.stdout.flush()
    stop = threading.Event()
    _on_signals(stop)
    try:
        for code in codes:
            emulator.scan(code)
        reader = threading.Thread(
            target=_stdin_loop, args=(emulator, stop, EmulatorError), daemon=True
        )
        reader.start()
        while not stop.is_set():
            stop.wait(0.2)
    finally:
        emulator.close()


def _stdin_loop(emulator: Any, stop: threading.Event, emulator_error: type[Exception]) -> None:
    for raw in sys.stdin:
        line = raw.rstrip("\r\n")
        try:
            if line == ":quit":
                break
            if line == ":unplug":
                emulator.unplug()
                click.echo("unplugged", err=True)
            elif line == ":replug":
                emulator.replug()
                click.echo(f"plugged in on {emulator.slave_name}", err=True)
            elif line.startswith(":raw "):
                emulator.send_raw(bytes.fromhex(line[5:]))
            elif line:
                emulator.scan(line)
        except (emulator_error, ValueError) as e:
            click.echo(f"error: {e}", err=True)
    else:
        return  # end of input: keep the emulator up until a signal
    stop.set()


def _on_signals(stop: threading.Event) -> None:
    def handler(signum: int, frame: object) -> None:
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, handler)
        signal.signal(signal.SIGTERM, handler)

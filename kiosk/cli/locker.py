"""``kiosk locker``: open a lock and read door states on a Modbus RTU lock board.

``kiosk locker open --port PATH --address A --lock L [--baud 9600]`` pulses coil
L−1 of unit A, waits until discrete input L−1 (the door) reads open and exits 0;
it exits 1 with a one-line reason when the board does not answer, answers badly,
refuses, or the door stays shut. ``kiosk locker status --port PATH --address A
--locks N [--json]`` prints each lock's door state. Lock numbers are 1-based as on
the board's label; coils and inputs are 0-based on the wire.

``kiosk locker simulate`` starts the simulated boards (pymodbus's server on a pty)
and prints the port on its first line, for trying the commands without hardware;
with ``--configured`` and ``--link`` it is the locker a terminal configured with
``[devices.locker] sim_port`` uses, in a process of its own that survives the
terminal's (the power-cut test kills the terminal, not the locker).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click


def _quiet_pymodbus() -> None:
    # pymodbus logs every timeout at ERROR on its own; the command prints one line.
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL + 1)
    logging.getLogger("pymodbus.logging").setLevel(logging.CRITICAL + 1)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


@click.group()
def locker() -> None:
    """Document locker tools (Modbus RTU lock boards on RS-485)."""


_port = click.option("--port", required=True, help="Serial port of the RS-485 adapter.")
_address = click.option(
    "--address",
    type=click.IntRange(1, 247),
    required=True,
    help="Modbus unit address of the board.",
)
_baud = click.option("--baud", type=int, default=9600, show_default=True, help="Baud rate (8N1).")
_timeout = click.option(
    "--timeout", type=float, default=0.5, show_default=True, help="Seconds to wait for an answer."
)


@locker.command("open")
@_port
@_address
@click.option("--lock", type=click.IntRange(1, 2000), required=True, help="Lock number (1-based).")
@_baud
@_timeout
@click.option(
    "--confirm",
    type=float,
    default=3.0,
    show_default=True,
    help="Seconds the door may take to read open.",
)
def open_cmd(port: str, address: int, lock: int, baud: int, timeout: float, confirm: float) -> None:
    """Pulse lock LOCK of board ADDRESS and wait until its door reads open."""
    _quiet_pymodbus()
    from drivers.locker import LockerError, ModbusLockBus, wait_for_door

    bus = ModbusLockBus(port, baud=baud, timeout_s=timeout)
    try:
        bus.pulse(address, lock - 1)
        opened = wait_for_door(bus, address, lock - 1, want_closed=False, timeout_s=confirm)
    except LockerError as e:
        _fail(e.detail)
    finally:
        bus.close()
    if not opened:
        _fail(
            f"unit {address} lock {lock}: pulsed, but the door still reads closed after {confirm:g} s"
        )
    click.echo(f"unit {address} lock {lock}: open")


@locker.command()
@_port
@_address
@click.option("--locks", type=click.IntRange(1, 2000), required=True, help="Number of locks.")
@_baud
@_timeout
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
def status(port: str, address: int, locks: int, baud: int, timeout: float, as_json: bool) -> None:
    """Print the door state of locks 1..LOCKS of board ADDRESS."""
    _quiet_pymodbus()
    from drivers.locker import LockerError, ModbusLockBus

    bus = ModbusLockBus(port, baud=baud, timeout_s=timeout)
    try:
        bits = bus.read_inputs(address, 0, locks)
    except LockerError as e:
        _fail(e.detail)
    finally:
        bus.close()
    doors = ["closed" if b else "open" for b in bits]
    if as_json:
        payload = {
            "address": address,
            "locks": [{"lock": n, "door": d} for n, d in enumerate(doors, start=1)],
        }
        click.echo(json.dumps(payload, ensure_ascii=False))
        return
    for n, d in enumerate(doors, start=1):
        click.echo(f"lock {n}: {d}")


@locker.command()
@click.option("--boards", default="1", show_default=True, help="Unit addresses, comma-separated.")
@click.option("--locks", type=click.IntRange(1, 64), default=16, show_default=True)
@click.option("--baud", type=int, default=9600, show_default=True)
@click.option("--pace", is_flag=True, help="Hold each frame for its time on the wire.")
@click.option(
    "--configured",
    is_flag=True,
    help="Boards as [devices.locker] of the terminal's configuration (kiosk --config PATH) "
    "wires them, item sensors included; overrides --boards and --locks.",
)
@click.option(
    "--link",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to put the port (a symlink), e.g. the sim_port a terminal is configured with.",
)
@click.pass_context
def simulate(
    ctx: click.Context,
    boards: str,
    locks: int,
    baud: int,
    pace: bool,
    configured: bool,
    link: Path | None,
) -> None:
    """Run simulated lock boards; print the port, then act on command lines until EOF.

    The boards outlive the terminals that use them (a power cut of the terminal
    leaves the locker as it was). Commands, one a line, each answered by one line:
    ``close U L`` (push the door shut; "left-open" if it will not latch), ``open U L``
    (by hand), ``put U L`` / ``take U L`` (an item), ``show U L`` → ``U L door=open
    item=1 pulses=2``. A malformed line is answered ``error: ...``.
    """
    from drivers.locker_sim import BoardModel, LockerBusSimulator, LockerModel

    if configured:
        from kiosk.cli.main import load_cli_config
        from kiosk.devices.factories.locker import sim_model

        model = sim_model(load_cli_config(ctx).devices.locker)
    else:
        units = [int(u) for u in boards.split(",") if u.strip()]
        model = LockerModel([BoardModel(u, locks=locks) for u in units])
    sim = LockerBusSimulator(
        model,
        link_dir=link.parent if link is not None else None,
        link_name=link.name if link is not None else "ttyLOCK0",
        baudrate=baud,
        pace=pace,
    )
    sim.start()
    click.echo(sim.port, nl=True)
    sys.stdout.flush()
    try:
        for line in sys.stdin:
            if line.strip():
                click.echo(_sim_command(model, line.split()))
                sys.stdout.flush()
    finally:
        sim.close()


def _sim_command(model: Any, parts: list[str]) -> str:
    """One command line of ``simulate`` acted on the model; the line to answer."""
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        return "error: expected 'close|open|put|take|show UNIT LOCK'"
    what, unit, lock = parts[0], int(parts[1]), int(parts[2])
    board = model.boards.get(unit)
    if board is None or not 1 <= lock <= board.locks:
        return f"error: no lock {lock} on unit {unit}"
    if what == "close":
        return (
            f"{unit} {lock} closed" if model.close_door(unit, lock) else f"{unit} {lock} left-open"
        )
    actions = {"open": model.open_door_by_hand, "put": model.put_item, "take": model.take_item}
    if what in actions:
        actions[what](unit, lock)
        return f"{unit} {lock} {what} done"
    if what == "show":
        c = board.compartment(lock)
        door = "closed" if c.door_closed else "open"
        return f"{unit} {lock} door={door} item={int(c.item_present)} pulses={c.pulses}"
    return f"error: unknown command {what!r}"

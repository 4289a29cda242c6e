"""``kiosk smartcard``: list PC/SC readers, read a social security card, run the simulator."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

import click

from kiosk.cli.main import load_cli_config

SOCKET_HELP = (
    "pcscd socket to use (sets PCSCLITE_CSOCK_NAME), e.g. the one "
    "'kiosk smartcard simulate' prints."
)


def _fail(message: str, code: int = 1) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def _use_socket(path: Path | None) -> None:
    if path is not None:
        from drivers.smartcard_sim.pcscd import SOCKET_ENV

        os.environ[SOCKET_ENV] = str(path)


@click.group()
def smartcard() -> None:
    """Social security card reader (PC/SC) tools."""


@smartcard.command()
@click.option("--pcsc-socket", type=click.Path(path_type=Path), default=None, help=SOCKET_HELP)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def readers(pcsc_socket: Path | None, as_json: bool) -> None:
    """List the PC/SC readers and whether a card is in each."""
    _use_socket(pcsc_socket)
    from drivers.smartcard import reader_states
    from drivers.smartcard_protocol import PcscUnavailable

    try:
        states = reader_states()
    except PcscUnavailable as e:
        _fail(f"{e.detail} — is pcscd running? (try: kiosk smartcard simulate)")
    if as_json:
        click.echo(json.dumps([s.__dict__ for s in states], ensure_ascii=False))
        return
    if not states:
        click.echo("no readers")
    for s in states:
        card = f"card present, ATR {s.atr}" if s.present else "no card"
        click.echo(f"{s.name}: {card}")


@smartcard.command()
@click.option("--reader", "reader_filter", default=None, help="Reader name (or part of it).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option(
    "--show-personal-data", is_flag=True, help="Print the full name and numbers (unmasked)."
)
@click.option(
    "--wait",
    "wait_s",
    type=float,
    default=10.0,
    show_default=True,
    help="Seconds to wait for a card.",
)
@click.option(
    "--strategy",
    type=click.Choice(["select", "sfi"]),
    default=None,
    help="Record addressing (default: from config).",
)
@click.option("--pcsc-socket", type=click.Path(path_type=Path), default=None, help=SOCKET_HELP)
@click.pass_context
def read(
    ctx: click.Context,
    reader_filter: str | None,
    as_json: bool,
    show_personal_data: bool,
    wait_s: float,
    strategy: str | None,
    pcsc_socket: Path | None,
) -> None:
    """Wait for a social security card, read it and print it (masked unless asked).

    Exit status: 0 read and valid, 1 read failed or no card, 3 not a social
    security card, 4 read but not valid (expired, bad number).
    """
    config = load_cli_config(ctx)
    _use_socket(pcsc_socket)
    from drivers.smartcard import (
        CardReadFailed,
        SocialSecurityCardRead,
        UnsupportedCard,
        read_card_in_reader,
        wait_for_card,
    )
    from drivers.smartcard_protocol import PcscUnavailable, ReadStrategy
    from kiosk.identity.document import IdentityError
    from kiosk.identity.smartcard import document_from_event

    cfg = config.devices.smartcard
    name_filter = cfg.reader if reader_filter is None else reader_filter
    deadline = time.monotonic() + wait_s
    try:
        while True:
            reader = wait_for_card(name_filter, max(0.0, deadline - time.monotonic()))
            if reader is None:
                _fail(f"no card inserted within {wait_s:g} s (readers matching '{name_filter}')")
                return
            event = read_card_in_reader(reader, ReadStrategy(strategy or cfg.read_strategy))
            # A card swapped while it was being read: within the wait window, read
            # the card that is there now instead of failing.
            swapped = isinstance(event, CardReadFailed) and event.error == "CardRemovedDuringRead"
            if not swapped or time.monotonic() >= deadline:
                break
            time.sleep(0.2)
    except PcscUnavailable as e:
        _fail(f"{e.detail} — is pcscd running? (try: kiosk smartcard simulate)")
        return
    if isinstance(event, UnsupportedCard):
        _fail(f"{event.resident_message} ({event.detail}, ATR {event.atr})", 3)
    if isinstance(event, CardReadFailed) or not isinstance(event, SocialSecurityCardRead):
        detail = event.detail if isinstance(event, CardReadFailed) else type(event).__name__
        msg = event.resident_message if isinstance(event, CardReadFailed) else ""
        _fail(f"read failed: {detail} ({msg})")
        return
    doc = document_from_event(event)
    problem = ""
    try:
        doc.validate()
    except IdentityError as e:
        problem = f"{e.resident_message} ({e.detail})"
    out: dict[str, Any] = doc.to_dict(show_personal_data)
    out.update(reader=reader, apdus=event.apdus, valid=not problem, problem=problem or None)
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False))
    else:
        for key, value in out.items():
            click.echo(f"{key}: {'' if value is None else value}")
    if problem:
        if not as_json:
            click.echo(f"not valid: {problem}", err=True)
        sys.exit(4)


@smartcard.command()
@click.option(
    "--card",
    "deck_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Card deck (default: the sample deck in config/).",
)
@click.option("--insert", "insert_id", default=None, help="Card id to insert at start (slot 0).")
@click.option(
    "--socket",
    "socket_mode",
    type=click.Choice(["auto", "private", "system"]),
    default="auto",
    show_default=True,
    help="system: serve /run/pcscd/pcscd.comm (any PC/SC tool sees the cards); private: "
    "own socket (next to a system pcscd); auto: system if free.",
)
@click.option(
    "--duration", type=float, default=None, help="Exit after this many seconds (default: never)."
)
@click.pass_context
def simulate(
    ctx: click.Context,
    deck_path: Path | None,
    insert_id: str | None,
    socket_mode: str,
    duration: float | None,
) -> None:
    """Run pcscd with virtual readers (vpcd) holding virtual cards from a deck.

    Commands on stdin: ``list``, ``insert CARD [SLOT]``, ``remove [SLOT]``,
    ``restart`` (restart pcscd), ``quit``. Stops on Ctrl-C, SIGTERM or ``quit``.
    """
    import tempfile

    from drivers.smartcard_sim.card import DeckError, load_deck
    from drivers.smartcard_sim.pcscd import SYSTEM_SOCKET, PcscdUnavailable, socket_alive
    from drivers.smartcard_sim.stack import VpcdStack

    config = load_cli_config(ctx)
    cfg = config.devices.smartcard
    path = deck_path or config.data_file(cfg.sim_deck)
    try:
        deck = load_deck(path)
        if insert_id:
            deck.get(insert_id)
    except DeckError as e:
        _fail(str(e), 2)
        return
    private: bool | None
    if socket_mode == "auto":
        private = None if socket_alive(SYSTEM_SOCKET) else False
    else:
        private = socket_mode == "private"
    work_dir = Path(tempfile.mkdtemp(prefix="kiosk-smartcard-sim-"))
    try:
        stack = VpcdStack(deck, work_dir, private=private)
        stack.start()
    except PcscdUnavailable as e:
        _fail(f"cannot start pcscd with vpcd: {e}", 2)
        return
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        if insert_id:
            stack.insert(insert_id)
        click.echo(f"pcscd pid {stack.pcscd.pid}, readers: {', '.join(stack.readers)}")
        click.echo(f"PC/SC socket: {stack.socket_path}")
        if stack.pcscd.private:
            click.echo(
                f"read with: kiosk smartcard read --pcsc-socket {stack.socket_path}"
                f"  (or export PCSCLITE_CSOCK_NAME={stack.socket_path})"
            )
        click.echo(f"cards: {', '.join(deck.ids)}")
        click.echo("commands: list | insert CARD [SLOT] | remove [SLOT] | restart | quit")
        threading.Thread(target=_command_loop, args=(stack, stop), daemon=True).start()
        deadline = None if duration is None else time.monotonic() + duration
        while not stop.is_set():
            if deadline is not None and time.monotonic() >= deadline:
                break
            if not stack.pcscd.alive():
                click.echo("pcscd exited:\n" + stack.pcscd.log_tail(), err=True)
                sys.exit(1)
            stop.wait(0.2)
    finally:
        stack.stop()
        import shutil

        shutil.rmtree(work_dir, ignore_errors=True)


def _command_loop(stack: Any, stop: threading.Event) -> None:
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        cmd, args = words[0], words[1:]
        try:
            if cmd == "quit":
                stop.set()
                return
            if cmd == "list":
                for i in range(len(stack.readers)):
                    click.echo(f"slot {i} ({stack.readers[i]}): {stack.inserted(i) or '-'}")
            elif cmd == "insert" and args:
                stack.insert(args[0], int(args[1]) if len(args) > 1 else 0)
                click.echo(f"inserted {args[0]}")
            elif cmd == "remove":
                stack.remove(int(args[0]) if args else 0)
                click.echo("removed")
            elif cmd == "restart":
                stack.restart_pcscd()
                click.echo(f"pcscd restarted, pid {stack.pcscd.pid}")
            else:
                click.echo(f"unknown command: {line.strip()}", err=True)
        except (ValueError, IndexError) as e:
            click.echo(f"error: {e}", err=True)

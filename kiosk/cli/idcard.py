"""``kiosk idcard``: read one card from a GA 467 reader, or run the reader emulator."""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any

import click

from kiosk.cli.main import load_cli_config

#: The keys of ``kiosk idcard read --json``, in this order, whatever the card type.
JSON_KEYS = (
    "card_type",
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "address",
    "id_number",
    "issuer",
    "valid_from",
    "valid_to",
)

LABELS = {
    "card_type": "证件类型 card type",
    "name": "姓名 name",
    "gender": "性别 gender",
    "ethnicity": "民族 ethnicity",
    "birth_date": "出生 birth date",
    "address": "住址 address",
    "id_number": "号码 number",
    "issuer": "签发机关 issuer",
    "valid_from": "有效期起 valid from",
    "valid_to": "有效期止 valid to",
}


def _fail(ctx: click.Context, message: str, code: int = 1) -> None:
    click.echo(message, err=True)
    ctx.exit(code)


@click.group()
def idcard() -> None:
    """Second-generation ID card reader (GA 467 SAM protocol)."""


@idcard.command()
@click.option("--port", help="Serial port of the reader (default: from config).")
@click.option("--baud", type=click.Choice(["9600", "19200", "38400", "57600", "115200"]))
@click.option(
    "--timeout", type=float, default=10.0, show_default=True, help="Seconds to wait for a card."
)
@click.option("--json", "as_json", is_flag=True, help="Print the document as JSON.")
@click.option("--show-personal-data", is_flag=True, help="Do not mask name, number and address.")
@click.option(
    "--check",
    is_flag=True,
    help="Exit 4 if the document would be refused (expired, invalid number).",
)
@click.option("--fingerprint", is_flag=True, help="Read with fingerprints (30 10).")
@click.pass_context
def read(
    ctx: click.Context,
    port: str | None,
    baud: str | None,
    timeout: float,
    as_json: bool,
    show_personal_data: bool,
    check: bool,
    fingerprint: bool,
) -> None:
    """Read one card and print the document (masked unless --show-personal-data).

    Exit codes: 0 read, 1 reader/protocol error, 2 bad configuration,
    3 no card within --timeout, 4 refused (with --check), 5 unreadable card text.
    """
    from drivers.idcard.errors import IdCardError, NoCard, ReaderTimeout
    from drivers.idcard.reader import IdCardReader
    from kiosk.devices.factories.idcard import wlt_decoder
    from kiosk.identity.document import IdentityError
    from kiosk.identity.idcard_text import document_from_card

    cfg = load_cli_config(ctx)
    settings = cfg.devices.idcard
    try:
        decoder = wlt_decoder(settings, cfg, sim=True)
    except IdCardError as e:
        _fail(ctx, f"error: {e.detail}", 2)
        return
    reader = IdCardReader(
        port or settings.port,
        baud=int(baud) if baud else settings.baud,
        poll_interval_s=settings.poll_interval_s,
        read_timeout_s=settings.read_timeout_s,
        retries=settings.retries,
        read_fingerprint=fingerprint or settings.read_fingerprint,
        wlt_decoder=decoder,
        auto_poll=False,
    )
    try:
        reader.open()
        event = reader.read_card(timeout)
    except NoCard:
        _fail(ctx, f"no card: none placed on the reader within {timeout:g} s", 3)
        return
    except ReaderTimeout as e:
        _fail(ctx, f"timeout: {e.detail}", 1)
        return
    except IdCardError as e:
        _fail(ctx, f"reader error ({type(e).__name__}): {e.detail}", 1)
        return
    finally:
        reader.close()
    try:
        doc = document_from_card(event)
    except IdentityError as e:
        _fail(ctx, f"unreadable card text: {e.detail}", 5)
        return
    finally:
        event.wipe()
    full = doc.to_dict(show_personal_data=show_personal_data)
    out: dict[str, Any] = {k: full.get(k) for k in JSON_KEYS}
    problem = ""
    try:
        doc.validate()
    except IdentityError as e:
        problem = f"{e.resident_message} ({e.detail})"
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False))
    else:
        for key in JSON_KEYS:
            click.echo(f"{LABELS[key]}: {out[key] if out[key] is not None else ''}")
        click.echo(f"照片 photo: {doc.extra.get('photo_status', '')}")
    doc.wipe()
    if problem:
        click.echo(
            f"refused: {problem}" if check else f"warning: would be refused: {problem}", err=True
        )
        if check:
            ctx.exit(4)


@idcard.command()
@click.option(
    "--deck",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Deck JSON (default: config/idcard_deck.json).",
)
@click.option("--link", type=click.Path(path_type=Path), help="Also make this symlink to the pty.")
@click.option("--baud", type=click.Choice(["9600", "19200", "38400", "57600", "115200"]))
@click.option("--pace", is_flag=True, help="Send bytes at the baud rate, like a real line.")
@click.option(
    "--card", "card_index", type=int, default=0, show_default=True, help="Card placed at start."
)
@click.option("--empty", is_flag=True, help="Start with no card on the reader.")
@click.option(
    "--fault",
    "faults",
    multiple=True,
    help="Inject a fault on every answer: garbage, bad-checksum, truncated, wrong-length, slow, pull, sam-fault.",
)
@click.pass_context
def simulate(
    ctx: click.Context,
    deck: Path | None,
    link: Path | None,
    baud: str | None,
    pace: bool,
    card_index: int,
    empty: bool,
    faults: tuple[str, ...],
) -> None:
    """Run the reader emulator on a pty and print the port to use.

    Commands on stdin: ``list``, ``place N``, ``remove``, ``fault NAME``, ``clear``,
    ``unplug``, ``replug``, ``quit``. Ctrl-C stops it.
    """
    from drivers.idcard.deck import DeckError, load_deck
    from drivers.idcard.emulator import Fault, SamEmulator

    cfg = load_cli_config(ctx)
    settings = cfg.devices.idcard
    path = deck or cfg.data_file(settings.sim_deck)
    try:
        cards = load_deck(path)
        parsed = [Fault(f) for f in faults]
    except DeckError as e:
        _fail(ctx, f"error: {e}", 2)
        return
    except ValueError as e:
        _fail(ctx, f"error: {e}; faults: {', '.join(f.value for f in Fault)}", 2)
        return
    if not 0 <= card_index < len(cards):
        _fail(ctx, f"error: --card {card_index}: the deck has {len(cards)} cards", 2)
        return
    emulator = SamEmulator(
        cards, baud=int(baud) if baud else settings.baud, pace=pace, link_path=link
    )
    port = emulator.start()
    for f in parsed:
        emulator.inject(f, times=-1)
    if not empty:
        emulator.place_card(card_index)
    click.echo(port)
    click.echo(
        f"# {len(cards)} cards; on the reader: {'none' if empty else cards[card_index].label}",
        err=True,
    )
    sys.stdout.flush()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())

    def console() -> None:
        for line in sys.stdin:
            if _command(emulator, line.split()) == "quit":
                done.set()
                return
        # EOF on stdin (started from a script with </dev/null) is not a reason to stop.

    threading.Thread(target=console, daemon=True).start()
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()


def _command(emulator: Any, words: list[str]) -> str:
    from drivers.idcard.emulator import Fault

    if not words:
        return ""
    cmd, args = words[0], words[1:]
    try:
        if cmd == "list":
            for i, card in enumerate(emulator.cards):
                click.echo(f"{i}: {card.label}", err=True)
        elif cmd == "place":
            card = emulator.place_card(int(args[0]) if args else 0)
            click.echo(f"placed: {card.label}", err=True)
        elif cmd == "remove":
            emulator.remove_card()
            click.echo("removed", err=True)
        elif cmd == "fault":
            emulator.inject(Fault(args[0]), times=int(args[1]) if len(args) > 1 else 1)
            click.echo(f"fault armed: {args[0]}", err=True)
        elif cmd == "clear":
            emulator.clear_faults()
        elif cmd == "unplug":
            emulator.unplug()
        elif cmd == "replug":
            emulator.replug()
            click.echo(emulator.port, err=True)
        elif cmd == "quit":
            return "quit"
        else:
            click.echo(f"unknown command {cmd!r}", err=True)
    except (ValueError, IndexError) as e:
        click.echo(f"error: {e}", err=True)
    return cmd

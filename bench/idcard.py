"""ID card reader: card placed → parsed document over a paced pty, and parser throughput.

The SAM emulator paces its bytes at the baud rate (10 bits per byte, 8N1) and waits
out the wire time of each host frame, as a real serial line would. The card is
placed right after the driver's *find* has been answered "no card" (the worst
case: the driver has to wait a whole poll interval). The time runs until the
``CardRead`` event has been turned into an ``IdentityDocument``.

Floor = wire time of every byte exchanged in the cycle (find, select, read, both
directions) + the poll interval. Ratio = measured / floor (target < 1.10).
Parser throughput target: > 50 000 frames/s.

    .venv/bin/python bench/idcard.py [--cycles 10] [--baud 115200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchstats import pct

from drivers.base import DeviceEvent
from drivers.idcard.deck import load_deck
from drivers.idcard.emulator import Exchange, SamEmulator
from drivers.idcard.events import CardRead, CardRemoved
from drivers.idcard.payload import build_base_info
from drivers.idcard.protocol import (
    FrameDecoder,
    decode_response,
    encode_response,
    wire_seconds,
)
from drivers.idcard.reader import IdCardReader
from drivers.idcard.sam_wire import SamCommand
from drivers.idcard.wlt import SimPhotoDecoder
from kiosk.config import CONFIG_DIR
from kiosk.identity.idcard_text import document_from_card


class Cycle:
    """Places the card right after a missed find; records bytes until the document."""

    def __init__(self, emulator: SamEmulator) -> None:
        self.emulator = emulator
        self.armed = False
        self.placed_at = 0.0
        self.wire_bytes = 0
        self.counting = False
        self.done = threading.Event()
        self.removed = threading.Event()
        self.elapsed: list[float] = []
        self.floors: list[float] = []
        self.poll_s = 0.3

    def on_exchange(self, ex: Exchange) -> None:
        if self.counting and ex.command in (
            SamCommand.FIND,
            SamCommand.SELECT,
            SamCommand.READ_BASE,
        ):
            self.wire_bytes += ex.bytes_in + ex.bytes_out
        if self.armed and ex.command is SamCommand.FIND and ex.sw3 == 0x80:
            self.armed = False
            self.wire_bytes = 0
            self.counting = True
            self.emulator.place_card(0)
            self.placed_at = time.monotonic()

    def on_event(self, ev: DeviceEvent) -> None:
        if isinstance(ev, CardRead) and self.counting:
            doc = document_from_card(ev)
            t = time.monotonic() - self.placed_at
            self.counting = False
            assert doc.id_number and doc.photo is not None and doc.photo.is_image
            ev.wipe()
            doc.wipe()
            self.elapsed.append(t)
            self.floors.append(wire_seconds(self.wire_bytes, self.emulator.baud) + self.poll_s)
            self.done.set()
        elif isinstance(ev, CardRemoved):
            self.removed.set()


def bench_cycle(cycles: int, baud: int) -> None:
    deck = load_deck(CONFIG_DIR / "idcard_deck.json")
    emulator = SamEmulator(deck, baud=baud, pace=True)
    emulator.start()
    cycle = Cycle(emulator)
    emulator.add_observer(cycle.on_exchange)
    reader = IdCardReader(emulator.port, baud=baud, wlt_decoder=SimPhotoDecoder())
    cycle.poll_s = reader.poll_interval_s
    reader.set_event_sink(cycle.on_event)
    reader.open()
    try:
        for _ in range(cycles):
            cycle.done.clear()
            cycle.removed.clear()
            cycle.armed = True
            if not cycle.done.wait(10):
                raise SystemExit("no card read within 10 s")
            emulator.remove_card()
            if not cycle.removed.wait(5):
                raise SystemExit("removal not seen within 5 s")
    finally:
        reader.close()
        emulator.stop()
    med = statistics.median(cycle.elapsed)
    floor = statistics.median(cycle.floors)
    wire = floor - cycle.poll_s
    print(f"card placed → document at {baud} baud, {cycles} cycles (worst-case placement)")
    print(f"  measured   median {med * 1000:7.1f} ms  (min {min(cycle.elapsed) * 1000:.1f}, "
          f"max {max(cycle.elapsed) * 1000:.1f})")  # fmt: skip
    print(f"  floor             {floor * 1000:7.1f} ms  (wire {wire * 1000:.1f} ms for "
          f"{round(wire * baud / 10)} bytes + poll {cycle.poll_s * 1000:.0f} ms)")  # fmt: skip
    p99 = pct(cycle.elapsed, 0.99)
    print(f"  p99               {p99 * 1000:7.1f} ms")
    print(
        f"  ratio             median {med / floor:7.3f}  p99 {p99 / floor:7.3f}   (target < 1.10)"
    )


def bench_parser(seconds: float = 1.0) -> None:
    big = encode_response(0x90, build_base_info(bytes(256), bytes(range(256)) * 4))
    small = encode_response(0x90)
    for label, frame in (("read-base-info 1295 B", big), ("status 11 B", small)):
        n = 0
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            for _ in range(1000):
                decode_response(frame)
            n += 1000
        rate = n / (time.perf_counter() - t0)
        print(f"  parser, {label:22s} {rate:12,.0f} frames/s  (target > 50,000)")
    stream = (small + big) * 500
    dec = FrameDecoder()
    t0 = time.perf_counter()
    dec.feed(stream)
    got = 0
    while dec.next_frame() is not None:
        got += 1
    rate = got / (time.perf_counter() - t0)
    print(f"  stream decoder, mixed frames  {rate:12,.0f} frames/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cycles", type=int, default=10)
    ap.add_argument("--baud", type=int, default=115200)
    args = ap.parse_args()
    bench_cycle(args.cycles, args.baud)
    print("frame parser")
    bench_parser()


if __name__ == "__main__":
    main()

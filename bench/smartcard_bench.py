"""Benchmark: social security card inserted → identity parsed, over the real PC/SC stack.

pyscard → private pcscd → vpcd → our virtual card. For each read strategy it
prints, over N insertions: the median time from insertion to a validated
IdentityDocument, split into detection (insertion → CardInserted: pcscd polls
vpcd slots every 400 ms, so this part is the simulator's, not a real reader's),
reading (CardInserted → SocialSecurityCardRead) and parsing (event → validated
document); the APDUs exchanged per read (fewer is better); and, for reference,
the same read through the in-process simulator (no PC/SC).

Usage: .venv/bin/python bench/smartcard_bench.py [--n 50] [--strategy select|sfi|both]
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
from drivers.smartcard import (
    CardInserted,
    CardRemoved,
    SmartCardReader,
    SocialSecurityCardRead,
    process_card,
    read_card_in_reader,
)
from drivers.smartcard_protocol import ReadStrategy
from drivers.smartcard_sim.card import VirtualCard, load_deck
from drivers.smartcard_sim.stack import process_stack, stop_process_stack
from drivers.smartcard_sim.vpcd import SWAP_GAP_S
from kiosk.config import CONFIG_DIR
from kiosk.identity.smartcard import document_from_event

CARD = "ssc-fz-gen2"


class Waiter:
    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.log: list[tuple[float, DeviceEvent]] = []

    def __call__(self, event: DeviceEvent) -> None:
        with self.cond:
            self.log.append((time.perf_counter(), event))
            self.cond.notify_all()

    def wait(self, cls: type, after: int, timeout: float = 10) -> tuple[float, DeviceEvent]:
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for t, e in self.log[after:]:
                    if isinstance(e, cls):
                        return t, e
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no {cls.__name__}")
                self.cond.wait(0.5)


def ms(values: list[float]) -> str:
    return (
        f"median {statistics.median(values) * 1000:7.1f} ms  p99 {pct(values, 0.99) * 1000:.1f} ms"
    )


def bench_insertions(strategy: ReadStrategy, n: int) -> dict[str, float]:
    deck = load_deck(CONFIG_DIR / "smartcard_deck.json")
    stack = process_stack(deck)
    waiter = Waiter()
    reader = SmartCardReader("bench", stack.reader_label, strategy, poll_timeout_ms=250)
    reader.set_event_sink(waiter)
    reader.open()
    total, detect, read, parse, apdus = [], [], [], [], []
    try:
        for _ in range(n):
            mark = len(waiter.log)
            time.sleep(SWAP_GAP_S)  # the slot would wait anyway: keep it out of the figure
            t0 = time.perf_counter()
            stack.insert(CARD)
            t_ins, _ = waiter.wait(CardInserted, mark)
            t_read, event = waiter.wait(SocialSecurityCardRead, mark)
            assert isinstance(event, SocialSecurityCardRead)
            doc = document_from_event(event)
            doc.validate()
            t_doc = time.perf_counter()
            total.append(t_doc - t0)
            detect.append(t_ins - t0)
            read.append(t_read - t_ins)
            parse.append(t_doc - t_read)
            apdus.append(event.apdus)
            mark = len(waiter.log)
            stack.remove(0)
            waiter.wait(CardRemoved, mark)
        # Reading a card already present, repeatedly: the APDU exchange cost alone.
        stack.insert(CARD)
        waiter.wait(SocialSecurityCardRead, len(waiter.log) - 1)
        direct = []
        for _ in range(n):
            t = time.perf_counter()
            read_card_in_reader(stack.readers[0], strategy)
            direct.append(time.perf_counter() - t)
        stack.remove(0)
    finally:
        reader.close()
    print(f"\n[{strategy.value}] {n} insertions through pyscard → pcscd → vpcd → virtual card")
    print(f"  inserted → identity parsed : {ms(total)}")
    print(f"    detection (pcscd poll)   : {ms(detect)}")
    print(f"    reading (connect + APDUs): {ms(read)}")
    print(f"    parse + validate         : {ms(parse)}")
    print(f"  APDUs per read             : {statistics.median(apdus):.0f}")
    print(f"  read of a present card     : {ms(direct)}")
    return {
        "total": statistics.median(total),
        "direct": statistics.median(direct),
        "direct_p99": pct(direct, 0.99),
        "apdus": statistics.median(apdus),
    }


def bench_in_process(strategy: ReadStrategy, n: int) -> float:
    deck = load_deck(CONFIG_DIR / "smartcard_deck.json")

    class Channel:
        def __init__(self, card: VirtualCard) -> None:
            self.card = card

        def transmit(self, apdu: bytes) -> tuple[bytes, int]:
            r = self.card.process(apdu)
            return r[:-2], int.from_bytes(r[-2:], "big")

    times = []
    for _ in range(n):
        t = time.perf_counter()
        card = VirtualCard(deck.get(CARD))
        event = process_card(Channel(card), "in-process", card.atr, "T=0", strategy)
        assert isinstance(event, SocialSecurityCardRead)
        document_from_event(event).validate()
        times.append(time.perf_counter() - t)
    print(f"  in-process simulator (no PC/SC), read + parse: {ms(times)}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--strategy", choices=["select", "sfi", "both"], default="both")
    args = parser.parse_args()
    strategies = (
        [ReadStrategy.SELECT, ReadStrategy.SFI]
        if args.strategy == "both"
        else [ReadStrategy(args.strategy)]
    )
    results = {}
    try:
        for s in strategies:
            results[s] = bench_insertions(s, args.n)
            bench_in_process(s, args.n)
    finally:
        stop_process_stack()
    if len(results) == 2:
        sel, sfi = results[ReadStrategy.SELECT], results[ReadStrategy.SFI]
        print(
            f"\nsfi vs select: {sfi['apdus']:.0f} vs {sel['apdus']:.0f} APDUs "
            f"({sfi['apdus'] / sel['apdus']:.2f}x); present-card read "
            f"{sfi['direct'] / sel['direct']:.2f}x the time at the median"
            f" ({sfi['direct'] * 1000:.1f} vs {sel['direct'] * 1000:.1f} ms),"
            f" {sfi['direct_p99'] / sel['direct_p99']:.2f}x at p99"
            f" ({sfi['direct_p99'] * 1000:.1f} vs {sel['direct_p99'] * 1000:.1f} ms)"
        )


if __name__ == "__main__":
    main()

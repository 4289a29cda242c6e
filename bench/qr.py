"""QR scanner benchmark: line-decoder throughput and scan-to-event latency over a real pty.

Prints figures; asserts nothing. Run: ``.venv/bin/python bench/qr.py``.

* decoder: codes per second and MB/s for 60-byte app-code lines fed in 4 KB reads;
* latency: time from the emulator writing a code to the driver's ``CodeScanned``
  event, the emulator pacing bytes at the baud rate (as a real line would), against
  the floor = wire time of the code's bytes at that baud; the ratio is our overhead.
"""

from __future__ import annotations

import queue
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchstats import pct

from drivers.qr_scanner import (
    CodeScanned,
    ScanLineDecoder,
    SerialQrScanner,
    SerialScannerSettings,
)
from drivers.qr_scanner_emulator import QrScannerEmulator

CODE = "zwapp1." + "Ab3_-x9Q" * 6 + "Zz"  # 57 characters, like a minted app-code token


def bench_decoder(n: int = 200_000) -> None:
    line = CODE.encode() + b"\r\n"
    blob = line * n
    dec = ScanLineDecoder()
    t0 = time.perf_counter()
    codes = 0
    for i in range(0, len(blob), 4096):
        codes += len(dec.feed(blob[i : i + 4096], now=0.0))
    dt = time.perf_counter() - t0
    print(
        f"decoder: {codes} codes in {dt:.3f} s = {codes / dt:,.0f} codes/s, {len(blob) / dt / 1e6:.1f} MB/s"
    )


def bench_latency(baud: int, rounds: int = 30) -> None:
    with QrScannerEmulator(pace_baud=baud) as emu:
        events: queue.Queue[object] = queue.Queue()
        dev = SerialQrScanner(SerialScannerSettings(port=emu.port, baud=baud))
        dev.set_event_sink(events.put)
        dev.open()
        try:
            samples = []
            for i in range(rounds):
                text = f"{CODE}{i:03d}"
                t0 = time.perf_counter()
                emu.scan(text)
                while True:
                    ev = events.get(timeout=5)
                    if isinstance(ev, CodeScanned) and ev.text == text:
                        break
                samples.append(time.perf_counter() - t0)
                time.sleep(0.01)
        finally:
            dev.close()
    floor = (len(CODE) + 3 + 1) * 10 / baud  # bytes + CR, 10 bits each (8N1)
    med = statistics.median(samples)
    p99 = pct(samples, 0.99)
    print(
        f"latency @ {baud:>6} baud: median {med * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms,"
        f" wire floor {floor * 1000:.2f} ms, ratio median {med / floor:.2f} p99 {p99 / floor:.2f}"
    )


if __name__ == "__main__":
    bench_decoder()
    for baud in (9600, 115200):
        bench_latency(baud)

"""Open-and-confirm latency of one locker compartment against the 9600-baud wire floor.

One trial: write single coil (pulse the lock), then read the door input until it
reads open; the simulated board opens the door on the pulse, so the floor is one
write-coil exchange (8 + 8 bytes) plus one discrete-input read (8 + 6 bytes). The
wire floor is those bytes × 10 bits / baud (8N1); the bytes actually exchanged are
counted on the simulator's relay (retries and extra polls included), and the
floor with the 3.5-character silent interval before each frame is printed too.

Two runs: ``paced`` (the relay holds every frame for its time on a 9600-baud wire:
the figure a real bus would give, less the boards' own reaction time) and ``pty``
(no pacing: what the driver and pymodbus cost on top of the wire).

    .venv/bin/python bench/locker.py [--trials 200] [--baud 9600]
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchstats import med_p99, median, pct

from drivers.locker import CompartmentSpec, LockerSettings, ModbusLocker
from drivers.locker_sim import BoardModel, LockerBusSimulator, LockerModel

WRITE_COIL = 8 + 8  # request + echo (Modbus over serial line, §6.5)
READ_ONE_INPUT = 8 + 6  # request + (address, function, byte count, 1 byte, CRC)
FRAMES = 4


def run(trials: int, baud: int, pace: bool) -> None:
    model = LockerModel([BoardModel(1, locks=4)])
    sim = LockerBusSimulator(model, baudrate=baud, pace=pace)
    sim.start()
    locker = ModbusLocker(
        LockerSettings(
            port=sim.port,
            baud=baud,
            timeout_s=1.0,
            retries=0,
            compartments=(CompartmentSpec("A01", 1, 0, 0),),
            poll_interval_s=0.001,
        )
    )
    locker.open()
    lat: list[float] = []
    wire: list[int] = []
    try:
        for _ in range(trials):
            model.close_door(1, 1)
            b0 = sim.request_bytes + sim.answer_bytes
            t0 = time.perf_counter()
            locker.open_compartment("A01")
            lat.append(time.perf_counter() - t0)
            wire.append(sim.request_bytes + sim.answer_bytes - b0)
    finally:
        locker.close()
        sim.close()
    char_s = 10 / baud
    floor = (WRITE_COIL + READ_ONE_INPUT) * char_s
    floor_gaps = floor + FRAMES * 3.5 * char_s
    measured_floor = [b * char_s for b in wire]
    label = "paced" if pace else "pty"
    print(f"[{label}] open-and-confirm, {trials} trials at {baud} baud")
    print(f"  latency            {med_p99(lat)}")
    print(
        f"  wire floor         {floor * 1000:7.2f} ms ({WRITE_COIL + READ_ONE_INPUT} bytes);"
        f" with 3.5-char gaps {floor_gaps * 1000:.2f} ms"
    )
    print(
        f"  bytes on the wire  median {median([float(b) for b in wire]):.0f}, p99 {pct([float(b) for b in wire], 0.99):.0f}"
        f" → {med_p99(measured_floor)}"
    )
    print(
        f"  ratio latency / floor: median {median(lat) / floor:.2f}, p99 {pct(lat, 0.99) / floor:.2f}"
        f"  (vs floor with gaps: median {median(lat) / floor_gaps:.2f})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--baud", type=int, default=9600)
    args = ap.parse_args()
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL + 1)
    run(args.trials, args.baud, pace=True)
    run(args.trials, args.baud, pace=False)


if __name__ == "__main__":
    main()

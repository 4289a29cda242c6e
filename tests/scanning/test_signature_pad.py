"""The serial signature pad: the real pyserial driver against the emulator on a real pty."""

from __future__ import annotations

import io
import math
import os
import threading
import time
from collections.abc import Iterator

import pytest
from PIL import Image

from drivers.base import DeviceAbsent, DeviceError, DeviceEvent, DeviceStatus, DeviceTimeout
from drivers.signature_pad import (
    PadButton,
    PadButtonPressed,
    PenSample,
    PenState,
    ProtocolError,
    SerialSignaturePad,
    checksum,
    frame,
    parse_line,
)
from drivers.signature_pad_emulator import SignaturePadEmulator
from kiosk.materials.signature import PadStrokeBuilder, finish


class Collector:
    def __init__(self) -> None:
        self.events: list[DeviceEvent] = []
        self.cond = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self.cond:
            self.events.append(event)
            self.cond.notify_all()

    def wait_for(self, predicate, timeout: float = 3.0) -> list[DeviceEvent]:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        with self.cond:
            while not predicate(self.events):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out; got {len(self.events)} events")
                self.cond.wait(left)
            return list(self.events)


@pytest.fixture
def emulator() -> Iterator[SignaturePadEmulator]:
    emu = SignaturePadEmulator(width=2000, height=1000, max_pressure=1023, rate_hz=200)
    yield emu
    emu.close()


@pytest.fixture
def pad(emulator: SignaturePadEmulator) -> Iterator[tuple[SerialSignaturePad, Collector]]:
    drv = SerialSignaturePad(emulator.port, 115200, timeout_s=1.0)
    sink = Collector()
    drv.set_event_sink(sink)
    drv.open()
    yield drv, sink
    drv.close()


def _wave(x0: float, n: int = 40) -> list[tuple[float, float, float]]:
    return [(x0 + i * 12, 500 + 150 * math.sin(i / 4), 0.3 + 0.6 * i / n) for i in range(n)]


def test_codec_round_trip_and_checksum() -> None:
    line = frame("P", 123, "D", 10, 20, 512)
    assert line == f"$P,123,D,10,20,512*{checksum('P,123,D,10,20,512')}\r\n".encode()
    assert parse_line(line.rstrip(b"\r\n")) == ["P", "123", "D", "10", "20", "512"]
    with pytest.raises(ProtocolError, match="checksum"):
        parse_line(b"$P,123,D,10,20,512*00")
    with pytest.raises(ProtocolError, match="framing"):
        parse_line(b"P,1,2")
    with pytest.raises(ProtocolError):
        parse_line(b"$" + b"9" * 200 + b"*00")
    with pytest.raises(ProtocolError):
        parse_line("$P,1,D,\u4e2d*00".encode())


def test_open_reads_info_and_starts_stream(
    pad: tuple[SerialSignaturePad, Collector], emulator: SignaturePadEmulator
) -> None:
    drv, _ = pad
    assert drv.info is not None
    assert (drv.info.width, drv.info.height, drv.info.max_pressure) == (2000, 1000, 1023)
    assert emulator.commands[:2] == ["INFO", "START"]
    assert emulator.streaming
    health = drv.status()
    assert health.status == DeviceStatus.OK and "2000x1000" in health.detail
    result = drv.self_test()
    assert result.passed and result.facts["pressure_levels"] == "1024"


def test_strokes_through_the_pty_become_a_signature(
    pad: tuple[SerialSignaturePad, Collector], emulator: SignaturePadEmulator
) -> None:
    drv, sink = pad
    strokes = [_wave(100), _wave(700, 30)]
    emulator.draw(strokes)
    emulator.press(PadButton.OK)
    events = sink.wait_for(lambda ev: any(isinstance(e, PadButtonPressed) for e in ev))
    samples = [e for e in events if isinstance(e, PenSample)]
    assert len(samples) == 70
    assert [s.state for s in samples].count(PenState.DOWN) == 2
    assert [s.state for s in samples].count(PenState.UP) == 2
    # Timestamps follow the pad's 200 Hz rate and increase.
    ts = [s.t_ms for s in samples]
    assert ts == sorted(ts) and ts[1] - ts[0] == 5
    assert samples[0].pressure == round(0.3 * 1023)
    assert drv.info is not None
    builder = PadStrokeBuilder(drv.info.width, drv.info.height, drv.info.max_pressure, "KSP-1")
    for s in samples:
        builder.feed(s)
    sig = builder.signature
    assert len(sig.strokes) == 2 and sig.point_count == 70 and sig.has_pressure
    assert sig.source == "serial:KSP-1"
    result = finish(sig)
    img = Image.open(io.BytesIO(result.png))
    assert img.mode == "RGBA"
    assert img.getpixel((0, 0))[3] == 0  # transparent background


def test_malformed_lines_are_skipped_not_fatal(
    pad: tuple[SerialSignaturePad, Collector], emulator: SignaturePadEmulator
) -> None:
    drv, sink = pad
    emulator.send(b"garbage\r\n")
    emulator.send(b"$P,1,D,5,5,5*00\r\n")  # bad checksum
    emulator.send(frame("P", 1, "X", 5, 5, 5))  # unknown pen state
    emulator.send(frame("P", 1, "D", 99999, 5, 5))  # outside the pad
    emulator.send(b"\x00\xff" * 100)  # noise without a line end
    emulator.send(b"\r\n")
    emulator.draw([_wave(100, 5)])
    events = sink.wait_for(lambda ev: len(ev) >= 5)
    assert all(isinstance(e, PenSample) for e in events)
    assert events[0].x == 100  # type: ignore[attr-defined]
    assert drv.bad_lines >= 5
    assert drv.status().status == DeviceStatus.OK
    assert "bad lines" in drv.status().detail


def test_unplugged_pad_is_reported_absent(
    pad: tuple[SerialSignaturePad, Collector], emulator: SignaturePadEmulator
) -> None:
    drv, _ = pad
    emulator.unplug()
    deadline = time.monotonic() + 3
    while drv.status().status == DeviceStatus.OK and time.monotonic() < deadline:
        time.sleep(0.02)
    assert drv.status().status == DeviceStatus.ABSENT
    assert "gone" in drv.status().detail


def test_missing_port_and_silent_device() -> None:
    with pytest.raises(DeviceAbsent) as e:
        SerialSignaturePad("/dev/does-not-exist-pad").open()
    assert e.value.resident_message
    # A pty nobody answers on: a serial device that is not a pad (or is hung).
    master, slave = os.openpty()
    try:
        drv = SerialSignaturePad(os.ttyname(slave), timeout_s=0.3)
        with pytest.raises(DeviceTimeout, match="INFO"):
            drv.open()
        assert drv.status().status == DeviceStatus.ABSENT  # closed again after the failure
    finally:
        os.close(master)
        os.close(slave)


def test_refused_command_is_an_error(
    pad: tuple[SerialSignaturePad, Collector], emulator: SignaturePadEmulator
) -> None:
    drv, _ = pad
    with pytest.raises(DeviceError, match="refused"):
        drv._command("SELFDESTRUCT")
    drv.clear()  # a known command still works afterwards
    assert emulator.commands[-1] == "CLEAR"


def test_protocol_document_examples_are_valid() -> None:
    """Every framed line quoted in docs/signature-pad-protocol.md has a correct checksum."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "signature-pad-protocol.md").read_text()
    import re

    lines = re.findall(r"\$[A-Z],[^*\s`]*\*[0-9A-F]{2}", doc)
    assert len(lines) >= 8
    for line in lines:
        parse_line(line.encode())


def test_demo_strokes_make_a_valid_signature(
    pad: tuple[SerialSignaturePad, Collector], emulator: SignaturePadEmulator
) -> None:
    drv, sink = pad
    strokes = emulator.demo_strokes()
    emulator.draw(strokes)
    total = sum(len(s) for s in strokes)
    events = sink.wait_for(lambda ev: len(ev) >= total)
    assert drv.info is not None
    builder = PadStrokeBuilder(drv.info.width, drv.info.height, drv.info.max_pressure)
    for e in events:
        assert isinstance(e, PenSample)
        builder.feed(e)
    assert finish(builder.signature).point_count == total

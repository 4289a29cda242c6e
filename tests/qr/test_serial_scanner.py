"""The serial scanner driver through a real pty, and its line decoder."""

from __future__ import annotations

import time

import pytest

from drivers.base import DeviceAbsent, DeviceError, DeviceStatus
from drivers.qr_scanner import (
    CodeScanned,
    RejectReason,
    ScanLineDecoder,
    ScannerConnection,
    ScanRejected,
    SerialQrScanner,
    SerialScannerSettings,
    Terminator,
)
from drivers.qr_scanner_emulator import EmulatorError, QrScannerEmulator

# --- the decoder alone ------------------------------------------------------------------


def _texts(events: list) -> list[str]:
    return [e.text for e in events if isinstance(e, CodeScanned)]


@pytest.mark.parametrize(
    ("terminator", "wire", "codes"),
    [
        (Terminator.ANY, b"A1\rB2\nC3\r\nD4\r\n", ["A1", "B2", "C3", "D4"]),
        (Terminator.CR, b"line1\nline2\rX\r", ["line1\nline2", "X"]),
        (Terminator.CRLF, b"a\rb\r\nc\r\n", ["a\rb", "c"]),
        (Terminator.LF, b"a\nb\r\n", ["a", "b"]),
    ],
)
def test_terminators(terminator: Terminator, wire: bytes, codes: list[str]) -> None:
    dec = ScanLineDecoder(terminator=terminator)
    assert _texts(dec.feed(wire, now=0.0)) == codes
    assert dec.pending == b""


def test_crlf_split_between_reads_gives_one_code_and_no_empty_one() -> None:
    dec = ScanLineDecoder()
    assert _texts(dec.feed(b"ABC\r", now=0.0)) == ["ABC"]
    assert dec.feed(b"\nDEF", now=0.01) == []
    assert _texts(dec.feed(b"\r\n", now=0.02)) == ["DEF"]


def test_noise_is_dropped_and_counted() -> None:
    dec = ScanLineDecoder()
    events = dec.feed(b"\x00\xff\x02HEL\x00LO\x03\r\xff\xff\r\x07\r", now=0.0)
    assert _texts(events) == ["HELLO"]
    assert len(events) == 1  # lines of pure noise are not codes, nor rejections
    assert dec.stats.noise_bytes == 8


def test_stale_fragment_is_not_glued_to_the_next_code() -> None:
    dec = ScanLineDecoder(partial_timeout_s=0.5)
    assert dec.feed(b"GARB", now=0.0) == []
    assert _texts(dec.feed(b"REAL-CODE\r", now=2.0)) == ["REAL-CODE"]
    assert dec.stats.stale_fragments == 1
    # within the timeout a fragment is kept (a code split across reads)
    assert dec.feed(b"PAR", now=3.0) == []
    assert _texts(dec.feed(b"T\r", now=3.2)) == ["PART"]


def test_too_long_and_undecodable_lines_are_rejected_by_name() -> None:
    dec = ScanLineDecoder(max_code_length=16)
    events = dec.feed(b"X" * 40 + b"\rOK\r", now=0.0)
    assert isinstance(events[0], ScanRejected) and events[0].reason == RejectReason.TOO_LONG
    assert _texts(events) == ["OK"]
    bad = dec.feed(b"\x81\x30\r", now=0.0)  # truncated GB18030 four-byte sequence
    assert isinstance(bad[0], ScanRejected) and bad[0].reason == RejectReason.UNDECODABLE
    assert dec.stats.rejected == 2


def test_chinese_in_utf8_and_gb18030() -> None:
    dec = ScanLineDecoder(encoding="utf-8", fallback_encoding="gb18030")
    wire = "福州市鼓楼区".encode() + b"\r" + "受理回执".encode("gb18030") + b"\r"
    assert _texts(dec.feed(wire, now=0.0)) == ["福州市鼓楼区", "受理回执"]


# --- the real driver over a pty -------------------------------------------------------


def test_code_split_across_reads(scanner, emulator: QrScannerEmulator) -> None:
    dev, events = scanner
    emulator.send_raw(b"https://zwfw.example.gov.cn/tr")
    time.sleep(0.08)  # the driver has read the first half by now
    assert dev.decoder.pending.startswith(b"https://")
    emulator.send_raw(b"ack?no=FZ2024")
    time.sleep(0.05)
    emulator.send_raw(b"0001\r")
    assert events.codes(1) == ["https://zwfw.example.gov.cn/track?no=FZ20240001"]
    assert events.drain() == []


def test_two_codes_in_one_read(scanner, emulator: QrScannerEmulator) -> None:
    _dev, events = scanner
    emulator.send_raw(b"FIRST-CODE\rSECOND-CODE\r")
    assert events.codes(2) == ["FIRST-CODE", "SECOND-CODE"]


def test_noise_on_the_line(scanner, emulator: QrScannerEmulator) -> None:
    dev, events = scanner
    emulator.send_raw(b"\x00\x00\xff\xff\r")  # an idle line glitch: no code
    emulator.send_raw(b"\x02TOKEN\x00ABC\x03\r\n")
    assert events.codes(1) == ["TOKENABC"]
    assert dev.decoder.stats.noise_bytes >= 7
    assert events.drain() == []


def test_crlf_scanner_gives_no_empty_codes(scanner_factory, emulator: QrScannerEmulator) -> None:
    _dev, events = scanner_factory(terminator=Terminator.CRLF)
    emulator.terminator = b"\r\n"
    for code in ("one", "two", "three"):
        emulator.scan(code)
    assert events.codes(3) == ["one", "two", "three"]
    assert events.drain() == []


def test_gb18030_chinese_from_the_line(scanner, emulator: QrScannerEmulator) -> None:
    _dev, events = scanner
    emulator.scan("张三 受理号 FZ001", encoding="gb18030")
    emulator.scan("李四 受理号 FZ002", encoding="utf-8")
    assert events.codes(2) == ["张三 受理号 FZ001", "李四 受理号 FZ002"]


def test_repeated_read_within_window_counts_once(
    scanner_factory, emulator: QrScannerEmulator
) -> None:
    _dev, events = scanner_factory(duplicate_window_s=1.0)
    emulator.send_raw(b"SAME\rSAME\rOTHER\r")
    assert events.codes(2) == ["SAME", "OTHER"]


def test_unplug_and_replug_reconnects_by_itself(scanner, emulator: QrScannerEmulator) -> None:
    dev, events = scanner
    emulator.scan("BEFORE")
    assert events.codes(1) == ["BEFORE"]
    emulator.send_raw(b"HALF-A-CO")  # cut by the unplug: must not survive
    time.sleep(0.05)
    emulator.unplug()
    lost = events.next(ScannerConnection)
    assert isinstance(lost, ScannerConnection) and not lost.connected
    assert dev.status().status == DeviceStatus.ABSENT
    with pytest.raises(EmulatorError):
        emulator.scan("LOST")
    emulator.replug()
    back = events.next(ScannerConnection)
    assert isinstance(back, ScannerConnection) and back.connected
    assert dev.status().status == DeviceStatus.OK
    emulator.scan("AFTER")
    assert events.codes(1) == ["AFTER"]
    result = dev.self_test()
    assert result.passed and result.facts["reconnects"] == "1"


def test_open_on_missing_port_is_absent(tmp_path) -> None:
    dev = SerialQrScanner(SerialScannerSettings(port=str(tmp_path / "ttyNONE")))
    with pytest.raises(DeviceAbsent) as err:
        dev.open()
    assert "does not exist" in err.value.detail
    assert err.value.resident_message  # a Chinese sentence for the screen
    assert dev.status().status == DeviceStatus.ABSENT


def test_close_stops_the_reader_and_releases_the_port(scanner, emulator: QrScannerEmulator) -> None:
    dev, _events = scanner
    dev.close()
    assert dev.status().status == DeviceStatus.ABSENT
    # exclusive access was released: a second driver can open the port now
    other = SerialQrScanner(SerialScannerSettings(port=emulator.port))
    other.open()
    try:
        assert other.status().usable
    finally:
        other.close()


def test_second_driver_on_same_port_is_refused(scanner, emulator: QrScannerEmulator) -> None:
    other = SerialQrScanner(SerialScannerSettings(port=emulator.port))
    with pytest.raises(DeviceError) as err:
        other.open()
    # The port exists but is held (exclusive lock): unusable, not absent.
    assert type(err.value) is DeviceError
    assert err.value.detail.startswith(f"cannot open {emulator.port}: ")
    assert err.value.resident_message == "扫码器无法使用，请联系工作人员。"

"""The real receipt driver (python-escpos transports) against the ESC/POS emulator."""

from __future__ import annotations

import pytest

from drivers.base import DeviceAbsent, DeviceError, DeviceStatus, SelfTestLevel
from drivers.escpos_emulator import EscPosEmulator, PaperLevel
from drivers.receipt_printer import (
    CoverOpen,
    PaperOut,
    PrinterState,
    PrinterUri,
    PrintFailed,
    ReceiptPrinter,
)
from drivers.receipt_printer import PaperLevel as DriverPaper
from kiosk.config import load_config
from kiosk.devices.manager import DeviceContext
from printer_templates import PrinterProfile, load_sample, render_receipt


def acceptance_bytes() -> bytes:
    return render_receipt("acceptance_receipt", load_sample("acceptance_receipt")).data


def test_status_bytes_follow_the_escpos_reference_values() -> None:
    # python-escpos' masks: 0x12 paper OK, 0x1E near end, 0x72 paper out; n=1 0x1A offline.
    ok = PrinterState.from_bytes(0x12, 0x12, 0x12, 0x12)
    assert ok.problem() is None and ok.health().status is DeviceStatus.OK
    assert PrinterState.from_bytes(0x12, 0x12, 0x12, 0x1E).paper is DriverPaper.NEAR_END
    out = PrinterState.from_bytes(0x1A, 0x32, 0x12, 0x72)
    assert out.paper is DriverPaper.OUT and out.problem() == "paper out"
    assert PrinterState.from_bytes(0x1A, 0x16, 0x12, 0x12).problem() == "cover open"
    with pytest.raises(ValueError):
        PrinterState.from_bytes(0x00, 0x12, 0x12, 0x12)  # fixed bits missing


def test_uri_parsing() -> None:
    assert PrinterUri.parse("tcp://10.0.0.5") == PrinterUri("tcp", "10.0.0.5", 9100)
    assert PrinterUri.parse("serial:///dev/ttyS1?baud=19200").baud == 19200
    assert PrinterUri.parse("usb://0fe6:811e").target == "0fe6:811e"
    with pytest.raises(DeviceError) as err:
        PrinterUri.parse("lpt://1")
    assert err.value.detail == (
        "bad receipt printer URI 'lpt://1': scheme must be tcp, serial, usb or file"
    )


def test_print_receipt_over_tcp(emulator: EscPosEmulator, printer: ReceiptPrinter) -> None:
    assert printer.status().status is DeviceStatus.OK
    report = printer.print_job(acceptance_bytes(), job_id="A1")
    assert report.state.paper is DriverPaper.OK
    receipts = emulator.wait_for_receipts(1)
    assert receipts[0].cut and not receipts[0].interrupted
    assert "受理编号：MJ2026051200123" in receipts[0].text


def test_paper_near_end_is_degraded_but_prints(
    emulator: EscPosEmulator, printer: ReceiptPrinter
) -> None:
    emulator.set_paper(PaperLevel.NEAR_END)
    health = printer.status()
    assert health.status is DeviceStatus.DEGRADED and "near end" in health.detail
    printer.print_job(acceptance_bytes())
    assert emulator.wait_for_receipts(1)[0].cut


def test_paper_out_before_printing_sends_nothing(
    emulator: EscPosEmulator, printer: ReceiptPrinter
) -> None:
    emulator.set_paper(PaperLevel.OUT)
    assert printer.status().status is DeviceStatus.FAULT
    received = emulator.bytes_received
    with pytest.raises(PaperOut) as e:
        printer.print_job(acceptance_bytes())
    assert "受理编号" in e.value.resident_message  # the resident is told what to do instead
    assert emulator.bytes_received - received == 12  # only the four DLE EOT n queries
    assert emulator.receipts == []


def test_paper_running_out_mid_job_is_reported(
    emulator: EscPosEmulator, printer: ReceiptPrinter
) -> None:
    emulator.set_paper(PaperLevel.OK, lines_until_out=6)
    with pytest.raises(PrintFailed) as e:
        printer.print_job(acceptance_bytes(), job_id="A2")
    assert e.value.sent is True
    assert "paper out" in e.value.detail
    assert e.value.state is not None and e.value.state.paper is DriverPaper.OUT
    assert emulator.receipts[-1].interrupted and not emulator.receipts[-1].cut
    assert printer.status().status is DeviceStatus.FAULT
    # Paper loaded: the printer recovers by itself and the re-print is complete.
    emulator.set_paper(PaperLevel.OK)
    assert printer.status().status is DeviceStatus.OK
    printer.print_job(acceptance_bytes(), job_id="A2-reprint")
    assert emulator.receipts[-1].cut and not emulator.receipts[-1].interrupted


def test_cover_open(emulator: EscPosEmulator, printer: ReceiptPrinter) -> None:
    emulator.set_cover_open(True)
    health = printer.status()
    assert health.status is DeviceStatus.FAULT and health.detail == "cover open"
    with pytest.raises(CoverOpen):
        printer.print_job(acceptance_bytes())
    emulator.set_cover_open(False)
    assert printer.status().status is DeviceStatus.OK


def test_unplugged_printer_is_absent_then_comes_back() -> None:
    emu = EscPosEmulator().start()
    port = emu.port
    printer = ReceiptPrinter(emu.uri, status_timeout_s=1.0)
    printer.open()
    emu.stop()
    with pytest.raises(DeviceAbsent):
        printer.status()
    with pytest.raises(DeviceAbsent):
        printer.open()
    emu2 = EscPosEmulator(port=port).start()
    try:
        printer.open()
        assert printer.status().status is DeviceStatus.OK
    finally:
        printer.close()
        emu2.stop()


def test_serial_transport_over_a_pty(emulator: EscPosEmulator) -> None:
    path = emulator.attach_pty()
    printer = ReceiptPrinter(f"serial://{path}?baud=115200", status_timeout_s=1.0)
    printer.open()
    try:
        assert printer.status().status is DeviceStatus.OK
        printer.print_job(acceptance_bytes())
    finally:
        printer.close()
    assert "受理回执" in emulator.wait_for_receipts(1)[0].text


def test_external_self_test_prints_a_test_page(
    emulator: EscPosEmulator, printer: ReceiptPrinter
) -> None:
    internal = printer.self_test(SelfTestLevel.INTERNAL)
    assert internal.passed and emulator.receipts == []
    external = printer.self_test(SelfTestLevel.EXTERNAL)
    assert external.passed, external.detail
    assert "RECEIPT PRINTER TEST" in emulator.wait_for_receipts(1)[0].text
    emulator.set_paper(PaperLevel.OUT)
    assert not printer.self_test(SelfTestLevel.EXTERNAL).passed


def test_sim_factory_wires_the_real_driver_to_the_emulator(tmp_path) -> None:
    from kiosk.devices.factories.receipt_printer import sim

    config = load_config(data_dir=tmp_path)
    ctx = DeviceContext("receipt_printer", config.devices.receipt_printer, config)
    device = sim(ctx)
    emulator = ctx.extras["receipt_emulator"]
    try:
        device.open()
        assert device.status().status is DeviceStatus.OK
        result = device.self_test(SelfTestLevel.EXTERNAL)
        assert result.passed, result.detail
        text = emulator.wait_for_receipts(1)[0].text
        assert "打印机测试页" in text and config.kiosk.id in text
        emulator.set_cover_open(True)
        assert device.status().status is DeviceStatus.FAULT
    finally:
        device.close()
        emulator.stop()


def test_58mm_profile_through_the_driver(tmp_path) -> None:
    emu = EscPosEmulator(paper_width_mm=58).start()
    printer = ReceiptPrinter(emu.uri, status_timeout_s=1.0)
    try:
        data = render_receipt(
            "mail_result_receipt", load_sample("mail_result_receipt"), PrinterProfile(58)
        ).data
        printer.print_job(data)
        png = emu.wait_for_receipts(1)[0].render_png(emu.paper_dots)
        assert png.startswith(b"\x89PNG")
    finally:
        printer.close()
        emu.stop()

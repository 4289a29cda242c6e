"""The real driver over a real pty against the SAM emulator: every fault of the issue."""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import pairwise

import pytest

from drivers.base import DeviceStatus
from drivers.idcard import errors
from drivers.idcard.emulator import Fault, SamEmulator
from drivers.idcard.events import CardRead, CardReadFailed, CardRemoved
from drivers.idcard.reader import IdCardReader
from drivers.idcard.sam_wire import SamCommand
from kiosk.identity.document import CardType, DocumentExpired
from kiosk.identity.idcard_text import document_from_card
from tests.idcard.conftest import EXPIRED, FEMALE, HMT, MALE, Recorder

pytestmark = pytest.mark.integration

MakeReader = Callable[..., IdCardReader]


def exchanges_of(rec: Recorder, cmd: SamCommand) -> list:
    return [x for x in rec.exchanges if x.command is cmd]


# --- one-shot reads ------------------------------------------------------------------
def test_open_resets_and_reads_sam_id(
    emulator: SamEmulator, make_reader: MakeReader, recorder: Recorder
) -> None:
    r = make_reader(auto_poll=False)
    r.open()
    assert r.sam_id == "0501000020240101000000000000CAFE"
    # The emulator reports an exchange just after writing it: wait for the report.
    assert recorder.wait_for(lambda: len(recorder.exchanges) >= 3)
    assert [x.command for x in recorder.exchanges[:3]] == [
        SamCommand.RESET,
        SamCommand.SAM_STATUS,
        SamCommand.SAM_ID,
    ]
    assert r.status().status is DeviceStatus.OK
    result = r.self_test()
    assert result.passed and result.facts["sam_id"] == r.sam_id


def test_read_card_decodes_to_a_document(emulator: SamEmulator, make_reader: MakeReader) -> None:
    r = make_reader(auto_poll=False)
    r.open()
    emulator.place_card(FEMALE)
    ev = r.read_card(2)
    doc = document_from_card(ev)
    assert doc.name == "王秀兰" and doc.id_number == "440305200002290029"
    assert doc.photo is not None and doc.photo.is_image and doc.photo.format == "jpeg"
    assert ev.fingerprint is None
    assert "王秀兰" not in repr(ev) and "440305" not in repr(ev)
    ev.wipe()
    assert not any(ev.text) and not any(ev.photo)


def test_fingerprint_variant(
    emulator: SamEmulator, make_reader: MakeReader, recorder: Recorder
) -> None:
    r = make_reader(auto_poll=False, read_fingerprint=True)
    r.open()
    emulator.place_card(MALE)  # this deck card carries fingerprints
    ev = r.read_card(2)
    assert ev.fingerprint is not None and len(ev.fingerprint) == 1024
    assert document_from_card(ev).extra["fingerprint_bytes"] == "1024"
    emulator.place_card(FEMALE)  # no fingerprints: FP_LEN 0 (1297-byte frame)
    ev = r.read_card(2)
    assert ev.fingerprint is not None and len(ev.fingerprint) == 0
    assert recorder.wait_for(lambda: len(exchanges_of(recorder, SamCommand.READ_BASE_FP)) >= 2)
    sizes = [x.bytes_out for x in exchanges_of(recorder, SamCommand.READ_BASE_FP)]
    assert sizes == [2321, 1297]  # spec §1.5 frame sizes


def test_no_card_is_a_named_error_after_the_timeout(
    emulator: SamEmulator, make_reader: MakeReader, recorder: Recorder
) -> None:
    r = make_reader(auto_poll=False)
    r.open()
    t0 = time.monotonic()
    with pytest.raises(errors.NoCard) as e:
        r.read_card(1.0)
    assert time.monotonic() - t0 < 1.5
    assert "未检测到证件" in e.value.resident_message
    finds = [x.at for x in exchanges_of(recorder, SamCommand.FIND)]
    assert len(finds) >= 3
    gaps = [b - a for a, b in pairwise(finds)]
    assert min(gaps) >= 0.27  # never polled faster than every 300 ms (minus scheduling jitter)


@pytest.mark.parametrize(
    "fault", [Fault.GARBAGE, Fault.BAD_CHECKSUM, Fault.TRUNCATED, Fault.WRONG_LENGTH]
)
@pytest.mark.parametrize("command", [SamCommand.FIND, SamCommand.SELECT, SamCommand.READ_BASE])
def test_transport_faults_are_retried_transparently(
    emulator: SamEmulator, make_reader: MakeReader, fault: Fault, command: SamCommand
) -> None:
    # A half frame is given up after the frame gap (0.5 s of silence), not the read
    # timeout; the timeout is generous so the retried, whole frame of a busy machine's
    # pty is never cut short (0.4 s lost 647 of 1295 bytes under load once).
    r = make_reader(auto_poll=False, read_timeout_s=2.0)
    r.open()
    emulator.place_card(MALE)
    emulator.inject(fault, times=1, command=command)
    doc = document_from_card(r.read_card(3))
    assert doc.id_number == "110101199001010015"
    s = r.stats
    if fault is Fault.GARBAGE:
        assert s.garbage_bytes >= 5 and s.retries == 0
    else:
        assert s.retries == 1
        if fault is Fault.BAD_CHECKSUM:
            assert s.checksum_errors == 1
        else:  # half a frame / a LEN claiming more: the frame never completes
            assert s.timeouts == 1


def test_persistent_bad_checksum_gives_up_after_bounded_retries(
    emulator: SamEmulator, make_reader: MakeReader, recorder: Recorder
) -> None:
    r = make_reader(auto_poll=False, retries=2)
    r.open()
    emulator.place_card(MALE)
    emulator.inject(Fault.BAD_CHECKSUM, times=-1, command=SamCommand.READ_BASE)
    with pytest.raises(errors.ChecksumMismatch):
        r.read_card(2)
    assert recorder.wait_for(lambda: len(exchanges_of(recorder, SamCommand.READ_BASE)) >= 3)
    time.sleep(0.3)
    assert len(exchanges_of(recorder, SamCommand.READ_BASE)) == 3  # 1 + 2 retries, then stop


def test_slow_device_within_and_beyond_the_timeout(
    emulator: SamEmulator, make_reader: MakeReader
) -> None:
    r = make_reader(auto_poll=False, read_timeout_s=0.4, retries=1)
    r.open()
    emulator.place_card(MALE)
    emulator.inject(Fault.SLOW, times=1, command=SamCommand.READ_BASE, delay_s=0.2)
    assert r.read_card(2).elapsed_s >= 0.2
    emulator.place_card(MALE)
    emulator.inject(Fault.SLOW, times=-1, command=SamCommand.SELECT, delay_s=1.5)
    with pytest.raises(errors.ReaderTimeout) as e:
        r.read_card(2)
    assert "SELECT" in e.value.detail and "超时" in e.value.resident_message


def test_sam_fault_refuses_open_with_a_named_error(
    emulator: SamEmulator, make_reader: MakeReader
) -> None:
    emulator.inject(Fault.SAM_FAULT)
    r = make_reader(auto_poll=False)
    with pytest.raises(errors.SamSelfTestFailed) as e:
        r.open()
    assert e.value.status is DeviceStatus.FAULT and "故障" in e.value.resident_message
    emulator.clear_faults()
    r.open()
    assert r.status().usable


def test_missing_port_is_reader_absent(tmp_path, make_reader: MakeReader) -> None:
    r = IdCardReader(str(tmp_path / "nope"), auto_poll=False)
    with pytest.raises(errors.ReaderAbsent) as e:
        r.open()
    assert e.value.status is DeviceStatus.ABSENT


def test_9600_baud_with_pacing(emulator: SamEmulator, make_reader: MakeReader) -> None:
    emulator.baud, emulator.pace = 9600, True
    r = make_reader(auto_poll=False, baud=9600, read_timeout_s=0.5)
    r.open()
    emulator.place_card(HMT)
    ev = r.read_card(4)
    # 10+15+10+19+10+1295 bytes at 960 bytes/s take at least 1.4 s on the wire.
    assert ev.elapsed_s >= 1.35
    assert document_from_card(ev).card_type is CardType.HMT_RESIDENCE_PERMIT


# --- the polling worker ------------------------------------------------------------
def test_polling_emits_present_read_removed_once_per_placement(
    emulator: SamEmulator, make_reader: MakeReader, recorder: Recorder
) -> None:
    r = make_reader()
    r.open()
    emulator.place_card(MALE)
    recorder.wait_event(CardRead)
    time.sleep(1.0)  # card stays: three more polls, no second read
    assert (
        len(recorder.of(CardRead)) == 1 and len(exchanges_of(recorder, SamCommand.READ_BASE)) == 1
    )
    emulator.remove_card()
    recorder.wait_event(CardRemoved)
    emulator.place_card(FEMALE)
    reads = recorder.wait_event(CardRead, 2)
    kinds = [type(e).__name__ for e in recorder.events]
    assert kinds == ["CardPresent", "CardRead", "CardRemoved", "CardPresent", "CardRead"]
    assert document_from_card(reads[1]).name == "王秀兰"
    finds = [x.at for x in exchanges_of(recorder, SamCommand.FIND)]
    assert min(b - a for a, b in pairwise(finds)) >= 0.27
    assert r.status().status is DeviceStatus.OK


def test_card_pulled_between_select_and_read(
    emulator: SamEmulator, make_reader: MakeReader, recorder: Recorder
) -> None:
    r = make_reader()
    r.open()
    emulator.inject(Fault.PULL)
    emulator.place_card(MALE)
    failed = recorder.wait_event(CardReadFailed)[0]
    assert isinstance(failed.error, errors.ReadFailed)
    assert "重新放置" in failed.resident_message
    recorder.wait_event(CardRemoved)
    assert not recorder.of(CardRead)
    emulator.place_card(MALE)  # placed again: read normally
    recorder.wait_event(CardRead)
    assert r.stats.reads_failed == 1 and r.stats.reads_ok == 1


def test_read_failure_beyond_retries_waits_for_the_card_to_leave(
    emulator: SamEmulator, make_reader: MakeReader, recorder: Recorder
) -> None:
    r = make_reader(retries=1)
    r.open()
    emulator.inject(Fault.TRUNCATED, times=2, command=SamCommand.READ_BASE)
    emulator.place_card(MALE)
    failed = recorder.wait_event(CardReadFailed)[0]
    assert isinstance(failed.error, errors.TruncatedFrame)
    time.sleep(0.7)
    assert not recorder.of(CardRead)  # not re-read while it stays
    emulator.remove_card()
    recorder.wait_event(CardRemoved)
    emulator.place_card(MALE)
    recorder.wait_event(CardRead)


def test_expired_card_is_read_then_refused_by_the_model(
    emulator: SamEmulator, make_reader: MakeReader, recorder: Recorder
) -> None:
    r = make_reader()
    r.open()
    emulator.place_card(EXPIRED)
    doc = document_from_card(recorder.wait_event(CardRead)[0])
    with pytest.raises(DocumentExpired):
        doc.validate()


def test_sam_fault_while_polling_then_recovery(
    emulator: SamEmulator, make_reader: MakeReader, recorder: Recorder
) -> None:
    r = make_reader()
    r.open()
    emulator.place_card(MALE)
    recorder.wait_event(CardRead)
    emulator.inject(Fault.SAM_FAULT)
    assert recorder.wait_for(lambda: r.status().status is DeviceStatus.FAULT, 3)
    assert "0x60" in r.status().detail
    recorder.wait_event(CardRemoved)  # the session must not go on with a broken reader
    emulator.clear_faults()
    assert recorder.wait_for(lambda: r.status().status is DeviceStatus.OK, 3)
    recorder.wait_event(CardRead, 2)  # the reset on reconnect makes the card fresh


def test_unplug_and_replug(
    emulator: SamEmulator, make_reader: MakeReader, recorder: Recorder
) -> None:
    r = make_reader()
    r.open()
    emulator.place_card(MALE)
    recorder.wait_event(CardRead)
    emulator.unplug()
    recorder.wait_event(CardRemoved)
    assert recorder.of(CardRemoved)[0].reason == "reader disconnected"
    assert recorder.wait_for(lambda: r.status().status is DeviceStatus.ABSENT, 3)
    time.sleep(0.5)  # stays absent while unplugged (reconnect attempts fail)
    assert r.status().status is DeviceStatus.ABSENT
    emulator.replug()
    assert recorder.wait_for(lambda: r.status().status is DeviceStatus.OK, 4)
    assert r.stats.reconnects == 1
    recorder.wait_event(CardRead, 2)


def test_garbage_on_the_line_while_polling_is_tolerated(
    emulator: SamEmulator, make_reader: MakeReader, recorder: Recorder
) -> None:
    r = make_reader()
    r.open()
    emulator.inject(Fault.GARBAGE, times=-1)
    emulator.place_card(FEMALE)
    ev = recorder.wait_event(CardRead)[0]
    assert document_from_card(ev).id_number == "440305200002290029"
    assert r.stats.garbage_bytes > 0 and r.status().usable


def test_close_stops_the_worker_promptly(emulator: SamEmulator, make_reader: MakeReader) -> None:
    r = make_reader()
    r.open()
    time.sleep(0.4)
    t0 = time.monotonic()
    r.close()
    assert time.monotonic() - t0 < 1.0
    assert r.status is not None and r._worker is None
    with pytest.raises(errors.ReaderAbsent):
        r.status()

"""Spec bytes for every GA 467 command and status word, checked against the driver AND the emulator.

The golden frames live in ``tests/data/ga467_golden.json``, transcribed from
``shared/specs/idcard-sam-protocol.md``; neither the driver nor the emulator
produced them. Parametrisation goes over *lists* read from that file, never over a
dict keyed by enum members: if a mutation makes two ``Cmd`` members equal, one
becomes an alias, a dict keyed by members silently loses an entry, and the test
would still pass. Here every command is looked up by its spec name, so an alias
fails loudly (its ``value`` no longer matches the spec's CMD PARA).
"""

from __future__ import annotations

import json
import os
import select
import time
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.idcard import errors
from drivers.idcard.deck import SimCard
from drivers.idcard.emulator import Fault, SamEmulator
from drivers.idcard.protocol import (
    BAUD_COMMANDS,
    SUCCESS_CODES,
    SW3_FOUND,
    SW3_OK,
    Cmd,
    Response,
    decode_request,
    decode_response,
    encode_request,
    encode_response,
)
from drivers.idcard.sam_wire import SamCommand, command_of, response_frame
from tests.idcard.conftest import MALE, Recorder

GOLDEN = json.loads((Path(__file__).parent.parent / "data" / "ga467_golden.json").read_text())
REQUESTS: list[dict] = GOLDEN["requests"]
STATUS_FRAMES: list[dict] = GOLDEN["status_frames"]
BAUDS: list[dict] = GOLDEN["baud"]


def _hex(s: str) -> bytes:
    return bytes.fromhex(s)


def test_the_golden_file_covers_every_command_and_status_word() -> None:
    # 13 commands of spec §1.3 (5 of them set the UART speed), 21 SW3 codes of §1.4.
    assert len(REQUESTS) == 13 and len({r["name"] for r in REQUESTS}) == 13
    assert len({r["cmd_para"] for r in REQUESTS}) == 13
    assert len(STATUS_FRAMES) == 21 and len({s["sw3"] for s in STATUS_FRAMES}) == 21
    assert [b["baud"] for b in BAUDS] == [115200, 57600, 38400, 19200, 9600]


# --- the driver's codec ---------------------------------------------------------------
@pytest.mark.parametrize("req", REQUESTS, ids=[r["name"] for r in REQUESTS])
def test_driver_encodes_every_command_as_the_spec(req: dict) -> None:
    cmd = Cmd[req["name"]]
    assert cmd.name == req["name"]  # not an alias of another member
    assert bytes(cmd.value) == _hex(req["cmd_para"])
    assert (cmd.code, cmd.para) == tuple(_hex(req["cmd_para"]))
    assert encode_request(cmd) == _hex(req["frame"])
    assert encode_request(cmd.code, cmd.para) == _hex(req["frame"])
    parsed = decode_request(_hex(req["frame"]))
    assert parsed.command is cmd
    assert (parsed.cmd, parsed.para, parsed.data) == (*_hex(req["cmd_para"]), b"")


def test_driver_has_exactly_the_spec_commands() -> None:
    assert len(Cmd) == len(REQUESTS)  # aliases are not counted by len(): a collapse shows here
    assert [c.name for c in Cmd] == [r["name"] for r in REQUESTS]


@pytest.mark.parametrize("entry", BAUDS, ids=[str(b["baud"]) for b in BAUDS])
def test_driver_baud_table_sends_the_spec_bytes(entry: dict) -> None:
    golden = next(r for r in REQUESTS if r["name"] == entry["name"])
    assert encode_request(BAUD_COMMANDS[entry["baud"]]) == _hex(golden["frame"])


def test_driver_baud_table_has_exactly_the_five_spec_speeds() -> None:
    assert sorted(BAUD_COMMANDS) == sorted(b["baud"] for b in BAUDS)


@pytest.mark.parametrize("sw", STATUS_FRAMES, ids=[s["sw3"] for s in STATUS_FRAMES])
def test_driver_decodes_every_status_frame(sw: dict) -> None:
    code = int(sw["sw3"], 16)
    frame = _hex(sw["frame"])
    resp = decode_response(frame)
    assert (resp.sw1, resp.sw2, resp.sw3, resp.data) == (0, 0, code, b"")
    assert encode_response(code) == frame
    success = sw["sw3"] in GOLDEN["success_sw3"]
    assert resp.ok is success
    if success:
        assert code not in errors.STATUS_ERRORS
    else:
        err = errors.error_for_status(code)
        assert type(err) is errors.STATUS_ERRORS[code] and err.code == code


def test_driver_success_codes_are_the_spec_ones() -> None:
    assert (SW3_OK, SW3_FOUND) == (0x90, 0x9F)
    assert sorted(SUCCESS_CODES) == [int(c, 16) for c in GOLDEN["success_sw3"]]


@pytest.mark.parametrize(
    "df", GOLDEN["data_frames"], ids=[d["name"] for d in GOLDEN["data_frames"]]
)
def test_driver_matches_the_spec_data_frames(df: dict) -> None:
    if "frame" in df:
        resp = decode_response(_hex(df["frame"]))
        assert resp.sw3 == int(df["sw3"], 16) and resp.data == bytes(4)
        assert encode_response(resp.sw3, resp.data) == _hex(df["frame"])
    else:
        prefix = _hex(df["prefix"])
        data_len = df["total"] - 7 - 3 - 1
        data = prefix[10:] + bytes(data_len - len(prefix[10:]))
        frame = encode_response(int(df["sw3"], 16), data)
        assert len(frame) == df["total"] and frame.startswith(prefix)


# --- the emulator, spoken to over a real pty with the spec's bytes ----------------------
class RawPort:
    """The slave side of the emulator's pty, opened raw: bytes in, bytes out, no driver."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.fd)

    def close(self) -> None:
        os.close(self.fd)

    def _read_exact(self, n: int, deadline: float) -> bytes:
        out = b""
        while len(out) < n:
            left = deadline - time.monotonic()
            assert left > 0, f"emulator sent {len(out)} of {n} bytes: {out.hex(' ')}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                out += os.read(self.fd, n - len(out))
        return out

    def ask(self, frame: bytes, timeout: float = 10.0) -> bytes:
        """Write one frame, return the complete answer frame (length from its LEN field)."""
        os.write(self.fd, frame)
        deadline = time.monotonic() + timeout
        head = self._read_exact(7, deadline)
        return head + self._read_exact(head[5] * 256 + head[6], deadline)


@pytest.fixture
def port(emulator: SamEmulator) -> Iterator[RawPort]:
    p = RawPort(emulator.port)
    yield p
    p.close()


def _req(name: str) -> bytes:
    return _hex(next(r["frame"] for r in REQUESTS if r["name"] == name))


def _status(code: str) -> bytes:
    return _hex(next(s["frame"] for s in STATUS_FRAMES if s["sw3"] == code))


@pytest.mark.parametrize("req", REQUESTS, ids=[r["name"] for r in REQUESTS])
def test_emulator_knows_every_spec_command(req: dict) -> None:
    cmd, para = _hex(req["cmd_para"])
    assert command_of(cmd, para) is SamCommand[req["name"]]
    assert SamCommand[req["name"]].value == (cmd, para)


@pytest.mark.parametrize("sw", STATUS_FRAMES, ids=[s["sw3"] for s in STATUS_FRAMES])
def test_emulator_frames_every_status_word_as_the_spec(sw: dict) -> None:
    assert response_frame(int(sw["sw3"], 16)) == _hex(sw["frame"])


def test_emulator_answers_without_a_card_with_the_spec_frames(
    emulator: SamEmulator, port: RawPort
) -> None:
    assert port.ask(_req("RESET")) == _status("90")
    assert port.ask(_req("SAM_STATUS")) == _status("90")
    sam_id = port.ask(_req("SAM_ID"))
    assert sam_id[:10] == _hex("AA AA AA 96 69 00 14 00 00 90") and len(sam_id) == 7 + 20
    assert port.ask(_req("FIND")) == _status("80")
    assert port.ask(_req("SELECT")) == _status("81")
    assert port.ask(_req("READ_BASE")) == _status("41")
    # A CMD PARA pair not in §1.3 is a command error; a bad CHK is 0x10 (§1.4).
    assert port.ask(_hex("AA AA AA 96 69 00 03 20 05 26")) == _status("21")
    assert port.ask(_hex("AA AA AA 96 69 00 03 11 FF EE")) == _status("10")


def test_emulator_reads_a_card_with_the_spec_frames(
    emulator: SamEmulator, port: RawPort, deck: list[SimCard]
) -> None:
    data = {d["name"]: d for d in GOLDEN["data_frames"]}
    emulator.place_card(MALE)
    assert port.ask(_req("FIND")) == _hex(data["find ok with 4 IIN bytes"]["frame"])
    select_ok = data["select ok header (8 data bytes follow, then CHK)"]
    answer = port.ask(_req("SELECT"))
    assert answer.startswith(_hex(select_ok["prefix"])) and len(answer) == select_ok["total"]
    base = data["read base info header"]
    answer = port.ask(_req("READ_BASE"))
    assert answer.startswith(_hex(base["prefix"])) and len(answer) == base["total"]
    assert answer[14:270] == deck[MALE].text  # text at frame offset 14 (spec §1.5)
    assert answer[270:1294] == deck[MALE].photo  # photo at 270..1293
    fp = port.ask(_req("READ_BASE_FP"))
    fp_len = len(deck[MALE].fingerprint or b"")
    assert fp[7:16] == _hex("00 00 90 01 00 04 00") + fp_len.to_bytes(2, "big")
    assert len(fp) == 1297 + fp_len
    assert port.ask(_req("READ_ADDRESS")) == _status("91")  # the deck has no appended address


def test_emulator_self_test_failure_is_0x60(emulator: SamEmulator, port: RawPort) -> None:
    emulator.inject(Fault.SAM_FAULT)
    assert port.ask(_req("SAM_STATUS")) == _status("60")


@pytest.mark.parametrize("entry", BAUDS[1:] + BAUDS[:1], ids=lambda b: str(b["baud"]))
def test_emulator_switches_speed_on_each_spec_baud_command(
    emulator: SamEmulator, port: RawPort, recorder: Recorder, entry: dict
) -> None:
    emulator.baud = 115200 if entry["baud"] != 115200 else 9600
    assert port.ask(_req(entry["name"])) == _status("90")
    # The emulator switches after the answer's last byte, then tells its observers.
    assert recorder.wait_for(lambda: len(recorder.exchanges) == 1)
    assert recorder.exchanges[0].command is SamCommand[entry["name"]]
    assert emulator.baud == entry["baud"]


def test_response_repr_never_shows_data() -> None:
    resp = Response(0x00, 0x00, 0x90, b"secret-card-bytes")
    assert repr(resp) == "Response(sw=(00 00 90), 17 bytes)"

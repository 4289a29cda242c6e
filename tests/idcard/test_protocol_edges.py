"""Boundaries of the GA 467 codec that mutants survived: wanted(), LEN limits, SW1/SW2, short input.

Each test names the mutants it kills. Equivalent mutants (no test can tell them apart):

* ``_decode_exact``: ``len(frame) < len(PREAMBLE)`` → ``<=``: a 5-byte frame that is a
  prefix of the preamble *is* the preamble, which the first branch already took.
* ``_sync``: ``range(min(len(PREAMBLE) - 1, …))`` → ``len(PREAMBLE)``: a tail equal to the
  whole preamble is found by ``find()`` before the tail search runs.
"""

from __future__ import annotations

import pytest

from drivers.idcard import errors
from drivers.idcard.protocol import (
    MAX_LEN,
    MIN_REQUEST_LEN,
    MIN_RESPONSE_LEN,
    Cmd,
    FrameDecoder,
    Request,
    checksum,
    decode_request,
    decode_response,
    encode_request,
    encode_response,
    wire_seconds,
)

PRE = bytes.fromhex("AA AA AA 96 69")  # spec §1.2, written out: not the driver's constant


def _frame(length: int, body: bytes) -> bytes:
    """A frame with an arbitrary LEN field, CHK computed over LEN + body (spec §1.2)."""
    head = length.to_bytes(2, "big")
    c = 0
    for b in head + body:
        c ^= b
    return PRE + head + body + bytes((c,))


# --- wanted(): how many bytes the reader asks the serial port for ------------------------
def test_wanted_before_the_header_is_what_completes_the_header() -> None:
    dec = FrameDecoder()
    assert dec.wanted() == 7  # nothing yet: preamble + LEN
    dec.feed(PRE[:3])
    assert dec.wanted() == 4
    dec.feed(PRE[3:] + b"\x00")
    assert dec.wanted() == 1  # one LEN byte still missing


def test_wanted_with_exactly_the_header_is_the_whole_body() -> None:
    # Kills: len(buf) >= HEADER_LEN → >, HEADER_LEN + n → HEADER_LEN - n, n → n ± 1.
    dec = FrameDecoder()
    frame = encode_response(0x90, bytes(250))  # LEN 254
    dec.feed(frame[:7])
    assert dec.wanted() == 254
    dec.feed(frame[7:100])
    assert dec.wanted() == len(frame) - 100
    dec.feed(frame[100:-1])
    assert dec.wanted() == 1
    dec.feed(frame[-1:])
    assert dec.wanted() == 1  # complete: max(1, 0), never 0 (a read of 0 bytes would spin)


def test_wanted_reads_len_big_endian_from_both_bytes() -> None:
    # Kills: buf[5] << 8 → << 7 / buf[6] dropped / | → &. LEN 0x0102 = 258.
    dec = FrameDecoder()
    dec.feed(PRE + b"\x01\x02")
    assert dec.wanted() == 258
    dec = FrameDecoder()
    dec.feed(PRE + b"\x02\x01")
    assert dec.wanted() == 513


def test_wanted_ignores_len_of_bytes_that_are_not_a_preamble() -> None:
    # Kills: "and" → "or" between the length check and startswith(PREAMBLE).
    dec = FrameDecoder()
    dec.feed(b"\x00" * 5 + b"\x00\x40")
    assert dec.wanted() == 1


def test_wanted_honours_both_len_limits_inclusively() -> None:
    # Kills: min_len <= n → <, n <= max_len → <, and the MAX_LEN value itself.
    assert (MIN_RESPONSE_LEN, MIN_REQUEST_LEN, MAX_LEN) == (4, 3, 0x1000)
    cases = [
        (MIN_RESPONSE_LEN - 1, 1),  # too short: not a length we trust, ask for 1
        (MIN_RESPONSE_LEN, MIN_RESPONSE_LEN),
        (MAX_LEN, MAX_LEN),
        (MAX_LEN + 1, 1),
    ]
    for length, want in cases:
        dec = FrameDecoder()
        dec.feed(PRE + length.to_bytes(2, "big"))
        assert dec.wanted() == want, length
    dec = FrameDecoder(min_len=MIN_REQUEST_LEN)
    dec.feed(PRE + b"\x00\x03")
    assert dec.wanted() == 3


# --- LEN limits in next_frame ------------------------------------------------------------
def test_len_equal_to_max_len_is_accepted_and_one_more_is_bad_length() -> None:
    data = bytes(range(256)) * 16
    at_max = _frame(MAX_LEN, b"\x00\x00\x90" + data[: MAX_LEN - 4])
    resp = decode_response(at_max)
    assert resp.sw3 == 0x90 and len(resp.data) == MAX_LEN - 4
    over = _frame(MAX_LEN + 1, b"\x00\x00\x90" + data[: MAX_LEN - 3])
    with pytest.raises(errors.BadLength):
        decode_response(over)


def test_len_below_the_minimum_is_bad_length_and_the_minimum_is_fine() -> None:
    with pytest.raises(errors.BadLength):
        decode_response(_frame(3, b"\x00\x00"))  # a response needs SW1 SW2 SW3 CHK
    assert decode_response(_frame(4, b"\x00\x00\x90")).sw3 == 0x90
    assert decode_request(_frame(3, b"\x20\x01")).command is Cmd.FIND
    with pytest.raises(errors.BadLength):
        decode_request(_frame(2, b"\x20"))


def test_bad_length_steps_one_byte_and_finds_the_next_frame() -> None:
    dec = FrameDecoder()
    dec.feed(PRE + b"\xff\xff" + encode_response(0x9F, b"\x01\x02\x03\x04"))
    with pytest.raises(errors.BadLength):
        dec.next_response()
    resp = dec.next_response()
    assert resp is not None and resp.sw3 == 0x9F and resp.data == b"\x01\x02\x03\x04"
    assert dec.skipped == 7 and dec.buffered == 0


def test_frame_longer_than_len_can_say_is_refused_at_encode() -> None:
    assert len(encode_response(0x90, bytes(0xFFFF - 4))) == 7 + 0xFFFF
    with pytest.raises(ValueError):
        encode_response(0x90, bytes(0xFFFF - 3))


# --- SW1 / SW2 / data fields ---------------------------------------------------------------
def test_next_response_keeps_sw1_sw2_sw3_and_data_apart() -> None:
    dec = FrameDecoder()
    dec.feed(encode_response(0x90, b"\x41\x42", sw1=0x62, sw2=0x83))
    resp = dec.next_response()
    assert resp is not None
    assert (resp.sw1, resp.sw2, resp.sw3, resp.data) == (0x62, 0x83, 0x90, b"AB")
    assert encode_response(0x90, b"", sw1=0x6A, sw2=0x82) == _frame(4, b"\x6a\x82\x90")


def test_next_request_keeps_cmd_para_and_data_apart() -> None:
    dec = FrameDecoder(min_len=MIN_REQUEST_LEN)
    dec.feed(encode_request(0x30, 0x01, b"\x07"))
    req = dec.next_request()
    assert req == Request(0x30, 0x01, b"\x07") and req.command is Cmd.READ_BASE
    assert Request(0x30, 0x04).command is None and Cmd.lookup(0x30, 0x04) is None


def test_response_ok_only_for_the_two_success_codes() -> None:
    assert [c for c in range(256) if decode_response(encode_response(c)).ok] == [0x90, 0x9F]


def test_numeric_command_needs_its_para() -> None:
    with pytest.raises(ValueError):
        encode_request(0x20)
    assert encode_request(0x20, 0x01) == encode_request(Cmd.FIND)


# --- short input: TruncatedFrame vs NoFrame ----------------------------------------------
@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"", errors.TruncatedFrame),
        (b"\xaa", errors.TruncatedFrame),
        (b"\xaa\xaa\xaa\x96", errors.TruncatedFrame),  # 4 of the 5 preamble bytes
        (b"\xaa\xaa\xaa\x96\x69", errors.TruncatedFrame),  # preamble, no LEN
        (b"\xaa\xaa\xaa\x96\x69\x00\x04\x00", errors.TruncatedFrame),
        (b"\x00", errors.NoFrame),
        (b"\xaa\xab", errors.NoFrame),  # not a prefix of the preamble
        (b"\xaa\xaa\xaa\x96\x00", errors.NoFrame),  # 5 bytes, last one wrong
        (b"\x55\xaa\xaa\xaa\x96\x69\x00\x04\x00\x00\x90\x94", errors.NoFrame),  # junk first
    ],
    ids=lambda v: v.hex(" ") if isinstance(v, bytes) else v.__name__,
)
def test_short_or_foreign_input_names_the_right_error(raw: bytes, error: type) -> None:
    with pytest.raises(errors.FrameError) as info:
        decode_response(raw)
    assert type(info.value) is error


def test_bytes_after_a_complete_frame_are_trailing() -> None:
    with pytest.raises(errors.TrailingBytes):
        decode_response(encode_response(0x90) + b"\x00")


def test_a_split_preamble_tail_is_kept_and_garbage_before_it_is_counted() -> None:
    frame = encode_response(0x90, b"ok")
    dec = FrameDecoder()
    dec.feed(b"\x01" + frame[:4])  # AA AA AA 96: may be a preamble cut by the read
    assert dec.next_response() is None
    assert (dec.buffered, dec.skipped) == (4, 1)
    dec.feed(frame[4:])
    resp = dec.next_response()
    assert resp is not None and resp.data == b"ok" and dec.skipped == 1


def test_checksum_edges_and_wire_time() -> None:
    assert checksum(b"") == 0
    assert checksum(b"\x5a") == 0x5A
    assert checksum(bytes.fromhex("00 03 11 FF")) == 0xED  # worked by hand in spec §1.2
    assert checksum(bytes(range(1, 8))) == 1 ^ 2 ^ 3 ^ 4 ^ 5 ^ 6 ^ 7
    assert wire_seconds(1152, 115200) == pytest.approx(0.1)
    assert wire_seconds(96, 9600) == pytest.approx(0.1)


# --- technician details and garbage accounting (what a technician reads in the log) -----
def test_error_details_say_what_was_wrong() -> None:
    with pytest.raises(ValueError, match=r"^frame too long$"):
        encode_response(0x90, bytes(0xFFFF - 3))
    with pytest.raises(ValueError, match=r"^para is required with a numeric command$"):
        encode_request(0x20)
    with pytest.raises(errors.BadLength) as bad_len:
        decode_response(PRE + b"\xff\xff\x00")
    assert bad_len.value.detail == "LEN=65535 outside 4..4096"
    frame = bytearray(encode_response(0x90, b"xy"))  # LEN 6: 5 bytes under the CHK
    frame[-1] ^= 0x01
    with pytest.raises(errors.ChecksumMismatch) as bad_chk:
        decode_response(bytes(frame))
    want = frame[-1] ^ 0x01
    assert bad_chk.value.detail == f"CHK 0x{frame[-1]:02X}, computed 0x{want:02X} over 5 bytes"
    with pytest.raises(errors.TrailingBytes) as trailing:
        decode_response(encode_response(0x90) + b"\x00\x00")
    assert trailing.value.detail == "2 bytes after the frame"


def test_bad_length_is_reported_as_soon_as_the_header_is_in() -> None:
    # Kills len(buf) < HEADER_LEN → <=: with exactly the 7 header bytes the LEN is known.
    dec = FrameDecoder()
    dec.feed(PRE + b"\xff\xff")
    with pytest.raises(errors.BadLength):
        dec.next_frame()


def test_skipped_bytes_add_up_across_garbage_and_bad_frames() -> None:
    # Kills skipped += 1 → skipped = 1 (after BadLength and after ChecksumMismatch).
    good = encode_response(0x90, b"ok")
    bad_chk = bytearray(encode_response(0x90, b"no"))
    bad_chk[-1] ^= 0xFF
    dec = FrameDecoder()
    dec.feed(b"\x01\x02\x03" + PRE + b"\xff\xff" + b"\x04\x05" + bytes(bad_chk) + good)
    with pytest.raises(errors.BadLength):
        dec.next_frame()
    assert dec.skipped == 3 + 1
    with pytest.raises(errors.ChecksumMismatch):
        dec.next_frame()
    # the rest of the bad-LEN frame's preamble, LEN, the 2 junk bytes, then 1 of bad_chk
    assert dec.skipped == 3 + 1 + 6 + 2 + 1
    resp = dec.next_response()
    assert resp is not None and resp.data == b"ok"
    assert dec.skipped == 3 + 1 + 6 + 2 + len(bad_chk)

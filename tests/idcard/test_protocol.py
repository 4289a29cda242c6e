"""Frame codec: the spec's frames byte for byte, round trips, and fuzzing (hypothesis)."""

from __future__ import annotations

import functools
import operator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.base import DeviceError
from drivers.idcard import errors
from drivers.idcard.payload import build_base_info, parse_base_info
from drivers.idcard.protocol import (
    Cmd,
    FrameDecoder,
    Response,
    checksum,
    decode_request,
    decode_response,
    encode_request,
    encode_response,
)

# Every full frame quoted in spec §1.3 (CHK recomputed there by hand). A list of
# (name, frame), not a dict keyed by Cmd members: a mutant that makes RESET an alias
# of SAM_STATUS would collapse such a dict and drop RESET's frame unnoticed. The
# baud commands and every status word are in test_golden_frames.py.
SPEC_REQUESTS = [
    ("RESET", "AA AA AA 96 69 00 03 10 FF EC"),
    ("SAM_STATUS", "AA AA AA 96 69 00 03 11 FF ED"),
    ("SAM_ID", "AA AA AA 96 69 00 03 12 FF EE"),
    ("FIND", "AA AA AA 96 69 00 03 20 01 22"),
    ("SELECT", "AA AA AA 96 69 00 03 20 02 21"),
    ("READ_BASE", "AA AA AA 96 69 00 03 30 01 32"),
    ("READ_BASE_FP", "AA AA AA 96 69 00 03 30 10 23"),
    ("READ_ADDRESS", "AA AA AA 96 69 00 03 30 03 30"),
    ("BAUD_115200", "AA AA AA 96 69 00 03 60 00 63"),
]


@pytest.mark.parametrize(("name", "frame"), SPEC_REQUESTS, ids=[n for n, _ in SPEC_REQUESTS])
def test_requests_match_the_spec_bytes(name: str, frame: str) -> None:
    cmd = Cmd[name]
    assert cmd.name == name  # an alias would answer with another member's name
    assert encode_request(cmd) == bytes.fromhex(frame)
    req = decode_request(bytes.fromhex(frame))
    assert req.command is cmd and req.data == b""


@pytest.mark.parametrize(
    ("frame", "sw3", "data_len"),
    [
        ("AA AA AA 96 69 00 04 00 00 90 94", 0x90, 0),
        ("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97", 0x9F, 4),
        ("AA AA AA 96 69 00 04 00 00 80 84", 0x80, 0),
        ("AA AA AA 96 69 00 04 00 00 81 85", 0x81, 0),
        ("AA AA AA 96 69 00 04 00 00 41 45", 0x41, 0),
    ],
)
def test_spec_responses_parse(frame: str, sw3: int, data_len: int) -> None:
    resp = decode_response(bytes.fromhex(frame))
    assert (resp.sw1, resp.sw2, resp.sw3, len(resp.data)) == (0, 0, sw3, data_len)
    assert encode_response(sw3, resp.data) == bytes.fromhex(frame)


def test_select_ok_frame_has_len_0c() -> None:
    frame = encode_response(0x90, bytes(range(8)))
    assert frame[5:7] == b"\x00\x0c" and len(frame) == 7 + 12


@pytest.mark.parametrize(("fp_len", "total"), [(None, 1295), (1024, 2321), (512, 1809), (0, 1297)])
def test_base_info_frame_sizes_match_the_spec(fp_len: int | None, total: int) -> None:
    text, photo = bytes(256), bytes(1024)
    fp = None if fp_len is None else bytes(fp_len)
    frame = encode_response(0x90, build_base_info(text, photo, fp))
    assert len(frame) == total
    if fp_len is None:
        assert frame[5:7] == b"\x05\x08"  # LEN 1288 (spec §1.5)
        assert frame[7:14] == bytes.fromhex("00 00 90 01 00 04 00")  # text at offset 14
    card = parse_base_info(decode_response(frame).data, fp_len is not None)
    assert len(card.text) == 256 and len(card.photo) == 1024


def test_base_info_with_inconsistent_lengths_is_a_payload_error() -> None:
    data = build_base_info(bytes(256), bytes(1024))
    with pytest.raises(errors.PayloadError):
        parse_base_info(data[:-1], False)
    with pytest.raises(errors.PayloadError):
        parse_base_info(data, True)  # asked for fingerprints: header is 6 bytes


@given(st.binary(max_size=3000))
def test_checksum_is_the_xor_of_every_byte(data: bytes) -> None:
    assert checksum(data) == functools.reduce(operator.xor, data, 0)


@given(
    sw1=st.integers(0, 255),
    sw2=st.integers(0, 255),
    sw3=st.integers(0, 255),
    data=st.binary(max_size=2400),
)
def test_response_round_trip(sw1: int, sw2: int, sw3: int, data: bytes) -> None:
    resp = decode_response(encode_response(sw3, data, sw1, sw2))
    assert (resp.sw1, resp.sw2, resp.sw3, resp.data) == (sw1, sw2, sw3, data)


@given(cmd=st.integers(0, 255), para=st.integers(0, 255), data=st.binary(max_size=64))
def test_request_round_trip(cmd: int, para: int, data: bytes) -> None:
    req = decode_request(encode_request(cmd, para, data))
    assert (req.cmd, req.para, req.data) == (cmd, para, data)


@settings(max_examples=300)
@given(st.binary(max_size=600))
def test_random_bytes_give_a_response_or_a_named_error(data: bytes) -> None:
    try:
        resp = decode_response(data)
    except errors.FrameError as e:
        assert isinstance(e, DeviceError) and e.detail and e.resident_message
    else:
        assert isinstance(resp, Response)


@settings(max_examples=300)
@given(
    data=st.binary(max_size=300),
    sw3=st.integers(0, 255),
    pos=st.integers(min_value=0),
    flip=st.integers(1, 255),
)
def test_any_single_byte_mutation_of_a_valid_frame_is_a_named_error(
    data: bytes, sw3: int, pos: int, flip: int
) -> None:
    frame = bytearray(encode_response(sw3, data))
    frame[pos % len(frame)] ^= flip
    with pytest.raises(errors.FrameError):
        decode_response(bytes(frame))


@settings(max_examples=200)
@given(data=st.binary(max_size=300), cut=st.integers(min_value=1))
def test_truncated_frames_are_named(data: bytes, cut: int) -> None:
    frame = encode_response(0x90, data)
    # Any prefix of a valid frame, even the empty one, is truncated, never "no frame".
    with pytest.raises(errors.TruncatedFrame):
        decode_response(frame[: len(frame) - 1 - cut % len(frame)])


@settings(max_examples=200)
@given(
    junk=st.lists(st.binary(max_size=40), min_size=3, max_size=3),
    payloads=st.lists(st.binary(max_size=200), min_size=2, max_size=2),
    chunk=st.integers(1, 64),
)
def test_stream_decoder_resyncs_across_garbage_and_split_reads(
    junk: list[bytes], payloads: list[bytes], chunk: int
) -> None:
    """Garbage around frames, delivered in arbitrary chunks: both frames come out.

    A garbage run may itself contain a valid-looking frame prefix; the decoder may
    then report a (named) error, but it must never crash, hang, or lose a later frame
    that follows a full preamble.
    """
    stream = junk[0] + encode_response(0x90, payloads[0]) + junk[1]
    stream += encode_response(0x9F, payloads[1]) + junk[2]
    dec = FrameDecoder()
    got: list[Response] = []
    for i in range(0, len(stream), chunk):
        dec.feed(stream[i : i + chunk])
        for _ in range(len(stream) + 2):  # bounded: each call consumes or returns
            try:
                resp = dec.next_response()
            except errors.FrameError:
                continue
            if resp is None:
                break
            got.append(resp)
    datas = [r.data for r in got]
    if not any(b"\xaa" in j for j in junk):
        # Junk that cannot start a preamble is skipped entirely: exactly our frames.
        assert datas == payloads
        assert dec.skipped == sum(len(j) for j in junk)
    else:
        # Junk may open a false frame (reported as a named error); ours still arrive
        # unless that false frame swallowed them.
        assert len(got) <= 2 + sum(j.count(b"\xaa\xaa\xaa\x96\x69") for j in junk)


def test_stream_decoder_recovers_a_frame_after_garbage_and_a_half_frame() -> None:
    good = encode_response(0x90, b"ok")
    half = encode_response(0x90, bytes(100))[:40]
    dec = FrameDecoder()
    dec.feed(b"\x00\xaa\xaa\x01" + half)
    assert dec.next_response() is None  # waiting for the rest of the half frame
    dec.clear()  # what the driver does before a new command
    dec.feed(b"\x55\xaa" + good)
    resp = dec.next_response()
    assert resp is not None and resp.data == b"ok"
    assert dec.skipped == 4 + len(half) + 2


def test_bad_checksum_then_good_frame_in_one_stream() -> None:
    bad = bytearray(encode_response(0x90, b"xx"))
    bad[-1] ^= 1
    dec = FrameDecoder()
    dec.feed(bytes(bad) + encode_response(0x90, b"yy"))
    with pytest.raises(errors.ChecksumMismatch):
        dec.next_response()
    resp = dec.next_response()
    assert resp is not None and resp.data == b"yy"


def test_absurd_length_is_bad_length() -> None:
    dec = FrameDecoder()
    dec.feed(b"\xaa\xaa\xaa\x96\x69\xff\xff\x00")
    with pytest.raises(errors.BadLength):
        dec.next_response()


# --- status codes -------------------------------------------------------------------
SPEC_CODES = [0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x34, 0x40, 0x41, 0x47, 0x50,
              0x60, 0x61, 0x66, 0x80, 0x81, 0x91]  # fmt: skip


@pytest.mark.parametrize("code", SPEC_CODES, ids=lambda c: f"0x{c:02X}")
def test_every_status_code_has_its_own_named_error(code: int) -> None:
    err = errors.error_for_status(code, "READ_BASE")
    assert type(err) is errors.STATUS_ERRORS[code]
    assert type(err) is not errors.UnknownStatus
    assert isinstance(err, DeviceError)
    assert err.code == code and f"0x{code:02X}" in err.detail and "READ_BASE" in err.detail
    assert err.resident_message and all(ord(c) < 0x3000 or c for c in err.resident_message)
    assert any("\u4e00" <= c <= "\u9fff" for c in err.resident_message)  # Chinese


def test_status_classes_are_distinct_and_unknown_code_is_named() -> None:
    assert len({errors.STATUS_ERRORS[c] for c in SPEC_CODES}) == len(SPEC_CODES)
    err = errors.error_for_status(0x77)
    assert isinstance(err, errors.UnknownStatus) and err.code == 0x77 and "0x77" in err.detail
    assert 0x90 not in errors.STATUS_ERRORS and 0x9F not in errors.STATUS_ERRORS

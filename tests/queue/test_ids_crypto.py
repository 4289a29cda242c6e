"""Ids are time-ordered and unique; the key file and AES-GCM sealing behave."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from offline_queue.crypto import Cipher, attachment_aad, envelope_aad, load_or_create_key
from offline_queue.errors import KeyFileError, TamperedData
from offline_queue.ids import id_time, is_valid_id, new_id


def test_ids_sort_by_time_and_never_repeat_across_threads() -> None:
    got: list[list[str]] = [[] for _ in range(4)]

    def run(i: int) -> None:
        got[i].extend(new_id() for _ in range(5000))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for ids in got:
        assert ids == sorted(ids)  # increasing within a thread
    flat = [i for ids in got for i in ids]
    assert len(set(flat)) == len(flat)
    assert all(is_valid_id(i) for i in flat[:100])


def test_id_encodes_its_time() -> None:
    assert abs(id_time(new_id()) - time.time()) < 1.0
    future = int(time.time() * 1000) + 10_000_000
    first = new_id(now_ms=future)
    assert abs(id_time(first) - future / 1000) < 1e-6
    assert new_id(now_ms=future + 1000) > first
    # A clock stepping back does not break the order.
    assert new_id(now_ms=future - 5000) > first
    assert not is_valid_id("../../etc/passwd")
    with pytest.raises(ValueError):
        id_time("nope")


def test_key_file_created_0600_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "outbox.key"
    key = load_or_create_key(path)
    assert len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == key


def test_key_file_too_loose_is_tightened_and_bad_size_refused(tmp_path: Path) -> None:
    path = tmp_path / "k"
    load_or_create_key(path)
    os.chmod(path, 0o644)
    load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_bytes(b"short")
    with pytest.raises(KeyFileError, match="5 bytes"):
        load_or_create_key(path)
    with pytest.raises(KeyFileError, match="missing"):
        load_or_create_key(tmp_path / "absent", create=False)


def test_sealed_blob_is_bound_to_its_submission_and_detects_tampering() -> None:
    c = Cipher(os.urandom(32))
    blob = c.seal(b"secret form", envelope_aad("A" * 26))
    assert b"secret" not in blob
    assert c.open(blob, envelope_aad("A" * 26)) == b"secret form"
    with pytest.raises(TamperedData):
        c.open(blob, envelope_aad("B" * 26))  # moved to another submission
    with pytest.raises(TamperedData):
        c.open(blob, attachment_aad("A" * 26, "0" * 64))  # used as another part
    flipped = bytearray(blob)
    flipped[-1] ^= 1
    with pytest.raises(TamperedData):
        c.open(bytes(flipped), envelope_aad("A" * 26))
    with pytest.raises(TamperedData):
        c.open(blob[:10], envelope_aad("A" * 26))
    with pytest.raises(TamperedData):
        Cipher(os.urandom(32)).open(blob, envelope_aad("A" * 26))  # another key

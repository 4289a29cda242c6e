"""A stolen disk holds nothing of a resident whose submission the platform acknowledged.

The attacker takes the outbox directory *and* the host key file beside it (the
fallback without a TPM), as they are on disk right after the real sync worker
got the acknowledgement from the reference platform on 127.0.0.1.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from offline_queue.crypto import MAGIC, Cipher, attachment_aad, envelope_aad
from offline_queue.errors import TamperedData
from offline_queue.models import AttachmentIn, State
from offline_queue.outbox import DB_NAME, Outbox
from offline_queue.server import ServerThread
from offline_queue.sync import SyncWorker
from tests.queue.conftest import (  # noqa: F401  (fixtures)
    ID_NUMBER,
    KIOSK,
    NAME,
    attachment_bytes,
    make_outbox,
    make_worker,
    server,
)

ADDRESS = "福建省福州市鼓楼区五四路158号"


def _raw_db_files(directory: Path) -> bytes:
    return b"".join(
        (directory / (DB_NAME + sfx)).read_bytes()
        for sfx in ("", "-wal", "-shm")
        if (directory / (DB_NAME + sfx)).exists()
    )


def _windows(blob: bytes, width: int = 32, step: int = 97) -> list[bytes]:
    """Slices of a sealed blob: one surviving fragment is enough to find."""
    return [blob[i : i + width] for i in range(0, len(blob) - width, step)]


def test_an_acknowledged_submission_leaves_nothing_on_disk(
    make_outbox: Callable[..., Outbox],  # noqa: F811
    server: ServerThread,  # noqa: F811
    make_worker: Callable[..., SyncWorker],  # noqa: F811
    tmp_path: Path,
) -> None:
    ob = make_outbox()
    # A long form field puts the sealed envelope on overflow pages, which a plain
    # DELETE/UPDATE would leave behind on the free list.
    form = {"applicant_name": NAME, "address": ADDRESS, "note": "情况说明" * 3000}
    scan = attachment_bytes(7, 64 * 1024)
    sid = ob.enqueue(
        "ZM-JZNX", KIOSK, form, {"name": NAME, "id_number": ID_NUMBER},
        [AttachmentIn("户口本.jpg", "image/jpeg", scan)],
    )  # fmt: skip
    # What the attacker would look for: the sealed bytes as they were on disk.
    sealed_env = ob._conn.execute("SELECT envelope FROM submissions WHERE id = ?", (sid,)).fetchone()[0]  # fmt: skip
    sealed_files = {p.name: p.read_bytes() for p in ob.blob_dir.iterdir()}
    assert len(sealed_env) > 20_000 and len(sealed_files) == 1
    assert any(w in _raw_db_files(ob.directory) for w in _windows(sealed_env))  # the probe works

    acked = threading.Event()
    worker = make_worker(ob, server.url)
    worker.on_acknowledged(lambda s, _n: acked.set() if s == sid else None)
    worker.start()
    assert acked.wait(30), "the platform never acknowledged"
    info = ob.get(sid)
    assert info.state is State.ACKNOWLEDGED and info.acceptance_no  # the tombstone stays

    # The attack: read the disk raw, with the key file that lies beside it.
    raw = _raw_db_files(ob.directory)
    files = {p.name: p.read_bytes() for p in ob.blob_dir.iterdir()}
    assert not files, f"attachment files left: {sorted(files)}"
    for needle in (NAME, ID_NUMBER, ADDRESS, "情况说明"):
        assert needle.encode() not in raw
    leftovers = [w for w in _windows(sealed_env) if w in raw]
    assert not leftovers, f"{len(leftovers)} fragments of the sealed envelope remain"
    for blob in sealed_files.values():
        assert not any(w in raw for w in _windows(blob))
    cipher = Cipher((tmp_path / "data" / "keys" / "outbox.key").read_bytes())
    ((att_name, att_blob),) = sealed_files.items()
    tries = [(envelope_aad(sid), len(sealed_env)), (attachment_aad(sid, att_name.split(".")[1]), len(att_blob))]  # fmt: skip
    opened, start = 0, raw.find(MAGIC)
    while start != -1:  # every sealed blob still in the files, opened with the stolen key
        for aad, size in tries:
            try:
                cipher.open(raw[start : start + size], aad)
                opened += 1
            except TamperedData:
                pass
        start = raw.find(MAGIC, start + 1)
    assert opened == 0
    # The bookkeeping left is what the receipt look-up and exactly-once need, no more.
    row = (
        sqlite3.connect(ob.directory / DB_NAME)
        .execute("SELECT length(envelope), last_error FROM submissions WHERE id = ?", (sid,))
        .fetchone()
    )
    assert row == (0, None)

"""A damaged outbox: truncated, or one page overwritten.

Real SQLite files, damaged on disk; the terminal opens them through its real
wiring. It must not crash (no crash loop under ``Restart=always``), must keep the
damaged file (quarantined), salvage what SQLite can read, name the rows it could
not salvage without personal data, and accept applications only on a sound outbox.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kiosk.app.terminal import Terminal
from kiosk.app.wiring import OutboxWatch, attach_outbox
from kiosk.config import KioskConfig, load_config
from kiosk.services.submissions import open_outbox
from offline_queue.integrity import quick_check
from offline_queue.models import AttachmentIn

NAME = "陈美玲"
PAGE = 4096


def config_for(tmp_path: Path) -> KioskConfig:
    config = load_config(None, tmp_path / "data")
    outbox = config.outbox.model_copy(update={"min_free_bytes": 0})
    # Nothing listens there: the sync worker just keeps the rows pending.
    platform = config.platform.model_copy(update={"url": "http://127.0.0.1:9"})
    return config.model_copy(update={"outbox": outbox, "platform": platform})


def queue_rows(config: KioskConfig, n: int = 40) -> list[str]:
    outbox = open_outbox(config)
    try:
        ids = [
            outbox.enqueue(
                "SB-SBK-GS",
                config.kiosk.id,
                {"reason": f"lost {i}", "filler": "x" * 600},
                {"name": NAME, "id_number": "350102198808080029"},
                [AttachmentIn("scan", "image/jpeg", f"page {i}".encode() * 50)],
            )
            for i in range(n)
        ]
    finally:
        outbox.close()  # the last connection checkpoints the WAL into outbox.db
    return ids


def open_terminal(config: KioskConfig) -> Terminal:
    terminal = Terminal(config, setup_log=False)
    assert attach_outbox(terminal) is True  # no exception, and serving again
    return terminal


def outbox_problem(terminal: Terminal) -> str:
    found = [p.detail for p in terminal.problems if p.what == "outbox"]
    assert found, terminal.problems
    return found[0]


def assert_quarantined(db: Path, original: bytes) -> Path:
    kept = list((db.parent / "quarantine").glob("*/outbox.db"))
    assert len(kept) == 1
    assert hashlib.sha256(kept[0].read_bytes()).digest() == hashlib.sha256(original).digest()
    assert quick_check(db) is None  # the new outbox is sound
    return kept[0]


def test_truncated_outbox_is_quarantined_and_salvaged_without_a_crash(tmp_path: Path) -> None:
    config = config_for(tmp_path)
    ids = queue_rows(config)
    db = config.resolved_paths.outbox_dir / "outbox.db"
    size = db.stat().st_size
    with db.open("r+b") as f:
        f.truncate(size // 2)
    damaged = db.read_bytes()
    terminal = open_terminal(config)
    try:
        alert = outbox_problem(terminal)
        assert "outbox damaged" in alert and "quarantine" in alert
        assert_quarantined(db, damaged)
        submitter = terminal.services["submitter"]
        kept = {s.id for s in submitter.outbox.list(limit=1000)}
        lost = set(ids) - kept
        assert kept and lost  # half the file: some rows survive, some do not
        assert all(sid in alert for sid in lost)  # every lost row is named
        assert NAME not in alert and "350102198808080029" not in alert
        # Other alerts may stand before it (e.g. the outbox key's plain-file warning).
        shown = [a for a in terminal.alerts() if a.startswith("outbox:")]
        assert len(shown) == 1 and ("SB-SBK-GS" in shown[0] or "service ?" in shown[0]), shown
        # The salvaged outbox takes new applications.
        submitter.outbox.enqueue("SB-SBK-GS", config.kiosk.id, {"reason": "new"})
    finally:
        terminal.stop()


def _page_holding(db: Path, needle: bytes) -> int:
    """The table-leaf page (type 0x0D) holding ``needle``."""
    raw = db.read_bytes()
    start = 0
    while (at := raw.find(needle, start)) >= 0:
        page = at // PAGE
        header = page * PAGE + (100 if page == 0 else 0)
        body = raw[page * PAGE : (page + 1) * PAGE]
        if raw[header] == 0x0D and b"SB-SBK-GS" in body:  # a submissions row, not attachments
            return page
        start = at + 1
    raise AssertionError("no table page holds the row")


def test_overwritten_page_is_detected_and_its_rows_named(tmp_path: Path) -> None:
    config = config_for(tmp_path)
    ids = queue_rows(config)
    db = config.resolved_paths.outbox_dir / "outbox.db"
    victim = ids[len(ids) // 2]
    page = _page_holding(db, victim.encode())
    with db.open("r+b") as f:
        f.seek(page * PAGE)
        f.write(b"\xa5" * PAGE)  # a worn flash page
    damaged = db.read_bytes()
    assert quick_check(db) is not None  # PRAGMA quick_check sees it
    terminal = open_terminal(config)
    try:
        alert = outbox_problem(terminal)
        assert_quarantined(db, damaged)
        kept = {s.id for s in terminal.services["submitter"].outbox.list(limit=1000)}
        lost = set(ids) - kept
        assert victim in lost and len(kept) >= len(ids) // 2
        assert all(sid in alert for sid in lost)
        assert "NOT salvaged" in alert
        assert NAME not in alert
        # The status no longer says "-": the terminal knows how many wait.
        assert terminal.services["submitter"].depth() == len(kept)
    finally:
        terminal.stop()


def test_damage_found_while_running_takes_the_outbox_out_and_salvages_it(
    tmp_path: Path,
) -> None:
    config = config_for(tmp_path)
    ids = queue_rows(config, 20)
    terminal = open_terminal(config)
    try:
        assert not [p for p in terminal.problems if p.what == "outbox"]
        db = config.resolved_paths.outbox_dir / "outbox.db"
        # Quiet the sync worker and fold the WAL into the file, so the damaged page
        # is the one SQLite reads (not a newer copy of it in the WAL).
        submitter = terminal.services["submitter"]
        submitter.worker.stop()
        submitter.outbox._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = _page_holding(db, ids[5].encode())
        with db.open("r+b") as f:
            f.seek(page * PAGE)
            f.write(b"\x00\xff" * (PAGE // 2))
        watch = OutboxWatch(terminal)
        assert watch.check() is not None
        assert "outbox damaged" in outbox_problem(terminal)
        assert "submitter" in terminal.services  # reopened on the salvaged file
        assert quick_check(db) is None
    finally:
        terminal.stop()


@pytest.fixture(autouse=True)
def _no_real_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_PLATFORM_URL", raising=False)

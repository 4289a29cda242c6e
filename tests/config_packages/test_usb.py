"""USB watcher: packages on (simulated) mount points are reported once stable, again after
re-insertion, and a stick pulled away is noticed."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from kiosk.config_packages import UsbWatcher


def make_watcher(tmp_path: Path, found: list[Path], removed: list[Path]) -> UsbWatcher:
    return UsbWatcher(
        [str(tmp_path / "media" / "*"), str(tmp_path / "media" / "*" / "*")],
        ["kiosk-config*.zip", "*.kpkg"],
        on_found=found.append,
        on_removed=removed.append,
        interval_s=0.05,
    )


def test_found_once_stable_then_removed_then_found_again(tmp_path: Path) -> None:
    found: list[Path] = []
    removed: list[Path] = []
    w = make_watcher(tmp_path, found, removed)
    stick = tmp_path / "media" / "field" / "USB16G"
    stick.mkdir(parents=True)
    (stick / "notes.txt").write_text("not a package")
    pkg = stick / "kiosk-config-7.zip"
    pkg.write_bytes(b"PK first half")
    assert w.poll() == []  # seen once: could still be copying
    pkg.write_bytes(b"PK first half, second half")
    assert w.poll() == []  # changed since: still not stable
    assert w.poll() == [pkg]
    assert w.poll() == []  # reported once
    assert found == [pkg]

    shutil.rmtree(tmp_path / "media" / "field")  # stick pulled
    w.poll()
    assert removed == [pkg]
    stick.mkdir(parents=True)
    pkg.write_bytes(b"PK again")
    w.poll()
    w.poll()
    assert found == [pkg, pkg]


def test_symlinks_and_other_names_are_ignored(tmp_path: Path) -> None:
    found: list[Path] = []
    w = make_watcher(tmp_path, found, [])
    stick = tmp_path / "media" / "STICK"
    stick.mkdir(parents=True)
    (stick / "photo.zip").write_bytes(b"PK")
    os.symlink("/etc/passwd", stick / "kiosk-config-evil.zip")
    (stick / "site.kpkg").write_bytes(b"PK")
    w.poll()
    w.poll()
    assert found == [stick / "site.kpkg"]


def test_thread_reports_through_callback(tmp_path: Path) -> None:
    seen = threading.Event()
    got: list[Path] = []

    def on_found(p: Path) -> None:
        got.append(p)
        seen.set()

    w = UsbWatcher([str(tmp_path / "media" / "*")], ["*.kpkg"], on_found, interval_s=0.02)
    w.start()
    try:
        (tmp_path / "media" / "S").mkdir(parents=True)
        (tmp_path / "media" / "S" / "a.kpkg").write_bytes(b"PK")
        assert seen.wait(5)
    finally:
        w.stop()
    assert got == [tmp_path / "media" / "S" / "a.kpkg"]


def test_broken_callback_does_not_stop_the_watcher(tmp_path: Path) -> None:
    calls: list[Path] = []

    def explode(p: Path) -> None:
        calls.append(p)
        raise RuntimeError("boom")

    w = UsbWatcher([str(tmp_path / "m" / "*")], ["*.kpkg"], explode, interval_s=0.02)
    (tmp_path / "m" / "S").mkdir(parents=True)
    (tmp_path / "m" / "S" / "a.kpkg").write_bytes(b"1")
    (tmp_path / "m" / "S" / "b.kpkg").write_bytes(b"2")
    w.poll()
    w.poll()
    assert len(calls) == 2

"""Durable file operations: write to a temp name, fsync, rename, fsync the directory."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

TMP_PREFIX = ".tmp-"


def fsync_dir(path: Path) -> None:
    """Make renames and unlinks inside ``path`` durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durable(path: Path, data: bytes, *, mode: int = 0o600, sync_dir: bool = True) -> None:
    """Write ``data`` to ``path`` atomically: readers see the old file or the whole new one.

    The bytes go to a temp name in the same directory, are fsynced, and the temp file
    is renamed over ``path``. With ``sync_dir`` the directory is fsynced too, so the
    rename itself survives a power cut; callers renaming many files may pass False
    and call :func:`fsync_dir` once.
    """
    tmp = path.with_name(f"{TMP_PREFIX}{path.name}.{os.getpid()}.{os.urandom(4).hex()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(fd)
    try:
        os.rename(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if sync_dir:
        fsync_dir(path.parent)


def unlink_quiet(path: Path) -> bool:
    """Remove a file if it is there; True when something was removed."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def shred_quiet(path: Path) -> bool:
    """Overwrite a file with zeros, fsync, then remove it; True when something was removed.

    Why: an unlinked file's blocks keep its bytes until reused. Overwriting in place
    reaches the blocks on a plain ext4 disk; a copy-on-write file system or an SSD's
    wear levelling may still keep old blocks, which is why the files are sealed too.
    """
    try:
        fd = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        return False
    try:
        size = os.fstat(fd).st_size
        zeros = bytes(min(size, 1 << 20))
        done = 0
        while done < size:
            done += os.write(fd, zeros[: size - done])
        os.fsync(fd)
    finally:
        os.close(fd)
    return unlink_quiet(path)

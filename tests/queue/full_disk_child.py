"""Run outbox scenarios on a small private tmpfs; print the outcomes as JSON.

Started by tests/queue/test_outbox_reserve.py as ``unshare -rm python full_disk_child.py
<dir> <repo root>``: the new user + mount namespace lets an unprivileged process
mount a tmpfs over ``<dir>`` that nobody else sees and that disappears with the
process, so "free space" is exact and nobody else's writes change it, and a
genuinely full filesystem answers ENOSPC (no mocks, no injected errors).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

MIB = 1024 * 1024


def main() -> None:
    base, root = Path(sys.argv[1]), sys.argv[2]
    sys.path.insert(0, root)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={8 * MIB}", "tmpfs", str(base)], check=True
    )

    from offline_queue.errors import OutboxFull
    from offline_queue.models import AttachmentIn
    from offline_queue.outbox import Outbox

    out: dict[str, object] = {}
    (base / "keys").mkdir()
    ob = Outbox(base / "outbox", base / "keys" / "outbox.key", min_free_bytes=0)

    def free() -> int:
        return shutil.disk_usage(base).free

    def attempt(fn: object) -> str:
        try:
            fn()  # type: ignore[operator]
        except OutboxFull as e:
            return "full: " + e.detail
        except Exception as e:
            return f"{type(e).__name__}: {e}"
        return "ok"

    def files() -> list[str]:
        return sorted(p.name for p in (base / "outbox" / "blobs").iterdir())

    # 1. The reserve counts the submission's own size: free - expected >= reserve.
    f = free()
    ob.min_free_bytes = f - 1000
    out["reserve_exact"] = attempt(lambda: ob.check_capacity(1000))
    out["reserve_one_over"] = attempt(lambda: ob.check_capacity(1001))
    out["free_stable"] = free() == f

    # 2. A real enqueue whose own size breaks the reserve is refused, nothing written.
    data = os.urandom(MIB)
    ob.min_free_bytes = free() - MIB // 2  # room for half of it above the reserve
    out["enqueue_over_reserve"] = attempt(
        lambda: ob.enqueue(
            "ZM-JZNX", "FZ-TEST-0001", {"k": 1}, None, [AttachmentIn("a.jpg", "image/jpeg", data)]
        )
    )
    out["after_refusal"] = [ob.stats().pending, files()]
    ob.min_free_bytes = free() - 2 * MIB  # room for all of it
    out["enqueue_within_reserve"] = attempt(
        lambda: ob.enqueue(
            "ZM-JZNX", "FZ-TEST-0001", {"k": 2}, None, [AttachmentIn("a.jpg", "image/jpeg", data)]
        )
    )
    out["after_success"] = [ob.stats().pending, len(files())]

    # 3. The disk really fills up while the attachment is written: ENOSPC → OutboxFull.
    ob.min_free_bytes = -(10**12)  # capacity check passes: only the filesystem can say no
    filler = base / "filler"
    with open(filler, "wb") as fh:
        left = free() - 256 * 1024
        fh.write(b"\0" * max(0, left))
    out["enospc_on_write"] = attempt(
        lambda: ob.enqueue(
            "ZM-JZNX",
            "FZ-TEST-0001",
            {"k": 3},
            None,
            [AttachmentIn("b.jpg", "image/jpeg", os.urandom(MIB))],
        )
    )
    out["after_enospc"] = [ob.stats().pending, len(files())]

    # 4. The database itself cannot grow: SQLite's "database or disk is full" → OutboxFull.
    fd = os.open(filler, os.O_WRONLY | os.O_APPEND)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError as e:
        out["filled_with"] = e.strerror
    finally:
        os.close(fd)
    out["sqlite_full"] = attempt(
        lambda: ob.enqueue("ZM-JZNX", "FZ-TEST-0001", {"blob": "x" * 300_000}, None, [])
    )
    out["after_sqlite_full"] = ob.stats().pending

    # 5. Space comes back: the outbox works again, the earlier submission intact.
    filler.unlink()
    out["after_space_freed"] = attempt(
        lambda: ob.enqueue("ZM-JZNX", "FZ-TEST-0001", {"k": 4}, None, [])
    )
    out["final_pending"] = ob.stats().pending
    ob.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()

"""Memory of the terminal: RSS of the main process and of its whole process tree.

Runs the terminal offscreen on the simulators (the walkthrough's harness, no
screenshots saved) and measures RSS after start, after 1 resident session and
after N sessions (card → catalog → guide → form → materials → signature →
submit → certificate → rating → goodbye/wipe), then prints the growth from
session 10 to session N. The run is bounded: ``--minutes`` stops it early (and
says after how many sessions).

    .venv/bin/python bench/memory.py [--sessions 100] [--minutes 20]

Targets (issue 18): the terminal's process tree < 350 MB after 100 sessions,
main process < 220 MB, no growth from session 10 to session 100. The demo's
reference servers (platform, video desk, payment gateway, courier) run in a child
process of their own (:mod:`kiosk.app.demo_servers`): they stand for the other
side of the network, so they are printed apart and are not in the terminal's tree.

The walkthrough harness drives Qt with ``processEvents()`` from Python, outside
``app.exec()``, and Qt runs no deferred deletion there: every widget a session
dropped with ``deleteLater()`` (thumbnails, previews, tiles) stayed alive with
the pixmaps and numpy frames it held, about 6 MB a session. The terminal runs
``app.exec()``, where they go as soon as control returns to the loop; so after
each session the bench sends the pending deletions, as the loop would have
(``--keep-deferred`` measures without, to see the harness's own growth).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import psutil
from benchstats import med_p99

from kiosk import allocator
from kiosk.ui.walkthrough import steps as st
from kiosk.ui.walkthrough.harness import demo_ui

SESSION = [
    st.identify_with_card,
    st.catalog,
    st.guide,
    st.form,
    st.materials,
    st.signature,
    st.review_and_submit,
    st.rating_and_goodbye,
]


def _tree_rss(proc: psutil.Process, leave_out: set[int]) -> int:
    """RSS of ``proc`` and its descendants, bytes; the subtrees rooted at ``leave_out`` not."""
    total = proc.memory_info().rss
    for child in proc.children():
        if child.pid in leave_out:
            continue
        with contextlib.suppress(psutil.Error):
            total += _tree_rss(child, leave_out)
    return total


def rss_mb(demo_pids: set[int]) -> tuple[float, float, float]:
    """(main process, the terminal's tree, the demo servers' tree) resident set, MB.

    The terminal's tree is the main process and its children (the face engine, …),
    without the demo's reference servers (platform, desk, gateway, courier: the
    other side of the network, which ``kiosk --demo`` runs in a child of its own).
    """
    me = psutil.Process()
    main = me.memory_info().rss
    terminal = _tree_rss(me, demo_pids)
    demo = 0
    for pid in demo_pids:
        with contextlib.suppress(psutil.Error):
            demo += _tree_rss(psutil.Process(pid), set())
    return main / 2**20, terminal / 2**20, demo / 2**20


allocator.tune()  # as kiosk.cli.run does first thing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=100)
    ap.add_argument("--minutes", type=float, default=20.0, help="stop early after this long")
    ap.add_argument(
        "--keep-deferred", action="store_true", help="do not run Qt's deferred deletions"
    )
    args = ap.parse_args()
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    marks: dict[str, tuple[float, float, float]] = {}
    durations: list[float] = []
    deadline = time.monotonic() + args.minutes * 60
    done = 0
    with tempfile.TemporaryDirectory() as d, demo_ui(Path(d) / "shots") as wt:
        wt.shot = lambda name: (wt.pump(), Path(name))[1]  # type: ignore[method-assign,func-returns-value]
        wt.wait_for(lambda: False, 2.0)  # devices up, idle on the attract screen
        servers = wt.terminal.services.get("demo_servers")
        demo_pids = {servers.pid} if servers is not None else set()

        def rss() -> tuple[float, float, float]:
            return rss_mb(demo_pids)

        gc.collect()
        marks["after start"] = rss()
        for i in range(1, args.sessions + 1):
            t = time.monotonic()
            for step in SESSION:
                step(wt)
            if not args.keep_deferred:
                QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            durations.append(time.monotonic() - t)
            done = i
            if i in (1, 10) or i == args.sessions:
                wt.wait_for(lambda: False, 1.0)
                marks[f"after {i} session{'s' if i > 1 else ''}"] = rss()
            if time.monotonic() > deadline:
                wt.wait_for(lambda: False, 1.0)
                marks[f"after {i} sessions (time limit)"] = rss()
                break
    print(f"sessions run: {done} (each {med_p99(durations, 1.0, 's')})")
    print(f"  deferred deletions run after each session: {not args.keep_deferred}")
    for label, (m, tr, demo) in marks.items():
        print(
            f"  {label:<32} main {m:7.1f} MB   terminal tree {tr:7.1f} MB"
            f"   demo servers {demo:7.1f} MB"
        )
    tenth = marks.get("after 10 sessions")
    last = list(marks.values())[-1]
    if tenth is not None and done > 10:
        print(
            f"  growth from session 10 to {done}: main {last[0] - tenth[0]:+.1f} MB,"
            f" terminal tree {last[1] - tenth[1]:+.1f} MB"
        )
    print(
        "targets: terminal tree < 350 MB, main < 220 MB after 100 sessions; no growth 10 -> 100"
        " (the demo servers are not part of a terminal)"
    )


if __name__ == "__main__":
    main()

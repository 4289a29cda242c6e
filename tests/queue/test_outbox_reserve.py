"""The outbox's disk reserve and the disk-full mapping, on a real (private, small) tmpfs.

Kills the mutants an audit found alive (issue 25): ``free - expected`` → ``free +
expected`` in ``check_capacity`` (the submission's own size was never checked), the
``<`` boundary of the reserve, and the ENOSPC → :class:`OutboxFull` mapping, which
no test exercised. The scenarios run in tests/queue/full_disk_child.py inside a
private mount namespace (``unshare -rm``), where an 8 MiB tmpfs is really filled.

Not exercised: EDQUOT (needs a quota-enabled filesystem); it shares the ENOSPC branch
(``e.errno in (ENOSPC, EDQUOT)``), so a mutant dropping EDQUOT from the tuple survives.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from offline_queue.errors import OutboxFull
from offline_queue.outbox import Outbox

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("full_disk_child.py")


@pytest.fixture(autouse=True)
def _same_code_in_process(tmp_path: Path) -> None:
    """Run the code under test once in this process too.

    mutmut picks the tests to run for a mutant by what each test reached in its own
    process; the scenarios run in a child (which inherits MUTANT_UNDER_TEST), so
    without this touch mutmut would never run these tests for capacity mutants.
    """
    with Outbox(tmp_path / "outbox", tmp_path / "outbox.key", min_free_bytes=0) as ob:
        ob.check_capacity(1)
        ob.enqueue("ZM-JZNX", "FZ-TEST-0001", {"k": 0})
        assert ob.stats().pending == 1


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict:
    unshare = shutil.which("unshare")
    assert unshare, "util-linux unshare is needed to mount a private tmpfs"
    base = tmp_path_factory.mktemp("fulldisk")
    done = subprocess.run(
        [unshare, "-rm", sys.executable, str(CHILD), str(base), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_reserve_counts_the_submissions_own_size(outcome: dict) -> None:
    assert outcome["free_stable"] is True  # a private tmpfs: nobody else writes to it
    # free - 1000 == reserve: allowed (the reserve is "at least"); 1001 breaks it.
    assert outcome["reserve_exact"] == "ok"
    assert outcome["reserve_one_over"].startswith("full: disk nearly full: ")
    assert ", 1001 needed, " in outcome["reserve_one_over"]


def test_an_enqueue_bigger_than_the_room_above_the_reserve_is_refused_untouched(
    outcome: dict,
) -> None:
    assert outcome["enqueue_over_reserve"].startswith("full: disk nearly full: ")
    assert outcome["after_refusal"] == [0, []]  # no row, no attachment file
    assert outcome["enqueue_within_reserve"] == "ok"
    assert outcome["after_success"] == [1, 1]


def test_enospc_while_writing_is_outbox_full_and_leaves_nothing_behind(outcome: dict) -> None:
    assert outcome["enospc_on_write"].startswith("full: disk full while writing submission ")
    assert outcome["enospc_on_write"].endswith("No space left on device")
    assert outcome["after_enospc"] == [1, 1]  # the earlier submission alone, its one file


def test_sqlite_full_on_commit_is_outbox_full(outcome: dict) -> None:
    assert outcome["filled_with"] == "No space left on device"
    assert outcome["sqlite_full"].startswith("full: disk full while committing ")
    assert outcome["after_sqlite_full"] == 1


def test_the_outbox_works_again_once_space_is_freed(outcome: dict) -> None:
    assert outcome["after_space_freed"] == "ok"
    assert outcome["final_pending"] == 2


def test_the_size_cap_counts_the_submission_and_allows_exactly_the_cap(tmp_path: Path) -> None:
    # Kills used + expected > max_bytes → >=, and a dropped detail (in process: the
    # outbox's own bytes do not change between the calls).
    with Outbox(tmp_path / "cap", tmp_path / "cap.key", min_free_bytes=0) as ob:
        used = ob.bytes_used()
        ob.max_bytes = used + 100
        ob.check_capacity(100)  # exactly the cap: allowed
        with pytest.raises(OutboxFull) as err:
            ob.check_capacity(101)
        assert err.value.detail == (
            f"outbox cap reached: {used} bytes used + 101 needed > max_bytes {used + 100}"
        )

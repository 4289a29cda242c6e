"""A full data disk: the audit log, the session's end and the service-start check.

Everything runs on a real 4 MB tmpfs filled with a real file until ``ENOSPC``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from kiosk.app.terminal import Terminal
from kiosk.cli.main import cli
from kiosk.config import KioskConfig, load_config
from kiosk.identity.document import CardType, Gender, IdentityDocument
from kiosk.ops.audit import AuditLog, verify
from kiosk.services.catalog import Catalog
from kiosk.session.machine import EndReason, SessionState
from tests.faults.conftest import fill


def resident() -> IdentityDocument:
    return IdentityDocument(CardType.RESIDENT_ID, "陈美玲", "350102198808080029", Gender.FEMALE)


def test_audit_write_on_a_full_disk_is_kept_retried_and_the_chain_verifies(
    small_disk: Path,
) -> None:
    path = small_disk / "audit.jsonl"
    log = AuditLog(path)
    for i in range(3):
        assert log.append("before", i=i) is not None
    size_before = path.stat().st_size
    filler = fill(small_disk)
    assert log.append("session_end", reason="exit") is None  # no exception
    assert log.append("session_start", session="ab12") is None
    assert [p.event for p in log.pending] == ["session_end", "session_start"]
    assert log.last_error and "No space" in log.last_error
    # Nothing torn was left behind: the log and its head still agree.
    assert path.stat().st_size == size_before
    assert verify(path).ok
    filler.unlink()
    assert log.retry() == 0 and log.last_error is None
    report = verify(path)
    assert report.ok and report.entries == 5, report.problems
    events = [line for line in path.read_text().splitlines()]
    assert '"session_end"' in events[3] and '"session_start"' in events[4]
    # ``kiosk audit verify`` agrees.
    result = CliRunner().invoke(cli, ["audit", "verify", "--file", str(path)])
    assert result.exit_code == 0, result.output


def _config(data_dir: Path) -> KioskConfig:
    config = load_config(None, data_dir)
    return config.model_copy(
        update={"outbox": config.outbox.model_copy(update={"min_free_bytes": 64_000})}
    )


def _catalog_service(terminal: Terminal):  # type: ignore[no-untyped-def]
    catalog = terminal.catalog
    assert isinstance(catalog, Catalog)
    with_pages = [s for s in catalog.services if s.materials and s.mode == "apply"]
    return with_pages[0]


def test_session_ends_and_is_wiped_on_a_full_disk_the_reserve_lets_it_be_audited(
    small_disk: Path,
) -> None:
    terminal = Terminal(_config(small_disk), setup_log=False, disk_reserve_bytes=512_000)
    assert terminal.reserve.ensure(0) and terminal.reserve.held
    service = _catalog_service(terminal)
    assert terminal.service_space(service).ok
    session = terminal.session
    session.start()
    session.identified(resident())
    filler = fill(small_disk)
    assert shutil.disk_usage(small_disk).free < 64_000
    # The resident leaves: the wipe and the screen change happen whatever the disk.
    session.end(EndReason.EXIT)
    assert session.state == SessionState.GOODBYE
    assert session.data.identity is None
    # The reserve was released for it, so its audit entry reached the disk at once.
    assert not terminal.reserve.held and terminal.reserve.in_use
    assert not terminal.audit.pending
    report = verify(terminal.config.resolved_paths.audit_log)
    assert report.ok, report.problems
    assert '"session_end"' in terminal.config.resolved_paths.audit_log.read_text()
    # No new service starts until the disk has room again.
    check = terminal.service_space(service)
    assert not check.ok and "reserve" in check.detail
    assert any("reserve" in a for a in terminal.alerts())
    session.finish_goodbye()
    filler.unlink()
    terminal.maintain()
    assert terminal.reserve.held and terminal.service_space(service).ok


def test_without_a_reserve_the_failed_audit_write_is_shown_and_retried(
    small_disk: Path,
) -> None:
    terminal = Terminal(_config(small_disk), setup_log=False, disk_reserve_bytes=0)
    session = terminal.session
    filler = fill(small_disk)
    for _ in range(3):  # several sessions on a full disk: none of them freezes
        session.start()
        session.identified(resident())
        session.end(EndReason.EXIT)
        assert session.state == SessionState.GOODBYE and session.data.identity is None
        session.finish_goodbye()
        assert session.state == SessionState.ATTRACT
    assert len(terminal.audit.pending) == 6  # three starts, three ends
    alert = [a for a in terminal.alerts() if a.startswith("audit:")]
    assert alert and "6 event(s)" in alert[0]
    filler.unlink()
    terminal.maintain()
    assert not terminal.audit.pending and not [a for a in terminal.alerts() if "audit" in a]
    report = verify(terminal.config.resolved_paths.audit_log)
    assert report.ok and report.entries == 6, report.problems


def test_a_service_is_refused_up_front_when_its_materials_do_not_fit(small_disk: Path) -> None:
    terminal = Terminal(_config(small_disk), setup_log=False, disk_reserve_bytes=0)
    service = _catalog_service(terminal)
    first = terminal.service_space(service)
    assert first.ok and first.needed_bytes >= 1_500_000  # at least one scanned page
    # The logs of a noisy day leave a little less than the service needs.
    left = first.free_bytes - first.needed_bytes - 64_000
    (small_disk / "ballast").write_bytes(b"\0" * (left + 200_000))
    check = terminal.service_space(service)
    assert not check.ok and "nearly full" in check.detail, check

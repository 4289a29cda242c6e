"""A whole resident session through the real UI on the simulators.

ID card on the SAM emulator (real serial driver over a pty) → certificate service →
prefilled form → a page on the simulated document camera → signature → submit to
the reference platform on 127.0.0.1 → certificate printed → rating → wipe. Then an
offline session that ends with a queued receipt. After each, no trace of the
resident may be left in the widget tree or the session objects.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from kiosk.privacy import SENSITIVE
from kiosk.session.machine import SessionState
from kiosk.ui.walkthrough import steps
from kiosk.ui.walkthrough.harness import demo_ui

NAME = "陈美玲"  # deck card 8
ID_NUMBER = "350102198808080029"


def visible_texts(root) -> str:
    # Widgets already scheduled for deletion still hold their text until the event
    # loop deletes them: deliver those deletions first, then search what is left.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    out = []
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, (QLabel, QAbstractButton, QLineEdit)):
            out.append(w.text())
        elif isinstance(w, QPlainTextEdit):
            out.append(w.toPlainText())
    return "\n".join(out)


def holders(root, text: str) -> list[str]:
    found = []
    for w in root.findChildren(QWidget):
        t = ""
        if isinstance(w, (QLabel, QAbstractButton, QLineEdit)):
            t = w.text()
        elif isinstance(w, QPlainTextEdit):
            t = w.toPlainText()
        if text in t:
            found.append(f"{type(w).__name__}#{w.objectName()} in {type(w.parent()).__name__}")
    return found


def assert_no_trace(wt) -> None:
    # This terminal's window and everything in it (other tests' windows may linger
    # in the same process until Qt deletes them).
    window = wt.ui.window
    texts = visible_texts(window)
    assert NAME not in texts, holders(window, NAME)
    assert NAME not in texts
    assert ID_NUMBER not in texts
    assert ID_NUMBER[-4:] + "\n" not in texts
    data = wt.terminal.session.data
    assert data.identity is None and not data.form_values and not data.attachments
    assert data.result is None and data.acceptance_number is None
    assert len(SENSITIVE) == 0
    # No live identity document anywhere in the process still holds the name.
    from kiosk.identity.document import IdentityDocument

    gc.collect()
    live = [o for o in gc.get_objects() if isinstance(o, IdentityDocument)]
    assert all(NAME not in o.name and ID_NUMBER not in o.id_number for o in live)


@pytest.fixture
def wt(qapp, tmp_path: Path):
    with demo_ui(tmp_path / "shots") as wt:
        yield wt


def test_online_session_prints_certificate_and_wipes(wt) -> None:
    for step in (
        steps.expired_card_refused,
        steps.identify_with_card,
        steps.catalog,
        steps.guide,
        steps.form,
        steps.materials,
        steps.signature,
    ):
        step(wt)
    data = wt.terminal.session.data
    kinds = sorted(a.kind for a in data.attachments)
    assert kinds == ["pdf", "signature", "signature"]
    steps.review_and_submit(wt)
    result = wt.terminal.session.data.result
    assert result.outcome == "approved" and not result.print_failed, result
    assert result.acceptance_number and not result.provisional
    # The platform received it exactly once, with its attachments.
    submitter = wt.terminal.services["submitter"]
    assert wt.wait_for(lambda: submitter.stats().unsent == 0, 20)
    # The certificate reached the A4 printer (PDF sink or cups-pdf).
    a4 = wt.terminal.devices.get("document_printer")
    assert a4.status().usable
    steps.rating_and_goodbye(wt)
    assert wt.terminal.session.state == SessionState.ATTRACT
    # The case and its five-level rating reached the platform, each exactly once.
    from offline_queue.server import dump_submissions

    platform = wt.terminal.services["demo_platform"]
    assert wt.wait_for(lambda: submitter.stats().unsent == 0, 20)
    stored = dump_submissions(platform.server.settings.db_path)
    codes = sorted(s.service_code for s in stored)
    assert codes == ["RATING", "ZM-WFZJL"], codes
    case = next(s for s in stored if s.service_code == "ZM-WFZJL")
    assert len(case.attachments) == 3  # the scanned PDF, the signature PNG and its strokes
    assert_no_trace(wt)
    assert_nothing_on_disk(wt)


def assert_nothing_on_disk(wt) -> None:
    """No file of the terminal holds the name or ID number in clear.

    Left out on purpose: the demo's reference platform (the central side, not the
    terminal) and the simulated A4 printer's output folder (the paper the resident
    takes away).
    """
    from tests.disk_scan import scan

    data_dir = wt.terminal.config.resolved_paths.data_dir

    def skip(f: Path) -> bool:
        rel = f.relative_to(data_dir).parts
        return rel[0] == "platform" or rel[:2] == ("sim-a4", "pdf")

    result = scan([data_dir], [NAME, ID_NUMBER], skip)
    assert result.hits == [], f"personal data in clear: {result.hits}"
    assert result.checked >= 5  # logs, audit log, outbox database and its WAL at least


def test_offline_session_queues_with_a_receipt_and_wipes(wt) -> None:
    steps.offline_session(wt)
    submitter = wt.terminal.services["submitter"]
    assert submitter.stats().unsent >= 1  # waiting in the encrypted outbox
    emulator = wt.terminal.devices.extras["receipt_emulator"]
    receipts = emulator.wait_for_receipts(1, timeout=5)
    assert receipts, "no receipt reached the (emulated) thermal printer"
    text = receipts[-1].text
    assert "社保卡临时挂失" in text
    assert ID_NUMBER not in text and NAME not in text  # the receipt masks the applicant
    qr = [q.text for q in receipts[-1].qr_codes]
    assert qr and "s=" in qr[0]  # offline: the QR carries the submission id to track it
    assert_no_trace(wt)
    assert_nothing_on_disk(wt)  # queued, so only in the encrypted outbox


def test_idle_timeout_mid_form_wipes(wt) -> None:
    steps.expired_card_refused(wt)
    steps.identify_with_card(wt)
    wt.ui.service.choose_service("ZM-WFZJL")
    steps.expect(wt, SessionState.GUIDE)
    wt.ui.service.next_step()
    steps.expect(wt, SessionState.FORM)
    session = wt.terminal.session
    session._last_activity -= session.config.idle_timeout_s + 1
    steps.expect(wt, SessionState.GOODBYE, 5)
    steps.idcard(wt).remove_card()
    wt.ui.ctl.goodbye_done()
    assert_no_trace(wt)


def test_card_removed_mid_session_ends_it(wt) -> None:
    steps.expired_card_refused(wt)
    steps.identify_with_card(wt)
    steps.idcard(wt).remove_card()
    steps.expect(wt, SessionState.GOODBYE, 10)
    assert wt.terminal.session.last_end_reason == "card_removed"
    wt.ui.ctl.goodbye_done()
    assert_no_trace(wt)

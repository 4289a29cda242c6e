"""Card presence is authoritative: a card lifted before the login completes cancels it.

The whole terminal runs offscreen on its simulators; the ID card sits on the SAM
emulator behind a real pty and is read by the real serial driver. The card is
lifted in the emulator at each instant: mid-read, during the "识别成功" display,
during the face check, and mid-session (the grace period).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from drivers.idcard.emulator import Fault
from drivers.idcard.sam_wire import SamCommand
from kiosk.app.terminal import StartupProblem
from kiosk.session.machine import EndReason, SessionState
from kiosk.ui.walkthrough import steps
from kiosk.ui.walkthrough.harness import Walkthrough, demo_ui

S = SessionState
CARD = steps.LOCAL_RESIDENT
LIFTED = "证件已取走"


@pytest.fixture(scope="module")
def wt(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Walkthrough]:
    with demo_ui(tmp_path_factory.mktemp("presence") / "shots") as wt:
        yield wt


@pytest.fixture
def fresh(wt: Walkthrough) -> Walkthrough:
    """Back on the attract screen with an empty reader and no faults armed."""
    emulator = steps.idcard(wt)
    emulator.clear_faults()
    emulator.remove_card()
    reader = wt.terminal.devices.get("idcard")
    assert wt.wait_for(lambda: reader.presence_confirmed_at is None, 10)
    session = wt.terminal.session
    session.end(EndReason.EXIT)
    session.finish_goodbye()
    assert wt.wait_for(lambda: session.state == S.ATTRACT, 5)
    wt.ui.identify.start()  # type: ignore[attr-defined]
    steps.expect(wt, S.IDENTIFY)
    return wt


def status_text(wt: Walkthrough) -> str:
    return str(steps.screen(wt, S.IDENTIFY).status.text())


def assert_cancelled(wt: Walkthrough) -> None:
    """The login was cancelled with a clear message and never completes."""
    assert wt.wait_for(lambda: LIFTED in status_text(wt), 10), status_text(wt)
    # The display timer (1.2 s) and the presence wait are long over after this:
    # had either logged in anyway, the session would be on the catalog by now.
    assert not wt.wait_for(lambda: wt.terminal.session.state != S.IDENTIFY, 3)
    assert wt.terminal.session.data.identity is None
    assert LIFTED in status_text(wt)


def test_card_lifted_mid_read_cancels(fresh: Walkthrough) -> None:
    wt = fresh
    emulator = steps.idcard(wt)
    # The read's answer is held back for a second: the card is lifted meanwhile.
    emulator.inject(Fault.SLOW, times=1, command=SamCommand.READ_BASE, delay_s=1.0)
    emulator.place_card(CARD)
    assert wt.wait_for(lambda: "正在读取" in status_text(wt), 10), status_text(wt)
    emulator.remove_card()
    assert_cancelled(wt)


def test_card_lifted_during_the_identified_display_cancels(fresh: Walkthrough) -> None:
    wt = fresh
    emulator = steps.idcard(wt)
    emulator.place_card(CARD)
    assert wt.wait_for(lambda: "识别成功" in status_text(wt), 10), status_text(wt)
    emulator.remove_card()  # within the 1.2 s the masked name is shown
    assert_cancelled(wt)


def test_card_left_on_the_reader_logs_in(fresh: Walkthrough) -> None:
    wt = fresh
    steps.idcard(wt).place_card(CARD)
    steps.expect(wt, S.CATALOG)
    assert wt.terminal.session.data.identity is not None


def test_card_lifted_during_the_face_check_cancels(fresh: Walkthrough) -> None:
    wt = fresh
    ident = steps.screen(wt, S.IDENTIFY)
    ident.face_btn.click()
    steps.idcard(wt).place_card(steps.FACE_DEMO_CARD)
    assert wt.wait_for(lambda: ident.face_screen is not None and ident.face_screen.isVisible(), 20)
    steps.idcard(wt).remove_card()
    assert_cancelled(wt)
    assert not ident.face_screen.isVisible()  # the face check stopped


def test_card_lifted_mid_session_has_a_grace_then_ends(fresh: Walkthrough) -> None:
    wt = fresh
    ctl = wt.ui.ctl  # type: ignore[attr-defined]
    grace: list[Any] = []
    ctl.card_grace.connect(grace.append)
    session = wt.terminal.session
    default = session.config
    session.config = default.model_copy(update={"card_removal_grace_s": 3})
    try:
        emulator = steps.idcard(wt)
        emulator.place_card(CARD)
        steps.expect(wt, S.CATALOG)
        session = wt.terminal.session
        # Lifted and put back within the grace: the session carries on.
        emulator.remove_card()
        assert wt.wait_for(lambda: session.card_grace_left is not None, 10)
        assert grace and grace[0] == session.config.card_removal_grace_s
        emulator.place_card(CARD)
        assert wt.wait_for(lambda: session.card_grace_left is None, 10)
        assert session.state == S.CATALOG and grace[-1] is None
        # Another resident's card during the grace ends the session at once.
        emulator.remove_card()
        assert wt.wait_for(lambda: session.card_grace_left is not None, 10)
        emulator.place_card(steps.EXPIRED_CARD)
        steps.expect(wt, S.GOODBYE, 10)
        session.finish_goodbye()
        # Lifted and left off: the session ends after the grace, counting down.
        fresh_login(wt)
        grace.clear()
        emulator.remove_card()
        steps.expect(wt, S.GOODBYE, 20)
        assert session.last_end_reason == EndReason.CARD_REMOVED
        counted = [g for g in grace if g is not None]
        assert counted[0] > counted[-1] and grace[-1] is None
    finally:
        session.config = default
        ctl.card_grace.disconnect(grace.append)


def fresh_login(wt: Walkthrough) -> None:
    emulator = steps.idcard(wt)
    emulator.remove_card()
    reader = wt.terminal.devices.get("idcard")
    assert wt.wait_for(lambda: reader.presence_confirmed_at is None, 10)
    assert wt.wait_for(lambda: wt.terminal.session.state == S.ATTRACT, 5)
    wt.ui.identify.start()  # type: ignore[attr-defined]
    steps.expect(wt, S.IDENTIFY)
    emulator.place_card(CARD)
    steps.expect(wt, S.CATALOG)


def test_technician_screen_shows_the_alerts(fresh: Walkthrough) -> None:
    """Alerts raised while running (a salvaged outbox, …) reach the technician screen."""
    wt = fresh
    alert = StartupProblem("outbox", "outbox damaged; 1 NOT salvaged: 01TEST (service ?, ?)")
    wt.terminal.alerts_raised.append(alert)
    try:
        wt.ui.ctl.enter_admin()  # type: ignore[attr-defined]
        steps.expect(wt, S.ADMIN)
        label = steps.screen(wt, S.ADMIN).alerts
        assert wt.wait_for(lambda: "NOT salvaged: 01TEST" in label.text(), 10), label.text()
        wt.ui.ctl.leave_admin()  # type: ignore[attr-defined]
        steps.expect(wt, S.ATTRACT)
    finally:
        wt.terminal.alerts_raised.remove(alert)

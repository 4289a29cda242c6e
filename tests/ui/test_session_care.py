"""Session care on the real shell (issue 16, items 3–5): the step indicator, 请勿取走证件
and the card-removal grace, a confirmation before 退出 discards a filled form, a
failed print that is red, spoken and on the status bar, and the next resident
starting from the terminal's own mode and language.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.services.rules import Outcome
from kiosk.services.submit_flow import SubmitResult
from kiosk.session.machine import SessionState
from kiosk.ui.walkthrough import steps
from kiosk.ui.walkthrough.harness import demo_ui


@pytest.fixture
def wt(qapp, tmp_path: Path):
    with demo_ui(tmp_path / "shots") as wt:
        said: list[str] = []
        ctl = wt.ui.ctl
        original = ctl.speak

        def record(text: str) -> None:
            said.append(text)
            original(text)

        ctl.speak = record  # the window calls ctl.speak: hear what it says
        wt.said = said
        yield wt


def to_form(wt) -> None:
    steps.identify_with_card(wt)
    wt.ui.service.choose_service("ZM-WFZJL")
    steps.expect(wt, SessionState.GUIDE)
    steps.guide(wt)


def test_step_indicator_follows_the_session(wt) -> None:
    window = wt.ui.window
    assert window.steps.isHidden()  # attract: no steps yet
    to_form(wt)
    journey = [SessionState.IDENTIFY, SessionState.CATALOG, *wt.terminal.session.steps]
    n, total = window.steps.position()
    assert (n, total) == (journey.index(SessionState.FORM) + 1, len(journey))
    assert window.steps.text.text().startswith(f"第 {n} 步 / 共 {total} 步")
    assert "填写信息" in window.steps.text.text()
    wt.ui.ctl.back()  # back to the guide: one step less
    wt.pump()
    assert window.steps.position() == (n - 1, total)


def test_exit_on_an_untouched_form_is_one_tap(wt) -> None:
    to_form(wt)
    window = wt.ui.window
    assert not window.screens[SessionState.FORM].has_unsaved_input()  # prefilled only
    window.exit_btn.click()
    assert wt.wait_for(lambda: wt.terminal.session.state != SessionState.FORM, 5)
    assert not window.exit_confirm.isVisible()


def test_exit_with_typed_input_is_confirmed_first(wt) -> None:
    to_form(wt)
    window = wt.ui.window
    form = window.screens[SessionState.FORM]
    form.choices["purpose"].buttons()[0].click()
    assert form.has_unsaved_input()
    window.exit_btn.click()
    wt.pump()
    assert window.exit_confirm.isVisible()
    assert wt.terminal.session.state == SessionState.FORM  # nothing discarded yet
    assert any("确定要退出吗" in s for s in wt.said)
    window.exit_confirm.stay_btn.click()
    wt.pump()
    assert not window.exit_confirm.isVisible()
    assert form.choices["purpose"].checkedButton() is not None  # kept
    window.exit_btn.click()
    window.exit_confirm.leave_btn.click()
    assert wt.wait_for(lambda: wt.terminal.session.state != SessionState.FORM, 5)
    assert wt.terminal.session.data.identity is None


def test_card_banner_on_card_steps_and_the_grace_countdown(wt) -> None:
    window = wt.ui.window
    to_form(wt)
    chip = window.steps.chip
    assert chip.isVisible() and "请勿取走证件" in chip.text()
    assert not window.card_banner.isVisible()
    wt.ui.ctl.card_grace.emit(4)
    wt.pump()
    assert window.card_banner.isVisible() and "4 秒内放回" in window.card_banner.text()
    assert any("证件已取走" in s for s in wt.said)
    wt.ui.ctl.card_grace.emit(None)  # put back in time
    wt.pump()
    assert not window.card_banner.isVisible() and chip.isVisible()
    wt.ui.ctl.back()  # the guide does not read the card
    wt.pump()
    assert not chip.isVisible() and not window.card_banner.isVisible()


def test_failed_print_is_red_spoken_and_on_the_status_bar(wt) -> None:
    to_form(wt)
    window = wt.ui.window
    session = wt.terminal.session
    session.data.result = SubmitResult(
        outcome=Outcome.APPROVED,
        headline="已受理",
        detail="",
        acceptance_number="FZ-1",
        print_note="凭条暂时无法打印（缺纸），请记下受理编号。",
        print_failed=True,
    )
    session.go(SessionState.REVIEW, "test")
    session.go(SessionState.SUBMIT, "test")
    session.go(SessionState.RESULT, "test")
    wt.pump()
    result = window.screens[SessionState.RESULT]
    assert result.print_note.property("role") == "error"
    assert window.status.devices.text() == "打印失败"
    assert window.status.devices.property("role") == "error"
    assert any("缺纸" in s and "受理编号" in s for s in wt.said)


def test_next_resident_gets_the_terminal_defaults(wt) -> None:
    ctl = wt.ui.ctl
    window = wt.ui.window
    defaults = wt.terminal.config.ui
    window.elderly_btn.click()
    window._switch_language("en")
    assert ctl.elderly != defaults.elderly_mode and ctl.language.current == "en"
    to_form(wt)
    window.exit_btn.click()
    if window.exit_confirm.isVisible():
        window.exit_confirm.leave_btn.click()
    assert wt.wait_for(lambda: ctl.language.current == defaults.language, 10)
    assert ctl.elderly == defaults.elderly_mode
    assert window.elderly_btn.isChecked() == defaults.elderly_mode

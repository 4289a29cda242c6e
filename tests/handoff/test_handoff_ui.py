"""The hand-off flows through the real UI (pytest-qt, offscreen) on the simulators.

A whole session to the result step of a service whose catalog entry offers the
locker and the post; then: 存放材料 (deposit: the door opens on the simulated
board, the resident puts the originals in and closes it, the slip prints),
邮寄送达 (the address picked province → city → district, the street typed on the
keyboard, a bad mobile number refused first, the order placed with the reference
courier over HTTP, the waybill slip with its Code128 printed), the session ends and
nothing of the address or phone is left in the window or in clear on disk. Then
staff load a result and the resident picks it up from the attract screen: code
typed wrong on the keypad, then scanned from the pick-up QR, then the ID card as the
second factor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from department_servers.courier.app import create_app
from department_servers.runner import AppThread
from kiosk.handoff.locker_journal import SlotState
from kiosk.privacy import SENSITIVE
from kiosk.session.machine import SessionState
from kiosk.ui.controllers.handoff import Phase
from kiosk.ui.walkthrough import steps
from kiosk.ui.walkthrough.harness import Display, demo_ui
from screens.handoff_entries import HandoffEntries
from screens.locker_admin import LockerPanel
from tests.ui.test_full_flow import visible_texts
from tests.ui.test_layout_matrix import LayoutCheck

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
MOBILE, DETAIL, NAME = "13912345678", "鼓屏路 88 号 2 单元 301", "陈美玲"
ID_NUMBER = "350102198808080029"  # deck card 8 (fictional)


@pytest.fixture
def courier(tmp_path: Path) -> Iterator[AppThread]:
    with AppThread(create_app(tmp_path / "courier.db", ("35",)), name="courier") as srv:
        yield srv


@pytest.fixture
def wt(qapp, tmp_path: Path, courier: AppThread):  # type: ignore[no-untyped-def]
    # The catalog as shipped, with the walkthrough's service offering locker and post.
    catalog = (ROOT / "config" / "catalog.toml").read_text(encoding="utf-8")
    catalog = catalog.replace(
        'code = "ZM-WFZJL"\n', 'code = "ZM-WFZJL"\npost_delivery = true\nlocker_deposit = true\n', 1
    )
    (tmp_path / "catalog.toml").write_text(catalog, encoding="utf-8")
    conf = (ROOT / "config" / "default.toml").read_text(encoding="utf-8")
    conf = conf.replace('path = "catalog.toml"', f'path = "{tmp_path / "catalog.toml"}"')
    conf += (
        f"\n[handoff]\nclose_wait_s = 60\ndoor_alarm_s = 30\n"
        f'[handoff.courier]\nurl = "{courier.url}"\ndelivery_area = ["35"]\n'
    )
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(conf, encoding="utf-8")
    # The tightest screen: 1366×768 in elderly mode; every screenshot is checked to fit.
    display = Display(1366, 768, True, "zh_CN")
    with demo_ui(tmp_path / "shots", config_path=cfg, display=display) as w:
        w.layout_check = LayoutCheck()
        w.hooks.append(w.layout_check)
        yield w


def sim(wt):  # type: ignore[no-untyped-def]
    return wt.terminal.devices.extras["locker_sim"]


def resident_closes(wt, put: bool = False, take: bool = False) -> str:  # type: ignore[no-untyped-def]
    """Once the terminal waits for a door to close (its flow says so), act as the resident."""
    return steps.close_locker_door(wt, put=put, take=take)


def test_deposit_post_and_pickup_through_the_ui(wt, courier: AppThread) -> None:  # type: ignore[no-untyped-def]
    ui = wt.ui
    assert ui.handoff is not None
    for step in (
        steps.identify_with_card,
        steps.catalog,
        steps.guide,
        steps.form,
        steps.materials,
        steps.signature,
        steps.review_and_submit,
    ):
        step(wt)
    case = wt.terminal.session.data.result.acceptance_number
    assert case
    result = ui.window.screens[SessionState.RESULT]
    (entry,) = ui.window.findChildren(HandoffEntries)
    assert entry.post_btn.isVisible() and entry.deposit_btn.isVisible()
    assert entry.courier_pickup_btn.isVisible()  # 上门取件: the service takes paper originals
    assert entry.post_btn.parent() is result.action_row  # beside 办理其他事项 / 评价

    # --- a. deposit -----------------------------------------------------------------
    entry.deposit_btn.click()
    steps.expect(wt, SessionState.LOCKER)
    wt.shot("locker-deposit-opening")
    resident_closes(wt, put=True)
    assert wt.wait_for(lambda: ui.handoff.last_locker.phase is Phase.DONE, 30)
    locker = ui.window.screens[SessionState.LOCKER]
    assert "已存入" in locker.message.text() and "凭条已打印" in locker.message.text()
    wt.shot("locker-deposit-done")
    slots = {s.id: s for s in ui.handoff.handoff.journal.slots()}
    held = [s for s in slots.values() if s.state is SlotState.DEPOSIT]
    assert [s.case_ref for s in held] == [case]
    printer = wt.terminal.devices.extras["receipt_emulator"]
    assert wt.wait_for(lambda: any("材料存放凭条" in r.text for r in printer.receipts), 10)
    locker.leave_btn.click()
    steps.expect(wt, SessionState.RESULT)

    # --- 邮寄送达 ------------------------------------------------------------------------
    entry.post_btn.click()
    steps.expect(wt, SessionState.POST)
    post = ui.window.screens[SessionState.POST]
    post.select("350000", "350100", "350102")
    assert post.district.currentItem().text() == "鼓楼区"
    kb = post.keyboard
    for key, text in (("name", NAME), ("detail", DETAIL)):
        kb.attach(post.inputs[key], kb.mode.PINYIN)
        kb.insert_text(text)
    kb.attach(post.inputs["mobile"], kb.mode.NUMERIC)
    for k in "1391234567":  # one digit short
        kb.press(k)
    post.submit()
    assert "11位" in post.errors["mobile"].text()
    wt.shot("post-bad-mobile")
    kb.press("8")
    post.submit()
    assert wt.wait_for(lambda: ui.handoff.last_post.phase is Phase.DONE, 30)
    waybill = ui.handoff.last_post.waybill_no
    assert re.fullmatch(r"[A-Z]{2}\d{9}CN", waybill), post.message.text()
    assert waybill in post.message.text() and "面单已打印" in post.message.text()
    wt.shot("post-done")
    orders = httpx.get(f"{courier.url}/admin/waybills").json()["orders"]
    assert [(o["waybill_no"], o["reference"]) for o in orders] == [(waybill, case)]
    assert wt.wait_for(lambda: any(waybill in r.text for r in printer.receipts), 10)
    slip = next(r for r in printer.receipts if waybill in r.text)
    assert MOBILE not in slip.text and any(r.height >= 60 for r in slip.rasters)
    post.leave_btn.click()
    steps.expect(wt, SessionState.RESULT)
    steps.rating_and_goodbye(wt)

    # Nothing of the address or phone survives the session, on screen or on disk.
    texts = visible_texts(ui.window)
    assert MOBILE not in texts and DETAIL not in texts and "鼓屏路" not in texts
    assert len(SENSITIVE) == 0
    from tests.disk_scan import scan

    data_dir = wt.terminal.config.resolved_paths.data_dir
    hits = scan(
        [data_dir],
        [MOBILE, DETAIL, "鼓屏路"],
        lambda f: f.relative_to(data_dir).parts[0] == "platform",
    )
    assert hits.hits == [], f"address or phone in clear: {hits.hits}"

    # --- staff (technician screen panel): collect the deposit, load a result -------------
    (panel,) = ui.window.findChildren(LockerPanel)
    panel.refresh()
    assert re.search(rf"A\d\d \[medium\] deposit · {re.escape(case)}", panel.slots.text())
    panel.collect_btn.click()
    resident_closes(wt, take=True)  # staff take the originals out and close the door
    assert wt.wait_for(lambda: "已开启 1 个存件柜格" in panel.result.text(), 30)
    assert "deposit" not in panel.slots.text()
    panel.case.setText(case)
    panel.id_number.setText(ID_NUMBER)
    panel.load_btn.click()
    assert panel.id_number.text() == ""  # the second factor is not kept in the widget
    resident_closes(wt, put=True)  # staff put the licence in and close the door
    assert wt.wait_for(lambda: ": done" in panel.result.text(), 30), panel.result.text()
    assert re.search(r"result · " + re.escape(case), panel.slots.text())
    assert "load" in panel.flows.text() and "done" in panel.flows.text()
    # The code reaches the resident by SMS through the platform: read it where it arrived.
    from offline_queue.server import dump_submissions
    from offline_queue.server.db import read_submission_body

    submitter = wt.terminal.services["submitter"]
    assert wt.wait_for(lambda: submitter.stats().unsent == 0, 30)
    db = wt.terminal.services["demo_platform"].server.settings.db_path
    bodies = [read_submission_body(db, s.submission_id) for s in dump_submissions(db)]
    events = [b["form"] for b in bodies if b and b["form"].get("event")]  # type: ignore[index,union-attr]
    assert sorted(e["event"] for e in events) == [  # type: ignore[index]
        "collected",
        "courier_waybill",
        "deposit",
        "result_loaded",
    ]
    (loaded,) = [e for e in events if e["event"] == "result_loaded"]  # type: ignore[index]
    code = loaded["notify"]["pickup_code"]  # type: ignore[index]

    pickup_btn = entry.pickup_btn
    assert pickup_btn.isVisible()
    pickup_btn.click()
    steps.expect(wt, SessionState.LOCKER)
    locker.keyboard.attach(locker.code, locker.keyboard.mode.NUMERIC)
    for k in "0000000000" if code != "0000000000" else "1111111111":
        locker.keyboard.press(k)
    locker._submit()
    assert wt.wait_for(lambda: "还可尝试 4 次" in locker.message.text(), 30)
    wt.shot("locker-pickup-wrong-code")
    # The right code from the pick-up QR, through the real scanner driver and its emulator.
    wt.terminal.devices.extras["qr_emulator"].scan(f"https://zwfw.example.gov.cn/p?pickup={code}")
    assert wt.wait_for(lambda: ui.handoff.last_locker.phase is Phase.WAITING_ID, 30)
    wt.shot("locker-pickup-card")
    steps.idcard(wt).place_card(steps.LOCAL_RESIDENT)
    resident_closes(wt, take=True)
    assert wt.wait_for(lambda: ui.handoff.last_locker.phase is Phase.DONE, 30)
    assert "取件完成" in locker.message.text()
    wt.shot("locker-pickup-done")
    steps.idcard(wt).remove_card()
    locker.leave_btn.click()
    assert wt.wait_for(
        lambda: wt.terminal.session.state in (SessionState.GOODBYE, SessionState.ATTRACT), 10
    )
    check = wt.layout_check
    assert check.steps >= 7 and check.keyboards >= 2
    assert check.failures == [], "\n".join(check.failures)

"""The hand-off flows through the real UI (pytest-qt, offscreen), after a power cut.

The lock boards run in a process of their own (``kiosk locker simulate``: pymodbus's
server on a pty), as a locker outlives its terminal. First a terminal UI *process*
(``ui_terminal_child``) takes a resident through a session to 存放材料; while it waits
for the door, the resident puts the originals in and the whole terminal is killed
(SIGKILL of its process group); the door is closed in the dark. Then the terminal
starts again, in this process, on the same data: its own periodic maintenance
rebuilds the locker state from the sensors and the journal, the technician panel
shows the deposit, and the next resident is served:

a whole session to the result step of a service whose catalog entry offers the
locker and the post; 存放材料 (a compartment other than the one the power cut left
full; the slip prints), 邮寄送达 (province → city → district → street picked, the
rest typed on the keyboard, a bad mobile number refused first, the order placed with
the reference courier over HTTP, the waybill slip with its Code128 and the post
receipt with the tracking number printed), the session ends and nothing of the
address or phone is left in the window or in clear on disk. Then staff collect both
deposits and load a result, and the resident picks it up from the attract screen:
code typed wrong on the keypad, then scanned from the pick-up QR, then the ID card
as the second factor. The platform gets every event once, the recovered deposit too.
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from department_servers.courier.app import create_app
from department_servers.runner import AppThread
from kiosk.handoff.locker_flows import FlowState
from kiosk.handoff.locker_journal import LockerJournal, SlotState
from kiosk.privacy import SENSITIVE
from kiosk.session.machine import SessionState
from kiosk.ui.controllers.handoff import Phase
from kiosk.ui.walkthrough import steps
from kiosk.ui.walkthrough.harness import Display, demo_ui
from screens.handoff_entries import HandoffEntries
from screens.locker_admin import LockerPanel
from tests.handoff.terminal_procs import Boards, Lines, start_terminal, where
from tests.handoff.ui_config import write_config
from tests.ui.test_full_flow import visible_texts
from tests.ui.test_layout_matrix import LayoutCheck

pytestmark = pytest.mark.integration

MOBILE, DETAIL, NAME = "13912345678", "鼓屏路 88 号 2 单元 301", "陈美玲"
ID_NUMBER = "350102198808080029"  # deck card 8 (fictional)


@pytest.fixture
def courier(tmp_path: Path) -> Iterator[AppThread]:
    with AppThread(create_app(tmp_path / "courier.db", ("35",)), name="courier") as srv:
        yield srv


@dataclass
class Cut:
    """What the power cut left: its case, the compartment holding its originals."""

    case: str
    compartment: str


@pytest.fixture
def boards(tmp_path: Path, courier: AppThread) -> Iterator[tuple[Path, Boards]]:
    link = tmp_path / "ttyLOCKER"
    cfg = write_config(
        tmp_path / "conf",
        f'[devices.locker]\nenabled = true\ndriver = "sim"\nsim_port = "{link}"\n'
        f"[handoff]\nclose_wait_s = 60\ndoor_alarm_s = 30\n"
        f'[handoff.courier]\nurl = "{courier.url}"\ndelivery_area = ["35"]\n',
    )
    b = Boards(cfg, link)
    assert b.port == str(link)
    try:
        yield cfg, b
    finally:
        b.close()


@pytest.fixture
def power_cut(boards: tuple[Path, Boards], tmp_path: Path) -> Cut:
    """A terminal process cut off mid-deposit: door open, originals in, not yet reported."""
    cfg, b = boards
    data = tmp_path / "data"
    first = start_terminal(cfg, data, tmp_path / "shots-cut", "deposit")
    out = Lines(first, "@@ ")
    # While that terminal serves its resident, load what the restarted one will need
    # here (the UI's modules): it overlaps the child's session instead of following it.
    import kiosk.ui.app  # noqa: F401

    case = out.next("case")
    cid = out.next("waiting_close")
    assert b(f"show {where(cid)}") == f"{where(cid)} door=open item=0 pulses=1"
    assert b(f"put {where(cid)}") == f"{where(cid)} put done"
    os.killpg(first.pid, signal.SIGKILL)  # every process of the terminal at once
    assert first.wait(30) == -signal.SIGKILL
    assert b(f"close {where(cid)}") == f"{where(cid)} closed"  # in the dark
    with closing(LockerJournal(data / "handoff" / "locker.sqlite")) as journal:
        (op,) = journal.unfinished()  # the cut left the deposit half-done
        assert (op.case_ref, op.compartment, op.state) == (case, cid, "waiting_close")
    return Cut(case, cid)


@pytest.fixture
def wt(qapp, tmp_path: Path, boards: tuple[Path, Boards], power_cut: Cut):  # type: ignore[no-untyped-def]
    # The tightest screen: 1366×768 in elderly mode; every screenshot is checked to fit.
    display = Display(1366, 768, True, "zh_CN")
    cfg = boards[0]
    with demo_ui(
        tmp_path / "shots", config_path=cfg, data_dir=tmp_path / "data", display=display
    ) as w:
        w.layout_check = LayoutCheck()
        w.hooks.append(w.layout_check)
        yield w


def resident_closes(wt, boards: Boards, put: bool = False, take: bool = False) -> str:  # type: ignore[no-untyped-def]
    """Once the terminal waits for a door to close (its flow says so), act as the resident."""
    handoff = wt.ui.handoff.handoff
    acted: set[str] = getattr(wt, "_acted_flows", set())
    wt._acted_flows = acted
    found: list[tuple[str, str]] = []

    def waiting() -> bool:
        svc = handoff._locker
        for f in list(svc.flows.values()) if svc else []:
            if f.state is FlowState.WAITING_CLOSE and f.op_id not in acted:
                found.append((f.op_id, f.compartment))
                return True
        return False

    assert wt.wait_for(waiting, 30), "no compartment waiting for its door"
    op_id, cid = found[0]
    acted.add(op_id)
    if put:
        boards(f"put {where(cid)}")
    if take:
        boards(f"take {where(cid)}")
    assert boards(f"close {where(cid)}") == f"{where(cid)} closed"
    return cid


def test_after_a_power_cut_deposit_post_and_pickup_through_the_ui(  # type: ignore[no-untyped-def]
    wt, courier: AppThread, boards: tuple[Path, Boards], power_cut: Cut
) -> None:
    ui = wt.ui
    hands = boards[1]
    assert ui.handoff is not None
    # --- the restart: nothing called here; the terminal's own maintenance recovers -------
    handoff = ui.handoff.handoff
    # Built and recovered by the periodic maintenance (a board that did not answer at
    # start on a loaded machine is asked again at the next round).
    assert wt.wait_for(
        lambda: handoff._locker is not None and not handoff.journal.unfinished(), 60
    ), "locker state not rebuilt"
    (panel,) = ui.window.findChildren(LockerPanel)
    panel.refresh()
    cut = power_cut.compartment
    assert f"{cut} [medium] deposit · {power_cut.case}" in panel.slots.text().splitlines()
    assert "reserved" not in panel.slots.text() and "⚠" not in panel.slots.text()
    for step in steps.TO_SUBMITTED:
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
    mine = resident_closes(wt, hands, put=True)
    assert mine != cut  # the compartment the power cut left full is not assigned again
    assert wt.wait_for(lambda: ui.handoff.last_locker.phase is Phase.DONE, 30)
    locker = ui.window.screens[SessionState.LOCKER]
    assert "已存入" in locker.message.text() and "凭条已打印" in locker.message.text()
    # Switching language on the done page retranslates the controller's message.
    ui.window._switch_language("en")
    wt.pump()
    assert locker.message.text().startswith(f"Your documents are in compartment {mine}")
    assert "deposit slip has been printed" in locker.message.text()
    ui.window._switch_language("zh_CN")
    wt.pump()
    assert "已存入" in locker.message.text()
    wt.shot("locker-deposit-done")
    slots = {s.id: s for s in ui.handoff.handoff.journal.slots()}
    held = {s.id: s.case_ref for s in slots.values() if s.state is SlotState.DEPOSIT}
    assert held == {cut: power_cut.case, mine: case}
    printer = wt.terminal.devices.extras["receipt_emulator"]
    assert wt.wait_for(lambda: any("材料存放凭条" in r.text for r in printer.receipts), 10)
    locker.leave_btn.click()
    steps.expect(wt, SessionState.RESULT)

    # --- 邮寄送达 ------------------------------------------------------------------------
    entry.post_btn.click()
    steps.expect(wt, SessionState.POST)
    post = ui.window.screens[SessionState.POST]
    post.select("350000", "350100", "350102", "鼓东街道")
    assert post.district.currentItem().text() == "鼓楼区"
    streets = [post.street.item(i).text() for i in range(post.street.count())]
    assert "鼓东街道" in streets and "洪山镇" in streets  # 乡镇/街道 of 鼓楼区 (jionlp)
    assert post.street.currentItem().text() == "鼓东街道"
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
    # A language switch on the filled picker: the lists' names change, the picks and
    # the typed fields stay.
    ui.window._switch_language("zh_TW")
    wt.pump()
    assert post.district.currentItem().text() == "鼓樓區"
    assert post.street.currentItem().text() == "鼓東街道"
    assert post.inputs["mobile"].text() == "1391234567"
    ui.window._switch_language("zh_CN")
    wt.pump()
    assert post.district.currentItem().text() == "鼓楼区"
    assert post.inputs["mobile"].text() == "1391234567"
    kb.press("8")
    post.submit()
    assert wt.wait_for(lambda: ui.handoff.last_post.phase is Phase.DONE, 30)
    waybill = ui.handoff.last_post.waybill_no
    assert re.fullmatch(r"[A-Z]{2}\d{9}CN", waybill), post.message.text()
    assert waybill in post.message.text() and "邮寄回执（含运单号）已打印" in post.message.text()
    ui.window._switch_language("en")
    wt.pump()
    assert f"Waybill number {waybill}." in post.message.text(), post.message.text()
    ui.window._switch_language("zh_CN")
    wt.pump()
    assert "运单号" in post.message.text()
    wt.shot("post-done")
    orders = httpx.get(f"{courier.url}/admin/waybills").json()["orders"]
    assert [(o["waybill_no"], o["reference"]) for o in orders] == [(waybill, case)]
    assert wt.wait_for(lambda: any(waybill in r.text for r in printer.receipts), 10)
    slip = next(r for r in printer.receipts if "寄件面单" in r.text)
    assert waybill in slip.text
    assert MOBILE not in slip.text and any(r.height >= 60 for r in slip.rasters)
    # The tracking number on the resident's receipt too, read back from the printer's bytes.
    assert wt.wait_for(lambda: any("结果邮寄回执" in r.text for r in printer.receipts), 10)
    (kept,) = [r for r in printer.receipts if "结果邮寄回执" in r.text]
    (tracking,) = [ln for ln in kept.text.splitlines() if ln.startswith("运 单 号：")]
    assert tracking.replace(" ", "").endswith("：" + waybill) and case in kept.text
    assert MOBILE not in kept.text and "139****5678" in kept.text
    flat = kept.text.replace("\n", "").replace(" ", "")
    assert "福建省福州市鼓楼区鼓东街道鼓屏路88号" in flat  # the picked street in the address
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
    panel.refresh()
    assert f"{mine} [medium] deposit · {case}" in panel.slots.text().splitlines()
    panel.collect_btn.click()
    # Staff take both residents' originals out, one compartment after the other.
    collected = {resident_closes(wt, hands, take=True) for _ in range(2)}
    assert collected == {cut, mine}
    assert wt.wait_for(lambda: "已开启 2 个存件柜格" in panel.result.text(), 30)
    assert "deposit" not in panel.slots.text()
    panel.case.setText(case)
    panel.id_number.setText(ID_NUMBER)
    panel.load_btn.click()
    assert panel.id_number.text() == ""  # the second factor is not kept in the widget
    resident_closes(wt, hands, put=True)  # staff put the licence in and close the door
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
    by_case: dict[str, list[str]] = {}
    for e in events:
        by_case.setdefault(e["case"], []).append(e["event"])  # type: ignore[index]
    assert {c: sorted(v) for c, v in by_case.items()} == {
        power_cut.case: ["collected", "deposit"],  # the recovered deposit: once
        case: ["collected", "courier_waybill", "deposit", "result_loaded"],
    }
    (recovered,) = [e for e in events if e["case"] == power_cut.case and e["event"] == "deposit"]  # type: ignore[index]
    assert (recovered["compartment"], recovered["recovered"]) == (cut, True)  # type: ignore[index]
    (note,) = [e for e in events if e["event"] == "courier_waybill"]  # type: ignore[index]
    assert (note["case"], note["waybill_no"]) == (case, waybill)  # type: ignore[index]
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
    resident_closes(wt, hands, take=True)
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

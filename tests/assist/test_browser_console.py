"""The staff console in a real headless Chromium (fake camera and microphone) answering the terminal.

The browser plays the staff member: it logs in, answers the terminal's call, and the
test checks that frames flow both ways (the terminal decodes the browser's fake camera;
the browser's <video> reports the terminal's 640×480 and advancing time), that a
typed message reaches the terminal, and that a hang-up on either side ends both.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service as ChromeService
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from kiosk.assist.call import EndReason, EventKind
from tests.assist.conftest import Terminal, make_plan
from tests.assist.peer import STAFF, LiveDesk, wait_for

CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
    "--window-size=1400,1000",
)


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    driver_path = shutil.which("chromedriver")
    chromium = shutil.which("chromium")
    assert driver_path and chromium, "./install.sh --dev installs chromium and chromium-driver"
    profile = tempfile.mkdtemp(prefix="desk-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        opts.add_argument(arg)
    drv = webdriver.Chrome(service=ChromeService(executable_path=driver_path), options=opts)
    drv.set_page_load_timeout(60)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _video(browser: webdriver.Chrome, el: str) -> dict[str, float]:
    return browser.execute_script(  # type: ignore[no-any-return]
        "const v = document.getElementById(arguments[0]);"
        "return {w: v.videoWidth, h: v.videoHeight, t: v.currentTime};",
        el,
    )


def _answer(browser: webdriver.Chrome, wait: WebDriverWait, call_id: str) -> None:
    sel = f'tr.call[data-id="{call_id}"] button.answer'
    wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, sel))).click()


def test_browser_staff_answers_frames_both_ways_message_and_hangups(
    desk: LiveDesk, terminal: Terminal, browser: webdriver.Chrome
) -> None:
    wait = WebDriverWait(browser, 60)
    browser.get(desk.url + "/")
    browser.find_element(By.ID, "username").send_keys(STAFF[0])
    browser.find_element(By.ID, "password").send_keys("wrong password")
    browser.find_element(By.ID, "login").click()
    wait.until(lambda d: d.find_element(By.ID, "login-error").text)
    browser.find_element(By.ID, "password").clear()
    browser.find_element(By.ID, "password").send_keys(STAFF[1])
    browser.find_element(By.ID, "login").click()
    wait.until(ec.visibility_of_element_located((By.ID, "desk-panel")))

    plan = make_plan(desk)
    terminal.engine.place(plan)
    terminal.wait_kind(EventKind.QUEUED)
    row = wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, f'tr.call[data-id="{plan.call_id}"]'))
    )
    assert "FT-01" in row.text and "居住证签注" in row.text
    _answer(browser, wait, plan.call_id)
    terminal.wait_kind(EventKind.CONNECTED, timeout=60)

    # Terminal → browser: the camera element shows 640×480 and its time advances.
    wait.until(lambda d: _video(d, "remote-camera")["w"] == 640)
    first = _video(browser, "remote-camera")
    assert (first["w"], first["h"]) == (640, 480)
    wait.until(lambda d: _video(d, "remote-camera")["t"] > first["t"] + 0.5)
    wait.until(lambda d: _video(d, "remote-screen")["w"] > 0)
    # Browser → terminal: Chromium's fake camera frames are decoded on the terminal.
    wait_for(
        lambda: terminal.engine.stats.remote_video_frames >= 10,
        60,
        "browser frames at the terminal",
    )
    assert terminal.engine.staff_frame() is not None

    browser.find_element(By.ID, "message").send_keys("您好，我是福田区政务服务中心的工作人员")
    browser.find_element(By.ID, "send").click()
    assert terminal.wait_kind(EventKind.MESSAGE).text == "您好，我是福田区政务服务中心的工作人员"

    # Staff hangs up: the terminal's call ends, the browser's call panel closes.
    browser.find_element(By.ID, "hangup").click()
    assert terminal.wait_kind(EventKind.ENDED).reason is EndReason.STAFF_HUNG_UP
    wait.until(ec.invisibility_of_element_located((By.ID, "call-panel")))

    # Second call: the resident hangs up; the browser is told and closes its side.
    with terminal.lock:
        terminal.events.clear()
    plan2 = make_plan(desk)
    terminal.engine.place(plan2)
    terminal.wait_kind(EventKind.QUEUED)
    _answer(browser, wait, plan2.call_id)
    terminal.wait_kind(EventKind.CONNECTED, timeout=60)
    wait.until(lambda d: _video(d, "remote-camera")["w"] == 640)
    terminal.engine.hang_up()
    assert terminal.wait_kind(EventKind.ENDED).reason is EndReason.RESIDENT_HUNG_UP
    wait.until(ec.invisibility_of_element_located((By.ID, "call-panel")))
    wait.until(lambda d: "居民已挂断" in d.find_element(By.ID, "notice").text)
    assert browser.execute_script("return state.pc === null && state.callId === null")

    # Third call: the staff member closes the console (the page goes away mid-call).
    with terminal.lock:
        terminal.events.clear()
    plan3 = make_plan(desk)
    terminal.engine.place(plan3)
    terminal.wait_kind(EventKind.QUEUED)
    _answer(browser, wait, plan3.call_id)
    terminal.wait_kind(EventKind.CONNECTED, timeout=60)
    browser.get("about:blank")
    assert terminal.wait_kind(EventKind.ENDED).reason is EndReason.STAFF_LEFT

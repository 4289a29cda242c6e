"""The dashboard in a real headless Chromium (Debian's chromium + chromium-driver) via selenium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service as ChromeService
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.fleet.conftest import Service


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    driver_path = shutil.which("chromedriver")
    chromium = shutil.which("chromium")
    assert driver_path and chromium, "./install.sh --dev installs chromium and chromium-driver"
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
    ):
        opts.add_argument(arg)
    drv = webdriver.Chrome(service=ChromeService(executable_path=driver_path), options=opts)
    drv.set_page_load_timeout(60)
    try:
        yield drv
    finally:
        drv.quit()


def _beat(svc: Service, kiosk_id: str, region: str, seq: int, **kw: object) -> None:
    cred = svc.enrol(kiosk_id, region)
    with svc.client(cred) as c:
        body = {"seq": seq, "sent_at": datetime.now(UTC).isoformat(), "app_version": "0.1.0", **kw}
        c.post("/api/terminal/heartbeat", json={"beats": [body]}).raise_for_status()


def test_dashboard_login_filters_and_terminal_page(
    sqlite_service: Service, browser: webdriver.Chrome
) -> None:
    svc = sqlite_service
    _beat(
        svc,
        "FZ-1",
        "350102",
        1,
        sessions_total=3,
        devices={"receipt_printer": {"status": "FAULT", "detail": "paper out", "serial": "RP-77"}},
    )
    _beat(svc, "FZ-2", "350102", 1, outbox_pending=4)
    _beat(svc, "XM-1", "350203", 1, config_version="cfg-9")
    svc.enrol("XM-2", "350203")  # enrolled, never seen
    viewer = svc.user("vic", "viewer")
    wait = WebDriverWait(browser, 30)

    browser.get(svc.url + "/")
    wait.until(ec.presence_of_element_located((By.ID, "token")))  # redirected to the login
    browser.find_element(By.ID, "token").send_keys(viewer)
    browser.find_element(By.ID, "login").click()
    wait.until(ec.presence_of_element_located((By.ID, "health")))
    assert browser.find_element(By.ID, "h-total").text == "4"
    assert browser.find_element(By.ID, "h-online").text == "3"
    assert browser.find_element(By.ID, "h-faulty").text == "1"
    assert browser.find_element(By.ID, "h-outbox").text == "4"
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.chart svg")) == 3

    def shown() -> list[str]:
        # Read in one script, in whichever document is loaded: element handles taken
        # first go stale while the filtered page replaces it (Chromium then answers
        # "Node with given id does not belong to the document", not a stale element).
        ids = browser.execute_script(
            "return Array.from(document.querySelectorAll('tr.terminal'),"
            " r => r.getAttribute('data-id') || '')"
        )
        return list(ids)

    assert shown() == ["FZ-1", "FZ-2", "XM-1", "XM-2"]
    browser.find_element(By.ID, "f-region").send_keys("350200")
    browser.find_element(By.ID, "f-apply").click()
    wait.until(lambda d: shown() == ["XM-1", "XM-2"])
    browser.find_element(By.ID, "f-region").clear()
    browser.find_element(By.ID, "f-fault").send_keys("receipt_printer")
    browser.find_element(By.ID, "f-apply").click()
    wait.until(lambda d: shown() == ["FZ-1"])
    browser.find_element(By.ID, "f-fault").clear()
    browser.find_element(By.ID, "f-version").send_keys("cfg-9")
    browser.find_element(By.ID, "f-apply").click()
    wait.until(lambda d: shown() == ["XM-1"])
    browser.find_element(By.ID, "f-version").clear()
    browser.find_element(By.ID, "f-offline").click()
    browser.find_element(By.ID, "f-apply").click()
    wait.until(lambda d: shown() == ["XM-2"])

    browser.get(svc.url + "/terminals/FZ-1")
    wait.until(ec.presence_of_element_located((By.ID, "terminal-id")))
    row = browser.find_element(By.CSS_SELECTOR, 'tr.device[data-name="receipt_printer"]')
    assert "FAULT" in row.text and "paper out" in row.text and "RP-77" in row.text
    assert "bad" in (row.find_elements(By.TAG_NAME, "td")[1].get_attribute("class") or "")

"""Scans routed through the Qt adapter: the real emulator, driver, and reference server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, Signal

from drivers.qr_scanner import CodeScanned
from drivers.qr_scanner_emulator import QrScannerEmulator
from kiosk.identity.app_code import AppCodeLogin
from kiosk.identity.document import CardType
from kiosk.services.receipt_codes import CaseSource, ReceiptLookup
from kiosk.ui.qr_login import QrScanRouter
from offline_queue.app_codes import AppCodeClient
from offline_queue.receipt_client import ReceiptClient

from .conftest import ADMIN_TOKEN, KIOSK_ID, dead_url, platform_settings
from .test_app_code_login import RESIDENT

BASE = "https://zwfw.example.gov.cn/track"


class _Bridge(QObject):
    """Queued hop from the driver thread to the UI thread (as kiosk.ui.qt_bridge does)."""

    event = Signal(object)


@pytest.fixture
def router(platform, qapp) -> Iterator[QrScanRouter]:
    login = AppCodeLogin(AppCodeClient(platform_settings(platform.url)), KIOSK_ID)  # type: ignore[arg-type]
    lookup = ReceiptLookup(ReceiptClient(platform_settings(platform.url)), None, BASE)  # type: ignore[arg-type]
    r = QrScanRouter(login, lookup, BASE)
    yield r
    login.close()


def test_app_code_from_the_scanner_logs_in(
    qtbot, platform, router, scanner, emulator: QrScannerEmulator
) -> None:
    dev, _events = scanner
    bridge = _Bridge()
    bridge.event.connect(router.handle_event)
    dev.set_event_sink(bridge.event.emit)
    with AppCodeClient(platform_settings(platform.url, ADMIN_TOKEN)) as admin:  # type: ignore[arg-type]
        token = admin.mint_app_code(RESIDENT, ttl_s=60).token
    with qtbot.waitSignal(router.identified, timeout=5000) as sig:
        emulator.scan(token)
    doc = sig.args[0]
    assert doc.card_type == CardType.APP_CODE and doc.id_number == RESIDENT["id_number"]
    assert not router.busy


def test_reused_code_is_refused_with_a_message(qtbot, platform, router) -> None:
    with AppCodeClient(platform_settings(platform.url, ADMIN_TOKEN)) as admin:  # type: ignore[arg-type]
        token = admin.mint_app_code(RESIDENT, ttl_s=60).token
    with qtbot.waitSignal(router.identified, timeout=5000):
        router.handle_text(token)
    with qtbot.waitSignal(router.refused, timeout=5000) as sig:
        router.handle_text(token)
    assert "已使用" in sig.args[0]


def test_second_scan_while_verifying_is_ignored(qtbot, platform, router) -> None:
    with AppCodeClient(platform_settings(platform.url, ADMIN_TOKEN)) as admin:  # type: ignore[arg-type]
        token = admin.mint_app_code(RESIDENT, ttl_s=60).token
    seen: list[object] = []
    router.refused.connect(lambda *a: seen.append(a))
    with qtbot.waitSignal(router.identified, timeout=5000):
        router.handle_text(token)
        router.handle_event(CodeScanned(text=token))  # the same phone, read again at once
    qtbot.wait(100)
    assert seen == []  # no "already used" for the second read


def test_receipt_scan_goes_to_case_lookup(qtbot, router) -> None:
    with qtbot.waitSignal(router.case_failed, timeout=5000) as sig:
        router.handle_text(f"{BASE}?n=MJ2099010100001")
    assert "未查询到" in sig.args[0]


def test_offline_app_code_offers_the_card(qtbot, qapp) -> None:
    login = AppCodeLogin(AppCodeClient(platform_settings(dead_url())), KIOSK_ID)  # type: ignore[arg-type]
    r = QrScanRouter(login, None, BASE)
    with qtbot.waitSignal(r.refused, timeout=5000) as sig:
        r.handle_text("zwapp1." + "D" * 43)
    login.close()
    message, offer_card = sig.args
    assert "扫码登录暂停使用" in message and offer_card is True


def test_receipt_case_source_is_platform(qtbot, platform, router) -> None:
    import httpx

    # a case created through the real submission endpoint
    env = {
        "id": "01JD0000000000000000000001",
        "service_code": "residence-duration-proof",
        "kiosk_id": KIOSK_ID,
        "created_at": "2026-05-12T02:31:00+00:00",
        "form": {},
        "applicant": None,
        "attachments": [],
    }
    resp = httpx.post(
        f"{platform.url}/v1/submissions",
        json=env,
        headers={"Authorization": "Bearer qr-test-kiosk-token", "Idempotency-Key": env["id"]},
    )
    assert resp.status_code in (200, 201), resp.text
    no = resp.json()["acceptance_no"]
    with qtbot.waitSignal(router.case_found, timeout=5000) as sig:
        router.handle_text(f"{BASE}?n={no}")
    assert sig.args[0].source == CaseSource.PLATFORM and sig.args[0].acceptance_no == no

"""App-code login against the real reference platform server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.identity.app_code import (
    AppCodeAlreadyUsed,
    AppCodeExpiredError,
    AppCodeLogin,
    AppCodeLoginUnavailable,
    AppCodeRejected,
    MalformedAppCode,
    check_token_format,
)
from kiosk.identity.document import CardType, Gender, IdentityDocument
from offline_queue.app_codes import AppCodeClient

from .conftest import ADMIN_TOKEN, KIOSK_ID, dead_url, platform_settings

# Fictional resident; the number's check character is valid (GB 11643).
RESIDENT = {
    "id_type": "resident_id",
    "name": "陈美玲",
    "id_number": "350102199203150041",
    "gender": "2",
    "birth_date": "1992-03-15",
    "ethnicity": "汉",
    "address": "闽江市五凤区杨桥路66号",
}


@pytest.fixture
def admin(platform) -> Iterator[AppCodeClient]:
    with AppCodeClient(platform_settings(platform.url, ADMIN_TOKEN)) as c:  # type: ignore[arg-type]
        yield c


@pytest.fixture
def login(platform) -> Iterator[AppCodeLogin]:
    lg = AppCodeLogin(AppCodeClient(platform_settings(platform.url)), KIOSK_ID)  # type: ignore[arg-type]
    yield lg
    lg.close()


def test_valid_code_gives_the_same_identity_model_as_the_cards(admin, login) -> None:
    minted = admin.mint_app_code(RESIDENT, ttl_s=60)
    doc = login.login(f"  {minted.token}\r\n")  # scanner whitespace is tolerated
    assert isinstance(doc, IdentityDocument)
    assert doc.card_type == CardType.APP_CODE
    assert doc.name == "陈美玲" and doc.id_number == "350102199203150041"
    assert doc.gender == Gender.FEMALE and doc.birth_date == dt.date(1992, 3, 15)
    assert doc.masked()["id_number"] == "350102********0041"
    assert "陈美玲" not in repr(doc)


def test_reused_code_is_refused(admin, login) -> None:
    minted = admin.mint_app_code(RESIDENT, ttl_s=60)
    login.login(minted.token)
    with pytest.raises(AppCodeAlreadyUsed) as err:
        login.login(minted.token)
    assert "已使用" in err.value.resident_message


def test_expired_code_is_refused(admin, login) -> None:
    minted = admin.mint_app_code(RESIDENT, ttl_s=0)  # born expired: the server's clock decides
    with pytest.raises(AppCodeExpiredError) as err:
        login.login(minted.token)
    assert "过期" in err.value.resident_message


def test_expired_code_stays_unused(admin, login, platform) -> None:
    minted = admin.mint_app_code(RESIDENT, ttl_s=0)
    for _ in range(2):  # expired each time, never "used": a refused code is not consumed
        with pytest.raises(AppCodeExpiredError):
            login.login(minted.token)
    # The platform's own record: the code exists and was never marked used by anyone.
    digest = hashlib.sha256(minted.token.encode()).hexdigest()
    with sqlite3.connect(f"file:{platform.settings.db_path}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT used_at, used_by FROM app_codes WHERE token_sha256 = ?", (digest,)
        ).fetchall()
    assert rows == [(None, None)]


def test_unknown_well_formed_code_is_refused_by_the_platform(login) -> None:
    with pytest.raises(AppCodeRejected):
        login.login("zwapp1." + "A" * 43)


@pytest.mark.parametrize(
    "scanned",
    [
        "short",  # too short
        "x" * 600,  # too long
        "zwapp1.abc def ghi jkl mno",  # space inside
        "zwapp1.二维码二维码二维码二维码",  # not the token charset
        "https://zwfw.example.gov.cn/track?n=MJ2026",  # a receipt, not an app code
    ],
)
def test_malformed_codes_never_reach_the_platform(scanned: str, platform, login) -> None:
    with pytest.raises(MalformedAppCode):
        login.login(scanned)


def test_malformed_code_checked_by_the_platform_too(platform) -> None:
    import httpx

    # A kiosk with a laxer local check must still be refused by the server.
    resp = httpx.post(
        f"{platform.url}/v1/app-codes/verify",
        json={"token": "bad token with spaces!!", "kiosk_id": KIOSK_ID},
        headers={"Authorization": "Bearer qr-test-kiosk-token"},
    )
    assert resp.status_code == 400 and resp.json()["detail"]["code"] == "malformed"


def test_offline_says_qr_login_unavailable_and_offers_the_card() -> None:
    lg = AppCodeLogin(AppCodeClient(platform_settings(dead_url())), KIOSK_ID)  # type: ignore[arg-type]
    try:
        with pytest.raises(AppCodeLoginUnavailable) as err:
            lg.login("zwapp1." + "B" * 43)
    finally:
        lg.close()
    assert "扫码登录" in err.value.resident_message and "身份证" in err.value.resident_message
    assert err.value.offer_card
    assert "B" * 43 not in err.value.detail  # the token never lands in a message


def test_network_watcher_offline_short_circuits(platform) -> None:
    lg = AppCodeLogin(
        AppCodeClient(platform_settings(platform.url)),  # type: ignore[arg-type]
        KIOSK_ID,
        is_online=lambda: False,
    )
    with pytest.raises(AppCodeLoginUnavailable):
        lg.login("zwapp1." + "C" * 43)
    lg.close()


def test_wrong_kiosk_token_is_unavailable_not_a_bad_code(admin, platform) -> None:
    minted = admin.mint_app_code(RESIDENT, ttl_s=60)
    lg = AppCodeLogin(AppCodeClient(platform_settings(platform.url, "not-our-token")), KIOSK_ID)  # type: ignore[arg-type]
    with pytest.raises(AppCodeLoginUnavailable) as err:
        lg.login(minted.token)
    lg.close()
    assert "401" in err.value.detail


def test_tokens_are_stored_hashed(admin, platform) -> None:
    import sqlite3

    minted = admin.mint_app_code(RESIDENT, ttl_s=60)
    db = Path(platform.settings.db_path)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute("SELECT token_sha256, identity FROM app_codes").fetchall()
    conn.close()
    assert rows and all(minted.token not in r[0] for r in rows)
    assert json.loads(rows[-1][1])["id_type"] == "resident_id"


def test_local_format_check() -> None:
    assert check_token_format(" zwapp1.abcdefghijklmnop\n") == "zwapp1.abcdefghijklmnop"
    with pytest.raises(MalformedAppCode):
        check_token_format("a" * 15)


def test_identity_failing_our_checks_is_refused(admin, login) -> None:
    from kiosk.identity.app_code import AppCodeIdentityInvalid

    bad = {**RESIDENT, "id_number": "350102199203150045"}  # wrong check character
    minted = admin.mint_app_code(bad, ttl_s=60)
    with pytest.raises(AppCodeIdentityInvalid) as err:
        login.login(minted.token)
    assert "350102199203150045" not in err.value.detail

"""The desk's staff login (argon2id, lockout) and terminal credentials, and its HTTP login endpoint."""

from __future__ import annotations

import httpx
import pytest

from tests.assist.peer import STAFF, LiveDesk, cheap_hash
from video_desk.auth import (
    LoginRefused,
    StaffDirectory,
    TerminalDirectory,
    credential_hash,
    hash_password,
    new_terminal_credential,
)


def test_staff_login_lockout_and_tokens() -> None:
    staff = StaffDirectory({"li": cheap_hash("秘密-passphrase")}, max_failures=3, lockout_s=600)
    token = staff.login("li", "秘密-passphrase")
    assert staff.staff_for(token) == "li" and staff.staff_for(token + "x") is None
    for _ in range(3):
        with pytest.raises(LoginRefused) as e:
            staff.login("li", "guess")
        assert e.value.reason == "bad_credentials"
    with pytest.raises(LoginRefused) as e:
        staff.login("li", "秘密-passphrase")  # right password, but locked out now
    assert e.value.reason == "locked" and e.value.retry_after_s > 500
    with pytest.raises(LoginRefused):
        staff.login("nobody", "秘密-passphrase")
    assert "秘密" not in repr(staff.password_hashes)


def test_production_hashes_are_argon2id_with_the_library_defaults() -> None:
    from argon2 import PasswordHasher

    h = hash_password("x" * 12)
    assert h.startswith("$argon2id$") and not PasswordHasher().check_needs_rehash(h)


def test_terminal_credentials_are_per_terminal() -> None:
    a, b = new_terminal_credential(), new_terminal_credential()
    terminals = TerminalDirectory({"FT-01": credential_hash(a), "FT-02": credential_hash(b)})
    assert terminals.verify("FT-01", a) and terminals.verify("FT-02", b)
    assert not terminals.verify("FT-01", b) and not terminals.verify("FT-03", a)


def test_login_endpoint_and_console_page(desk: LiveDesk) -> None:
    with httpx.Client(base_url=desk.url) as c:
        page = c.get("/")
        assert page.status_code == 200 and "视频帮办" in page.text
        assert c.get("/static/console.js").status_code == 200
        bad = c.post("/api/login", json={"username": STAFF[0], "password": "nope"})
        assert bad.status_code == 401 and bad.json()["error"] == "bad_credentials"
        ok = c.post("/api/login", json={"username": STAFF[0], "password": STAFF[1]})
        assert ok.status_code == 200 and ok.json()["token"].startswith("vs_")
        assert c.post("/api/login", json={"username": "", "password": "x"}).status_code == 422

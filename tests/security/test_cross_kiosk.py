"""Issue 23 item 4 (attachments): kiosk B's token does not reach kiosk A's attachments.

Against the real reference server over HTTP, with two kiosks' tokens.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from offline_queue.server import ServerSettings, ServerThread

A = {"Authorization": "Bearer tok-A"}
B = {"Authorization": "Bearer tok-B"}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerThread]:
    settings = ServerSettings(db_path=tmp_path / "p.db", tokens={"tok-A": "K-A", "tok-B": "K-B"})
    with ServerThread(settings) as srv:
        yield srv


def _envelope(kiosk: str, sha: str) -> dict[str, object]:
    return {
        "id": uuid.uuid4().hex,
        "service_code": "S001",
        "kiosk_id": kiosk,
        "created_at": datetime.now(UTC).isoformat(),
        "form": {},
        "attachments": [{"sha256": sha, "name": "id.jpg", "content_type": "image/jpeg", "size": 9}],
    }


def test_kiosk_b_cannot_probe_nor_cite_kiosk_a_attachments(server: ServerThread) -> None:
    data = b"A's scan!"
    sha = hashlib.sha256(data).hexdigest()
    url = f"{server.url}/v1/attachments/{sha}"
    assert httpx.put(url, content=data, headers=A).status_code == 201
    assert httpx.head(url, headers=A).status_code == 200
    # B cannot tell it exists ...
    assert httpx.head(url, headers=B).status_code == 404
    # ... nor file a submission citing it without ever uploading it.
    env = _envelope("K-B", sha)
    r = httpx.post(
        f"{server.url}/v1/submissions", json=env, headers=B | {"Idempotency-Key": str(env["id"])}
    )
    assert r.status_code == 409 and r.json()["missing"] == [sha]
    # Uploading the bytes proves possession: then B holds it too (and is told "new").
    put = httpx.put(url, content=data, headers=B)
    assert put.status_code == 201 and put.json()["already_present"] is False
    r = httpx.post(
        f"{server.url}/v1/submissions", json=env, headers=B | {"Idempotency-Key": str(env["id"])}
    )
    assert r.status_code == 201, r.text
    # A's own submission citing it goes through as before.
    env_a = _envelope("K-A", sha)
    r = httpx.post(
        f"{server.url}/v1/submissions",
        json=env_a,
        headers=A | {"Idempotency-Key": str(env_a["id"])},
    )
    assert r.status_code == 201, r.text


@pytest.fixture
def admin_server(tmp_path: Path) -> Iterator[ServerThread]:
    settings = ServerSettings(
        db_path=tmp_path / "p.db", tokens={"tok-A": "K-A", "tok-B": "K-B"}, admin_token="adm"
    )
    with ServerThread(settings) as srv:
        yield srv


def test_kiosk_b_cannot_read_or_reprint_a_case_by_its_sequential_number(
    admin_server: ServerThread,
) -> None:
    srv = admin_server
    holder = "110101199001010015"
    env = _envelope("K-A", "0" * 64) | {"attachments": [], "applicant": {"id_number": holder}}
    r = httpx.post(
        f"{srv.url}/v1/submissions", json=env, headers=A | {"Idempotency-Key": str(env["id"])}
    )
    assert r.status_code == 201, r.text
    no = r.json()["acceptance_no"]
    cert = {"template": "certificate", "data": {"name": "王小明"}, "holder_id_number": holder}
    put = httpx.put(
        f"{srv.url}/v1/admin/cases/{no}/certificate",
        json=cert,
        headers={"Authorization": "Bearer adm"},
    )
    assert put.status_code in (200, 201), put.text
    # Kiosk A, which filed it, reads it by number.
    assert httpx.get(f"{srv.url}/v1/cases/{no}", headers=A).status_code == 200
    # Kiosk B enumerating numbers learns nothing, and cannot reprint even with the ID number.
    assert httpx.get(f"{srv.url}/v1/cases/{no}", headers=B).status_code == 404
    reprint = f"{srv.url}/v1/cases/{no}/certificate"
    assert httpx.post(reprint, json={"id_number": holder}, headers=B).status_code == 404
    guess = {"id_number": holder, "submission_id": "0" * 32}
    assert httpx.post(reprint, json=guess, headers=B).status_code == 404
    # With the receipt in hand (its unguessable submission id) and the holder present: yes.
    by_sub = httpx.get(f"{srv.url}/v1/cases/by-submission/{env['id']}", headers=B)
    assert by_sub.status_code == 200 and by_sub.json()["acceptance_no"] == no
    ok = httpx.post(reprint, json={"id_number": holder, "submission_id": env["id"]}, headers=B)
    assert ok.status_code == 200, ok.text
    # ... and still only for the holder.
    other = {"id_number": "11010119800101001X", "submission_id": env["id"]}
    assert httpx.post(reprint, json=other, headers=B).status_code == 403

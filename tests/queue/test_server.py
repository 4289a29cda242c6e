"""The reference platform's API, over real HTTP(S) on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from offline_queue.client import DeviceHealth, Heartbeat, PlatformClient, PlatformSettings
from offline_queue.errors import PlatformNotFound, PlatformRejected, PlatformUnreachable
from offline_queue.server import ServerSettings, ServerThread, TlsFiles
from offline_queue.server.db import dump_heartbeats
from tests.identity_events import enrol_sam, identity_token
from tests.queue.conftest import ADMIN, ID_NUMBER, KIOSK, TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def envelope(sid: str = "01JTESTSUBMISSION000000001", shas: tuple[str, ...] = ()) -> dict:
    return {
        "id": sid,
        "service_code": "ZM-JZNX",
        "kiosk_id": KIOSK,
        "created_at": "2026-11-22T10:00:00+00:00",
        "form": {"a": 1},
        "applicant": None,
        "attachments": [
            {"sha256": s, "name": "scan.jpg", "content_type": "image/jpeg", "size": 3} for s in shas
        ],
    }


def test_put_attachment_is_idempotent_and_checked(server: ServerThread) -> None:
    data = b"abc"
    digest = hashlib.sha256(data).hexdigest()
    url = f"{server.url}/v1/attachments/{digest}"
    first = httpx.put(
        url, content=data, headers={**AUTH, "Content-Type": "application/octet-stream"}
    )
    assert first.status_code == 201 and first.json()["already_present"] is False
    again = httpx.put(
        url, content=data, headers={**AUTH, "Content-Type": "application/octet-stream"}
    )
    assert again.status_code == 200 and again.json()["already_present"] is True
    wrong = httpx.put(
        url, content=b"abd", headers={**AUTH, "Content-Type": "application/octet-stream"}
    )
    assert wrong.status_code == 400
    assert httpx.head(url, headers=AUTH).status_code == 200
    assert httpx.head(f"{server.url}/v1/attachments/{'0' * 64}", headers=AUTH).status_code == 404


def test_submission_idempotency(server: ServerThread) -> None:
    data = b"abc"
    digest = hashlib.sha256(data).hexdigest()
    body = envelope(shas=(digest,))
    headers = {**AUTH, "Idempotency-Key": body["id"]}
    missing = httpx.post(f"{server.url}/v1/submissions", json=body, headers=headers)
    assert missing.status_code == 409 and missing.json()["missing"] == [digest]
    httpx.put(f"{server.url}/v1/attachments/{digest}", content=data, headers=AUTH)
    first = httpx.post(f"{server.url}/v1/submissions", json=body, headers=headers)
    assert first.status_code == 201 and first.json()["duplicate"] is False
    second = httpx.post(f"{server.url}/v1/submissions", json=body, headers=headers)
    assert second.status_code == 200 and second.json()["duplicate"] is True
    assert second.json()["acceptance_no"] == first.json()["acceptance_no"]
    changed = httpx.post(
        f"{server.url}/v1/submissions", json={**body, "form": {"a": 2}}, headers=headers
    )
    assert changed.status_code == 422
    no_key = httpx.post(f"{server.url}/v1/submissions", json=body, headers=AUTH)
    assert no_key.status_code == 422
    other_key = httpx.post(
        f"{server.url}/v1/submissions", json=body, headers={**AUTH, "Idempotency-Key": "X"}
    )
    assert other_key.status_code == 422


def test_auth(server: ServerThread) -> None:
    body = envelope()
    url = f"{server.url}/v1/submissions"
    assert httpx.post(url, json=body, headers={"Idempotency-Key": body["id"]}).status_code == 401
    bad = {"Authorization": "Bearer nope", "Idempotency-Key": body["id"]}
    assert httpx.post(url, json=body, headers=bad).status_code == 401
    other_kiosk = {**body, "kiosk_id": "SOMEONE-ELSE"}
    r = httpx.post(url, json=other_kiosk, headers={**AUTH, "Idempotency-Key": body["id"]})
    assert r.status_code == 403
    assert httpx.put(f"{server.url}/v1/admin/faults", json={}, headers=AUTH).status_code == 401


def test_heartbeats_are_stored_and_the_old_fleet_page_is_gone(server: ServerThread) -> None:
    with PlatformClient(PlatformSettings(server.url, TOKEN)) as c:
        c.heartbeat(
            Heartbeat(
                KIOSK,
                "1.2.3",
                "2026.11.1",
                (DeviceHealth("idcard", "OK"), DeviceHealth("receipt_printer", "FAULT", "缺纸")),
                queue_pending=4,
                queue_dead=1,
                oldest_pending_age_s=125,
            )
        )
        c.heartbeat(Heartbeat(KIOSK, "1.2.4", queue_pending=0))
    beats = dump_heartbeats(server.settings.db_path)
    assert [(b["kiosk_id"], b["app_version"]) for b in beats] == [
        (KIOSK, "1.2.3"),
        (KIOSK, "1.2.4"),
    ]
    assert (beats[0]["queue_pending"], beats[0]["queue_dead"]) == (4, 1)
    assert beats[0]["devices"][1] == {
        "name": "receipt_printer",
        "status": "FAULT",
        "detail": "缺纸",
    }
    # Staff look at the fleet service (fleet/, docs/fleet.md), not at this server.
    assert httpx.get(f"{server.url}/fleet").status_code == 404


def test_catalog_config_licences_cases(server: ServerThread) -> None:
    with PlatformClient(PlatformSettings(server.url, TOKEN)) as c:
        cat = c.fetch_catalog()
        assert cat.body is not None and "services" in cat.body and cat.etag
        assert c.fetch_catalog(cat.etag).body is None  # 304
        cfg = c.fetch_config(KIOSK)
        assert cfg["kiosk_id"] == KIOSK and cfg["catalog_etag"] == cat.etag
        sam = enrol_sam(server.url, ADMIN, KIOSK)
        session = "session-0001"
        token = identity_token(c, sam, KIOSK, session, ID_NUMBER)
        lic = c.lookup_licences(ID_NUMBER, token, session)
        assert {x.licence_type for x in lic} == {"household_register", "driving_licence"}
        nobody = "350102199901010000"
        assert c.lookup_licences(nobody, identity_token(c, sam, KIOSK, session, nobody), session) == []  # fmt: skip
        with pytest.raises(PlatformRejected):
            c.lookup_licences("not-an-id", token, session)
        with pytest.raises(PlatformNotFound):
            c.case_status("SL2026010100000001")
        # Submit one, then follow the case as any terminal scanning the receipt would.
        c.put_attachment(hashlib.sha256(b"abc").hexdigest(), b"abc")
        body = envelope(shas=(hashlib.sha256(b"abc").hexdigest(),))
        acc = c.submit(json.dumps(body).encode(), body["id"])
        case = c.case_status(acc.acceptance_no)
        assert (case.status, case.status_text, case.certificate_ready) == (
            "received",
            "已受理",
            False,
        )
    r = httpx.put(
        f"{server.url}/v1/admin/cases/{acc.acceptance_no}",
        json={"status": "approved", "certificate_ready": True},
        headers={"Authorization": f"Bearer {ADMIN}"},
    )
    assert r.status_code == 200
    with PlatformClient(PlatformSettings(server.url, TOKEN)) as c:
        case = c.case_status(acc.acceptance_no)
    assert case.status == "approved" and case.certificate_ready


def test_instant_services_are_approved_at_once(tmp_path: Path) -> None:
    settings = ServerSettings(db_path=tmp_path / "p.db", instant_services=frozenset({"ZM-JZNX"}))
    with ServerThread(settings) as srv, PlatformClient(PlatformSettings(srv.url)) as c:
        body = envelope()
        acc = c.submit(json.dumps(body).encode(), body["id"])
        assert c.case_status(acc.acceptance_no).certificate_ready


def _cert_pair(tmp_path: Path) -> tuple[Path, TlsFiles]:
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Platform CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_path = tmp_path / "ca.pem"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_path, key_path = tmp_path / "server.pem", tmp_path / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_path, TlsFiles(cert_path, key_path)


def test_tls_is_verified_against_the_configured_ca(tmp_path: Path) -> None:
    ca_path, tls = _cert_pair(tmp_path)
    settings = ServerSettings(db_path=tmp_path / "p.db", tokens={TOKEN: KIOSK})
    with ServerThread(settings, tls=tls) as srv:
        assert srv.url.startswith("https://localhost:")
        with PlatformClient(PlatformSettings(srv.url, TOKEN, ca_path=ca_path)) as c:
            assert c.fetch_config(KIOSK)["kiosk_id"] == KIOSK
        # Without our CA the server is not trusted: refused, and retryable (nothing lost).
        with (
            PlatformClient(PlatformSettings(srv.url, TOKEN)) as c,
            pytest.raises(PlatformUnreachable, match="CERTIFICATE_VERIFY_FAILED"),
        ):
            c.fetch_config(KIOSK)

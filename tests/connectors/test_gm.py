"""Connector c (国密 gateway): published test vectors, round trips, and refusals over real HTTP."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

import gmalg
import httpx
import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from kiosk.platform.connector import CaseIn
from kiosk.platform.dispatch import ConnectorDestination
from kiosk.platform.gm import GmConnector
from kiosk.platform.gm_crypto import (
    GmRefused,
    seal_request,
    sm2_keypair,
    sm2_sign,
    sm2_verify,
    sm3,
    sm4_gcm_open,
    sm4_gcm_seal,
)
from offline_queue.errors import PlatformAuthError, PlatformNotFound
from offline_queue.models import State
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncSettings, SyncWorker
from tests.connectors.conftest import (
    APP_ID,
    CLIENT_PK,
    CLIENT_SK,
    GW_PK,
    KIOSK,
    SAMPLE_ITEMS,
    Servers,
    set_faults,
)

# GM/T 0003.5-2012 (SM2, recommended curve), signature example: message "message digest",
# signer id "1234567812345678", fixed private key and random k.
V_D = bytes.fromhex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8")
V_PK = bytes.fromhex(
    "04"
    "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
    "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13"
)
V_K = int("59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21", 16)
V_SIG = bytes.fromhex(
    "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
    "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA"
)


def test_published_vectors() -> None:
    # GM/T 0004-2012 (SM3) example 1.
    assert sm3(b"abc").hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    # GM/T 0002-2012 (SM4) example 1: key = plaintext.
    k = bytes.fromhex("0123456789abcdeffedcba9876543210")
    enc = Cipher(algorithms.SM4(k), modes.ECB()).encryptor()
    assert (enc.update(k) + enc.finalize()).hex() == "681edf34d206965e86b3e94f536e4246"
    # GM/T 0003: the public key of d, the signature with k, and our verification of it.
    signer = gmalg.SM2(V_D, b"1234567812345678", rnd_fn=lambda _n: V_K)
    assert signer.generate_pk(V_D) == V_PK
    r, s = signer.sign(b"message digest")
    assert r + s == V_SIG
    assert sm2_verify(V_PK, b"message digest", V_SIG)
    assert not sm2_verify(V_PK, b"message digest!", V_SIG)
    assert not sm2_verify(V_PK, b"message digest", V_SIG[:-1] + b"\x00")


def test_round_trips_and_tampering() -> None:
    sk, pk = sm2_keypair()
    sig = sm2_sign(sk, b"hello")
    assert sm2_verify(pk, b"hello", sig) and not sm2_verify(CLIENT_PK, b"hello", sig)
    key, iv = bytes(range(16)), bytes(12)
    blob = sm4_gcm_seal(key, iv, "居住证明".encode(), b"aad")
    assert sm4_gcm_open(key, iv, blob, b"aad").decode() == "居住证明"
    with pytest.raises(GmRefused):
        sm4_gcm_open(key, iv, blob[:-1] + bytes([blob[-1] ^ 1]), b"aad")
    with pytest.raises(GmRefused):
        sm4_gcm_open(key, iv, blob, b"other aad")


def connector(srv_url: str, **kw: object) -> GmConnector:
    return GmConnector("sb", srv_url, APP_ID, CLIENT_SK, GW_PK, timeout_s=10, **kw)  # type: ignore[arg-type]


def test_gateway_calls_are_sealed_and_verified(servers: Servers) -> None:
    srv = servers.gm()
    c = connector(srv.url)
    try:
        assert [i["code"] for i in c.fetch_items().items] == [i["code"] for i in SAMPLE_ITEMS]
        case = CaseIn("K1", "SB-CBZM", {"year": 2026})
        ack = c.submit(case)
        assert c.submit(case) == type(ack)(ack.case_id, True)  # idempotency key
        assert c.query_status(ack.case_id).status == "accepted"
        assert c.fetch_result(ack.case_id).result_name == "参保证明"
        assert c.cancel(ack.case_id).status == "cancelled"
        with pytest.raises(PlatformNotFound):
            c.query_status("G404")
        assert "key=***" in repr(c)
    finally:
        c.close()


def test_bad_signature_stale_timestamp_replay_and_decryption_are_refused(servers: Servers) -> None:
    srv = servers.gm()
    wrong_sk, _ = sm2_keypair()
    intruder = GmConnector("sb", srv.url, APP_ID, wrong_sk, GW_PK)
    with pytest.raises(PlatformAuthError):
        intruder.submit(CaseIn("K1", "S", {}))
    intruder.close()
    late = connector(srv.url, clock=lambda: time.time() - 3600)
    with pytest.raises(PlatformAuthError):
        late.submit(CaseIn("K2", "S", {}))
    late.close()
    sealed = seal_request(APP_ID, {"action": "submit", "idempotency_key": "K3", "service_code": "S"}, CLIENT_SK, GW_PK, time.time())  # fmt: skip
    assert httpx.post(f"{srv.url}/gm/api", json=sealed.wire).status_code == 200
    replay = httpx.post(f"{srv.url}/gm/api", json=sealed.wire)
    assert replay.status_code == 401 and replay.json()["code"] == "REPLAY"
    _, other_pk = sm2_keypair()  # the session key sealed to someone else: cannot decrypt
    blind = seal_request(APP_ID, {"action": "items"}, CLIENT_SK, other_pk, time.time())
    assert httpx.post(f"{srv.url}/gm/api", json=blind.wire).json()["code"] == "DECRYPT"
    assert srv.app.state.refusals == ["BAD_SIGNATURE", "STALE", "REPLAY", "DECRYPT"]
    assert srv.app.state.store.business_keys() == ["K3"]


def test_a_badly_signed_answer_is_never_trusted_and_the_retry_lands_once(
    servers: Servers, make_outbox: Callable[..., Outbox]
) -> None:
    srv = servers.gm()
    c = connector(srv.url)
    outbox = make_outbox()
    settings = SyncSettings(backoff_initial_s=0.01, backoff_max_s=0.05, max_failures_per_batch=100, network_poll_s=None)  # fmt: skip
    w = SyncWorker(outbox, None, settings, destinations=(ConnectorDestination(c),))
    try:
        sid = outbox.enqueue("SB-CBZM", KIOSK, {"year": 2026}, None, [], connector="sb")
        srv.app.state.sign_with_wrong_key = True
        report = w.sync_once()
        assert report.retried == 1 and "signature" in report.errors[0]
        assert (
            outbox.get(sid).state is State.PENDING
        )  # stored there, but we could not trust the answer
        srv.app.state.sign_with_wrong_key = False
        set_faults(srv)
        w.sync_once()
        assert outbox.get(sid).state is State.ACKNOWLEDGED
        assert Counter(srv.app.state.store.business_keys()) == {sid: 1}
    finally:
        w.stop()
        c.close()


def test_a_short_s_is_padded_and_still_verifies() -> None:
    # gmalg gives s as a minimal-length integer; with this key and k = 76 it is 31 bytes
    # (about 1 signature in 128 is like that). r‖s must still be 64 bytes and verify.
    raw_r, raw_s = gmalg.SM2(V_D, b"1234567812345678", rnd_fn=lambda _n: 76).sign(b"short")
    assert len(raw_s) == 31
    sig = raw_r.rjust(32, b"\0") + raw_s.rjust(32, b"\0")
    assert sm2_verify(V_PK, b"short", sig)
    assert len(sm2_sign(V_D, b"short")) == 64

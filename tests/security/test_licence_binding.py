"""The e-licence look-up (household register …) answers only for this session's resident.

Threat: someone holding kiosk B's bearer token (leaked, or read off a stolen
terminal) asks the platform for any ID number's licences, or replays what kiosk A
obtained. The look-up must carry the identity token the platform issued at an
identity event of *this* kiosk's *current* session for *that* ID number: from an
app-code login (the platform verified the code) or a card read signed by the
reader's SAM (``drivers/idcard/attest.py``, key in memory only). All against the
real reference platform on 127.0.0.1, the real GA 467 driver and SAM emulator
over a pty, and the kiosk's real look-up service.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.idcard.attest import SimulatedSam
from drivers.idcard.events import CardRead
from drivers.idcard.reader import IdCardReader
from drivers.idcard.wlt import SimPhotoDecoder
from kiosk.identity.app_code import AppCodeLogin
from kiosk.identity.interpret import UpdateKind, interpret
from kiosk.services.licences import LicenceLookupService
from offline_queue.app_codes import AppCodeClient
from offline_queue.client import PlatformClient, PlatformSettings
from offline_queue.errors import IdentityNotProven, PlatformAuthError
from offline_queue.server import ServerSettings, ServerThread
from tests.idcard.conftest import (  # noqa: F401  (fixtures)
    MALE,
    Recorder,
    deck,
    emulator,
    recorder,
)
from tests.identity_events import card_attestation, enrol_sam

ADMIN = "admin-token"
A, B = "FZ-A-0001", "FZ-B-0002"
TOKENS = {"token-of-A": A, "token-of-B": B}
HOLDER = "110101199001010015"  # deck card 0 (李建国): has a household register
OTHER = "350102198805120021"  # somebody else who has licences on the platform
SESSION = "5e55104a0000aaaa"


def _platform(tmp_path: Path, **kw: float) -> ServerThread:
    settings = ServerSettings(
        db_path=tmp_path / "platform.db", tokens=TOKENS, admin_token=ADMIN, **kw
    )
    return ServerThread(settings)


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[ServerThread]:
    with _platform(tmp_path) as srv:
        yield srv


def _client(srv: ServerThread, kiosk: str) -> PlatformClient:
    token = next(t for t, k in TOKENS.items() if k == kiosk)
    return PlatformClient(PlatformSettings(srv.url, token, timeout_s=10))


def _code(e: pytest.ExceptionInfo[IdentityNotProven]) -> str:
    return e.value.detail.rsplit(": ", 1)[-1]


def test_the_residents_own_card_read_prefills_and_nothing_else(
    platform: ServerThread,
    emulator,  # noqa: F811
    recorder: Recorder,  # noqa: F811
) -> None:
    # Kiosk A's reader, its SAM enrolled at the platform; a card laid on it.
    sam = SimulatedSam()
    enrol_sam(platform.url, ADMIN, A, sam)
    reader = IdCardReader(emulator.port, wlt_decoder=SimPhotoDecoder(), attestor=sam)
    reader.set_event_sink(recorder.event)
    reader.open()
    try:
        emulator.place_card(MALE)
        (event,) = recorder.wait_event(CardRead, timeout=10)[:1]
        assert event.attestation is not None
        update = interpret(event)
    finally:
        reader.close()
    assert update is not None and update.kind is UpdateKind.IDENTIFIED
    doc = update.document
    assert doc is not None and doc.id_number == HOLDER and doc.proof is not None
    with _client(platform, A) as client:
        service = LicenceLookupService(client, A, lambda: SESSION)
        fields = service.lookup(doc, "household_register")
        assert fields is not None and fields["household_head"] == "李建国"
        # The attestation was single use; the token it earned serves the session on.
        assert service.lookup(doc, "driving_licence") == {"class": "C1", "first_issued": "2011-05-20"}  # fmt: skip
        token = doc.proof.identity_token
        assert token
        # The same token does not open anybody else's licences, nor another session's.
        with pytest.raises(IdentityNotProven) as e:
            client.lookup_licences(OTHER, token, SESSION)
        assert _code(e) == "identity_mismatch"
        with pytest.raises(IdentityNotProven) as e:
            client.lookup_licences(HOLDER, token, "another-session-1")
        assert _code(e) == "other_session"
        # The next resident's session (a new id) has no proof until a card is read.
        after = LicenceLookupService(client, A, lambda: "next-session-0002")
        with pytest.raises(IdentityNotProven, match="no identity event"):
            after.lookup(doc, "household_register")


def test_kiosk_b_credential_cannot_look_up_an_arbitrary_id_number(platform: ServerThread) -> None:
    enrol_sam(platform.url, ADMIN, B)  # B's real reader: its key is in its SAM, not ours
    with _client(platform, B) as b:
        # No identity event at all: a made-up token, and an empty one.
        for guess in ("zwid1.guess", "x"):
            with pytest.raises(IdentityNotProven) as e:
                b.lookup_licences(HOLDER, guess, SESSION)
            assert _code(e) == "no_identity_event"
        # A SAM of the attacker's own making is not one enrolled for B.
        forged = card_attestation(SimulatedSam(), HOLDER)
        with pytest.raises(IdentityNotProven) as e:
            b.identity_event(B, SESSION, forged)
        assert _code(e) == "unknown_reader"
        # An enrolled key with a signature that is not the SAM's.
        enrolled = enrol_sam(platform.url, ADMIN, B)
        real = card_attestation(enrolled, OTHER)
        tampered = {**real, "id_number": HOLDER}  # the SAM read OTHER's card, not HOLDER's
        with pytest.raises(IdentityNotProven) as e:
            b.identity_event(B, SESSION, tampered)
        assert _code(e) == "bad_attestation"


def test_kiosk_a_s_proofs_are_refused_at_kiosk_b(platform: ServerThread) -> None:
    sam_a = enrol_sam(platform.url, ADMIN, A)
    attestation = card_attestation(sam_a, HOLDER)
    with _client(platform, A) as a, _client(platform, B) as b:
        # B replays A's fresh card read, under its own name and under A's.
        with pytest.raises(IdentityNotProven) as e:
            b.identity_event(B, SESSION, attestation)
        assert _code(e) == "unknown_reader"
        with pytest.raises(PlatformAuthError):
            b.identity_event(A, SESSION, attestation)
        token = a.identity_event(A, SESSION, attestation)
        assert a.lookup_licences(HOLDER, token, SESSION)
        # B holds A's token (copied off the wire or A's memory): refused.
        with pytest.raises(IdentityNotProven) as e:
            b.lookup_licences(HOLDER, token, SESSION)
        assert _code(e) == "other_kiosk"
        # And A's attestation cannot be exchanged a second time, even by A.
        with pytest.raises(IdentityNotProven) as e:
            a.identity_event(A, SESSION, attestation)
        assert _code(e) == "replayed_attestation"


def test_an_app_code_login_brings_a_token_bound_like_a_card_read(platform: ServerThread) -> None:
    identity = {"name": "李建国", "id_number": HOLDER, "gender": "1"}
    admin = AppCodeClient(PlatformSettings(platform.url, ADMIN))
    code = admin.mint_app_code(identity).token
    admin.close()
    login = AppCodeLogin(
        AppCodeClient(PlatformSettings(platform.url, "token-of-A")), A, session_id=lambda: SESSION
    )
    doc = login.login(code)
    login.close()
    assert doc.proof is not None and doc.proof.identity_token
    with _client(platform, A) as a, _client(platform, B) as b:
        assert LicenceLookupService(a, A, lambda: SESSION).lookup(doc, "household_register")
        with pytest.raises(IdentityNotProven) as e:
            LicenceLookupService(b, B, lambda: SESSION).lookup(doc, "household_register")
        assert _code(e) == "other_kiosk"


def test_expired_tokens_and_stale_card_reads_are_refused(tmp_path: Path) -> None:
    # A platform whose tokens are born expired, and which takes no card read as fresh.
    with _platform(tmp_path / "ttl", identity_token_ttl_s=0.0) as srv, _client(srv, A) as a:
        token = a.identity_event(A, SESSION, card_attestation(enrol_sam(srv.url, ADMIN, A), HOLDER))  # fmt: skip
        with pytest.raises(IdentityNotProven) as e:
            a.lookup_licences(HOLDER, token, SESSION)
        assert _code(e) == "expired"
    with _platform(tmp_path / "age", attestation_max_age_s=-1.0) as srv, _client(srv, A) as a:
        with pytest.raises(IdentityNotProven) as e:
            a.identity_event(A, SESSION, card_attestation(enrol_sam(srv.url, ADMIN, A), HOLDER))
        assert _code(e) == "stale_attestation"


def test_the_demo_terminal_prefills_from_its_own_card_reads(tmp_path: Path) -> None:
    """The wiring as `kiosk --demo` runs it: the reader's SAM enrolled at start, the
    session's id given to the look-up, a card on the emulated reader."""
    import queue

    from kiosk.app.demo import demo_config, start_demo_services
    from kiosk.app.terminal import Terminal
    from kiosk.app.wiring import attach_services
    from kiosk.config import load_config

    terminal = Terminal(demo_config(load_config(None, tmp_path), tmp_path), demo=True, setup_log=False)  # fmt: skip
    start_demo_services(terminal)
    attach_services(terminal, heartbeat=False)
    reads: queue.Queue[CardRead] = queue.Queue()
    terminal.devices.add_listener(lambda ev: reads.put(ev) if isinstance(ev, CardRead) else None)
    try:
        terminal.devices.build(only=["idcard"])
        terminal.devices.start()
        terminal.devices.extras["idcard_emulator"].place_card(MALE)
        update = interpret(reads.get(timeout=15))
        assert update is not None and update.document is not None
        licences = terminal.services["licences"]
        fields = licences.lookup(update.document, "household_register")
        assert fields is not None and fields["household_head"] == "李建国"
    finally:
        terminal.stop()
        terminal.services["demo_platform"].stop()

"""Connector e-licence look-ups: for the resident identified in the session under way only.

Over real HTTP to the REST and 国密 reference servers, with the terminal's real
session state machine: no look-up outside a session, none for another ID (a grant
made up, or kept past its session), and the departments bind one session to one
holder themselves, for a client that skipped the check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.identity.document import CardType, IdentityDocument
from kiosk.platform.connector import LicenceGrant, LicenceNotBound
from kiosk.platform.gm import GmConnector
from kiosk.platform.registry import ConnectorRegistry
from kiosk.platform.rest import RestConnector
from kiosk.services.connector_licences import ConnectorLicences, SessionIdentity
from kiosk.session.machine import EndReason, Session, SessionState
from tests.connectors.conftest import (
    APP_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    CLIENT_SK,
    GW_PK,
    Servers,
    connectors_toml,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
RESIDENT = "110101199001010016"  # even last digit: the reference servers have licences
NEIGHBOUR = "110101199001010032"  # has licences too: refusing them is the binding's doing
NO_LICENCE = "110101199001010015"


def resident(number: str = RESIDENT) -> IdentityDocument:
    return IdentityDocument(CardType.RESIDENT_ID, "张三丰", number)


def test_lookups_only_for_the_identified_resident(servers: Servers, tmp_path: Path) -> None:
    rest, gm, soap = servers.rest("province"), servers.gm("social"), servers.soap("housing")
    cfg = tmp_path / "kiosk.toml"
    default = (PROJECT_ROOT / "config" / "default.toml").read_text(encoding="utf-8")
    urls = {"province": rest.url, "social": gm.url, "housing": soap.url}
    cfg.write_text(default + "\n" + connectors_toml(tmp_path, urls), encoding="utf-8")
    config = load_config(cfg, tmp_path / "data")
    session = Session(config.session)
    identity = SessionIdentity(session)
    registry = ConnectorRegistry(config, identity)
    licences = ConnectorLicences(registry, identity)
    sent = {"province": rest.app.state.licence_sessions, "social": gm.app.state.licence_sessions}
    try:
        # Attract screen: no one is identified, nothing is asked.
        for name in urls:
            with pytest.raises(LicenceNotBound) as e:
                licences.lookup(name, "户口簿")
            assert e.value.resident_message == "请先核验身份后再查询电子证照。"
        session.go(SessionState.IDENTIFY)
        session.identified(resident())
        grant = licences.grant()
        assert (grant.session_id, grant.holder_id) == (session.data.session_id, RESIDENT)
        assert RESIDENT not in repr(grant)  # masked wherever it is logged
        lic = licences.lookup("province", "户口簿")
        assert lic is not None and lic.number == "350100-户口簿-0016"
        lic = licences.lookup("social", "社保卡")
        assert lic is not None and lic.number == "SB-0016"
        assert licences.lookup("housing", "公积金") is None  # issues none
        assert [s.calls for s in sent.values()] == [1, 1]
        # A grant made up for another ID, in this very session: refused, never sent.
        for name in urls:
            with pytest.raises(LicenceNotBound, match="not for the resident"):
                registry.get(name).lookup_licence(LicenceGrant(grant.session_id, NEIGHBOUR), "x")
        # The session ends: the grant it gave is worth nothing now.
        session.end(EndReason.COMPLETED)
        for name in urls:
            with pytest.raises(LicenceNotBound, match="no resident identified"):
                registry.get(name).lookup_licence(grant, "户口簿")
        # The next resident gets their own look-ups, in their own session.
        session.finish_goodbye()
        session.go(SessionState.IDENTIFY)
        session.identified(resident(NO_LICENCE))
        assert session.data.session_id != grant.session_id
        assert licences.lookup("province", "户口簿") is None
        assert [s.calls for s in sent.values()] == [2, 1]
    finally:
        registry.close()


class _Anyone:
    """A client that skips the terminal's check: says whoever it asks about is identified."""

    def __init__(self) -> None:
        self.now = ("s-1", RESIDENT)

    def current(self) -> tuple[str, str]:
        return self.now


def test_the_departments_bind_one_session_to_one_holder(servers: Servers) -> None:
    rest, gm = servers.rest(), servers.gm()
    anyone = _Anyone()
    conns = [
        RestConnector("province", rest.url, CLIENT_ID, CLIENT_SECRET, identity=anyone),
        GmConnector("social", gm.url, APP_ID, CLIENT_SK, GW_PK, identity=anyone),
    ]
    try:
        for c in conns:
            anyone.now = ("s-1", RESIDENT)
            assert c.lookup_licence(LicenceGrant(*anyone.now), "社保卡") is not None
            anyone.now = ("s-1", NEIGHBOUR)  # walking through ID numbers in one session
            with pytest.raises(LicenceNotBound) as e:
                c.lookup_licence(LicenceGrant(*anyone.now), "社保卡")
            assert NEIGHBOUR not in str(e.value.resident_message)
            anyone.now = ("s-2", NEIGHBOUR)  # another session may be another resident
            assert c.lookup_licence(LicenceGrant(*anyone.now), "社保卡") is not None
        assert rest.app.state.licence_sessions.refused == 1
        assert gm.app.state.licence_sessions.refused == 1
    finally:
        for c in conns:
            c.close()

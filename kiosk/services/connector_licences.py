"""E-licence look-ups at the departments' connectors, for the identified resident only.

The holder is never a parameter: it is the resident of the session under way, as
identified by their card read or app-code login (``session.data.identity``). A
look-up outside a session (attract screen, after the wipe) or with a grant made for
another ID is refused before anything is sent (:class:`LicenceNotBound`). The
platform's own look-up (:mod:`kiosk.services.licences`) is bound the same way, and
further by the platform's identity token.
"""

from __future__ import annotations

from typing import Any, Protocol

from kiosk.platform.connector import Licence, LicenceGrant, LicenceNotBound
from kiosk.platform.registry import ConnectorRegistry


class SessionView(Protocol):
    @property
    def data(self) -> Any: ...

    @property
    def holds_personal_data(self) -> bool: ...


class SessionIdentity:
    """:class:`kiosk.platform.connector.IdentityBinding` over the terminal's session."""

    def __init__(self, session: SessionView) -> None:
        self.session = session

    def current(self) -> tuple[str, str] | None:
        data = self.session.data
        number = getattr(data.identity, "id_number", "") if data.identity is not None else ""
        if not number or not self.session.holds_personal_data:
            return None
        return str(data.session_id), str(number)


class ConnectorLicences:
    """``lookup(connector, licence_type)`` for the resident identified now (worker thread)."""

    def __init__(self, registry: ConnectorRegistry, identity: SessionIdentity) -> None:
        if registry.identity is not identity:
            raise ValueError("the registry's connectors must check the same identity binding")
        self.registry = registry
        self.identity = identity

    def grant(self) -> LicenceGrant:
        """Leave for the resident identified now; :class:`LicenceNotBound` if there is none."""
        now = self.identity.current()
        if now is None:
            raise LicenceNotBound("e-licence look-up: no resident identified in a session")
        return LicenceGrant(*now)

    def lookup(self, connector: str, licence_type: str) -> Licence | None:
        return self.registry.get(connector).lookup_licence(self.grant(), licence_type)

    def stop(self) -> None:
        self.registry.close()

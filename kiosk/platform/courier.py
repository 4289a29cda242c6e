"""The courier (EMS-like) as an HTTP client and as a destination of the outbox.

A courier order is an outbox row routed to the lane named ``courier``: the sync
worker delivers it through :class:`CourierDestination`, which creates the waybill
with the row's id as ``client_order_id``. The courier answers the same waybill
for the same id, so a retry after a lost answer, a crash or a kill never makes a
second one; a retry also asks first (``GET ?client_order_id``). The API is the
reference server's (``department_servers/courier/app.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from kiosk.platform.connector import MalformedResponse
from kiosk.platform.http_errors import call, check
from offline_queue.client import Acceptance
from offline_queue.errors import PlatformNotFound, PlatformRejected
from offline_queue.sync import Parcel
from offline_queue.tls import verify_for

COURIER_LANE = "courier"
API = "/api/courier/v1"


@dataclass(frozen=True)
class TrackEvent:
    at: float
    place: str
    status: str


@dataclass(frozen=True)
class Tracking:
    waybill_no: str
    status: str
    events: tuple[TrackEvent, ...]


class CourierRefused(PlatformRejected):
    """The courier refused the order (bad phone, outside the delivery area, id reused)."""

    def __init__(self, detail: str, code: str, status: int = 422) -> None:
        super().__init__(detail, status=status)
        self.code = code


class CourierClient:
    """Create, find, cancel and track waybills."""

    def __init__(self, url: str, token: str = "", timeout_s: float = 10.0) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(
            base_url=url.rstrip("/"), timeout=timeout_s, headers=headers, verify=verify_for(url)
        )

    def close(self) -> None:
        self._http.close()

    @staticmethod
    def _json(resp: httpx.Response, what: str) -> dict[str, Any]:
        try:
            data = resp.json()
        except ValueError:
            raise MalformedResponse(f"{what}: answer is not JSON") from None
        if not isinstance(data, dict):
            raise MalformedResponse(f"{what}: answer is not an object")
        return data

    def create(self, order: dict[str, Any]) -> Acceptance:
        """Create the waybill of ``order`` (which carries its ``client_order_id``)."""
        what = f"courier create {order.get('client_order_id', '?')}"
        resp = call(what, lambda: self._http.post(f"{API}/waybills", json=order))
        if resp.status_code == 422:
            body = self._json(resp, what)
            code = str(body.get("code", "INVALID"))
            raise CourierRefused(f"{what}: refused: {code}", code)
        data = self._json(check(resp, what), what)
        no = data.get("waybill_no")
        if not isinstance(no, str) or not no:
            raise MalformedResponse(f"{what}: no waybill number in the answer")
        return Acceptance(no, bool(data.get("duplicate", False)))

    def find(self, client_order_id: str) -> str | None:
        """The waybill already made for this order id, or None."""
        what = f"courier find {client_order_id}"
        try:
            resp = check(
                call(
                    what,
                    lambda: self._http.get(
                        f"{API}/waybills", params={"client_order_id": client_order_id}
                    ),
                ),
                what,
            )
        except PlatformNotFound:
            return None
        no = self._json(resp, what).get("waybill_no")
        return no if isinstance(no, str) and no else None

    def cancel(self, waybill_no: str) -> str:
        what = f"courier cancel {waybill_no}"
        resp = call(what, lambda: self._http.post(f"{API}/waybills/{waybill_no}/cancel"))
        if resp.status_code == 422:
            code = str(self._json(resp, what).get("code", "INVALID"))
            raise CourierRefused(f"{what}: refused: {code}", code)
        return str(self._json(check(resp, what), what).get("status", ""))

    def track(self, waybill_no: str) -> Tracking:
        what = f"courier track {waybill_no}"
        resp = check(call(what, lambda: self._http.get(f"{API}/waybills/{waybill_no}/track")), what)
        data = self._json(resp, what)
        events = tuple(
            TrackEvent(float(e.get("at", 0)), str(e.get("place", "")), str(e.get("status", "")))
            for e in data.get("events", [])
            if isinstance(e, dict)
        )
        return Tracking(waybill_no, str(data.get("status", "")), events)


class CourierDestination:
    """Delivers queued courier orders: the outbox row's id is the client order id."""

    name = COURIER_LANE

    def __init__(self, client: CourierClient) -> None:
        self.client = client

    def deliver(self, parcel: Parcel) -> Acceptance:
        try:
            envelope = json.loads(parcel.envelope)
            order = dict(envelope["form"]["order"])
        except (ValueError, KeyError, TypeError):
            raise MalformedResponse(f"courier order {parcel.id} is not an order") from None
        order["client_order_id"] = parcel.id
        if parcel.attempts > 1:
            # An earlier attempt may have landed: ask before creating again.
            found = self.client.find(parcel.id)
            if found is not None:
                return Acceptance(found, True)
        return self.client.create(order)

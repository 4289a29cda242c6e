"""The reference courier's HTTP API (FastAPI), with the department servers' faults.

``POST /api/courier/v1/waybills`` creates a waybill; ``client_order_id`` is the
idempotency key: the same id again returns the same waybill (``duplicate: true``),
the same id with a different order is refused (422 ``ORDER_ID_REUSED``).
``GET /api/courier/v1/waybills?client_order_id=…`` finds one (query before retry);
``POST …/{no}/cancel`` cancels one not yet collected; ``GET …/{no}/track`` lists
its events. ``/admin`` switches faults (down, 5xx, latency, dropped connection
after commit) and moves a parcel along (collected, delivered) for tests and demo.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from department_servers.courier.store import WaybillConflict, WaybillStore
from department_servers.faults import FaultInjector, Faults, faults_from_json

# Mainland mobile numbers: 11 digits, 1 then 3–9 (MIIT numbering plan).
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{5,8})$")


class Party(BaseModel):
    name: str = Field(min_length=1, max_length=40)
    phone: str = Field(min_length=5, max_length=20)
    division: str = Field(pattern=r"^\d{6}$")  # GB/T 2260 district code
    street: str = Field(default="", max_length=40)
    detail: str = Field(min_length=1, max_length=120)


class Item(BaseModel):
    name: str = Field(min_length=1, max_length=60)
    count: int = Field(default=1, ge=1, le=99)


class WaybillIn(BaseModel):
    client_order_id: str = Field(min_length=6, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    kind: Literal["delivery", "pickup"]
    sender: Party
    recipient: Party
    items: list[Item] = Field(min_length=1, max_length=20)
    reference: str = Field(default="", max_length=64)  # the case's acceptance number


def create_app(db_path: Path, delivery_area: tuple[str, ...] = ()) -> FastAPI:
    store = WaybillStore(db_path)
    faults = Faults()
    api = FastAPI(title="Reference courier (EMS-like)", version="1.0")
    api.state.store = store
    api.state.faults = faults

    def in_area(division: str) -> bool:
        return not delivery_area or any(division.startswith(p) for p in delivery_area)

    def refuse(code: str, message: str) -> JSONResponse:
        return JSONResponse({"code": code, "message": message}, status_code=422)

    @api.post("/api/courier/v1/waybills")
    def create(order: WaybillIn) -> Any:
        # Delivery: the resident receives; pick-up: the resident hands over.
        resident, office = (
            (order.recipient, order.sender)
            if order.kind == "delivery"
            else (order.sender, order.recipient)
        )
        if not _MOBILE.match(resident.phone):
            return refuse("BAD_PHONE", "the resident's mobile number is not valid")
        if not _PHONE.match(office.phone):
            return refuse("BAD_PHONE", "the office's phone number is not valid")
        if not in_area(resident.division):
            return refuse("OUT_OF_AREA", f"no service to {resident.division}")
        try:
            wb, dup = store.create(order.client_order_id, order.kind, order.model_dump())
        except WaybillConflict:
            return refuse("ORDER_ID_REUSED", "client_order_id already used for another order")
        body = {
            "waybill_no": wb.waybill_no,
            "client_order_id": wb.client_order_id,
            "status": wb.status,
            "duplicate": dup,
        }
        return JSONResponse(body, status_code=200 if dup else 201)

    @api.get("/api/courier/v1/waybills")
    def find(client_order_id: str) -> Any:
        wb = store.by_order(client_order_id)
        if wb is None:
            raise HTTPException(404, "no such order")
        return {
            "waybill_no": wb.waybill_no,
            "client_order_id": wb.client_order_id,
            "status": wb.status,
        }

    @api.post("/api/courier/v1/waybills/{waybill_no}/cancel")
    def cancel(waybill_no: str) -> Any:
        wb = store.get(waybill_no)
        if wb is None:
            raise HTTPException(404, "no such waybill")
        if wb.status == "cancelled":
            return {"waybill_no": waybill_no, "status": "cancelled"}
        if wb.status != "created":
            return JSONResponse(
                {"code": "ALREADY_COLLECTED", "message": f"waybill is {wb.status}"}, status_code=422
            )
        store.set_status(waybill_no, "cancelled", "客户取消")
        return {"waybill_no": waybill_no, "status": "cancelled"}

    @api.get("/api/courier/v1/waybills/{waybill_no}/track")
    def track(waybill_no: str) -> Any:
        wb = store.get(waybill_no)
        if wb is None:
            raise HTTPException(404, "no such waybill")
        return {"waybill_no": waybill_no, "status": wb.status, "events": store.events(waybill_no)}

    # --- admin (never faulted) ---------------------------------------------------------
    @api.put("/admin/faults")
    async def set_faults(request: Request) -> Any:
        faults_from_json(faults, await request.body())
        return faults.__dict__

    @api.get("/admin/waybills")
    def all_waybills() -> Any:
        return {"count": store.count(), "orders": store.orders()}

    @api.post("/admin/waybills/{waybill_no}/advance")
    def advance(waybill_no: str, status: str = "collected", place: str = "投递网点") -> Any:
        if store.get(waybill_no) is None:
            raise HTTPException(404, "no such waybill")
        store.set_status(waybill_no, status, place)
        return {"waybill_no": waybill_no, "status": status}

    wrapped = FaultInjector(api, faults)
    wrapped.state = api.state  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]

"""The desk's FastAPI app: staff login, the console page, and the two signalling sockets.

The desk relays SDP between a terminal and the staff member who answered it; media
flows peer to peer (or through TURN) and never through here. Staff can see, hear and
write messages; no frame from them controls the terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from video_desk.audit import CallAudit
from video_desk.auth import LoginRefused, StaffDirectory, TerminalDirectory
from video_desk.calls import Call, CallBoard, CallRefused, CallState
from video_desk.protocol import (
    Hello,
    Offer,
    Pick,
    StaffAnswer,
    StaffAuth,
    StaffHangup,
    StaffMessage,
    TerminalHangup,
    parse,
    staff_frame,
    terminal_frame,
)

log = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("static")


@dataclass
class DeskConfig:
    """What the desk needs: staff password hashes, terminal credential hashes, ICE servers."""

    staff_password_hashes: dict[str, str]
    terminal_credential_hashes: dict[str, str]
    audit_path: Path
    ice_servers: list[dict[str, Any]] = field(default_factory=list)
    hello_timeout_s: float = 10.0


class _Login(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


@dataclass
class Desk:
    """The desk's live state: who is logged in, the board of calls, the audit."""

    config: DeskConfig
    staff: StaffDirectory
    terminals: TerminalDirectory
    audit: CallAudit
    board: CallBoard = field(default_factory=CallBoard)
    consoles: dict[int, tuple[str, WebSocket]] = field(default_factory=dict)

    async def to_staff(self, staff_id: str | None, msg: dict[str, object]) -> None:
        for sid, ws in list(self.consoles.values()):
            if staff_id is None or sid == staff_id:
                with contextlib.suppress(Exception):
                    await ws.send_json(msg)

    async def publish_queue(self) -> None:
        """Every console's queue view, and every waiting terminal's place and wait."""
        now = time.monotonic()
        calls = [c.summary(now) for c in self.board.calls.values()]
        await self.to_staff(None, {"type": "queue", "calls": calls})
        online = len({sid for sid, _ in self.consoles.values()})
        for pos, call in enumerate(self.board.queued(), start=1):
            wait = self.board.expected_wait_s(pos, online)
            with contextlib.suppress(Exception):
                await call.send_terminal(
                    {"type": "queued", "position": pos, "expected_wait_s": round(wait),
                     "staff_online": online}
                )  # fmt: skip

    async def end_call(self, call_id: str, outcome: str, *, tell_terminal: bool) -> None:
        call = self.board.end(call_id)
        if call is None:
            return
        if call.staff_id is not None:
            self.audit.ended(call_id, outcome)
            await self.to_staff(
                call.staff_id, {"type": "ended", "call_id": call_id, "reason": outcome}
            )
        if tell_terminal:
            with contextlib.suppress(Exception):
                await call.send_terminal({"type": "hangup", "reason": outcome})
        await self.publish_queue()


def create_app(config: DeskConfig) -> FastAPI:
    """The desk as an ASGI app."""
    desk = Desk(
        config,
        StaffDirectory(dict(config.staff_password_hashes)),
        TerminalDirectory(dict(config.terminal_credential_hashes)),
        CallAudit(config.audit_path),
    )
    app = FastAPI(title="视频帮办 staff desk", docs_url=None, redoc_url=None)
    app.state.desk = desk
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/")
    async def console() -> FileResponse:
        return FileResponse(STATIC / "console.html", headers={"Cache-Control": "no-store"})

    @app.get("/healthz")
    async def healthz() -> dict[str, object]:
        return {"ok": True, "calls": len(desk.board.calls)}

    @app.post("/api/login")
    async def login(body: _Login) -> JSONResponse:
        try:
            token = await asyncio.to_thread(desk.staff.login, body.username, body.password)
        except LoginRefused as exc:
            log.info("staff login refused: %s", exc.reason)
            return JSONResponse(
                {"error": exc.reason, "retry_after_s": round(exc.retry_after_s)}, 401
            )
        return JSONResponse({"token": token, "staff_id": body.username,
                             "ice_servers": config.ice_servers})  # fmt: skip

    @app.websocket("/ws/terminal")
    async def terminal_socket(ws: WebSocket) -> None:
        await ws.accept()
        call: Call | None = None
        try:
            try:
                raw = await asyncio.wait_for(ws.receive_text(), config.hello_timeout_s)
                hello = parse(terminal_frame, raw)
            except (ValueError, TimeoutError) as exc:
                await _refuse(ws, "malformed", str(exc) or "no hello")
                return
            if not isinstance(hello, Hello):
                await _refuse(ws, "malformed", "the first frame must be hello")
                return
            if not desk.terminals.verify(hello.terminal_id, hello.credential):
                log.warning("terminal %s: bad credential", hello.terminal_id)
                await _refuse(ws, "unauthorised", "terminal credential refused")
                return
            call = Call(hello.call_id, hello.terminal_id, hello.location, hello.service,
                        ws.send_json)  # fmt: skip
            try:
                desk.board.open(call)
            except CallRefused as exc:
                log.warning("terminal %s: call refused (%s)", hello.terminal_id, exc.code)
                call = None
                await _refuse(ws, exc.code, "this call id belongs to another call")
                return
            await desk.publish_queue()
            while True:
                raw = await ws.receive_text()
                try:
                    msg = parse(terminal_frame, raw)
                except ValueError as exc:
                    await ws.send_json({"type": "error", "code": "malformed", "detail": str(exc)})
                    continue
                if isinstance(msg, Offer) and call.state is CallState.ANSWERING:
                    await desk.to_staff(call.staff_id, {"type": "offer", "call_id": call.call_id,
                                                       "sdp": msg.sdp, "tracks": msg.tracks})  # fmt: skip
                elif isinstance(msg, TerminalHangup):
                    await desk.end_call(call.call_id, "terminal_hung_up", tell_terminal=False)
                    call = None
                    return
                else:
                    await ws.send_json({"type": "error", "code": "unexpected", "detail": msg.type})
        except WebSocketDisconnect:
            pass
        finally:
            if call is not None:
                await desk.end_call(call.call_id, "terminal_left", tell_terminal=False)

    @app.websocket("/ws/staff")
    async def staff_socket(ws: WebSocket) -> None:
        await ws.accept()
        key = id(ws)
        staff_id: str | None = None
        try:
            try:
                msg = parse(staff_frame, await asyncio.wait_for(ws.receive_text(), 30))
            except (ValueError, TimeoutError) as exc:
                await _refuse(ws, "malformed", str(exc) or "no auth")
                return
            staff_id = desk.staff.staff_for(msg.token) if isinstance(msg, StaffAuth) else None
            if staff_id is None:
                await _refuse(ws, "unauthorised", "log in first")
                return
            desk.consoles[key] = (staff_id, ws)
            await ws.send_json({"type": "welcome", "staff_id": staff_id})
            await desk.publish_queue()
            while True:
                raw = await ws.receive_text()
                try:
                    msg = parse(staff_frame, raw)
                except ValueError as exc:
                    await ws.send_json({"type": "error", "code": "malformed", "detail": str(exc)})
                    continue
                await _staff_frame(desk, staff_id, ws, msg)
        except WebSocketDisconnect:
            pass
        finally:
            desk.consoles.pop(key, None)
            if staff_id is not None and not any(s == staff_id for s, _ in desk.consoles.values()):
                # The staff member closed the tab: their calls end, the terminals are told.
                for call in list(desk.board.calls.values()):
                    if call.staff_id == staff_id:
                        await desk.end_call(call.call_id, "staff_left", tell_terminal=True)
            await desk.publish_queue()

    return app


async def _staff_frame(desk: Desk, staff_id: str, ws: WebSocket, msg: object) -> None:
    call = desk.board.calls.get(getattr(msg, "call_id", ""))
    if call is None:
        await ws.send_json({"type": "error", "code": "no_such_call"})
        return
    if isinstance(msg, Pick):
        if call.state is not CallState.QUEUED:
            await ws.send_json(
                {"type": "error", "code": "already_answered", "call_id": call.call_id}
            )
            return
        call.state = CallState.ANSWERING
        call.staff_id = staff_id
        call.answered_at = time.monotonic()
        desk.audit.started(call.call_id, call.terminal_id, staff_id)
        await call.send_terminal({"type": "answered", "staff_id": staff_id})
        await desk.publish_queue()
        return
    if call.staff_id != staff_id:
        await ws.send_json({"type": "error", "code": "not_your_call", "call_id": call.call_id})
        return
    if isinstance(msg, StaffAnswer):
        call.state = CallState.CONNECTED
        await call.send_terminal({"type": "answer", "sdp": msg.sdp})
    elif isinstance(msg, StaffMessage):
        await call.send_terminal({"type": "message", "text": msg.text})
    elif isinstance(msg, StaffHangup):
        await desk.end_call(call.call_id, "staff_hung_up", tell_terminal=True)
    else:
        await ws.send_json({"type": "error", "code": "unexpected"})


async def _refuse(ws: WebSocket, code: str, detail: str) -> None:
    with contextlib.suppress(Exception):
        await ws.send_text(json.dumps({"type": "error", "code": code, "detail": detail}))
        await ws.close(code=4000 if code == "malformed" else 4003)

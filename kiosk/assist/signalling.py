"""The terminal's end of the desk's signalling socket (``websockets``).

Frames are JSON objects with a ``type`` (docs/video.md). These models are the
terminal's own reading of the protocol; a frame that does not fit them ends the call
with :class:`SignallingProtocolError` instead of being half-understood.
"""

from __future__ import annotations

import contextlib
import json
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from kiosk.errors import KioskError


class SignallingError(KioskError):
    """The desk could not be reached, or went away."""

    resident_message = "视频帮办服务暂时无法连接，请稍后再试或联系现场工作人员。"


class SignallingProtocolError(SignallingError):
    """The desk sent a frame this terminal does not understand."""


class CallRefusedByDesk(SignallingError):
    """The desk refused this terminal or its call id (``code`` says which)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"desk refused the call: {code} ({detail})")
        self.code = code


class _Frame(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Queued(_Frame):
    type: Literal["queued"]
    position: int = Field(ge=1, le=10_000)
    expected_wait_s: float = Field(ge=0, le=86_400)


class Answered(_Frame):
    type: Literal["answered"]
    staff_id: str = Field(default="", max_length=64)


class Answer(_Frame):
    type: Literal["answer"]
    sdp: str = Field(min_length=1, max_length=64_000)


class Message(_Frame):
    type: Literal["message"]
    text: str = Field(min_length=1, max_length=500)


class Hangup(_Frame):
    type: Literal["hangup"]
    reason: str = Field(default="", max_length=40)


class DeskError(_Frame):
    type: Literal["error"]
    code: str = Field(max_length=40)
    detail: str = Field(default="", max_length=500)


DeskFrame = Queued | Answered | Answer | Message | Hangup | DeskError
_adapter: TypeAdapter[DeskFrame] = TypeAdapter(Annotated[DeskFrame, Field(discriminator="type")])
FATAL_CODES = frozenset({"unauthorised", "call_id_taken", "call_id_in_use"})


def parse_frame(raw: str | bytes) -> DeskFrame:
    """Read one desk frame or raise :class:`SignallingProtocolError` (the reason, not the frame)."""
    if isinstance(raw, bytes):
        raise SignallingProtocolError("binary frame from the desk")
    try:
        return _adapter.validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "frame"
        raise SignallingProtocolError(f"malformed desk frame at {where}: {first['type']}") from None


class DeskLink:
    """One open signalling socket for one call."""

    def __init__(self, ws: ClientConnection) -> None:
        self._ws = ws

    @classmethod
    async def open(cls, url: str, open_timeout_s: float = 8.0) -> DeskLink:
        """Connect to ``<url>/ws/terminal``; :class:`SignallingError` when the desk is down."""
        try:
            ws = await connect(
                url.rstrip("/") + "/ws/terminal",
                open_timeout=open_timeout_s,
                ping_interval=5,
                ping_timeout=10,
                close_timeout=2,
                max_size=256 * 1024,
            )
        except (OSError, TimeoutError, InvalidHandshake, InvalidURI) as exc:
            raise SignallingError(
                f"cannot reach the desk at {url}: {type(exc).__name__}: {exc}"
            ) from None
        return cls(ws)

    async def send(self, frame: dict[str, object]) -> None:
        """Send one frame; :class:`SignallingError` when the socket is gone."""
        try:
            await self._ws.send(json.dumps(frame, ensure_ascii=False))
        except ConnectionClosed as exc:
            raise SignallingError(f"desk connection closed while sending: {exc}") from None

    async def receive(self) -> DeskFrame:
        """The next frame; fatal desk errors raise :class:`CallRefusedByDesk`."""
        try:
            raw = await self._ws.recv()
        except ConnectionClosed as exc:
            raise SignallingError(f"desk connection closed: {exc}") from None
        frame = parse_frame(raw)
        if isinstance(frame, DeskError) and frame.code in FATAL_CODES:
            raise CallRefusedByDesk(frame.code, frame.detail)
        return frame

    async def close(self) -> None:
        """Close the socket (never raises)."""
        with contextlib.suppress(Exception):
            await self._ws.close()

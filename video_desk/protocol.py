"""The signalling messages, as JSON text frames over two WebSockets.

Terminal ↔ desk (``/ws/terminal``) and staff console ↔ desk (``/ws/staff``). Every
frame is one JSON object with a ``type``; anything else is answered with an
``error`` frame and otherwise ignored, so a malformed frame never breaks a call.
The terminal's side (``kiosk/assist/signalling.py``) keeps its own models of the
same frames, written from this description (docs/video.md), not imported.
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

MAX_SDP = 64_000
MAX_TEXT = 500
ID_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"
T = TypeVar("T")


class _Msg(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- terminal → desk ---------------------------------------------------------------


class Hello(_Msg):
    type: Literal["hello"]
    terminal_id: str = Field(pattern=ID_PATTERN)
    credential: str = Field(min_length=8, max_length=200)
    call_id: str = Field(pattern=ID_PATTERN)
    location: str = Field(default="", max_length=100)
    service: str = Field(default="", max_length=100)


class Offer(_Msg):
    type: Literal["offer"]
    sdp: str = Field(min_length=1, max_length=MAX_SDP)
    # m-line id → "camera" | "screen" | "audio", so the console puts each track in its place.
    tracks: dict[str, Literal["camera", "screen", "audio"]] = Field(default_factory=dict)


class TerminalHangup(_Msg):
    type: Literal["hangup"]
    reason: str = Field(default="resident", max_length=40)


TerminalFrame = Annotated[Hello | Offer | TerminalHangup, Field(discriminator="type")]
terminal_frame: TypeAdapter[Hello | Offer | TerminalHangup] = TypeAdapter(TerminalFrame)


# --- staff → desk ------------------------------------------------------------------


class StaffAuth(_Msg):
    type: Literal["auth"]
    token: str = Field(min_length=8, max_length=200)


class Pick(_Msg):
    type: Literal["pick"]
    call_id: str = Field(pattern=ID_PATTERN)


class StaffAnswer(_Msg):
    type: Literal["answer"]
    call_id: str = Field(pattern=ID_PATTERN)
    sdp: str = Field(min_length=1, max_length=MAX_SDP)


class StaffMessage(_Msg):
    type: Literal["message"]
    call_id: str = Field(pattern=ID_PATTERN)
    text: str = Field(min_length=1, max_length=MAX_TEXT)


class StaffHangup(_Msg):
    type: Literal["hangup"]
    call_id: str = Field(pattern=ID_PATTERN)


StaffFrame = Annotated[
    StaffAuth | Pick | StaffAnswer | StaffMessage | StaffHangup, Field(discriminator="type")
]
staff_frame: TypeAdapter[StaffAuth | Pick | StaffAnswer | StaffMessage | StaffHangup] = TypeAdapter(
    StaffFrame
)


def parse(adapter: TypeAdapter[T], raw: str | bytes) -> T:
    """Parse one frame; raises :class:`ValueError` with a short reason (no frame content)."""
    if isinstance(raw, bytes):
        raise ValueError("binary frames are not part of the protocol")
    try:
        return adapter.validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "frame"
        raise ValueError(f"{where}: {first.get('type', 'invalid')}") from None

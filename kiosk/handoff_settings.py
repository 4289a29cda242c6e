"""Settings of the document locker and of results by post (issue 21).

Plumbing, beside ``kiosk.config`` (which takes ``[devices.locker]`` and ``[handoff]``
from here): it imports nothing of ours, so the configuration schema can include it
without reaching up into ``kiosk.handoff``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Model(BaseModel):
    # Unknown keys are refused, as everywhere in the configuration.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


CompartmentSizeName = Literal["small", "medium", "large"]


class LockerCompartmentConfig(_Model):
    """One compartment: the board it is wired to, its coil and inputs (0-based), its size."""

    id: str = Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9_-]+$")
    board: int = Field(ge=1, le=247)
    coil: int = Field(ge=0, le=1999)
    door_input: int | None = Field(default=None, ge=0, le=1999)  # None = same as the coil
    item_input: int | None = Field(default=None, ge=0, le=1999)
    size: CompartmentSizeName = "medium"


def _demo_compartments() -> tuple[LockerCompartmentConfig, ...]:
    """Two boards of eight: board 1 small and medium with item sensors, board 2 large."""
    out = []
    for n in range(8):
        out.append(
            LockerCompartmentConfig(
                id=f"A{n + 1:02d}",
                board=1,
                coil=n,
                item_input=16 + n,
                size="small" if n < 4 else "medium",
            )
        )
    for n in range(8):
        out.append(LockerCompartmentConfig(id=f"B{n + 1:02d}", board=2, coil=n, size="large"))
    return tuple(out)


class LockerConfig(_Model):
    """``[devices.locker]``: the lock boards on one RS-485 bus."""

    enabled: bool = False
    driver: str = "sim"
    port: str = "/dev/ttyUSB3"
    baud: int = Field(default=9600, ge=1200, le=115200)
    parity: Literal["N", "E", "O"] = "N"
    timeout_s: float = Field(default=0.5, gt=0, le=10)
    retries: int = Field(default=1, ge=0, le=5)
    #: How long a pulsed door may take to read open.
    open_confirm_s: float = Field(default=3.0, gt=0, le=30)
    poll_interval_s: float = Field(default=0.05, gt=0, le=2)
    self_test_compartment: str = ""
    compartments: tuple[LockerCompartmentConfig, ...] = Field(default_factory=_demo_compartments)
    #: The simulator holds each frame for its time on the wire.
    sim_pace: bool = False
    #: Driver ``sim`` only: the simulated boards already run in a process of their own
    #: (``kiosk locker simulate --configured --link PATH``) and outlive this terminal,
    #: as a real locker outlives a power cut of the terminal; empty = start them here.
    sim_port: str = ""

    @model_validator(mode="after")
    def _unique(self) -> LockerConfig:
        ids = [c.id for c in self.compartments]
        if len(set(ids)) != len(ids):
            raise ValueError("compartment ids must be unique")
        wired = [(c.board, c.coil) for c in self.compartments]
        if len(set(wired)) != len(wired):
            raise ValueError("two compartments share one (board, coil)")
        return self


class CourierConfig(_Model):
    """The courier's API (EMS-like) and what the terminal sends as the sender."""

    url: str = Field(default="http://127.0.0.1:8791", pattern=r"^https?://")
    token: str = ""
    timeout_s: float = Field(default=10, gt=0, le=120)
    sender_name: str = "政务服务中心"
    sender_phone: str = "0591-12345"
    sender_division: str = Field(default="350102", pattern=r"^\d{6}$")
    sender_detail: str = "自助服务大厅"
    #: GB/T 2260 codes (2, 4 or 6 digits) the courier delivers to; empty = everywhere.
    delivery_area: tuple[str, ...] = ("35", "44")


class HandoffConfig(_Model):
    """``[handoff]``: locker flows and results by post."""

    journal: Path = Path("handoff/locker.sqlite")
    #: Wrong pick-up codes before the code is locked out (as for the technician PIN).
    pickup_max_attempts: int = Field(default=5, ge=1, le=20)
    pickup_lockout_s: float = Field(default=900, ge=1)
    #: How long a door may stand open before the alarm (technician screen, log).
    door_alarm_s: float = Field(default=60, gt=0, le=3600)
    #: How long a deposit waits for the resident to close the door.
    close_wait_s: float = Field(default=180, gt=0, le=3600)
    courier: CourierConfig = Field(default_factory=CourierConfig)

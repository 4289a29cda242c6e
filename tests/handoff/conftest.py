"""Fixtures of the hand-off tests: simulated boards, the real driver, a real outbox,
the locker service; and a "resident" who closes doors the terminal opened."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.locker import LockerSettings, ModbusLocker
from drivers.locker_sim import LockerBusSimulator
from kiosk.handoff.locker_flows import Flow, FlowState, LockerService
from kiosk.handoff.locker_journal import LockerJournal
from kiosk.handoff.pickup_codes import PickupCodes
from kiosk.handoff.reporting import OutboxReporter
from offline_queue.outbox import Outbox
from tests.locker.boards import compartment_specs, running_sim

KIOSK = "FZ-TEST-0001"
ID_NUMBER = "110101199001010015"  # fictional (the demo deck's)
OTHER_ID = "350102198001010011"


@pytest.fixture
def sim() -> Iterator[LockerBusSimulator]:
    with running_sim() as s:
        yield s


def make_locker(port: str) -> ModbusLocker:
    d = ModbusLocker(
        LockerSettings(
            port=port,
            timeout_s=0.3,
            retries=1,
            compartments=compartment_specs(),
            # As the driver tests': a jammed lock is only known once this has passed.
            open_confirm_s=1.0,
        )
    )
    d.open()
    return d


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    ob = Outbox(tmp_path / "data" / "outbox", tmp_path / "data" / "keys" / "outbox.key")
    yield ob
    ob.close()


@pytest.fixture
def make_service(
    sim: LockerBusSimulator, outbox: Outbox, tmp_path: Path
) -> Iterator[Callable[..., LockerService]]:
    made: list[tuple[ModbusLocker, LockerJournal]] = []

    def make(**kw: object) -> LockerService:
        locker = make_locker(sim.port)
        journal = LockerJournal(tmp_path / "data" / "handoff" / "locker.sqlite")
        made.append((locker, journal))
        codes = PickupCodes(journal, max_attempts=5, lockout_s=60)
        opts: dict[str, object] = {"door_alarm_s": 0.5, "close_wait_s": 20.0, "poll_s": 0.1}
        opts.update(kw)
        return LockerService(
            locker,
            journal,
            OutboxReporter(outbox, KIOSK),
            codes,
            kiosk_id=KIOSK,
            **opts,  # type: ignore[arg-type]
        )

    yield make
    for locker, journal in made:
        locker.close()
        journal.close()


class Resident:
    """Closes a door once the terminal has seen it open (its flow waits for the close).

    Driven by the service's own state changes, not by time: the door is pushed shut
    when the flow for that compartment reaches WAITING_CLOSE, as a resident does after
    the screen says "please close the door".
    """

    def __init__(self, sim: LockerBusSimulator) -> None:
        self.sim = sim
        self._plans: dict[str, list[tuple[int, int, bool, bool]]] = {}
        self._hooked: set[int] = set()
        self._lock = threading.Lock()

    def attach(self, svc: LockerService) -> None:
        if id(svc) in self._hooked:
            return
        self._hooked.add(id(svc))
        svc.on_change(self._on_change)

    def _on_change(self, flow: Flow) -> None:
        if flow.state is not FlowState.WAITING_CLOSE:
            return
        with self._lock:
            plans = self._plans.get(flow.compartment)
            plan = plans.pop(0) if plans else None
        if plan is None:
            return
        unit, lock, put, take = plan
        if put:
            self.sim.model.put_item(unit, lock)
        if take:
            self.sim.model.take_item(unit, lock)
        self.sim.model.close_door(unit, lock)

    def close_after_open(
        self, svc: LockerService, compartment: str, *, put: bool = False, take: bool = False
    ) -> None:
        self.attach(svc)
        unit = 1 if compartment.startswith("A") else 2
        lock = int(compartment[1:])
        with self._lock:
            self._plans.setdefault(compartment, []).append((unit, lock, put, take))


@pytest.fixture
def resident(sim: LockerBusSimulator) -> Resident:
    return Resident(sim)

"""The terminal process killed mid-deposit: ``python -m tests.handoff.deposit_child PORT DATA CASE``.

Opens the real driver on the simulated boards' port (they live in the test process
and outlast this one), the journal and the outbox under DATA, recovers, and runs
one deposit of CASE (small). Prints each flow state on stdout as it happens.
"""

from __future__ import annotations

import sys
from pathlib import Path

from drivers.locker import LockerSettings, ModbusLocker
from kiosk.handoff.locker_flows import LockerService
from kiosk.handoff.locker_journal import LockerJournal
from kiosk.handoff.pickup_codes import PickupCodes
from kiosk.handoff.reporting import OutboxReporter
from offline_queue.outbox import Outbox
from tests.locker.boards import compartment_specs

KIOSK = "FZ-TEST-0001"


def make_service(port: str, data: Path, close_wait_s: float = 120.0) -> LockerService:
    locker = ModbusLocker(
        LockerSettings(
            port=port, timeout_s=0.3, retries=1, compartments=compartment_specs(), open_confirm_s=2
        )
    )
    locker.open()
    journal = LockerJournal(data / "handoff" / "locker.sqlite")
    outbox = Outbox(data / "outbox", data / "keys" / "outbox.key")
    return LockerService(
        locker,
        journal,
        OutboxReporter(outbox, KIOSK),
        PickupCodes(journal),
        kiosk_id=KIOSK,
        door_alarm_s=60,
        close_wait_s=close_wait_s,
        poll_s=0.05,
    )


def main() -> None:
    port, data, case = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    svc = make_service(port, data)
    svc.recover()
    svc.on_change(lambda f: print(f.state.value, f.compartment, flush=True))
    svc.deposit(case, size="small")
    print("finished", flush=True)


if __name__ == "__main__":
    main()

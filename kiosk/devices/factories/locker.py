"""Factories of the document locker (kind ``locker``): drivers ``modbus`` and ``sim``.

* ``modbus`` — the pymodbus RTU client on the configured RS-485 port.
* ``sim`` — simulated boards (pymodbus's server on a pty, driven by a compartment
  model) plus the *real* driver talking to them; the simulator is left in
  ``ctx.extras["locker_sim"]`` for the demo panel and tests (``sim.model.close_door``,
  ``sim.set_mute``, ``sim.corrupt_next``, ``sim.unplug``). With ``sim_port`` set the
  boards run in a process of their own (``kiosk locker simulate``) and only the
  driver is built here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drivers.locker import CompartmentSize, CompartmentSpec, LockerSettings, ModbusLocker
from kiosk.devices.manager import DeviceContext
from kiosk.handoff_settings import LockerConfig

if TYPE_CHECKING:
    from drivers.locker_sim import LockerModel

#: Where the simulated boards put their item sensors (input ``16 + n`` for lock ``n+1``).
SIM_ITEM_BASE = 16


def locker_settings(cfg: LockerConfig, port: str | None = None) -> LockerSettings:
    """The driver's settings from ``[devices.locker]``."""
    specs = tuple(
        CompartmentSpec(
            id=c.id,
            board=c.board,
            coil=c.coil,
            door_input=c.coil if c.door_input is None else c.door_input,
            size=CompartmentSize(c.size),
            item_input=c.item_input,
        )
        for c in cfg.compartments
    )
    return LockerSettings(
        port=port or cfg.port,
        baud=cfg.baud,
        parity=cfg.parity,
        timeout_s=cfg.timeout_s,
        retries=cfg.retries,
        compartments=specs,
        open_confirm_s=cfg.open_confirm_s,
        poll_interval_s=cfg.poll_interval_s,
        self_test_compartment=cfg.self_test_compartment,
    )


def sim_model(cfg: LockerConfig) -> LockerModel:
    """Boards for every unit the configuration names, with item sensors where mapped."""
    # Imported here: pymodbus's server package costs over a second to import, and a
    # terminal on real boards (or on boards in another process) never needs it.
    from drivers.locker_sim import BoardModel, LockerModel

    boards = []
    for unit in sorted({c.board for c in cfg.compartments}):
        mine = [c for c in cfg.compartments if c.board == unit]
        locks = max(max(c.coil, c.door_input or 0) for c in mine) + 1
        board = BoardModel(unit, locks=max(locks, 1), item_base=max(SIM_ITEM_BASE, locks))
        sensed = {c.coil for c in mine if c.item_input is not None}
        for n, comp in enumerate(board.compartments):
            comp.item_sensor = n in sensed
        boards.append(board)
    return LockerModel(boards)


def modbus(ctx: DeviceContext) -> ModbusLocker:
    return ModbusLocker(locker_settings(ctx.settings), name=ctx.name)


def sim(ctx: DeviceContext) -> ModbusLocker:
    cfg: LockerConfig = ctx.settings
    if cfg.sim_port:
        # The boards run in another process (they survive this one): only the driver here.
        return ModbusLocker(locker_settings(cfg, port=cfg.sim_port), name=ctx.name)
    simulator = ctx.extras.get("locker_sim")
    if simulator is None:
        from drivers.locker_sim import LockerBusSimulator

        simulator = LockerBusSimulator(sim_model(cfg), baudrate=cfg.baud, pace=cfg.sim_pace)
        simulator.start()
        ctx.extras["locker_sim"] = simulator
    return ModbusLocker(locker_settings(cfg, port=simulator.port), name=ctx.name)

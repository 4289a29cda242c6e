"""Factories of the document locker (kind ``locker``): drivers ``modbus`` and ``sim``.

* ``modbus`` — the pymodbus RTU client on the configured RS-485 port.
* ``sim`` — simulated boards (pymodbus's server on a pty, driven by a compartment
  model) plus the *real* driver talking to them; the simulator is left in
  ``ctx.extras["locker_sim"]`` for the demo panel and tests (``sim.model.close_door``,
  ``sim.set_mute``, ``sim.corrupt_next``, ``sim.unplug``).
"""

from __future__ import annotations

from drivers.locker import CompartmentSize, CompartmentSpec, LockerSettings, ModbusLocker
from drivers.locker_sim import BoardModel, LockerBusSimulator, LockerModel
from kiosk.devices.manager import DeviceContext
from kiosk.handoff_settings import LockerConfig

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
    simulator = ctx.extras.get("locker_sim")
    if simulator is None:
        cfg: LockerConfig = ctx.settings
        simulator = LockerBusSimulator(sim_model(cfg), baudrate=cfg.baud, pace=cfg.sim_pace)
        simulator.start()
        ctx.extras["locker_sim"] = simulator
    return ModbusLocker(locker_settings(ctx.settings, port=simulator.port), name=ctx.name)

"""Simulated lock-control boards for the document locker (issue 21).

* :mod:`drivers.locker_sim.model` — the compartments behind the boards: doors that
  a "resident" opens and closes, items put in and taken out, and the faults a
  real locker shows (jammed lock, stuck door sensor, door left open).
* :mod:`drivers.locker_sim.bus` — pymodbus's own Modbus RTU server on one end of a
  pseudo-terminal pair, serving the model, behind a byte relay that can fall
  silent (no answer, bus unplugged) or corrupt the CRC of answers.

The simulator is written from the wire spec (Modbus RTU: function 05 write single
coil, function 02 read discrete inputs) and never imports ``drivers.locker``.
"""

from drivers.locker_sim.bus import LockerBusSimulator
from drivers.locker_sim.model import BoardModel, CompartmentModel, LockerModel

__all__ = ["BoardModel", "CompartmentModel", "LockerBusSimulator", "LockerModel"]

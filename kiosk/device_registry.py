"""Which factory builds each (device kind, driver name).

Factories live with the core (``kiosk/``), not the drivers: they may wire a
simulator to the real driver (the demo's ID card reader is the real serial
driver talking to the SAM emulator over a pty). A new driver adds one line.
"""


# register_driver("idcard", "serial", "kiosk.device_factories:idcard_serial")

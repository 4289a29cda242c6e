"""Which factory builds each (device kind, driver name).

Factories live with the core (``kiosk/devices/factories``), not the drivers: they may
wire a simulator to the real driver (the demo's ID card reader is the real serial
driver talking to the SAM emulator over a pty). A new driver adds one line. This
module is data only: the manager reads it, it imports nothing of the manager.
"""

BUILTIN_DRIVERS: dict[tuple[str, str], str] = {
    ("idcard", "serial"): "kiosk.devices.factories.idcard:serial",
    ("idcard", "sim"): "kiosk.devices.factories.idcard:sim",
    ("smartcard", "pcsc"): "kiosk.devices.factories.smartcard:pcsc",
    ("smartcard", "sim"): "kiosk.devices.factories.smartcard:sim",
    ("document_camera", "opencv"): "kiosk.devices.factories.document_camera:opencv",
    ("document_camera", "sim"): "kiosk.devices.factories.document_camera:sim",
    ("signature_pad", "serial"): "kiosk.devices.factories.signature_pad:serial",
    ("signature_pad", "sim"): "kiosk.devices.factories.signature_pad:sim",
    ("signature_pad", "screen"): "kiosk.devices.factories.signature_pad:screen",
    ("qr_scanner", "serial"): "kiosk.devices.factories.qr_scanner:serial",
    ("qr_scanner", "sim"): "kiosk.devices.factories.qr_scanner:sim",
    ("qr_scanner", "keyboard"): "kiosk.devices.factories.qr_scanner:keyboard",
    ("face_camera", "opencv"): "kiosk.devices.factories.face_camera:opencv",
    ("face_camera", "sim"): "kiosk.devices.factories.face_camera:sim",
    ("receipt_printer", "escpos"): "kiosk.devices.factories.receipt_printer:escpos",
    ("receipt_printer", "sim"): "kiosk.devices.factories.receipt_printer:sim",
    ("document_printer", "cups"): "kiosk.devices.factories.document_printer:cups",
    ("document_printer", "sim"): "kiosk.devices.factories.document_printer:sim",
    ("locker", "modbus"): "kiosk.devices.factories.locker:modbus",
    ("locker", "sim"): "kiosk.devices.factories.locker:sim",
}

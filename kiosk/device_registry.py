"""Which factory builds each (device kind, driver name).

Factories live with the core (``kiosk/``), not the drivers: they may wire a
simulator to the real driver (the demo's ID card reader is the real serial
driver talking to the SAM emulator over a pty). A new driver adds one line.
"""

from kiosk.devices import register_driver

register_driver("idcard", "serial", "kiosk.factories.idcard:serial")
register_driver("idcard", "sim", "kiosk.factories.idcard:sim")
register_driver("smartcard", "pcsc", "kiosk.factories.smartcard:pcsc")
register_driver("smartcard", "sim", "kiosk.factories.smartcard:sim")
register_driver("document_camera", "opencv", "kiosk.factories.document_camera:opencv")
register_driver("document_camera", "sim", "kiosk.factories.document_camera:sim")
register_driver("signature_pad", "serial", "kiosk.factories.signature_pad:serial")
register_driver("signature_pad", "sim", "kiosk.factories.signature_pad:sim")
register_driver("signature_pad", "screen", "kiosk.factories.signature_pad:screen")
register_driver("qr_scanner", "serial", "kiosk.factories.qr_scanner:serial")
register_driver("qr_scanner", "sim", "kiosk.factories.qr_scanner:sim")
register_driver("qr_scanner", "keyboard", "kiosk.factories.qr_scanner:keyboard")
register_driver("face_camera", "opencv", "kiosk.factories.face_camera:opencv")
register_driver("face_camera", "sim", "kiosk.factories.face_camera:sim")
register_driver("receipt_printer", "escpos", "kiosk.factories.receipt_printer:escpos")
register_driver("receipt_printer", "sim", "kiosk.factories.receipt_printer:sim")
register_driver("document_printer", "cups", "kiosk.factories.document_printer:cups")
register_driver("document_printer", "sim", "kiosk.factories.document_printer:sim")

"""The composition root: the terminal's core, its wiring to the outbox and platform, the demo, the watchdog.

May import every kiosk subpackage, drivers, offline_queue and printer_templates; never kiosk.ui or Qt.
"""

"""Device factories: build a configured device (real driver, or simulator wired to it).

One module per device kind; each registered in :mod:`kiosk.devices.registry`.
"""

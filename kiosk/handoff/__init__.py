"""Materials and results hand-off (issue 21): document-locker flows (deposit,
staff collect, staff load, resident pick-up), courier orders and the address
picker's administrative divisions.

Sits below ``kiosk.services``; it reaches the locker through the device layer and
reports through the outbox; it never imports Qt.
"""

"""Fee payment (issue 20): fees and exemptions, payment-code formats, the gateway
client, the durable payment journal and its state machine, reconciliation.

Sits below ``kiosk.services`` (which asks it to collect a fee before submitting)
and above devices, identity and the session; it never imports Qt.
"""

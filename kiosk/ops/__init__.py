"""Operations: technician PIN, diagnostics, self-tests, heartbeat, audit log.

May import services, devices, identity, session and the plumbing; not app or ui.
"""

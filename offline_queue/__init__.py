"""Offline queue: durable encrypted outbox, sync worker, platform client and reference server. Imports nothing of ours."""

import logging

# A library logs, the application decides where it goes (no "last resort" stderr output).
logging.getLogger(__name__).addHandler(logging.NullHandler())

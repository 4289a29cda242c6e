"""Offline queue: durable encrypted outbox, sync worker, platform client and reference server. Imports nothing of ours."""

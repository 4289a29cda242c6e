"""The device manager (supervision, health, events), the driver registry and the factories that build each device.

May import drivers and the plumbing modules.
"""

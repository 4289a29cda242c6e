"""The terminal's door to the central platform and department back ends: settings and connectors.

May import offline_queue and the plumbing modules (config, errors, privacy, clock); nothing above.
"""

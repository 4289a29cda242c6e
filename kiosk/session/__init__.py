"""The resident session: the pure-Python state machine and the steps it drives the screens through.

May import only the plumbing modules (config, clock, privacy, errors).
"""

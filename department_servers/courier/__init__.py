"""Reference courier API (EMS-like) for results by post and material pick-up (issue 21).

Create a waybill (idempotent on the client's order id), cancel it, track it. Used
by the tests, the benchmarks and ``--demo``; it imports nothing of the terminal.
"""

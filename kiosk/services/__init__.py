"""Resident services: catalog, rules (plan, prefill, validation), submissions, the submit flow, receipt codes, rating, printing.

May import session, identity, biometrics, materials, devices, offline_queue, printer_templates and the plumbing.
"""

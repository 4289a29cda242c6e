"""The fleet service: enrolment, heartbeats and inventory, staged rollout, metrics.

A stateless FastAPI application over one database (PostgreSQL in production,
SQLite embedded). It imports nothing of the terminal's core but the configuration
package format and its verifier (``kiosk.config_packages``); terminals talk to it
over HTTP only, and always initiate the connection.
"""

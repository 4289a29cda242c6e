"""The service's refusals: an HTTP status, a stable code and a message for staff."""

from __future__ import annotations


class FleetError(Exception):
    """A refused request. ``code`` is stable for tools; ``message`` is for people."""

    status = 400

    def __init__(self, code: str, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        if status is not None:
            self.status = status


class Unauthorized(FleetError):
    status = 401


class Forbidden(FleetError):
    status = 403


class NotFound(FleetError):
    status = 404


class Conflict(FleetError):
    status = 409


class PackageRefused(FleetError):
    """An uploaded package failed the terminal's own verification pipeline."""

    status = 422

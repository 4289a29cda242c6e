"""HTTP outcomes of department calls as the offline queue's platform errors."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from typing import TypeVar

import httpx

from offline_queue.errors import (
    PlatformAuthError,
    PlatformBusy,
    PlatformError,
    PlatformNotFound,
    PlatformRejected,
    PlatformUnavailable,
    PlatformUnreachable,
)

T = TypeVar("T")


def retry_after(resp: httpx.Response) -> float | None:
    v = resp.headers.get("retry-after")
    if not v:
        return None
    try:
        return max(0.0, float(v))
    except ValueError:
        when = email.utils.parsedate_to_datetime(v)
        return max(0.0, when.timestamp() - time.time()) if when else None


def check(resp: httpx.Response, what: str) -> httpx.Response:
    """Raise the platform error that ``resp``'s status means; return it when 2xx."""
    s = resp.status_code
    if s < 300:
        return resp
    detail = f"{what}: HTTP {s}: {resp.text[:200]}"
    if s in (401, 403):
        raise PlatformAuthError(detail, status=s)
    if s == 404:
        raise PlatformNotFound(detail, status=s)
    if s >= 500 or s in (408, 409, 429):
        raise PlatformBusy(detail, status=s, retry_after_s=retry_after(resp))
    raise PlatformRejected(detail, status=s)


def call(what: str, fn: Callable[[], T]) -> T:
    """Run one HTTP exchange, turning transport failures into platform errors."""
    try:
        return fn()
    except (httpx.ConnectError, httpx.ConnectTimeout) as e:
        raise PlatformUnreachable(f"{what}: cannot connect: {e}") from None
    except httpx.TimeoutException as e:
        raise PlatformUnavailable(f"{what}: timeout: {e}") from None
    except httpx.TransportError as e:  # dropped connection, protocol error
        raise PlatformUnavailable(f"{what}: connection failed: {e}") from None
    except PlatformError:
        raise

"""OAuth2 client credentials (RFC 6749 §4.4): a token fetched, cached, refreshed before expiry.

The secret is sent only to the token endpoint, never logged; ``repr`` hides it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import httpx

from kiosk.platform.http_errors import call, check
from offline_queue.errors import PlatformAuthError


class TokenSource:
    """Thread-safe bearer token of one connector.

    Refreshed ``refresh_margin_s`` before it expires (monotonic clock), or at once
    when :meth:`invalidate` says the server refused it (one 401 → one refresh).
    """

    def __init__(
        self,
        http: httpx.Client,
        token_url: str,
        client_id: str,
        client_secret: str,
        *,
        refresh_margin_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self._url = token_url
        self._id = client_id
        self._secret = client_secret
        self._margin = refresh_margin_s
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires_at = 0.0
        #: Tokens fetched so far (diagnostics, tests).
        self.fetches = 0

    def __repr__(self) -> str:
        return f"TokenSource({self._url!r}, client_id={self._id!r}, secret=***)"

    def token(self) -> str:
        with self._lock:
            if self._token is None or self._clock() >= self._expires_at - self._margin:
                self._fetch()
            assert self._token is not None
            return self._token

    def invalidate(self, token: str) -> None:
        """The server refused ``token``: the next :meth:`token` fetches a new one."""
        with self._lock:
            if self._token == token:
                self._token = None

    def _fetch(self) -> None:
        resp = call(
            "token endpoint",
            lambda: self._http.post(
                self._url,
                data={
                    "grant_type": "client_credentials",
                    "client_id": self._id,
                    "client_secret": self._secret,
                },
            ),
        )
        check(resp, "token endpoint")
        try:
            body = resp.json()
            tok, ttl = str(body["access_token"]), float(body.get("expires_in", 300))
        except (ValueError, KeyError, TypeError) as e:
            raise PlatformAuthError(f"token endpoint: unreadable answer: {e}") from None
        self._token, self._expires_at = tok, self._clock() + ttl
        self.fetches += 1

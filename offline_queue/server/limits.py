"""Request limits, enforced while the body streams in (before any endpoint runs).

* A declared ``Content-Length`` over the limit is answered 413 without reading a byte.
* A chunked (or lying) body is read only up to the limit, then answered 413: a
  300 MiB upload never sits in memory.
* A JSON body is refused (413) when nested deeper than ``max_json_depth`` or made of
  more than ``max_json_items`` values, before ``json.loads`` sees it: no recursion
  bomb, no million-element form.

Limits: ``max_attachment_bytes`` for ``PUT /v1/attachments/*``, ``max_json_bytes``
for every other request body.
"""

from __future__ import annotations

import json
import re
from typing import Any

from offline_queue.server.settings import ServerSettings

_STRING_RE = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_STRUCT_RE = re.compile(rb"[\[\]{},]")

Scope = dict[str, Any]
Message = dict[str, Any]


class BodyRefused(Exception):
    """Why a request body is refused (the text is the 413's detail)."""


def json_shape_problem(body: bytes, max_depth: int, max_items: int) -> str | None:
    """Too deep or too many values, or None. Strings are skipped, so brackets in them count not."""
    depth = 0
    items = 1 if body.strip() else 0
    for m in _STRUCT_RE.finditer(_STRING_RE.sub(b'""', body)):
        c = m.group(0)
        if c in (b"[", b"{"):
            depth += 1
            if depth > max_depth:
                return f"JSON nested deeper than {max_depth} levels"
        elif c in (b"]", b"}"):
            depth -= 1
        else:
            items += 1
            if items > max_items:
                return f"JSON with more than {max_items} values"
    return None


class RequestLimits:
    """ASGI middleware: bounded, streamed request bodies (see the module docstring)."""

    def __init__(self, app: Any, settings: ServerSettings) -> None:
        self.app = app
        self.settings = settings

    @staticmethod
    def _is_attachment_upload(scope: Scope) -> bool:
        path: str = scope.get("path", "")
        return scope.get("method") == "PUT" and path.startswith("/v1/attachments/")

    def _limit(self, scope: Scope) -> int:
        if self._is_attachment_upload(scope):
            return self.settings.max_attachment_bytes
        return self.settings.max_json_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        try:
            if declared is not None and int(declared) > limit:
                raise BodyRefused(f"request body of {int(declared)} bytes exceeds {limit}")
            chunks: list[bytes] = []
            size = 0
            more = True
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    raise BodyRefused(f"request body exceeds {limit} bytes")
                chunks.append(chunk)
                more = message.get("more_body", False)
            body = b"".join(chunks)
            ctype = headers.get(b"content-type", b"")
            # An attachment is opaque bytes, never parsed as JSON: a scan or a PDF may
            # hold any run of brackets (random attachment bytes were refused as "JSON
            # nested deeper than 32 levels" and dead-lettered).
            is_json = b"json" in ctype or body[:1] in (b"{", b"[")
            if is_json and not self._is_attachment_upload(scope):
                problem = json_shape_problem(
                    body, self.settings.max_json_depth, self.settings.max_json_items
                )
                if problem is not None:
                    raise BodyRefused(problem)
        except ValueError:
            await _answer(send, 400, "bad Content-Length")
            return
        except BodyRefused as e:
            await _answer(send, 413, str(e))
            return

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _answer(send: Any, status: int, detail: str) -> None:
    payload = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})

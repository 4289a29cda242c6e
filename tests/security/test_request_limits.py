"""Issue 23 item 5: the reference platform bounds request bodies while they stream.

Against the real server (uvicorn on 127.0.0.1) over raw sockets, so the test
controls exactly how much is sent and sees how much the server read: a declared
300 MiB upload is refused before a byte of body is sent; a chunked one is refused
after at most the limit; a 200 MiB JSON submission and a nesting/count bomb too.
"""

from __future__ import annotations

import select
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from offline_queue.server import ServerSettings, ServerThread

TOKEN = "tok-A"
LIMIT = 1_000_000  # the test's attachment limit; the production default is 50 MB
SHA = "0" * 64


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerThread]:
    settings = ServerSettings(
        db_path=tmp_path / "p.db", tokens={TOKEN: "K-A"}, max_attachment_bytes=LIMIT
    )
    with ServerThread(settings) as srv:
        yield srv


def _connect(srv: ServerThread) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    return s


def _status(s: socket.socket) -> tuple[int, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    head = data.split(b"\r\n", 1)[0]
    return int(head.split()[1]), data


def _headers(method: str, path: str, extra: str) -> bytes:
    return (
        f"{method} {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n{extra}\r\n"
    ).encode()


def test_a_declared_300_mib_upload_is_refused_before_the_body(server: ServerThread) -> None:
    s = _connect(server)
    s.sendall(_headers("PUT", f"/v1/attachments/{SHA}", f"Content-Length: {300 << 20}\r\n"))
    status, _ = _status(s)  # answered although not one byte of the body was sent
    assert status == 413
    s.close()


def test_a_chunked_upload_is_cut_off_at_the_limit(server: ServerThread) -> None:
    s = _connect(server)
    s.sendall(_headers("PUT", f"/v1/attachments/{SHA}", "Transfer-Encoding: chunked\r\n"))
    chunk = b"x" * 65536
    sent = 0
    while sent < (300 << 20):
        if select.select([s], [], [], 0)[0]:
            break  # the server answered
        try:
            s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            sent += len(chunk)
        except OSError:  # the server closed after answering
            break
    status, _ = _status(s)
    assert status == 413
    # Refused once the limit was passed, not after the whole 300 MiB; socket buffers
    # on both sides account for the slack.
    assert sent < LIMIT + (16 << 20), sent
    s.close()


def test_a_200_mib_json_submission_is_refused(server: ServerThread) -> None:
    s = _connect(server)
    s.sendall(
        _headers(
            "POST",
            "/v1/submissions",
            f"Content-Type: application/json\r\nIdempotency-Key: x\r\nContent-Length: {200 << 20}\r\n",
        )
    )
    status, _ = _status(s)
    assert status == 413
    s.close()


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (b"[" * 5000 + b"]" * 5000, "nested deeper"),
        (b'{"form": {' + b",".join(b'"k%d": 0' % i for i in range(60_000)) + b"}}", "more than"),
    ],
    ids=["depth bomb", "count bomb"],
)
def test_json_depth_and_count_bombs_are_refused(
    server: ServerThread, body: bytes, what: str
) -> None:
    import httpx

    r = httpx.post(
        f"{server.url}/v1/submissions",
        content=body,
        headers={
            "Authorization": f"Bearer {TOKEN}",
            "Content-Type": "application/json",
            "Idempotency-Key": "k",
        },
        timeout=30,
    )
    assert r.status_code == 413 and what in r.json()["detail"]


def test_brackets_inside_strings_do_not_count_and_normal_requests_pass(
    server: ServerThread,
) -> None:
    import hashlib

    import httpx

    from offline_queue.server.limits import json_shape_problem

    assert json_shape_problem(b'{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', 3, 10) is None
    data = b"y" * (LIMIT - 1)
    r = httpx.put(
        f"{server.url}/v1/attachments/{hashlib.sha256(data).hexdigest()}",
        content=data,
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=30,
    )
    assert r.status_code == 201


def test_an_attachment_full_of_brackets_is_stored_not_refused_as_json(
    server: ServerThread,
) -> None:
    """Attachments are opaque: a scan starting with '[' and holding deep bracket runs
    (random bytes did, in the kill -9 harness) must not meet the JSON shape limits."""
    import hashlib

    import httpx

    data = b"[" + b"[{" * 200 + bytes(range(256)) * 10
    assert data[:1] == b"["
    r = httpx.put(
        f"{server.url}/v1/attachments/{hashlib.sha256(data).hexdigest()}",
        content=data,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/octet-stream"},
        timeout=30,
    )
    assert r.status_code == 201, r.text

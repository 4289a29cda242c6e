"""Fixtures of the offline-queue tests: a real reference server on an ephemeral port,
real outboxes in temp dirs, real sync workers."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from offline_queue.client import PlatformClient, PlatformSettings
from offline_queue.models import AttachmentIn
from offline_queue.outbox import Outbox
from offline_queue.server import ServerSettings, ServerThread
from offline_queue.sync import SyncSettings, SyncWorker

TOKEN = "kiosk-token-K1"
ADMIN = "admin-token"
KIOSK = "FZ-TEST-0001"
#: Fictional applicant (same as the demo deck): must never appear in clear on disk.
NAME = "李建国"
ID_NUMBER = "110101199001010015"


def attachment_bytes(seed: int, size: int = 4096) -> bytes:
    """Deterministic content, so a test can regenerate what was enqueued."""
    return random.Random(seed).randbytes(size)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerThread]:
    settings = ServerSettings(
        db_path=tmp_path / "platform" / "platform.db",
        tokens={TOKEN: KIOSK},
        admin_token=ADMIN,
        seed=1234,
    )
    with ServerThread(settings) as srv:
        yield srv


@pytest.fixture
def make_outbox(tmp_path: Path) -> Iterator[Callable[..., Outbox]]:
    made: list[Outbox] = []

    def make(name: str = "outbox", **kw: object) -> Outbox:
        ob = Outbox(tmp_path / "data" / name, tmp_path / "data" / "keys" / "outbox.key", **kw)  # type: ignore[arg-type]
        made.append(ob)
        return ob

    yield make
    for ob in made:
        ob.close()


@pytest.fixture
def outbox(make_outbox: Callable[..., Outbox]) -> Outbox:
    return make_outbox()


FAST = SyncSettings(
    interval_s=0.5,
    batch_size=20,
    batch_pause_s=0.0,
    backoff_initial_s=0.02,
    backoff_max_s=0.2,
    max_failures_per_batch=50,
    network_poll_s=None,
)


@pytest.fixture
def make_worker() -> Iterator[Callable[..., SyncWorker]]:
    made: list[SyncWorker] = []

    def make(
        outbox: Outbox, url: str, token: str = TOKEN, settings: SyncSettings = FAST, **kw: object
    ) -> SyncWorker:
        client = PlatformClient(PlatformSettings(url, token, timeout_s=5, **kw))  # type: ignore[arg-type]
        w = SyncWorker(outbox, client, settings)
        made.append(w)
        return w

    yield make
    for w in made:
        w.stop()
        w.client.close()


def enqueue_sample(outbox: Outbox, seed: int, n_attachments: int = 1, size: int = 4096) -> str:
    """A submission with personal data in form, applicant and an attachment."""
    atts = [
        AttachmentIn(f"材料{i}.jpg", "image/jpeg", attachment_bytes(seed * 100 + i, size))
        for i in range(n_attachments)
    ]
    return outbox.enqueue(
        "ZM-JZNX",
        KIOSK,
        {"seed": seed, "applicant_name": NAME, "reason": "办理居住证明"},
        {"name": NAME, "id_number": ID_NUMBER},
        atts,
    )

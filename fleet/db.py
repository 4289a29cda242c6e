"""Database models (SQLAlchemy 2) and the engine/session factory.

The schema is owned by the Alembic migrations in ``fleet/migrations``; these
models mirror the head revision. All the service's state lives here, so any
number of instances can serve the same fleet.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """Wall time, recorded (never used for scheduling inside one process)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on both PostgreSQL and SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class StaffUser(Base):
    __tablename__ = "staff_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    disabled: Mapped[int] = mapped_column(Integer, default=0)


class EnrolmentCode(Base):
    __tablename__ = "enrolment_codes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kiosk_id: Mapped[str] = mapped_column(String(64), index=True)
    region: Mapped[str] = mapped_column(String(6))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Terminal(Base):
    __tablename__ = "terminals"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    region: Mapped[str] = mapped_column(String(6), index=True)
    credential_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    clock_skew_s: Mapped[float | None] = mapped_column(nullable=True)
    app_version: Mapped[str] = mapped_column(String(32), default="")
    config_version: Mapped[str] = mapped_column(String(64), default="")
    catalog_version: Mapped[str] = mapped_column(String(64), default="")
    outbox_pending: Mapped[int] = mapped_column(Integer, default=0)
    outbox_dead: Mapped[int] = mapped_column(Integer, default=0)
    outbox_oldest_age_s: Mapped[float | None] = mapped_column(nullable=True)
    journal_pending: Mapped[int] = mapped_column(Integer, default=0)
    disk_free_bytes: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    uptime_s: Mapped[float | None] = mapped_column(nullable=True)
    sessions_total: Mapped[int] = mapped_column(Integer, default=0)
    last_session_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # {"name": {"status", "detail", "since"}}: "since" is the server time the status began.
    devices: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    inventory: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AuditEvent(Base):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(128), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class HeartbeatRecord(Base):
    """One accepted heartbeat, kept for the dashboard's charts of the last days."""

    __tablename__ = "heartbeats"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    outbox_pending: Mapped[int] = mapped_column(Integer, default=0)
    faults: Mapped[int] = mapped_column(Integer, default=0)
    sessions_total: Mapped[int] = mapped_column(Integer, default=0)


class Package(Base):
    __tablename__ = "packages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[str] = mapped_column(String(128), index=True)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    target_path: Mapped[str] = mapped_column(String(256), unique=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    description: Mapped[str] = mapped_column(Text, default="")


class Rollout(Base):
    __tablename__ = "rollouts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_pk: Mapped[int] = mapped_column(ForeignKey("packages.id"))
    status: Mapped[str] = mapped_column(String(16), index=True)
    wave: Mapped[int] = mapped_column(Integer, default=0)
    wave_started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    min_wave_s: Mapped[float] = mapped_column(default=0.0)
    halt_reason: Mapped[str] = mapped_column(Text, default="")
    ack_failures: Mapped[int] = mapped_column(Integer, default=0)
    target_desc: Mapped[str] = mapped_column(String(256), default="")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RolloutTarget(Base):
    __tablename__ = "rollout_targets"
    rollout_id: Mapped[int] = mapped_column(ForeignKey("rollouts.id"), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), primary_key=True)
    wave: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TufFile(Base):
    """A TUF metadata file as served (``root.json``, ``1.root.json``, ``timestamp.json``...)."""

    __tablename__ = "tuf_files"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Bundle(Base):
    """A diagnostics bundle asked for by staff and uploaded by the terminal."""

    __tablename__ = "bundles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), index=True)
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    uploaded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


T = TypeVar("T")

#: Worker threads doing database work per process, and so the pool's steady size.
DB_THREADS = 8
#: Pool connections beyond that, for callers outside ``Database.run`` (the dashboard
#: pages, the migrations) so that they never wait on the request threads.
DB_OVERFLOW = 8


#: Heartbeat transactions written at a time per process (their own connections,
#: ``fleet.heartbeats_pg``).
HEARTBEAT_WRITERS = 4


def make_engine(url: str) -> Engine:
    """An engine that survives a database restart (pre-ping) and, on SQLite, waits on locks."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _rec: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=DB_THREADS, max_overflow=DB_OVERFLOW)


class Database:
    """The engine and a transactional session scope."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._limiter: tuple[asyncio.AbstractEventLoop, CapacityLimiter] | None = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any exception."""
        with self._sessions() as s, s.begin():
            yield s

    async def run(self, fn: Callable[[], T]) -> T:
        """Run blocking database work on one of ``DB_THREADS`` threads.

        As many threads as the pool has connections: a thread never waits for a
        connection, and a request beyond that waits on the event loop, holding
        nothing. (Two cores gain nothing from more threads fighting for the GIL.)
        """
        loop = asyncio.get_running_loop()
        if self._limiter is None or self._limiter[0] is not loop:  # one per event loop
            self._limiter = (loop, CapacityLimiter(DB_THREADS))
        return await anyio.to_thread.run_sync(fn, limiter=self._limiter[1])

    def dispose(self) -> None:
        self.engine.dispose()

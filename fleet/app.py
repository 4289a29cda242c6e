"""The FastAPI application. Stateless: every request works from the database alone.

Terminals authenticate with their own credential (``ft_…``) and only ever see
their own assignments and write their own reports; staff use a token (``fs_…``)
whose role (viewer < operator < admin) gates each route. Nothing here connects
to a terminal: terminals poll.
"""

import base64
import contextlib
import gc
import hashlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from fleet import audit, dashboard, enrolment, heartbeats, packages, rollout
from fleet.db import AuditEvent, Bundle, Database, Package, Rollout, Terminal, utcnow
from fleet.errors import FleetError, Forbidden, NotFound, Unauthorized
from fleet.metrics import FleetCollector
from fleet.schemas import (
    EnrolmentCodeRequest,
    EnrolRequest,
    HeartbeatBatch,
    ReportIn,
    RolloutCreate,
    UserCreate,
    iso,
)
from fleet.security import Role
from fleet.settings import FleetSettings
from fleet.tuf_repo import KeyStore, TufRepository

T = TypeVar("T")

TUF_FILES = ("root.json", "timestamp.json", "snapshot.json", "targets.json")


class Fleet:
    """The service's shared objects, built once per process."""

    def __init__(self, settings: FleetSettings) -> None:
        self.settings = settings
        self.db = Database(settings.database_url)
        self.repo = TufRepository(
            KeyStore(settings.tuf_keys_dir, root_keys=max(2, settings.tuf_root_threshold)),
            timedelta(seconds=settings.tuf_timestamp_expiry_s),
            settings.tuf_root_threshold,
        )
        self.heartbeats = heartbeats.HeartbeatWriter(self.db, settings.history_days)

    def initialise(self) -> None:
        with self.db.session() as s:
            self.repo.initialise(s)

    def close(self) -> None:
        """Close the heartbeat writer's connections and the pool (at the app's shutdown)."""
        self.heartbeats.close()
        self.db.dispose()


def _bearer(request: Request) -> str:
    h = request.headers.get("authorization", "")
    if h.lower().startswith("bearer "):
        return h[7:].strip()
    return request.cookies.get("fleet_token", "")


async def read_limited(request: Request, limit: int) -> bytes:
    """The body, refused (413) past ``limit`` bytes whatever Content-Length claims."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise FleetError("too_large", f"body larger than {limit} bytes", 413)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise FleetError("too_large", f"body larger than {limit} bytes", 413)
        chunks.append(chunk)
    return b"".join(chunks)


#: Settings handed by ``python -m fleet serve --workers N`` to its worker processes.
SETTINGS_ENV = "KIOSK_FLEET_SETTINGS_JSON"


def app_from_environment() -> FastAPI:
    """The app of one uvicorn worker process (``serve --workers N``)."""
    import os

    app = create_app(FleetSettings.model_validate_json(os.environ[SETTINGS_ENV]))
    settle_heap()
    return app


def settle_heap() -> None:
    """Take the start-up heap out of the garbage collector's full collections.

    A full (generation 2) collection walks every object alive, and with FastAPI,
    SQLAlchemy, pydantic and TUF loaded one took 40-55 ms on a quiet 2-core machine
    (gc.callbacks, issue 24's benchmark), several times that on a loaded one:
    every request in flight waited that long, which is a p99. What is alive once
    the app is built lives as long as the process; ``gc.freeze`` leaves it out,
    and a full collection walks only what came after.
    """
    gc.collect()
    gc.freeze()


def create_app(settings: FleetSettings, initialise: bool = True) -> FastAPI:
    """Build the application (the schema must already be migrated: ``python -m fleet migrate``)."""
    fleet = Fleet(settings)
    if initialise:
        fleet.initialise()

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        # An instance stopped (a deploy, a scale-down) leaves no idle connection
        # counted against PostgreSQL's max_connections.
        fleet.close()

    app = FastAPI(title="Kiosk fleet service", version="1", lifespan=lifespan)
    app.state.fleet = fleet
    registry = CollectorRegistry()
    registry.register(FleetCollector(fleet.db, settings.offline_after_s))

    @app.exception_handler(FleetError)
    async def _fleet_error(_r: Request, e: FleetError) -> JSONResponse:
        return JSONResponse({"code": e.code, "message": e.message}, status_code=e.status)

    @app.exception_handler(ValidationError)
    async def _invalid(_r: Request, e: ValidationError) -> JSONResponse:
        return JSONResponse(
            {"code": "invalid", "message": e.errors(include_url=False, include_input=False)[:5]},
            status_code=422,
        )

    # Every route does its database work in ONE worker thread, from the credential
    # check to the commit (``tx``), and holds a pooled connection only there. A
    # session held by a dependency across FastAPI's thread hops deadlocked under
    # load: 40 threads waiting for a connection held by requests waiting for a thread.
    def staff(request: Request, s: Session, needed: Role) -> str:
        """The staff user's name, if the request's token carries ``needed``."""
        token = _bearer(request)
        if not token.startswith("fs_"):
            raise Unauthorized("no_token", "staff token required")
        user = enrolment.staff_for(s, token)
        if not Role(user.role).allows(needed):
            raise Forbidden("role", f"{needed.value} role required, {user.name} is {user.role}")
        return user.name

    def terminal(request: Request, s: Session) -> Terminal:
        token = _bearer(request)
        if not token.startswith("ft_"):
            raise Unauthorized("no_credential", "terminal credential required")
        return enrolment.terminal_for(s, token)

    def tx(work: Callable[[Session], T]) -> Awaitable[T]:
        """Run ``work`` in one transaction on a database thread."""

        def run() -> T:
            with fleet.db.session() as s:
                return work(s)

        return fleet.db.run(run)

    # -- terminals ---------------------------------------------------------------

    @app.post("/api/enrol")
    async def enrol(request: Request) -> dict[str, Any]:
        body = EnrolRequest.model_validate_json(await read_limited(request, 4096))

        def work(s: Session) -> dict[str, Any]:
            t, credential = enrolment.enrol(s, body.code, body.kiosk_id)
            root = fleet.repo.root(s)
            return {
                "kiosk_id": t.id,
                "region": t.region,
                "credential": credential,
                "tuf_root": base64.b64encode(root).decode(),
            }

        return await tx(work)

    @app.post("/api/terminal/heartbeat")
    async def heartbeat(request: Request) -> Response:
        raw = await read_limited(request, settings.heartbeat_max_bytes)
        token = _bearer(request)
        if not token.startswith("ft_"):
            raise Unauthorized("no_credential", "terminal credential required")
        if b"\\u0000" in raw:
            # PostgreSQL's text refuses NUL: it was a database error (HTTP 500), not a 422.
            # A bytes scan: JSON can carry NUL only as this escape.
            raise FleetError("invalid", "NUL character in a heartbeat", 422)
        batch = HeartbeatBatch.model_validate_json(raw)

        done = await fleet.heartbeats.submit(token, batch.beats)
        # A ready response: FastAPI's encoder walks a returned dict for what it may
        # hold (models, dates...), here three known scalars, on every beat.
        answer = {
            "accepted": done.accepted,
            "last_seq": done.last_seq,
            "server_time": iso(utcnow()),
        }
        return Response(json.dumps(answer).encode(), media_type="application/json")

    @app.get("/api/terminal/assignment")
    async def get_assignment(request: Request) -> dict[str, Any]:
        return await tx(lambda s: rollout.assignment(s, terminal(request, s)).model_dump())

    @app.post("/api/terminal/report")
    async def post_report(request: Request) -> dict[str, Any]:
        body = ReportIn.model_validate_json(await read_limited(request, 4096))

        def work(s: Session) -> dict[str, Any]:
            t = terminal(request, s)
            ro = rollout.report(s, t, body.rollout_id, body.outcome, body.code, body.detail)
            return {"rollout_id": ro.id, "status": ro.status}

        return await tx(work)

    @app.get("/tuf/metadata/{name}")
    async def tuf_metadata(name: str) -> Response:
        ok = name in TUF_FILES or (name.endswith(".root.json") and name.split(".")[0].isdigit())
        data = await tx(lambda s: fleet.repo.file(s, name)) if ok else None
        if data is None:
            raise NotFound("no_file", name)
        return Response(data, media_type="application/json")

    @app.get("/tuf/targets/{path:path}")
    async def tuf_target(path: str, request: Request) -> Response:
        def work(s: Session) -> bytes:
            if not rollout.terminal_can_fetch(s, terminal(request, s), path):
                raise NotFound("no_target", path)
            return s.execute(select(Package.data).where(Package.target_path == path)).scalar_one()

        return Response(await tx(work), media_type="application/zip")

    @app.get("/api/terminal/bundle-request")
    async def bundle_request(request: Request) -> dict[str, Any]:
        def work(s: Session) -> dict[str, Any]:
            t = terminal(request, s)
            b = s.execute(
                select(Bundle.id)
                .where(Bundle.terminal_id == t.id, Bundle.uploaded_at.is_(None))
                .order_by(Bundle.id)
                .limit(1)
            ).scalar_one_or_none()
            return {"bundle_id": b}

        return await tx(work)

    @app.put("/api/terminal/bundles/{bundle_id}")
    async def bundle_upload(bundle_id: int, request: Request) -> dict[str, Any]:
        data = await read_limited(request, settings.bundle_max_bytes)

        def work(s: Session) -> dict[str, Any]:
            t = terminal(request, s)
            b = s.get(Bundle, bundle_id)
            if b is None or b.terminal_id != t.id:
                raise NotFound("no_bundle", f"no bundle {bundle_id} for this terminal")
            b.data, b.size = data, len(data)
            b.sha256 = hashlib.sha256(data).hexdigest()
            b.uploaded_at = utcnow()
            audit.record(s, "terminal", t.id, "bundle.upload", f"bundle {b.id}", size=len(data))
            return {"bundle_id": b.id, "sha256": b.sha256}

        return await tx(work)

    # -- staff -------------------------------------------------------------------

    @app.post("/api/users")
    async def create_user(body: UserCreate, request: Request) -> dict[str, Any]:
        def work(s: Session) -> dict[str, Any]:
            actor = staff(request, s, Role.ADMIN)
            token = enrolment.create_user(s, body.name, Role(body.role), actor)
            return {"name": body.name, "role": body.role, "token": token}

        return await tx(work)

    @app.post("/api/enrolment-codes")
    async def create_code(body: EnrolmentCodeRequest, request: Request) -> dict[str, Any]:
        def work(s: Session) -> dict[str, Any]:
            actor = staff(request, s, Role.OPERATOR)
            code = enrolment.create_code(
                s, body.kiosk_id, body.region, settings.enrolment_code_ttl_s, actor
            )
            return {"kiosk_id": body.kiosk_id, "code": code}

        return await tx(work)

    @app.get("/api/terminals")
    async def list_terminals(
        request: Request,
        region: str = "",
        fault: str = "",
        version: str = "",
        seen_within_s: float | None = None,
        offline: bool = False,
    ) -> list[dict[str, Any]]:
        def work(s: Session) -> list[dict[str, Any]]:
            staff(request, s, Role.VIEWER)
            rows = dashboard.filter_terminals(
                s, region, fault, version, seen_within_s, offline, settings.offline_after_s
            )
            return [dashboard.terminal_summary(t, settings.offline_after_s) for t in rows]

        return await tx(work)

    @app.get("/api/terminals/{kiosk_id}")
    async def get_terminal(kiosk_id: str, request: Request) -> dict[str, Any]:
        def work(s: Session) -> dict[str, Any]:
            staff(request, s, Role.VIEWER)
            t = s.get(Terminal, kiosk_id)
            if t is None:
                raise NotFound("no_terminal", kiosk_id)
            out = dashboard.terminal_summary(t, settings.offline_after_s)
            out["devices"] = t.devices
            out["inventory"] = t.inventory
            return out

        return await tx(work)

    @app.post("/api/packages")
    async def upload_package(request: Request) -> dict[str, Any]:
        data = await read_limited(request, 64 * 1024 * 1024)

        def work(s: Session) -> dict[str, Any]:
            actor = staff(request, s, Role.OPERATOR)
            pkg = packages.upload(
                s, fleet.repo, data, settings.package_keys_dir, settings.terminal_config, actor
            )
            return {
                "package_pk": pkg.id,
                "package_id": pkg.package_id,
                "version": pkg.version,
                "target_path": pkg.target_path,
            }

        return await tx(work)

    @app.get("/api/packages/{package_pk}/usb-bundle")
    async def usb_bundle(package_pk: int, request: Request) -> Response:
        """The package with the TUF metadata, for a USB stick (verified like a network pull)."""

        def work(s: Session) -> Response:
            actor = staff(request, s, Role.OPERATOR)
            pkg, data = packages.usb_bundle(s, fleet.repo, package_pk)
            audit.record(s, "staff", actor, "package.usb_bundle", pkg.target_path)
            name = f"kiosk-config-{pkg.package_id}-v{pkg.version}-tuf.zip"
            return Response(
                data,
                media_type="application/zip",
                headers={"content-disposition": f'attachment; filename="{name}"'},
            )

        return await tx(work)

    @app.post("/api/rollouts")
    async def create_rollout(body: RolloutCreate, request: Request) -> dict[str, Any]:
        def work(s: Session) -> dict[str, Any]:
            actor = staff(request, s, Role.OPERATOR)
            pkg = s.get(Package, body.package_pk)
            if pkg is None:
                raise NotFound("no_package", str(body.package_pk))
            wave_s = settings.default_min_wave_s if body.min_wave_s is None else body.min_wave_s
            ro = rollout.create(s, pkg, body.regions, body.kiosk_ids, wave_s, actor)
            return dashboard.rollout_status(s, ro)

        return await tx(work)

    @app.get("/api/rollouts")
    async def list_rollouts(request: Request) -> list[dict[str, Any]]:
        def work(s: Session) -> list[dict[str, Any]]:
            staff(request, s, Role.VIEWER)
            rows = s.execute(select(Rollout).order_by(Rollout.id.desc()).limit(100)).scalars()
            return [dashboard.rollout_status(s, ro) for ro in rows]

        return await tx(work)

    @app.get("/api/rollouts/{rollout_id}")
    async def get_rollout(rollout_id: int, request: Request) -> dict[str, Any]:
        def work(s: Session) -> dict[str, Any]:
            staff(request, s, Role.VIEWER)
            ro = s.get(Rollout, rollout_id)
            if ro is None:
                raise NotFound("no_rollout", str(rollout_id))
            if ro.status == rollout.Status.RUNNING.value:
                ro = rollout.evaluate(s, rollout_id)
            return dashboard.rollout_status(s, ro)

        return await tx(work)

    def operator_action(
        rollout_id: int, request: Request, act: Callable[[Session, int, str], Rollout]
    ) -> Awaitable[dict[str, Any]]:
        def work(s: Session) -> dict[str, Any]:
            actor = staff(request, s, Role.OPERATOR)
            return dashboard.rollout_status(s, act(s, rollout_id, actor))

        return tx(work)

    @app.post("/api/rollouts/{rollout_id}/halt")
    async def halt_rollout(
        rollout_id: int, request: Request, reason: str = "operator"
    ) -> dict[str, Any]:
        return await operator_action(
            rollout_id, request, lambda s, i, actor: rollout.halt(s, i, actor, reason)
        )

    @app.post("/api/rollouts/{rollout_id}/resume")
    async def resume_rollout(rollout_id: int, request: Request) -> dict[str, Any]:
        return await operator_action(rollout_id, request, rollout.resume)

    @app.post("/api/rollouts/{rollout_id}/rollback")
    async def rollback_rollout(rollout_id: int, request: Request) -> dict[str, Any]:
        return await operator_action(rollout_id, request, rollout.rollback)

    @app.post("/api/terminals/{kiosk_id}/bundles")
    async def request_bundle(kiosk_id: str, request: Request) -> dict[str, Any]:
        def work(s: Session) -> dict[str, Any]:
            actor = staff(request, s, Role.OPERATOR)
            if s.get(Terminal, kiosk_id) is None:
                raise NotFound("no_terminal", kiosk_id)
            b = Bundle(terminal_id=kiosk_id, requested_by=actor, requested_at=utcnow())
            s.add(b)
            s.flush()
            audit.record(s, "staff", actor, "bundle.request", kiosk_id, bundle=b.id)
            return {"bundle_id": b.id}

        return await tx(work)

    @app.get("/api/bundles/{bundle_id}")
    async def download_bundle(bundle_id: int, request: Request) -> Response:
        def work(s: Session) -> Response:
            actor = staff(request, s, Role.OPERATOR)
            b = s.get(Bundle, bundle_id)
            if b is None or b.data is None:
                raise NotFound("no_bundle", f"bundle {bundle_id} not uploaded yet")
            audit.record(s, "staff", actor, "bundle.download", f"bundle {b.id}")
            return Response(
                b.data,
                media_type="application/zip",
                headers={
                    "content-disposition": (
                        f'attachment; filename="{b.terminal_id}-bundle-{b.id}.zip"'
                    )
                },
            )

        return await tx(work)

    @app.get("/api/audit")
    async def get_audit(request: Request, limit: int = 200) -> list[dict[str, Any]]:
        def work(s: Session) -> list[dict[str, Any]]:
            staff(request, s, Role.ADMIN)
            rows = s.execute(
                select(AuditEvent).order_by(AuditEvent.id.desc()).limit(min(limit, 1000))
            ).scalars()
            return [
                {
                    "at": iso(e.at),
                    "actor_kind": e.actor_kind,
                    "actor": e.actor,
                    "action": e.action,
                    "subject": e.subject,
                    "detail": e.detail,
                }
                for e in rows
            ]

        return await tx(work)

    @app.get("/metrics")
    async def metrics() -> Response:
        data = await fleet.db.run(lambda: generate_latest(registry))
        return Response(data, media_type=CONTENT_TYPE_LATEST)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        await tx(lambda s: s.execute(select(1)))
        return {"status": "ok"}

    dashboard.mount(app, fleet, lambda request, s: (s, staff(request, s, Role.VIEWER)))
    return app

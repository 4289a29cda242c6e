"""Building the reference platform app."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence

from fastapi import APIRouter, FastAPI

from offline_queue.server.db import ServerDB
from offline_queue.server.faults import FaultInjector
from offline_queue.server.limits import RequestLimits
from offline_queue.server.routers import ROUTER_MODULES
from offline_queue.server.settings import ServerSettings

log = logging.getLogger(__name__)

API_VERSION = "1.0.0"


def create_app(
    settings: ServerSettings,
    extra_routers: Sequence[APIRouter] = (),
    extra_schemas: Sequence[str] = (),
) -> FastAPI:
    """The reference platform as a FastAPI app (serve it with uvicorn).

    Adding an API (for example an app-code login router for the QR login):

    1. Write ``offline_queue/server/routers/<name>.py`` with a module-level
       ``router = APIRouter(prefix="/v1/<name>", tags=["<name>"])`` and, if it needs
       tables, ``SCHEMA = "CREATE TABLE IF NOT EXISTS …"`` (run at start-up).
    2. In the endpoints, take the shared dependencies from
       :mod:`offline_queue.server.deps`: ``db: ServerDB = Depends(get_db)`` (then
       ``db.connection()`` for reads, ``with db.transaction() as conn:`` for writes),
       ``kiosk: Kiosk = Depends(require_kiosk)`` for the per-kiosk bearer token
       (``kiosk.check(kiosk_id)`` when the body names a kiosk),
       ``settings: ServerSettings = Depends(get_settings)``.
    3. Add the module's dotted name to ``ROUTER_MODULES`` in
       ``offline_queue/server/routers/__init__.py`` (one line), then regenerate the
       OpenAPI file: ``.venv/bin/python -m offline_queue.server.openapi > docs/platform-api.yaml``
       (tests/queue/test_openapi.py fails while it is out of date).

    Tests can also pass routers and schemas directly with ``extra_routers`` /
    ``extra_schemas`` without touching the list.
    """
    modules = [importlib.import_module(name) for name in ROUTER_MODULES]
    schemas = [m.SCHEMA for m in modules if hasattr(m, "SCHEMA")] + list(extra_schemas)
    app = FastAPI(
        title="政务服务平台 kiosk API (reference platform)",
        version=API_VERSION,
        description=(
            "What a self-service kiosk needs from the central platform: content-addressed "
            "attachment upload, idempotent submission, heartbeats, catalog and "
            "per-kiosk config, electronic-licence lookup and case status. Every /v1 call "
            "carries `Authorization: Bearer <per-kiosk token>`; production runs over HTTPS "
            "with certificate verification."
        ),
    )
    app.state.settings = settings
    app.state.db = ServerDB(settings.db_path, schemas)
    for m in modules:
        app.include_router(m.router)
    for r in extra_routers:
        app.include_router(r)
    # Bodies are bounded while they stream in, before any endpoint reads them.
    app.add_middleware(RequestLimits, settings=settings)
    # Outermost, so injected errors and delays hit before any handler runs.
    app.add_middleware(FaultInjector, faults=settings.faults, seed=settings.seed)

    @app.get("/healthz", tags=["meta"])
    def healthz() -> dict[str, str]:
        """Liveness probe (no auth, no faults)."""
        return {"status": "ok"}

    return app

"""``kiosk --demo``: the reference courier (EMS-like), and the terminal's courier orders
pointed at it, so 邮寄送达 and 上门取件 place real waybills in the demo.

It runs in the demo servers' child process (:mod:`kiosk.app.demo_servers`) on a
free 127.0.0.1 port, its waybills in the demo's data directory. A configuration
that names another courier URL keeps it (a rig with its own courier, the UI tests).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kiosk.app.demo_servers import DemoServers, Served
from kiosk.app.terminal import Terminal
from kiosk.handoff_settings import CourierConfig

log = logging.getLogger(__name__)


def courier_spec(terminal: Terminal) -> dict[str, Any] | None:
    """What the child needs to serve the courier; None if another courier is configured."""
    config = terminal.config
    courier = config.handoff.courier
    if courier.url != CourierConfig().url:
        return None  # another courier was configured on purpose
    db = config.resolved_paths.data_dir / "demo-courier" / "waybills.db"
    # optional: the demo runs on without it (orders then wait in the outbox)
    return {"db": str(db), "delivery_area": list(courier.delivery_area), "optional": True}


def serve_courier(spec: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """In the demo servers' child: the courier."""
    from department_servers.courier.app import create_app
    from department_servers.runner import AppThread

    app = create_app(Path(spec["db"]), tuple(spec["delivery_area"]))
    srv = AppThread(app, name="demo-courier").start()
    return srv, {"url": srv.url}


def point_courier(terminal: Terminal, servers: DemoServers) -> Served | None:
    """Point the terminal's courier orders at the child's courier, if it serves one."""
    if "courier" in servers.failed:
        log.warning("demo courier not started: %s", servers.failed["courier"])
    if "courier" not in servers.info:
        return None
    srv = servers.served("courier")
    config = terminal.config
    courier = config.handoff.courier
    terminal.config = config.model_copy(
        update={
            "handoff": config.handoff.model_copy(
                update={"courier": courier.model_copy(update={"url": srv.url})}
            )
        }
    )
    terminal.services["demo_courier"] = srv
    return srv

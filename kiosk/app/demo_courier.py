"""``kiosk --demo``: the reference courier (EMS-like), and the terminal's courier orders
pointed at it, so 邮寄送达 and 上门取件 place real waybills in the demo.

It runs in this process on a free 127.0.0.1 port, its waybills in the demo's data
directory. A configuration that names another courier URL keeps it (a rig with its
own courier, the UI tests).
"""

from __future__ import annotations

import logging

from department_servers.courier.app import create_app
from department_servers.runner import AppThread
from kiosk.app.terminal import Terminal
from kiosk.handoff_settings import CourierConfig

log = logging.getLogger(__name__)


def start_demo_courier(terminal: Terminal) -> AppThread | None:
    config = terminal.config
    courier = config.handoff.courier
    if courier.url != CourierConfig().url:
        return None  # another courier was configured on purpose
    db = config.resolved_paths.data_dir / "demo-courier" / "waybills.db"
    try:
        srv = AppThread(create_app(db, courier.delivery_area), name="demo-courier").start()
    except Exception as e:  # the demo runs on without it: orders then wait in the outbox
        log.warning("demo courier not started: %r", e)
        return None
    terminal.config = config.model_copy(
        update={
            "handoff": config.handoff.model_copy(
                update={"courier": courier.model_copy(update={"url": srv.url})}
            )
        }
    )
    terminal.services["demo_courier"] = srv
    return srv

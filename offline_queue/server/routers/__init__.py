"""Routers of the reference platform server.

``ROUTER_MODULES`` lists them; :func:`offline_queue.server.create_app` includes each
module's ``router`` and runs its ``SCHEMA`` (if any). See that function's docstring
for how to add one.
"""

ROUTER_MODULES: list[str] = [
    "offline_queue.server.routers.attachments",
    "offline_queue.server.routers.submissions",
    "offline_queue.server.routers.heartbeat",
    "offline_queue.server.routers.catalog",
    "offline_queue.server.routers.licences",
    "offline_queue.server.routers.cases",
    "offline_queue.server.routers.admin",
    "offline_queue.server.routers.app_codes",
    "offline_queue.server.routers.identity",
    "offline_queue.server.routers.receipts",
    "offline_queue.server.routers.seal",
]

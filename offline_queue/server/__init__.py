"""Reference platform server (FastAPI + SQLite) for tests, benchmarks and ``kiosk --demo``.

Build it with :func:`create_app` (see its docstring for adding routers); run it
with ``kiosk platform serve`` or :class:`ServerThread`.
"""

from offline_queue.server.app import create_app
from offline_queue.server.db import ServerDB, StoredSubmission, dump_submissions, read_attachment
from offline_queue.server.runner import ServerThread, TlsFiles, make_server
from offline_queue.server.settings import Faults, ServerSettings

__all__ = [
    "Faults",
    "ServerDB",
    "ServerSettings",
    "ServerThread",
    "StoredSubmission",
    "TlsFiles",
    "create_app",
    "dump_submissions",
    "make_server",
    "read_attachment",
]

"""``python -m fleet``: migrate the database, create the first admin, serve."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from fleet.settings import FleetSettings


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m fleet", description="Kiosk fleet service")
    p.add_argument("--db", default="sqlite:///fleet.sqlite3", help="SQLAlchemy database URL")
    p.add_argument("--keys", type=Path, default=Path("fleet-keys"), help="TUF signing keys dir")
    p.add_argument("--package-keys", type=Path, default=Path("config/keys"))
    p.add_argument("--terminal-config", type=Path, default=None)
    p.add_argument("--min-wave-s", type=float, default=0.0)
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("migrate", help="apply the Alembic migrations (from scratch or any revision)")
    u = sub.add_parser("create-user", help="create a staff user and print its token once")
    u.add_argument("name")
    u.add_argument("--role", choices=["viewer", "operator", "admin"], default="admin")
    s = sub.add_parser("serve", help="run the HTTP service (uvicorn)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8700)
    s.add_argument("--workers", type=int, default=1)
    args = p.parse_args(argv)
    settings = FleetSettings(
        database_url=args.db,
        tuf_keys_dir=args.keys,
        package_keys_dir=args.package_keys,
        terminal_config=args.terminal_config,
        default_min_wave_s=args.min_wave_s,
    )
    if args.cmd == "migrate":
        from fleet.app import Fleet
        from fleet.migrate import upgrade

        upgrade(settings.database_url)
        Fleet(settings).initialise()
        print("migrated to head")
        return 0
    if args.cmd == "create-user":
        from fleet.db import Database
        from fleet.enrolment import create_user
        from fleet.security import Role

        db = Database(settings.database_url)
        with db.session() as sess:
            token = create_user(sess, args.name, Role(args.role), "cli")
        print(token)
        return 0
    import os

    import uvicorn

    from fleet.app import SETTINGS_ENV, create_app, settle_heap

    # Keep idle connections longer than a load balancer's idle timeout (60 s is usual):
    # the server closing first makes the client's next request on it fail.
    common: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "log_level": "warning",
        "timeout_keep_alive": 75,
        "backlog": 2048,
    }
    if args.workers > 1:
        # Worker processes build the app themselves, from these settings (the
        # service is stateless: they share nothing but the database and the keys).
        os.environ[SETTINGS_ENV] = settings.model_dump_json()
        uvicorn.run("fleet.app:app_from_environment", factory=True, workers=args.workers, **common)
    else:
        app = create_app(settings)
        settle_heap()
        uvicorn.run(app, **common)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m department_servers.courier --db PATH [--port N]``: serve the reference courier.

Prints ``READY <url>`` on its first line once listening (tests wait for it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import uvicorn

from department_servers.courier.app import create_app
from department_servers.runner import bind_socket


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="department_servers.courier")
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--area", default="", help="comma-separated GB/T 2260 prefixes served")
    args = p.parse_args(argv)
    area = tuple(a for a in args.area.split(",") if a)
    sock = bind_socket("127.0.0.1", args.port)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(
        uvicorn.Config(create_app(args.db, area), log_level="warning", lifespan="off")
    )
    print(f"READY {url}", flush=True)
    server.run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())

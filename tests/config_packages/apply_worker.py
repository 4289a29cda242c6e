"""Subprocess for the crash test: verify a package, say "ready", then apply it.

Run as ``python apply_worker.py CONFIG DATA_DIR PACKAGE``; the test kills it with
SIGKILL at a random moment after "ready".
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.config import load_config
from kiosk.config_packages import ConfigPackages


def main() -> None:
    config, data_dir, package = (Path(a) for a in sys.argv[1:4])
    packages = ConfigPackages(load_config(config, data_dir))
    report = packages.verify(package)
    if not report.ok:
        print("refused", report.summary_en(), flush=True)
        sys.exit(3)
    print("ready", flush=True)
    start = time.perf_counter()
    packages.apply_verified(report)
    print(f"done {time.perf_counter() - start:.4f}", flush=True)


if __name__ == "__main__":
    main()

"""Self-service government kiosk terminal: the application core.

Plain Python except for :mod:`kiosk.ui.qt_bridge` and :mod:`kiosk.app`, which are the
only places in this package that touch Qt.
"""

__version__ = "0.1.0"

import os as _os
import sys as _sys

# ``import httpx`` also imports its command-line tool (httpx._main), which pulls in
# rich, pygments and click whenever they are installed: 80-250 ms and about 10 MB
# in every terminal process, for a CLI the terminal never runs. A None entry in
# sys.modules makes that one import fail, and httpx then falls back to its stub
# ``main`` (its own ``except ImportError``). The ``httpx`` command is unaffected.
_sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

# pydantic looks for plugins in every installed distribution's entry points when the
# first model class is built (importlib.metadata.entry_points: 12.7 ms of each start
# on this machine); none is installed and the terminal wants none. Children inherit it.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

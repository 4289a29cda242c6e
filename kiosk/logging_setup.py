"""Structured JSON-lines logging with rotation and a masking filter.

Every record, whatever logger it comes from, goes through :class:`MaskingFilter`
before any handler writes it, so an ID number or a registered name never reaches
a file in clear.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import sys
from collections import deque
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.privacy import SENSITIVE, SensitiveValues, mask_id_number, mask_name, scrub_text

LOG_FILE_NAME = "kiosk.jsonl"

# Attribute names that, when passed as ``extra=``, are masked by kind rather than
# by pattern (a name has no pattern).
_NAME_KEYS = {"person_name", "applicant_name", "holder_name", "full_name"}
_ID_KEYS = {"id_number", "applicant_id", "id_no"}
_STD_ATTRS = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


def _scrub_value(key: str, value: Any, registry: SensitiveValues) -> Any:
    if isinstance(value, str):
        if key in _NAME_KEYS:
            return mask_name(value)
        if key in _ID_KEYS:
            return mask_id_number(value)
        return scrub_text(value, registry)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<{len(value)} bytes>"
    if isinstance(value, dict):
        return {k: _scrub_value(str(k), v, registry) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub_value(key, v, registry) for v in value]
    return value


class MaskingFilter(logging.Filter):
    """Rewrites a record's message, arguments and extras with personal data masked."""

    def __init__(self, registry: SensitiveValues | None = None) -> None:
        super().__init__()
        self.registry = registry if registry is not None else SENSITIVE

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            message = str(record.msg)
        record.msg = scrub_text(message, self.registry)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            # Render the traceback now so it can be masked too.
            formatted = logging.Formatter().formatException(record.exc_info)
            record.exc_text = scrub_text(formatted, self.registry)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub_text(record.exc_text, self.registry)
        for key, value in list(vars(record).items()):
            if key not in _STD_ATTRS:
                setattr(record, key, _scrub_value(key, value, self.registry))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, extras."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STD_ATTRS and not key.startswith("_"):
                out[key] = value
        if record.exc_text:
            out["exc"] = record.exc_text
        return json.dumps(out, ensure_ascii=False, default=str)


class RecentLines(logging.Handler):
    """Keeps the last N formatted (already masked) lines for the diagnostics screen."""

    def __init__(self, capacity: int = 200) -> None:
        super().__init__()
        self.lines: deque[str] = deque(maxlen=capacity)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:
            self.handleError(record)


RECENT = RecentLines()


def _attach_filter(handler: logging.Handler, registry: SensitiveValues) -> None:
    if not any(isinstance(f, MaskingFilter) for f in handler.filters):
        handler.addFilter(MaskingFilter(registry))


def _remove_handlers(root: logging.Logger) -> None:
    for h in list(root.handlers):
        if getattr(h, "_kiosk", False):
            root.removeHandler(h)
            h.close()


def teardown_logging() -> None:
    """Undo :func:`setup_logging`: its handlers removed and closed (the log file's
    descriptor with them), the root logger back at Python's default level.

    For a terminal that stops in a process that carries on (tests, the demo
    harness): its handlers would otherwise keep the file open and rewrite every
    later record through their masking filter.
    """
    root = logging.getLogger()
    _remove_handlers(root)
    root.setLevel(logging.WARNING)


def setup_logging(
    log_dir: Path | None,
    level: str = "INFO",
    max_bytes: int = 5_000_000,
    backup_count: int = 5,
    console: bool = False,
    registry: SensitiveValues | None = None,
) -> Path | None:
    """Configure the root logger. Returns the log file path (None if no log_dir).

    The masking filter is attached to every handler (filters on a logger do not
    apply to records propagated from child loggers; handler filters do).
    """
    registry = registry if registry is not None else SENSITIVE
    root = logging.getLogger()
    _remove_handlers(root)
    root.setLevel(level)
    formatter = JsonFormatter()
    handlers: list[logging.Handler] = []
    path: Path | None = None
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / LOG_FILE_NAME
        fh = logging.handlers.RotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8"
        )
        handlers.append(fh)
    if console:
        handlers.append(logging.StreamHandler(sys.stderr))
    RECENT.setFormatter(formatter)
    handlers.append(RECENT)
    for h in handlers:
        h.setFormatter(formatter)
        _attach_filter(h, registry)
        h._kiosk = True  # type: ignore[attr-defined]
        root.addHandler(h)
    return path

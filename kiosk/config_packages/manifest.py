"""The package manifest (``manifest.json``): what the package is and what it carries."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from kiosk.config_packages.layout import layout_problem, path_problem

FORMAT_VERSION = 1
_VERSION_RE = r"^\d+(\.\d+){0,3}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FileEntry(_Model):
    """One carried file: its path in the package, its size and its SHA-256."""

    path: str = Field(min_length=1, max_length=240)
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")

    @model_validator(mode="after")
    def _safe(self) -> FileEntry:
        bad = path_problem(self.path)
        if bad is not None or self.path.endswith("/"):
            raise ValueError(f"unsafe path {self.path!r}")
        problem = layout_problem(self.path)
        if problem is not None:
            raise ValueError(problem)
        return self


class Targets(_Model):
    """Which terminals the package is for: all of them, or named ids and/or regions.

    A region code ending in ``00`` pairs covers the divisions under it
    (``350000`` = all of Fujian, ``350100`` = all of Fuzhou, ``350102`` = Gulou).
    """

    all: bool = False
    kiosk_ids: list[str] = []
    regions: list[str] = []

    @model_validator(mode="after")
    def _some(self) -> Targets:
        if not self.all and not self.kiosk_ids and not self.regions:
            raise ValueError("name at least one kiosk id or region, or set all = true")
        for r in self.regions:
            if not re.fullmatch(r"\d{6}", r):
                raise ValueError(f"region {r!r} is not a 6-digit GB/T 2260 code")
        return self

    def matches(self, kiosk_id: str, region: str) -> bool:
        """True when a terminal with this id and region is targeted."""
        if self.all or kiosk_id in self.kiosk_ids:
            return True
        return any(region.startswith(region_prefix(r)) for r in self.regions)

    def describe(self) -> str:
        if self.all:
            return "all terminals"
        parts = [f"kiosk {k}" for k in self.kiosk_ids] + [f"region {r}" for r in self.regions]
        return ", ".join(parts)


def region_prefix(code: str) -> str:
    """``350000`` → ``35``, ``350100`` → ``3501``, ``350102`` → ``350102``."""
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def parse_version(text: str) -> tuple[int, ...]:
    """``"0.10.2"`` → ``(0, 10, 2)``; compared as tuples padded with zeros."""
    parts = tuple(int(p) for p in text.split("."))
    return parts + (0,) * (4 - len(parts))


class Manifest(_Model):
    """``manifest.json``. Its exact bytes are what ``manifest.sig`` signs."""

    format: Literal[1] = 1  # FORMAT_VERSION
    package_id: str = Field(pattern=r"^[A-Za-z0-9_.:-]{1,128}$")
    version: int = Field(ge=1, le=2**53)
    # "rollback": a signed package that may carry a lower version than the installed one.
    kind: Literal["update", "rollback"] = "update"
    # A rollback names the version it rolls back from (the terminal's high-water mark):
    # it applies once, to that state only, and cannot be replayed later.
    rollback_from: int | None = Field(default=None, ge=1)
    created_at: AwareDatetime
    expires_at: AwareDatetime
    targets: Targets
    min_app_version: str = Field("0", pattern=_VERSION_RE)
    description: str = Field("", max_length=500)
    files: list[FileEntry]

    @model_validator(mode="after")
    def _check(self) -> Manifest:
        if self.expires_at <= self.created_at:
            raise ValueError("expires_at must be after created_at")
        if self.kind == "rollback" and (
            self.rollback_from is None or self.rollback_from <= self.version
        ):
            raise ValueError("a rollback names rollback_from, higher than its version")
        if self.kind != "rollback" and self.rollback_from is not None:
            raise ValueError("rollback_from belongs to rollback packages only")
        seen: set[str] = set()
        for f in self.files:
            if f.path in seen:
                raise ValueError(f"file listed twice: {f.path}")
            seen.add(f.path)
        return self

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)

    def to_bytes(self) -> bytes:
        """Canonical encoding written into packages (sorted keys, UTF-8, newline)."""
        data = self.model_dump(mode="json", exclude_none=True)
        return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()


def now_utc() -> datetime:
    from datetime import UTC

    return datetime.now(UTC)

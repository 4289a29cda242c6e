"""The effective configuration: ``config/default.toml`` overlaid with the active release.

A release may carry ``config.toml`` (overrides merged table by table over the base
configuration), ``catalog.toml`` (becomes ``catalog.path``), ``admin_pin_hash.txt``
(becomes ``admin.pin_hash``) and ``trusted_keys/`` (replaces the trusted key set).
A relative path in ``config.toml`` that names a file carried by the package is
resolved to that file inside the release directory.
"""

from __future__ import annotations

import tomllib
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from kiosk.config import KioskConfig, config_from_dict
from kiosk.config_packages.layout import (
    CATALOG_FILE,
    CONFIG_FILE,
    PIN_HASH_FILE,
)
from kiosk.errors import ConfigError
from kiosk.ops.admin import PIN_HASH_PROBLEMS, PinHashStatus, hash_format_status

#: Sections a package may not override: moving the data directory or the trusted key
#: folder from a package would pull the ground from under the release store itself.
FORBIDDEN_OVERRIDES: tuple[tuple[str, ...], ...] = (
    ("paths",),
    ("config_packages", "trusted_keys_dir"),
)


class OverlayError(ConfigError):
    """A release's content does not make a valid configuration."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


@dataclass(frozen=True)
class Payload:
    """The files of a package or release: their names, a reader, and where they live."""

    names: frozenset[str]
    read: Callable[[str], bytes]
    root: Path

    def has_dir(self, prefix: str) -> bool:
        prefix = prefix.rstrip("/") + "/"
        return any(n.startswith(prefix) for n in self.names)

    @classmethod
    def from_mapping(cls, files: Mapping[str, bytes], root: Path) -> Payload:
        return cls(frozenset(files), lambda name: files[name], root)


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value (lists included) replaces."""
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, Mapping) and isinstance(out.get(k), Mapping):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = v
    return out


def _submodel(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _is_path(annotation: Any) -> bool:
    if annotation is Path:
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        return any(a is Path for a in get_args(annotation))
    return False


def _rewrite_paths(
    model: type[BaseModel], data: Mapping[str, Any], resolve: Callable[[str], str | None]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        info = model.model_fields.get(k)
        if info is None:
            out[k] = v  # unknown key: the schema refuses it with a clear message
            continue
        sub = _submodel(info.annotation)
        if sub is not None and isinstance(v, Mapping):
            out[k] = _rewrite_paths(sub, v, resolve)
        elif _is_path(info.annotation) and isinstance(v, str):
            out[k] = resolve(v) or v
        else:
            out[k] = v
    return out


def parse_overrides(raw: bytes) -> dict[str, Any]:
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise OverlayError("config_syntax", f"{CONFIG_FILE}: not UTF-8 (byte {e.start})") from None
    except tomllib.TOMLDecodeError as e:
        raise OverlayError("config_syntax", f"{CONFIG_FILE}: TOML syntax error: {e}") from None
    for path in FORBIDDEN_OVERRIDES:
        node: Any = data
        for part in path:
            node = node.get(part) if isinstance(node, Mapping) else None
        if node is not None:
            raise OverlayError(
                "forbidden_override",
                f"{CONFIG_FILE}: a package may not change [{'.'.join(path)}]",
            )
    return data


def compose_config(base: KioskConfig, payload: Payload, source: str = "package") -> KioskConfig:
    """Validate ``base`` overlaid with ``payload``; raise :class:`OverlayError` if invalid."""

    def resolve(value: str) -> str | None:
        rel = value.strip("/") if not value.startswith("/") else None
        if rel and (rel in payload.names or payload.has_dir(rel)):
            return str(payload.root / rel)
        return None

    overrides: dict[str, Any] = {}
    if CONFIG_FILE in payload.names:
        overrides = _rewrite_paths(KioskConfig, parse_overrides(payload.read(CONFIG_FILE)), resolve)
    if CATALOG_FILE in payload.names:
        catalog = overrides.setdefault("catalog", {})
        if isinstance(catalog, dict) and "path" not in catalog:
            catalog["path"] = str(payload.root / CATALOG_FILE)
    if PIN_HASH_FILE in payload.names:
        try:
            pin_hash = payload.read(PIN_HASH_FILE).decode("ascii").strip()
        except UnicodeDecodeError:
            pin_hash = ""
        status = hash_format_status(pin_hash)
        if status is not PinHashStatus.OK:
            raise OverlayError(
                "pin_hash_invalid" if status is not PinHashStatus.WEAK else "pin_hash_weak",
                f"{PIN_HASH_FILE}: {PIN_HASH_PROBLEMS[status]}",
            )
        admin = overrides.setdefault("admin", {})
        if isinstance(admin, dict):
            admin["pin_hash"] = pin_hash
    if not overrides:
        return base
    merged = deep_merge(base.model_dump(), overrides)
    try:
        return config_from_dict(
            merged, source=source, source_dir=base.source_dir, data_dir=base.data_dir_override
        )
    except ConfigError as e:
        raise OverlayError("config_invalid", e.detail) from None

"""What a package may carry, and which paths inside it are safe.

The payload layout is fixed so that every file has a known role::

    config.toml            overrides merged over config/default.toml
    catalog.toml           the service catalog
    admin_pin_hash.txt     scrypt hash of the technician PIN
    trusted_keys/*.pem     the new set of trusted public keys (key rotation)
    templates/**           print templates
    images/**              images (logos, guides)
"""

from __future__ import annotations

import re

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
RESERVED_NAMES = frozenset({MANIFEST_NAME, SIGNATURE_NAME})

CONFIG_FILE = "config.toml"
CATALOG_FILE = "catalog.toml"
PIN_HASH_FILE = "admin_pin_hash.txt"
TRUSTED_KEYS_DIR = "trusted_keys"
RELEASE_INFO_FILE = "release.json"

ROOT_FILES = frozenset({CONFIG_FILE, CATALOG_FILE, PIN_HASH_FILE})
ROOT_DIRS = frozenset({TRUSTED_KEYS_DIR, "templates", "images"})

MAX_PATH_CHARS = 240
_DRIVE_RE = re.compile(r"^[A-Za-z]:")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def path_problem(name: str) -> tuple[str, str, str] | None:
    """Why ``name`` (a path inside the zip) is unsafe, or None when it is safe.

    Returns ``(code, reason_zh, reason_en)``. Directory entries end with ``/``; the
    trailing slash is allowed, nothing else that could escape or alias a path is.
    """
    if not name:
        return "empty_path", "条目名称为空", "empty entry name"
    if name.startswith("/") or _DRIVE_RE.match(name):
        return "absolute_path", f"绝对路径：{name}", f"absolute path: {name}"
    if "\\" in name:
        return "backslash_path", f"路径含反斜杠：{name}", f"backslash in path: {name}"
    if _CONTROL_RE.search(name):
        return "control_char", "路径含控制字符", f"control character in path: {name!r}"
    if len(name) > MAX_PATH_CHARS:
        return "path_too_long", "路径过长", f"path longer than {MAX_PATH_CHARS} characters"
    parts = name[:-1].split("/") if name.endswith("/") else name.split("/")
    if ".." in parts:
        return (
            "parent_path",
            f"路径指向包外（..）：{name}",
            f"path escapes the package (..): {name}",
        )
    if any(p in ("", ".") for p in parts):
        return "unnormalised_path", f"路径不规范：{name}", f"path not normalised: {name}"
    return None


def layout_problem(name: str) -> str | None:
    """Why a (safe) file path has no place in the payload layout, or None."""
    if name in RESERVED_NAMES:
        return f"{name} is reserved for the package itself"
    parts = name.split("/")
    if len(parts) == 1:
        if name in ROOT_FILES:
            return None
        return f"unknown file at the package root: {name}"
    if parts[0] not in ROOT_DIRS:
        return f"unknown folder at the package root: {parts[0]}/"
    if parts[0] == TRUSTED_KEYS_DIR and (
        len(parts) != 2 or not parts[1].endswith((".pem", ".pub"))
    ):
        return f"trusted_keys/ holds only *.pem or *.pub files: {name}"
    return None

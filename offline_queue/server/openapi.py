"""Print the platform API as OpenAPI YAML: ``python -m offline_queue.server.openapi``.

docs/platform-api.yaml is this output; a test keeps the two in sync.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from offline_queue.server.app import create_app
from offline_queue.server.settings import ServerSettings

HEADER = (
    "# Platform API used by the kiosk terminal (OpenAPI 3.1).\n"
    "# Generated from the reference server: python -m offline_queue.server.openapi\n"
    "# Do not edit by hand; tests/queue/test_openapi.py checks it is up to date.\n"
)


def openapi_schema() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as d:
        app = create_app(ServerSettings(db_path=Path(d) / "schema.db"))
        schema = app.openapi()
    schemes = schema.get("components", {}).get("securitySchemes", {})
    if "HTTPBearer" in schemes:
        schemes["HTTPBearer"]["description"] = (
            "per-kiosk token from the kiosk configuration ([platform] token)"
        )
    schema["servers"] = [{"url": "https://platform.example.gov.cn", "description": "production (TLS)"}]  # fmt: skip
    return schema


def _yaml(value: Any, indent: int = 0) -> str:
    """A small YAML emitter (no PyYAML dependency): JSON scalars are valid YAML."""
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = []
        for k, v in value.items():
            key = json.dumps(str(k), ensure_ascii=False)
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{key}:\n{_yaml(v, indent + 1)}")
            else:
                lines.append(f"{pad}{key}: {_yaml(v, indent + 1)}")
        return "\n".join(lines)
    if isinstance(value, list):
        if not value:
            return "[]"
        lines = []
        for v in value:
            if isinstance(v, (dict, list)) and v:
                inner = _yaml(v, indent + 1).lstrip()
                lines.append(f"{pad}- {inner}")
            else:
                lines.append(f"{pad}- {_yaml(v, indent + 1)}")
        return "\n".join(lines)
    return json.dumps(value, ensure_ascii=False)


def openapi_yaml() -> str:
    return HEADER + _yaml(openapi_schema()) + "\n"


if __name__ == "__main__":
    sys.stdout.write(openapi_yaml())

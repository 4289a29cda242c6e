"""docs/platform-api.yaml is the reference server's OpenAPI document, kept in sync."""

from __future__ import annotations

from pathlib import Path

import yaml

from offline_queue.server.openapi import openapi_schema, openapi_yaml

DOC = Path(__file__).resolve().parents[2] / "docs" / "platform-api.yaml"


def test_platform_api_document_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == openapi_yaml(), (
        "docs/platform-api.yaml is stale: run "
        "`.venv/bin/python -m offline_queue.server.openapi > docs/platform-api.yaml`"
    )


def test_document_is_valid_yaml_with_the_whole_api() -> None:
    doc = yaml.safe_load(DOC.read_text(encoding="utf-8"))
    assert doc == openapi_schema()
    paths = doc["paths"]
    assert {"put", "head"} <= set(paths["/v1/attachments/{sha256}"])
    post = paths["/v1/submissions"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    for p in (
        "/v1/heartbeat",
        "/v1/catalog",
        "/v1/kiosks/{kiosk_id}/config",
        "/v1/licences/lookup",
        "/v1/cases/{acceptance_no}",
    ):
        assert p in paths
    assert "HTTPBearer" in doc["components"]["securitySchemes"]

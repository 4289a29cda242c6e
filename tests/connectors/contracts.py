"""Run schemathesis (4.x Python API) against a live server's OpenAPI document.

Each operation gets ``max_examples`` generated cases, sent with the documented
authentication; every check schemathesis has runs (no 5xx, no undocumented status
code, no schema-valid request rejected, response schema conformance, …). Failures
are collected, one line each, rather than stopping at the first, so one test
run names every lie in the document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings

Fixup = Callable[[Any], None]


def contract_failures(
    base_url: str,
    headers: dict[str, str],
    max_examples: int = 12,
    fixups: Mapping[str, Fixup] | None = None,
) -> tuple[int, list[str]]:
    """(cases run, one line per distinct failure) for every operation of the server.

    ``fixups["POST /path"]`` adjusts a generated case to a documented constraint
    between fields that OpenAPI 3.0 cannot express (a header equal to a body field,
    a path equal to the body's hash), as schemathesis's map hooks would.
    """
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    failures: set[str] = set()
    ran = 0
    for result in schema.get_all_operations():
        op = result.ok()
        label = f"{op.method.upper()} {op.path}"
        ran += _run_operation(
            op, label, base_url, headers, max_examples, (fixups or {}).get(label), failures
        )
    return ran, sorted(failures)


def _run_operation(
    op: Any,
    label: str,
    base_url: str,
    headers: dict[str, str],
    max_examples: int,
    fixup: Fixup | None,
    failures: set[str],
) -> int:
    ran = 0

    @given(case=op.as_strategy())
    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=True,  # the same cases on every run: no flaky contract test
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        nonlocal ran
        ran += 1
        if fixup is not None:
            fixup(case)
        try:
            case.call_and_validate(base_url=base_url, headers=headers, timeout=20)
        except BaseException as e:  # schemathesis raises a FailureGroup
            lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
            kinds = [ln for ln in lines if ln.startswith("- ")] or lines[:1]
            status = next((ln for ln in lines if ln.startswith("[") and "]" in ln), "")
            curl = next((ln for ln in lines if ln.startswith("curl ")), "")
            failures.add(f"{label}: {'; '.join(kinds)} {status} {curl[:300]}".strip())

    run()
    return ran

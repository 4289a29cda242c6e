"""Shared figures for the benches: median and p99 of a sample, printed beside any ratio.

Named so it shadows no standard-library module (the benches run as scripts, so
their directory is first on ``sys.path``).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def pct(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) by nearest rank; NaN for an empty sample."""
    if not values:
        return math.nan
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(q * len(s)) - 1))]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def med_p99(values: Sequence[float], scale: float = 1000.0, unit: str = "ms") -> str:
    """``median X ms  p99 Y ms  (n=N)`` for values in seconds (scale 1000 → ms)."""
    return (
        f"median {median(values) * scale:7.2f} {unit}  p99 {pct(values, 0.99) * scale:7.2f} {unit}"
        f"  (n={len(values)})"
    )


def ratio_line(label: str, ours: Sequence[float], base: Sequence[float]) -> str:
    """A ratio of medians and of p99s, with both samples' figures beside it."""
    rm = median(ours) / median(base)
    rp = pct(ours, 0.99) / pct(base, 0.99)
    return f"{label}: median ratio {rm:.2f}, p99 ratio {rp:.2f}"

"""The five-level satisfaction rating (GB/T 39734/39735 好差评)."""

from __future__ import annotations

from enum import IntEnum


class RatingLevel(IntEnum):
    VERY_SATISFIED = 5
    SATISFIED = 4
    BASICALLY_SATISFIED = 3
    DISSATISFIED = 2
    VERY_DISSATISFIED = 1

    @property
    def label(self) -> str:
        return {
            5: "非常满意",
            4: "满意",
            3: "基本满意",
            2: "不满意",
            1: "非常不满意",
        }[self.value]

    @property
    def is_bad(self) -> bool:
        """不满意 and 非常不满意 count as 差评 and need reasons."""
        return self.value <= 2


LEVELS: tuple[RatingLevel, ...] = tuple(sorted(RatingLevel, reverse=True))

#: Offline-channel indicators (self-service terminal) offered as reasons for a bad rating.
REASONS: tuple[str, ...] = (
    "办理效率低",
    "操作不便",
    "指南不清楚",
    "设备故障",
    "等待时间长",
    "其他",
)

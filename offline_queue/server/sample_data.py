"""Fictional sample data of the reference platform (no real person anywhere).

The licence holders use the fictional ID numbers of the simulators' card decks
(config/idcard_deck.json, config/smartcard_deck.json), so ``kiosk --demo`` can
prefill forms from "electronic licences" after a simulated card is read.
"""

from __future__ import annotations

from typing import Any

EMPTY_CATALOG: dict[str, Any] = {"version": "0", "categories": [], "services": []}

#: ID number → licences. Every value here is invented.
LICENCES: dict[str, list[dict[str, Any]]] = {
    "110101199001010015": [
        {
            "licence_type": "household_register",
            "title": "居民户口簿",
            "number": "HK110101000123",
            "issuer": "北京市公安局东城分局（示例）",
            "valid_until": None,
            "fields": {
                "household_head": "李建国",
                "address": "北京市东城区示例胡同1号",
                "relation": "户主",
            },
        },
        {
            "licence_type": "driving_licence",
            "title": "机动车驾驶证",
            "number": "110101199001010015",
            "issuer": "北京市公安局公安交通管理局（示例）",
            "valid_until": "2031-05-20",
            "fields": {"class": "C1", "first_issued": "2011-05-20"},
        },
    ],
    "440305200002290029": [
        {
            "licence_type": "graduation_certificate",
            "title": "高等教育学历证书",
            "number": "105581202205003456",
            "issuer": "示例大学",
            "valid_until": None,
            "fields": {"major": "计算机科学与技术", "degree": "学士", "graduated": "2022-06-30"},
        }
    ],
    "350102198805120021": [
        {
            "licence_type": "business_licence",
            "title": "个体工商户营业执照",
            "number": "92350102MA0000001X",
            "issuer": "福州市鼓楼区市场监督管理局（示例）",
            "valid_until": None,
            "fields": {
                "trade_name": "鼓楼区晓敏示例便利店",
                "operator": "林晓敏",
                "address": "福州市鼓楼区示例路8号",
            },
        },
        {
            "licence_type": "household_register",
            "title": "居民户口簿",
            "number": "HK350102000456",
            "issuer": "福州市公安局鼓楼分局（示例）",
            "valid_until": None,
            "fields": {
                "household_head": "林晓敏",
                "address": "福州市鼓楼区示例路8号",
                "relation": "户主",
            },
        },
    ],
    "350102197803120041": [
        {
            "licence_type": "marriage_certificate",
            "title": "结婚证",
            "number": "J350102-2005-000789",
            "issuer": "福州市鼓楼区民政局（示例）",
            "valid_until": None,
            "fields": {"registered": "2005-10-01"},
        }
    ],
}

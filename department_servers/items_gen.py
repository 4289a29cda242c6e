"""Fictional implementation lists for the reference servers, generated from a seed.

``generate(seed)`` gives, per server ("province" REST platform, "housing" SOAP
service, "social" 国密 gateway, "hub" national hub for 跨省通办), the items of the
departments it fronts: 2,000 items over 22 departments by default, the same for
the same seed on any machine. Each item carries its GB/T 39554.1 basic and
implementation codes (the implementing body's credit code with GB 32100/GB 11714
check characters, so the terminal can check them), the implementation-list
elements, the search keys (full pinyin, initials) and the zh_TW and English texts
(``department_servers/items_i18n.py``) computed here, on the platform's side, so the
terminal never computes them while a resident waits.

    python -m department_servers.items_gen --seed 19 --out /tmp/items   # one JSON per server

Written independently of the terminal's code (department_servers import nothing
of ours): the terminal checks what arrives with its own implementation.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from department_servers.items_i18n import translations

DEFAULT_SEED = 19
DEFAULT_COUNT = 2000
SERVERS = ("province", "housing", "social", "hub")


@dataclass(frozen=True)
class Dept:
    number: int
    name: str
    region: str
    server: str
    category: str
    objects: tuple[str, ...]


_D = Dept
DEPARTMENTS: tuple[Dept, ...] = (
    _D(
        1,
        "鼓楼区公安分局（示例）",
        "350102",
        "province",
        "household",
        ("户口", "居住证", "临时身份证", "户籍信息", "暂住登记", "门牌号"),
    ),
    _D(
        2,
        "福州市公安局（示例）",
        "350100",
        "province",
        "certificates",
        ("居民身份证", "出入境证件", "无犯罪记录", "港澳通行证", "台湾通行证", "护照"),
    ),
    _D(
        3,
        "福州市公安局交警支队（示例）",
        "350100",
        "province",
        "transport",
        ("机动车驾驶证", "机动车行驶证", "机动车号牌", "交通违法", "非机动车登记", "驾驶人信息"),
    ),
    _D(
        4,
        "鼓楼区民政局（示例）",
        "350102",
        "province",
        "elderly",
        ("婚姻登记", "最低生活保障", "老年人优待证", "高龄津贴", "特困人员供养", "殡葬服务"),
    ),
    _D(
        5,
        "鼓楼区市场监督管理局（示例）",
        "350102",
        "province",
        "business",
        ("个体工商户", "食品经营许可证", "营业执照", "企业名称", "小作坊登记", "特种设备使用登记"),
    ),
    _D(
        6,
        "国家税务总局福州市鼓楼区税务局（示例）",
        "350102",
        "province",
        "business",
        ("完税证明", "发票", "个人所得税", "税务登记", "纳税信用", "车船税"),
    ),
    _D(
        7,
        "福州市卫生健康委（示例）",
        "350100",
        "province",
        "health",
        ("出生医学证明", "医师执业证书", "护士执业证书", "预防接种证", "母婴保健", "计划生育奖励"),
    ),
    _D(
        8,
        "福州市教育局（示例）",
        "350100",
        "province",
        "education",
        ("学籍", "教师资格", "义务教育入学", "学历证明", "民办学校", "学生资助"),
    ),
    _D(
        9,
        "福州市自然资源和规划局（示例）",
        "350100",
        "province",
        "property",
        ("建设用地规划", "宅基地", "测绘成果", "地名", "林木采伐", "土地复垦"),
    ),
    _D(
        10,
        "福州市交通运输局（示例）",
        "350100",
        "province",
        "transport",
        ("道路运输证", "出租汽车驾驶员证", "网约车运输证", "客运线路", "船员证书", "公交优惠卡"),
    ),
    _D(
        11,
        "鼓楼区司法局（示例）",
        "350102",
        "province",
        "legal",
        ("法律援助", "人民调解", "公证", "律师执业", "司法鉴定", "基层法律服务"),
    ),
    _D(
        12,
        "鼓楼区退役军人事务局（示例）",
        "350102",
        "province",
        "veterans",
        ("优待证", "抚恤", "退役安置", "烈士褒扬", "优抚对象", "军休服务"),
    ),
    _D(
        13,
        "福州市残疾人联合会（示例）",
        "350100",
        "province",
        "disability",
        ("残疾人证", "两项补贴", "辅助器具", "残疾人就业", "康复救助", "无障碍改造"),
    ),
    _D(
        14,
        "福州市文化和旅游局（示例）",
        "350100",
        "province",
        "education",
        ("导游证", "演出经营", "娱乐场所", "旅行社", "文物保护", "公共图书馆证"),
    ),
    _D(
        15,
        "福州市城乡建设局（示例）",
        "350100",
        "province",
        "property",
        ("施工许可", "建筑业资质", "商品房预售", "房屋安全鉴定", "燃气经营", "物业服务"),
    ),
    _D(
        16,
        "鼓楼区卫生健康局（示例）",
        "350102",
        "province",
        "health",
        ("诊所备案", "公共场所卫生许可", "健康证", "家庭医生签约", "生育登记", "托育机构备案"),
    ),
    _D(
        17,
        "福州住房公积金中心（示例）",
        "350100",
        "housing",
        "housing",
        ("住房公积金", "公积金贷款", "缴存基数", "公积金账户", "异地贷款缴存", "公积金转移"),
    ),
    _D(
        18,
        "鼓楼区住房保障中心（示例）",
        "350102",
        "housing",
        "housing",
        ("公共租赁住房", "租赁补贴", "人才住房", "保障性住房", "住房困难认定", "经济适用住房"),
    ),
    _D(
        19,
        "福州市不动产登记中心（示例）",
        "350100",
        "housing",
        "property",
        ("不动产权证书", "抵押登记", "预告登记", "不动产信息", "查封登记", "异议登记"),
    ),
    _D(
        20,
        "福州市社会保险中心（示例）",
        "350100",
        "social",
        "social_security",
        ("养老保险", "工伤保险", "失业保险", "社会保障卡", "参保缴费", "待遇资格"),
    ),
    _D(
        21,
        "福州市医疗保障局（示例）",
        "350100",
        "social",
        "social_security",
        ("医疗保险", "生育保险", "异地就医", "门诊特殊病种", "医疗救助", "长期护理保险"),
    ),
    _D(
        22,
        "福州市人社局（示例）",
        "350100",
        "social",
        "employment",
        ("就业登记", "职业资格", "技能补贴", "创业担保贷款", "人才引进", "劳动合同备案"),
    ),
)

#: action, item type (local two letters), statutory working days
ACTIONS: tuple[tuple[str, str, int], ...] = (
    ("申领", "XK", 20),
    ("变更", "XK", 20),
    ("延续", "XK", 20),
    ("注销", "XK", 10),
    ("补办", "QR", 10),
    ("登记", "QR", 10),
    ("备案", "QR", 5),
    ("认定", "QR", 15),
    ("信息查询", "GG", 0),
    ("证明开具", "GG", 3),
    ("预约服务", "GG", 0),
    ("补贴申请", "JF", 20),
    ("资格核查", "QR", 10),
    ("材料补正", "GG", 5),
    ("进度查询", "GG", 0),
    ("异议申请", "QT", 30),
)
TYPE_DIGITS = {"XK": "01", "QR": "07", "JF": "04", "GG": "20", "QT": "10"}

#: 跨省通办: the body of another province that handles the item, region, extra days.
REMOTE_BODIES = (
    ("广东省深圳市福田区政务服务数据管理局（示例）", "440304", 10),
    ("浙江省杭州市上城区行政服务中心（示例）", "330102", 7),
    ("江西省南昌市东湖区政务服务中心（示例）", "360102", 5),
)

MATERIALS: tuple[dict[str, Any], ...] = (
    {"name": "居民身份证", "source": "公安机关核发", "medium": "either", "e_licence": "id_card"},
    {
        "name": "户口簿",
        "source": "公安机关核发",
        "medium": "either",
        "e_licence": "household_register",
    },
    {"name": "申请表", "source": "窗口领取或网上下载", "medium": "paper"},
    {"name": "近期一寸免冠照片", "source": "申请人自备", "medium": "paper", "copies": 2},
    {"name": "授权委托书", "source": "申请人自备", "medium": "paper", "required": False},
    {"name": "相关证明材料", "source": "相关单位出具", "medium": "either"},
    {
        "name": "结婚证",
        "source": "民政部门核发",
        "medium": "either",
        "e_licence": "marriage",
        "required": False,
    },
)

_ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(region: str, serial: int) -> str:
    """A unified social credit code of a government body (GB 32100: '11' = 机构编制, 机关)."""
    body = f"{serial:08d}"
    w = (3, 7, 9, 10, 5, 8, 4, 2)
    c9 = 11 - sum(_ORG_CHARS.index(c) * k for c, k in zip(body, w, strict=True)) % 11
    org = body + ("X" if c9 == 10 else "0" if c9 == 11 else str(c9))
    first17 = "11" + region + org
    w17 = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(_CREDIT_CHARS.index(c) * k for c, k in zip(first17, w17, strict=True))
    return first17 + _CREDIT_CHARS[(31 - total % 31) % 31]


def pinyin_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials of ``name`` (letters and digits, lower case)."""
    from pypinyin import lazy_pinyin

    syl = lazy_pinyin(name)
    full = re.sub(r"[^a-z0-9]", "", "".join(syl).lower())
    initials = re.sub(r"[^a-z0-9]", "", "".join(s[0] for s in syl if s and s[0].isalnum()).lower())
    return full, initials


def _item(
    rng: random.Random,
    dept: Dept,
    obj: str,
    act: str,
    kind: str,
    days: int,
    seq: int,
    remote: tuple[str, str, int] | None,
) -> dict[str, Any]:
    name = f"{obj}{act}" + ("（跨省通办）" if remote else "")
    body_name, region, extra = remote if remote else (dept.name, dept.region, 0)
    body_code = credit_code(region, 10_000_000 + (dept.number * 97 + (7 if remote else 0)))
    basic = f"{TYPE_DIGITS[kind]}{dept.number:03d}{seq:04d}000"
    promised = max(0, days // 2 - 1) + extra if days else (extra or 0)
    full, initials = pinyin_keys(name)
    materials = [dict(m) for m in rng.sample(MATERIALS[:6], rng.randint(1, 3))]
    if rng.random() < 0.3:
        materials.append(dict(MATERIALS[6]))
    item: dict[str, Any] = {
        "code": f"{dept.region}00{dept.number:02d}-{kind}-{seq:04d}",
        "name": name,
        "department": dept.name,
        "category": "cross_region" if remote else dept.category,
        "tags": [obj, act],
        "item_type": kind,
        "basic_code": basic,
        "impl_code": body_code + basic + "1",
        "region": region,
        "pinyin": full,
        "initials": initials,
        "mode": "apply",
        "offline_ok": True,
        "signature_required": rng.random() < 0.5,
        "guide": {
            "conditions": [f"申请人符合{obj}相关规定", "本人持有效身份证件办理"],
            "legal_basis": f"《{obj}管理办法》第{rng.randint(3, 40)}条（示例）",
            "time_limit": f"{promised}个工作日" if promised else "即时办结",
            "statutory_days": days + extra,
            "promised_days": promised,
            "fee": "不收费" if rng.random() < 0.85 else "按规定标准收费",
            "fee_basis": "" if rng.random() < 0.85 else f"《{obj}收费标准》（示例）",
            "result_delivery": rng.choice(("窗口领取", "邮寄送达", "电子证照", "现场打印")),
            "result_name": f"{obj}{'办理结果' if kind != 'XK' else '许可决定书'}",
            "implementing_body": body_name,
            "procedure": ["自助终端申请", "部门受理", "审查决定", "送达结果"],
            "place": "鼓楼区政务服务中心一楼综合窗口（示例）"
            if not remote
            else f"{body_name}（异地办理）",
            "hours": "工作日 9:00-12:00，14:00-17:30",
            "consult_phone": f"0591-8{dept.number:02d}0{rng.randint(1000, 9999)}",
            "complaint_phone": "12345",
            "visits": 0 if kind in ("GG", "QR") else rng.choice((0, 1)),
        },
        "form": [
            {"key": "name", "label": "姓名", "prefill": "identity.name", "editable": False},
            {
                "key": "id_number",
                "label": "身份证号码",
                "type": "id_number",
                "prefill": "identity.id_number",
                "editable": False,
            },
            {"key": "phone", "label": "联系电话", "type": "phone"},
        ],
        "materials": materials,
    }
    if remote:
        item["handled_by"] = f"{body_name}（跨省通办）"
    item["i18n"] = translations(item, dept.number, obj, act, region if remote else None)
    return item


def generate(
    seed: int = DEFAULT_SEED, count: int = DEFAULT_COUNT
) -> dict[str, list[dict[str, Any]]]:
    """Items per server; ``count`` items over the 22 departments, 5 % of them 跨省通办."""
    rng = random.Random(seed)
    out: dict[str, list[dict[str, Any]]] = {s: [] for s in SERVERS}
    per_dept = [count // len(DEPARTMENTS)] * len(DEPARTMENTS)
    for i in range(count - sum(per_dept)):
        per_dept[i] += 1
    for dept, n in zip(DEPARTMENTS, per_dept, strict=True):
        combos = [(o, a) for o in dept.objects for a in ACTIONS]
        rng.shuffle(combos)
        for seq in range(1, n + 1):
            obj, (act, kind, days) = combos[(seq - 1) % len(combos)]
            if seq > len(combos):  # more items than names: a second series
                obj = f"{obj}（单位）"
            remote = rng.choice(REMOTE_BODIES) if rng.random() < 0.05 else None
            item = _item(rng, dept, obj, act, kind, days, seq, remote)
            out["hub" if remote else dept.server].append(item)
    return out


def write(out_dir: Path, seed: int = DEFAULT_SEED, count: int = DEFAULT_COUNT) -> dict[str, Path]:
    """One ``<server>.json`` per server in ``out_dir``; returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for server, items in generate(seed, count).items():
        p = out_dir / f"{server}.json"
        tmp = p.with_name(p.name + ".tmp")  # a crash mid-write leaves no half file
        tmp.write_text(json.dumps({"seed": seed, "items": items}, ensure_ascii=False), "utf-8")
        os.replace(tmp, p)
        paths[server] = p
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--count", type=int, default=DEFAULT_COUNT)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    for server, p in write(a.out, a.seed, a.count).items():
        print(f"{server}: {p}")


if __name__ == "__main__":
    main()

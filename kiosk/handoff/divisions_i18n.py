"""Build the address picker's division and street names in zh_TW and English.

Written at data build time into ``kiosk/handoff/data/divisions_i18n.json`` (province,
city and district names by code) and ``streets_zh_TW.json`` / ``streets_en.json``
(each district's street list, in the order of ``streets.json``), from the committed
``divisions.json`` and ``streets.json``. The terminal only reads these files
(:mod:`kiosk.handoff.divisions`): it never imports OpenCC or pypinyin for them.

- zh_TW: OpenCC ``s2tw`` (Taiwan characters, no phrase substitution: a place name is
  a proper name, so s2twp's vocabulary changes have no business in it).
- English: the conventional form of Chinese place names, the proper part in pinyin
  written as one word without tones (GB/T 16159, an apostrophe where a syllable
  starting with a, o or e follows another: Xi'an), then the kind of division in
  English (区 District, 县 County, 街道 Subdistrict, 镇 Town, 乡 Township, …);
  autonomous divisions name their peoples (长阳土家族自治县 → Changyang Tujia
  Autonomous County). Provinces use their established English names (Inner Mongolia,
  Tibet); a city is known by its name alone (福州市 → Fuzhou). pypinyin reads the
  characters, with its phrase table for the polyphones; :data:`READINGS` corrects
  the place names it reads wrong.

Reproduce (the test suite checks the shipped files are what this writes)::

    python -m kiosk.handoff.divisions_i18n
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
DIVISIONS = DATA / "divisions.json"
STREETS = DATA / "streets.json"
OUT = DATA / "divisions_i18n.json"
STREETS_OUT = {"zh_TW": DATA / "streets_zh_TW.json", "en": DATA / "streets_en.json"}

#: Provinces by their established English names.
PROVINCES_EN = {
    "北京市": "Beijing", "天津市": "Tianjin", "河北省": "Hebei", "山西省": "Shanxi",
    "内蒙古自治区": "Inner Mongolia", "辽宁省": "Liaoning", "吉林省": "Jilin",
    "黑龙江省": "Heilongjiang", "上海市": "Shanghai", "江苏省": "Jiangsu",
    "浙江省": "Zhejiang", "安徽省": "Anhui", "福建省": "Fujian", "江西省": "Jiangxi",
    "山东省": "Shandong", "河南省": "Henan", "湖北省": "Hubei", "湖南省": "Hunan",
    "广东省": "Guangdong", "广西壮族自治区": "Guangxi", "海南省": "Hainan",
    "重庆市": "Chongqing", "四川省": "Sichuan", "贵州省": "Guizhou", "云南省": "Yunnan",
    "西藏自治区": "Tibet", "陕西省": "Shaanxi", "甘肃省": "Gansu", "青海省": "Qinghai",
    "宁夏回族自治区": "Ningxia", "新疆维吾尔自治区": "Xinjiang",
}  # fmt: skip

#: The 56 peoples' English names, as in the names of autonomous divisions.
PEOPLES = {
    "蒙古": "Mongol", "回": "Hui", "藏": "Tibetan", "维吾尔": "Uygur", "苗": "Miao",
    "彝": "Yi", "壮": "Zhuang", "布依": "Buyei", "朝鲜": "Korean", "满": "Manchu",
    "侗": "Dong", "瑶": "Yao", "白": "Bai", "土家": "Tujia", "哈尼": "Hani",
    "哈萨克": "Kazak", "傣": "Dai", "黎": "Li", "傈僳": "Lisu", "佤": "Va", "畲": "She",
    "高山": "Gaoshan", "拉祜": "Lahu", "水": "Sui", "东乡": "Dongxiang", "纳西": "Naxi",
    "景颇": "Jingpo", "柯尔克孜": "Kirgiz", "土": "Tu", "达斡尔": "Daur", "仫佬": "Mulao",
    "羌": "Qiang", "布朗": "Blang", "撒拉": "Salar", "毛南": "Maonan", "仡佬": "Gelao",
    "锡伯": "Xibe", "阿昌": "Achang", "普米": "Pumi", "塔吉克": "Tajik", "怒": "Nu",
    "乌孜别克": "Uzbek", "俄罗斯": "Russian", "鄂温克": "Ewenki", "德昂": "De'ang",
    "保安": "Bonan", "裕固": "Yugur", "京": "Gin", "塔塔尔": "Tatar", "独龙": "Derung",
    "鄂伦春": "Oroqen", "赫哲": "Hezhen", "门巴": "Monba", "珞巴": "Lhoba", "基诺": "Jino",
}  # fmt: skip
#: Peoples named without 族 in division names (伊犁哈萨克自治州).
_BARE_PEOPLES = ("蒙古", "维吾尔", "哈萨克", "柯尔克孜", "塔吉克", "锡伯")

#: Kinds of division whose names may carry peoples (longest first within a level).
_AUTONOMOUS = {
    "自治州": "Autonomous Prefecture",
    "自治县": "Autonomous County",
    "自治旗": "Autonomous Banner",
    "民族乡": "Ethnic Township",
    "民族镇": "Ethnic Town",
    "民族苏木": "Ethnic Sumu",
    "乡": "Ethnic Township",  # 畲族乡: only with a people before it
    "镇": "Ethnic Town",
    "苏木": "Ethnic Sumu",
}

#: The kind of division at the end of a name, per level (longest match wins).
SUFFIXES: dict[str, dict[str, str]] = {
    "city": {"地区": "Prefecture", "盟": "League", "市": "", "州": "Prefecture"},
    "district": {
        "林区": "Forestry District", "特区": "Special District", "新区": "New Area",
        "区": "District", "县": "County", "市": "City", "旗": "Banner",
    },
    "street": {
        "街道办事处": "Subdistrict", "街道": "Subdistrict", "镇": "Town", "乡": "Township",
        "苏木": "Sumu", "地区办事处": "Area Office", "办事处": "Office",
        "经济技术开发区": "Economic and Technological Development Zone",
        "高新技术产业开发区": "High-tech Industrial Development Zone",
        "经济开发区": "Economic Development Zone", "开发区": "Development Zone",
        "工业园区": "Industrial Park", "产业园区": "Industrial Park", "园区": "Park",
        "工业区": "Industrial Zone", "示范区": "Demonstration Zone", "新区": "New Area",
        "风景名胜区": "Scenic Area", "风景区": "Scenic Area", "旅游区": "Tourist Area",
        "保税区": "Bonded Zone", "港区": "Port Area", "管理区": "Administrative Area",
        "管委会": "Administrative Committee", "管理委员会": "Administrative Committee",
        "良种场": "Seed Farm", "种畜场": "Breeding Farm", "茶场": "Tea Farm",
        "渔场": "Fishery", "林场": "Forest Farm", "牧场": "Ranch", "农场": "Farm",
        "垦殖场": "Reclamation Farm", "园艺场": "Horticultural Farm", "场": "Farm",
        "监狱": "Prison", "公司": "Company", "中心": "Centre", "管理局": "Administration",
        "局": "Bureau", "团": "Regiment", "集团": "Group", "组团": "Cluster",
        "矿区": "Mining Area", "矿": "Mine", "社区": "Community", "地区": "Area", "区": "Area",
        "工业园": "Industrial Park", "园": "Park", "管理处": "Management Office",
        "苗圃": "Nursery", "基地": "Base",
    },
}  # fmt: skip

#: Whole names with a fixed English form.
WHOLE = {
    "省直辖县级行政区划": "County-level divisions",
    "自治区直辖县级行政区划": "County-level divisions",
}

#: Place names pypinyin reads wrong (its everyday reading of a polyphone): the right one.
READINGS = {
    "六安": "lu an", "蚌埠": "beng bu", "番禺": "pan yu", "丽水": "li shui", "丽江": "li jiang",
    "乐亭": "lao ting", "乐清": "yue qing", "大洞": "da dong", "歙县": "she xian",
    "铅山": "yan shan", "百色": "bai se", "东莞": "dong guan", "台州": "tai zhou",
    "天台": "tian tai", "长乐": "chang le", "长汀": "chang ting", "长泰": "chang tai",
    "重庆": "chong qing", "厦门": "xia men", "莘县": "shen xian", "蔚县": "yu xian",
    "会理": "hui li", "单县": "shan xian", "洪洞": "hong tong", "栟茶": "bing cha",
    "濮阳": "pu yang", "涡阳": "guo yang", "枞阳": "zong yang", "盱眙": "xu yi",
    "尉氏": "wei shi", "柏乡": "bai xiang", "井陉": "jing xing", "藁城": "gao cheng",
    "解州": "xie zhou", "大冶": "da ye", "漯河": "luo he", "荥阳": "xing yang",
    "浚县": "xun xian", "牟平": "mu ping", "筠连": "jun lian", "郫都": "pi du",
    "犍为": "qian wei", "綦江": "qi jiang", "黄陂": "huang pi", "监利": "jian li",
    "阆中": "lang zhong", "长子": "zhang zi", "鄱阳": "po yang", "吐鲁番": "tu lu fan", "洛阳": "luo yang",
}  # fmt: skip

#: Characters whose reading in place names is not pypinyin's usual one.
CHAR_READINGS = {"长": "chang"}  # 长阳, 长汀 (长子 is in READINGS)

_CN_DIGITS = dict(zip("〇零一二三四五六七八九", "00123456789", strict=True))
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_FULLWIDTH = str.maketrans("（）", "()")


def _pinyin() -> Callable[[str], list[str]]:
    from pypinyin import Style, lazy_pinyin  # build time only

    def syllables(text: str) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(text):
            for n in (3, 2):
                if text[i : i + n] in READINGS:
                    out.extend(READINGS[text[i : i + n]].split())
                    i += n
                    break
            else:
                out.extend(lazy_pinyin(text[i], style=Style.NORMAL, v_to_u=True))
                i += 1
        return out

    def whole(text: str) -> list[str]:
        # Phrases first (pypinyin's table reads 重庆, 长沙 as words), READINGS over them.
        if any(k in text for k in READINGS):
            return syllables(text)
        out = list(lazy_pinyin(text, style=Style.NORMAL, v_to_u=True))
        if len(out) == len(text):  # one syllable a character: the place-name readings
            out = [CHAR_READINGS.get(c, s) for c, s in zip(text, out, strict=True)]
        return out

    return whole


class English:
    """Place names in English (pypinyin loaded once, at build time)."""

    def __init__(self) -> None:
        self._syllables = _pinyin()

    def word(self, text: str) -> str:
        """``鼓楼`` → ``Gulou``; ``西安`` → ``Xi'an``; Chinese numerals as digits."""
        text = text.translate(_FULLWIDTH)
        if text and all(c in _CN_DIGITS for c in text):
            return "".join(_CN_DIGITS[c] for c in text)
        parts: list[str] = []
        for s in self._syllables(text):
            if parts and s[:1] in "aoe" and parts[-1][-1:].isalpha():
                parts.append("'")
            parts.append(s)
        out = "".join(parts)
        return out[:1].upper() + out[1:]

    def _peoples(self, stem: str, bare_ok: bool) -> tuple[str, list[str]]:
        """``长阳土家族`` → (``长阳``, [Tujia]): the peoples at the end of a stem."""
        found: list[str] = []
        keys = sorted(PEOPLES, key=len, reverse=True)
        while True:
            for k in keys:
                if stem.endswith(k + "族"):  # 鄂温克族自治旗: named after its people
                    found.insert(0, PEOPLES[k])
                    stem = stem[: -len(k) - 1]
                    break
                if bare_ok and k in _BARE_PEOPLES and stem.endswith(k):
                    found.insert(0, PEOPLES[k])
                    stem = stem[: -len(k)]
                    break
            else:
                return stem, found

    def name(self, zh: str, level: str) -> str:
        if zh in WHOLE:
            return WHOLE[zh]
        if level == "province":
            return PROVINCES_EN.get(zh) or self.name(zh, "district")
        for kind, english in _AUTONOMOUS.items():
            if zh.endswith(kind):
                stem, peoples = self._peoples(zh[: -len(kind)], kind.startswith("自治"))
                if peoples or kind.startswith(("自治", "民族")):
                    joined = (
                        ", ".join(peoples[:-1]) + " and " + peoples[-1]
                        if len(peoples) > 1
                        else "".join(peoples)
                    )
                    return " ".join(p for p in (self.word(stem), joined, english) if p)
        table = SUFFIXES.get(level, SUFFIXES["street"])
        for kind in sorted(table, key=len, reverse=True):
            if zh.endswith(kind) and len(zh) > len(kind):
                stem, english = self.word(zh[: -len(kind)]), table[kind]
                if stem.isdigit():  # 一五〇团 → Regiment 150
                    return f"{english} {stem}"
                return f"{stem} {english}".strip()
        return self.word(zh)


def build(
    divisions: dict[str, Any], streets: dict[str, Any], provinces: tuple[str, ...] = ()
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """(names by code per language, street lists per language) of the given data.

    ``provinces``: only these province codes (the test rebuilds one to compare).
    """
    import opencc

    tw = opencc.OpenCC("s2tw")
    en = English()
    names: dict[str, dict[str, str]] = {"zh_TW": {}, "en": {}}
    lists: dict[str, dict[str, list[str]]] = {"zh_TW": {}, "en": {}}

    def add(code: str, zh: str, level: str) -> None:
        names["zh_TW"].setdefault(code, str(tw.convert(zh)))
        names["en"].setdefault(code, en.name(zh, level))

    for p in divisions["provinces"]:
        if provinces and p["code"] not in provinces:
            continue
        add(p["code"], p["name"], "province")
        for c in p["cities"]:
            municipality = c["code"] == p["code"]
            if not municipality:
                add(c["code"], c["name"], "city")
            for code, name in c["districts"]:
                add(code, name, "district")
                for_district = streets["districts"].get(code)
                if for_district:
                    lists["zh_TW"][code] = [str(tw.convert(s)) for s in for_district]
                    lists["en"][code] = [en.name(s, "street") for s in for_district]
    left = sorted(
        {t for t in names["en"].values() if _CJK.search(t)}
        | {t for v in lists["en"].values() for t in v if _CJK.search(t)}
    )
    if left:
        raise SystemExit(f"Chinese left in English names: {left[:10]}")
    meta = {"source": "divisions.json, streets.json; kiosk/handoff/divisions_i18n.py"}
    return (
        {**meta, **names},
        {lang: {**meta, "districts": v} for lang, v in lists.items()},
    )


def _write(path: Path, data: dict[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")


def main() -> int:
    divisions = json.loads(DIVISIONS.read_text(encoding="utf-8"))
    streets = json.loads(STREETS.read_text(encoding="utf-8"))
    names, lists = build(divisions, streets)
    _write(OUT, names)
    for lang, data in lists.items():
        _write(STREETS_OUT[lang], data)
    print(f"{OUT}: {len(names['en'])} names; street lists for {len(lists['en']['districts'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

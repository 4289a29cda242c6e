"""English and Traditional (zh_TW) texts of the generated items.

The English names are composed from English parts: the object (居住证 → "Residence
permit") and the action (延续 → "renewal") give "Residence permit renewal"; the
guide's texts follow the same templates as the Chinese ones. zh_TW is OpenCC's
``s2twp`` (Taiwan phrasing) with a few reviewed fixes. Both are computed here, where
the platform builds its lists, and sent with each item as its ``i18n`` tables: a
flat map of text path (``name``, ``guide.conditions``, ``form.phone.label``,
``materials.0.name``, …) to the translated text, the shape the terminal checks.

Deterministic: nothing here draws from the generator's random stream.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

#: English names of the departments, by number (fictional, as the Chinese ones).
DEPT_EN = {
    1: "Gulou District Public Security Branch (sample)",
    2: "Fuzhou Public Security Bureau (sample)",
    3: "Fuzhou Traffic Police Detachment (sample)",
    4: "Gulou District Civil Affairs Bureau (sample)",
    5: "Gulou District Market Regulation Bureau (sample)",
    6: "Gulou District Tax Bureau, State Taxation Administration (sample)",
    7: "Fuzhou Health Commission (sample)",
    8: "Fuzhou Education Bureau (sample)",
    9: "Fuzhou Natural Resources and Planning Bureau (sample)",
    10: "Fuzhou Transport Bureau (sample)",
    11: "Gulou District Justice Bureau (sample)",
    12: "Gulou District Veterans Affairs Bureau (sample)",
    13: "Fuzhou Disabled Persons' Federation (sample)",
    14: "Fuzhou Culture and Tourism Bureau (sample)",
    15: "Fuzhou Urban and Rural Construction Bureau (sample)",
    16: "Gulou District Health Bureau (sample)",
    17: "Fuzhou Housing Provident Fund Centre (sample)",
    18: "Gulou District Housing Security Centre (sample)",
    19: "Fuzhou Real Estate Registration Centre (sample)",
    20: "Fuzhou Social Insurance Centre (sample)",
    21: "Fuzhou Healthcare Security Bureau (sample)",
    22: "Fuzhou Human Resources and Social Security Bureau (sample)",
}

#: English names of the objects the departments' items are about.
OBJECT_EN = {
    "户口": "Household registration",
    "居住证": "Residence permit",
    "临时身份证": "Temporary ID card",
    "户籍信息": "Household record",
    "暂住登记": "Temporary stay registration",
    "门牌号": "House number",
    "居民身份证": "Resident ID card",
    "出入境证件": "Exit-entry document",
    "无犯罪记录": "Criminal record",
    "港澳通行证": "Hong Kong and Macao travel permit",
    "台湾通行证": "Taiwan travel permit",
    "护照": "Passport",
    "机动车驾驶证": "Driving licence",
    "机动车行驶证": "Vehicle licence",
    "机动车号牌": "Licence plate",
    "交通违法": "Traffic offence",
    "非机动车登记": "Bicycle and e-bike registration",
    "驾驶人信息": "Driver record",
    "婚姻登记": "Marriage registration",
    "最低生活保障": "Minimum living allowance",
    "老年人优待证": "Senior card",
    "高龄津贴": "Old-age allowance",
    "特困人员供养": "Support for people in extreme poverty",
    "殡葬服务": "Funeral services",
    "个体工商户": "Sole proprietorship",
    "食品经营许可证": "Food business licence",
    "营业执照": "Business licence",
    "企业名称": "Company name",
    "小作坊登记": "Small workshop registration",
    "特种设备使用登记": "Special equipment registration",
    "完税证明": "Tax payment certificate",
    "发票": "Invoice",
    "个人所得税": "Individual income tax",
    "税务登记": "Tax registration",
    "纳税信用": "Tax credit rating",
    "车船税": "Vehicle and vessel tax",
    "出生医学证明": "Birth certificate",
    "医师执业证书": "Physician practising certificate",
    "护士执业证书": "Nurse practising certificate",
    "预防接种证": "Vaccination certificate",
    "母婴保健": "Maternal and infant health care",
    "计划生育奖励": "Family planning award",
    "学籍": "Student record",
    "教师资格": "Teacher qualification",
    "义务教育入学": "Compulsory school enrolment",
    "学历证明": "Education certificate",
    "民办学校": "Private school",
    "学生资助": "Student aid",
    "建设用地规划": "Building land planning",
    "宅基地": "Rural homestead",
    "测绘成果": "Survey results",
    "地名": "Place name",
    "林木采伐": "Tree felling",
    "土地复垦": "Land reclamation",
    "道路运输证": "Road transport permit",
    "出租汽车驾驶员证": "Taxi driver licence",
    "网约车运输证": "Ride-hailing vehicle permit",
    "客运线路": "Passenger route",
    "船员证书": "Seafarer certificate",
    "公交优惠卡": "Bus concession card",
    "法律援助": "Legal aid",
    "人民调解": "People's mediation",
    "公证": "Notarisation",
    "律师执业": "Lawyer practice",
    "司法鉴定": "Forensic appraisal",
    "基层法律服务": "Community legal services",
    "优待证": "Veteran preferential card",
    "抚恤": "Survivor pension",
    "退役安置": "Veteran placement",
    "烈士褒扬": "Martyr commemoration",
    "优抚对象": "Entitled groups",
    "军休服务": "Military retiree services",
    "残疾人证": "Disability card",
    "两项补贴": "Disability allowances",
    "辅助器具": "Assistive devices",
    "残疾人就业": "Disability employment",
    "康复救助": "Rehabilitation aid",
    "无障碍改造": "Accessibility adaptation",
    "导游证": "Tour guide licence",
    "演出经营": "Performance business",
    "娱乐场所": "Entertainment venue",
    "旅行社": "Travel agency",
    "文物保护": "Cultural relics protection",
    "公共图书馆证": "Public library card",
    "施工许可": "Construction permit",
    "建筑业资质": "Construction qualification",
    "商品房预售": "Off-plan home sale",
    "房屋安全鉴定": "Building safety appraisal",
    "燃气经营": "Gas supply business",
    "物业服务": "Property management",
    "诊所备案": "Clinic filing",
    "公共场所卫生许可": "Public place hygiene licence",
    "健康证": "Health certificate",
    "家庭医生签约": "Family doctor contract",
    "生育登记": "Birth registration",
    "托育机构备案": "Childcare centre filing",
    "住房公积金": "Housing provident fund",
    "公积金贷款": "Provident fund loan",
    "缴存基数": "Contribution base",
    "公积金账户": "Provident fund account",
    "异地贷款缴存": "Out-of-town loan contribution",
    "公积金转移": "Provident fund transfer",
    "公共租赁住房": "Public rental housing",
    "租赁补贴": "Rent subsidy",
    "人才住房": "Talent housing",
    "保障性住房": "Affordable housing",
    "住房困难认定": "Housing hardship",
    "经济适用住房": "Economy housing",
    "不动产权证书": "Real estate title",
    "抵押登记": "Mortgage registration",
    "预告登记": "Advance registration",
    "不动产信息": "Real estate record",
    "查封登记": "Seizure registration",
    "异议登记": "Objection registration",
    "养老保险": "Pension insurance",
    "工伤保险": "Work injury insurance",
    "失业保险": "Unemployment insurance",
    "社会保障卡": "Social security card",
    "参保缴费": "Insurance contributions",
    "待遇资格": "Benefit eligibility",
    "医疗保险": "Medical insurance",
    "生育保险": "Maternity insurance",
    "异地就医": "Out-of-town medical care",
    "门诊特殊病种": "Special outpatient conditions",
    "医疗救助": "Medical aid",
    "长期护理保险": "Long-term care insurance",
    "就业登记": "Employment registration",
    "职业资格": "Vocational qualification",
    "技能补贴": "Skills subsidy",
    "创业担保贷款": "Start-up guaranteed loan",
    "人才引进": "Talent recruitment",
    "劳动合同备案": "Labour contract filing",
}

#: English of the actions, in the order of ACTIONS.
ACTION_EN = {
    "申领": "application",
    "变更": "change",
    "延续": "renewal",
    "注销": "cancellation",
    "补办": "replacement",
    "登记": "registration",
    "备案": "filing",
    "认定": "recognition",
    "信息查询": "record search",
    "证明开具": "certificate",
    "预约服务": "booking",
    "补贴申请": "subsidy application",
    "资格核查": "eligibility check",
    "材料补正": "document correction",
    "进度查询": "progress search",
    "异议申请": "objection",
}

REMOTE_EN = {
    "440304": "Futian District Government Services Data Administration, Shenzhen, Guangdong (sample)",
    "330102": "Shangcheng District Administrative Service Centre, Hangzhou, Zhejiang (sample)",
    "360102": "Donghu District Government Service Centre, Nanchang, Jiangxi (sample)",
}

#: Fixed texts of the generated items.
TEXT_EN = {
    "本人持有效身份证件办理": "Apply in person with a valid ID",
    "即时办结": "Done on the spot",
    "不收费": "Free of charge",
    "按规定标准收费": "Fee at the set rate",
    "窗口领取": "Collect at the counter",
    "邮寄送达": "Sent by post",
    "电子证照": "Electronic licence",
    "现场打印": "Printed here",
    "自助终端申请": "Apply at the kiosk",
    "部门受理": "Accepted by the department",
    "审查决定": "Review and decision",
    "送达结果": "Result delivered",
    "鼓楼区政务服务中心一楼综合窗口（示例）": "Gulou District Government Service Centre, ground floor, general counter (sample)",
    "工作日 9:00-12:00，14:00-17:30": "Working days 9:00-12:00, 14:00-17:30",
    "姓名": "Name",
    "身份证号码": "ID number",
    "联系电话": "Phone number",
    "居民身份证": "Resident ID card",
    "户口簿": "Household register",
    "申请表": "Application form",
    "近期一寸免冠照片": "Recent passport-size photo",
    "授权委托书": "Power of attorney",
    "相关证明材料": "Supporting documents",
    "结婚证": "Marriage certificate",
    "公安机关核发": "Issued by the police",
    "窗口领取或网上下载": "From the counter or downloaded",
    "申请人自备": "Brought by you",
    "相关单位出具": "Issued by the body concerned",
    "民政部门核发": "Issued by civil affairs",
}

#: OpenCC's Taiwan phrasing turns some government words into computer words.
_TW_FIXES = (("視窗", "窗口"), ("登出", "註銷"), ("賬", "帳"), ("物件", "對象"))


@functools.cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("s2twp")


@functools.cache
def traditional(text: str) -> str:
    """``text`` in Traditional characters, Taiwan phrasing (cached: texts repeat a lot)."""
    out = str(_converter().convert(text))
    for wrong, right in _TW_FIXES:
        out = out.replace(wrong, right)
    return out


_GUIDE_STRINGS = (
    "legal_basis",
    "time_limit",
    "fee",
    "fee_basis",
    "result_delivery",
    "implementing_body",
    "result_name",
    "place",
    "hours",
)


def sources(item: dict[str, Any]) -> Iterator[tuple[str, str | list[str]]]:
    """(text path, zh_CN text) of every text of a generated item."""
    for key in ("name", "department", "handled_by"):
        if item.get(key):
            yield key, item[key]
    g = item["guide"]
    for key in _GUIDE_STRINGS:
        if g.get(key):
            yield f"guide.{key}", g[key]
    for key in ("conditions", "procedure"):
        yield f"guide.{key}", list(g[key])
    for f in item["form"]:
        yield f"form.{f['key']}.label", f["label"]
    for i, m in enumerate(item["materials"]):
        yield f"materials.{i}.name", m["name"]
        yield f"materials.{i}.source", m.get("source", "申请人自备")


def _object_en(obj: str) -> str:
    if obj.endswith("（单位）"):
        return OBJECT_EN[obj.removesuffix("（单位）")] + " (organisations)"
    return OBJECT_EN[obj]


def _days(n: int) -> str:
    return "1 working day" if n == 1 else f"{n} working days"


def english(
    item: dict[str, Any], dept_number: int, obj: str, act: str, remote_region: str | None
) -> dict[str, str | list[str]]:
    """The English texts of an item made by the generator from these parts."""
    o = _object_en(obj)
    g = item["guide"]
    body = REMOTE_EN[remote_region] if remote_region else DEPT_EN[dept_number]
    law = re.search(r"第(\d+)条", g["legal_basis"])
    out: dict[str, str | list[str]] = {
        "name": f"{o} {ACTION_EN[act]}" + (" (cross-province)" if remote_region else ""),
        "department": DEPT_EN[dept_number],
        "guide.legal_basis": f"Measures on {o}, Article {law.group(1) if law else '?'} (sample)",
        "guide.time_limit": _days(g["promised_days"]) if g["promised_days"] else "Done on the spot",
        "guide.fee": TEXT_EN[g["fee"]],
        "guide.result_delivery": TEXT_EN[g["result_delivery"]],
        "guide.implementing_body": body,
        "guide.result_name": f"{o}: licensing decision"
        if g["result_name"].endswith("许可决定书")
        else f"{o}: result",
        "guide.place": f"{body} (handled there)" if remote_region else TEXT_EN[g["place"]],
        "guide.hours": TEXT_EN[g["hours"]],
        "guide.conditions": [
            f"You meet the rules on {o[0].lower() + o[1:]}",
            TEXT_EN[g["conditions"][1]],
        ],
        "guide.procedure": [TEXT_EN[p] for p in g["procedure"]],
    }
    if g.get("fee_basis"):
        out["guide.fee_basis"] = f"Fee standard for {o} (sample)"
    if remote_region:
        out["handled_by"] = f"{body} (cross-province)"
    for f in item["form"]:
        out[f"form.{f['key']}.label"] = TEXT_EN[f["label"]]
    for i, m in enumerate(item["materials"]):
        out[f"materials.{i}.name"] = TEXT_EN[m["name"]]
        out[f"materials.{i}.source"] = TEXT_EN[m.get("source", "申请人自备")]
    return out


def translations(
    item: dict[str, Any], dept_number: int, obj: str, act: str, remote_region: str | None
) -> dict[str, dict[str, str | list[str]]]:
    """The item's ``i18n`` tables: zh_TW for every text, and English."""
    tw = {
        path: [traditional(t) for t in text] if isinstance(text, list) else traditional(text)
        for path, text in sources(item)
    }
    return {"zh_TW": tw, "en": english(item, dept_number, obj, act, remote_region)}

"""The core's resident-facing messages, shown in the screen's language.

The services and identity layers below the UI speak zh_CN only (their errors carry a
resident message in Chinese, the submission result its headline and notes), and they
build some messages around catalog texts (“请填写“联系电话””, “无犯罪记录证明已即时办结。”).
The screens pass such a message through :func:`resident_text`, which finds its template
here, translates the template through Qt (these ``self.tr`` literals are extracted into
the .ts files like every screen string) and puts back the parts, each translated in
turn: a catalog text of the service in hand by its own i18n tables, a nested message
by its template.

A message without a template is shown as it is (zh_CN); the walkthrough test
(tests/ui/test_translations_walkthrough.py) finds any that reaches a screen.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from kiosk.services.catalog_i18n import text_paths
from kiosk.ui.i18n import current_language


class CoreTexts(QObject):
    """The templates: zh_CN pattern ({0}, {1}: parts) → translated template (%1, %2)."""

    def templates(self) -> list[tuple[str, str]]:
        return [
            # form validation (kiosk/services/catalog.py FormField.validate_value)
            ("请填写“{0}”", self.tr("请填写“%1”")),
            ("“{0}”至少需要 {1} 个字", self.tr("“%1”至少需要 %2 个字")),
            ("“{0}”不能超过 {1} 个字", self.tr("“%1”不能超过 %2 个字")),
            ("请输入 11 位手机号码", self.tr("请输入 11 位手机号码")),
            ("“{0}”请输入数字", self.tr("“%1”请输入数字")),
            ("“{0}”请按 年-月-日 填写", self.tr("“%1”请按 年-月-日 填写")),
            ("请选择“{0}”", self.tr("请选择“%1”")),
            ("“{0}”格式不正确", self.tr("“%1”格式不正确")),
            # identity documents (kiosk/identity)
            (
                "证件信息无法识别，请重新放置证件或联系工作人员。",
                self.tr("证件信息无法识别，请重新放置证件或联系工作人员。"),
            ),
            (
                "证件号码校验未通过，请联系工作人员。",
                self.tr("证件号码校验未通过，请联系工作人员。"),
            ),
            (
                "证件已过有效期，请使用有效证件办理。",
                self.tr("证件已过有效期，请使用有效证件办理。"),
            ),
            ("证件尚未生效，请使用有效证件办理。", self.tr("证件尚未生效，请使用有效证件办理。")),
            (
                "证件信息读取不完整，请取下证件后重新放置。",
                self.tr("证件信息读取不完整，请取下证件后重新放置。"),
            ),
            (
                "扫码登录未成功，请重新亮码或使用身份证办理。",
                self.tr("扫码登录未成功，请重新亮码或使用身份证办理。"),
            ),
            (
                "二维码已过期，请在App中刷新后重新扫码。",
                self.tr("二维码已过期，请在App中刷新后重新扫码。"),
            ),
            (
                "该二维码已使用过，请在App中刷新后重新扫码。",
                self.tr("该二维码已使用过，请在App中刷新后重新扫码。"),
            ),
            ("居民身份证", self.tr("居民身份证")),
            ("外国人永久居留身份证", self.tr("外国人永久居留身份证")),
            ("港澳台居民居住证", self.tr("港澳台居民居住证")),
            ("社会保障卡", self.tr("社会保障卡")),
            ("政务服务 App 码", self.tr("政务服务 App 码")),
            # submission results (kiosk/services/submit_flow.py)
            ("办理成功，证明已打印", self.tr("办理成功，证明已打印")),
            ("办理成功", self.tr("办理成功")),
            ("{0}已即时办结。", self.tr("%1已即时办结。")),
            ("请在出纸口取走您的证明。", self.tr("请在出纸口取走您的证明。")),
            (
                "证明暂时无法打印（{0}），可凭受理编号在任一终端扫码补打，或到窗口领取。",
                self.tr("证明暂时无法打印（%1），可凭受理编号在任一终端扫码补打，或到窗口领取。"),
            ),
            ("申请已保存在本终端，联网后自动提交", self.tr("申请已保存在本终端，联网后自动提交")),
            (
                "网络暂不可用，申请尚未送达政务平台。它已加密保存在本终端，"
                "联网后自动提交，您无需再次办理；请保留凭条，凭临时编号查询进度。",
                self.tr(
                    "网络暂不可用，申请尚未送达政务平台。它已加密保存在本终端，"
                    "联网后自动提交，您无需再次办理；请保留凭条，凭临时编号查询进度。"
                ),
            ),
            ("申请已受理", self.tr("申请已受理")),
            ("申请已保存，联网后自动提交", self.tr("申请已保存，联网后自动提交")),
            (
                "网络暂不可用，申请已安全保存在本机，联网后自动提交。（{0}）",
                self.tr("网络暂不可用，申请已安全保存在本机，联网后自动提交。（%1）"),
            ),
            (
                "网络暂不可用，申请已安全保存在本机，联网后自动提交。",
                self.tr("网络暂不可用，申请已安全保存在本机，联网后自动提交。"),
            ),
            (
                "您的申请已提交，办理时限：{0}。（{1}）",
                self.tr("您的申请已提交，办理时限：%1。（%2）"),
            ),
            ("您的申请已提交，办理时限：{0}。", self.tr("您的申请已提交，办理时限：%1。")),
            ("请取走凭条。", self.tr("请取走凭条。")),
            ("请取走办结凭条。", self.tr("请取走办结凭条。")),
            (
                "请取走受理回执，可扫描回执二维码查询进度。",
                self.tr("请取走受理回执，可扫描回执二维码查询进度。"),
            ),
            ("{0}暂时无法打印（{1}），{2}", self.tr("%1暂时无法打印（%2），%3")),
            ("凭条", self.tr("凭条")),
            ("回执", self.tr("回执")),
            ("请记下临时编号。", self.tr("请记下临时编号。")),
            ("请记下受理编号。", self.tr("请记下受理编号。")),
            (
                "请记下受理编号，可在任一终端扫码或输入编号查询。",
                self.tr("请记下受理编号，可在任一终端扫码或输入编号查询。"),
            ),
            ("提交未完成", self.tr("提交未完成")),
            (
                "提交未能完成，您的信息未被保存，请重试或到窗口办理。",
                self.tr("提交未能完成，您的信息未被保存，请重试或到窗口办理。"),
            ),
            (
                "系统暂时无法受理，请稍后再试或到窗口办理。",
                self.tr("系统暂时无法受理，请稍后再试或到窗口办理。"),
            ),
            # fee payment (kiosk/payments: errors.py, flow.py refusals, runtime.py)
            (
                "缴费未能完成，未扣款。请重试或到窗口缴费。",
                self.tr("缴费未能完成，未扣款。请重试或到窗口缴费。"),
            ),
            (
                "这不是可识别的付款码。请打开微信、支付宝或云闪付的“付款码”页面，对准扫码口。",
                self.tr(
                    "这不是可识别的付款码。请打开微信、支付宝或云闪付的“付款码”页面，对准扫码口。"
                ),
            ),
            (
                "支付系统暂时无法连接，未扣款。请稍后再试，或到窗口缴费。",
                self.tr("支付系统暂时无法连接，未扣款。请稍后再试，或到窗口缴费。"),
            ),
            (
                "正在向支付系统确认结果，请稍候，不要重复付款。",
                self.tr("正在向支付系统确认结果，请稍候，不要重复付款。"),
            ),
            (
                "支付未成功，未扣款。请换一种付款方式或重试。",
                self.tr("支付未成功，未扣款。请换一种付款方式或重试。"),
            ),
            (
                "支付结果校验未通过，正在向支付系统重新确认，请稍候。",
                self.tr("支付结果校验未通过，正在向支付系统重新确认，请稍候。"),
            ),
            (
                "支付金额与应缴金额不符，本次缴费将原路退回，请联系工作人员。",
                self.tr("支付金额与应缴金额不符，本次缴费将原路退回，请联系工作人员。"),
            ),
            (
                "缴费功能暂时不可用（终端记录故障），未扣款。请到窗口缴费。",
                self.tr("缴费功能暂时不可用（终端记录故障），未扣款。请到窗口缴费。"),
            ),
            (
                "缴费状态异常，已通知工作人员核对，您的款项不会丢失。",
                self.tr("缴费状态异常，已通知工作人员核对，您的款项不会丢失。"),
            ),
            (
                "收费标准配置有误，暂停收费业务，请到窗口办理。",
                self.tr("收费标准配置有误，暂停收费业务，请到窗口办理。"),
            ),
            (
                "缴费功能暂时不可用，未扣款。需缴费的事项请到窗口办理。",
                self.tr("缴费功能暂时不可用，未扣款。需缴费的事项请到窗口办理。"),
            ),
            (
                "付款码无效或已使用，未扣款。请刷新付款码后重试。",
                self.tr("付款码无效或已使用，未扣款。请刷新付款码后重试。"),
            ),
            (
                "支付被拒绝（余额不足或银行卡受限），未扣款。请换一种付款方式。",
                self.tr("支付被拒绝（余额不足或银行卡受限），未扣款。请换一种付款方式。"),
            ),
            (
                "余额不足，未扣款。请换一张银行卡或换一种付款方式。",
                self.tr("余额不足，未扣款。请换一张银行卡或换一种付款方式。"),
            ),
            (
                "订单已关闭，未扣款。请重新发起缴费。",
                self.tr("订单已关闭，未扣款。请重新发起缴费。"),
            ),
            # a paid case that could not be submitted (kiosk/ui/controllers/payment.py)
            ("已缴费，申请待工作人员办理", self.tr("已缴费，申请待工作人员办理")),
            (
                "您已缴费 {0} 元（订单号 {1}），但申请未能提交。请凭缴费凭条到窗口办理，无需再次缴费；如未办理，费用将原路退回。",
                self.tr(
                    "您已缴费 %1 元（订单号 %2），但申请未能提交。请凭缴费凭条到窗口办理，无需再次缴费；如未办理，费用将原路退回。"
                ),
            ),
            ("请取走缴费凭条。", self.tr("请取走缴费凭条。")),
            (
                "凭条暂时无法打印（{0}），请记下订单号。",
                self.tr("凭条暂时无法打印（%1），请记下订单号。"),
            ),
            ("提交未完成，费用已退回", self.tr("提交未完成，费用已退回")),
            ("提交未完成，费用退回中", self.tr("提交未完成，费用退回中")),
            (
                "申请未能提交。您缴纳的 {0} 元已原路退回。请稍后再试或到窗口办理。",
                self.tr("申请未能提交。您缴纳的 %1 元已原路退回。请稍后再试或到窗口办理。"),
            ),
            (
                "申请未能提交。您缴纳的 {0} 元将自动原路退回，无需再次操作。请稍后再试或到窗口办理。",
                self.tr(
                    "申请未能提交。您缴纳的 %1 元将自动原路退回，无需再次操作。请稍后再试或到窗口办理。"
                ),
            ),
            # results by post and the document locker (kiosk/handoff, drivers/locker.py)
            ("寄件单未能保存，请到窗口办理邮寄。", self.tr("寄件单未能保存，请到窗口办理邮寄。")),
            ("所选地区无效，请重新选择。", self.tr("所选地区无效，请重新选择。")),
            (
                "请填写收件人姓名（2至20个汉字，或英文姓名）。",
                self.tr("请填写收件人姓名（2至20个汉字，或英文姓名）。"),
            ),
            (
                "手机号码应为11位数字，以1开头，请核对。",
                self.tr("手机号码应为11位数字，以1开头，请核对。"),
            ),
            (
                "请填写详细地址（街道、门牌号），不超过60个字。",
                self.tr("请填写详细地址（街道、门牌号），不超过60个字。"),
            ),
            (
                "该地址不在邮寄服务范围内，请选择其他地址或到窗口领取。",
                self.tr("该地址不在邮寄服务范围内，请选择其他地址或到窗口领取。"),
            ),
            ("储物柜操作未完成，请联系工作人员。", self.tr("储物柜操作未完成，请联系工作人员。")),
            (
                "暂无合适的空闲柜格，请联系工作人员。",
                self.tr("暂无合适的空闲柜格，请联系工作人员。"),
            ),
            (
                "柜门未能打开，该柜格已停用，请联系工作人员。",
                self.tr("柜门未能打开，该柜格已停用，请联系工作人员。"),
            ),
            (
                "储物柜暂时无法使用，您的材料未存入，请联系工作人员。",
                self.tr("储物柜暂时无法使用，您的材料未存入，请联系工作人员。"),
            ),
            ("取件码不正确，请核对后重新输入。", self.tr("取件码不正确，请核对后重新输入。")),
            (
                "取件码错误次数过多，已暂时锁定，请稍后再试或联系工作人员。",
                self.tr("取件码错误次数过多，已暂时锁定，请稍后再试或联系工作人员。"),
            ),
            (
                "身份证与该业务的申请人不符，柜门不会打开。",
                self.tr("身份证与该业务的申请人不符，柜门不会打开。"),
            ),
            (
                "储物柜暂时无法使用，请联系工作人员。",
                self.tr("储物柜暂时无法使用，请联系工作人员。"),
            ),
            (
                "储物柜暂时无法使用，请到窗口递交材料。",
                self.tr("储物柜暂时无法使用，请到窗口递交材料。"),
            ),
            ("储物柜没有响应，请联系工作人员。", self.tr("储物柜没有响应，请联系工作人员。")),
            ("储物柜通信异常，请稍后再试。", self.tr("储物柜通信异常，请稍后再试。")),
            ("储物柜未连接，请联系工作人员。", self.tr("储物柜未连接，请联系工作人员。")),
            ("柜门未能打开，请联系工作人员。", self.tr("柜门未能打开，请联系工作人员。")),
            ("柜门未关闭，请关好柜门。", self.tr("柜门未关闭，请关好柜门。")),
            # printers and devices: the reasons a slip, a waybill or a certificate did not print
            (
                "凭条打印机暂时无法使用，请记下受理编号或联系工作人员。",
                self.tr("凭条打印机暂时无法使用，请记下受理编号或联系工作人员。"),
            ),
            (
                "凭条打印纸已用完，请记下受理编号，可凭编号查询或稍后补打。",
                self.tr("凭条打印纸已用完，请记下受理编号，可凭编号查询或稍后补打。"),
            ),
            (
                "凭条打印机仓盖未关好，请联系工作人员。",
                self.tr("凭条打印机仓盖未关好，请联系工作人员。"),
            ),
            (
                "凭条未能完整打印，请记下受理编号，可凭编号查询或稍后补打。",
                self.tr("凭条未能完整打印，请记下受理编号，可凭编号查询或稍后补打。"),
            ),
            (
                "文件打印机暂时无法使用，请稍后在本终端或网上重新打印。",
                self.tr("文件打印机暂时无法使用，请稍后在本终端或网上重新打印。"),
            ),
            (
                "证明未能打印，请稍后凭证明编号在本终端或网上重新打印。",
                self.tr("证明未能打印，请稍后凭证明编号在本终端或网上重新打印。"),
            ),
            (
                "证明须由政务服务平台签发，暂时无法打印",
                self.tr("证明须由政务服务平台签发，暂时无法打印"),
            ),
            (
                "设备暂时无法使用，请稍后再试或联系工作人员。",
                self.tr("设备暂时无法使用，请稍后再试或联系工作人员。"),
            ),
            ("设备未连接，请联系工作人员。", self.tr("设备未连接，请联系工作人员。")),
            ("设备响应超时，请稍后再试。", self.tr("设备响应超时，请稍后再试。")),
            # video help and face sign-in (kiosk/assist, kiosk/biometrics), the QR scanner
            (
                "视频帮办服务暂时无法连接，请稍后再试或联系现场工作人员。",
                self.tr("视频帮办服务暂时无法连接，请稍后再试或联系现场工作人员。"),
            ),
            (
                "视频帮办暂未开通，请联系现场工作人员。",
                self.tr("视频帮办暂未开通，请联系现场工作人员。"),
            ),
            (
                "回电号码未能保存，请稍后再试或联系现场工作人员。",
                self.tr("回电号码未能保存，请稍后再试或联系现场工作人员。"),
            ),
            (
                "请输入 11 位手机号码或带区号的固定电话。",
                self.tr("请输入 11 位手机号码或带区号的固定电话。"),
            ),
            (
                "刷脸登录暂时无法使用，请使用其他方式登录。",
                self.tr("刷脸登录暂时无法使用，请使用其他方式登录。"),
            ),
            (
                "无法读取证件照片，暂不能刷脸登录，请使用其他方式登录。",
                self.tr("无法读取证件照片，暂不能刷脸登录，请使用其他方式登录。"),
            ),
            (
                "证件照片无法用于人脸比对，请使用其他方式登录。",
                self.tr("证件照片无法用于人脸比对，请使用其他方式登录。"),
            ),
            ("未能识别二维码，请重新扫描。", self.tr("未能识别二维码，请重新扫描。")),
        ]


@functools.cache
def _pattern(zh: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\d)\}", zh)
    rx = "".join(re.escape(p) if i % 2 == 0 else f"(?P<p{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(rx, re.DOTALL)


def catalog_texts(service: Any, lang: str) -> dict[str, str]:
    """zh_CN text → ``lang`` text, for every text of ``service`` (and its rule reasons)."""
    if service is None:
        return {}
    overlay = service.i18n.get(lang) or {}
    out: dict[str, str] = {}
    for path, text in text_paths(service):
        tr = overlay.get(path)
        if tr is None:
            continue
        if isinstance(text, list) and isinstance(tr, list):
            out.update(zip(text, tr, strict=False))
        elif isinstance(text, str) and isinstance(tr, str):
            out[text] = tr
    return out


def resident_text(text: str, service: Any = None, lang: str | None = None) -> str:
    """``text`` (a zh_CN message of the core) in ``lang`` (the UI's language by default)."""
    lang = lang or current_language()
    if lang == "zh_CN" or not text:
        return text
    templates = CoreTexts().templates()
    known = catalog_texts(service, lang)
    sep = "; " if lang == "en" else "；"

    def translate(part: str, depth: int) -> str:
        if part in known or depth > 3:
            return known.get(part, part)
        for zh, translated in templates:
            m = _pattern(zh).fullmatch(part)
            if m is None:
                continue
            out = translated
            for name, value in m.groupdict().items():
                out = out.replace(f"%{int(name[1:]) + 1}", translate(value, depth + 1))
            return out
        if "；" in part:  # rule reasons, joined by the core
            return sep.join(translate(t, depth + 1) for t in part.split("；"))
        return part

    return translate(text, 0)


#: A message a controller puts in a view: a zh_CN message of the core (its template
#: translates it when shown), or the controller's own ``self.tr(...)`` deferred in a
#: lambda, so that a language switch mid-flow translates it again when repainted.
Message = str | Callable[[], str]


def shown(message: Message, service: Any = None) -> str:
    """``message`` in the screen's language now (see :data:`Message`)."""
    return message() if callable(message) else resident_text(message, service)

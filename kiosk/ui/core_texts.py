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

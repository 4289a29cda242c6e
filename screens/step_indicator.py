"""第 3 步 / 共 9 步: where the resident is in the session, on every session screen.

One line of text (it elides, never wraps, so it fits portrait and 1366×768) over a
row of segments, done / current / to come. The steps are the session's own:
identity, the catalog, then the steps the chosen service uses.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from kiosk.session.machine import SessionState
from screens.layout import ElidedLabel
from screens.theme import set_role

#: Step names; QT_TRANSLATE_NOOP marks them for lupdate, translated where shown.
_NAMES: dict[SessionState, object] = {
    SessionState.IDENTIFY: QT_TRANSLATE_NOOP("StepIndicator", "身份认证"),
    SessionState.CATALOG: QT_TRANSLATE_NOOP("StepIndicator", "选择事项"),
    SessionState.GUIDE: QT_TRANSLATE_NOOP("StepIndicator", "阅读指南"),
    SessionState.FORM: QT_TRANSLATE_NOOP("StepIndicator", "填写信息"),
    SessionState.MATERIALS: QT_TRANSLATE_NOOP("StepIndicator", "提交材料"),
    SessionState.SIGNATURE: QT_TRANSLATE_NOOP("StepIndicator", "签名确认"),
    SessionState.REVIEW: QT_TRANSLATE_NOOP("StepIndicator", "核对信息"),
    SessionState.SUBMIT: QT_TRANSLATE_NOOP("StepIndicator", "提交申请"),
    SessionState.RESULT: QT_TRANSLATE_NOOP("StepIndicator", "办理结果"),
    SessionState.RATING: QT_TRANSLATE_NOOP("StepIndicator", "服务评价"),
}

#: States with no step (before and after the session, the technician screen).
OUTSIDE = frozenset({SessionState.ATTRACT, SessionState.GOODBYE, SessionState.ADMIN})


def step_name(state: SessionState) -> str:
    """The translated name of a step (its screen's state value if none is known)."""
    source = _NAMES.get(state)
    if source is None:
        return state.value
    return QCoreApplication.translate("StepIndicator", str(source))


def journey(service_steps: tuple[SessionState, ...]) -> list[SessionState]:
    """The resident's steps this session: identity, catalog, then the service's own."""
    return [SessionState.IDENTIFY, SessionState.CATALOG, *service_steps]


class StepIndicator(QFrame):
    """ "第 %1 步 / 共 %2 步：name" and a segment per step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepIndicator")
        # One row: the step in words, the segments, and a chip for "leave the card"
        # (height is what the content area cannot spare at 1366×768).
        lay = QHBoxLayout(self)
        lay.setContentsMargins(24, 2, 24, 2)
        lay.setSpacing(16)
        self.text = ElidedLabel()
        self.text.setObjectName("stepText")
        set_role(self.text, "hint")
        lay.addWidget(self.text, 3)
        self.bar = QHBoxLayout()
        self.bar.setSpacing(4)
        lay.addLayout(self.bar, 2)
        self.chip = ElidedLabel()
        self.chip.setObjectName("cardChip")
        self.chip.setStyleSheet(
            "background: #FFF4CE; color: #5C4400; border-radius: 8px; padding: 2px 12px;"
        )
        self.chip.hide()
        lay.addWidget(self.chip, 3)
        self._segments: list[QFrame] = []
        self.steps: list[SessionState] = []
        self.current: SessionState | None = None

    def set_chip(self, text: str | None, *shorter: str) -> None:
        """Show a standing reminder beside the steps (None hides it).

        ``shorter`` forms are shown when the whole text does not fit (1366×768 in
        elderly mode); the whole text stays the chip's tooltip and accessible name.
        """
        self.chip.set_texts(text or "", *(shorter if text else ()))
        self.chip.setVisible(bool(text))

    def show_step(self, state: SessionState, steps: list[SessionState]) -> None:
        """Show ``state`` among ``steps``; hides itself outside a session's steps."""
        self.steps, self.current = steps, state
        if state in OUTSIDE or state not in steps:
            self.hide()
            return
        index = steps.index(state)
        self.text.setText(
            self.tr("第 %1 步 / 共 %2 步：%3")
            .replace("%1", str(index + 1))
            .replace("%2", str(len(steps)))
            .replace("%3", step_name(state))
        )
        while len(self._segments) < len(steps):
            seg = QFrame()
            seg.setFixedHeight(10)
            self.bar.addWidget(seg, 1)
            self._segments.append(seg)
        for i, seg in enumerate(self._segments):
            seg.setVisible(i < len(steps))
            colour = "#C8102E" if i == index else "#1B6EC2" if i < index else "#D5DCE4"
            seg.setStyleSheet(f"background: {colour}; border-radius: 4px;")
        self.show()

    def position(self) -> tuple[int, int] | None:
        """(step number, step count) shown, or None when hidden."""
        if self.current is None or self.current not in self.steps or self.isHidden():
            return None
        return self.steps.index(self.current) + 1, len(self.steps)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.current is not None:
            self.show_step(self.current, self.steps)
        super().changeEvent(event)

"""Face + ID login screen: mirrored live preview with a face guide, instructions, progress, result.

The screen only shows state and forwards intents: everything else is done by
:class:`kiosk.ui.face_login.FaceLoginAdapter` (given to the constructor so that the
shell wires it). It emits :attr:`succeeded` (a FaceLoginOutcome carrying the
identified document), :attr:`failed` (outcome with the reason, also when face
login is unavailable) or :attr:`cancelled`. Frames are painted and dropped: the
screen keeps only the pixmap on display, and clears it when the attempt ends.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from kiosk.biometrics.face_flow import FlowUpdate, Phase
from kiosk.identity.document import IdentityDocument, Photo
from kiosk.ui.face_login import FaceLoginAdapter, FaceLoginOutcome, OutcomeStatus
from kiosk.ui.screen_capture import mark_personal
from screens.base import button, label, vbox

PREVIEW_SIZE = (640, 480)
#: Face guide: an ellipse centred in the preview, as fractions of its width/height.
GUIDE_W, GUIDE_H = 0.42, 0.72

GUIDE_IDLE = QColor(255, 255, 255, 200)
GUIDE_GOOD = QColor(46, 160, 67, 230)
GUIDE_BAD = QColor(230, 140, 0, 230)


class FaceLoginScreen(QWidget):
    """The face login screen. Call :meth:`begin` with the resident's document."""

    succeeded = Signal(object)  # FaceLoginOutcome (status SUCCEEDED, document set)
    failed = Signal(object)  # FaceLoginOutcome (FAILED or UNAVAILABLE)
    cancelled = Signal()
    other_way = Signal()  # "use another way to identify"

    def __init__(self, adapter: FaceLoginAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("faceLoginScreen")
        self.adapter = adapter
        self._guide_color = GUIDE_IDLE
        self._last_outcome: FaceLoginOutcome | None = None

        lay = vbox(self, margins=32, spacing=16)
        self.title = label(self.tr("刷脸登录"), role="title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.title)
        self.instruction = label(self.tr("请稍候"), role="subtitle")
        self.instruction.setObjectName("faceInstruction")
        self.instruction.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.instruction)

        self.preview = QLabel()
        self.preview.setObjectName("facePreview")
        mark_personal(self.preview)
        self.preview.setFixedSize(*PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.preview.setStyleSheet("background: #202020; border-radius: 12px;")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.preview)
        row.addStretch(1)
        lay.addLayout(row)

        self.progress = QProgressBar()
        self.progress.setObjectName("faceProgress")
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(16)
        lay.addWidget(self.progress)
        self.hint = label("", role="hint")
        self.hint.setObjectName("faceHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.hint)
        self.result = label("", role="ok")
        self.result.setObjectName("faceResult")
        self.result.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result.hide()
        lay.addWidget(self.result)

        buttons = QHBoxLayout()
        self.other_btn = button(self.tr("使用其他方式登录"), role="secondary")
        self.other_btn.setObjectName("faceOtherWay")
        self.cancel_btn = button(self.tr("取消"), role="secondary")
        self.cancel_btn.setObjectName("faceCancel")
        for b in (self.other_btn, self.cancel_btn):
            b.setMinimumHeight(64)
            buttons.addWidget(b)
        lay.addLayout(buttons)

        self.cancel_btn.clicked.connect(self._on_cancel)
        self.other_btn.clicked.connect(self._on_other_way)
        # Per-frame state arrives through plain callbacks on the UI thread (see
        # kiosk/ui/face_login.py for why not signals); the end is a signal.
        adapter.add_preview_listener(self._on_preview)
        adapter.add_update_listener(self._on_update)
        adapter.finished.connect(self._on_finished)

        self._document: IdentityDocument | None = None
        self._licence_photo: Photo | None = None

    # --- intents --------------------------------------------------------------------
    def begin(self, document: IdentityDocument | None, licence_photo: Photo | None = None) -> None:
        """Start a face login for ``document`` (from the card just read)."""
        self._document, self._licence_photo = document, licence_photo
        self._last_outcome = None
        self.result.hide()
        self.progress.setValue(0)
        self.hint.setText("")
        self.instruction.setText(self.tr("请稍候，正在准备人脸核验"))
        self._guide_color = GUIDE_IDLE
        self.adapter.start(document, licence_photo)

    def wipe(self) -> None:
        """End of session: no image of the resident stays on screen or in memory."""
        if self.adapter.running:
            self.adapter.cancel()
        self.preview.clear()
        self._document = None
        self._licence_photo = None

    def _on_cancel(self) -> None:
        if self.adapter.running:
            self.adapter.cancel()  # emits finished(CANCELLED) → cancelled
        else:
            self.wipe()
            self.cancelled.emit()

    def _on_other_way(self) -> None:
        if self.adapter.running:
            self.adapter.cancel()
        self.wipe()
        self.other_way.emit()

    # --- state from the adapter ------------------------------------------------------
    def _on_preview(self, rgb: np.ndarray) -> None:
        h, w = rgb.shape[:2]
        image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888)
        pixmap = QPixmap.fromImage(image).scaled(
            self.preview.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
        self._draw_guide(pixmap)
        self.preview.setPixmap(pixmap)

    def _draw_guide(self, pixmap: QPixmap) -> None:
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self._guide_color, 6))
        w, h = pixmap.width(), pixmap.height()
        gw, gh = w * GUIDE_W, h * GUIDE_H
        painter.drawEllipse(QRectF((w - gw) / 2, (h - gh) / 2 - h * 0.03, gw, gh))
        painter.end()

    def _on_update(self, update: FlowUpdate) -> None:
        self.instruction.setText(update.instruction)
        self.progress.setValue(round(update.progress * 100))
        if update.quality_issue or update.phase == Phase.RETRY:
            self._guide_color = GUIDE_BAD
        elif update.box is not None:
            self._guide_color = GUIDE_GOOD
        else:
            self._guide_color = GUIDE_IDLE
        if update.attempts_left < self.adapter.config.max_attempts:
            self.hint.setText(self.tr("还可尝试 %n 次", "", update.attempts_left))

    @Slot(object)
    def _on_finished(self, outcome: FaceLoginOutcome) -> None:
        self._last_outcome = outcome
        self.preview.clear()
        self.instruction.setText(outcome.message)
        self.result.setText(outcome.message)
        self.result.setProperty(
            "role", "ok" if outcome.status == OutcomeStatus.SUCCEEDED else "error"
        )
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
        self.result.show()
        if outcome.status == OutcomeStatus.SUCCEEDED:
            self.progress.setValue(100)
            self.succeeded.emit(outcome)
        elif outcome.status == OutcomeStatus.CANCELLED:
            self.cancelled.emit()
        else:
            # No retry button: three failed attempts end face login for this card
            # (the resident may start again by reading the card again).
            self.failed.emit(outcome)

    @property
    def last_outcome(self) -> FaceLoginOutcome | None:
        return self._last_outcome

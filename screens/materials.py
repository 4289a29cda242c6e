"""Materials screen: live document-camera preview, the service's material list, review of each page.

Inputs are plain: the list of materials the service requires and a
:class:`kiosk.ui.scanning.ScanAdapter` (frames are processed on its worker
thread). The screen shows the preview with the detected page outline, captures
automatically when the page lies still (or on the 拍照 button), and shows each
page for review with a blur/glare warning before it is accepted. Pages can be
retaken or deleted. On 完成, each material's pages are assembled into one PDF (off
the UI thread) and ``completed`` carries them as session attachments (bytes,
never written to disk).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np  # annotations only: numpy is not imported before a scan

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QIcon,
    QImage,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.materials.scanning import QualityIssue, human_size
from kiosk.session.machine import Attachment
from kiosk.ui.scanning import PdfReady, Preview, ScanAdapter, ScannedPage
from kiosk.ui.screen_capture import mark_personal
from screens.base import button, label
from screens.layout import NARROW_SCREEN_WIDTH
from screens.theme import set_role


@dataclass(frozen=True)
class RequiredMaterial:
    """One material of the service (from the catalog's ``Material``)."""

    name: str
    required: bool = True
    pages: int = 1  # pages expected (the resident may add more)
    note: str = ""
    #: The name in the UI's language (``name``, the canonical one, labels the PDF).
    shown: str = ""

    @property
    def title(self) -> str:
        """What the screen calls it."""
        return self.shown or self.name

    @classmethod
    def from_catalog(cls, material: Any, shown: Any = None) -> RequiredMaterial:
        return cls(
            str(material.name),
            bool(getattr(material, "required", True)),
            int(getattr(material, "pages", 1)),
            str(getattr(material, "note", "")),
            str(shown.name) if shown is not None else "",
        )


@dataclass
class MaterialPages:
    material: RequiredMaterial
    #: JPEG pages as bytearrays so that the wipe can zero them.
    pages: list[bytearray] = field(default_factory=list)
    #: Small previews of the pages (QPixmap), shown in the page strip.
    thumbs: list[Any] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return len(self.pages) >= self.material.pages

    @property
    def size_bytes(self) -> int:
        return sum(len(p) for p in self.pages)

    def wipe(self) -> None:
        for p in self.pages:
            p[:] = bytes(len(p))
        self.pages.clear()
        self.thumbs.clear()


THUMB_SIZE = QSize(96, 136)


def rgb_to_qimage(rgb: np.ndarray) -> QImage:
    """A deep-copied QImage of a contiguous RGB array (the array may be freed after)."""
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class PreviewView(QWidget):
    """The live picture with the detected page outline drawn over it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(480, 360)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image: QImage | None = None
        self.corners: np.ndarray | None = None
        self.status_text = ""

    def show_preview(self, preview: Preview, status_text: str) -> None:
        self.image = rgb_to_qimage(preview.rgb)
        self.corners = preview.corners
        self.status_text = status_text
        self.update()

    def clear(self) -> None:
        self.image = None
        self.corners = None
        self.status_text = ""
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#1B2430"))
        if self.image is not None and not self.image.isNull():
            iw, ih = self.image.width(), self.image.height()
            scale = min(self.width() / iw, self.height() / ih)
            ox, oy = (self.width() - iw * scale) / 2, (self.height() - ih * scale) / 2
            p.drawImage(QRectF(ox, oy, iw * scale, ih * scale), self.image)
            if self.corners is not None:
                poly = QPolygonF([QPointF(ox + x * scale, oy + y * scale) for x, y in self.corners])
                p.setPen(QPen(QColor("#1FB35A"), 5))
                p.setBrush(QColor(31, 179, 90, 40))
                p.drawPolygon(poly)
        if self.status_text:
            p.setPen(QColor("#FFFFFF"))
            band = QRectF(0, self.height() - 64, self.width(), 64)
            p.fillRect(band, QColor(0, 0, 0, 150))
            font = p.font()
            font.setPixelSize(26)
            p.setFont(font)
            p.drawText(band, Qt.AlignmentFlag.AlignCenter, self.status_text)
        p.end()


class Mode(StrEnum):
    LIVE = "live"
    REVIEW = "review"
    ASSEMBLING = "assembling"


class MaterialsScreen(QWidget):
    """The materials step. Emits ``completed(list[Attachment])`` or ``cancelled()``."""

    completed = Signal(object)  # list[Attachment] (one PDF per material with pages)
    cancelled = Signal()

    def __init__(
        self,
        materials: Sequence[RequiredMaterial],
        adapter: ScanAdapter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.adapter = adapter
        self.items = [MaterialPages(m) for m in materials]
        self.current = 0
        self.mode = Mode.LIVE
        self.pending: ScannedPage | None = None
        self._pdfs: dict[str, bytes] = {}
        self._build()
        adapter.preview.connect(self._on_preview)
        adapter.scanned.connect(self._on_scanned)
        adapter.failed.connect(self._on_failed)
        adapter.pdf_ready.connect(self._on_pdf)
        adapter.camera_lost.connect(self._on_camera_lost)
        self._refresh()

    # --- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(32, 32, 32, 32)
        root.setSpacing(16)
        self.heading = label(self.tr("请拍摄申请材料"), role="title")
        self.instructions = label(
            self.tr("请将材料平放在高拍仪下方，保持不动即可自动拍摄；也可点击“拍照”。"),
            role="subtitle",
        )
        root.addWidget(self.heading)
        root.addWidget(self.instructions)
        self.body = body = QHBoxLayout()
        body.setSpacing(24)
        root.addLayout(body, 1)

        # Left: live preview, or the page under review.
        self.stack = QStackedWidget()
        mark_personal(self.stack)  # the live page and the page under review
        self.preview = PreviewView()
        self.stack.addWidget(self.preview)
        review = QWidget()
        rl = QVBoxLayout(review)
        self.review_image = label(wrap=False)
        self.review_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.review_image.setMinimumSize(360, 360)
        rl.addWidget(self.review_image, 1)
        self.review_warning = label(role="error")
        rl.addWidget(self.review_warning)
        self.review_info = label(role="hint")
        rl.addWidget(self.review_info)
        rrow = QHBoxLayout()
        self.retake_button = button(self.tr("重拍"), role="secondary")
        self.accept_button = button(self.tr("使用此页"), role="primary")
        for b in (self.retake_button, self.accept_button):
            b.setMinimumHeight(64)
            rrow.addWidget(b)
        rl.addLayout(rrow)
        self.stack.addWidget(review)
        body.addWidget(self.stack, 3)

        # Right: the materials, the pages of the current one.
        side = QVBoxLayout()
        self.side_title = label(self.tr("所需材料"), role="subtitle")
        side.addWidget(self.side_title)
        self.material_list = QListWidget()
        self.material_list.setObjectName("materialList")
        self.material_list.setMinimumWidth(320)
        self.material_list.setWordWrap(True)
        self.material_list.installEventFilter(self)
        side.addWidget(self.material_list, 2)
        self.pages_label = label(role="hint")
        side.addWidget(self.pages_label)
        self.page_list = QListWidget()
        mark_personal(self.page_list)
        self.page_list.setViewMode(QListWidget.ViewMode.IconMode)
        self.page_list.setIconSize(THUMB_SIZE)
        self.page_list.setMaximumHeight(170)
        side.addWidget(self.page_list, 1)
        self.delete_button = button(self.tr("删除所选页"), role="danger")
        self.delete_button.setMinimumHeight(60)
        side.addWidget(self.delete_button)
        body.addLayout(side, 2)

        self.message = label(role="hint")
        root.addWidget(self.message)
        row = QHBoxLayout()
        row.setSpacing(20)
        self.back_button = button(self.tr("返回"), role="secondary")
        self.capture_button = button(self.tr("拍照"), role="primary")
        self.done_button = button(self.tr("完成"), role="primary")
        for b in (self.back_button, self.capture_button, self.done_button):
            b.setMinimumHeight(64)
            row.addWidget(b)
        root.addLayout(row)

        self.material_list.currentRowChanged.connect(self._select)
        self.back_button.clicked.connect(self.cancel)
        self.capture_button.clicked.connect(self.capture)
        self.done_button.clicked.connect(self.finish)
        self.retake_button.clicked.connect(self.retake)
        self.accept_button.clicked.connect(self.accept_page)
        self.delete_button.clicked.connect(self.delete_selected_page)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Preview 3 : list 2 on a landscape screen; half and half on a narrow (portrait)
        # one, where the list's 2/5 elided the names (the preview has the height there).
        # Stacking them instead pushed 完成 below the fold.
        narrow = self.width() < NARROW_SCREEN_WIDTH
        self.body.setStretch(0, 1 if narrow else 3)
        self.body.setStretch(1, 1 if narrow else 2)

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        """Begin the live preview (call when the screen is shown)."""
        self.adapter.start()

    def stop(self) -> None:
        self.adapter.stop()

    def cancel(self) -> None:
        self.stop()
        self.cancelled.emit()

    def wipe(self) -> None:
        """Session end: drop every picture of the resident's documents."""
        self.stop()
        for item in self.items:
            item.wipe()
        self.pending = None
        self._pdfs.clear()
        self.preview.clear()
        self.review_image.clear()
        self.page_list.clear()
        self.mode = Mode.LIVE
        self.stack.setCurrentIndex(0)
        self._refresh()

    # --- intents ---------------------------------------------------------------------------
    def capture(self) -> None:
        if self.mode == Mode.LIVE:
            self._say(self.tr("正在拍摄，请稍候…"), "hint")
            self.adapter.capture_now()

    def retake(self) -> None:
        if self.mode == Mode.REVIEW:
            self.pending = None
            self._to_live()
            self.adapter.rearm()  # the page still lying there is taken again once still

    def accept_page(self) -> None:
        if self.mode != Mode.REVIEW or self.pending is None:
            return
        item = self.items[self.current]
        item.pages.append(bytearray(self.pending.result.jpeg))
        item.thumbs.append(
            QPixmap.fromImage(rgb_to_qimage(self.pending.thumbnail)).scaled(
                THUMB_SIZE, Qt.AspectRatioMode.KeepAspectRatio
            )
        )
        self.pending = None
        self._to_live()
        # Move on to the next material still missing pages.
        if item.done:
            for i, other in enumerate(self.items):
                if not other.done:
                    self.current = i
                    break
        self._refresh()

    def delete_selected_page(self) -> None:
        row = self.page_list.currentRow()
        item = self.items[self.current] if self.items else None
        if item is None or not 0 <= row < len(item.pages):
            self._say(self.tr("请先选择要删除的页面。"), "hint")
            return
        page = item.pages.pop(row)
        page[:] = bytes(len(page))
        del item.thumbs[row]
        self._refresh()

    def finish(self) -> None:
        """Assemble one PDF per material with pages; ``completed`` follows."""
        missing = [i.material.title for i in self.items if i.material.required and not i.pages]
        if missing:
            self._say(self.tr("还缺少材料：") + "、".join(missing), "error")
            return
        if self.mode != Mode.LIVE:
            return
        self.mode = Mode.ASSEMBLING
        self.stop()
        self._pdfs.clear()
        todo = [(str(i), it) for i, it in enumerate(self.items) if it.pages]
        if not todo:
            self.completed.emit([])
            return
        self._say(self.tr("正在整理材料，请稍候…"), "hint")
        self._refresh()
        self._expected = {k for k, _ in todo}
        for key, it in todo:
            self.adapter.assemble(key, [bytes(p) for p in it.pages])

    # --- adapter signals -------------------------------------------------------------------
    def _on_preview(self, preview: Preview) -> None:
        if self.mode != Mode.LIVE:
            return
        state = preview.decision.state.value
        text = {
            "no_page": self.tr("请将材料放入拍摄区域"),
            "moving": self.tr("请保持材料不动"),
            "steadying": self.tr("保持不动，即将自动拍摄…"),
            "capture": self.tr("正在拍摄…"),
            "captured": self.tr("已拍摄，可放入下一页"),
        }.get(state, "")
        if not self.adapter.auto_capture:
            text = self.tr("请点击“拍照”")
        self.preview.show_preview(preview, text)

    def _on_scanned(self, page: ScannedPage) -> None:
        if self.mode != Mode.LIVE:
            return  # one page at a time: a capture during review is ignored
        self.pending = page
        self.mode = Mode.REVIEW
        pix = QPixmap.fromImage(rgb_to_qimage(page.thumbnail))
        self.review_image.setPixmap(
            pix.scaled(
                self.review_image.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        q = page.result.quality
        warnings = [
            m for i, m in zip(q.issues, q.messages, strict=True) if i != QualityIssue.NO_PAGE
        ]
        if QualityIssue.NO_PAGE in q.issues:
            warnings.insert(0, self.tr("未识别到材料边缘，已保留整幅画面。"))
        self.review_warning.setText("\n".join(warnings))
        self.review_warning.setVisible(bool(warnings))
        self.review_info.setText(
            self.tr("请确认本页清晰完整。")
            + f" {page.result.width}×{page.result.height}，{human_size(page.result.size_bytes)}"
        )
        # With a warning the safer choice comes first: retake is the primary action.
        set_role(self.accept_button, "secondary" if warnings else "primary")
        set_role(self.retake_button, "primary" if warnings else "secondary")
        self.stack.setCurrentIndex(1)
        self._refresh()

    def _on_failed(self, resident_message: str, detail: str) -> None:
        if self.mode == Mode.ASSEMBLING:
            self.mode = Mode.LIVE
            self.start()
        self._say(resident_message, "error")
        self._refresh()

    def _on_camera_lost(self, lost: bool) -> None:
        if lost:
            self._say(self.tr("高拍仪暂时没有画面，请稍候或联系工作人员。"), "error")
        else:
            self._say("", "hint")

    def _on_pdf(self, ready: PdfReady) -> None:
        if self.mode != Mode.ASSEMBLING or ready.key not in self._expected:
            return
        self._pdfs[ready.key] = ready.document.data
        if set(self._pdfs) != self._expected:
            return
        attachments = []
        for key in sorted(self._pdfs, key=int):
            it = self.items[int(key)]
            attachments.append(
                Attachment("pdf", it.material.name, "application/pdf", bytearray(self._pdfs[key]))
            )
        self._pdfs.clear()
        total = sum(len(a.data) for a in attachments)
        pages = sum(len(it.pages) for it in self.items)
        self._say(
            self.tr("材料已整理：%1 页，%2")
            .replace("%1", str(pages))
            .replace("%2", human_size(total)),
            "ok",
        )
        self.mode = Mode.LIVE
        self._refresh()
        self.completed.emit(attachments)

    # --- view --------------------------------------------------------------------------------
    def _item_height(self, text: str) -> int:
        """60 px (a finger), or the name's lines at the list's width: it wraps, never elides."""
        lw = self.material_list
        width = max(1, lw.viewport().width() - 6)  # the item's text margins
        rect = lw.fontMetrics().boundingRect(
            QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text
        )
        return max(60, rect.height() + 16)

    def _rehint(self) -> None:
        for i in range(self.material_list.count()):
            item = self.material_list.item(i)
            item.setSizeHint(QSize(0, self._item_height(item.text())))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.material_list and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.FontChange,
        ):
            self._rehint()  # elderly mode or a narrower column: the names re-wrap
        return False

    def _select(self, row: int) -> None:
        if 0 <= row < len(self.items) and row != self.current:
            self.current = row
            self._refresh()

    def _to_live(self) -> None:
        self.mode = Mode.LIVE
        self.stack.setCurrentIndex(0)
        self.review_image.clear()
        self._refresh()

    def _say(self, text: str, role: str) -> None:
        self.message.setText(text)
        set_role(self.message, role)

    def retranslate(self, shown: list[str] | None = None) -> None:
        """The fixed texts in the UI's language, and the materials' names (``shown``)."""
        if shown is not None and len(shown) == len(self.items):
            for it, name in zip(self.items, shown, strict=True):
                it.material = replace(it.material, shown=name)
        self.heading.setText(self.tr("请拍摄申请材料"))
        self.instructions.setText(
            self.tr("请将材料平放在高拍仪下方，保持不动即可自动拍摄；也可点击“拍照”。")
        )
        self.side_title.setText(self.tr("所需材料"))
        for b, text in (
            (self.retake_button, self.tr("重拍")),
            (self.accept_button, self.tr("使用此页")),
            (self.delete_button, self.tr("删除所选页")),
            (self.back_button, self.tr("返回")),
            (self.capture_button, self.tr("拍照")),
            (self.done_button, self.tr("完成")),
        ):
            b.setText(text)
        self._refresh()

    def _refresh(self) -> None:
        self.material_list.blockSignals(True)
        self.material_list.clear()
        for i, it in enumerate(self.items):
            mark = "✔" if it.done else ("○" if it.material.required else "◇")
            opt = "" if it.material.required else self.tr("（可选）")
            text = f"{mark} {it.material.title}{opt}  {len(it.pages)}/{it.material.pages}"
            entry = QListWidgetItem(text)
            entry.setSizeHint(QSize(0, self._item_height(text)))
            self.material_list.addItem(entry)
            if i == self.current:
                self.material_list.setCurrentRow(i)
        self.material_list.blockSignals(False)
        self.page_list.clear()
        if self.items:
            it = self.items[self.current]
            for n, thumb in enumerate(it.thumbs, 1):
                self.page_list.addItem(
                    QListWidgetItem(QIcon(thumb), self.tr("第") + f"{n}" + self.tr("页"))
                )
            self.pages_label.setText(
                self.tr("%1：%2 页，%3")
                .replace("%1", it.material.title)
                .replace("%2", str(len(it.pages)))
                .replace("%3", human_size(it.size_bytes))
            )
        ready = all(it.pages or not it.material.required for it in self.items)
        self.done_button.setEnabled(ready and self.mode == Mode.LIVE)
        self.capture_button.setEnabled(self.mode == Mode.LIVE)
        self.delete_button.setEnabled(bool(self.items and self.items[self.current].pages))

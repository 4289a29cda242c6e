"""The materials and signature steps of the session, hosting their capture widgets.

The capture widgets (:mod:`screens.materials`, :mod:`screens.signature`) are built
for each service anew (the required materials differ); these wrappers connect
them to the session: results become the submission's attachments (in memory,
never on disk unencrypted), back goes one step back, and the wipe reaches them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.session.machine import Attachment, SessionState
from kiosk.ui.scanning import ScanAdapter, adapter_from_config
from kiosk.ui.signature_pad import SignaturePadAdapter
from screens.base import Screen, label
from screens.materials import MaterialsScreen, RequiredMaterial
from screens.signature import SignatureScreen

if TYPE_CHECKING:
    from kiosk.ui.controllers.service import ServiceController


class _HostScreen(Screen):
    ctl: ServiceController
    show_back = False  # the hosted widget has its own 返回, next to its other buttons

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self.widget: QWidget | None = None

    def _host(self, widget: QWidget) -> None:
        self._drop()
        self.widget = widget
        # The page around every screen scrolls, so a tall capture widget cannot
        # grow the window past the screen on a small panel.
        self._lay.addWidget(widget)

    def _drop(self) -> None:
        if self.widget is not None:
            wipe = getattr(self.widget, "wipe", None)
            if callable(wipe):
                wipe()
            self.widget.setParent(None)
            self.widget.deleteLater()
            self.widget = None


class MaterialsStep(_HostScreen):
    state = SessionState.MATERIALS

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        self.adapter: ScanAdapter | None = None
        ctl.state_changed.connect(self._on_state)

    def title(self) -> str:
        return self.tr("拍摄材料")

    def spoken_prompt(self) -> str:
        return self.tr("请将材料平放在高拍仪下方。")

    def _ensure_adapter(self) -> ScanAdapter | None:
        if self.adapter is None:
            camera = self.ctl.camera("document_camera")
            if camera is None:
                return None
            self.adapter = adapter_from_config(camera, self.ctl.config.devices.document_camera)
        return self.adapter

    def on_enter(self) -> None:
        service = self.ctl.current_service()
        adapter = self._ensure_adapter()
        if service is None or adapter is None:
            self._host(label(self.tr("高拍仪不可用，请到窗口提交材料。"), "error"))
            return
        already = {a.label for a in self.ctl.session.data.attachments if a.kind == "pdf"}
        shown = self.ctl.display_service() or service
        wanted = [
            RequiredMaterial.from_catalog(m, d)
            for m, d in zip(service.materials, shown.materials, strict=True)
        ]
        screen = MaterialsScreen(wanted, adapter)
        screen.setObjectName("materialsWidget")
        screen.completed.connect(self._completed)
        screen.cancelled.connect(self.ctl.back)
        self._host(screen)
        if already:  # came back from a later step: start over for this service
            self._replace_attachments([])
        screen.start()

    def retranslate(self) -> None:
        # Mid-step language switch: the hosted capture screen relabels in place (its
        # pages stay); the materials' names come from the catalog's translations.
        widget = self.widget
        shown = self.ctl.display_service()
        if isinstance(widget, MaterialsScreen) and shown is not None:
            widget.retranslate([m.name for m in shown.materials])

    def _replace_attachments(self, new: list[Attachment]) -> None:
        data = self.ctl.session.data
        for a in [a for a in data.attachments if a.kind in ("pdf", "scan")]:
            a.wipe()
            data.attachments.remove(a)
        data.attachments.extend(new)

    def _completed(self, attachments: list[Attachment]) -> None:
        self._replace_attachments(list(attachments))
        self.ctl.next_step()

    def _on_state(self, old: str, new: str) -> None:
        if old == SessionState.MATERIALS and self.adapter is not None:
            self.adapter.stop()

    def wipe(self) -> None:
        if self.adapter is not None:
            self.adapter.stop()
        self._drop()

    def shutdown(self) -> None:
        self.wipe()
        if self.adapter is not None:
            self.adapter.shutdown()
            self.adapter = None


class SignatureStep(_HostScreen):
    state = SessionState.SIGNATURE

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        self.pad_adapter: SignaturePadAdapter | None = ctl.signature_pad_adapter()

    def title(self) -> str:
        return self.tr("签名确认")

    def spoken_prompt(self) -> str:
        return self.tr("请在屏幕上签写您的姓名。")

    def on_enter(self) -> None:
        cfg = self.ctl.config.devices.signature_pad
        data = self.ctl.session.data
        documents = [bytes(a.data) for a in data.attachments if a.kind in ("pdf", "scan")]
        screen = SignatureScreen(
            self.pad_adapter,
            min_points=cfg.min_points,
            min_extent_fraction=cfg.min_extent_fraction,
            documents=documents,
        )
        screen.setObjectName("signatureWidget")
        screen.completed.connect(self._completed)
        screen.cancelled.connect(self.ctl.back)
        self._host(screen)

    def _completed(self, result: Any) -> None:
        data = self.ctl.session.data
        for a in [a for a in data.attachments if a.kind == "signature"]:
            a.wipe()
            data.attachments.remove(a)
        data.attachments.extend(result.attachments())
        self.ctl.next_step()

    def wipe(self) -> None:
        self._drop()

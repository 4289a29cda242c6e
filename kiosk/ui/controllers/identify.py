"""The identify flow: card readers, app codes and face + ID, up to "the session knows who this is"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal

from drivers.base import DeviceEvent
from kiosk.identity.document import IdentityDocument
from kiosk.identity.interpret import IdentifyUpdate, UpdateKind, interpret
from kiosk.session.machine import SessionState
from kiosk.ui.controllers.base import FlowController, ShellController


class IdentifyController(FlowController):
    """Turns card reads and app-code scans into an accepted identity (UI thread only)."""

    identify_update = Signal(object)  # kiosk.identity.interpret.IdentifyUpdate
    face_check = Signal(object)  # IdentityDocument whose photo the live face must match

    #: How long the identify screen shows the masked identity before moving on.
    IDENTITY_SHOW_MS = 1200

    def __init__(self, shell: ShellController) -> None:
        super().__init__(shell)
        self._identity_device: str | None = None
        #: The resident chose 刷脸登录: the next card read is followed by a face check.
        self.face_requested = False
        shell.add_event_handler(self._on_identify_event)

    # --- intents -------------------------------------------------------------------
    def start(self, category: str | None = None) -> None:
        """Start a session; ``category`` is what was tapped on the attract screen, if any."""
        self.face_requested = False
        self.shell.preferred_category = category
        self.session.start()

    def accept_identity(self, doc: Any) -> None:
        """The face check passed (or was not needed): the session knows who this is."""
        self.face_requested = False
        if self.session.state == SessionState.IDENTIFY and self.session.data.identity is None:
            self.session.identified(doc)
        else:
            doc.wipe()

    def code_identified(self, doc: IdentityDocument, device: str = "qr_scanner") -> None:
        """An app code was verified by the platform: show it, then accept it."""
        state = self.session.state
        if state == SessionState.ATTRACT:
            self.session.start()
        elif state != SessionState.IDENTIFY:
            doc.wipe()
            return
        self.identify_update.emit(IdentifyUpdate(UpdateKind.IDENTIFIED, device, doc))
        self._accept_after_display(doc)

    def code_refused(self, message: str, device: str = "qr_scanner") -> None:
        if self.session.state == SessionState.ATTRACT:
            self.notice.emit(message)
        else:
            self.identify_update.emit(IdentifyUpdate(UpdateKind.REFUSED, device, message=message))

    # --- device events -------------------------------------------------------------------
    def _accept_after_display(self, doc: IdentityDocument) -> None:
        def accept() -> None:
            if self.session.state == SessionState.IDENTIFY and self.session.data.identity is None:
                self.session.identified(doc)
            else:
                doc.wipe()

        QTimer.singleShot(self.IDENTITY_SHOW_MS, accept)

    def _on_identify_event(self, event: DeviceEvent) -> bool:
        update = interpret(event)
        if update is None:
            return False
        state = self.session.state
        if update.kind == UpdateKind.REMOVED:
            if self.session.data.identity is not None and update.device == self._identity_device:
                self._identity_device = None
                self.session.card_removed()
            self.identify_update.emit(update)
            return True
        if state == SessionState.ATTRACT and update.kind != UpdateKind.REFUSED:
            self.session.start()  # placing a card on the attract screen starts a session
        elif state != SessionState.IDENTIFY:
            # A card arriving mid-session (or on the technician screen) is not used.
            if update.document is not None:
                update.document.wipe()
            return True
        self.identify_update.emit(update)
        if update.kind == UpdateKind.IDENTIFIED and update.document is not None:
            doc = update.document
            self._identity_device = update.device
            if self.face_requested or self.config.face.require_with_card:
                # Face + ID: the identity is accepted only after the live face
                # matches the card photo (the identify screen runs the check).
                self.face_check.emit(doc)
                return True
            self._accept_after_display(doc)
        return True

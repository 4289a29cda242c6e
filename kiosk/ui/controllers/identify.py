"""The identify flow: card readers, app codes and face + ID, up to "the session knows who this is"."""

from __future__ import annotations

import itertools
import logging
import math
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTimer, Signal

from drivers.base import DeviceEvent
from kiosk.identity.document import IdentityDocument
from kiosk.lazy_import import LazyModule
from kiosk.session.machine import SessionState
from kiosk.ui.controllers.base import FlowController, ShellController

log = logging.getLogger(__name__)

# The card readers' event types (drivers.smartcard, drivers.idcard): loaded with
# the first card, or by the warm start just after the first paint (issue 18).
card_events = LazyModule("kiosk.identity.interpret")


@dataclass
class _CardLogin:
    """A card login under way: read, shown, maybe face-checked, not yet accepted."""

    device: str
    token: int
    doc: IdentityDocument | None = None


class IdentifyController(FlowController):
    """Turns card reads and app-code scans into an accepted identity (UI thread only).

    Card presence is authoritative: a card login is accepted only if the card is
    still on the reader at that moment (the reader's next presence probe saw it). A removal at any instant before - mid-read, during
    the "识别成功" display, during the face check - cancels the login.
    """

    identify_update = Signal(object)  # kiosk.identity.interpret.IdentifyUpdate
    face_check = Signal(object)  # IdentityDocument whose photo the live face must match
    #: A login was cancelled (card lifted): the screen drops a face check in progress.
    login_cancelled = Signal(str)  # resident message

    #: How long the identify screen shows the masked identity before moving on.
    IDENTITY_SHOW_MS = 1200
    #: How long to wait for the reader's next presence probe at the moment of
    #: acceptance (it probes every 0.3 s; generous for a loaded terminal).
    PRESENCE_WAIT_S = 5.0

    def __init__(self, shell: ShellController) -> None:
        super().__init__(shell)
        self._identity_device: str | None = None
        #: The identity number of the accepted card (to recognise it during the grace).
        self._identity_number: str | None = None
        self._login: _CardLogin | None = None
        self._tokens = itertools.count(1)
        #: The resident chose 刷脸登录: the next card read is followed by a face check.
        self.face_requested = False
        shell.add_event_handler(self._on_identify_event)
        self.session.on_wiped(lambda _reason: self._forget())

    # --- intents -------------------------------------------------------------------
    def start(self, category: str | None = None) -> None:
        """Start a session; ``category`` is what was tapped on the attract screen, if any."""
        self.face_requested = False
        self.shell.preferred_category = category
        self.session.start()

    def accept_identity(self, doc: Any) -> None:
        """The face check passed (or was not needed): the session knows who this is."""
        self.face_requested = False
        login = self._login
        if login is not None and login.doc is doc:
            self._accept_card(login)
        else:
            doc.wipe()  # that login was cancelled meanwhile (card lifted, session over)

    def code_identified(self, doc: IdentityDocument, device: str = "qr_scanner") -> None:
        """An app code was verified by the platform: show it, then accept it."""
        state = self.session.state
        if state == SessionState.ATTRACT:
            self.session.start()
        elif state != SessionState.IDENTIFY:
            doc.wipe()
            return
        self.identify_update.emit(
            card_events.IdentifyUpdate(card_events.UpdateKind.IDENTIFIED, device, doc)
        )

        def accept() -> None:
            if self.session.state == SessionState.IDENTIFY and self.session.data.identity is None:
                self._identified(doc, None)
            else:
                doc.wipe()

        QTimer.singleShot(self.IDENTITY_SHOW_MS, accept)

    def code_refused(self, message: str, device: str = "qr_scanner") -> None:
        if self.session.state == SessionState.ATTRACT:
            self.notice.emit(message)
        else:
            self.identify_update.emit(
                card_events.IdentifyUpdate(card_events.UpdateKind.REFUSED, device, message=message)
            )

    # --- the card login --------------------------------------------------------------
    def _identified(self, doc: IdentityDocument, device: str | None) -> None:
        self._identity_device = device
        self._identity_number = doc.id_number if device is not None else None
        self.session.identified(doc)

    def _forget(self) -> None:
        self._cancel_login(None)
        self._identity_device = None
        self._identity_number = None

    def _cancel_login(self, message: str | None) -> None:
        login, self._login = self._login, None
        if login is None:
            return
        if login.doc is not None:
            login.doc.wipe()
        if message is not None:
            log.info("card login on %s cancelled: card lifted", login.device)
            self.login_cancelled.emit(message)
            self.identify_update.emit(
                card_events.IdentifyUpdate(
                    card_events.UpdateKind.REFUSED, login.device, message=message
                )
            )

    def _lifted(self) -> str:
        """What the resident reads when the card left before the login completed."""
        return self.tr("证件已取走，登录已取消。请重新放置证件。")

    def _presence_seen_at(self, device: str) -> float | None:
        """When the reader last saw the card (monotonic); ``-inf`` if it cannot tell."""
        reader = self.terminal.devices.get(device)
        if reader is None or not hasattr(reader, "presence_confirmed_at"):
            return -math.inf  # a reader without probes: its removal events are all we have
        seen: float | None = reader.presence_confirmed_at
        return seen

    def _accept_card(self, login: _CardLogin, asked_at: float | None = None) -> None:
        """Accept the login only once the reader has seen the card after this moment.

        Waiting for a probe *after* the acceptance was asked (one poll, 0.3 s)
        closes the window in which a card lifted just before would still log in.
        """
        if self._login is not login or login.doc is None:
            return
        if self.session.state != SessionState.IDENTIFY or self.session.data.identity is not None:
            self._cancel_login(None)
            return
        now = time.monotonic()
        asked_at = now if asked_at is None else asked_at
        seen = self._presence_seen_at(login.device)
        if seen is None:
            self._cancel_login(self._lifted())  # the reader no longer holds a card
            return
        if seen != -math.inf and seen < asked_at:
            if now - asked_at < self.PRESENCE_WAIT_S:
                QTimer.singleShot(50, lambda: self._accept_card(login, asked_at))
                return
            self._cancel_login(self.tr("读卡失败，请重新放置。"))  # the reader fell silent
            return
        doc, login.doc = login.doc, None
        self._login = None
        self._identified(doc, login.device)

    def _accept_after_display(self, login: _CardLogin) -> None:
        QTimer.singleShot(self.IDENTITY_SHOW_MS, lambda: self._accept_card(login))

    # --- device events -------------------------------------------------------------------
    def _on_identify_event(self, event: DeviceEvent) -> bool:
        update = card_events.interpret(event)
        if update is None:
            return False
        state = self.session.state
        if update.kind == card_events.UpdateKind.REMOVED:
            login = self._login
            if login is not None and update.device == login.device:
                self._cancel_login(self._lifted())  # lifted before the login completed
                return True
            if self.session.data.identity is not None and update.device == self._identity_device:
                self.session.card_removed()  # the grace starts; then the session ends
            self.identify_update.emit(update)
            return True
        if self.session.card_grace_left is not None and update.device == self._identity_device:
            # A card back on the reader during the grace: the same one carries on.
            if update.kind == card_events.UpdateKind.IDENTIFIED and update.document is not None:
                same = update.document.id_number == self._identity_number
                update.document.wipe()
                self.session.card_returned(same)
            return True
        if state == SessionState.ATTRACT and update.kind != card_events.UpdateKind.REFUSED:
            self.session.start()  # placing a card on the attract screen starts a session
        elif state != SessionState.IDENTIFY:
            # A card arriving mid-session (or on the technician screen) is not used.
            if update.document is not None:
                update.document.wipe()
            return True
        if update.kind == card_events.UpdateKind.READING:
            self._cancel_login(None)
            self._login = _CardLogin(update.device, next(self._tokens))
        elif (
            update.kind == card_events.UpdateKind.REFUSED
            and self._login is not None
            and self._login.device == update.device
        ):
            self._cancel_login(None)
        self.identify_update.emit(update)
        if update.kind == card_events.UpdateKind.IDENTIFIED and update.document is not None:
            doc = update.document
            login = self._login
            if login is None or login.device != update.device or login.doc is not None:
                self._cancel_login(None)
                login = _CardLogin(update.device, next(self._tokens))
                self._login = login
            login.doc = doc
            if self.face_requested or self.config.face.require_with_card:
                # Face + ID: the identity is accepted only after the live face
                # matches the card photo (the identify screen runs the check).
                self.face_check.emit(doc)
                return True
            self._accept_after_display(login)
        return True

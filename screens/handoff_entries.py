"""The hand-off entry buttons on other flows' screens (issue 21).

取件 (locker pick-up) on the attract screen, where a locker is configured;
邮寄送达, 存放材料 and 快递上门取件 (容缺后补: a courier collects originals handed
in later) in the result step, where the service's catalog entry allows them and the
case has a number. The locker panel of the technician screen is installed here too. Installed by ``kiosk/ui/app.py`` like the video
help button, so the attract and result screens keep a single controller each.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QPushButton

from kiosk.lazy_import import LazyModule
from kiosk.session.machine import SessionState
from screens.base import button

courier = LazyModule("kiosk.handoff.courier")  # the outbox: not before the first paint


class HandoffEntries(QObject):
    """Owns the three entry buttons and shows each only where it can be used."""

    def __init__(self, window: Any, ctl: Any) -> None:
        super().__init__(window)
        self.ctl = ctl
        self.pickup_btn: QPushButton = button(role="secondary")
        self.pickup_btn.setObjectName("lockerPickup")
        self.pickup_btn.clicked.connect(ctl.start_pickup)
        self.post_btn: QPushButton = button(role="secondary")
        self.post_btn.setObjectName("postDelivery")
        self.post_btn.clicked.connect(lambda: ctl.start_post(courier.CourierKind.DELIVERY))
        self.deposit_btn: QPushButton = button(role="secondary")
        self.deposit_btn.setObjectName("lockerDeposit")
        self.deposit_btn.clicked.connect(ctl.start_deposit)
        self.courier_pickup_btn: QPushButton = button(role="secondary")
        self.courier_pickup_btn.setObjectName("courierPickup")
        self.courier_pickup_btn.clicked.connect(lambda: ctl.start_post(courier.CourierKind.PICKUP))
        # Each screen takes its buttons when it is built (the result step after the
        # first paint, issue 18).
        window.when_built(SessionState.ATTRACT, self._on_attract)
        window.when_built(SessionState.RESULT, self._on_result)
        self.refresh()

    def _on_attract(self, attract: Any) -> None:
        lay = attract.layout()
        lay.insertWidget(lay.indexOf(attract.start_btn) + 1, self.pickup_btn)
        # Refreshed when either screen is shown: the result (and so the case number)
        # is set around the state change, not before it.
        attract.installEventFilter(self)

    def _on_result(self, result: Any) -> None:
        row = result.action_row.layout()
        row.insertWidget(0, self.courier_pickup_btn)
        row.insertWidget(0, self.deposit_btn)
        row.insertWidget(0, self.post_btn)
        result.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Shown, or the language switched while shown (the buttons are not the
        # screens' own, so no retranslate reaches them).
        if event.type() in (QEvent.Type.Show, QEvent.Type.LanguageChange):
            self.refresh()
        return False

    def refresh(self) -> None:
        self.pickup_btn.setText(self.tr("取件（智能文件柜）"))
        self.post_btn.setText(self.tr("邮寄送达"))
        self.deposit_btn.setText(self.tr("存放材料原件"))
        self.courier_pickup_btn.setText(self.tr("快递上门取件"))
        self.pickup_btn.setVisible(self.ctl.locker_available())
        self.post_btn.setVisible(self.ctl.post_offered())
        self.deposit_btn.setVisible(self.ctl.deposit_offered())
        self.courier_pickup_btn.setVisible(self.ctl.courier_pickup_offered())


def install_handoff_entries(window: Any, ctl: Any) -> HandoffEntries:
    """The entry buttons, and the locker panel on the technician screen."""
    from screens.locker_admin import install_locker_panel

    install_locker_panel(window, ctl)
    return HandoffEntries(window, ctl)

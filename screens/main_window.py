"""The frameless full-screen main window: header, screen stack, footer, status bar.

The header carries the title, the elderly-mode switch and the language switch;
the footer carries 返回 / 退出 on every screen that allows them; the status bar
shows time, network, queue depth and a device-fault indicator. The stacked
screens follow the session state; the idle-warning overlay covers everything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from drivers.base import DeviceStatus

if TYPE_CHECKING:
    from kiosk.devices.manager import DeviceStatusChanged
    from screens.admin import PinPad
    from screens.registry import ScreenFactory

from kiosk.session.machine import SessionState
from kiosk.ui.controllers.base import ShellController
from kiosk.ui.controllers.technician import TechnicianController
from kiosk.ui.i18n import LANGUAGE_NAMES, current_language
from kiosk.ui.ime.composer import reset_all as reset_input_methods
from screens.base import Screen, button
from screens.exit_confirm import ExitConfirm
from screens.idle_overlay import IdleOverlay
from screens.layout import ElidedLabel, ScreenPage
from screens.step_indicator import StepIndicator, journey
from screens.theme import mark_theme_part, restyle, set_app_font, set_role

log = logging.getLogger(__name__)


class StatusBar(QFrame):
    """Time, network, queue depth and a device-fault indicator."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(16, 4, 16, 4)
        self.clock = QLabel()
        self.network = QLabel()
        self.queue = QLabel()
        self.devices = QLabel()
        self.kiosk = QLabel()
        for w in (self.kiosk, self.network, self.queue, self.devices):
            lay.addWidget(w)
            lay.addSpacing(24)
        lay.addStretch(1)
        lay.addWidget(self.clock)
        self._faults: dict[str, str] = {}
        self._alerts: dict[str, str] = {}
        self._online: bool | None = None
        self._depth: int | None = None
        self.refresh_clock()

    def refresh_clock(self) -> None:
        self.clock.setText(QDateTime.currentDateTime().toString("yyyy-MM-dd HH:mm"))

    def set_kiosk(self, kiosk_id: str) -> None:
        self.kiosk.setText(kiosk_id)

    def set_network(self, online: bool | None) -> None:
        self._online = online
        self._render()

    def set_queue_depth(self, depth: int | None) -> None:
        self._depth = depth
        self._render()

    def device_changed(self, name: str, status: DeviceStatus) -> None:
        if status in (DeviceStatus.FAULT, DeviceStatus.ABSENT):
            self._faults[name] = str(status)
        else:
            self._faults.pop(name, None)
        self._render()

    def set_alert(self, key: str, text: str | None) -> None:
        """A problem the resident must know of now (a failed print), shown in red."""
        if text:
            self._alerts[key] = text
        else:
            self._alerts.pop(key, None)
        self._render()

    def _render(self) -> None:
        if self._online is None:
            self.network.setText(self.tr("网络：检测中"))
        else:
            self.network.setText(self.tr("网络：正常") if self._online else self.tr("网络：离线"))
        set_role(self.network, "" if self._online is not False else "error")
        self.queue.setText(
            self.tr("待上传：%1 件").replace("%1", str(self._depth))
            if self._depth is not None
            else ""
        )
        if self._alerts:
            self.devices.setText("；".join(self._alerts.values()))
            set_role(self.devices, "error")
        elif self._faults:
            self.devices.setText(self.tr("设备故障：%1").replace("%1", str(len(self._faults))))
            set_role(self.devices, "error")
        else:
            self.devices.setText(self.tr("设备正常"))
            set_role(self.devices, "")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)


class Screens(Mapping[SessionState, Screen]):
    """The window's screens by state, each built the first time it is asked for.

    Iterating, ``len`` and ``in`` cover every screen the window has, built or not;
    reading one builds it (synchronously: a tap in the first second reaches a
    screen that is not built yet). :meth:`built` is what exists now.
    """

    def __init__(
        self,
        factories: Mapping[SessionState, ScreenFactory],
        on_built: Callable[[Screen], None],
    ) -> None:
        self._factories = dict(factories)
        self._built: dict[SessionState, Screen] = {}
        self._on_built = on_built

    def __getitem__(self, state: SessionState) -> Screen:
        screen = self._built.get(state)
        if screen is None:
            screen = self._factories[state]()  # KeyError: no screen for this state
            self._built[state] = screen
            self._on_built(screen)
        return screen

    def __iter__(self) -> Iterator[SessionState]:
        return iter(self._factories)

    def __len__(self) -> int:
        return len(self._factories)

    def __contains__(self, state: object) -> bool:
        return state in self._factories

    def built(self) -> list[Screen]:
        return list(self._built.values())

    def unbuilt(self) -> list[SessionState]:
        return [s for s in self._factories if s not in self._built]


def _given(screen: Screen) -> ScreenFactory:
    """The factory of a screen built beforehand."""
    return lambda: screen


class MainWindow(QMainWindow):
    """Hosts every screen and follows the session state.

    ``screens`` is either the screens themselves or a factory per state (see
    :func:`screens.registry.screen_factories`): then only the screen of the
    current state is built here, and the rest once the window has painted, one
    per idle turn of the event loop (issue 18), or when first shown.
    """

    #: Pause between two screens built in idle time: touches and the warm start's
    #: replies are handled in between.
    IDLE_BUILD_MS = 15

    def __init__(
        self,
        ctl: ShellController,
        screens: Sequence[Screen] | Mapping[SessionState, ScreenFactory],
        technician: TechnicianController,
    ) -> None:
        super().__init__()
        self.ctl = ctl
        self._technician = technician
        self.setWindowTitle("政务服务自助终端")
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, ctl.config.ui.fullscreen)

        root = self.root = QWidget()
        root.setObjectName("screenArea")
        outer = QVBoxLayout(root)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        # Header
        self.header = QFrame()
        self.header.setObjectName("header")
        self._header_rows = header_rows = QVBoxLayout(self.header)
        header_rows.setContentsMargins(24, 8, 24, 8)
        header_rows.setSpacing(4)
        #: The header's row of switches (and, on a landscape screen, the title first).
        self.header_row = hl = QHBoxLayout()
        header_rows.addLayout(hl)
        self.title_label = ElidedLabel()
        self.title_label.setObjectName("title")
        hl.addWidget(self.title_label, 1)
        self._title_own_row = False
        self.elderly_btn = QPushButton()
        self.elderly_btn.setObjectName("elderlyToggle")
        self.elderly_btn.setCheckable(True)
        self.elderly_btn.setChecked(ctl.elderly)
        self.elderly_btn.toggled.connect(ctl.set_elderly)
        hl.addWidget(self.elderly_btn)
        self.voice_btn = QPushButton()
        self.voice_btn.setObjectName("voiceToggle")
        self.voice_btn.setCheckable(True)
        self.voice_btn.setChecked(ctl.voice.enabled)
        self.voice_btn.setVisible(ctl.voice.available)
        self.voice_btn.toggled.connect(ctl.set_voice)
        hl.addWidget(self.voice_btn)
        self.lang_group = QButtonGroup(self)
        self.lang_buttons: dict[str, QPushButton] = {}
        for lang in ctl.config.ui.languages:
            b = QPushButton(LANGUAGE_NAMES[lang])
            b.setObjectName(f"lang_{lang}")
            b.setCheckable(True)
            b.setChecked(lang == ctl.config.ui.language)
            b.clicked.connect(lambda _=False, lg=lang: self._switch_language(lg))
            self.lang_group.addButton(b)
            self.lang_buttons[lang] = b
            hl.addWidget(b)
        outer.addWidget(self.header)

        # Where the resident is (第 3 步 / 共 9 步), and "leave the card" on the steps
        # that read it: both above the content, so neither can scroll away.
        self.steps = mark_theme_part(StepIndicator())
        outer.addWidget(self.steps)
        self.card_banner = QLabel()
        self.card_banner.setObjectName("cardBanner")
        self.card_banner.setWordWrap(True)
        self.card_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Set once (restyle() keeps a widget's own sheet as it was at the first switch).
        self.card_banner.setStyleSheet(
            "background: #C8102E; color: white; font-weight: bold; padding: 8px;"
        )
        self.card_banner.hide()
        outer.addWidget(self.card_banner)
        self._card_grace: int | None = None

        # Screens
        # Each screen scrolls inside its page, so no screen's content can make the
        # stack (and so the window) taller or wider than the display.
        self.stack = QStackedWidget()
        self.pages: dict[SessionState, ScreenPage] = {}
        self._built_hooks: dict[SessionState, list[Callable[[Screen], None]]] = {}
        if isinstance(screens, Mapping):
            factories: dict[SessionState, ScreenFactory] = dict(screens)
            built_now: Sequence[Screen] = ()
        else:
            factories = {s.state: _given(s) for s in screens}
            built_now = screens
        self.screens = Screens(factories, self._add_page)
        for made in built_now:
            self.screens[made.state]
        self._idle_build = bool(self.screens.unbuilt())
        outer.addWidget(self.stack, 1)

        # Footer: a way back and a way out on every screen that allows it
        self.footer = QFrame()
        self.footer.setObjectName("footer")
        fl = QHBoxLayout(self.footer)
        fl.setContentsMargins(24, 6, 24, 6)
        self.back_btn = button(role="secondary")
        self.back_btn.setObjectName("backButton")
        self.back_btn.clicked.connect(ctl.back)
        self.exit_btn = button(role="danger")
        self.exit_btn.setObjectName("exitButton")
        self.exit_btn.clicked.connect(self.request_exit)
        self.countdown = QLabel()
        set_role(self.countdown, "hint")
        fl.addWidget(self.back_btn)
        fl.addStretch(1)
        fl.addWidget(self.countdown)
        fl.addStretch(1)
        fl.addWidget(self.exit_btn)
        outer.addWidget(self.footer)

        self.status = StatusBar()
        self.status.set_kiosk(ctl.config.kiosk.id)
        outer.addWidget(self.status)
        self.setCentralWidget(root)

        self._pin_pad: PinPad | None = None
        self._long_press = QTimer(self)
        self._long_press.setSingleShot(True)
        self._long_press.timeout.connect(self._admin_gesture)
        self.header.installEventFilter(self)

        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("notice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice_label.setStyleSheet(
            "background: #1B2430; color: white; border-radius: 16px; padding: 24px;"
        )
        self.notice_label.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self.notice_label.hide)

        self.exit_confirm = ExitConfirm(root)
        self.exit_confirm.confirmed.connect(ctl.exit)

        self.overlay = IdleOverlay(root)
        self.overlay.continue_clicked.connect(ctl.activity)
        self.overlay.hide()

        ctl.state_changed.connect(self._on_state)
        ctl.idle_warning.connect(self._on_idle_warning)
        ctl.idle_cleared.connect(self.overlay.hide)
        ctl.wiped.connect(self._on_wiped)
        ctl.elderly_changed.connect(self._on_elderly)
        ctl.device_status.connect(self._on_device_status)
        ctl.queue_changed.connect(self._on_queue)
        ctl.notice.connect(self.show_notice)
        ctl.card_grace.connect(self._on_card_grace)

        self._clock_timer = QTimer(self)
        self._clock_timer.timeout.connect(self._each_second)
        self._clock_timer.start(1000)

        self.retranslate()
        self._show(ctl.state)
        # The application-wide filter (activity, restyle on show) comes at the first
        # paint: before it, each of the ~1,200 events of building and showing the first
        # screen went through Python, a wrapper made for every object it touched
        # (25 ms of a 460 ms start, issue 18). Until then nobody can touch the screen,
        # and nothing shown has a stale look. The first page's paint is the signal.
        self._first_page: QWidget | None = self.stack.currentWidget()
        if self._first_page is None:
            self._watch_activity()
        else:
            self._first_page.installEventFilter(self)

    # --- activity: any touch resets the idle timer ------------------------------------
    #: Long press on the header's top-left corner opens the technician PIN pad.
    ADMIN_CORNER_PX = 120
    ADMIN_PRESS_MS = 3000

    def _admin_gesture(self) -> None:
        self.ctl.admin_gesture()
        self.pin_pad.open()

    @property
    def pin_pad(self) -> PinPad:
        """The technician PIN pad, built at the first admin gesture (argon2: issue 18)."""
        if self._pin_pad is None:
            from screens.admin import PinPad

            self._pin_pad = PinPad(self._technician, self.root)
            self._pin_pad.accepted.connect(self.ctl.enter_admin)
        return self._pin_pad

    # --- screens, built as needed -------------------------------------------------------------
    def _add_page(self, screen: Screen) -> None:
        page = mark_theme_part(ScreenPage(screen))
        self.pages[screen.state] = page
        self.stack.addWidget(page)
        for hook in self._built_hooks.pop(screen.state, []):
            hook(screen)

    def when_built(self, state: SessionState, hook: Callable[[Screen], None]) -> None:
        """``hook(screen)`` once the screen of ``state`` exists (now, if it does)."""
        if state not in self.screens:
            return
        if state in self.pages:
            hook(self.screens[state])
        else:
            self._built_hooks.setdefault(state, []).append(hook)

    def build_next_screen(self) -> bool:
        """Build one screen not built yet; False when there is none left."""
        pending = self.screens.unbuilt()
        if not pending:
            return False
        self.screens[pending[0]]
        return True

    def _build_in_idle_time(self) -> None:
        if self.build_next_screen():
            QTimer.singleShot(self.IDLE_BUILD_MS, self._build_in_idle_time)

    #: Presses that count as the resident's activity.
    _ACTIVITY_EVENTS = frozenset(
        {
            QEvent.Type.MouseButtonPress,
            QEvent.Type.TouchBegin,
            QEvent.Type.KeyPress,
            QEvent.Type.TabletPress,
        }
    )

    def _watch_activity(self) -> None:
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Installed on the application: every event of every widget passes here, so
        # the type is read once (each ``event.type()`` builds a Python enum value:
        # three reads cost 0.25 s of the start-up's 2,600 events, issue 18).
        kind = event.type()
        if obj is self._first_page and kind == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            self._first_page = None
            self._watch_activity()
            if self._idle_build:
                # The first paint is done (this one is handled): the other screens follow.
                self._idle_build = False
                QTimer.singleShot(self.IDLE_BUILD_MS, self._build_in_idle_time)
        if kind == QEvent.Type.Show and self._restyle_on_show(obj):
            return False
        if obj is self.header:
            if kind == QEvent.Type.MouseButtonPress:
                pos = event.position()  # type: ignore[attr-defined]
                if pos.x() < self.ADMIN_CORNER_PX and pos.y() < self.ADMIN_CORNER_PX:
                    self._long_press.start(self.ADMIN_PRESS_MS)
            elif kind == QEvent.Type.MouseButtonRelease:
                self._long_press.stop()
        if kind in self._ACTIVITY_EVENTS and not self.overlay.isVisible():
            self.ctl.activity()
        return False

    # --- state ------------------------------------------------------------------------------
    def _show(self, state: SessionState) -> None:
        screen = self.screens.get(state)
        if screen is None:
            return
        page = self.pages[state]
        restyle(page, self.ctl.elderly)  # before on_enter lays the screen out
        screen.on_enter()
        self.stack.setCurrentWidget(page)
        page.content.verticalScrollBar().setValue(0)
        self.back_btn.setVisible(screen.show_back)
        self.exit_btn.setVisible(screen.show_exit)
        self.footer.setVisible(screen.show_back or screen.show_exit)
        self.exit_confirm.hide()
        self.steps.show_step(state, journey(self.ctl.session.steps))
        self._render_card_banner()
        self.status.set_alert("screen", screen.status_alert() or None)
        self._update_title()
        self.ctl.speak(screen.spoken_prompt())

    def current_screen(self) -> Screen | None:
        page = self.stack.currentWidget()
        return page.shown_screen if isinstance(page, ScreenPage) else None

    def _update_title(self) -> None:
        screen = self.current_screen()
        title = screen.title() if isinstance(screen, Screen) else ""
        self.title_label.setText(title or self.ctl.config.kiosk.name_in(current_language()))

    def _on_state(self, old: str, new: str) -> None:
        self.overlay.hide()
        if new == SessionState.ATTRACT and old not in (SessionState.ATTRACT, SessionState.ADMIN):
            self._reset_presentation()
        self._show(SessionState(new))

    def _on_idle_warning(self, seconds_left: float) -> None:
        self.overlay.show_warning(seconds_left)
        self.ctl.speak(self.overlay.spoken())

    # --- 退出 and the card --------------------------------------------------------------------
    def request_exit(self) -> None:
        """退出: straight out, unless it would discard what the resident typed."""
        screen = self.current_screen()
        if screen is not None and screen.has_unsaved_input():
            self.exit_confirm.ask()
            self.ctl.speak(self.exit_confirm.spoken())
        else:
            self.ctl.exit()

    def _on_card_grace(self, seconds_left: object) -> None:
        was = self._card_grace
        self._card_grace = seconds_left if isinstance(seconds_left, int) else None
        self._render_card_banner()
        if was is None and self._card_grace is not None:
            self.ctl.speak(self.card_banner.text())

    def _render_card_banner(self) -> None:
        screen = self.current_screen()
        needs_card = screen is not None and screen.needs_card()
        # The standing reminder is a chip beside the steps; the countdown after the
        # card is lifted is a full red row, spoken once.
        if needs_card and self._card_grace is None:
            self.steps.set_chip(
                self.tr("请勿取走证件，办理完成前请将证件留在读卡区"), self.tr("请勿取走证件")
            )
        else:
            self.steps.set_chip(None)
        if self._card_grace is not None:
            self.card_banner.setText(
                self.tr("证件已取走，请在 %1 秒内放回读卡区，否则本次办理将结束").replace(
                    "%1", str(self._card_grace)
                )
            )
            self.card_banner.show()
        else:
            self.card_banner.hide()

    def _on_wiped(self, reason: str) -> None:
        for s in self.screens.built():  # a screen not built yet holds nothing
            s.wipe()
        reset_input_methods()  # nothing half-typed survives into the next session
        self._card_grace = None
        self.overlay.hide()

    def _reset_presentation(self) -> None:
        """The next resident starts from the terminal's own mode and language.

        On the way back to the attract screen, not at every wipe: a wipe can come
        while a resident stands at the attract screen, having just chosen English.
        """
        ui = self.ctl.config.ui
        self.ctl.set_elderly(ui.elderly_mode)
        if self.ctl.language.current != ui.language:
            self._switch_language(ui.language)

    def _theme_parts(self) -> list[QWidget]:
        """The window's parts a mode switch restyles: the stack's pages one by one."""
        parts: list[QWidget] = [self.notice_label]
        for w in self.root.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if w is not self.stack:
                parts.append(w)
        return parts

    def _restyle_on_show(self, obj: QObject) -> bool:
        # A part hidden at the last mode switch takes the mode as it is shown.
        if not isinstance(obj, QWidget):
            return False
        parent = obj.parentWidget()
        if parent is self.root or parent is self.stack or obj is self.notice_label:
            restyle(obj, self.ctl.elderly)
            return True
        return False

    def _on_elderly(self, on: bool) -> None:
        # Only what is on screen is restyled now (issue 18: replacing the application's
        # stylesheet re-polished every widget of every screen, 850 ms); each hidden
        # part and page follows when it is shown (_restyle_on_show, _show).
        set_app_font(on)
        for w in self._theme_parts():
            if w.isVisible():
                restyle(w, on)
        page = self.stack.currentWidget()
        if page is not None:
            restyle(page, on)
        self.elderly_btn.setChecked(on)
        current = self.current_screen()
        if current is not None and current.mode_dependent_layout:
            # Only a screen laid out by mode is built again (a guide or a materials
            # list rebuilt all its rows for a change of style).
            current.on_enter()

    # --- the window is the screen -------------------------------------------------------------
    def fit_to(self, size: QSize) -> None:
        """Make the window exactly ``size`` (the display's), whatever any screen contains.

        A fixed size: neither a tall form nor an elderly-mode keyboard can grow the
        window past the display, and nothing stays grown for the next resident.
        """
        self.setFixedSize(size)
        self.resize(size)

    def show_on_screen(self) -> None:
        """Full screen on the primary display, with or without a window manager.

        Without a WM ``showFullScreen`` alone leaves Qt's default size (1008×800):
        the geometry is set from the screen first, and kept when the screen changes.
        """
        scr = self.screen() or QApplication.primaryScreen()
        if scr is not None:
            self.setGeometry(scr.geometry())
            self.fit_to(scr.geometry().size())
            scr.geometryChanged.connect(self._screen_changed)
        self.showFullScreen()
        QTimer.singleShot(0, self._log_geometry)

    def _log_geometry(self) -> None:
        # One line a technician (and the cage test) can check: the window is the screen.
        scr = self.screen()
        size = scr.geometry().size() if scr is not None else QSize()
        log.info(
            "full screen: window %dx%d on a %dx%d screen (%s)",
            self.width(),
            self.height(),
            size.width(),
            size.height(),
            QApplication.platformName(),
        )

    def _screen_changed(self, geometry: QRect) -> None:
        self.setGeometry(geometry)
        self.fit_to(geometry.size())
        self._log_geometry()

    def shutdown(self) -> None:
        for s in self.screens.built():
            s.shutdown()

    def _on_queue(self, online: bool | None, depth: int | None) -> None:
        self.status.set_network(online)
        self.status.set_queue_depth(depth)

    def show_notice(self, text: str, seconds: float = 8.0) -> None:
        """A short message over the current screen (case status, scan refused, …)."""
        self.notice_label.setText(text)
        self.notice_label.adjustSize()
        w = min(self.width() - 80, max(480, self.notice_label.sizeHint().width()))
        self.notice_label.setFixedWidth(w)
        self.notice_label.adjustSize()
        self.notice_label.move((self.width() - w) // 2, 110)
        self.notice_label.raise_()
        self.notice_label.show()
        self._notice_timer.start(int(seconds * 1000))

    def _on_device_status(self, event: DeviceStatusChanged) -> None:
        self.status.device_changed(event.device, event.health.status)

    def _switch_language(self, lang: str) -> None:
        self.ctl.set_language(lang)
        self.lang_buttons[lang].setChecked(True)

    def _each_second(self) -> None:
        self.status.refresh_clock()
        session = self.ctl.session
        if session.state not in (SessionState.ATTRACT, SessionState.GOODBYE):
            left = int(session.seconds_left())
            self.countdown.setText(self.tr("%1 秒后自动退出").replace("%1", str(left)))
            if self.overlay.isVisible():
                self.overlay.set_seconds(left)
        else:
            self.countdown.setText("")

    # --- translation ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.elderly_btn.setText(self.tr("长辈模式"))
        self.voice_btn.setText(self.tr("语音播报"))
        self.back_btn.setText(self.tr("返回"))
        self.exit_btn.setText(self.tr("退出"))
        self._update_title()
        if hasattr(self, "countdown") and hasattr(self, "status"):
            self._each_second()  # the countdown in the new language now, not at the next tick
        if hasattr(self, "steps"):
            self._render_card_banner()
        if hasattr(self, "notice_label"):
            # A notice was worded in the old language when it came: a passing one,
            # so it goes rather than stay in the wrong language.
            self.notice_label.hide()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _arrange_header(self) -> None:
        """On a portrait screen the title has a row of its own above the switches.

        Beside six switches (elderly mode, English) a 1080 px wide header left the
        title 100 px: "Choose…". Portrait has the height to spare; landscape keeps
        one row (at 1366×768 every row is taken from the content).
        """
        own_row = self.height() > self.width()
        if own_row == self._title_own_row:
            return
        self._title_own_row = own_row
        rows, row = self._header_rows, self.header_row
        if own_row:
            row.removeWidget(self.title_label)
            rows.insertWidget(0, self.title_label)
            row.insertStretch(0, 1)  # the switches to the right, as before
        else:
            rows.removeWidget(self.title_label)
            row.takeAt(0)  # the stretch
            row.insertWidget(0, self.title_label, 1)

    def resizeEvent(self, event: QEvent) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._arrange_header()
        central = self.centralWidget()
        if central is not None:
            self.overlay.setGeometry(central.rect())
            self.exit_confirm.setGeometry(central.rect())

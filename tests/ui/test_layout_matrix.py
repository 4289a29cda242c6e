"""Every walkthrough step fits the screen: sizes × normal/elderly × languages (issue 16).

At every screenshot the window must be exactly the screen's size (and so the PNG),
and the footer buttons, the status bar and the screen's primary action must lie
wholly inside it (and not be clipped by a scroll area); every open keyboard has keys
of 60 px or more that do not overlap, and the field it types into is wholly shown.
The 视频帮办 overlay's buttons count as the way out while it covers the screen; the
call panel must cover neither 退出 nor the primary action. The steps open every
keyboard (catalog letters, form keypad and pinyin; the post screen's pinyin, 123
page, 注音 and letters; the locker keypad), and the test asserts they all were.
The whole matrix (24 walkthroughs) is ``slow``; the tightest case runs by default.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLineEdit, QListWidget, QPushButton, QWidget

from kiosk.ui.walkthrough.harness import Display, Walkthrough
from kiosk.ui.walkthrough.run import run_walkthrough
from screens.keyboard import OnScreenKeyboard

SIZES = [(1920, 1080), (1366, 768), (1280, 1024), (1080, 1920)]
FULL = [
    Display(w, h, elderly, lang)
    for (w, h) in SIZES
    for elderly in (False, True)
    for lang in ("zh_CN", "zh_TW", "en")
]
#: The default run keeps one walkthrough: the tightest screen, 1366×768 in elderly
#: mode (its 51 steps take about 50 s of CPU). Portrait and zh_TW/en run in the slow matrix.
SUBSET = [Display(1366, 768, True, "zh_CN")]


def wholly_shown(widget: QWidget, window: QWidget) -> tuple[bool, str]:
    """Visible, inside the window, and not clipped by any parent (scroll viewport)."""
    if not widget.isVisibleTo(window):
        return False, "hidden"
    top_left = widget.mapTo(window, QPoint(0, 0))
    rect = QRect(top_left, widget.size())
    if not window.rect().contains(rect):
        return False, f"{rect} outside {window.rect()}"
    shown = widget.visibleRegion().boundingRect()
    if shown.size() != widget.size():
        return False, f"clipped to {shown} of {widget.size()}"
    return True, ""


#: The smallest key a finger can hit reliably (issue 16), border included.
MIN_KEY_PX = 60


def keyboard_problems(kb: OnScreenKeyboard, window: QWidget) -> list[str]:
    """Keys squeezed under the touch minimum or onto each other, and a hidden target.

    The keyboard's own rectangle can lie on screen while its keys are crushed into
    it (seen at 1366×768 elderly: five rows of keys in three rows of room).
    """
    problems: list[str] = []
    keys = [w for w in kb.findChildren(QPushButton) if w.isVisibleTo(window)]
    for key in keys:
        if key.height() < MIN_KEY_PX:
            problems.append(f"key {key.objectName()} {key.height()} px high")
    rects = [(k.objectName(), QRect(k.mapTo(window, QPoint(0, 0)), k.size())) for k in keys]
    for i, (name, r) in enumerate(rects):
        for other, q in rects[i + 1 :]:
            if r.intersects(q):
                problems.append(f"keys {name} and {other} overlap")
    target = kb.target
    if isinstance(target, QLineEdit) and target.isVisibleTo(window):
        ok, why = wholly_shown(target, window)
        if not ok:
            problems.append(f"field being typed {target.objectName()} {why}")
    return problems


def keyboard_kind(kb: OnScreenKeyboard) -> str:
    """ "pinyin", "zhuyin", "letters", "numeric", or "123" (the digits page)."""
    return "123" if kb.symbols else str(kb.mode)


#: Every keyboard the matrix must see open (issue 16).
KEYBOARDS = {"pinyin", "zhuyin", "letters", "123", "numeric"}


class LayoutCheck:
    """The hook run after every screenshot; collects failures instead of stopping."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.steps = 0
        self.keyboards = 0
        self.kinds: set[str] = set()
        self.overlays = 0

    def _keyboard(
        self, where: str, kb: OnScreenKeyboard, window: QWidget
    ) -> list[tuple[str, QWidget]]:
        if not kb.isVisibleTo(window):
            return []
        self.keyboards += 1
        self.kinds.add(keyboard_kind(kb))
        self.failures += [f"{where}: {p}" for p in keyboard_problems(kb, window)]
        return [("keyboard", kb)]

    def _video(self, where: str, window: QWidget) -> tuple[bool, list[tuple[str, QWidget]]]:
        """The 视频帮办 overlay (modal: its buttons are the way out) and the call panel.

        Returns whether the modal overlay covers the screen, and what must be shown.
        """
        from screens.video_help import CallPanel, VideoHelpOverlay

        checks: list[tuple[str, QWidget]] = []
        modal = False
        for overlay in window.findChildren(VideoHelpOverlay):
            if overlay.isVisible():
                modal = True
                self.overlays += 1
                buttons = [b for b in overlay.findChildren(QPushButton) if b.isVisibleTo(window)]
                buttons = [b for b in buttons if not overlay.keypad.isAncestorOf(b)]
                if not buttons:
                    self.failures.append(f"{where}: video overlay without a button")
                checks += [(f"video {b.objectName()}", b) for b in buttons]
                checks += self._keyboard(where, overlay.keypad, window)
                if overlay.phone.isVisibleTo(window):
                    # The number being typed is in view, not scrolled away under the keypad.
                    checks.append(("callback number", overlay.phone))
        for panel in window.findChildren(CallPanel):
            if panel.isVisible():
                self.overlays += 1
                checks.append(("video hang-up", panel.hangup_btn))
                # The resident keeps using the screen: the way out and the screen's
                # primary action stay uncovered.
                screen = window.current_screen()
                primary = screen.primary_action() if screen is not None else None
                for what, w in (("退出", window.exit_btn), ("the primary action", primary)):
                    if w is not None and w.isVisibleTo(window):
                        rect = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
                        if QRect(panel.mapTo(window, QPoint(0, 0)), panel.size()).intersects(rect):
                            self.failures.append(f"{where}: the call panel covers {what}")
                shown = [
                    c
                    for c in (
                        panel.status,
                        panel.staff_view,
                        panel.hangup_btn,
                        panel.messages,
                        panel.unmask_btn,
                    )
                    if c.isVisibleTo(panel)
                ]
                for i, a in enumerate(shown):
                    for b in shown[i + 1 :]:
                        if a.geometry().intersects(b.geometry()):
                            self.failures.append(
                                f"{where}: call panel {a.objectName()} overlaps {b.objectName()}"
                            )
        return modal, checks

    def __call__(self, wt: Walkthrough, name: str) -> None:
        self.steps += 1
        window = wt.ui.window  # type: ignore[attr-defined]
        d = wt.display
        where = f"{d.label()} {name}"
        if (window.width(), window.height()) != (d.width, d.height):
            self.failures.append(f"{where}: window {window.width()}x{window.height()}")
        img = QImage(str(wt.shots[-1]))
        if (img.width(), img.height()) != (d.width, d.height):
            self.failures.append(f"{where}: PNG {img.width()}x{img.height()}")
        checks: list[tuple[str, QWidget]] = [("status bar", window.status)]
        if window.footer.isVisibleTo(window):
            for btn in (window.back_btn, window.exit_btn):
                if btn.isVisibleTo(window):
                    checks.append((btn.objectName(), btn))
        modal, video = self._video(where, window)
        checks += video
        screen = window.current_screen()
        if screen is not None and not window.pin_pad.isVisible() and not modal:
            primary = screen.primary_action()
            if primary is not None and primary.isVisibleTo(window):
                checks.append(("primary action", primary))
            for kb in screen.findChildren(OnScreenKeyboard) + [
                w for w in screen.docked() if isinstance(w, OnScreenKeyboard)
            ]:
                checks += self._keyboard(where, kb, window)
            self.failures += [f"{where}: {p}" for p in elided_list_items(screen)]
        for what, widget in checks:
            ok, why = wholly_shown(widget, window)
            if not ok:
                self.failures.append(f"{where}: {what} {why}")


def elided_list_items(screen: QWidget) -> list[str]:
    """Names a shown list cuts short (the post screen's divisions: "Guangxi Zh…")."""
    problems = []
    for lw in screen.findChildren(QListWidget):
        if not lw.isVisible():
            continue
        fm = lw.fontMetrics()
        room = lw.viewport().width() - 6  # the item's text margins (Fusion: 3 px a side)
        for i in range(lw.count()):
            item = lw.item(i)
            text = item.text()
            if lw.wordWrap():  # wrapped: every line within the item's height
                box = QRect(0, 0, room, 10_000)
                need = fm.boundingRect(box, Qt.TextFlag.TextWordWrap, text).height()
                if need > lw.visualItemRect(item).height():
                    problems.append(f"{lw.objectName()} cuts {text!r} ({need} px high)")
            elif fm.horizontalAdvance(text) > room:
                problems.append(f"{lw.objectName()} elides {text!r} ({room} px)")
    return problems


def run_matrix_case(display: Display, out: Path) -> None:
    check = LayoutCheck()
    shots = run_walkthrough(out, display=display, hooks=[check])
    assert check.steps == len(shots) >= 50
    assert check.kinds == KEYBOARDS, f"keyboards opened: {sorted(check.kinds)}"
    assert check.overlays >= 4  # 视频帮办: consent, queue, the call panel, the end
    assert check.failures == [], "\n".join(check.failures)


@pytest.mark.parametrize("display", SUBSET, ids=lambda d: d.label())
def test_walkthrough_fits_the_screen(qapp, display: Display, tmp_path: Path) -> None:
    run_matrix_case(display, tmp_path / "shots")


@pytest.mark.slow
@pytest.mark.parametrize("display", FULL, ids=lambda d: d.label())
def test_walkthrough_fits_every_screen(qapp, display: Display, tmp_path: Path) -> None:
    run_matrix_case(display, tmp_path / "shots")

"""Switching the UI language at run time with Qt's translation system."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QTranslator

TS_DIR = Path(__file__).resolve().parent.parent.parent / "screens" / "translations"
LANGUAGE_NAMES = {"zh_CN": "简体", "zh_TW": "繁體", "en": "EN"}

#: The language last switched to. Qt's translators are application-wide, so this is
#: too: the keyboard reads it to pick Simplified or Traditional candidates.
_current = "zh_CN"
_translator: QTranslator | None = None


def current_language() -> str:
    """The UI language in effect ("zh_CN", "zh_TW" or "en")."""
    return _current


class LanguageSwitcher:
    """Installs the translator for a language; widgets retranslate on LanguageChange."""

    def __init__(self) -> None:
        self.current = "zh_CN"

    def set_language(self, lang: str) -> bool:
        """Switch language; returns False if its .qm file is missing (stays on zh_CN).

        Switching to the language in effect does nothing: a LanguageChange rebuilds
        the visible screen (the guide, the catalog), for no change of text.
        """
        global _current
        if lang == self.current == _current and (lang == "zh_CN") == (_translator is None):
            return True
        ok = self._install(lang)
        _current = self.current
        return ok

    def _install(self, lang: str) -> bool:
        app = QCoreApplication.instance()
        if app is None:
            return False
        global _translator
        # The translator is the application's, not this switcher's: a window built
        # after another (tests, the walkthrough) must not inherit its language.
        if _translator is not None:
            app.removeTranslator(_translator)
            _translator = None
        self.current = "zh_CN"
        if lang == "zh_CN":
            # Source strings are Simplified Chinese: no translator needed.
            self._notify(app)
            return True
        tr = QTranslator()
        if not tr.load(str(TS_DIR / f"kiosk_{lang}.qm")):
            self._notify(app)
            return False
        app.installTranslator(tr)
        _translator = tr
        self.current = lang
        self._notify(app)
        return True

    @staticmethod
    def _notify(app: QCoreApplication) -> None:
        # installTranslator/removeTranslator *post* LanguageChange events; deliver
        # them now so the screen is already retranslated when the touch returns.
        # (QApplication itself re-posts them to each widget, so a flush is not
        # enough: send one to every top-level window, which forwards to children.)
        from PySide6.QtWidgets import QApplication

        if isinstance(app, QApplication):
            for w in app.topLevelWidgets():
                QCoreApplication.sendEvent(w, QEvent(QEvent.Type.LanguageChange))

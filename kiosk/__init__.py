"""Self-service government kiosk terminal: the application core.

Plain Python except for :mod:`kiosk.ui.qt_bridge` and :mod:`kiosk.app`, which are the
only places in this package that touch Qt.
"""

__version__ = "0.1.0"

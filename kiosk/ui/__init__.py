"""Qt adapters of the core (controllers, QObjects, signals, worker threads). Widgets live in screens/.

May import the core, QtCore and (outside kiosk.ui.controllers) QtWidgets; the core never imports this package.
"""

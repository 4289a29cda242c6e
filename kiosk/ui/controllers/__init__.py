"""The UI thread's controllers: a shared shell and one controller per flow (identify, service, technician, packages).

May import the core (kiosk.app, kiosk.services, …) and QtCore; never QtWidgets: screens hold the widgets.
"""

"""Command-line interface (click). Each command group lives in its own module.

May import every kiosk subpackage; Qt only through kiosk.ui, imported lazily by the commands that start the UI.
"""

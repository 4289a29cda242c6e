"""Qt widgets: one module per screen, plus the theme and shared widgets."""

"""Command-line interface (click). Each command group lives in its own module."""

"""Errors raised by templates: each names what is wrong, before anything reaches a printer."""

from __future__ import annotations


class TemplateError(Exception):
    """A template could not be rendered.

    ``resident_message`` is a short Chinese sentence safe to show on screen;
    ``detail`` (the ``str()``) is for technicians and never holds personal data.
    """

    resident_message: str = "凭证生成失败，请联系工作人员。"

    def __init__(self, detail: str, resident_message: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if resident_message is not None:
            self.resident_message = resident_message

    def __str__(self) -> str:
        return self.detail


class UnknownTemplateError(TemplateError):
    """No template has that name."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"unknown template '{name}' (known: {', '.join(known)})")
        self.name = name


class MissingFieldError(TemplateError):
    """A required field is absent or empty."""

    def __init__(self, template: str, field: str) -> None:
        super().__init__(f"template '{template}': required field '{field}' is missing or empty")
        self.template = template
        self.field = field


class FieldTypeError(TemplateError):
    """A field has the wrong type (a list where text is expected, …)."""

    def __init__(self, template: str, field: str, expected: str, got: str) -> None:
        super().__init__(f"template '{template}': field '{field}' must be {expected}, got {got}")
        self.template = template
        self.field = field


class UnknownFieldError(TemplateError):
    """A field the template does not know (a typo must not be silently ignored)."""

    def __init__(self, template: str, field: str) -> None:
        super().__init__(f"template '{template}': unknown field '{field}'")
        self.template = template
        self.field = field


class FontError(TemplateError):
    """The CJK font needed to draw Chinese text cannot be loaded."""

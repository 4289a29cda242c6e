"""Template data: typed dataclasses built from plain mappings (JSON), with clear errors.

Each template declares its data as a frozen dataclass whose fields are
``Annotated[type, "description"]``. Fields without a default are required; a missing or empty one raises :class:`MissingFieldError` naming it,
before anything is rendered or sent to a printer. Supported field types: ``str``,
``int``, ``list[str]``, ``datetime.date``, ``datetime.datetime`` (ISO 8601 text in
JSON) and ``X | None``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from printer_templates.errors import FieldTypeError, MissingFieldError, UnknownFieldError

T = TypeVar("T")


@dataclass(frozen=True)
class FieldInfo:
    """One field of a template's data."""

    name: str
    type_name: str
    required: bool
    description: str


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0], True
    return tp, False


def _type_name(tp: Any) -> str:
    tp, optional = _unwrap_optional(tp)
    names = {str: "text", int: "integer", dt.date: "date (YYYY-MM-DD)",
             dt.datetime: "date-time (ISO 8601)"}  # fmt: skip
    name = "list of text" if typing.get_origin(tp) is list else names.get(tp, str(tp))
    return name + (" (optional)" if optional else "")


@functools.lru_cache(maxsize=64)
def _hints(cls: type, extras: bool) -> dict[str, Any]:
    # get_type_hints re-evaluates every annotation string: cache it per class.
    return typing.get_type_hints(cls, include_extras=extras)


@functools.lru_cache(maxsize=64)
def _describe(cls: type) -> tuple[FieldInfo, ...]:
    hints = _hints(cls, True)
    out = []
    for f in dataclasses.fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        tp, description = _split_annotated(hints[f.name])
        out.append(FieldInfo(f.name, _type_name(tp), required, description))
    return tuple(out)


def describe(cls: type) -> list[FieldInfo]:
    """The fields of a template data class, in declaration order."""
    return list(_describe(cls))


def _split_annotated(tp: Any) -> tuple[Any, str]:
    if typing.get_origin(tp) is typing.Annotated:
        base, *extras = typing.get_args(tp)
        return base, " ".join(str(e) for e in extras)
    return tp, ""


def _convert(template: str, name: str, tp: Any, value: Any) -> Any:
    tp, _ = _unwrap_optional(tp)
    got = type(value).__name__
    if tp is str:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise FieldTypeError(template, name, "text", got)
        return str(value)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldTypeError(template, name, "an integer", got)
        return value
    if typing.get_origin(tp) is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise FieldTypeError(template, name, "a list of text", got)
        return list(value)
    if tp is dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        try:
            return dt.datetime.fromisoformat(str(value))
        except ValueError:
            raise FieldTypeError(template, name, "an ISO 8601 date-time", repr(value)) from None
    if tp is dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise FieldTypeError(template, name, "a date YYYY-MM-DD", repr(value)) from None
    raise TypeError(f"unsupported field type {tp!r}")  # a template bug, not bad input


def build(cls: type[T], template: str, data: Mapping[str, Any]) -> T:
    """Build ``cls`` from ``data``; raise a TemplateError naming the first bad field."""
    if not isinstance(data, Mapping):
        raise FieldTypeError(template, "(root)", "an object", type(data).__name__)
    hints = _hints(cls, False)  # type: ignore[arg-type]
    known = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    for key in data:
        if key not in known:
            raise UnknownFieldError(template, str(key))
    kwargs: dict[str, Any] = {}
    for info in describe(cls):
        value = data.get(info.name)
        empty = value is None or (isinstance(value, str | list) and len(value) == 0)
        if empty:
            if info.required:
                raise MissingFieldError(template, info.name)
            continue
        kwargs[info.name] = _convert(template, info.name, hints[info.name], value)
    return cls(**kwargs)


def to_plain(obj: Any) -> dict[str, Any]:
    """The data as JSON-ready values (dates as ISO text), for signing and samples."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        v = getattr(obj, f.name)
        if isinstance(v, dt.date):
            v = v.isoformat()
        out[f.name] = v
    return out

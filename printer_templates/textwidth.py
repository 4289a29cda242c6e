"""Display width of text on a fixed-pitch printer and wrapping by that width.

A CJK (wide or full-width) character takes two columns, an ASCII character one,
and combining marks none. Receipt printers lay text out in columns, so wrapping
by ``len()`` would overflow every Chinese line.
"""

from __future__ import annotations

import unicodedata


def char_width(ch: str) -> int:
    """Columns taken by one character (0, 1 or 2)."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Columns taken by ``text``."""
    return sum(char_width(c) for c in text)


# A line must not start with closing punctuation (Chinese typesetting rule 避头点):
# the character before it moves down with it, so no line ever overflows.
_NO_LINE_START = set("，。、；：？！）》」』】〕,.;:?!)]}%")


def wrap(text: str, columns: int, indent: int = 0) -> list[str]:
    """Wrap ``text`` to lines of at most ``columns`` display columns.

    ASCII words are kept whole when they fit on a line; CJK text breaks between
    any two characters, except before closing punctuation.
    Continuation lines start with ``indent`` spaces. Explicit newlines are kept.
    """
    if columns < 2:
        raise ValueError("columns must be at least 2")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, columns, indent))
    return lines


def tokens(text: str) -> list[str]:
    """Split into ASCII words (with their trailing space) and single other characters."""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch.isascii() and not ch.isspace():
            word += ch
            continue
        if word:
            tokens.append(word)
            word = ""
        tokens.append(ch)
    if word:
        tokens.append(word)
    return tokens


def _wrap_paragraph(text: str, columns: int, indent: int) -> list[str]:
    if not text:
        return [""]
    lines: list[str] = []
    line = ""
    width = 0
    for tok in tokens(text):
        w = text_width(tok)
        if width + w <= columns:
            line += tok
            width += w
            continue
        if tok in _NO_LINE_START and len(line.strip()) >= 2:
            last = line[-1]
            lines.append(line[:-1].rstrip(" "))
            line = " " * indent + last + tok
            width = text_width(line)
            continue
        if w > columns - indent:
            # A word longer than a line (a URL): break it by character.
            for ch in tok:
                cw = char_width(ch)
                if width + cw > columns:
                    lines.append(line)
                    line, width = " " * indent, indent
                line += ch
                width += cw
            continue
        if tok == " ":
            lines.append(line)
            line, width = " " * indent, indent
            continue
        lines.append(line.rstrip(" "))
        line, width = " " * indent + tok, indent + w
    if line.strip() or not lines:
        lines.append(line)
    return lines

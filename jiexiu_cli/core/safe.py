"""Text from a fact base, an article or a file name, made safe to print.

Everything jiexiu prints may quote a stranger: a figure's quote, a name, a title, a file
name, an error that echoes them. A terminal acts on some characters instead of showing
them (an escape sequence recolours, moves the cursor or sets the window title; ``\\r`` and
backspace overwrite what came before; a right-to-left override, U+202E, shows the rest of
the line backwards), a spreadsheet runs a cell that begins with ``=``. So every renderer passes its text through
this module:

- :func:`line` and :func:`cell` show each such character as its Python escape (``\\x1b``,
  ``\\r``, ``\\u202e``), for one-line output (errors, verify, ``--cite``, YAML comments) and
  for table, markdown and csv cells (which may keep ``\\n`` and ``\\t``);
- :func:`json_string` writes a JSON (and YAML) string whose value is exact but whose text
  holds none of them (``\\u202e``, ``\\u009b``);
- :func:`csv_cell` also neutralises a cell a spreadsheet would read as a formula.

The characters: every control (C0, DEL, C1), every format character (Unicode category Cf:
bidi embeddings, overrides, isolates and marks, zero-width spaces and joiners, the word
joiner and invisible operators, the byte-order mark, soft hyphen, interlinear annotation,
tags), the line and paragraph separators (U+2028, U+2029) and lone surrogates (a file name
that is not UTF-8). A backslash is not escaped: the escapes are for reading, and JSON keeps
the exact value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import re

#: the Unicode categories shown escaped: controls, format characters, surrogates, line and
#: paragraph separators (``str.isprintable`` is false for these and for spaces other than
#: ' ', private-use and unassigned characters, which are shown as they are)
ESCAPED = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def _escape(text: str, keep: str) -> str:
    if text.isprintable():  # the usual case, at C speed: nothing to escape
        return text
    from unicodedata import category

    out = []
    for c in text:
        if c.isprintable() or c in keep or category(c) not in ESCAPED:
            out.append(c)
        else:
            out.append(c.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def line(text: str) -> str:
    """``text`` with every control, format and separator character shown as its escape
    (``\\x1b``, ``\\n``, ``\\u202e``): safe to print as (part of) one line."""
    return _escape(text, "")


def cell(text: str) -> str:
    """As :func:`line`, but a line break and a tab stay (a table cell may wrap)."""
    return _escape(text, "\n\t")


_encode: Callable[[str], str] | None = None


def json_string(text: str) -> str:
    """``text`` as a JSON string (also a YAML double-quoted scalar) that reads back exactly,
    with every character :func:`line` would escape written as ``\\uXXXX`` (json.dumps
    itself escapes only C0 controls)."""
    global _encode
    if _encode is None:  # json is imported only to write JSON
        from json.encoder import encode_basestring  # what json.dumps(ensure_ascii=False) calls

        _encode = encode_basestring
    dumped = _encode(text)
    if text.isprintable():
        return dumped
    from unicodedata import category

    out = []
    for c in dumped:
        if c.isprintable() or category(c) not in ESCAPED:
            out.append(c)
            continue
        code = ord(c)
        if code >= 0x10000:  # a UTF-16 surrogate pair, as JSON writes it
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


#: what makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"), when first
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_number: re.Pattern[str] | None = None


def _plain_number(text: str) -> bool:
    """Is ``text`` just a number (-23.1, +8.5%, 1e3), which a spreadsheet reads as such?"""
    global _number
    if _number is None:
        import re  # only for a cell that begins like a formula

        _number = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?", re.ASCII)
    return _number.fullmatch(text.strip()) is not None


def neutralised(text: str) -> str:
    """A csv cell a spreadsheet would read as a formula, with a ``'`` in front (which
    spreadsheets read as "this is text"): one that begins with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return, or with one of these after leading blanks, unless the
    whole cell is a plain number such as ``-23.1``."""
    first = text.lstrip(" \u3000\t\r\n")[:1]
    if (text[:1] in _FORMULA_START or first in _FORMULA_START) and not _plain_number(text):
        return "'" + text
    return text


def csv_cell(text: str) -> str:
    """A csv cell of text: controls escaped as in a table (:func:`cell`), formulas neutralised."""
    if text.isprintable() and text[:1] not in _MAY_START_A_FORMULA:  # the usual cell, at C speed
        return text
    return neutralised(cell(text))


#: the printable first characters that :func:`neutralised` must look at (a tab, a carriage
#: return or an ideographic space is not printable, so takes the slow path anyway)
_MAY_START_A_FORMULA = frozenset("=+-@ ")

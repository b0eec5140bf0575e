"""A command's human view -> a Rich renderable: the table laid out by
:mod:`jiexiu_cli.present.table_layout`, drawn line by line; one block per row where the terminal is
too narrow for the table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from jiexiu_cli.present.render import Result
from jiexiu_cli.present.table_layout import LaidCell, extra_cells, highlights, plain_text, table_layout

if TYPE_CHECKING:
    from rich.console import RenderableType


#: the note under a table whose quotes were shortened
SHORTENED_NOTE = "… marks where a quote is shortened to fit the width; --format json has it whole."


def _lines_text(text: str, spans: Sequence[tuple[int, int]], lines: list[tuple[int, int]], style: str = "") -> Any:
    """Lines of ``text`` as one Rich Text, highlights kept where they fall."""
    from rich.text import Text

    out = Text(style=style, no_wrap=True, overflow="ignore")
    for k, (a, b) in enumerate(lines):
        if k:
            out.append("\n")
        start = len(out)
        out.append(text[a:b])
        for x, y in spans:
            lo, hi = max(x, a), min(y, b)
            if lo < hi:
                out.stylize("bold yellow", start + lo - a, start + hi - a)
    return out


def _wrapped(text: str, width: int, style: str = "", spans: Sequence[tuple[int, int]] = ()) -> Any:
    from jiexiu_cli.present import layout

    return _lines_text(text, spans, layout.wrap_text(text, width), style)


def to_table(result: Result, width: int | None = None) -> RenderableType:
    """The table in ``width`` cells (unbounded when None), each cell wrapped where
    :mod:`jiexiu_cli.present.layout` allows, quotes shortened around their highlight where they
    would run long; one block per row (:func:`to_blocks`) where the table cannot fit.

    Drawn here, line by line, as Rich's ``Table`` with ``box.SIMPLE_HEAD`` draws it (a
    test holds the two to the same text): the cells are laid out already, and Rich's table
    would measure and split them all again (and its import is part of every table's start-up).
    """
    from rich.console import Group

    from jiexiu_cli.present import layout

    with layout.remembering():
        laid = table_layout(result, width)
        if laid is None:
            return to_blocks(result, width)
        result, cols, ws = laid
        columns = [c.laid(w) for c, w in zip(cols, ws, strict=True)]
    lines, shortened = _draw(result, columns, ws)
    full = width if width is not None else 10**6
    # Text, never str: Rich would read a str as markup with :emoji: codes, so a title from
    # the data with "[" in it would be mangled (and Rich would import its emoji table).
    parts: list[RenderableType] = []
    if result.title:
        parts.append(_wrapped(result.title, full, "table.title"))
    parts.append(_Lines(lines))
    notes = [*result.footnotes, *([SHORTENED_NOTE] if shortened else [])]
    parts += [_wrapped(n, full, "dim") for n in notes]
    return Group(*parts)


#: a line of a drawn table: its text and its styled spans (start, end, style), or None
_Line = tuple[str, list[tuple[int, int, str]] | None]


def _draw(result: Result, columns: list[list[LaidCell]], ws: list[int]) -> tuple[list[_Line], bool]:
    """The table's lines as Rich's ``Table`` with ``box.SIMPLE_HEAD`` draws them (a test
    holds the two to the same text), and whether a quote was shortened. A line is one
    string; a line with a style or a highlight carries its spans as ``Text.append`` and
    ``Text.stylize`` would make them (control codes stripped as ``Text.append`` strips them)."""
    from rich.control import strip_control_codes

    from jiexiu_cli.present.layout import cells

    left, divider, right, rule = BOX
    total = sum(ws) + extra_cells(len(ws))
    edge = left + " " * (total - 2) + right
    out: list[_Line] = [(edge, None)]
    last = len(ws) - 1
    shortened = False
    for i in range(len(result.rows) + 1):  # the header, then each row
        row = [column[i] for column in columns]
        height = max(len(lines) for _, _, lines, _ in row)
        style = "table.header" if i == 0 else ""
        for t in range(height):
            parts = [left]
            pos = len(left)
            spans: list[tuple[int, int, str]] | None = None
            for j, ((text, marks, lines, cut), w) in enumerate(zip(row, ws, strict=True)):
                shortened = shortened or cut
                used = 0
                if t < len(lines):
                    a, b = lines[t]
                    piece = text[a:b]
                    used = len(piece) if piece.isascii() else cells(piece)
                    if not piece.isprintable():
                        piece = strip_control_codes(piece)
                    at = pos + 1
                    parts.append(" " + piece)
                    pos = at + len(piece)
                    if piece and style:
                        spans = spans or []
                        spans.append((at, pos, style))
                    for x, y in marks:
                        lo, hi = max(x, a), min(y, b)
                        if lo < hi and at + lo - a < pos:
                            spans = spans or []
                            spans.append((at + lo - a, min(pos, at + hi - a), "bold yellow"))
                else:
                    parts.append(" ")
                    pos += 1
                tail = " " * (w - used) + " " + (divider if j < last else right)
                parts.append(tail)
                pos += len(tail)
            out.append(("".join(parts), spans))
        if i == 0:
            out.append((" " + rule * (total - 2) + " ", None))
    out.append((edge, None))
    return out, shortened


class _Lines:
    """A drawn table's lines for Rich to print: a line without style as one segment; one
    with a style or a highlight (or a tab, which Rich expands) as a Text of its own.

    The same output as one Rich Text of all the lines, without Rich splitting and
    re-joining a text of thousands of lines (time that grows with the square of its length)."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        from rich.segment import Segment
        from rich.text import Span, Text

        newline = Segment.line()
        for text, spans in self.lines:
            if spans is None and "\t" not in text:
                yield Segment(text)
                yield newline
            else:
                marks = [Span(*s) for s in spans or ()]
                yield Text(text, no_wrap=True, overflow="ignore", spans=marks)


#: how a table is drawn: the left edge, the rule between columns, the right edge and the
#: line under the header (Rich's ``box.SIMPLE_HEAD``; tests draw the rules to see columns)
BOX = (" ", " ", " ", "─")


def to_blocks(result: Result, width: int | None = None) -> RenderableType:
    """The table for a terminal too narrow for it: one block per row, one line per cell,
    each named by its column; lines wrap where :mod:`jiexiu_cli.present.layout` allows, so nothing
    is cut and no number is broken, however narrow."""
    from rich.console import Group
    from rich.text import Text

    full = width if width is not None else 10**6
    parts: list[RenderableType] = []
    if result.title:
        parts += [_wrapped(result.title, full, "italic"), Text("")]
    for row in result.rows:
        for name, cell in zip(result.columns, row, strict=False):
            label = f"{name}: "
            spans = tuple((a + len(label), b + len(label)) for a, b in highlights(cell))
            line = _wrapped(label + plain_text(cell), full, spans=spans)
            line.stylize("bold", 0, len(name) + 1)
            parts.append(line)
        parts.append(Text(""))
    parts += [_wrapped(note, full, "dim") for note in result.footnotes]
    return Group(*parts)

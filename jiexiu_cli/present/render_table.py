"""A command's human view -> a Rich renderable: the table laid out by
:mod:`jiexiu_cli.present.table_layout`, drawn line by line; one block per row where the terminal is
too narrow for the table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
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


#: the lines drawn before they are printed: the table and its notes go out a block at a
#: time (Rich holds every segment of one ``print`` until it ends: the whole output)
BLOCK_LINES = 1000


def to_table(result: Result, width: int | None = None) -> Drawn:
    """The table in ``width`` cells (unbounded when None), each cell wrapped where
    :mod:`jiexiu_cli.present.layout` allows, quotes shortened around their highlight where they
    would run long; one block per row (:func:`to_blocks`) where the table cannot fit.

    Drawn here, line by line, as Rich's ``Table`` with ``box.SIMPLE_HEAD`` draws it (a
    test holds the two to the same text): the cells are laid out already, and Rich's table
    would measure and split them all again (and its import is part of every table's start-up).

    In two passes: the widths are chosen over every row (:func:`table_layout`, which keeps
    numbers, not laid text), then the rows are laid out and drawn a block at a time
    (:meth:`Drawn.blocks`), so that a long table's lines are never all in memory at once.
    """
    return Drawn(lambda: _table_blocks(result, width))


class Drawn:
    """A table drawn a block at a time: printed whole as one renderable, or block by block
    (:meth:`blocks`, what the command line does: each block printed as soon as it is drawn)."""

    def __init__(self, blocks: Callable[[], Iterator[RenderableType]]) -> None:
        self._blocks = blocks

    def blocks(self) -> Iterator[RenderableType]:
        return self._blocks()

    def __rich_console__(self, console: Any, options: Any) -> Iterator[RenderableType]:
        yield from self._blocks()


def _table_blocks(result: Result, width: int | None) -> Iterator[RenderableType]:
    from jiexiu_cli.present import layout

    full = width if width is not None else 10**6
    with layout.remembering():
        laid = table_layout(result, width)
        if laid is None:
            yield from _row_blocks(result, width)
            return
        result, cols, ws = laid
        # Text, never str: Rich would read a str as markup with :emoji: codes, so a title from
        # the data with "[" in it would be mangled (and Rich would import its emoji table).
        if result.title:
            yield _wrapped(result.title, full, "table.title")
        shortened = [False]
        rows = (tuple(c.cell(k, w) for c, w in zip(cols, ws, strict=True)) for k in range(len(result.rows) + 1))
        for block in _draw(rows, ws, shortened):
            yield _Lines(block)
    notes = chain(result.footnotes, [SHORTENED_NOTE] if shortened[0] else [])
    yield from _note_blocks(notes, full, "dim")


def _note_blocks(notes: Iterable[str], width: int, style: str) -> Iterator[_Lines]:
    """Notes under a table, each wrapped into lines as a table's cells are, a block at a time."""
    from jiexiu_cli.present.layout import cells, wrap_text

    block: list[_Line] = []
    for note in notes:
        if note.isprintable() and note and note[0] != " " != note[-1] and cells(note) <= width:
            lines = [(0, len(note))]  # what wrapping gives a line that fits
        else:
            lines = wrap_text(note, width)
        for a, b in lines:
            block.append((note[a:b], [(0, b - a, style)]))
        if len(block) >= BLOCK_LINES:
            yield _Lines(block)
            block = []
    if block:
        yield _Lines(block)


#: a line of a drawn table: its text and its styled spans (start, end, style), or None
_Line = tuple[str, list[tuple[int, int, str]] | None]


def _draw(rows: Iterable[Sequence[LaidCell]], ws: list[int], shortened: list[bool]) -> Iterator[list[_Line]]:
    """The table's lines as Rich's ``Table`` with ``box.SIMPLE_HEAD`` draws them (a test
    holds the two to the same text), a block of about :data:`BLOCK_LINES` at a time, from
    its rows (the header first) laid out; ``shortened[0]`` set where a quote was shortened.
    A line is one string; a line with a style or a highlight carries its spans as
    ``Text.append`` and ``Text.stylize`` would make them (control codes stripped as
    ``Text.append`` strips them)."""
    from rich.control import strip_control_codes

    from jiexiu_cli.present.layout import cells

    left, divider, right, rule = BOX
    total = sum(ws) + extra_cells(len(ws))
    edge = left + " " * (total - 2) + right
    out: list[_Line] = [(edge, None)]
    last = len(ws) - 1
    for i, row in enumerate(rows):  # the header, then each row
        height = max(len(lines) for _, _, lines, _ in row)
        style = "table.header" if i == 0 else ""
        for t in range(height):
            parts = [left]
            pos = len(left)
            spans: list[tuple[int, int, str]] | None = None
            for j, ((text, marks, lines, cut), w) in enumerate(zip(row, ws, strict=True)):
                if cut:
                    shortened[0] = True
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
        if len(out) >= BLOCK_LINES:
            yield out
            out = []
    out.append((edge, None))
    yield out


class _Lines:
    """Drawn lines for Rich to print: a line without style (or on a console without
    colour, where no style shows) as one segment; a line of one style throughout as one
    styled segment; one with highlights (or a tab, which Rich expands, or a control code,
    which Rich strips) as a Text of its own.

    The same output as one Rich Text of all the lines, without Rich splitting and
    re-joining a text of thousands of lines (time that grows with the square of its length)."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        from rich.segment import Segment
        from rich.text import Span, Text

        newline = Segment.line()
        plain = console.color_system is None
        styles: dict[str, Any] = {}
        for text, spans in self.lines:
            if (spans is None or plain) and "\t" not in text and (spans is None or text.isprintable()):
                yield Segment(text)
                yield newline
            elif spans is not None and len(spans) == 1 and spans[0][:2] == (0, len(text)) and text.isprintable():
                name = spans[0][2]
                style = styles.get(name)
                if style is None:
                    style = styles[name] = console.get_style(name)
                yield Segment(text, style)
                yield newline
            elif "\t" in text:  # Rich takes a tab to its next stop, wider than it was laid out:
                # past the terminal's edge the line wraps, as a Rich Text's would (never cut)
                yield Text(text, spans=[Span(*s) for s in spans or ()])
            else:
                marks = [Span(*s) for s in spans or ()]
                yield Text(text, no_wrap=True, overflow="ignore", spans=marks)


#: how a table is drawn: the left edge, the rule between columns, the right edge and the
#: line under the header (Rich's ``box.SIMPLE_HEAD``; tests draw the rules to see columns)
BOX = (" ", " ", " ", "─")


def to_blocks(result: Result, width: int | None = None) -> Drawn:
    """The table for a terminal too narrow for it: one block per row, one line per cell,
    each named by its column; lines wrap where :mod:`jiexiu_cli.present.layout` allows, so nothing
    is cut and no number is broken, however narrow."""
    return Drawn(lambda: _row_blocks(result, width))


#: the rows of a table too narrow for it printed at a time
BLOCK_ROWS = 200


def _row_blocks(result: Result, width: int | None = None) -> Iterator[RenderableType]:
    from rich.console import Group
    from rich.text import Text

    full = width if width is not None else 10**6
    parts: list[RenderableType] = []
    if result.title:
        parts += [_wrapped(result.title, full, "italic"), Text("")]
    for k, row in enumerate(result.rows, 1):
        for name, cell in zip(result.columns, row, strict=False):
            label = f"{name}: "
            spans = tuple((a + len(label), b + len(label)) for a, b in highlights(cell))
            line = _wrapped(label + plain_text(cell), full, spans=spans)
            line.stylize("bold", 0, len(name) + 1)
            parts.append(line)
        parts.append(Text(""))
        if k % BLOCK_ROWS == 0:
            yield Group(*parts)
            parts = []
    if parts:
        yield Group(*parts)
    yield from _note_blocks(result.footnotes, full, "dim")

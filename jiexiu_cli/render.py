"""Rows -> text. One renderer per format; commands never format, renderers never compute.

A command returns a :class:`Result`: ``records`` (full dicts, for json and csv) and a
human view (``columns`` and ``rows`` of cells, for table and markdown). Only the table
renderer imports Rich, and only JSON (or a CSV cell holding records) imports json.
"""

from __future__ import annotations

import enum
import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, assert_never

from jiexiu_cli import safe
from jiexiu_cli.model import Record
from jiexiu_cli.numbers import plain

_set = object.__setattr__

if TYPE_CHECKING:
    from rich.console import RenderableType


class Format(enum.StrEnum):
    """Output formats of every data command."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Marked(Record):
    """Text with spans to highlight (the number inside a quote, a search match)."""

    _fields = ("text", "spans")
    __slots__ = _fields
    text: str
    spans: tuple[tuple[int, int], ...]

    def __init__(self, text: str, spans: tuple[tuple[int, int], ...] = ()) -> None:
        _set(self, "text", text)
        _set(self, "spans", spans)


Cell = str | Marked


class Result(Record):
    """What a command answers: ``records`` for json and csv, the rest for the human view.

    A :class:`~jiexiu_cli.model.Record`, not a dataclass or NamedTuple: every answer
    imports this module (see model.py).
    """

    _fields = ("records", "columns", "rows", "title", "footnotes", "wrap", "min_widths", "shorten", "optional")
    __slots__ = _fields
    records: list[dict[str, Any]]
    columns: list[str]
    rows: list[list[Cell]]
    title: str | None
    footnotes: Sequence[str]
    #: columns of the human view that may wrap (the rest keep their width)
    wrap: tuple[str, ...]
    #: the least width a wrapping column keeps in a narrow terminal
    min_widths: Mapping[str, int]
    #: columns whose quotes may be shortened around their highlight in a table
    shorten: tuple[str, ...]
    #: columns that picture what others say (compare's bars): a table leaves them out
    #: where it would take more lines with them
    optional: tuple[str, ...]

    def __init__(
        self,
        records: list[dict[str, Any]],
        columns: list[str],
        rows: list[list[Cell]],
        title: str | None = None,
        footnotes: Sequence[str] = (),
        wrap: tuple[str, ...] = (),
        min_widths: Mapping[str, int] = MappingProxyType({}),
        shorten: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
    ) -> None:
        _set(self, "records", records)
        _set(self, "columns", columns)
        _set(self, "rows", rows)
        _set(self, "title", title)
        _set(self, "footnotes", footnotes)
        _set(self, "wrap", wrap)
        _set(self, "min_widths", min_widths)
        _set(self, "shorten", shorten)
        _set(self, "optional", optional)


def render(result: Result, fmt: Format, width: int | None = None) -> str | RenderableType:
    """The result in ``fmt``: text for json/csv/markdown, a Rich renderable for table.

    ``width`` is the terminal's: a table that cannot keep every column in it becomes one
    block per row (:func:`to_blocks`) rather than lose cells or whole columns.
    """
    if fmt is Format.json:
        return to_json(result.records)
    if fmt is Format.csv:
        return to_csv(result.records)
    if fmt is Format.markdown:
        return to_markdown(result)
    if fmt is Format.table:
        return to_table(shown(result), width)
    assert_never(fmt)


# ---------------------------------------------------------------- safe to print


def shown(result: Result) -> Result:
    """The human view with every control or format character of the data escaped: in
    cells (:func:`jiexiu_cli.safe.cell`, highlights kept on the same characters), and in
    the title, column names and footnotes, which are one line each (:func:`~jiexiu_cli.safe.line`)."""
    return result._replace(
        columns=[safe.line(c) for c in result.columns],
        rows=[[shown_cell(c) for c in row] for row in result.rows],
        title=None if result.title is None else safe.line(result.title),
        footnotes=[safe.line(n) for n in result.footnotes],
        wrap=tuple(safe.line(c) for c in result.wrap),
        min_widths={safe.line(k): v for k, v in result.min_widths.items()},
        shorten=tuple(safe.line(c) for c in result.shorten),
        optional=tuple(safe.line(c) for c in result.optional),
    )


def shown_cell(c: Cell) -> Cell:
    if not isinstance(c, Marked):
        return safe.cell(c)
    if safe.cell(c.text) == c.text:
        return c
    pieces = [safe.cell(ch) for ch in c.text]
    at = [0]
    for piece in pieces:
        at.append(at[-1] + len(piece))
    return Marked("".join(pieces), tuple((at[a], at[b]) for a, b in c.spans))


# ---------------------------------------------------------------- json


def to_json(records: Any, compact: bool = False) -> str:
    """JSON with Decimals as JSON numbers, written exactly (never through float), every
    string exact but safe to print (:func:`jiexiu_cli.safe.json_string`); indented, or on
    one line (``compact``: a CSV cell)."""
    return _json_encoder(compact)(records, "") + "\n"


def iter_json(records: Iterable[Any]) -> Iterator[str]:
    """``to_json`` of a list of these records, a record at a time (an export of 100,000
    figures is written without holding them all)."""
    enc = _json_encoder()
    return json_list(enc(record, "  ") for record in records)


def json_items() -> Callable[[Any], str]:
    """A function from a record to its text as an item of ``to_json``'s list (to keep)."""
    enc = _json_encoder()
    return lambda record: enc(record, "  ")


def json_list(items: Iterable[str]) -> Iterator[str]:
    """``to_json`` of a list, from its items' texts (``json_items``)."""
    first = True
    for item in items:
        yield ("[\n  " if first else ",\n  ") + item
        first = False
    yield "[]\n" if first else "\n]\n"


def _json_encoder(compact: bool = False) -> Callable[[Any, str], str]:
    """``enc(value, indent)``: the JSON text of ``value`` as an item indented so."""
    import json

    string = safe.json_string  # exact, and safe to print; at C speed for printable text
    keys: dict[str, dict[str, str]] = {}  # indent -> key -> its text, '  "key": '

    def enc(obj: Any, indent: str) -> str:
        if type(obj) is str:
            return string(obj)
        if obj is None:
            return "null"
        if isinstance(obj, Decimal):
            if not obj.is_finite():
                return "null"
            return plain(obj)
        if isinstance(obj, dict):
            if not obj:
                return "{}"
            if compact:
                return "{" + ", ".join(f"{string(str(k))}: {enc(v, '')}" for k, v in obj.items()) + "}"
            inner = indent + "  "
            known = keys.get(inner)
            if known is None:
                known = keys[inner] = {}
            items = []
            for k, v in obj.items():
                key = known.get(k)
                if key is None:
                    key = known[k] = f"{inner}{string(str(k))}: "
                # the common values inline (an export writes two million of them)
                if type(v) is str:
                    items.append(key + string(v))
                elif v is None:
                    items.append(key + "null")
                elif type(v) is Decimal and v.is_finite():
                    items.append(key + plain(v))
                else:
                    items.append(key + enc(v, inner))
            return "{\n" + ",\n".join(items) + f"\n{indent}}}"
        if isinstance(obj, list | tuple):
            if not obj:
                return "[]"
            if compact:
                return "[" + ", ".join(enc(v, "") for v in obj) + "]"
            inner = indent + "  "
            return "[\n" + ",\n".join(inner + enc(v, inner) for v in obj) + f"\n{indent}]"
        if isinstance(obj, str):
            return string(obj)
        if not isinstance(obj, int | float | bool):
            return string(str(obj))  # a Path, an enum: its text, never a repr or a crash
        return json.dumps(obj, ensure_ascii=False)

    return enc


# ---------------------------------------------------------------- csv


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested keys flattened with '_': {'from': {'value': 1}} -> {'from_value': 1}."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}_"))
        else:
            out[name] = value
    return out


def csv_cell(value: Any) -> str:
    """A record's value as a csv cell: a number as itself, text safe to print and never a
    formula (:func:`jiexiu_cli.safe.csv_cell`), never a Python repr."""
    if type(value) is str:
        return safe.csv_cell(value)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value) if value.is_finite() else ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return safe.csv_cell(_csv_text(value))


def _csv_text(value: Any) -> str:
    """A list of plain values joined with "; "; a list that holds records or lists (audit's
    inputs), or a record, as JSON text."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value) if value.is_finite() else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict) or (
        isinstance(value, list | tuple) and any(isinstance(v, dict | list | tuple) for v in value)
    ):
        return to_json(value, compact=True).rstrip("\n")
    if isinstance(value, list | tuple):
        return "; ".join(_csv_text(v) for v in value)
    return str(value)


def to_csv(records: Sequence[dict[str, Any]]) -> str:
    flat = [flatten(r) for r in records]
    header: list[str] = []
    for r in flat:
        header.extend(k for k in r if k not in header)
    return "".join(iter_csv(flat, header))


def iter_csv(records: Iterable[dict[str, Any]], header: list[str] | None = None) -> Iterator[str]:
    """``to_csv`` a few rows at a time. The header: the given one, else the first record's
    keys (records that all have the same keys, as an export's figures)."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    rows = iter(records)
    first = None
    if header is None:
        first = next(rows, None)
        header = list(flatten(first)) if first is not None else []
        rows = itertools.chain([first], rows) if first is not None else rows
    writer.writerow([safe.csv_cell(k) for k in header])
    for i, r in enumerate(rows):
        flat = flatten(r)
        writer.writerow([csv_cell(flat.get(k)) for k in header])
        if i % 1000 == 999:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


# ---------------------------------------------------------------- markdown


def _md_cell(cell: Cell) -> str:
    """A markdown table cell: the text safe to print, its HTML shown as text (an article's
    ``<strong>`` is part of the quote, a stranger's ``<img onerror>`` must not run), pipes
    and backslashes escaped, highlights in bold."""
    if isinstance(cell, Marked):
        text, pos = [], 0
        for a, b in cell.spans:
            text.append(_md_text(cell.text[pos:a]))
            text.append(f"**{_md_text(cell.text[a:b])}**")
            pos = b
        text.append(_md_text(cell.text[pos:]))
        return "".join(text)
    return _md_text(cell)


def _md_text(text: str) -> str:
    text = safe.cell(text).replace("\\", "\\\\").replace("|", "\\|")
    # a backslash before < and & keeps a tag, an autolink (<javascript:…>) or an entity
    # (&#x202e;) from the data as text when the markdown is rendered
    return text.replace("<", "\\<").replace("&", "\\&").replace("\n", "<br>")


def to_markdown(result: Result) -> str:
    lines = []
    if result.title:
        lines += [f"**{_md_cell(safe.line(result.title))}**", ""]
    lines.append("| " + " | ".join(_md_cell(safe.line(c)) for c in result.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in result.columns) + "|")
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in result.rows]
    if result.footnotes:
        lines.append("")
        lines += [f"{_md_cell(safe.line(n))}  " for n in result.footnotes]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- table

#: a quote longer than this many lines is shortened around its highlighted number
QUOTE_LINES = 3
#: the note under a table whose quotes were shortened
SHORTENED_NOTE = "… marks where a quote is shortened to fit the width; --format json has it whole."


def _spans(cell: Cell) -> tuple[tuple[int, int], ...]:
    return cell.spans if isinstance(cell, Marked) else ()


_Laid = tuple[str, tuple[tuple[int, int], ...], list[tuple[int, int]], bool]


class LaidColumn:
    """One column of a table being laid out: its cells' text and highlights, measured once;
    how many lines each takes at each width tried (remembered), and at last, at the width
    chosen, each cell's lines."""

    def __init__(self, name: str, cells: list[Cell], wraps: bool, shortens: bool, asked: int | None) -> None:
        from jiexiu_cli import layout

        self.layout = layout
        self.name = name
        self.texts = [name, *(_plain_text(c) for c in cells)]
        self.spans = [(), *(_spans(c) for c in cells)]
        self.wraps = wraps
        self.shortens = shortens
        self.asked = asked
        known: dict[str, layout.Measure] = {}  # a column repeats its texts (units, topics, counts)
        for t in self.texts:
            if t not in known:
                known[t] = layout.measure(t)
        ms = [known[t] for t in self.texts]
        self.naturals = [m.natural for m in ms]
        #: each cell's lines as written (where every line fits)
        self.written = [t.count("\n") + 1 for t in self.texts]
        self.measure = layout.Measure(max(m.least for m in ms), max(m.snug for m in ms), max(self.naturals))
        self._heights: dict[int, tuple[list[int], float]] = {}
        #: the lines of each cell wrapped at each width counted (by cell), for :meth:`laid`
        self._wrapped: dict[int, dict[int, list[tuple[int, int]]]] = {}
        self._cuts: dict[tuple[int, int], tuple[str, tuple[tuple[int, int], ...], int] | None] = {}

    def heights(self, width: int) -> tuple[list[int], float]:
        """Each cell's lines at ``width``, and for each quote shortened the lines it lost and half a line."""
        found = self._heights.get(width)
        if found is None:
            if not self.wraps:
                found = self._heights[width] = (self.written, 0.0)
                return found
            hs, cost = [], 0.0
            wrapped = self._wrapped[width] = {}
            for k, (text, natural) in enumerate(zip(self.texts, self.naturals, strict=True)):
                if natural <= width:  # as written: every line fits
                    hs.append(self.written[k])
                    continue
                cut = self._cut(k, width)
                if cut is None:
                    lines = self.layout.wrap_text(text, width)
                    wrapped[k] = lines
                    hs.append(len(lines))
                    continue
                # a shortened quote loses what it no longer shows (its subject, often): count
                # the lines it lost and half a line more, so width goes to quotes before any is cut
                hs.append(cut[2])
                cost += self.layout.count(text, width) - cut[2] + 0.5
            found = self._heights[width] = (hs, cost)
        return found

    def laid(self, width: int) -> list[_Laid]:
        """Each cell at ``width``: (its text as shown, its highlights, its lines, shortened?)."""
        out: list[_Laid] = []
        wrapped = self._wrapped.get(width, {})
        for k, (text, spans, natural) in enumerate(zip(self.texts, self.spans, self.naturals, strict=True)):
            if not self.wraps or natural <= width:
                out.append((text, spans, self.layout.paragraphs(text), False))
                continue
            cut = self._cut(k, width)
            if cut is not None:
                text, spans = cut[0], cut[1]
            lines = None if cut is not None else wrapped.get(k)
            if lines is None:
                lines = self.layout.wrap_text(text, width)
            out.append((text, spans, lines, cut is not None))
        return out

    def _cut(self, k: int, width: int) -> tuple[str, tuple[tuple[int, int], ...], int] | None:
        """Cell ``k`` shortened around its highlight at ``width`` (its text, highlights and
        lines), or None where it is not shortened."""
        key = (k, width)
        if key not in self._cuts:
            self._cuts[key] = self._shorten(self.texts[k], self.spans[k], width) if self.shortens else None
        return self._cuts[key]

    def _shorten(
        self, text: str, spans: tuple[tuple[int, int], ...], width: int
    ) -> tuple[str, tuple[tuple[int, int], ...], int] | None:
        if not spans:
            return None
        parts, kept, pos, lines, cut_any = [], [], 0, 0, False
        for a, b in self.layout.paragraphs(text):
            inside = [(x - a, y - a) for x, y in spans if a <= x and y <= b]
            cut = self.layout.shorten(text[a:b], inside, width, QUOTE_LINES) if inside else None
            if cut is None:
                para, local, n = text[a:b], tuple(inside), self.layout.count(text[a:b], width)
            else:
                para, local, n = cut
                cut_any = True
            kept += [(x + pos, y + pos) for x, y in local]
            parts.append(para)
            pos += len(para) + 1
            lines += n
        return ("\n".join(parts), tuple(kept), lines) if cut_any else None


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
    from jiexiu_cli import layout

    return _lines_text(text, spans, layout.wrap_text(text, width), style)


def _extra(n: int) -> int:
    """The cells a table of ``n`` columns spends outside its cells: edges, padding, rules."""
    return 3 * n + 1


Laid = tuple[Result, list[LaidColumn], list[int]]


def table_layout(result: Result, width: int | None) -> Laid | None:
    """The table as laid out in ``width`` cells: the result shown (without its optional
    columns where they would cost lines), its columns and their widths; None where the
    table cannot keep every cell whole in ``width`` (then :func:`to_blocks`)."""
    laid = _lay_out(result, width)
    if result.optional and width is not None:
        keep = [j for j, name in enumerate(result.columns) if name not in result.optional]
        lean = _lay_out(
            Result(
                result.records,
                [result.columns[j] for j in keep],
                [[row[j] for j in keep if j < len(row)] for row in result.rows],
                result.title,
                result.footnotes,
                result.wrap,
                result.min_widths,
                result.shorten,
            ),
            width,
        )
        if lean is not None and (laid is None or _height(lean) < _height(laid)):
            return lean
    return laid


def _height(laid: Laid) -> int:
    _, cols, ws = laid
    heights = [c.heights(w)[0] for c, w in zip(cols, ws, strict=True)]
    return sum(max(row) for row in zip(*heights, strict=True))


def _lay_out(result: Result, width: int | None) -> Laid | None:
    from jiexiu_cli import layout

    cols = [
        LaidColumn(
            name,
            [row[j] if j < len(row) else "" for row in result.rows],
            name in result.wrap,
            name in result.shorten,
            result.min_widths.get(name),
        )
        for j, name in enumerate(result.columns)
    ]
    available = (width if width is not None else 10**6) - _extra(len(cols))
    ws = layout.widths([(c.measure, c.wraps, c.asked) for c in cols], available, lambda j, w: cols[j].heights(w))
    return None if ws is None else (result, cols, ws)


def least_width(result: Result) -> int:
    """The narrowest terminal in which the table keeps every cell whole (below it:
    :func:`to_blocks`): each column as wide as its widest unbreakable piece."""
    laid = _lay_out(result, None)
    assert laid is not None
    _, cols, _ = laid
    return _extra(len(cols)) + sum(max(c.measure.least, 1) if c.wraps else c.measure.natural for c in cols)


def to_table(result: Result, width: int | None = None) -> RenderableType:
    """The table in ``width`` cells (unbounded when None), each cell wrapped where
    :mod:`jiexiu_cli.layout` allows, quotes shortened around their highlight where they
    would run long; one block per row (:func:`to_blocks`) where the table cannot fit.

    Drawn here, line by line, as Rich's ``Table`` with ``box.SIMPLE_HEAD`` draws it (a
    test holds the two to the same text): the cells are laid out already, and Rich's table
    would measure and split them all again (a tenth of `show gdp`'s start-up, with its import).
    """
    from rich.console import Group

    from jiexiu_cli import layout

    with layout.remembering():
        laid = table_layout(result, width)
        if laid is None:
            return to_blocks(result, width)
        result, cols, ws = laid
        columns = [c.laid(w) for c, w in zip(cols, ws, strict=True)]
    lines, shortened = _draw(result, columns, ws)
    full = width if width is not None else 10**6
    # Text, never str: Rich would read a str as markup with :emoji: codes, so a title from
    # the data with "[" in it would be mangled (and the emoji table costs 2-3 ms to import).
    parts: list[RenderableType] = []
    if result.title:
        parts.append(_wrapped(result.title, full, "table.title"))
    parts.append(_Lines(lines))
    notes = [*result.footnotes, *([SHORTENED_NOTE] if shortened else [])]
    parts += [_wrapped(n, full, "dim") for n in notes]
    return Group(*parts)


#: a line of a drawn table: its text and its styled spans (start, end, style), or None
_Line = tuple[str, list[tuple[int, int, str]] | None]


def _draw(result: Result, columns: list[list[_Laid]], ws: list[int]) -> tuple[list[_Line], bool]:
    """The table's lines as Rich's ``Table`` with ``box.SIMPLE_HEAD`` draws them (a test
    holds the two to the same text), and whether a quote was shortened. A line is one
    string; a line with a style or a highlight carries its spans as ``Text.append`` and
    ``Text.stylize`` would make them (control codes stripped as ``Text.append`` strips them)."""
    from rich.control import strip_control_codes

    from jiexiu_cli.layout import cells

    left, divider, right, rule = BOX
    total = sum(ws) + _extra(len(ws))
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


# ---------------------------------------------------------------- narrow terminals


def _plain_text(cell: Cell) -> str:
    return cell.text if isinstance(cell, Marked) else cell


def to_blocks(result: Result, width: int | None = None) -> RenderableType:
    """The table for a terminal too narrow for it: one block per row, one line per cell,
    each named by its column; lines wrap where :mod:`jiexiu_cli.layout` allows, so nothing
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
            spans = tuple((a + len(label), b + len(label)) for a, b in _spans(cell))
            line = _wrapped(label + _plain_text(cell), full, spans=spans)
            line.stylize("bold", 0, len(name) + 1)
            parts.append(line)
        parts.append(Text(""))
    parts += [_wrapped(note, full, "dim") for note in result.footnotes]
    return Group(*parts)

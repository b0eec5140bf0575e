"""Rows -> text. One renderer per format; commands never format, renderers never compute.

A command returns a :class:`Result`: ``records`` (full dicts, for json and csv) and a
human view (``columns`` and ``rows`` of cells, for table and markdown). Only the table
renderer imports Rich, and only the json renderer imports json.
"""

from __future__ import annotations

import enum
import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, assert_never

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

    _fields = ("records", "columns", "rows", "title", "footnotes", "wrap", "min_widths")
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

    def __init__(
        self,
        records: list[dict[str, Any]],
        columns: list[str],
        rows: list[list[Cell]],
        title: str | None = None,
        footnotes: Sequence[str] = (),
        wrap: tuple[str, ...] = (),
        min_widths: Mapping[str, int] = MappingProxyType({}),
    ) -> None:
        _set(self, "records", records)
        _set(self, "columns", columns)
        _set(self, "rows", rows)
        _set(self, "title", title)
        _set(self, "footnotes", footnotes)
        _set(self, "wrap", wrap)
        _set(self, "min_widths", min_widths)


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
        if width is not None and width < least_width(result):
            return to_blocks(result)
        return to_table(result)
    assert_never(fmt)


# ---------------------------------------------------------------- json


def to_json(records: Any) -> str:
    """JSON with Decimals as JSON numbers, written exactly (never through float)."""
    return _json_encoder()(records, "") + "\n"


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


def _json_encoder() -> Callable[[Any, str], str]:
    import json
    from json.encoder import encode_basestring  # what json.dumps(text, ensure_ascii=False) writes

    scalar = json.JSONEncoder(ensure_ascii=False).encode
    keys: dict[str, dict[str, str]] = {}  # indent -> key -> its text, '  "key": '

    def enc(obj: Any, indent: str) -> str:
        if type(obj) is str:
            return encode_basestring(obj)
        if obj is None:
            return "null"
        if isinstance(obj, Decimal):
            if not obj.is_finite():
                return "null"
            return plain(obj)
        if isinstance(obj, dict):
            if not obj:
                return "{}"
            inner = indent + "  "
            known = keys.get(inner)
            if known is None:
                known = keys[inner] = {}
            items = []
            for k, v in obj.items():
                key = known.get(k)
                if key is None:
                    key = known[k] = f"{inner}{encode_basestring(str(k))}: "
                # the common values inline (an export writes two million of them)
                if type(v) is str:
                    items.append(key + encode_basestring(v))
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
            inner = indent + "  "
            return "[\n" + ",\n".join(inner + enc(v, inner) for v in obj) + f"\n{indent}]"
        return scalar(obj)

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
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value) if value.is_finite() else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(csv_cell(v) for v in value)
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
    writer.writerow(header)
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
    if isinstance(cell, Marked):
        text, pos = [], 0
        for a, b in cell.spans:
            text.append(cell.text[pos:a])
            text.append(f"**{cell.text[a:b]}**")
            pos = b
        text.append(cell.text[pos:])
        value = "".join(text)
    else:
        value = cell
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def to_markdown(result: Result) -> str:
    lines = []
    if result.title:
        lines += [f"**{_md_cell(result.title)}**", ""]
    lines.append("| " + " | ".join(_md_cell(c) for c in result.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in result.columns) + "|")
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in result.rows]
    if result.footnotes:
        lines.append("")
        lines += [f"{_md_cell(n)}  " for n in result.footnotes]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- table


def rich_text(cell: Cell, style: str = "bold yellow") -> Any:
    from rich.text import Text

    if isinstance(cell, Marked):
        text = Text(cell.text)
        for a, b in cell.spans:
            text.stylize(style, a, b)
        return text
    return Text(cell)


def to_table(result: Result) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    # Text, never str: Rich would read a str as markup with :emoji: codes, so a title from
    # the data with "[" in it would be mangled (and the emoji table costs 2-3 ms to import).
    title = Text(result.title, style="table.title") if result.title else None
    table = Table(title=title, box=box.SIMPLE_HEAD, show_lines=False, title_justify="left", expand=False)
    for name in result.columns:
        wraps = name in result.wrap
        table.add_column(Text(name), overflow="fold", no_wrap=not wraps, min_width=result.min_widths.get(name))
    for row in result.rows:
        table.add_row(*(rich_text(c) for c in row))
    if not result.footnotes:
        return table
    notes = [Text(n, style="dim") for n in result.footnotes]
    return Group(table, *notes)


# ---------------------------------------------------------------- narrow terminals

#: the least width a wrapping column keeps (unless ``min_widths`` says otherwise)
WRAP_FLOOR = 6


def _plain_text(cell: Cell) -> str:
    return cell.text if isinstance(cell, Marked) else cell


def least_width(result: Result) -> int:
    """The narrowest terminal in which the table keeps every cell: columns that do not
    wrap at their widest cell, wrapping ones at their floor (or their widest cell if
    smaller), plus padding and rules. Below it Rich would cut cells or drop columns."""
    from rich.cells import cell_len

    total = 1
    for i, name in enumerate(result.columns):
        texts = [name, *(_plain_text(row[i]) for row in result.rows if i < len(row))]
        widest = max(cell_len(line) for text in texts for line in (text.splitlines() or [""]))
        if name in result.wrap:
            widest = min(widest, result.min_widths.get(name, WRAP_FLOOR))
        total += widest + 3  # a cell of padding either side and the rule between columns
    return total


def to_blocks(result: Result) -> RenderableType:
    """The table for a terminal too narrow for it: one block per row, one line per cell,
    each named by its column; lines wrap, so nothing is cut however narrow."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = []
    if result.title:
        parts += [Text(result.title, style="italic", overflow="fold"), Text("")]
    for row in result.rows:
        for name, cell in zip(result.columns, row, strict=False):
            line = Text(f"{name}: ", style="bold", overflow="fold")
            line.append_text(rich_text(cell))
            parts.append(line)
        parts.append(Text(""))
    parts += [Text(note, style="dim", overflow="fold") for note in result.footnotes]
    return Group(*parts)

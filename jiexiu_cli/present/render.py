"""What every command answers (:class:`Result`) and which renderer writes it in each format.

A command returns a :class:`Result`: ``records`` (full dicts, for json and csv) and a
human view (``columns`` and ``rows`` of cells, for table and markdown). Commands never
format, renderers never compute: one module per format (``render_json``, ``render_csv``,
``render_markdown``, ``render_table``), imported only when that format is asked for. Only
the table renderer imports Rich, and only JSON (or a CSV cell holding records) imports json.
Here too: the human view made safe to print (:func:`shown`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, assert_never

from jiexiu_cli.core import safe
from jiexiu_cli.core.record import Record

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

    A :class:`~jiexiu_cli.core.record.Record`, not a dataclass or NamedTuple: every answer
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
    block per row (:func:`jiexiu_cli.present.render_table.to_blocks`) rather than lose cells or whole columns.
    """
    if fmt is Format.json:
        from jiexiu_cli.present.render_json import to_json

        return to_json(result.records)
    if fmt is Format.csv:
        from jiexiu_cli.present.render_csv import to_csv

        return to_csv(result.records)
    if fmt is Format.markdown:
        from jiexiu_cli.present.render_markdown import to_markdown

        return to_markdown(result)
    if fmt is Format.table:
        from jiexiu_cli.present import render_table

        return render_table.to_table(shown(result), width)
    assert_never(fmt)


# ---------------------------------------------------------------- safe to print


def shown(result: Result) -> Result:
    """The human view with every control or format character of the data escaped: in
    cells (:func:`jiexiu_cli.core.safe.cell`, highlights kept on the same characters), and in
    the title, column names and footnotes, which are one line each (:func:`~jiexiu_cli.core.safe.line`)."""
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
        return c if _printable(c) else safe.cell(c)
    if _printable(c.text) or safe.cell(c.text) == c.text:
        return c
    pieces = [safe.cell(ch) for ch in c.text]
    at = [0]
    for piece in pieces:
        at.append(at[-1] + len(piece))
    return Marked("".join(pieces), tuple((at[a], at[b]) for a, b in c.spans))


def _printable(text: str) -> bool:
    """Nothing in ``text`` to escape in a cell (:func:`jiexiu_cli.core.safe.cell` would give
    it back as it is), found at C speed: a cell's line breaks make ``str.isprintable`` false."""
    return text.isprintable() or text.replace("\n", "").isprintable()

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
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import islice
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar, assert_never, overload

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

_T = TypeVar("_T")


class Lazy(Sequence[_T]):
    """A sequence made anew each time it is read, never held whole: a table's rows or its
    notes, made from a command's results as they are drawn or written (a table of 75,000
    pairs would hold every row, and every row's cells, at once). ``make()`` gives the items
    in order, ``size`` is how many there are. Indexing reads up to the item (tests)."""

    __slots__ = ("_make", "_size")

    def __init__(self, make: Callable[[], Iterator[_T]], size: int) -> None:
        self._make = make
        self._size = size

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[_T]:
        return self._make()

    @overload
    def __getitem__(self, k: int) -> _T: ...

    @overload
    def __getitem__(self, k: slice) -> list[_T]: ...

    def __getitem__(self, k: int | slice) -> _T | list[_T]:
        if isinstance(k, slice):
            return list(self)[k]
        if k < 0:
            k += self._size
        if not 0 <= k < self._size:
            raise IndexError(k)
        return next(islice(self._make(), k, None))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lazy | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def map(self, f: Callable[[_T], Any]) -> Lazy[Any]:
        """``f`` of each item, as it is read."""
        make = self._make
        return Lazy(lambda: map(f, make()), self._size)


class Beside:
    """Texts made beside a :class:`Lazy`'s items as they are read (a table's notes, made
    with its rows: reading the results again for them alone would cost as much as the
    rows), kept compressed a block at a time; read back (:meth:`texts`) once every item
    was read (:attr:`complete`), else made again by whoever asks."""

    __slots__ = ("_blocks", "_held", "complete")

    #: texts compressed together
    BLOCK = 2000

    def __init__(self) -> None:
        self._blocks: list[bytes] = []
        self._held: list[str] = []
        self.complete = False

    def start(self) -> None:
        """The items are read from the first: what was kept is let go."""
        self._blocks, self._held, self.complete = [], [], False

    def add(self, text: str) -> None:
        self._held.append(text)
        if len(self._held) >= self.BLOCK:
            self._flush()

    def finish(self) -> None:
        """Every item was read: the texts are whole (unless one holds a NUL, which parts them)."""
        self._flush()
        self.complete = self._blocks is not None

    def _flush(self) -> None:
        import zlib

        if not self._held or self._blocks is None:
            return
        text = "\x00".join(self._held)
        if text.count("\x00") != len(self._held) - 1:  # a text holds a NUL: none is kept
            self._blocks = None  # type: ignore[assignment]
        else:
            self._blocks.append(zlib.compress(text.encode("utf-8", "surrogatepass"), 1))
        self._held = []

    def texts(self) -> Iterator[str]:
        import zlib

        for block in self._blocks:
            yield from zlib.decompress(block).decode("utf-8", "surrogatepass").split("\x00")


class Result(Record):
    """What a command answers: ``records`` for json and csv, the rest for the human view.

    A :class:`~jiexiu_cli.core.record.Record`, not a dataclass or NamedTuple: every answer
    imports this module (see model.py).
    """

    _fields = ("records", "columns", "rows", "title", "footnotes", "wrap", "min_widths", "shorten", "optional")
    __slots__ = _fields
    records: list[dict[str, Any]]
    columns: list[str]
    #: the rows of the human view (a :class:`Lazy` where they are made as they are read)
    rows: Sequence[Sequence[Cell]]
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
        rows: Sequence[Sequence[Cell]],
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
    rows, notes = result.rows, result.footnotes
    return result._replace(
        columns=[safe.line(c) for c in result.columns],
        rows=rows.map(_shown_row) if isinstance(rows, Lazy) else [_shown_row(row) for row in rows],
        title=None if result.title is None else safe.line(result.title),
        footnotes=notes.map(safe.line) if isinstance(notes, Lazy) else [safe.line(n) for n in notes],
        wrap=tuple(safe.line(c) for c in result.wrap),
        min_widths={safe.line(k): v for k, v in result.min_widths.items()},
        shorten=tuple(safe.line(c) for c in result.shorten),
        optional=tuple(safe.line(c) for c in result.optional),
    )


def _shown_row(row: Sequence[Cell]) -> list[Cell]:
    return [shown_cell(c) for c in row]


def shown_cell(c: Cell) -> Cell:
    if not isinstance(c, Marked):
        if _printable(c):
            return c
        out = safe.cell(c)
        return "".join(_tab_stops(list(out))) if "\t" in out else out
    if _printable(c.text) or (safe.cell(c.text) == c.text and "\t" not in c.text):
        return c
    pieces = _tab_stops([safe.cell(ch) for ch in c.text])
    at = [0]
    for piece in pieces:
        at.append(at[-1] + len(piece))
    return Marked("".join(pieces), tuple((at[a], at[b]) for a, b in c.spans))


def _tab_stops(pieces: list[str]) -> list[str]:
    """``pieces`` (a cell's characters, escaped) with each tab the spaces up to its next
    stop, every 8 cells of its line, as Rich would print it: laid out as printed (a tab laid
    out as no cells and printed wider took its line past the terminal's edge)."""
    from jiexiu_cli.present.layout import cells

    out = []
    pos = 0
    for piece in pieces:
        if piece == "\t":
            piece = " " * (8 - pos % 8)
        pos = 0 if piece == "\n" else pos + cells(piece)
        out.append(piece)
    return out


def _printable(text: str) -> bool:
    """Nothing in ``text`` to escape in a cell (:func:`jiexiu_cli.core.safe.cell` would give
    it back as it is), found at C speed: a cell's line breaks make ``str.isprintable`` false."""
    return text.isprintable() or text.replace("\n", "").isprintable()

"""How a command's human view is laid out as a table in a terminal's width: each column's
cells measured once, the widths chosen (:func:`jiexiu_cli.present.layout_widths.widths`), each cell's
lines at the width chosen, quotes shortened around their highlight where they would run long.

Drawing the lines is :mod:`jiexiu_cli.present.render_table`'s job.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain

from jiexiu_cli.present import layout
from jiexiu_cli.present.layout_shorten import shorten
from jiexiu_cli.present.layout_widths import widths
from jiexiu_cli.present.render import Cell, Lazy, Marked, Result

#: a quote longer than this many lines is shortened around its highlighted number
QUOTE_LINES = 3
#: a column of at most this many distinct texts keeps their lines at each width it counts
#: (drawn at the width chosen without wrapping them again); a longer one wraps its texts
#: again when drawn (the lines of every width tried, at 100,000 rows: hundreds of MB)
KEEP_LINES = 20_000


def highlights(cell: Cell) -> tuple[tuple[int, int], ...]:
    return cell.spans if isinstance(cell, Marked) else ()


class PerCell:
    """A number for each cell of a column, kept once for each of its distinct texts: read
    in order (a column's heights at a width, kept for every width tried, would otherwise be
    a list as long as the table for each)."""

    __slots__ = ("numbers", "which")

    def __init__(self, numbers: list[int] | array[int], which: array[int]) -> None:
        #: two bytes a number where all fit (a list: 8 bytes a number, for every width tried)
        self.numbers = (
            numbers if isinstance(numbers, array) or max(numbers, default=0) >= 1 << 16 else array("H", numbers)
        )
        self.which = which

    def __len__(self) -> int:
        return len(self.which)

    def __iter__(self) -> Iterator[int]:
        return map(self.numbers.__getitem__, self.which)

    def __getitem__(self, k: int) -> int:
        return self.numbers[self.which[k]]


#: a distinct text let go once measured
_GONE: tuple[str, tuple[tuple[int, int], ...]] = ("", ())

LaidCell = tuple[str, tuple[tuple[int, int], ...], list[tuple[int, int]], bool]


class LaidColumn:
    """One column of a table being laid out: its cells' text and highlights, measured once;
    how many lines each takes at each width tried (numbers only, remembered), and at last, at
    the width chosen, each cell's lines (:meth:`cell`, laid out when it is drawn).

    A column repeats its texts (units, topics, counts; compare's figures, each in several
    pairs): each text is measured, and counted at each width, once. Only its distinct
    texts are held, and which of them each cell shows (the rows are read once, not held)."""

    def __init__(
        self,
        name: str,
        cells: Iterable[Cell] | tuple[list[tuple[str, tuple[tuple[int, int], ...]]], array[int]],
        wraps: bool,
        shortens: bool,
        asked: int | None,
    ) -> None:
        self.name = name
        self.wraps = wraps
        self.shortens = shortens
        self.asked = asked
        if isinstance(cells, tuple):  # read already (:func:`laid_columns`)
            distinct, self.which = cells
        else:
            index: dict[tuple[str, tuple[tuple[int, int], ...]], int] = {}
            keys = chain([(name, ())], ((plain_text(c), highlights(c)) for c in cells))
            #: each cell's text as one of the column's distinct texts (with its highlights)
            self.which = array("I", [index.setdefault(key, len(index)) for key in keys])
            distinct = list(index)
            del index
        #: each distinct text's lines as written (where every line fits)
        self.written = PerCell([t.count("\n") + 1 for t, _ in distinct], self.which).numbers
        least = snug = 0
        #: each distinct text's lines, one text after another, each line the very string its
        #: measures are remembered by (not a copy), and where each text's lines start; their
        #: highlights; their natural widths: apart, not a tuple for each (at 100,000 checks,
        #: 13 MiB), nor one of its lines (9 MiB)
        self.lines: list[str] = []
        self.starts = array("I", [0])
        self.spans: list[tuple[tuple[int, int], ...]] = []
        self.naturals = array("I")
        for k, (text, spans) in enumerate(distinct):
            distinct[k] = _GONE  # let go as it is measured (held below as its lines)
            m = layout.measure(text)
            least, snug = max(least, m.least), max(snug, m.snug)
            self.naturals.append(m.natural)
            self.lines += layout.kept(text)
            self.starts.append(len(self.lines))
            self.spans.append(spans)
        del distinct
        self.measure = layout.Measure(least, snug, max(self.naturals))
        self._heights: dict[int, tuple[PerCell, float]] = {}
        #: the lines of each distinct text wrapped at each width counted, for :meth:`cell`,
        #: in a column of at most KEEP_LINES distinct texts
        self._lines: dict[int, dict[int, list[tuple[int, int]]]] | None = {} if len(self.spans) <= KEEP_LINES else None

    def __len__(self) -> int:
        """Its cells, the column's name first."""
        return len(self.which)

    def heights(self, width: int) -> tuple[PerCell, float]:
        """Each cell's lines at ``width``, and for each quote shortened the lines it lost and half a line."""
        found = self._heights.get(width)
        if found is None:
            if not self.wraps:
                hs = self.written
                found = self._heights[width] = (PerCell(hs, self.which), 0.0)
                return found
            hs, costs = [], []
            kept = None if self._lines is None else self._lines.setdefault(width, {})
            for k, (spans, natural) in enumerate(zip(self.spans, self.naturals, strict=True)):
                if natural <= width:  # as written: every line fits
                    hs.append(self.written[k])
                    costs.append(0.0)
                    continue
                text = self.text(k)
                cut = self._cut(text, spans, width)
                if cut is None:
                    lines = layout.wrap_text(text, width)
                    if kept is not None:
                        kept[k] = lines
                    hs.append(len(lines))
                    costs.append(0.0)
                    continue
                # a shortened quote loses what it no longer shows (its subject, often): count
                # the lines it lost and half a line more, so width goes to quotes before any is cut
                hs.append(cut[2])
                costs.append(layout.count(text, width) - cut[2] + 0.5)
            cost = 0.0
            if any(costs):  # summed cell by cell, in order, as each cell counts
                for d in self.which:
                    cost += costs[d]
            found = self._heights[width] = (PerCell(hs, self.which), cost)
        return found

    def laid(self, width: int) -> list[LaidCell]:
        """Each cell at ``width``: (its text as shown, its highlights, its lines, shortened?)."""
        return [self.cell(k, width) for k in range(len(self.which))]

    def cell(self, k: int, width: int) -> LaidCell:
        """Cell ``k`` (0: the column's name) at ``width``: (its text as shown, its
        highlights, its lines, shortened?)."""
        d = self.which[k]
        text, spans = self.text(d), self.spans[d]
        if not self.wraps or self.naturals[d] <= width:
            return (text, spans, layout.paragraphs(text), False)
        lines = None if self._lines is None else self._lines.get(width, {}).get(d)
        if lines is not None:
            return (text, spans, lines, False)
        cut = self._cut(text, spans, width)
        if cut is not None:
            text, spans = cut[0], cut[1]
        return (text, spans, layout.wrap_text(text, width), cut is not None)

    def text(self, d: int) -> str:
        """The column's distinct text ``d``."""
        start, end = self.starts[d], self.starts[d + 1]
        return self.lines[start] if end == start + 1 else "\n".join(self.lines[start:end])

    def _cut(
        self, text: str, spans: tuple[tuple[int, int], ...], width: int
    ) -> tuple[str, tuple[tuple[int, int], ...], int] | None:
        """A cell shortened around its highlight at ``width`` (its text, highlights and
        lines), or None where it is not shortened."""
        return self._shorten(text, spans, width) if self.shortens else None

    def _shorten(
        self, text: str, spans: tuple[tuple[int, int], ...], width: int
    ) -> tuple[str, tuple[tuple[int, int], ...], int] | None:
        if not spans:
            return None
        parts, kept, pos, lines, cut_any = [], [], 0, 0, False
        for a, b in layout.paragraphs(text):
            inside = [(x - a, y - a) for x, y in spans if a <= x and y <= b]
            cut = shorten(text[a:b], inside, width, QUOTE_LINES) if inside else None
            if cut is None:
                para, local, n = text[a:b], tuple(inside), layout.count(text[a:b], width)
            else:
                para, local, n = cut
                cut_any = True
            kept += [(x + pos, y + pos) for x, y in local]
            parts.append(para)
            pos += len(para) + 1
            lines += n
        return ("\n".join(parts), tuple(kept), lines) if cut_any else None


def extra_cells(n: int) -> int:
    """The cells a table of ``n`` columns spends outside its cells: edges, padding, rules."""
    return 3 * n + 1


Laid = tuple[Result, list[LaidColumn], list[int]]


def laid_columns(result: Result) -> list[LaidColumn]:
    """The table's columns, its rows read once (each cell's text kept once per column: the
    rows may be made as they are read, never held, :class:`jiexiu_cli.present.render.Lazy`)."""
    blank: tuple[str, tuple[tuple[int, int], ...]] = ("", ())
    indexes: list[dict[tuple[str, tuple[tuple[int, int], ...]], int]] = [{(name, ()): 0} for name in result.columns]
    whiches = [array("I", [0]) for _ in result.columns]
    n = len(result.columns)
    columns = list(zip(indexes, whiches, strict=True))
    for row in result.rows:
        m = len(row)
        for j, (index, which) in enumerate(columns):
            if j < m:
                c = row[j]
                key = (c.text, c.spans) if isinstance(c, Marked) else (c, ())
            else:
                key = blank
            d = index.get(key)
            if d is None:
                d = index[key] = len(index)
            which.append(d)
    del columns
    out = []
    for j in range(n):
        name = result.columns[j]
        distinct = list(indexes[j])
        indexes[j] = {}
        out.append(
            LaidColumn(
                name,
                (distinct, whiches[j]),
                name in result.wrap,
                name in result.shorten,
                result.min_widths.get(name),
            )
        )
    return out


def table_layout(result: Result, width: int | None) -> Laid | None:
    """The table as laid out in ``width`` cells: the result shown (without its optional
    columns where they would cost lines), its columns and their widths; None where the
    table cannot keep every cell whole in ``width`` (then :func:`to_blocks`). Its rows
    are read once: the table without its optional columns shares the columns laid out."""
    cols = laid_columns(result)
    laid = _widths_of(result, cols, width)
    if result.optional and width is not None:
        keep = [j for j, name in enumerate(result.columns) if name not in result.optional]
        rows = result.rows

        def lean_row(row: Sequence[Cell]) -> list[Cell]:
            return [row[j] for j in keep if j < len(row)]

        lean = _widths_of(
            Result(
                result.records,
                [result.columns[j] for j in keep],
                rows.map(lean_row) if isinstance(rows, Lazy) else [lean_row(row) for row in rows],
                result.title,
                result.footnotes,
                result.wrap,
                result.min_widths,
                result.shorten,
            ),
            [cols[j] for j in keep],
            width,
        )
        if lean is not None and (laid is None or _height(lean) < _height(laid)):
            return lean
    return laid


def _height(laid: Laid) -> int:
    _, cols, ws = laid
    heights = [c.heights(w)[0] for c, w in zip(cols, ws, strict=True)]
    return sum(max(row) for row in zip(*heights, strict=True))


def _widths_of(result: Result, cols: list[LaidColumn], width: int | None) -> Laid | None:
    available = (width if width is not None else 10**6) - extra_cells(len(cols))
    ws = widths([(c.measure, c.wraps, c.asked) for c in cols], available, lambda j, w: cols[j].heights(w))
    return None if ws is None else (result, cols, ws)


def least_width(result: Result) -> int:
    """The narrowest terminal in which the table keeps every cell whole (below it:
    :func:`to_blocks`): each column as wide as its widest unbreakable piece."""
    cols = laid_columns(result)
    return extra_cells(len(cols)) + sum(max(c.measure.least, 1) if c.wraps else c.measure.natural for c in cols)


def plain_text(cell: Cell) -> str:
    return cell.text if isinstance(cell, Marked) else cell

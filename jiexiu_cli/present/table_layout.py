"""How a command's human view is laid out as a table in a terminal's width: each column's
cells measured once, the widths chosen (:func:`jiexiu_cli.present.layout_widths.widths`), each cell's
lines at the width chosen, quotes shortened around their highlight where they would run long.

Drawing the lines is :mod:`jiexiu_cli.present.render_table`'s job.
"""

from __future__ import annotations

from jiexiu_cli.present import layout
from jiexiu_cli.present.layout_shorten import shorten
from jiexiu_cli.present.layout_widths import widths
from jiexiu_cli.present.render import Cell, Marked, Result

#: a quote longer than this many lines is shortened around its highlighted number
QUOTE_LINES = 3


def highlights(cell: Cell) -> tuple[tuple[int, int], ...]:
    return cell.spans if isinstance(cell, Marked) else ()


LaidCell = tuple[str, tuple[tuple[int, int], ...], list[tuple[int, int]], bool]


class LaidColumn:
    """One column of a table being laid out: its cells' text and highlights, measured once;
    how many lines each takes at each width tried (remembered), and at last, at the width
    chosen, each cell's lines."""

    def __init__(self, name: str, cells: list[Cell], wraps: bool, shortens: bool, asked: int | None) -> None:
        self.name = name
        self.texts = [name, *(plain_text(c) for c in cells)]
        self.spans = [(), *(highlights(c) for c in cells)]
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
                    lines = layout.wrap_text(text, width)
                    wrapped[k] = lines
                    hs.append(len(lines))
                    continue
                # a shortened quote loses what it no longer shows (its subject, often): count
                # the lines it lost and half a line more, so width goes to quotes before any is cut
                hs.append(cut[2])
                cost += layout.count(text, width) - cut[2] + 0.5
            found = self._heights[width] = (hs, cost)
        return found

    def laid(self, width: int) -> list[LaidCell]:
        """Each cell at ``width``: (its text as shown, its highlights, its lines, shortened?)."""
        out: list[LaidCell] = []
        wrapped = self._wrapped.get(width, {})
        for k, (text, spans, natural) in enumerate(zip(self.texts, self.spans, self.naturals, strict=True)):
            if not self.wraps or natural <= width:
                out.append((text, spans, layout.paragraphs(text), False))
                continue
            cut = self._cut(k, width)
            if cut is not None:
                text, spans = cut[0], cut[1]
            lines = None if cut is not None else wrapped.get(k)
            if lines is None:
                lines = layout.wrap_text(text, width)
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
    available = (width if width is not None else 10**6) - extra_cells(len(cols))
    ws = widths([(c.measure, c.wraps, c.asked) for c in cols], available, lambda j, w: cols[j].heights(w))
    return None if ws is None else (result, cols, ws)


def least_width(result: Result) -> int:
    """The narrowest terminal in which the table keeps every cell whole (below it:
    :func:`to_blocks`): each column as wide as its widest unbreakable piece."""
    laid = _lay_out(result, None)
    assert laid is not None
    _, cols, _ = laid
    return extra_cells(len(cols)) + sum(max(c.measure.least, 1) if c.wraps else c.measure.natural for c in cols)


def plain_text(cell: Cell) -> str:
    return cell.text if isinstance(cell, Marked) else cell

"""Tables in an article's visible text: what each cell's number is.

Bulletins print their figures in tables as often as in sentences. Four layouts reach
this module as lines of cells (``layers.py`` turns HTML ``<td>`` and BBCode
``[td]`` into tabs): pipe tables (``| a | b |``, Markdown's included, its ``|---|``
row skipped), tab-separated rows, and rows aligned with runs of spaces (two or more,
or an ideographic space). Two or more such rows in a row, one of them holding a number,
make a table.

For each number in a cell: its **unit**, from the row's own 单位 column, else a unit in
the row label (``粮食产量(万吨)``), else the column header (``绝对数(亿元)``,
``比重%``, ``比上年增长(%)``), else a ``单位:万元`` / ``单位：亿元`` line above the
table or in its title; its **label**, row label and column header (``地区生产总值 ·
比上年增长(%)``), which says what the cell is; the **row** it sits in, whose raw text
is the quote; a **kind** from the header (增长 -> growth_rate, 比重/占 -> share,
排名/位次 -> rank); a **period** from a header that names a year (``2021年``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER_CELL = r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?\s*(?:%|‰)?"
_UNIT_LINE = r"(?:计量)?单位\s*[:：]\s*([^\s,，;；、)）|]+)"
_PAREN = r"[(（]\s*([^()（）]{1,8}?)\s*[)）]"
_GROWTH = ("增长", "增速", "增幅", "增减", "比上年", "同比", "±", "变化")
_SHARE = ("比重", "占比", "占", "构成", "份额")
_RANK = ("排名", "位次", "排序", "排位", "名次")
_ROW_NUMBER = ("序号", "编号", "No", "NO")


@dataclass(frozen=True, slots=True)
class Cell:
    """What a table cell's number is (visible offsets)."""

    start: int  # the cell's text
    end: int
    row_start: int  # the row, for the quote
    row_end: int
    label: str  # row label · column header
    unit: str | None  # visible (as printed) unit text, None when the table gives none
    unit_from: str | None  # where the unit was printed when not in the row ("单位:万元", a header)
    kind: str | None  # growth_rate, share, rank, or None (decided from the unit)
    year: str | None  # a year the column header names
    row_number: bool  # a 序号 column: not a figure


@dataclass(frozen=True, slots=True)
class _Row:
    start: int
    end: int
    cells: list[tuple[int, int]]  # visible spans, trimmed


def _split(line: str, offset: int) -> tuple[list[tuple[int, int]], str] | None:
    """The cells of a line and its layout ('pipe', 'tab', 'space'), or None."""
    stripped = line.strip()
    if not stripped:
        return None
    if stripped.count("|") >= 2 or (stripped.startswith("|") and stripped.count("|") >= 1):
        sep, layout = r"\|", "pipe"
    elif "\t" in stripped:
        sep, layout = r"\t+", "tab"
    elif re.search(r"\S(?: {2,}|\u3000+)\S", line) and not re.search(r"[。；;！？]\s*$", stripped):
        sep, layout = r" {2,}|\u3000+", "space"
    else:
        return None
    cells = []
    pos = 0
    for part in re.split(f"({sep})", line):
        if re.fullmatch(sep, part) if part else False:
            pos += len(part)
            continue
        a = pos + len(part) - len(part.lstrip())
        b = pos + len(part.rstrip())
        if b > a:
            cells.append((offset + a, offset + b))
        pos += len(part)
    return (cells, layout) if len(cells) >= 2 else None


def _is_number(text: str) -> bool:
    return re.fullmatch(_NUMBER_CELL, text.strip()) is not None


def tables(folded: str, shown: str) -> dict[int, Cell]:
    """Visible offset of each cell's first character -> what the cell is.

    ``folded`` is what rules read; ``shown`` the same text as printed (for units)."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in folded.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    found: dict[int, Cell] = {}
    i = 0
    while i < len(lines):
        group: list[_Row] = []
        layout = None
        j = i
        while j < len(lines):
            start, line = lines[j]
            if not line.strip():
                j += 1
                continue
            split = _split(line, start)
            if split is None or (layout is not None and split[1] != layout):
                break
            layout = split[1]
            if not all(re.fullmatch(r":?-{2,}:?", folded[a:b]) for a, b in split[0]):
                group.append(_Row(start, start + len(line), split[0]))
            j += 1
        numeric = [r for r in group if any(_is_number(folded[a:b]) for a, b in r.cells[1:])]
        if len(group) >= 2 and numeric and (layout != "space" or len(numeric) >= 2):
            found.update(_cells(folded, shown, group, lines, i))
            i = j
        else:
            i += 1
    return found


def _cells(folded: str, shown: str, rows: list[_Row], lines: list[tuple[int, str]], first: int) -> dict[int, Cell]:
    headers: list[_Row] = []
    for r in rows:
        if any(_is_number(folded[a:b]) for a, b in r.cells):
            break
        headers.append(r)
    body = rows[len(headers) :]
    width = max(len(r.cells) for r in rows)
    columns = ["" for _ in range(width)]
    header_spans: list[list[tuple[int, int]]] = [[] for _ in range(width)]
    for h in headers:
        shift = width - len(h.cells)  # a header row with fewer cells lacks the row-label column
        for k, span in enumerate(h.cells):
            col = k + shift if shift and k else k
            columns[col] = (columns[col] + " " + folded[span[0] : span[1]]).strip()
            header_spans[col].append(span)
    table_unit = _table_unit(folded, shown, lines, first, headers)
    unit_col = next((k for k, c in enumerate(columns) if c in ("单位", "计量单位")), None)
    out: dict[int, Cell] = {}
    for r in body:
        shift = width - len(r.cells)
        label_span = r.cells[0]
        label = folded[label_span[0] : label_span[1]]
        row_unit = _paren_unit(folded, shown, label_span)
        if unit_col is not None and unit_col - shift >= 0 and unit_col - shift < len(r.cells):
            a, b = r.cells[unit_col - shift]
            row_unit = (shown[a:b], None)
        for k, (a, b) in enumerate(r.cells):
            if k == 0 or not _is_number(folded[a:b]):
                continue
            col = k + shift
            header = columns[col] if col < width else ""
            column_unit = _column_unit(folded, shown, header_spans[col] if col < width else [])
            unit: tuple[str, str | None] | None = row_unit or column_unit or table_unit
            if column_unit is not None and column_unit[0] in ("%", "‰", "％"):
                unit = column_unit  # a rate column: 比上年增长(%) whatever the row counts in
            if _kind(header) == "rank":
                unit = column_unit  # a rank (增速全市排位) has no unit of the row's (亿元)
            year = re.search(r"((?:19|20)[0-9]{2})\s*年?", header)
            out[a] = Cell(
                start=a,
                end=b,
                row_start=r.cells[0][0],
                row_end=r.cells[-1][1],
                label=f"{label} · {header}" if header else label,
                unit=unit[0] if unit else None,
                unit_from=unit[1] if unit else None,
                kind=_kind(header),
                year=year.group(1) if year and not _kind(header) else None,
                row_number=any(w in header for w in _ROW_NUMBER),
            )
    return out


def _kind(header: str) -> str | None:
    if any(w in header for w in _RANK):
        return "rank"
    if any(w in header for w in _SHARE):
        return "share"
    if any(w in header for w in _GROWTH):
        return "growth_rate"
    return None


def _paren_unit(folded: str, shown: str, span: tuple[int, int]) -> tuple[str, str | None] | None:
    """A unit in parentheses (``粮食产量(万吨)``) or after a 单位 in a cell: printed in the row."""
    m = re.search(_PAREN, folded[span[0] : span[1]]) or re.search(_UNIT_LINE, folded[span[0] : span[1]])
    if not m or not _looks_like_unit(m.group(1)):
        return None
    a = span[0] + m.start(1)
    return shown[a : a + len(m.group(1))], None


def _column_unit(folded: str, shown: str, spans: list[tuple[int, int]]) -> tuple[str, str | None] | None:
    for a, b in spans:
        text = folded[a:b]
        m = re.search(_PAREN, text) or re.search(_UNIT_LINE, text)
        if m and _looks_like_unit(m.group(1)):
            u = a + m.start(1)
            return shown[u : u + len(m.group(1))], shown[a:b]
        if text.endswith(("%", "‰")):
            return shown[b - 1 : b], shown[a:b]
    return None


def _table_unit(
    folded: str, shown: str, lines: list[tuple[int, str]], first: int, headers: list[_Row]
) -> tuple[str, str | None] | None:
    """A 单位 line just above the table (its title or a line of its own), or in a header."""
    candidates = [lines[k] for k in range(max(0, first - 3), first)]
    candidates += [(h.start, folded[h.start : h.end]) for h in headers]
    for start, line in reversed(candidates):
        m = re.search(_UNIT_LINE, line)
        if m:
            a = start + m.start(1)
            where = shown[start + m.start() : start + m.end()]
            return shown[a : a + len(m.group(1))], where
    return None


def _looks_like_unit(text: str) -> bool:
    from jiexiu_cli.core.units import longest_unit

    text = text.strip()
    if text in ("%", "‰"):
        return True
    body = text.lstrip("十百千万亿")
    return bool(body) and longest_unit(body, 0) == body

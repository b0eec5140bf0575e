"""A long table is drawn and printed a block at a time (issue 14): the widths are chosen over
every row, then the rows are laid out, drawn and printed a block at a time, so neither the
laid-out cells nor the drawn lines of the whole table are ever in memory at once. What is
printed is the same, byte for byte, with and without colour."""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from jiexiu_cli.cli import edge
from jiexiu_cli.present import render_table, table_layout
from jiexiu_cli.present.render import Format, Marked, Result

QUOTE = "全市地区生产总值达到341.3亿元，同比增长5.2%，其中第二产业增加值为{n}亿元，较上年有所提高。"


def _long_result(rows: int = 150) -> Result:
    """A table like compare's: names, quotes with a highlighted number that wrap and are
    shortened, a result column, a title and a footnote per row (some long enough to wrap)."""
    out: list[list[str | Marked]] = []
    notes = []
    for k in range(rows):
        quote = QUOTE.format(n=100 + k) * (1 + k % 3)
        at = quote.index(str(100 + k))
        head = f"{100 + k}亿元 · 202{k % 5}"
        text = f"{head}\n「{quote}」"
        mark = (len(head) + 2 + at, len(head) + 2 + at + 3)
        out.append([f"指标{k}\nindicator_{k % 7}", Marked(text, (mark,)), f"× {k}.5 [{k + 1}]", "▉" * (k % 4)])
        notes.append(f"[{k + 1}] indicator_{k % 7}: " + "a / b = 1.5; " * (k % 9) + "end.")
    return Result(
        records=[],
        columns=["indicator", "from", "computed", "bar"],
        rows=out,
        title="A long table, drawn a block at a time",
        footnotes=["computed in Decimal:", *notes],
        wrap=("indicator", "from", "computed"),
        shorten=("from",),
        optional=("bar",),
    )


def _console(file: Any, colour: str | None) -> Any:
    from rich.console import Console

    return Console(file=file, width=80, color_system=colour, force_terminal=colour is not None, soft_wrap=False)


def _printed(result: Result, colour: str | None, blocks: bool) -> str:
    out = io.StringIO()
    console = _console(out, colour)
    drawn = render_table.to_table(result, 80)
    if blocks:
        for block in drawn.blocks():
            console.print(block)
    else:
        console.print(drawn)
    return out.getvalue()


@pytest.mark.parametrize("colour", [None, "truecolor", "256"])
def test_a_table_printed_in_blocks_is_the_table_printed_at_once(colour: str | None, monkeypatch: Any) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = _long_result()
    whole = _printed(result, colour, blocks=False)  # one block: everything in one print
    monkeypatch.setattr(render_table, "BLOCK_LINES", 7)
    in_blocks = _printed(result, colour, blocks=True)
    assert in_blocks == whole
    assert render_table.SHORTENED_NOTE in whole and "indicator_6" in whole
    assert whole.count("\n") > 10 * 7  # many blocks
    if colour:  # the header, the highlights and the notes' style are there
        assert "\x1b[1m" in whole and "\x1b[2m" in whole and "\x1b[1;33m" in whole


@pytest.mark.parametrize("colour", [None, "truecolor"])
def test_a_table_too_narrow_printed_in_blocks_is_the_same(colour: str | None, monkeypatch: Any) -> None:
    result = _long_result(30)
    narrow = result._replace(columns=[*result.columns[:3], "a column name far too long for a terminal of 80"])
    out, whole = io.StringIO(), io.StringIO()
    _console(whole, colour).print(render_table.to_blocks(narrow, 30))
    monkeypatch.setattr(render_table, "BLOCK_ROWS", 4)
    console = _console(out, colour)
    for block in render_table.to_blocks(narrow, 30).blocks():
        console.print(block)
    assert out.getvalue() == whole.getvalue() and "indicator_6" in whole.getvalue()


@given(
    st.text(alphabet="ab 焦化，。1.5%\u3000\t[]「」", max_size=120),
    st.integers(4, 90),
    st.sampled_from([None, "truecolor"]),
)
@example("11111111\t\t111111111111\u3000\u3000\t\t\t\t111\u3000\u3000。", 35, None)  # tabs: past 80 columns
def test_notes_drawn_as_lines_are_the_notes_as_rich_texts(note: str, width: int, colour: str | None) -> None:
    """A note is wrapped by the project's own wrapping into lines (as a table's are), not
    one Rich Text each; what is printed is what a Rich Text of the note's lines prints."""
    ours, theirs = io.StringIO(), io.StringIO()
    for block in render_table._note_blocks([note, note], width, "dim"):
        _console(ours, colour).print(block)
    for _ in range(2):
        _console(theirs, colour).print(render_table._wrapped(note, width, "dim"))
    assert ours.getvalue() == theirs.getvalue()


class _Reader:
    """stdout read by a reader that goes away (`| head`) after ``writes`` writes; it notes
    how many cells had been laid out at each write."""

    def __init__(self, writes: int, laid: list[int]) -> None:
        self.left = writes
        self.laid = laid
        self.text = ""
        #: how many cells had been laid out at each write
        self.laid_at: list[int] = []

    def write(self, text: str) -> int:
        self.laid_at.append(self.laid[0])
        if self.left <= 0:
            raise BrokenPipeError
        self.left -= 1
        self.text += text
        return len(text)

    def flush(self) -> None:
        if self.left <= 0:
            raise BrokenPipeError

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise io.UnsupportedOperation("no file descriptor")


def _counting_cells(monkeypatch: Any) -> list[int]:
    laid = [0]
    cell = table_layout.LaidColumn.cell

    def counted(self: Any, k: int, width: int) -> Any:
        laid[0] += 1
        return cell(self, k, width)

    monkeypatch.setattr(table_layout.LaidColumn, "cell", counted)
    return laid


def test_a_reader_gone_mid_table_ends_the_drawing_quietly(monkeypatch: Any) -> None:
    """`jiexiu compare | head`: the first block goes out, the reader goes away, nothing more
    is laid out or drawn, and no error is raised (the process edge then exits as today)."""
    result = _long_result(400)
    laid = _counting_cells(monkeypatch)
    monkeypatch.setattr(render_table, "BLOCK_LINES", 50)
    reader = _Reader(2, laid)
    monkeypatch.setattr(sys, "stdout", reader)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    edge.emit(result, Format.table)
    assert reader.text.startswith("A long table")
    cells_per_row = 3  # the bar is left out at 80 columns, or not: at most 4
    assert 0 < laid[0] < 100 * (cells_per_row + 1) < 400 * cells_per_row


def test_rows_are_laid_out_a_block_at_a_time(monkeypatch: Any) -> None:
    """The first lines are printed before the last row is laid out: the cells laid out at
    a time are a block's, not the table's."""
    result = _long_result(400)
    laid = _counting_cells(monkeypatch)
    monkeypatch.setattr(render_table, "BLOCK_LINES", 50)
    reader = _Reader(10**6, laid)
    monkeypatch.setattr(sys, "stdout", reader)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    edge.emit(result, Format.table)
    columns = laid[0] // 401
    assert columns in (3, 4) and laid[0] == 401 * columns  # every cell, the header's too, laid out once
    assert reader.laid_at[0] == 0  # the title goes out before any cell is laid out
    table = [n for n in reader.laid_at if 0 < n < laid[0]]  # lines out before the last row is laid out
    assert len(table) > 10 and table[0] < 60 * columns
    printed = reader.text.splitlines()
    assert printed[0] == "A long table, drawn a block at a time" and printed[-1].startswith("… marks")


@given(
    st.text(alphabet="ab 焦化，。1.5%\t\n[]「」", min_size=1, max_size=80),
    st.integers(30, 90),
    st.booleans(),
)
def test_a_cell_holding_tabs_is_laid_out_as_printed(text: str, width: int, marked: bool) -> None:
    """A tab in a cell is laid out as the spaces Rich would print for it (to its next stop,
    every 8 cells of its line): every line of the table fits the terminal, the cell stays in
    its column (no line wraps back under the first), and every other character of the cell
    is printed, in order."""
    from rich.cells import cell_len

    from jiexiu_cli.present.render import render

    cell: Any = Marked(text, ((0, 1),)) if marked else text
    result = Result(
        records=[], columns=["name", "quote"], rows=[["x", cell]], title=None, footnotes=[], wrap=("quote",)
    )
    out = io.StringIO()
    console = _console(out, None)
    console.width = width
    console.print(render(result, Format.table, width))
    printed = out.getvalue()
    assert "\t" not in printed
    lines = printed.split("\n")
    assert all(cell_len(line) <= width for line in lines)
    header = next(k for k, line in enumerate(lines) if "quote" in line)
    column = lines[header].index("quote")  # (ASCII before it)
    assert all(set(line[:column]) <= {" ", "x"} for line in lines[header + 2 :])
    ink = [ch for ch in text if not ch.isspace()]
    drawn = iter(ch for ch in printed if not ch.isspace())
    assert all(any(ch == d for d in drawn) for ch in ink)  # each, in order

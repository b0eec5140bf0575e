"""Tables of 100,000 figures in bounded memory (issue 14): compare's and audit's rows and
notes are made as they are read, never held (render.Lazy); a table's columns hold each
distinct text once, as the lines its measures are remembered by; a remembered text's
pieces are packed. Each gives what the whole, held thing gave."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from jiexiu_cli.analysis import audit as audit_rules
from jiexiu_cli.analysis.compare import comparable_pairs
from jiexiu_cli.factbase.data_path import shipped_data
from jiexiu_cli.factbase.loader import load
from jiexiu_cli.present import layout, render_table, table_layout
from jiexiu_cli.present.render import Lazy, Result, shown
from jiexiu_cli.present.render_markdown import to_markdown
from jiexiu_cli.present.views_audit import audit_view
from jiexiu_cli.present.views_compare import compare_view
from tests.present.test_table_blocks import _long_result


def _drawn(result: Result, width: int, colour: bool = False) -> str:
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, width=width, color_system="truecolor" if colour else None, soft_wrap=False)
    for block in render_table.to_table(shown(result), width).blocks():
        console.print(block)
    return out.getvalue()


def _held(result: Result) -> Result:
    """The same result with its rows and notes held in lists."""
    return result._replace(rows=[list(row) for row in result.rows], footnotes=list(result.footnotes))


class _Once:
    """A sequence that counts how often it is read through."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items
        self.reads = 0

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Any]:
        self.reads += 1
        return iter(self.items)


@pytest.fixture(scope="module")
def shipped() -> Any:
    return load(shipped_data())


@pytest.mark.parametrize("width", [40, 80, 120, 200])
@pytest.mark.parametrize("view", ["compare", "audit"])
def test_rows_made_as_they_are_read_draw_the_table_of_rows_held(shipped: Any, view: str, width: int) -> None:
    made = compare_view(comparable_pairs(shipped)) if view == "compare" else audit_view(audit_rules.audit(shipped))
    assert isinstance(made.rows, Lazy) and isinstance(made.footnotes, Lazy)
    held = _held(made)
    assert len(held.rows) == len(made.rows) > 10 and len(held.footnotes) == len(made.footnotes)
    assert _drawn(made, width) == _drawn(held, width)
    assert _drawn(made, width, colour=True) == _drawn(held, width, colour=True)
    assert to_markdown(made) == to_markdown(held)


def test_the_notes_are_made_with_the_rows_not_read_again(shipped: Any) -> None:
    """A table reads the results once: the notes are kept (compressed) as the rows are
    made; read before the rows (or after rows read only in part), they are made anew."""
    for pairs, view in (
        (_Once(comparable_pairs(shipped)), compare_view),
        (_Once(audit_rules.audit(shipped)), audit_view),
    ):
        made = view(pairs)  # type: ignore[operator]
        before = list(made.footnotes)
        reads = pairs.reads
        next(iter(made.rows))  # in part: not whole
        assert list(made.footnotes) == before and pairs.reads == reads + 2
        rows = list(made.rows)
        reads = pairs.reads
        assert list(made.footnotes) == before and pairs.reads == reads  # kept beside the rows
        assert list(made.rows) == rows


def test_a_lazy_sequence_reads_as_a_list() -> None:
    made = Lazy(lambda: iter(["a", "b", "c"]), 3)
    assert made == ["a", "b", "c"] and made[1] == "b" and made[-1] == "c" and made[1:] == ["b", "c"]
    assert made.map(str.upper) == ["A", "B", "C"] and len(made.map(str.upper)) == 3
    with pytest.raises(IndexError):
        made[3]


def test_the_lean_table_shares_the_columns_and_reads_the_rows_once() -> None:
    """compare's bars are left out where they cost lines: the table without them is laid
    out from the same columns, the rows read once for both."""
    held = _long_result(60)
    reads = [0]

    def rows() -> Iterator[Any]:
        reads[0] += 1
        return iter(held.rows)

    made = held._replace(rows=Lazy(rows, len(held.rows)))
    for width in (40, 60, 80, 200):
        reads[0] = 0
        laid, whole = table_layout.table_layout(made, width), table_layout.table_layout(held, width)
        assert reads[0] == 1  # for both layouts, with and without the bars
        assert (laid is None) == (whole is None)
        if laid is None or whole is None:
            continue
        assert laid[0].columns == whole[0].columns and laid[2] == whole[2]
        assert list(laid[0].rows) == list(whole[0].rows)
        for a, b in zip(laid[1], whole[1], strict=True):
            assert a.laid(laid[2][0]) == b.laid(laid[2][0])
    assert _drawn(made, 80) == _drawn(held, 80)


TEXTS = st.text(
    st.sampled_from([*"介休市地区生产总值亿元，。「」（）%.-_ 0123456789abcXYZ×=\n\t\x00\u200d\ufe0f😀é\u0301"]),
    max_size=40,
)


@example("341.3亿元，同比增长5.2%")
@example("a\u200d😀b")
@given(TEXTS)
def test_packed_pieces_are_the_pieces(text: str) -> None:
    para = text.split("\n")[0]
    ps = layout._pieces(para)
    assert layout._unpack(layout._pack(ps)) == ps
    packed = layout._pack_chars(para, ps)
    if packed is not None:  # one byte a character: the same pieces, sums and threes
        assert len(packed) == len(para)
        sums = [sum(p[2] for p in ps[:k]) for k in range(len(ps) + 1)]
        threes = [k for k, p in enumerate(ps) if p[3] == 3]
        assert layout._unpack_chars(para, packed) == (ps, sums, threes)
    else:
        assert not ps or not para.isprintable() or "\ufe0f" in para
    layout._forget()
    with layout.remembering():
        e = layout._entry(para)
        assert layout._pieces_of(para, e) == ps
        made = layout._make_entry(para)
        assert layout._prepared_of(para, e) == layout._prepared_of(para, made)
        for width in (1, 3, 8, 20):
            assert layout._wrap_entry(para, e, width) == layout._wrap_entry(para, made, width)


def test_pieces_past_two_bytes_are_packed_whole() -> None:
    for text in ("a" * 70_000 + " 341.3亿元", "介休" * 40_000 + "，。"):
        ps = layout._pieces(text)
        assert layout._unpack(layout._pack(ps)) == ps


@given(TEXTS)
def test_a_text_is_held_once_as_the_lines_it_is_remembered_by(text: str) -> None:
    layout._forget()
    with layout.remembering():
        layout.measure(text)
        held = layout.kept(text)
        assert "\n".join(held) == text
        for line in held:
            (key,) = [k for k in layout._ENTRIES if k == line]
            assert key is line


@given(TEXTS)
def test_a_text_s_width_is_rich_s(text: str) -> None:
    from rich.cells import cell_len

    if not text.isascii() and len(text) > 1:
        assert layout.cells(text) == cell_len(text)


def test_decoding_a_result_leaves_nothing_behind() -> None:
    """jiexiu runs without the cyclic collector: decoding 100,000 pairs for a table must
    not leave each call's helpers in memory."""
    import gc

    from jiexiu_cli.results import codec

    value = [{"$d": "1.5"}, {"$t": [1, {"$d": "2"}]}, {"$m": [["a", {"$d": "3"}]]}]
    codec.decode(value, {})
    was = gc.isenabled()
    gc.disable()
    try:
        before = len(gc.get_objects())
        for _ in range(200):
            codec.decode(value, {})
        assert len(gc.get_objects()) - before < 50
    finally:
        if was:
            gc.enable()

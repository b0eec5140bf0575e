"""The short ways of laying out a text (issue 14) give what the plain definitions give.

:mod:`jiexiu_cli.present.layout` cuts a text of ASCII words, or of characters that are each a
piece, without the general scanner; fills lines by the sums of the pieces' widths rather than
piece by piece; and remembers each text's widths. Here each is held, on random texts of
Chinese, ASCII, digits, units, periods, marks and odd characters, to the definitions they
replace: the general scanner as it read character by character (kept below), and lines
filled piece by piece (:func:`layout.line_ranges`).
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from jiexiu_cli.present import layout, layout_runs
from jiexiu_cli.present.layout import Piece

# what texts are made of: words that read as runs, marks that glue, characters that break
_BITS = [
    *("a", "Jiexiu's", "output", "deep-processing", "clean_heating_area", "_x", "-y", "level-to-level", "x__y"),
    *("Mar", "May", "Mayor", "Jan-Oct", "2022 Jan-Oct", "Nov 2022-Feb 2023", "2022Q1", "2022M01-M10", "2021-2025"),
    *("341.3亿元", "8.5%", "1.6个百分点", "5.6万余人", "85%以上", "三百亿元", "第七", "2022年一季度", "1,234"),
    *(" ", "  ", " ", "\u3000", "\t", "\xa0"),
    *("（", "）", "「", "」", "“", "”", "…", "，", "。", "、", "：", ",", ".", ";", "!", "?", "(", ")", "[", "]"),
    *("'", '"', "×", "=", "+", "-", "/", "~", "<", "→", "± ", "× 1.266"),
    *("焦", "化", "石屯镇", "氢能", "从业人员", "预计", "突破", "以上", "左右", "超", "约", "两个"),
    *("é", "ü", "ā", "e\u0301", "😀", "\u200d", "\ufe0f", "한", "ｱ", "\u00b7", "·", "█"),
]
TEXTS = st.lists(st.sampled_from(_BITS), min_size=1, max_size=25).map("".join)
# Chinese names: most are characters only, some with a mark or a number
NAMES = st.text(alphabet="农产品精深加工十大产业集群值介休（）、", min_size=1, max_size=30)
# English names and ids
WORDS = st.lists(
    st.sampled_from(["of", "Jiexiu's", '"ten', 'major"', "deep-processing", "a_b_c", "Mayor", "(", ")", "x", "-"]),
    min_size=1,
    max_size=20,
).map(lambda ws: " ".join(ws))


# ---------------------------------------------------------------- the definitions


def _ref_tokens(text: str) -> list[tuple[int, int, str]]:
    """The general scanner as it was: every character beyond an ASCII word looked at."""
    words = layout_runs.vocab()
    starts = words["starts"]
    out: list[tuple[int, int, str]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i = layout_runs._spaces(text, i, n, out)
            continue
        j = text.find(" ", i)
        j = n if j < 0 else j
        chunk = text[i:j]
        if (
            chunk.isascii()
            and chunk.isprintable()
            and not set("0123456789").intersection(chunk)
            and chunk[:3] not in layout_runs.MONTHS
        ):
            single = j - i == 1 and chunk in layout_runs.OPERATORS | layout_runs.OPENING | layout_runs.CLOSING
            out.append((i, j, "char" if single else "latin"))
            i = j
            continue
        while i < j:
            c = text[i]
            if c.isspace():
                i = layout_runs._spaces(text, i, j, out)
                continue
            if c in starts or layout_runs._latin_letter(c):
                end, kind = layout_runs._run_at(text, i, words)
                if end > i:
                    out.append((i, end, kind))
                    i = end
                    continue
            out.append((i, i + 1, "char"))
            i += 1
    return out


def _ref_joints(text: str, start: int, end: int) -> tuple[int, ...]:
    if "_" not in text[start:end] and "-" not in text[start:end]:
        return ()
    cut = range(start + 1, end - 1)
    return tuple(k + 1 for k in cut if text[k] in "_-" and text[k + 1] not in "_-" and text[start] not in "_-")


def _ref_pieces(text: str) -> list[Piece]:
    """The pieces as the general scanner cut every text, token by token."""
    opening, closing_marks = layout_runs.OPENING, layout_runs.CLOSING
    merged: list[list[Any]] = []
    glue = False
    for start, end, kind in _ref_tokens(text):
        space = kind == "space"
        if kind == "char":
            c = text[start]
            after_word = start > 0 and not text[start - 1].isspace() and text[start - 1] not in opening
            lead = c == "…" and (not merged or all(x in opening for x in text[merged[-1][0] : merged[-1][1]]))
            straight = c in ("'", '"')
            opener = c in opening or c in layout_runs.OPERATORS or lead or (straight and not after_word)
            closing = (c in closing_marks and not lead) or (straight and after_word)
        else:
            opener = closing = False
        parts = _ref_joints(text, start, end) if kind == "latin" else ()
        if merged and (glue or (closing and not merged[-1][2])):
            last = merged[-1]
            last[1], last[2], last[3] = end, False, (*last[3], start, *parts)
        else:
            merged.append([start, end, space, parts])
        glue = opener or (space and glue)
    out: list[Piece] = []
    previous: list[Any] | None = None
    for m in merged:
        start, end, space, parts = m
        if previous is None:
            brk = 0
        elif space or previous[2] or layout._ends_clause(text, previous[0], start):
            brk = 3
        else:
            brk = 2
        out.append((start, end, layout.cells(text[start:end]), brk, space, parts))
        previous = m
    return out


def _ref_wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Lines filled piece by piece, each piece wider than the line cut."""
    ps, lines = layout.line_ranges(text, _ref_pieces(text), width)
    out = []
    for a, b in lines:
        start, end = ps[a][0], ps[b - 1][1]
        while end > start and text[end - 1].isspace():
            end -= 1
        out.append((start, end))
    return out or [(0, 0)]


def _ref_measure(text: str) -> tuple[int, int, int]:
    least = snug = natural = 0
    for line in text.split("\n"):
        natural = max(natural, layout.cells(line))
        for start, end, width, _, space, parts in _ref_pieces(line):
            if space:
                continue
            snug = max(snug, width)
            if parts:
                width = max(layout.cells(line[x:y]) for x, y in pairwise([start, *parts, end]))
            least = max(least, width)
    return least, snug, natural


# ---------------------------------------------------------------- the short ways


def _same_as_the_definitions(text: str, width: int) -> None:
    layout._forget()
    assert layout_runs.tokens(text) == _ref_tokens(text)
    ps = layout.pieces(text)
    if layout._only_characters(text):  # each character its own piece
        assert ps == [(k, k + 1, layout.cells(c), 2 if k else 0, False, ()) for k, c in enumerate(text)]
    else:
        assert ps == _ref_pieces(text)
    # the same lines at every width, whatever the order the widths are asked in
    for w in (width, 1, 0, width + 7, 3, width, width):
        assert layout.wrap(text, w) == _ref_wrap(text, w), w
        assert layout.count(text, w) == max(len(layout.line_ranges(text, _ref_pieces(text), w)[1]), 1)
    m = layout.measure(text)
    assert (m.least, m.snug, m.natural) == _ref_measure(text)


@example("agri_processing_cluster_output", 18)
@example("Jiexiu's output value in Shanxi's \"ten major clusters\" of agricultural deep processing", 18)
@example("农产品精深加工十大产业集群产值（介休）", 10)
@example("Mayor of ( the ) town", 6)
@example("a\u200d😀b", 2)
@given(TEXTS, st.integers(1, 40))
@settings(max_examples=300)
def test_pieces_lines_and_measures_are_the_definitions(text: str, width: int) -> None:
    _same_as_the_definitions(text, width)


@given(NAMES, st.integers(1, 30))
def test_chinese_names_are_cut_and_wrapped_as_defined(text: str, width: int) -> None:
    _same_as_the_definitions(text, width)


@given(WORDS, st.integers(1, 30))
def test_english_names_and_ids_are_cut_and_wrapped_as_defined(text: str, width: int) -> None:
    _same_as_the_definitions(text, width)


@example("", 1)
@example(" ", 1)
@given(st.text(max_size=30), st.integers(1, 30))
def test_any_text_is_cut_and_wrapped_as_defined(text: str, width: int) -> None:
    _same_as_the_definitions(text.replace("\n", " "), width)


@given(TEXTS, st.integers(0, 40), st.integers(0, 40))
def test_joints_are_the_definition(text: str, a: int, b: int) -> None:
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    assert layout_runs.joints(text, start, end) == _ref_joints(text, start, end)


@given(TEXTS, st.integers(1, 40))
def test_filling_by_sums_is_filling_piece_by_piece(text: str, width: int) -> None:
    """Also where a break is allowed nowhere but after the first piece, as in a shortened
    quote's first piece (:mod:`jiexiu_cli.present.layout_shorten`)."""
    from itertools import accumulate

    ps = _ref_pieces(text)
    if ps:
        ps[0] = (*ps[0][:3], 0, False, ps[0][5])
    width = max(width, max((p[2] for p in ps if not p[4]), default=1))
    sums = list(accumulate((p[2] for p in ps), initial=0))
    threes = [k for k, p in enumerate(ps) if p[3] == 3]
    assert layout._lines(ps, sums, threes, width) == layout.line_ranges(text, ps, width)[1]


@given(TEXTS, st.data())
def test_filling_part_of_a_text_is_filling_those_pieces(text: str, data: st.DataObject) -> None:
    """The pieces k0..k1 of a text, the first and the last made wider (a shortened quote,
    :mod:`jiexiu_cli.present.layout_shorten`): lines as :func:`layout.line_ranges` lays out a
    list of those pieces."""
    layout._forget()
    ps, sums, threes, snug = layout.prepared(text)
    ink = [k for k, p in enumerate(ps) if not p[4]]
    if not ink:
        return
    k0 = data.draw(st.sampled_from(ink))
    k1 = data.draw(st.sampled_from([k for k in ink if k >= k0]))
    first, last = data.draw(st.integers(0, 4)), data.draw(st.integers(0, 4))
    seq = list(ps[k0 : k1 + 1])
    seq[0] = (seq[0][0], seq[0][1], seq[0][2] + first, 0, False, seq[0][5])
    s1 = seq[-1]
    seq[-1] = (s1[0], s1[1], s1[2] + last, s1[3] if k1 > k0 else 0, False, s1[5])
    least = max(snug, seq[0][2], seq[-1][2], 1)  # a long unbreakable run can be wider than 60
    width = data.draw(st.integers(least, max(least, 60)))
    lines = layout._lines(ps, sums, threes, width, k0, k1 + 1, first, last)
    assert [(a - k0, b - k0) for a, b in lines] == layout.line_ranges(text, seq, width)[1]
    assert len(layout._lines(ps, sums, threes, width, k0, k1 + 1, first, last, ink=False)) == len(lines)


@given(st.text(st.characters(min_codepoint=0x250), max_size=30))
def test_a_text_s_width_is_its_characters_but_for_joined_emoji(text: str) -> None:
    """What lets a text of characters beyond Latin (:func:`layout._only_characters`) be
    measured from the widths of its characters."""
    if "\u200d" not in text and "\ufe0f" not in text:
        assert layout.cells(text) == sum(layout.cells(c) for c in text)


def test_every_character_rich_reads_as_one_cell_wide_is_one_cell_wide() -> None:
    """Rich takes a text of such characters as its length, any other as the sum of its
    characters' widths (but for U+200D, U+FE0F): so a printable text's width is the sum of
    its characters' (:func:`layout._additive`)."""
    from rich.cells import _SINGLE_CELLS, get_character_cell_size

    assert all(get_character_cell_size(c) == 1 for c in _SINGLE_CELLS)
    for text in ("341.3亿元", "a\u00b7b", "e\u0301", "한글 ｱ"):
        assert layout._additive(text) and layout.cells(text) == sum(layout.cells(c) for c in text)
    assert not layout._additive("a\u200db") and not layout._additive("☺\ufe0f")


def test_what_a_table_remembered_is_forgotten_after_it() -> None:
    layout._forget()
    bound = layout._REMEMBERED[0]
    with layout.remembering():
        for k in range(bound + 10):
            layout.pieces(f"name {k}")
        assert len(layout._ENTRIES) == bound + 10
    assert not layout._ENTRIES
    for k in range(bound + 10):
        layout.pieces(f"name {k}")
    assert len(layout._ENTRIES) == bound

"""Where a table's text may break across lines: pieces, lines, and how narrow a text can be.

Rich wraps a cell at its spaces and cuts a run without one (Chinese) at any character, so
``341.3亿元`` came out as ``341.`` / ``3亿元`` and ``2021-2025`` as ``2021-2`` / ``025``. Here
every text is first cut into pieces that are never broken: the unbreakable runs of
:mod:`jiexiu_cli.present.layout_runs` (numbers with their units, periods, qualifier words, Latin
words), with marks and operators glued to their neighbours.

Lines then break at spaces, after punctuation (preferred: a quote wraps at its clauses) and
between Chinese characters; a closing mark never starts a line, an opening one never ends
one, and an operator stays with what follows it (``× 1.266``). Only a piece wider than the
whole column is cut, by characters, as the last resort.

A quote may be shortened around its highlighted number (:mod:`jiexiu_cli.present.layout_shorten`);
a terminal's width is shared between a table's columns by :mod:`jiexiu_cli.present.layout_widths`.

Only the table renderer uses these modules (they import Rich's cell widths); nothing here is
on the path of JSON or CSV output.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any, Final

from jiexiu_cli.core.record import Record
from jiexiu_cli.present.layout_runs import CLAUSE_ENDS, CLOSING, ELLIPSIS, OPENING, OPERATORS, joints, tokens, vocab

_set = object.__setattr__

#: a break after punctuation or at a space is taken over a later one between Chinese
#: characters when the line is at least this full
_PREFER = 0.5


# ---------------------------------------------------------------- pieces

#: a piece of a paragraph that no line breaks: (start, end, width in cells, how a line may
#: break before it: 0 never, 2 between characters, 3 at a space or after punctuation,
#: a space?, where it may break when the whole is wider than a line: after a joiner of
#: words, and where marks or operators were glued to a run). Tuples, not records: a table
#: makes thousands.
Piece = tuple[int, int, int, int, bool, tuple[int, ...]]
START: Final = 0
END: Final = 1
WIDTH: Final = 2
BRK: Final = 3
SPACE: Final = 4
PARTS: Final = 5


def cells(text: str) -> int:
    """The width of ``text`` in a terminal's cells (a Chinese character takes two)."""
    if text.isascii():
        return len(text)
    if len(text) == 1:
        found = _CHAR_CELLS.get(text)
        if found is not None:
            return found
    from rich.cells import cell_len

    width = int(cell_len(text))
    if len(text) == 1:
        _CHAR_CELLS[text] = width
    return width


#: the width of each character met (a table's Chinese texts are mostly single-character pieces)
_CHAR_CELLS: dict[str, int] = {}


_PIECES: dict[str, list[Piece]] = {}
#: how many texts' pieces are remembered (while a table is laid out: all of its texts)
_REMEMBERED = [4096]


def pieces(text: str) -> list[Piece]:
    """The paragraph ``text`` (no newline) as pieces, in order, covering every character
    (remembered: a table lays out each text at several widths)."""
    found = _PIECES.get(text)
    if found is None:
        found = _pieces(text)
        if len(_PIECES) < _REMEMBERED[0]:
            _PIECES[text] = found
    return found


class remembering:
    """Within it every text's pieces are remembered (a table of 10,000 rows measures and
    wraps each of its texts at several widths: a bounded memory of them would make each
    anew); after it, what it remembered beyond the usual bound is forgotten."""

    def __enter__(self) -> None:
        self.bound = _REMEMBERED[0]
        _REMEMBERED[0] = 1 << 62

    def __exit__(self, *exc: object) -> None:
        _REMEMBERED[0] = self.bound
        if len(_PIECES) > self.bound:
            _PIECES.clear()


def _pieces(text: str) -> list[Piece]:
    if _only_characters(text):  # every character a piece of its own, a break allowed before each
        return [(k, k + 1, cells(c), 2 if k else 0, False, ()) for k, c in enumerate(text)]
    # glue a closing mark to what precedes it, an opening mark or an operator (and the
    # spaces after it) to what follows it
    merged: list[list[Any]] = []  # [start, end, space, parts]
    glue = False
    for start, end, kind in tokens(text):
        space = kind == "space"
        if kind == "char":
            c = text[start]
            # a leading … (a shortened quote) stays with what follows it, as 「 does; a
            # straight quote " or ' opens where a word could start, else closes
            after_word = start > 0 and not text[start - 1].isspace() and text[start - 1] not in OPENING
            lead = c == ELLIPSIS and (not merged or all(x in OPENING for x in text[merged[-1][0] : merged[-1][1]]))
            straight = c in ("'", '"')
            opener = c in OPENING or c in OPERATORS or lead or (straight and not after_word)
            closing = (c in CLOSING and not lead) or (straight and after_word)
        else:
            opener = closing = False
        parts = joints(text, start, end) if kind == "latin" else ()
        if merged and (glue or (closing and not merged[-1][2])):
            last = merged[-1]
            last[1] = end
            last[2] = False
            last[3] = (*last[3], start, *parts)  # glued, but cut here before any run is
        else:
            merged.append([start, end, space, parts])
        glue = opener or (space and glue)
    out: list[Piece] = []
    previous: list[Any] | None = None
    for m in merged:
        start, end, space, parts = m
        if previous is None:
            brk = 0
        elif space or previous[2] or _ends_clause(text, previous[0], start):
            brk = 3
        else:
            brk = 2
        out.append((start, end, cells(text[start:end]), brk, space, parts))
        previous = m
    return out


def _only_characters(text: str) -> bool:
    """Is ``text`` only characters that :func:`tokens` reads one by one and :func:`_pieces`
    glues to nothing (most Chinese names: 石屯镇氢能从业人员)? None of them ASCII, Latin
    or white space, none a mark, an operator or where a run (number, qualifier) may start."""
    if not text or not vocab()["not_alone"].isdisjoint(text):
        return False
    return all(c > "\u024f" and not c.isspace() for c in text)


def _ends_clause(text: str, start: int, end: int) -> bool:
    """Does text[start:end] end with a clause mark, perhaps before closing marks (，」)?"""
    j = end
    while j > start and text[j - 1] in CLOSING and text[j - 1] not in CLAUSE_ENDS:
        j -= 1
    return j > start and text[j - 1] in CLAUSE_ENDS


# ---------------------------------------------------------------- lines


def _split(text: str, p: Piece, width: int) -> list[Piece]:
    """A piece wider than the column: at its joiners, and what is still too wide by cells."""
    cuts = [p[START], *p[PARTS], p[END]]
    out: list[Piece] = []
    for a, b in pairwise(cuts):
        w = cells(text[a:b])
        if w <= width:
            out.append((a, b, w, 2, False, ()))
            continue
        j = a  # the last resort: by characters
        while j < b:
            k, used = j, 0
            while k < b and (used + cells(text[k]) <= width or k == j):
                used += cells(text[k])
                k += 1
            out.append((j, k, used, 2, False, ()))
            j = k
    if out:
        a, b, w, _, space, parts = out[0]
        out[0] = (a, b, w, p[BRK], space, parts)
    return out


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """The lines of one paragraph at ``width`` cells, as (start, end) offsets, without the
    spaces at a break. Every line fits unless ``width`` < 1."""
    ps = pieces(text)
    if _only_characters(text):
        out = _fill(ps, width)
        if out is not None:
            return out
    ps, lines = line_ranges(text, ps, width)
    out = []
    for a, b in lines:
        start, end = ps[a][START], ps[b - 1][END]
        while end > start and text[end - 1].isspace():  # a glued operator's space, cut
            end -= 1
        out.append((start, end))
    return out or [(0, 0)]


def _fill(ps: list[Piece], width: int) -> list[tuple[int, int]] | None:
    """:func:`wrap` of a text of characters that are pieces of their own (with a break
    allowed before each, and none preferred): as many as fit on each line. None where one
    of them is wider than the line (:func:`line_ranges` cuts it)."""
    out: list[tuple[int, int]] = []
    start = used = 0
    for k, p in enumerate(ps):
        w = p[WIDTH]
        if w > width:
            return None
        if used + w > width:
            out.append((start, k))
            start, used = k, 0
        used += w
    out.append((start, len(ps)))
    return out


def line_ranges(text: str, ps: list[Piece], width: int) -> tuple[list[Piece], list[tuple[int, int]]]:
    """Lines as ranges [a, b) of the pieces (``ps``, with any piece wider than the line
    cut), no space at either end: greedy, breaking after punctuation or at a space rather
    than between characters when the line is at least half full."""
    width = max(width, 1)
    prefer = _PREFER * width
    lines: list[tuple[int, int]] = []
    i, n = 0, len(ps)
    while i < n:
        while i < n and ps[i][SPACE]:
            i += 1
        if i >= n:
            break
        if ps[i][WIDTH] > width:
            ps = [*ps[:i], *_split(text, ps[i], width), *ps[i + 1 :]]
            n = len(ps)
        start, used, filled = i, 0, 0
        good = plain = -1  # the last break of each kind on this line, and the fill there
        good_filled = 0
        while i < n:
            _, _, w, brk, space, _ = ps[i]
            if brk and i > start:
                if brk == 3:
                    good, good_filled = i, filled
                plain = i
            if used + w > width and not space:
                break
            used += w
            if not space:
                filled = used
            i += 1
        if i >= n:
            lines.append((start, last_ink(ps, start, n) + 1))
            break
        if good > 0 and (good == plain or good_filled >= prefer):
            end = good
        elif plain > 0:
            end = plain
        else:  # the first piece alone overflows: it was split above, so this cannot happen
            end = start + 1
        lines.append((start, last_ink(ps, start, end) + 1))
        i = end
    return ps, lines


def last_ink(ps: Sequence[Piece], start: int, end: int) -> int:
    k = end - 1
    while k > start and ps[k][SPACE]:
        k -= 1
    return k


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text`` as written (split at newlines)."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def count(text: str, width: int) -> int:
    """How many lines ``text`` (of one or more paragraphs) takes at ``width``."""
    return sum(max(len(line_ranges(line, pieces(line), width)[1]), 1) for line in text.split("\n"))


def wrap_text(text: str, width: int) -> list[tuple[int, int]]:
    """The lines of a text of several paragraphs at ``width``: (start, end) offsets."""
    if "\n" not in text:
        return wrap(text, width)
    out: list[tuple[int, int]] = []
    for a, b in paragraphs(text):
        out += [(a + s, a + e) for s, e in wrap(text[a:b], width)]
    return out


# ---------------------------------------------------------------- measures


class Measure(Record):
    """How narrow a text can be: ``least`` (its widest piece, words joined by _ or - taken
    apart), ``snug`` (its widest piece, whole) and ``natural`` (its widest line, unwrapped)."""

    _fields = ("least", "snug", "natural")
    __slots__ = _fields
    least: int
    snug: int
    natural: int

    def __init__(self, least: int, snug: int, natural: int) -> None:
        _set(self, "least", least)
        _set(self, "snug", snug)
        _set(self, "natural", natural)


def measure(text: str) -> Measure:
    least = snug = natural = 0
    for line in text.split("\n"):
        w = cells(line)
        if w > natural:
            natural = w
        for start, end, width, _, space, parts in pieces(line):
            if space:
                continue
            if width > snug:
                snug = width
            if parts:
                cuts = [start, *parts, end]
                width = max(cells(line[x:y]) for x, y in pairwise(cuts))
            if width > least:
                least = width
    return Measure(least, snug, natural)

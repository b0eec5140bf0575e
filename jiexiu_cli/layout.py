"""Where a table's text may break across lines, and how a table shares out its width.

Rich wraps a cell at its spaces and cuts a run without one (Chinese) at any character, so
``341.3亿元`` came out as ``341.`` / ``3亿元`` and ``2021-2025`` as ``2021-2`` / ``025``. Here
every text is first cut into pieces that are never broken (:func:`unbreakable` lists them):

- a number with what belongs to it: its magnitude, 余/多, unit and a qualifier after it
  (``341.3亿元``, ``8.5%``, ``1.6个百分点``, ``5.6万余人``, ``85%以上``, ``1.6:48.5:49.9``,
  ``三百亿元``, ``第七``, ``两个``);
- a period, in every spelling ``periods.py`` writes (``2021-2025``, ``2022Q1``,
  ``2022M01-M10``, ``2022-06-30``, ``2022 Jan-Oct``, ``2022年一季度``, ``2022年1-10月``);
- a qualifier word (``突破``, ``有望``, ``预计``, ``以上``: the vocabularies of ``units.py``);
- a Latin word (letters and digits, with ``'`` or ``.`` inside: ``Jiexiu's``,
  ``gdp.2021.level``). Words joined by ``_`` or ``-`` (``growth_rate``, ``level-to-level``)
  break after a joiner only where the whole is wider than the column.

Lines then break at spaces, after punctuation (preferred: a quote wraps at its clauses) and
between Chinese characters; a closing mark never starts a line, an opening one never ends
one, and an operator stays with what follows it (``× 1.266``). Only a piece wider than the
whole column is cut, by characters, as the last resort.

A quote may be shortened around its highlighted number, at its clauses, with ``…``
(:func:`shorten`); the whole quote stays in ``--cite`` and JSON.

:func:`widths` shares a terminal's width between a table's columns: each column at least as
wide as its widest piece, the rest of the width given where it saves the most lines.

Only the table renderer uses this module (it imports Rich's cell widths); nothing here is
on the path of JSON or CSV output.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any, Final

from jiexiu_cli.model import Record

_set = object.__setattr__

#: a break after these is preferred (a quote wraps at its clauses)
CLAUSE_ENDS = frozenset("，、。；：！？,;:!?")
#: never at the start of a line: they stay with what precedes them
CLOSING = frozenset("，、。；：！？,.;:!?）」』】》〉”’)]}…")
#: never at the end of a line: they stay with what follows them
OPENING = frozenset("（「『【《〈“‘([{")
#: an operator (and the space after it) stays with what follows it: ``× 1.266``, ``+ 48.5``
OPERATORS = frozenset("×÷=≈≠≥≤<>±+-−~/⊂⊆∈→")
#: the mark of a shortened quote
ELLIPSIS = "…"
#: a break after punctuation or at a space is taken over a later one between Chinese
#: characters when the line is at least this full
_PREFER = 0.5

_NUMERALS = "〇零一二两三四五六七八九十百千万亿"
_MONTHS = frozenset(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"))
_AFTER_UNIT = ("以上", "以下", "以内", "左右")
#: units of time a period or a date may end in, beyond units.py's
_MORE_UNITS = ("月", "日", "号", "季度", "年末", "年底", "月末", "月底", "年度")

_VOCAB: dict[str, Any] = {}


def _vocab() -> dict[str, Any]:
    """The vocabularies, gathered on first use (not at import), each word by its first
    character. Numbers and periods are read by small scanners below, not by regular
    expressions: compiling the patterns cost 14.5 million instructions, more than laying
    out the whole of `show gdp`'s table."""
    if not _VOCAB:
        from jiexiu_cli.units import MODALS, ORDINAL_UNITS, QUALIFIERS_AFTER, QUALIFIERS_BEFORE, UNITS

        _VOCAB["unit"] = _by_first({*UNITS, *ORDINAL_UNITS, *_MORE_UNITS})
        _VOCAB["after"] = _by_first(set(_AFTER_UNIT))
        _VOCAB["qualifier"] = _by_first({*QUALIFIERS_BEFORE, *QUALIFIERS_AFTER, *MODALS})
        _VOCAB["numeral_starts"] = frozenset(_NUMERALS + "第前-+−")
        # where a run may start: Latin letters and digits, numerals, qualifier words
        _VOCAB["starts"] = _LATIN | _VOCAB["numeral_starts"] | set(_VOCAB["qualifier"])
        # what a character must not be to be a piece of its own (:func:`_only_characters`)
        _VOCAB["not_alone"] = _VOCAB["starts"] | OPENING | CLOSING | OPERATORS | {ELLIPSIS, "'", '"'}
    return _VOCAB


def _by_first(words: set[str]) -> dict[str, tuple[str, ...]]:
    """Words by their first character, longest first."""
    out: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        out.setdefault(w[0], []).append(w)
    return {k: tuple(v) for k, v in out.items()}


def _word_at(text: str, i: int, words: dict[str, tuple[str, ...]]) -> int:
    """The end of the longest of ``words`` at ``i`` in ``text`` (i where none is)."""
    for w in words.get(text[i : i + 1], ()):
        if text.startswith(w, i):
            return i + len(w)
    return i


# ---------------------------------------------------------------- the unbreakable runs


def _run_at(text: str, i: int, vocab: dict[str, Any]) -> tuple[int, str]:
    """The end and the kind of the longest unbreakable run starting at ``i`` (end i: none)."""
    c = text[i]
    latin = c in _LATIN or _latin_letter(c)
    numeral = c in vocab["numeral_starts"] or "0" <= c <= "9"
    if not (latin or numeral or c in vocab["qualifier"]):
        return i, ""  # most Chinese characters: nothing starts here
    best, kind = i, ""
    if "0" <= c <= "9" or text[i : i + 3] in _MONTHS:
        end = _period_end(text, i)
        if end > i:
            best, kind = end, "period"
            if text[end - 1].isdigit():  # 2021-2025年: a unit after a period is part of it
                best = _word_at(text, end, vocab["unit"])
    if numeral:
        end = _number_end(text, i)
        if end > i:
            end = _word_at(text, _word_at(text, end, vocab["unit"]), vocab["after"])
            if end > best:
                best, kind = end, "number"
    if latin:
        end = _latin_end(text, i)
        if end > best:
            best, kind = end, "latin"
    end = _word_at(text, i, vocab["qualifier"])
    if end > best:
        best, kind = end, "qualifier"
    return best, kind


def _digits(text: str, i: int) -> int:
    """The end of the run of ASCII digits at ``i`` (i where there is none)."""
    n = len(text)
    while i < n and "0" <= text[i] <= "9":
        i += 1
    return i


def _fixed(text: str, i: int, count: int) -> int:
    """The end of exactly ``count`` ASCII digits at ``i``, or -1."""
    end = _digits(text, i)
    return end if end - i == count else -1


def _free(text: str, i: int) -> bool:
    """Nothing Latin goes on at ``i`` (2022Q1 ends there, 2022Q1x does not)."""
    return i >= len(text) or not (text[i].isascii() and text[i].isalnum())


def _period_end(text: str, i: int) -> int:
    """The end of a period at ``i`` in a spelling of periods.py: 2021-2025, 2022Q1, 2022H1,
    2022M01-M10, 2022M11-2023M02, 2022-06-30; 2022 Q1, 2022 Jan-Oct, Nov 2022-Feb 2023;
    2021-2025年, 2022年一季度, 2022年上半年, 2022年1-10月, 2022年6月30日, 2021年末,
    2022年3月-2023年2月. A bare year is a number, not matched here."""
    if text[i : i + 3] in _MONTHS:  # Nov 2022-Feb 2023
        j = _fixed(text, i + 4, 4) if text[i + 3 : i + 4] == " " else -1
        if j > 0 and text[j : j + 1] == "-" and text[j + 1 : j + 4] in _MONTHS and text[j + 4 : j + 5] == " ":
            k = _fixed(text, j + 5, 4)
            return k if k > 0 else i
        return i
    j = _fixed(text, i, 4)
    if j < 0:
        return i
    best = i
    k = j  # Chinese: 2022年…, 2021-2025年
    if text[k : k + 1] == "-" and _fixed(text, k + 1, 4) > 0 and text[k + 5 : k + 6] == "年":
        k += 5
    if text[k : k + 1] == "年":
        best = _in_year(text, k + 1)
        if k == j:  # 2022年3月-2023年2月
            m = _digits(text, k + 1)
            if 0 < m - k - 1 <= 2 and text[m : m + 2] == "月-":
                y = _fixed(text, m + 2, 4)
                if y > 0 and text[y : y + 1] == "年":
                    m2 = _digits(text, y + 1)
                    if 0 < m2 - y - 1 <= 2 and text[m2 : m2 + 1] == "月":
                        best = max(best, m2 + 1)
    c = text[j : j + 1]
    end = -1  # canonical spellings and English labels
    if c == "-":
        end = _fixed(text, j + 1, 4)
        if end < 0:  # 2022-06-30
            d = _fixed(text, j + 1, 2)
            end = _fixed(text, d + 1, 2) if d > 0 and text[d : d + 1] == "-" else -1
    elif c in ("Q", "H") and text[j + 1 : j + 2] in ("1234" if c == "Q" else "12"):
        end = j + 2
    elif c == "M":
        end = _fixed(text, j + 1, 2)
        if end > 0 and text[end : end + 1] == "-":  # -M10 or -2023M02
            y = _fixed(text, end + 1, 4)
            at = y if y > 0 else end + 1
            m2 = _fixed(text, at + 1, 2) if text[at : at + 1] == "M" else -1
            end = m2 if m2 > 0 else end
    elif c == " ":
        w = text[j + 1 : j + 3]
        if w[:1] in ("Q", "H") and w[1:] in ("1234" if w[:1] == "Q" else "12") and w[1:]:
            end = j + 3
        elif text[j + 1 : j + 4] in _MONTHS:
            end = j + 4
            if text[end : end + 1] == "-" and text[end + 1 : end + 4] in _MONTHS:
                end += 4
    if end > best and _free(text, end):
        best = end
    return best


def _in_year(text: str, i: int) -> int:
    """The end of what names a part of a year after 年 at ``i``: 一季度, 上半年, 1-10月,
    6月30日, 6月末, 末, 底 (i where nothing does)."""
    if text[i : i + 1] in ("末", "底"):
        return i + 1
    if text[i : i + 1] in ("一", "二", "三", "四") and text[i + 1 : i + 3] == "季度":
        return i + 3
    if text[i : i + 1] in ("上", "下") and text[i + 1 : i + 3] == "半年":
        return i + 3
    m = _digits(text, i)
    if not 0 < m - i <= 2:
        return i
    if text[m : m + 1] == "-":
        m2 = _digits(text, m + 1)
        if 0 < m2 - m - 1 <= 2 and text[m2 : m2 + 1] == "月":
            return m2 + 1
        return i
    if text[m : m + 1] != "月":
        return i
    end = m + 1
    if text[end : end + 1] in ("末", "底"):
        return end + 1
    d = _digits(text, end)
    return d + 1 if 0 < d - end <= 2 and text[d : d + 1] == "日" else end


def _number_end(text: str, i: int) -> int:
    """The end of a number at ``i``, before its unit: 第 or 前, a sign, Arabic digits with
    thousands, decimals, a fraction, a ratio (1.6:48.5:49.9) or a range (1-10) glued on,
    or Chinese numerals; then its magnitude and 余/多 (5.6万余, 3000多). i where none is."""
    n = len(text)
    j = i + 1 if text[i] in ("第", "前") else i
    if j < n and text[j] in ("-", "+", "−") and _digits(text, j + 1) > j + 1:
        j += 1
    if j < n and "0" <= text[j] <= "9":
        j = _decimal(text, j)
        while text[j : j + 1] == "," and _fixed(text, j + 1, 3) > 0:
            j = _decimal(text, j + 1)
        if text[j : j + 1] == "/" and _digits(text, j + 1) > j + 1:
            j = _digits(text, j + 1)
        while text[j : j + 1] in (":", "：") and _digits(text, j + 1) > j + 1:
            j = _decimal(text, j + 1)
        if text[j : j + 1] in ("-", "~", "～", "–") and _digits(text, j + 1) > j + 1:
            j = _decimal(text, j + 1)
    elif j < n and text[j] in _NUMERALS:
        while j < n and text[j] in _NUMERALS:
            j += 1
    else:
        return i
    k = j + 1 if text[j : j + 1] in ("余", "多") else j
    m = k
    while m < n and text[m] in "十百千万亿":
        m += 1
    if m > k:
        j = m
    return j + 1 if text[j : j + 1] in ("余", "多") else j


def _decimal(text: str, i: int) -> int:
    """The end of digits at ``i`` and a decimal part after them."""
    j = _digits(text, i)
    if text[j : j + 1] == "." and _digits(text, j + 1) > j + 1:
        j = _digits(text, j + 1)
    return j


_LATIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _latin_letter(c: str) -> bool:
    """A letter of Latin-1 or Latin Extended (ü of lüyou, ā of pinyin), not × or ÷."""
    return "\u00c0" <= c <= "\u024f" and c not in "×÷"


def _latin_end(text: str, i: int) -> int:
    """The end of the Latin words from ``i``: letters, digits and _, with ' . - inside."""
    end = j = i
    n = len(text)
    while j < n:
        c = text[j]
        if c in _LATIN or _latin_letter(c):
            j += 1
            end = j
        elif c in "'’.-":
            j += 1
        else:
            break
    return end


_DIGITS = frozenset("0123456789")


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """``text`` cut into spaces, unbreakable runs (kind number, period, latin, qualifier)
    and single characters ("char"), in order, covering every character.

    A run of ASCII letters and marks between spaces (prose, an id) is one run; only one
    with a digit, a month or anything beyond ASCII is read character by character."""
    vocab = _vocab()
    starts = vocab["starts"]
    out: list[tuple[int, int, str]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i = _spaces(text, i, n, out)
            continue
        j = text.find(" ", i)
        j = n if j < 0 else j
        chunk = text[i:j]
        if chunk.isascii() and chunk.isprintable() and not _DIGITS.intersection(chunk) and chunk[:3] not in _MONTHS:
            single = j - i == 1 and (chunk in OPERATORS or chunk in OPENING or chunk in CLOSING)
            out.append((i, j, "char" if single else "latin"))
            i = j
            continue
        while i < j:
            c = text[i]
            if c.isspace():  # a tab, an ideographic space
                i = _spaces(text, i, j, out)
                continue
            if c in starts or _latin_letter(c):
                end, kind = _run_at(text, i, vocab)
                if end > i:
                    out.append((i, end, kind))
                    i = end
                    continue
            out.append((i, i + 1, "char"))
            i += 1
    return out


def _spaces(text: str, i: int, end: int, out: list[tuple[int, int, str]]) -> int:
    """Add the run of white space at ``i`` (before ``end``) to ``out``; where it ends."""
    j = i + 1
    while j < end and text[j].isspace():
        j += 1
    out.append((i, j, "space"))
    return j


def runs(text: str) -> list[tuple[int, int, str]]:
    """Every unbreakable run of ``text``: (start, end, kind), kind one of number, period,
    latin (a word, or words joined by _ or -), qualifier."""
    return [t for t in _tokens(text) if t[2] not in ("space", "char")]


def unbreakable(text: str) -> list[str]:
    """The runs of ``text`` no line may break: numbers with their units, periods,
    qualifier words and Latin words (words joined by _ or - count one by one)."""
    return [text[a:b] for a, b in unbreakable_spans(text)]


def unbreakable_spans(text: str) -> list[tuple[int, int]]:
    """Where :func:`unbreakable`'s runs are in ``text``: (start, end)."""
    out = []
    for a, b, kind in runs(text):
        if kind == "latin":
            cuts = [a, *_joints(text, a, b), b]
            for x, y in pairwise(cuts):
                while x < y and text[x] in "_-":
                    x += 1
                while y > x and text[y - 1] in "_-":
                    y -= 1
                if x < y:
                    out.append((x, y))
        else:
            out.append((a, b))
    return out


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
    for start, end, kind in _tokens(text):
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
        parts = _joints(text, start, end) if kind == "latin" else ()
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
    """Is ``text`` only characters that :func:`_tokens` reads one by one and :func:`_pieces`
    glues to nothing (most Chinese names: 石屯镇氢能从业人员)? None of them ASCII, Latin
    or white space, none a mark, an operator or where a run (number, qualifier) may start."""
    if not text or not _vocab()["not_alone"].isdisjoint(text):
        return False
    return all(c > "\u024f" and not c.isspace() for c in text)


def _ends_clause(text: str, start: int, end: int) -> bool:
    """Does text[start:end] end with a clause mark, perhaps before closing marks (，」)?"""
    j = end
    while j > start and text[j - 1] in CLOSING and text[j - 1] not in CLAUSE_ENDS:
        j -= 1
    return j > start and text[j - 1] in CLAUSE_ENDS


def _joints(text: str, start: int, end: int) -> tuple[int, ...]:
    """Where words joined by _ or - may break when the whole is too wide: after each joiner."""
    if "_" not in text[start:end] and "-" not in text[start:end]:
        return ()
    return tuple(
        k + 1
        for k in range(start + 1, end - 1)
        if text[k] in "_-" and text[k + 1] not in "_-" and text[start] not in "_-"
    )


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
    ps, lines = _lines(text, ps, width)
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
    of them is wider than the line (:func:`_lines` cuts it)."""
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


def _lines(text: str, ps: list[Piece], width: int) -> tuple[list[Piece], list[tuple[int, int]]]:
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
            lines.append((start, _last_ink(ps, start, n) + 1))
            break
        if good > 0 and (good == plain or good_filled >= prefer):
            end = good
        elif plain > 0:
            end = plain
        else:  # the first piece alone overflows: it was split above, so this cannot happen
            end = start + 1
        lines.append((start, _last_ink(ps, start, end) + 1))
        i = end
    return ps, lines


def _last_ink(ps: Sequence[Piece], start: int, end: int) -> int:
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
    return sum(max(len(_lines(line, pieces(line), width)[1]), 1) for line in text.split("\n"))


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


# ---------------------------------------------------------------- shortened quotes


def shorten(
    text: str, spans: Sequence[tuple[int, int]], width: int, lines: int
) -> tuple[str, tuple[tuple[int, int], ...], int] | None:
    """The paragraph ``text`` cut to at most ``lines`` lines at ``width`` around ``spans``
    (what is highlighted), at its clauses where it can, with … where it was cut: the text,
    its highlights and its lines; None when it fits whole or has nothing highlighted.

    The highlighted runs are always kept whole, even if they alone need more lines. A quote
    in 「」 keeps them: 「…今年预计达432亿元」.
    """
    ps = pieces(text)
    if not spans or len(_lines(text, ps, width)[1]) <= lines:
        return None
    ink = [k for k, p in enumerate(ps) if not p[SPACE]]
    if not ink:
        return None
    head = 1 if text[:1] in OPENING else 0
    tail = len(text) - 1 if head and len(text) > 1 and text[-1] in CLOSING else len(text)
    lead_w, trail_w = cells(text[:head]) + 1, 1 + cells(text[tail:])
    first, last = ink[0], ink[-1]
    lo_char, hi_char = min(a for a, _ in spans), max(b for _, b in spans)
    k_lo = next((k for k in ink if ps[k][END] > lo_char), first)
    k_hi = next((k for k in reversed(ink) if ps[k][START] < hi_char), last)
    if k_lo > k_hi:  # only blank text highlighted: nothing to keep in view, shown whole
        return None

    sums = [0]  # widths of the pieces before each: a range wider than all its lines cannot fit
    for p in ps:
        sums.append(sums[-1] + p[WIDTH])
    room = lines * width

    def count(k0: int, k1: int) -> int:
        """Lines of the pieces k0..k1 (inclusive), with … (and 「」) where cut."""
        if sums[k1 + 1] - sums[k0] > room:
            return lines + 1
        seq = list(ps[k0 : k1 + 1])
        extra_first = lead_w if k0 > first else 0
        extra_last = trail_w if k1 < last else 0
        s0 = seq[0]
        seq[0] = (s0[START], s0[END], s0[WIDTH] + extra_first, 0, False, s0[PARTS])
        s1 = seq[-1]
        seq[-1] = (s1[START], s1[END], s1[WIDTH] + extra_last, s1[BRK] if k1 > k0 else 0, False, s1[PARTS])
        return len(_lines(text, seq, width)[1])

    def grow(units: list[tuple[int, int]], u_lo: int, u_hi: int) -> tuple[int, int]:
        """Add a unit on the right, then on the left, while the whole still fits."""
        grew = True
        while grew:
            grew = False
            if u_hi + 1 < len(units) and count(units[u_lo][0], units[u_hi + 1][1]) <= lines:
                u_hi += 1
                grew = True
            if u_lo > 0 and count(units[u_lo - 1][0], units[u_hi][1]) <= lines:
                u_lo -= 1
                grew = True
        return units[u_lo][0], units[u_hi][1]

    # clauses (first and last piece of each): each starts after punctuation or a space
    starts = [first] + [k for k in ink[1:] if ps[k][BRK] >= 3]
    ends = [_last_ink(ps, a, b) for a, b in zip(starts, [*starts[1:], len(ps)], strict=True)]
    clauses = list(zip(starts, ends, strict=True))
    c_lo = next(c for c, (a, b) in enumerate(clauses) if b >= k_lo)
    c_hi = next(c for c, (a, b) in enumerate(clauses) if b >= k_hi)
    if count(clauses[c_lo][0], clauses[c_hi][1]) <= lines:
        k0, k1 = grow(clauses, c_lo, c_hi)
    else:  # one clause is already too long: pieces around the highlight
        units = [(k, k) for k in ink]
        k0, k1 = grow(units, ink.index(k_lo), ink.index(k_hi))
    if k0 == first and k1 == last:
        return None
    prefix = text[:head] + ELLIPSIS if k0 > first else ""
    suffix = ELLIPSIS + text[tail:] if k1 < last else ""
    a, b = ps[k0][START], ps[k1][END]
    shift = len(prefix) - a
    kept = tuple((x + shift, y + shift) for x, y in spans if a <= x and y <= b)
    return prefix + text[a:b] + suffix, kept, count(k0, k1)


# ---------------------------------------------------------------- sharing out the width


def widths(
    columns: Sequence[tuple[Measure, bool, int | None]],
    available: int,
    lines: Any,
) -> list[int] | None:
    """Each column's width in ``available`` cells, or None where even the narrowest
    layout does not fit. ``columns`` are (measure, may wrap, least width asked for);
    ``lines(j, w)`` is how many lines column ``j`` takes in each row at width ``w``, and
    what else its cells lose there, in lines (a shortened quote: half a line).

    Every column at its natural width if the table fits. Otherwise each starts at its
    widest piece (words joined by _ or - whole where that fits, else taken apart) and the
    rest of the width goes, a few cells at a time, where it saves the most lines; what
    saves none keeps words joined by _ or - whole, then widens what is cut shortest.
    """
    natural = [max(m.natural if wraps else max(m.natural, m.snug), 1) for m, wraps, _ in columns]
    if sum(natural) <= available:
        return natural

    def floor(kind: str) -> list[int]:
        out = []
        for (m, wraps, asked), nat in zip(columns, natural, strict=True):
            least = getattr(m, kind) if wraps else nat
            if asked is not None:
                least = max(least, min(asked, nat))
            out.append(max(min(least, nat), 1))
        return out

    snug = floor("snug")
    w = snug if sum(snug) <= available else floor("least")
    if sum(w) > available:
        return None
    w = list(w)
    slack = available - sum(w)
    heights = [lines(j, w[j]) for j in range(len(w))]

    def total(hs: list[tuple[list[int], float]]) -> float:
        """The table's lines, what its cells lose, and (to choose between widths that take
        as many lines) a hundredth of a line for each line of a cell: a cell on one line
        reads better than one wrapped beside a taller one."""
        rows = sum(max(row) for row in zip(*(h for h, _ in hs), strict=True)) if hs and hs[0][0] else 0
        return rows + sum(cost for _, cost in hs) + sum(sum(h) for h, _ in hs) / 100

    current = total(heights)
    step = max(2, available // 12)
    while slack > 0:
        best = None
        for k in (1, 2, 4):  # the smallest step that saves anything
            for j in range(len(w)):
                d = min(slack, natural[j] - w[j], k * step)
                if d <= 0:
                    continue
                trial = lines(j, w[j] + d)
                saved = current - total([*heights[:j], trial, *heights[j + 1 :]])
                if saved > 0 and (best is None or saved / d > best[0]):
                    best = (saved / d, j, d, trial)
            if best is not None:
                break
        if best is None:
            break
        _, j, d, trial = best
        w[j] += d
        heights[j] = trial
        current = total(heights)
        slack -= d
    for j in sorted(range(len(w)), key=lambda k: snug[k] - w[k]):
        if 0 < snug[j] - w[j] <= slack:
            slack -= snug[j] - w[j]
            w[j] = snug[j]
    while slack > 0:
        open_ = [j for j in range(len(w)) if w[j] < natural[j]]
        if not open_:
            break
        j = max(open_, key=lambda k: natural[k] - w[k])
        w[j] += 1
        slack -= 1
    return w

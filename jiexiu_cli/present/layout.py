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

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate, chain, compress, pairwise, repeat
from operator import sub
from typing import Any, Final, TypeAlias

from jiexiu_cli.core.record import Record
from jiexiu_cli.present.layout_runs import (
    CLAUSE_ENDS,
    CLOSING,
    ELLIPSIS,
    MONTHS,
    OPENING,
    OPERATORS,
    joints,
    tokens,
    vocab,
)

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
    if len(text) > 1 and "\u200d" not in text and "\ufe0f" not in text:
        # Rich's width of such a text: the sum of its characters' (tests hold the two alike)
        try:
            return sum(map(_SIZES.__getitem__, text))
        except KeyError:
            from rich.cells import cell_len

            for c in set(text).difference(_SIZES):
                _SIZES[c] = int(cell_len(c))
            return sum(map(_SIZES.__getitem__, text))
    from rich.cells import cell_len

    width = int(cell_len(text))
    if len(text) == 1:
        _CHAR_CELLS[text] = width
    return width


#: the width of each character met (a table's Chinese texts are mostly single-character pieces)
_CHAR_CELLS: dict[str, int] = dict.fromkeys(map(chr, range(32, 127)), 1)
#: the characters met that are two cells wide
_WIDE: set[str] = set()
#: each character's width as Rich adds it up in a longer text (a control character: 0)
_SIZES: dict[str, int] = dict.fromkeys(map(chr, range(32, 127)), 1)


#: what is known of each text met (see :func:`_entry`): its pieces, how narrow it can be, and
#: what :func:`wrap` needs to fill lines at any width
_ENTRIES: dict[str, list[Any]] = {}
#: how many texts are remembered (while a table is laid out: all of its texts)
_REMEMBERED = [4096]


def pieces(text: str) -> list[Piece]:
    """The paragraph ``text`` (no newline) as pieces, in order, covering every character
    (remembered: a table lays out each text at several widths)."""
    return _pieces_of(text, _entry(text))


def _pieces_of(text: str, e: list[Any]) -> list[Piece]:
    """:func:`pieces` of ``text`` from its entry ``e`` (which may not be remembered: the
    entry is passed, not looked up again). A text of words or of characters has its
    pieces made when asked for (quickly, never kept); any other's are kept, packed where
    the entry is remembered (:func:`_pack`)."""
    ps = e[_PS]
    if ps is None:
        if e[_WORDS] is not None:
            return _word_pieces(text, e[_WORDS])
        # characters each a piece
        return [(k, k + 1, _CHAR_CELLS.get(c) or cells(c), 2 if k else 0, False, ()) for k, c in enumerate(text)]
    if type(ps) is list:
        return ps
    last = _UNPACKED
    if last[0] is ps:  # a text is wrapped, shortened and counted in turn at each width
        return last[1]  # type: ignore[no-any-return]
    if type(ps) is bytes:
        last[1:] = _unpack_chars(text, ps)
    else:
        last[1:] = _unpack(ps), None, None
    last[0] = ps
    return last[1]  # type: ignore[no-any-return]


#: a piece's way to break before it and whether it is a space, by its packed flag
_BRKS = (0, 0, 1, 1, 2, 2, 3, 3)
_SPACES = (False, True) * 4


#: the pieces last unpacked, what they were unpacked from (never changed by their users),
#: and from a text's characters (:func:`_pack_chars`) the sums and threes of :func:`prepared`
_UNPACKED: list[Any] = [None, None, None, None]


def _pack_chars(text: str, ps: list[Piece]) -> bytes | None:
    """The pieces of a printable text whose width is its characters' (no emoji's U+FE0F)
    as one byte for each of its characters: where a piece starts, 1 + its flag (how a line
    may break before it, twice, and a space?), and 16 where a piece may be cut (a joint, a
    glued mark); each piece's width is its characters' (:data:`_SIZES`). A quote of 100
    characters, most of them pieces of their own: 133 bytes, not 700. None where the bytes
    would not give back the same pieces (checked: then :func:`_pack`)."""
    if not ps or not text.isprintable() or "\ufe0f" in text:
        return None
    n = len(text)
    marks = bytearray(n)
    for start, _, _, brk, space, parts in ps:
        marks[start] = 1 + 2 * brk + space
        for at in parts:
            if not 0 <= at < n:
                return None
            marks[at] |= 16
    if not text.isascii():
        missing = set(text).difference(_SIZES)
        if missing:
            from rich.cells import cell_len

            for c in missing:
                _SIZES[c] = int(cell_len(c))
    packed = bytes(marks)
    return packed if _unpack_chars(text, packed)[0] == ps else None


#: a byte of :func:`_pack_chars`: where a piece starts (1 + its flag), and where it may be cut
_STARTS = bytes(b & 15 for b in range(256))
_CUTS = bytes(1 if b & 16 else 0 for b in range(256))
_BRKS1 = (0, *_BRKS, 0, 0, 0, 0, 0, 0, 0)
_SPACES1 = (False, *_SPACES, False, False, False, False, False, False, False)


def _char_numbers(text: str, packed: bytes) -> tuple[list[int], list[int], list[int], list[int]]:
    """Where each piece :func:`_pack_chars` packed starts, its flag (1 + how a line may break
    before it, twice, + a space?), the sums of their widths and which may be broken before
    after punctuation or at a space (:func:`prepared`), at C speed."""
    n = len(packed)
    lows = packed.translate(_STARTS)
    starts = list(compress(range(n), lows))
    flags = list(compress(lows, lows))
    if text.isascii():
        sums = starts[:]
        sums.append(n)
    else:
        cum = list(accumulate(map(_SIZES.__getitem__, text), initial=0))
        sums = list(map(cum.__getitem__, starts))
        sums.append(cum[n])
    return starts, flags, sums, [k for k, f in enumerate(flags) if f >= 7]  # 1 + 2 * 3 (+ 1 for a space)


def _unpack_chars(text: str, packed: bytes) -> tuple[list[Piece], list[int], list[int]]:
    """The pieces :func:`_pack_chars` packed, with the sums of their widths and which may
    be broken before after punctuation or at a space (:func:`prepared`)."""
    n = len(packed)
    starts, flags, sums, threes = _char_numbers(text, packed)
    ends = starts[1:]
    ends.append(n)
    widths = list(map(sub, sums[1:], sums))
    parts: Any = repeat(())
    if max(packed) >= 16:
        parts = [()] * len(starts)
        for at in compress(range(n), packed.translate(_CUTS)):
            k = bisect_right(starts, at) - 1
            parts[k] = (*parts[k], at)
    ps = list(
        zip(
            starts,
            ends,
            widths,
            map(_BRKS1.__getitem__, flags),
            map(_SPACES1.__getitem__, flags),
            parts,
            strict=False,
        )
    )
    return ps, sums, threes


#: for each flag of :func:`_pack_chars`, a piece as :func:`_lines` reads it (how a line may
#: break before it, a space?): the lines of a packed text found without making its pieces
_FLAG_PIECES: list[Piece] = [(0, 0, 0, _BRKS1[f], _SPACES1[f], ()) for f in range(16)]


def _entry(text: str) -> list[Any]:
    """What is known of the paragraph ``text``: its pieces (for a text of words or of
    characters, made when asked for); ``unit``, where every character is a piece of its
    own (most Chinese names), the width of each if all are as wide, else -1 (0: a text of
    other pieces); its ``natural``, ``snug`` and ``least`` widths (:class:`Measure`;
    ``least`` once measured); and for a text of words, where each word starts (and an
    id's joints)."""
    found = _ENTRIES.get(text)
    if found is None:
        found = _make_entry(text)
        if len(_ENTRIES) < _REMEMBERED[0]:
            if found[_PS] is not None:
                if found[_LEAST] is None:
                    _least(text, found)
                found[_PS] = _pack_chars(text, found[_PS]) or _pack(found[_PS])
            found[_KEY] = text
            _ENTRIES[text] = found
    return found


def kept(text: str) -> list[str]:
    """``text`` as a table holds it while it is laid out: its lines, each the very string its
    entry is remembered by (not a copy: a table of 100,000 figures would hold each text
    twice)."""
    out = []
    for line in text.split("\n") if "\n" in text else (text,):
        e = _ENTRIES.get(line)
        out.append(line if e is None or e[_KEY] is None else e[_KEY])
    return out


#: pieces as a remembered entry keeps them: the end, width and flag (how a line may break
#: before it, twice, and a space?) of each in one array; and where any piece has joints or
#: glued marks, those too (each such piece's place, how many, and where)
Packed: TypeAlias = "array[int] | tuple[array[int], array[int]]"


def _pack(ps: list[Piece]) -> Packed:
    """:data:`Packed` pieces. A table of 100,000 figures remembers every text's pieces while
    it is laid out: as tuples they took hundreds of MB, packed a tenth of that."""
    numbers: list[int] = []
    joined: list[int] = []
    for k, (_, end, width, brk, space, parts) in enumerate(ps):
        numbers += (end, width, 2 * brk + space)
        if parts:
            joined += (k, len(parts), *parts)
    # two bytes a number where each fits (a text shorter than 65,536 characters)
    code = "H" if not ps or (ps[-1][END] < 1 << 16 and max(numbers[1::3]) < 1 << 16) else "I"
    flat = array(code, numbers)
    return (flat, array(code, joined)) if joined else flat


def _unpack(packed: Packed) -> list[Piece]:
    """The pieces :func:`_pack` packed (each starts where the one before it ends)."""
    if isinstance(packed, tuple):
        flat, joined = packed
    else:
        flat, joined = packed, None
    ends = flat[0::3]
    flags = flat[2::3]
    parts: Any = repeat(())
    if joined:
        parts = [()] * len(ends)
        j = 0
        while j < len(joined):
            k, n = joined[j], joined[j + 1]
            parts[k] = tuple(joined[j + 2 : j + 2 + n])
            j += 2 + n
    return list(
        zip(
            chain((0,), ends),
            ends,
            flat[1::3],
            map(_BRKS.__getitem__, flags),
            map(_SPACES.__getitem__, flags),
            parts,
            strict=False,  # the starts: one more
        )
    )


# an entry: [pieces, unit, natural, snug, least, where its words start, an id's joints,
# and where remembered, the text it is remembered by]
_PS, _UNIT, _NATURAL, _SNUG, _LEAST, _WORDS, _JOINTS, _KEY = range(8)


def _forget() -> None:
    """Forget every text's pieces (tests, and :class:`remembering` at its end)."""
    _ENTRIES.clear()
    _UNPACKED[:] = [None, None, None, None]


class remembering:
    """Within it every text's pieces are remembered (a table of 10,000 rows measures and
    wraps each of its texts at several widths: a bounded memory of them would make each
    anew); after it, what it remembered beyond the usual bound is forgotten."""

    def __enter__(self) -> None:
        self.bound = _REMEMBERED[0]
        _REMEMBERED[0] = 1 << 62

    def __exit__(self, *exc: object) -> None:
        _REMEMBERED[0] = self.bound
        if len(_ENTRIES) > self.bound:
            _forget()


def _make_entry(text: str) -> list[Any]:
    if _only_characters(text):  # every character a piece of its own, a break allowed before each
        if _WIDE.issuperset(text):  # the usual Chinese name: every character two cells wide
            return [None, 2, 2 * len(text), 2, 2, None, (), None]
        widths = [_CHAR_CELLS.get(c) or cells(c) for c in text]
        _WIDE.update(c for c, w in zip(text, widths, strict=True) if w == 2)
        unit = widths[0] if widths[0] and widths.count(widths[0]) == len(widths) else -1
        # Rich's width of a text is its characters' but for joined emoji (U+200D, U+FE0F)
        natural = sum(widths) if "\u200d" not in text and "\ufe0f" not in text else cells(text)
        most = max(widths)
        return [None, unit, natural, most, most, None, (), None]
    words = _words(text)
    if words is not None:
        lens = list(map(len, words))
        least = snug = max(lens)
        cuts: tuple[int, ...] = ()
        if "_" in text or "-" in text:  # words joined by _ or - may be taken apart
            least = 0
            for word in words:
                n = len(word)
                if "_" in word or "-" in word:
                    cuts = joints(word, 0, n)
                    if cuts:
                        n = max(y - x for x, y in pairwise([0, *cuts, n]))
                if n > least:
                    least = n
            if len(words) > 1:
                cuts = ()  # kept for one word only (an id)
        starts = list(accumulate(map((1).__add__, lens), initial=0))
        return [None, 0, len(text), snug, least, starts, cuts, None]
    ps = _pieces(text)
    natural = sum(p[WIDTH] for p in ps) if text.isascii() or _additive(text) else cells(text)
    snug = max((p[WIDTH] for p in ps if not p[SPACE]), default=0)
    # least (words joined by _ or - taken apart) is found when measured: a footnote is only wrapped
    return [ps, 0, natural, snug, None, None, (), None]


def _least(text: str, e: list[Any]) -> int:
    """The width of the widest piece of ``text``, words joined by _ or - taken apart."""
    if e[_LEAST] is None:
        least = 0
        for start, end, width, _, space, parts in _pieces_of(text, e):
            if space:
                continue
            if parts:
                width = max(cells(text[x:y]) for x, y in pairwise([start, *parts, end]))
            if width > least:
                least = width
        e[_LEAST] = least
    return e[_LEAST]  # type: ignore[no-any-return]


def _additive(text: str) -> bool:
    """Is the width of ``text`` the sum of its characters' (as Rich measures: not where
    it has a control character, a joiner U+200D or an emoji's U+FE0F)?"""
    return text.isprintable() and "\ufe0f" not in text


def _words(text: str) -> list[str] | None:
    """The words of a text of ASCII words between single spaces (prose, ids: no digit, no
    month, no mark or operator standing alone), which :func:`_pieces` cuts into each word
    and each space, a break allowed before each but the first; None for any other text."""
    if not (text.isascii() and text.isprintable()) or not _DIGITS.isdisjoint(text):
        return None
    if not text or text[0] == " " or text[-1] == " " or "  " in text:
        return None
    words = text.split(" ")
    if not _ALONE.isdisjoint(words) or (not text.islower() and _month().search(text)):
        return None
    return words


def _word_pieces(text: str, starts: list[int]) -> list[Piece]:
    """:func:`_pieces` of a text of :func:`_words`, whose words start at ``starts``."""
    out: list[Piece] = []
    for a, b in pairwise(starts):
        end = b - 1
        word = text[a:end]
        parts = joints(text, a, end) if "_" in word or "-" in word else ()
        if a:
            out.append((a - 1, a, 1, 3, True, ()))
        out.append((a, end, end - a, 3 if a else 0, False, parts))
    return out


def _wrap_words(text: str, starts: list[int], width: int) -> list[tuple[int, int]]:
    """:func:`wrap` of a text of :func:`_words` none of which is wider than ``width``: as
    many words on each line as fit (a break at a space is always allowed)."""
    lines = []
    s, n = 0, len(starts) - 1
    while s < n:
        e = bisect_right(starts, starts[s] + width + 1, s + 1) - 1  # words s..e-1 fit
        lines.append((starts[s], starts[e] - 1))
        s = e
    return lines


def _wrap_word(text: str, cuts: tuple[int, ...], width: int) -> list[tuple[int, int]]:
    """:func:`wrap` of one ASCII word wider than ``width``: cut after its joiners, what is
    still too wide by characters, and as many of the parts on each line as fit. ``cuts``:
    after its joiners (:func:`joints`)."""
    parts = []
    for x, y in pairwise([0, *cuts, len(text)]):
        if y - x <= width:
            parts.append((x, y))
        else:
            parts += [(k, min(k + width, y)) for k in range(x, y, width)]
    lines = []
    start, used = 0, 0
    for x, y in parts:
        if used + y - x > width:
            lines.append((start, x))
            start, used = x, 0
        used += y - x
    lines.append((start, len(text)))
    return lines


_MONTH: list[Any] = []


def _month() -> Any:
    """A word starting with a month's name (compiled on first use)."""
    if not _MONTH:
        import re

        _MONTH.append(re.compile(rf"(?:^| )(?:{'|'.join(sorted(MONTHS))})"))
    return _MONTH[0]


_DIGITS = frozenset("0123456789")
#: a character that alone between spaces is a mark or an operator (glued to a neighbour)
_ALONE = OPERATORS | OPENING | CLOSING


def _pieces(text: str) -> list[Piece]:
    """The pieces of ``text`` by the general scanner (:func:`tokens`), whatever the text."""
    # glue a closing mark to what precedes it, an opening mark or an operator (and the
    # spaces after it) to what follows it
    merged: list[list[Any]] = []  # [start, end, space, parts]
    glue = False
    for start, end, kind in tokens(text):
        opener = closing = space = False
        parts: tuple[int, ...] = ()
        if kind == "char":
            c = text[start]
            if c in _MARKS:
                # a leading … (a shortened quote) stays with what follows it, as 「 does; a
                # straight quote " or ' opens where a word could start, else closes
                after_word = start > 0 and not text[start - 1].isspace() and text[start - 1] not in OPENING
                lead = c == ELLIPSIS and (not merged or all(x in OPENING for x in text[merged[-1][0] : merged[-1][1]]))
                straight = c in ("'", '"')
                opener = c in OPENING or c in OPERATORS or lead or (straight and not after_word)
                closing = (c in CLOSING and not lead) or (straight and after_word)
        elif kind == "space":
            space = True
        elif kind == "latin":
            parts = joints(text, start, end)
        if merged and (glue or (closing and not merged[-1][2])):
            last = merged[-1]
            last[1] = end
            last[2] = False
            last[3] = (*last[3], start, *parts)  # glued, but cut here before any run is
        else:
            merged.append([start, end, space, parts])
        glue = opener or (space and glue)
    out: list[Piece] = []
    narrow = text.isascii()
    known = _CHAR_CELLS.get
    before, after_space = -1, False  # where the previous piece starts, and is it a space?
    for start, end, space, parts in merged:
        if before < 0:
            brk = 0
        elif space or after_space or (text[start - 1] in CLOSING and _ends_clause(text, before, start)):
            brk = 3
        else:
            brk = 2
        if narrow:
            width = end - start
        elif end - start == 1:
            found = known(text[start])
            width = cells(text[start]) if found is None else found
        else:
            width = cells(text[start:end])
        out.append((start, end, width, brk, space, parts))
        before, after_space = start, space
    return out


#: the characters a line may not break before or after (or may, by where they stand)
_MARKS = OPENING | CLOSING | OPERATORS | {ELLIPSIS, "'", '"'}


def _only_characters(text: str) -> bool:
    """Is ``text`` only characters that :func:`tokens` reads one by one and :func:`_pieces`
    glues to nothing (most Chinese names: 石屯镇氢能从业人员)? None of them ASCII, Latin
    or white space, none a mark, an operator or where a run (number, qualifier) may start."""
    if not text or not vocab()["not_alone"].isdisjoint(text) or min(text) <= "\u024f":
        return False
    # white space beyond Latin is a separator, never printable; what else is not printable
    # (a joiner, a private character) is looked at one by one
    return text.isprintable() or not any(c.isspace() for c in text)


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
    return _wrap_entry(text, _entry(text), width)


def _wrap_entry(text: str, e: list[Any], width: int) -> list[tuple[int, int]]:
    """:func:`wrap` of ``text`` from its entry ``e``."""
    starts = e[_WORDS]
    if starts is not None:
        if e[_SNUG] <= width:
            return _wrap_words(text, starts, width)
        if len(starts) == 2:  # one word (an id): it is cut
            return _wrap_word(text, e[_JOINTS], max(width, 1))
    unit = e[_UNIT]
    if 0 < unit <= width:  # as many characters on each line as fit
        step = width // unit
        n = len(text)
        return [(k, min(k + step, n)) for k in range(0, n, step)]
    packed = e[_PS]
    if type(packed) is bytes and e[_SNUG] <= max(width, 1):  # no piece is cut: from the numbers
        starts, flags, sums, threes = _char_numbers(text, packed)
        starts.append(len(text))  # and where each piece ends: where the next starts
        found = []
        for a, b in _lines(list(map(_FLAG_PIECES.__getitem__, flags)), sums, threes, max(width, 1)):
            start, end = starts[a], starts[b]
            while end > start and text[end - 1].isspace():  # a glued operator's space, cut
                end -= 1
            found.append((start, end))
        return found or [(0, 0)]
    ps = _pieces_of(text, e)
    if unit:
        out = _fill(ps, width)
        if out is not None:
            return out
    if e[_SNUG] <= max(width, 1):  # no piece is cut
        _, sums, threes, _ = _prepared_of(text, e, ps)
        lines = _lines(ps, sums, threes, max(width, 1))
    else:
        ps, lines = line_ranges(text, ps, width)
    out = []
    for a, b in lines:
        start, end = ps[a][START], ps[b - 1][END]
        while end > start and text[end - 1].isspace():  # a glued operator's space, cut
            end -= 1
        out.append((start, end))
    return out or [(0, 0)]


def prepared(text: str) -> tuple[list[Piece], list[int], list[int], int]:
    """The pieces of the paragraph ``text``, the sums of their widths (``sums[k]``: of the
    pieces before k), which may be broken before after punctuation or at a space, and the
    widest piece of ink (for :func:`_lines`)."""
    return _prepared_of(text, _entry(text))


def _prepared_of(
    text: str, e: list[Any], ps: list[Piece] | None = None
) -> tuple[list[Piece], list[int], list[int], int]:
    """:func:`prepared` from the entry ``e`` (and its pieces ``ps``, where at hand)."""
    if ps is None:
        ps = _pieces_of(text, e)
    # made anew for each question, not kept: kept for every text of a table of 100,000
    # figures they cost more memory than their making costs time
    packed = e[_PS]
    if type(packed) is bytes:  # made with the pieces
        if _UNPACKED[0] is not packed:
            _pieces_of(text, e)
        return ps, _UNPACKED[2], _UNPACKED[3], e[_SNUG]
    if packed is not None and type(packed) is not list:  # from the packed numbers, at C speed
        flat = packed if type(packed) is array else packed[0]
        sums = list(accumulate(flat[1::3], initial=0))
        threes = [k for k, f in enumerate(flat[2::3]) if f >= 6]  # 2 * 3 (+ 1 for a space)
        return ps, sums, threes, e[_SNUG]
    sums = list(accumulate((p[WIDTH] for p in ps), initial=0))
    return ps, sums, [k for k, p in enumerate(ps) if p[BRK] == 3], e[_SNUG]


def _lines(
    ps: list[Piece],
    sums: list[int],
    threes: list[int],
    width: int,
    lo: int = 0,
    hi: int = -1,
    first: int = 0,
    last: int = 0,
    ink: bool = True,
) -> list[tuple[int, int]]:
    """:func:`line_ranges` where no piece is wider than the line (none is cut): the same
    lines, found by the sums of the pieces' widths (``sums``, ``threes``: :func:`prepared`),
    not piece by piece. Of the pieces ``lo`` to ``hi`` (the end when -1; both of ink), the
    first ``first`` cells wider and the last ``last`` cells wider (a shortened quote's …),
    as :func:`line_ranges` would lay out a list of those pieces, the first with no break
    before it. Where only the lines are counted (``ink`` false), a line may end with spaces."""
    prefer = _PREFER * width
    lines: list[tuple[int, int]] = []
    n = len(ps) if hi < 0 else hi
    i = lo
    while i < n:
        while i < n and ps[i][SPACE]:
            i += 1
        if i >= n:
            break
        start = i
        base = sums[i] + first if i > lo else sums[i]  # the sums are taken with the first widened
        # the first piece past the line: with the last piece widened, where the line reaches it
        k = bisect_right(sums, base + width - first, start + 1, n) - 1
        if k == n - 1 and sums[n] + first + last <= base + width:
            k = n
        while k < n and ps[k][SPACE]:  # spaces never overflow a line
            k += 1
        if k >= n:
            lines.append((start, last_ink(ps, start, n) + 1))
            break
        t = bisect_right(threes, k) - 1
        good = threes[t] if t >= 0 and threes[t] > start else -1
        plain = k
        while plain > start and not ps[plain][BRK]:
            plain -= 1
        if plain == start:
            plain = -1
        if good > 0 and (good == plain or _filled(ps, sums, good) + first - base >= prefer):
            end = good
        elif plain > 0:
            end = plain
        else:  # only the first piece may not be broken before: it fits, so this cannot happen
            end = start + 1
        lines.append((start, last_ink(ps, start, end) + 1 if ink else end))
        i = end
    return lines


def _filled(ps: list[Piece], sums: list[int], k: int) -> int:
    """The sum of the widths up to the last piece of ink before piece ``k``."""
    k -= 1
    while ps[k][SPACE]:
        k -= 1
    return sums[k + 1]


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
    return sum(len(wrap(line, width)) for line in text.split("\n"))


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
    if "\n" not in text:
        e = _entry(text)
        return Measure(_least(text, e), e[_SNUG], e[_NATURAL])
    least = snug = natural = 0
    for line in text.split("\n"):
        e = _entry(line)
        natural = max(natural, e[_NATURAL])
        snug = max(snug, e[_SNUG])
        least = max(least, _least(line, e))
    return Measure(least, snug, natural)

"""The runs of a text no line may break, found by small scanners (no regular expressions):

- a number with what belongs to it: its magnitude, 余/多, unit and a qualifier after it
  (``341.3亿元``, ``8.5%``, ``1.6个百分点``, ``5.6万余人``, ``85%以上``, ``1.6:48.5:49.9``,
  ``三百亿元``, ``第七``, ``两个``);
- a period, in every spelling ``periods.py`` writes (``2021-2025``, ``2022Q1``,
  ``2022M01-M10``, ``2022-06-30``, ``2022 Jan-Oct``, ``2022年一季度``, ``2022年1-10月``);
- a qualifier word (``突破``, ``有望``, ``预计``, ``以上``: the vocabularies of ``units.py``);
- a Latin word (letters and digits, with ``'`` or ``.`` inside: ``Jiexiu's``,
  ``gdp.2021.level``). Words joined by ``_`` or ``-`` (``growth_rate``, ``level-to-level``)
  break after a joiner only where the whole is wider than the column (:func:`joints`).

Also the marks that decide where a line may break around them (:data:`CLOSING`,
:data:`OPENING`, :data:`OPERATORS`). :mod:`jiexiu_cli.present.layout` makes pieces and lines of them.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

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


_NUMERALS = "〇零一二两三四五六七八九十百千万亿"


#: the months a period may name in English (a word starting with one is read by the scanners)
MONTHS = frozenset(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"))
_MONTHS = MONTHS


_AFTER_UNIT = ("以上", "以下", "以内", "左右")


#: units of time a period or a date may end in, beyond units.py's
_MORE_UNITS = ("月", "日", "号", "季度", "年末", "年底", "月末", "月底", "年度")


_VOCAB: dict[str, Any] = {}


def vocab() -> dict[str, Any]:
    """The vocabularies, gathered on first use (not at import), each word by its first
    character. Numbers and periods are read by small scanners below, not by regular
    expressions: compiling the patterns cost more than laying out a whole `show gdp` table."""
    if not _VOCAB:
        from jiexiu_cli.core.units import MODALS, ORDINAL_UNITS, QUALIFIERS_AFTER, QUALIFIERS_BEFORE, UNITS

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


def tokens(text: str) -> list[tuple[int, int, str]]:
    """``text`` cut into spaces, unbreakable runs (kind number, period, latin, qualifier)
    and single characters ("char"), in order, covering every character.

    A run of ASCII letters and marks between spaces (prose, an id) is one run; only one
    with a digit, a month or anything beyond ASCII is read character by character."""
    words = vocab()
    starts = words["starts"]
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
            if c in starts or ("\u00c0" <= c <= "\u024f" and c not in "×÷"):  # a Latin letter
                end, kind = _run_at(text, i, words)
                if end > i:
                    out.append((i, end, kind))
                    i = end
                    continue
            elif c.isspace():  # a tab, an ideographic space
                i = _spaces(text, i, j, out)
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
    return [t for t in tokens(text) if t[2] not in ("space", "char")]


def unbreakable(text: str) -> list[str]:
    """The runs of ``text`` no line may break: numbers with their units, periods,
    qualifier words and Latin words (words joined by _ or - count one by one)."""
    return [text[a:b] for a, b in unbreakable_spans(text)]


def unbreakable_spans(text: str) -> list[tuple[int, int]]:
    """Where :func:`unbreakable`'s runs are in ``text``: (start, end)."""
    out = []
    for a, b, kind in runs(text):
        if kind == "latin":
            cuts = [a, *joints(text, a, b), b]
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


def joints(text: str, start: int, end: int) -> tuple[int, ...]:
    """Where words joined by _ or - may break when the whole is too wide: after each joiner."""
    if end - start < 3 or text[start] in ("_", "-"):
        return ()
    out = []
    for joiner in ("_", "-"):
        k = text.find(joiner, start + 1, end - 1)
        while k >= 0:
            if text[k + 1] not in "_-":
                out.append(k + 1)
            k = text.find(joiner, k + 1, end - 1)
    if len(out) > 1 and "_" in text[start:end] and "-" in text[start:end]:
        out.sort()
    return tuple(out)

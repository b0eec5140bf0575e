"""Periods: the span of time a figure speaks of. This module alone parses and validates
period text, and everything imports periods from here; the record itself (its order,
arithmetic and spellings) and its constructors are ``period_span.py``. Everything else
holds a period as its canonical text.

Canonical spellings (what the fact base stores and every output prints):

==============  ===============================================  ====================
spelling        what it is                                       Chinese
==============  ===============================================  ====================
``2021``        a year                                           2021年, 2021年全年
``2021-2025``   a run of whole years (the second year later)     2021-2025年, 十四五
``2022Q1``      a quarter (Q1-Q4)                                2022年一季度, 首季
``2022H1``      a half (H1, H2)                                  2022年上半年
``2022M03``     a month                                          2022年3月
``2022M01-M10`` a run of months within one year, cumulative      2022年1-10月, 前三季度
``2022-06-30``  a point in time (a stock at a date)              截至2022年6月底, 2021年末
==============  ===============================================  ====================

A run of months that is a quarter, a half or a whole year is written as one
(``2022M01-M03`` is ``2022Q1``), so each span has exactly one spelling.

:func:`parse` also reads what a Chinese reader types (``2022年一季度``, ``2022年1-10月``,
``十四五``, full-width digits ``２０２１``); :func:`parse_canonical` reads only the table's
spellings (the fact base), naming the canonical one when it is given another.

Ordering (:meth:`Period.key`): by start, then by length (2021, then 2021-2025, then
2021-12-31). Growth "同比" compares a span with the same span a year earlier
(:meth:`Period.shifted`); only spans of one length compare (:meth:`Period.same_length`).

Why not a library: JioNLP's ``parse_time`` (tried on 15 phrases; slow to import: CHANGELOG)
reads 一季度, 上半年 and 前三季度 right, but 首季 and 1-10月 as the whole year, 2021年末
as November-December, 截至6月底 as 25-30 June, ２０２１年 as the year 21, and does
not know 十四五.
"""

from __future__ import annotations

import re
from typing import Any

from jiexiu_cli.core.period_span import (
    KINDS,
    LAST_YEAR,
    Period,
    PeriodError,
    half,
    months,
    plan,
    point,
    quarter,
    year,
    years,
)

# the record and its constructors (period_span.py) are read from here, beside the parsers
__all__ = [
    "GRAMMAR",
    "KINDS",
    "Period",
    "PeriodError",
    "canonical",
    "half",
    "is_canonical",
    "key",
    "months",
    "parse",
    "parse_canonical",
    "plan",
    "point",
    "quarter",
    "year",
    "years",
]

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "首": 1}
#: the Nth Five-Year Plan starts in 1966 + 5 (N - 3): 十三五 2016-2020, 十四五 2021-2025
_PLAN_ORDINALS = {"十一": 11, "十二": 12, "十三": 13, "十四": 14, "十五": 15, "十六": 16}

# ---------------------------------------------------------------- parsing

_CACHE: dict[tuple[str, int | None], Period] = {}
_COMPILED: list[tuple[re.Pattern[str], str]] = []

_CANONICAL = (
    r"(?P<y>\d{4})"
    r"(?:-(?P<y2>\d{4})"
    r"|Q(?P<q>\d)"
    r"|H(?P<h>\d)"
    r"|M(?P<m1>\d{2})(?:-(?:(?P<my2>\d{4})M|M)(?P<m2>\d{2}))?"
    r"|-(?P<pm>\d{2})-(?P<pd>\d{2})"
    r")?"
)
_NUM = r"(?:\d{1,2}|[一二两三四五六七八九十]{1,3})"
_DASH = r"\s*(?:-|—|–|~|～|至|到)\s*"
_YEAR_ZH = r"(?P<y>\d{4})\s*年?"


def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """Chinese phrases, tried in order after the canonical spellings (compiled on first use)."""
    rules = [
        (rf"(?P<y>\d{{4}}){_DASH}(?P<y2>\d{{4}})\s*年?(?:期间|时期)?", "years"),
        (r"(?P<y>\d{4})\s*年?\s*(?:全年|年度)?", "year"),
        (rf"{_YEAR_ZH}\s*(?:第\s*)?(?P<q>[1-4一二三四首])\s*季度?", "quarter"),
        (rf"{_YEAR_ZH}\s*(?:q|Q)(?P<q>[1-4])", "quarter"),
        (rf"{_YEAR_ZH}\s*(?P<h>[上下])半年", "half"),
        (rf"{_YEAR_ZH}\s*前\s*(?P<n>[1-3一二两三])\s*(?:个)?季度", "first-quarters"),
        (rf"{_YEAR_ZH}\s*(?:前\s*(?P<nm>{_NUM})\s*(?:个)?月)", "first-months"),
        (rf"{_YEAR_ZH}\s*(?P<m1>{_NUM}){_DASH}(?P<m2>{_NUM})\s*月(?:份)?", "months"),
        (rf"{_YEAR_ZH}\s*(?P<m1>{_NUM})\s*月(?:份)?", "month"),
        (rf"(?:截至|截止|截止到|到)?\s*{_YEAR_ZH}\s*(?:年)?(?:末|底)", "year-end"),
        (
            rf"(?:截至|截止|截止到|到)?\s*{_YEAR_ZH}\s*(?P<m1>{_NUM})\s*月\s*(?:(?P<d>{_NUM})\s*[日号]|底|末)",
            "point",
        ),
        (r"[“\"「]?十(?P<plan>[一二三四五六])五[”\"」]?(?:规划)?(?:期间|时期)?", "plan"),
    ]
    return [(re.compile(p), kind) for p, kind in rules]


def parse(text: str, year_hint: int | None = None) -> Period:
    """A period from its canonical spelling or from Chinese (2022年一季度, 十四五, ２０２１).

    ``year_hint`` is the year for a phrase that names none (一季度, 上半年, 1-10月, 年末):
    extract passes the document's year; without it such a phrase is an error.
    Raises :class:`PeriodError` with a one-line reason.
    """
    cached = _CACHE.get((text, year_hint))
    if cached is not None:
        return cached
    found = _parse(text, year_hint)
    if len(_CACHE) < 4096:
        _CACHE[(text, year_hint)] = found
    return found


def parse_canonical(text: str) -> Period:
    """Only the canonical spellings (the fact base's): another spelling of a period is an
    error that names the canonical one."""
    p = _canonical(text)
    if p is not None:
        if str(p) != text:
            raise PeriodError(f"write the period {text!r} as {str(p)!r}")
        return p
    try:
        p = parse(text)
    except PeriodError:
        raise PeriodError(f"not a period: {text!r} ({GRAMMAR})") from None
    raise PeriodError(f"write the period {text!r} as {str(p)!r}")


def canonical(text: str, year_hint: int | None = None) -> str:
    """The canonical spelling of what :func:`parse` reads."""
    return str(parse(text, year_hint))


def key(text: str) -> tuple[int, int, int]:
    """The order of a canonical period text (start, then length); unparsable text last."""
    try:
        return parse(text).key()
    except PeriodError:
        return (LAST_YEAR + 1) * 12, 0, 0


GRAMMAR = "a year 2021, years 2021-2025, a quarter 2022Q1, a half 2022H1, months 2022M01-M10, a day 2022-06-30"


def _parse(text: str, year_hint: int | None) -> Period:
    if not isinstance(text, str):
        raise PeriodError(f"not a period: {text!r}")
    raw = text
    text = text.strip()
    if not text.isascii():
        import unicodedata

        text = unicodedata.normalize("NFKC", text)  # ２０２１ -> 2021, full-width Ｑ -> Q
    if not text:
        raise PeriodError("empty period")
    if len(text) > 40:
        raise PeriodError(f"not a period: {_short(raw)}")
    p = _canonical(text.upper() if text.isascii() else text)
    if p is not None:
        return p
    if not _COMPILED:
        _COMPILED.extend(_patterns())
    hinted = text
    if year_hint is not None and not re.match(r"\s*(?:截至|截止|截止到|到)?\s*\d{4}", text):
        prefix = re.match(r"\s*(?:截至|截止|截止到|到)", text)
        cut = prefix.end() if prefix else 0
        hinted = f"{text[:cut]}{year_hint}年{text[cut:]}"
    for candidate in dict.fromkeys((text, hinted)):
        for pattern, kind in _COMPILED:
            m = pattern.fullmatch(candidate)
            if m:
                return _build(kind, m)
    if year_hint is None and re.search(r"季|半年|月|年末|年底", text) and not re.search(r"\d{4}", text):
        raise PeriodError(f"{_short(raw)} names no year: write it with one, e.g. 2022年一季度")
    raise PeriodError(f"not a period: {_short(raw)} ({GRAMMAR}, or 2022年一季度, 十四五)")


def is_canonical(text: str) -> bool:
    """Whether ``text`` is a period in its canonical spelling (never reads Chinese, so it is
    cheap for text that is not a period at all: search asks it of every term)."""
    if not (text[:4].isdigit() and text.isascii()):  # every canonical spelling starts with an ASCII year
        return False
    try:
        p = _canonical(text)
    except PeriodError:
        return False
    return p is not None and str(p) == text


def _canonical(text: str) -> Period | None:
    """The canonical spellings, read by hand where they are a year, a run of years, a
    quarter or a half (no regular expression to compile for the commonest periods), else
    by ``_CANONICAL``; the two agree (tests/core/test_periods.py)."""
    n = len(text)
    if n in (4, 6, 9) and text.isascii() and text[:4].isdigit():
        y = int(text[:4])
        if n == 4:
            return year(y)
        if n == 6 and text[4] in "QH" and text[5].isdigit():
            return quarter(y, int(text[5])) if text[4] == "Q" else half(y, int(text[5]))
        if n == 9 and text[4] == "-" and text[5:].isdigit():
            return years(y, int(text[5:]))
    return _canonical_pattern(text)


def _canonical_pattern(text: str) -> Period | None:
    m = re.fullmatch(_CANONICAL, text)
    if m is None:
        return None
    y = int(m["y"])
    if m["y2"]:
        return years(y, int(m["y2"]))
    if m["q"]:
        return quarter(y, int(m["q"]))
    if m["h"]:
        return half(y, int(m["h"]))
    if m["m1"]:
        m1 = int(m["m1"])
        if not m["m2"]:
            return months(y, m1, m1)
        y2 = int(m["my2"]) if m["my2"] else y
        m2 = int(m["m2"])
        if y2 == y:
            return months(y, m1, m2)
        for m_ in (m1, m2):
            if not 1 <= m_ <= 12:
                raise PeriodError(f"a month is 1 to 12, got {m_}")
        return Period(y * 12 + m1 - 1, y2 * 12 + m2 - 1)
    if m["pm"]:
        return point(y, int(m["pm"]), int(m["pd"]))
    return year(y)


def _number(text: str) -> int:
    text = text.strip()
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if len(text) >= 2 and text[1] == "十":
        return 10 * _CN_DIGITS[text[0]] + (_CN_DIGITS[text[2]] if len(text) > 2 else 0)
    if len(text) == 1 and text in _CN_DIGITS:
        return _CN_DIGITS[text]
    raise PeriodError(f"not a number: {text!r}")


def _build(kind: str, m: re.Match[str]) -> Period:
    groups: dict[str, Any] = m.groupdict()
    y = int(groups["y"]) if groups.get("y") else 0
    if kind == "years":
        return years(y, int(groups["y2"]))
    if kind == "year":
        return year(y)
    if kind == "quarter":
        return quarter(y, _number(groups["q"]))
    if kind == "half":
        return half(y, 1 if groups["h"] == "上" else 2)
    if kind == "first-quarters":
        return months(y, 1, 3 * _number(groups["n"]))
    if kind == "first-months":
        return months(y, 1, _number(groups["nm"]))
    if kind == "months":
        return months(y, _number(groups["m1"]), _number(groups["m2"]))
    if kind == "month":
        n = _number(groups["m1"])
        return months(y, n, n)
    if kind == "year-end":
        return point(y, 12, 31)
    if kind == "point":
        return point(y, _number(groups["m1"]), _number(groups["d"]) if groups.get("d") else None)
    if kind == "plan":
        return plan(_PLAN_ORDINALS["十" + groups["plan"]])
    raise AssertionError(kind)


def _short(text: str) -> str:
    shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    return repr(shown if len(shown) <= 40 else shown[:40] + "…")

"""Periods: the span of time a figure speaks of. This module alone parses, validates, orders
and prints them; everything else holds a period as its canonical text.

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

from jiexiu_cli.core.model import Record

_set = object.__setattr__

KINDS = ("year", "years", "quarter", "half", "months", "point")

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "首": 1}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: the Nth Five-Year Plan starts in 1966 + 5 (N - 3): 十三五 2016-2020, 十四五 2021-2025
_PLAN_ORDINALS = {"十一": 11, "十二": 12, "十三": 13, "十四": 14, "十五": 15, "十六": 16}
_FIRST_YEAR, _LAST_YEAR = 1000, 2999


class PeriodError(ValueError):
    """Text that is not a period; the message says why, in one line."""


class Period(Record):
    """A span of whole months (``first``/``last`` as year*12 + month - 1) or a point in time
    (``first`` == ``last`` and ``day`` set). Build with :func:`parse` or the constructors."""

    _fields = ("first", "last", "day")
    __slots__ = _fields
    #: the first month of the span, as year * 12 + (month - 1)
    first: int
    #: the last month of the span (inclusive), same numbering
    last: int
    #: for a point in time, its day of the month; None for a span
    day: int | None

    def __init__(self, first: int, last: int, day: int | None = None) -> None:
        if last < first:
            raise PeriodError("a period cannot end before it starts")
        if day is not None and (first != last or not 1 <= day <= _days_in(first)):
            raise PeriodError("a point in time is one day of one month")
        if not _FIRST_YEAR * 12 <= first <= last < (_LAST_YEAR + 1) * 12:
            raise PeriodError(f"years run from {_FIRST_YEAR} to {_LAST_YEAR}")
        _set(self, "first", first)
        _set(self, "last", last)
        _set(self, "day", day)

    # -- what it is

    @property
    def is_point(self) -> bool:
        return self.day is not None

    @property
    def months(self) -> int:
        """Its length in months (0 for a point in time)."""
        return 0 if self.day is not None else self.last - self.first + 1

    @property
    def kind(self) -> str:
        """year, years, quarter, half, months or point."""
        if self.day is not None:
            return "point"
        y1, m1 = divmod(self.first, 12)
        y2, m2 = divmod(self.last, 12)
        if m1 == 0 and m2 == 11:
            return "year" if y1 == y2 else "years"
        if y1 != y2:
            return "months"
        n = m2 - m1 + 1
        if n == 3 and m1 % 3 == 0:
            return "quarter"
        if n == 6 and m1 % 6 == 0:
            return "half"
        return "months"

    @property
    def start(self) -> tuple[int, int, int]:
        """(year, month, day) of its first day."""
        y, m = divmod(self.first, 12)
        return y, m + 1, self.day or 1

    @property
    def end(self) -> tuple[int, int, int]:
        """(year, month, day) of its last day."""
        y, m = divmod(self.last, 12)
        return y, m + 1, self.day or _days_in(self.last)

    @property
    def years(self) -> tuple[int, int]:
        """The first and last calendar year it touches."""
        return self.first // 12, self.last // 12

    def iso(self) -> tuple[str, str]:
        """Its first and last day as ISO dates: 2022Q1 is ('2022-01-01', '2022-03-31')."""
        return "{:04d}-{:02d}-{:02d}".format(*self.start), "{:04d}-{:02d}-{:02d}".format(*self.end)

    def contains(self, other: Period) -> bool:
        """Whether ``other`` lies within this span (2021 within 2021-2025, 2022Q1 within 2022);
        a point in time contains only itself."""
        if self.day is not None:
            return other == self
        return self.first <= other.first and other.last <= self.last

    def length_words(self) -> str:
        """Its length in words, for saying why two spans do not compare: a quarter, a
        half-year, a year, 5 years, 10 months, a month, a point in time."""
        kind = self.kind
        if kind == "point":
            return "a point in time"
        if kind in ("quarter", "year"):
            return f"a {kind}"
        if kind == "half":
            return "a half-year"
        n = self.months
        if kind == "years":
            return f"{n // 12} years"
        return "a month" if n == 1 else f"{n} months"

    def key(self) -> tuple[int, int, int]:
        """Order: by start, then by length (a point counts as shortest)."""
        return self.first, self.day or 1, self.months

    def shifted(self, years: int) -> Period:
        """The same span ``years`` later (negative: earlier): the base of a 同比 growth rate."""
        day = self.day
        if day is not None:  # 2024-02-29 a year earlier is 2023-02-28
            day = min(day, _days_in(self.first + 12 * years))
        return Period(self.first + 12 * years, self.last + 12 * years, day)

    def same_length(self, other: Period) -> bool:
        """Spans of equal length, or two points: what multiples and CAGRs may compare."""
        return self.is_point == other.is_point and self.months == other.months

    def years_between(self, later: Period) -> int | None:
        """Whole years from this period's end to ``later``'s end, or None when not whole."""
        months = later.last - self.last
        if months % 12 or (self.day is not None and later.day != self.day):
            return None
        return months // 12

    # -- how it is written

    def __str__(self) -> str:
        y1, m1 = divmod(self.first, 12)
        y2, m2 = divmod(self.last, 12)
        kind = self.kind
        if kind == "point":
            return f"{y1:04d}-{m1 + 1:02d}-{self.day:02d}"
        if kind == "year":
            return f"{y1:04d}"
        if kind == "years":
            return f"{y1:04d}-{y2:04d}"
        if kind == "quarter":
            return f"{y1:04d}Q{m1 // 3 + 1}"
        if kind == "half":
            return f"{y1:04d}H{m1 // 6 + 1}"
        if y1 != y2:  # months across a year's end: no single-year spelling
            return f"{y1:04d}M{m1 + 1:02d}-{y2:04d}M{m2 + 1:02d}"
        if m1 == m2:
            return f"{y1:04d}M{m1 + 1:02d}"
        return f"{y1:04d}M{m1 + 1:02d}-M{m2 + 1:02d}"

    def label(self) -> str:
        """A label no reader takes for another span: 2021, 2021-2025, 2022 Q1, 2022 H1,
        2022 Jan-Oct, 2022 Mar, 2021-12-31."""
        y1, m1 = divmod(self.first, 12)
        y2, m2 = divmod(self.last, 12)
        kind = self.kind
        if kind == "quarter":
            return f"{y1} Q{m1 // 3 + 1}"
        if kind == "half":
            return f"{y1} H{m1 // 6 + 1}"
        if kind == "months":
            if y1 != y2:
                return f"{_MONTHS_EN[m1]} {y1}-{_MONTHS_EN[m2]} {y2}"
            return f"{y1} {_MONTHS_EN[m1]}" + (f"-{_MONTHS_EN[m2]}" if m2 != m1 else "")
        return str(self)

    def label_zh(self) -> str:
        """The Chinese words for it: 2022年一季度, 2022年上半年, 2022年1-10月, 2021年末."""
        y1, m1 = divmod(self.first, 12)
        y2, m2 = divmod(self.last, 12)
        kind = self.kind
        if kind == "point":
            if m1 == 11 and self.day == 31:
                return f"{y1}年末"
            if self.day == _days_in(self.first):
                return f"{y1}年{m1 + 1}月末"
            return f"{y1}年{m1 + 1}月{self.day}日"
        if kind == "year":
            return f"{y1}年"
        if kind == "years":
            return f"{y1}-{y2}年"
        if kind == "quarter":
            return f"{y1}年{'一二三四'[m1 // 3]}季度"
        if kind == "half":
            return f"{y1}年{'上下'[m1 // 6]}半年"
        if y1 != y2:
            return f"{y1}年{m1 + 1}月-{y2}年{m2 + 1}月"
        if m1 == m2:
            return f"{y1}年{m1 + 1}月"
        return f"{y1}年{m1 + 1}-{m2 + 1}月"


# ---------------------------------------------------------------- constructors


def year(y: int) -> Period:
    return Period(y * 12, y * 12 + 11)


def years(first: int, last: int) -> Period:
    if last <= first:
        raise PeriodError(f"a run of years ends after it starts: {first}-{last}")
    return Period(first * 12, last * 12 + 11)


def quarter(y: int, q: int) -> Period:
    if not 1 <= q <= 4:
        raise PeriodError(f"a quarter is Q1 to Q4, got Q{q}")
    return Period(y * 12 + 3 * (q - 1), y * 12 + 3 * q - 1)


def half(y: int, h: int) -> Period:
    if h not in (1, 2):
        raise PeriodError(f"a half is H1 or H2, got H{h}")
    return Period(y * 12 + 6 * (h - 1), y * 12 + 6 * h - 1)


def months(y: int, first: int, last: int) -> Period:
    """Months ``first`` to ``last`` (1-12) of year ``y``."""
    for m in (first, last):
        if not 1 <= m <= 12:
            raise PeriodError(f"a month is 1 to 12, got {m}")
    if last < first:
        raise PeriodError(f"a run of months ends after it starts: {first}-{last}")
    return Period(y * 12 + first - 1, y * 12 + last - 1)


def point(y: int, m: int, d: int | None = None) -> Period:
    """A day (``d`` None: the month's last day, as 月底/月末)."""
    if not 1 <= m <= 12:
        raise PeriodError(f"a month is 1 to 12, got {m}")
    n = y * 12 + m - 1
    day = _days_in(n) if d is None else d
    if not 1 <= day <= _days_in(n):
        raise PeriodError(f"{y}-{m:02d} has no day {day}")
    return Period(n, n, day)


def plan(ordinal: int) -> Period:
    """The Nth Five-Year Plan (十四五 is 14: 2021-2025)."""
    first = 1966 + 5 * (ordinal - 3)
    return years(first, first + 4)


def _days_in(month_number: int) -> int:
    y, m = divmod(month_number, 12)
    if m == 1 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0):
        return 29
    return _MONTH_DAYS[m]


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
        return (_LAST_YEAR + 1) * 12, 0, 0


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

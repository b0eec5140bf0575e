"""The Period record: a span of whole months or a day, its arithmetic (order, length,
shifted by a year, containment) and its spellings (canonical, Chinese, English), and the
constructors that check their arguments. Reading a period from text is :mod:`periods`
(``jiexiu_cli.core.periods``), which every other module imports these names from.
"""

from __future__ import annotations

from jiexiu_cli.core.record import Record

_set = object.__setattr__

KINDS = ("year", "years", "quarter", "half", "months", "point")

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FIRST_YEAR, LAST_YEAR = 1000, 2999


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
        if not FIRST_YEAR * 12 <= first <= last < (LAST_YEAR + 1) * 12:
            raise PeriodError(f"years run from {FIRST_YEAR} to {LAST_YEAR}")
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

"""A printed figure read as the interval of values it allows.

The rules (README, "How figures become intervals"):

* exact, estimate, expected, target: the printed precision. ``341.3`` -> [341.25, 341.35],
  ``432`` -> [431.5, 432.5]; a fraction ``1/3`` is exactly 1/3, as numbers in words (两个, 第四,
  翻了一番) and whole counts of things counted one by one (5所, 26条; but 3万户 is ± 0.5万户).
* over (超, 超过, 突破, 跨过, 迈过): (v, +inf).  at_least (以上, 不低于): [v, +inf).
* under (不到, 不足): (-inf, v).  at_most (以下, 以内, 不超过, 前十, 500强): [lowest, v], ranks
  from 1. 以上, 以下 and 以内 include the number itself, as Chinese law and statistics read
  them (民法典 第一千二百五十九条); 不到, 不足 and 超过 do not.
* over_about (余, 多): "v and some more, less than the next step of the last printed digit":
  ``420余`` -> (420, 430), ``3000多`` -> (3000, 4000), ``5.6万余`` -> (5.6, 5.7).
* about: 近 ("nearly") -> [0.9 v, v); 约, 左右 and the rest -> [0.95 v, 1.05 v].
* a fraction is its exact value (1/3, never 0.3333): :func:`exact_bounds`.

Arithmetic on intervals is Decimal; bounds may be infinite.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext

from jiexiu_cli.core.model import Figure
from jiexiu_cli.core.numbers import decimal_places, plain, printed_fraction, to_base
from jiexiu_cli.core.units import COUNT_UNITS

INF = Decimal("Infinity")


@dataclass(frozen=True, slots=True)
class Interval:
    lo: Decimal
    hi: Decimal
    lo_open: bool = False
    hi_open: bool = False

    def __str__(self) -> str:
        left = "(" if self.lo_open or self.lo.is_infinite() else "["
        right = ")" if self.hi_open or self.hi.is_infinite() else "]"
        lo = "-inf" if self.lo.is_infinite() else plain(self.lo)
        hi = "+inf" if self.hi.is_infinite() else plain(self.hi)
        return f"{left}{lo}, {hi}{right}"

    def scaled(self, factor: Decimal) -> Interval:
        return Interval(self.lo * factor, self.hi * factor, self.lo_open, self.hi_open)

    def contains(self, x: Decimal) -> bool:
        above = x > self.lo or (x == self.lo and not self.lo_open)
        below = x < self.hi or (x == self.hi and not self.hi_open)
        return above and below

    def overlaps(self, other: Interval) -> bool:
        if self.hi < other.lo or other.hi < self.lo:
            return False
        if self.hi == other.lo:
            return not (self.hi_open or other.lo_open)
        if other.hi == self.lo:
            return not (other.hi_open or self.lo_open)
        return True

    def shifted(self, amount: Decimal) -> Interval:
        return Interval(self.lo + amount, self.hi + amount, self.lo_open, self.hi_open)

    def within(self, other: Interval) -> bool:
        """Is every value of this interval a value of ``other``?"""
        lo_ok = self.lo > other.lo or (self.lo == other.lo and (self.lo_open or not other.lo_open))
        hi_ok = self.hi < other.hi or (self.hi == other.hi and (self.hi_open or not other.hi_open))
        return lo_ok and hi_ok

    def outward(self, places: int) -> Interval:
        """Rounded to ``places`` decimals so that the rounded interval still holds this one."""
        q = Decimal(1).scaleb(-places)

        def down(x: Decimal) -> Decimal:
            return x if x.is_infinite() else x.quantize(q, rounding=ROUND_FLOOR)

        def up(x: Decimal) -> Decimal:
            return x if x.is_infinite() else x.quantize(q, rounding=ROUND_CEILING)

        lo, hi = down(self.lo), up(self.hi)
        return Interval(lo, hi, self.lo_open and lo == self.lo, self.hi_open and hi == self.hi)


def _step(value: Decimal) -> Decimal:
    """One unit of the last printed digit: 341.3 -> 0.1, 432 -> 1, 3000 -> 1000 for 余/多."""
    return Decimal(1).scaleb(-decimal_places(value))


def _last_digit_step(value: Decimal) -> Decimal:
    """The step of the last non-zero printed digit: 3000 -> 1000, 420 -> 10, 5.6 -> 0.1."""
    places = decimal_places(value)
    if places:
        return Decimal(1).scaleb(-places)
    digits = plain(abs(value))
    trailing = len(digits) - len(digits.rstrip("0"))
    return Decimal(10) ** trailing if digits != "0" else Decimal(1)


def _whole_count(f: Figure) -> bool:
    """A whole number of things counted one by one (5所, 26条; not 3万户, not 9亿元)."""
    return f.unit in COUNT_UNITS and decimal_places(f.value) == 0 and f.kind not in ("growth_rate", "share", "rate")


def exact_bounds(f: Figure) -> tuple[Decimal, Decimal]:
    """The figure's number as printed, as the least interval of Decimals that holds it: (v, v)
    for a decimal, and for a fraction (1/3, 三分之一) its value to 28 digits rounded down and
    up, so that 1/3 is exactly 1/3 in every computation (never its 0.3333 rounding)."""
    fraction = printed_fraction(f.printed)
    if fraction is None:
        return f.value, f.value
    numerator, denominator = fraction
    with localcontext() as ctx:
        ctx.prec = 28
        ctx.rounding = ROUND_FLOOR
        lo = Decimal(numerator) / Decimal(denominator)
        ctx.rounding = ROUND_CEILING
        hi = Decimal(numerator) / Decimal(denominator)
    return lo, hi


def _more_than(f: Figure) -> bool:
    """余/多: over_about, and 'about' with 余/多 as fact bases wrote it before over_about."""
    words = (f.qualifier_zh or "").split()
    return f.qualifier == "over_about" or (f.qualifier == "about" and any(w in ("余", "多", "餘") for w in words))


def interval_of(f: Figure) -> Interval:
    """The values a figure allows, in its printed unit."""
    v = f.value
    lo, hi = exact_bounds(f)
    if f.printed is not None and not f.printed.replace(".", "").replace("-", "").isdigit():
        half = Decimal(0)  # Chinese numerals, fractions, 翻一番: exact as words
    elif _whole_count(f):
        half = Decimal(0)  # 5所: a count of whole things allows no other whole number
    else:
        half = _step(v) / 2
    words = f.qualifier_zh or ""
    q = f.qualifier
    if q == "over":
        return Interval(lo, INF, lo_open=True)
    if q == "at_least":
        return Interval(lo, INF)
    if q == "under":
        return Interval(-INF, hi, hi_open=True)
    if q == "at_most":
        return Interval(Decimal(1) if f.kind == "rank" else Decimal(0), hi)
    if _more_than(f):
        return Interval(lo, hi + _last_digit_step(v), lo_open=True, hi_open=True)
    if q == "about":
        if "近" in words:
            return Interval(lo * Decimal("0.9"), hi, hi_open=True)
        return Interval(lo * Decimal("0.95"), hi * Decimal("1.05"))
    return Interval(lo - half, hi + half)


def rule_of(f: Figure) -> str:
    """Which rule of the module docstring made ``interval_of(f)``, in a few words."""
    words = f.qualifier_zh or ""
    q = f.qualifier
    if q in ("over", "at_least", "under", "at_most"):
        return f"{words or q}: {q.replace('_', ' ')}"
    if _more_than(f):
        return f"{words or q}: more than the number, less than the next step of its last digit"
    if q == "about":
        if "近" in words:
            return "近: nearly, within 10% below"
        return f"{words or 'about'}: within 5% either way"
    if printed_fraction(f.printed) is not None:
        return f"the fraction {f.printed}: exact"
    if f.printed is not None and not f.printed.replace(".", "").replace("-", "").isdigit():
        return "a number in words: read exactly"
    if _whole_count(f):
        return "a whole count: exact"
    return "printed precision: ± half the last digit"


def add(a: Interval, b: Interval) -> Interval:
    """a + b."""
    return Interval(a.lo + b.lo, a.hi + b.hi, a.lo_open or b.lo_open, a.hi_open or b.hi_open)


def base_interval(f: Figure) -> Interval:
    """The interval in the figure's base unit (亿元 -> 元)."""
    factor = to_base(Decimal(1), f.unit)[0]
    return interval_of(f).scaled(factor)


def divide(a: Interval, b: Interval) -> Interval:
    """a / b for intervals of positive numbers."""
    if b.lo <= 0:
        raise ValueError("divisor interval must be positive")
    with localcontext() as ctx:
        ctx.prec = 28
        lo = a.lo / b.hi if not b.hi.is_infinite() else Decimal(0)
        hi = a.hi / b.lo if not a.hi.is_infinite() else INF
    return Interval(lo, hi, a.lo_open or b.hi_open, a.hi_open or b.lo_open)


def subtract(a: Interval, b: Interval) -> Interval:
    """a - b."""
    return Interval(a.lo - b.hi, a.hi - b.lo, a.lo_open or b.hi_open, a.hi_open or b.lo_open)


def nth_root_growth(multiple: Decimal, years: int) -> Decimal:
    """Compound annual growth rate for a multiple over ``years``: multiple^(1/years) - 1."""
    if multiple.is_infinite():
        return INF
    if multiple <= 0:
        raise ValueError("a multiple must be positive for a growth rate")
    with localcontext() as ctx:
        ctx.prec = 28
        return multiple ** (Decimal(1) / Decimal(years)) - 1


def cagr_interval(m: Interval, years: int) -> Interval:
    lo = nth_root_growth(m.lo, years) if m.lo > 0 else Decimal(-1)
    return Interval(lo, nth_root_growth(m.hi, years), m.lo_open, m.hi_open)

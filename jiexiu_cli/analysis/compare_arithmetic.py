"""The arithmetic of one pair of figures (see ``compare`` for which pairs there are).

Levels, counts and totals compare by a multiple (to / from) and their change; a level
against a later one of an equal span adds the CAGR over the years between them; a year
against the run of years whose total is the sum of its years adds its share of that total,
and one against a run whose figure is not such a sum a plain ratio. Shares, rates, growth
rates and ranks compare by their difference (points, places).

Every computed number is Decimal, carries the qualifiers of its inputs as an interval
(突破40亿元 over 28.06亿元 is a multiple of > 1.426), and comes with its formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from jiexiu_cli.core.intervals import (
    Interval,
    base_interval,
    cagr_interval,
    divide,
    interval_of,
    nth_root_growth,
    subtract,
)
from jiexiu_cli.core.model import Figure, Indicator
from jiexiu_cli.core.numbers import plain, rounded, to_base
from jiexiu_cli.core.periods import parse

SHARE_KINDS = ("share", "rate")
#: kinds compared by their difference (points, places), not by a multiple
DIFFERENCE_KINDS = ("share", "rate", "rank", "growth_rate")
#: a year against a run of years whose figure is not the sum of its years: a plain ratio
RATIO = "ratio"
#: relations that make ``from`` a share of ``to``: only where ``to`` is the sum of its years
SHARE_OF_TOTAL = ("annual-to-five-year-total", "annual-target-to-five-year-total")


@dataclass(frozen=True)
class Comparison:
    indicator: Indicator
    relation: str
    a: Figure  # from
    b: Figure  # to
    multiple: Decimal | None = None
    multiple_bound: str = ""  # "", ">", "≥", "<", "≤", "≈": how the qualifiers bound the multiple
    multiple_interval: Interval | None = None
    cagr: Decimal | None = None
    cagr_interval: Interval | None = None
    share: Decimal | None = None
    change: Decimal | None = None
    change_interval: Interval | None = None
    change_unit: str = ""
    formulas: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    #: why the pair is not compared (relation ``not-compared``); None for a computed pair
    why: str | None = None
    #: the places of ``a`` and ``b`` (whose quantities they are)
    places: tuple[str | None, str | None] = (None, None)
    #: how comparable the pair is: SAME_MEASURE, DECLARED or NOT_PAIRED
    verdict: str = "same measure"
    #: why that verdict, in words (for a pair not compared, its ``why``)
    reason: str = ""
    #: from / to, for a plain ratio (relation ``ratio``: the run of years' figure is not a sum)
    ratio: Decimal | None = None
    #: what differs in what the two figures measure, named in the row (a declared pair)
    differences: tuple[str, ...] = ()


def _bound(a: Figure, b: Figure) -> str:
    """How qualifiers bound b / a: '突破40' over 28.06 is '>'."""
    up = {"over": ">", "at_least": "≥"}
    down = {"under": "<", "at_most": "≤"}
    signs = set()
    if b.qualifier in up or a.qualifier in down:
        signs.add(up.get(b.qualifier) or {"<": ">", "≤": "≥"}[down[a.qualifier]])
    if b.qualifier in down or a.qualifier in up:
        signs.add(down.get(b.qualifier) or {">": "<", "≥": "≤"}[up[a.qualifier]])
    if "about" in (a.qualifier, b.qualifier):
        signs.add("≈")
    if len(signs) > 1:
        return "?"  # bounded in both directions at once: no direction can be claimed
    return signs.pop() if signs else ""


def _pct(x: Decimal) -> str:
    return f"{plain(rounded(x * 100, 2))}%"


def _difference(ind: Indicator, relation: str, a: Figure, b: Figure) -> Comparison:
    """Ranks, shares and growth rates compare by difference (places, points), with the
    qualifiers' bounds."""
    unit = "places" if a.kind == "rank" else ("个百分点" if a.unit == "%" else a.unit)
    point = b.value - a.value
    span = subtract(interval_of(b), interval_of(a))
    exact = a.qualifier == b.qualifier == "exact"
    formulas = {"change": f"change = to - from = {_shown(b)} - {_shown(a)} = {plain(point)} {unit}"}
    notes = []
    change: Decimal | None = point
    if a.kind == "growth_rate":
        notes.append("the difference of two growth rates, in percentage points")
    elif a.kind in SHARE_KINDS:
        notes.append("the change is in percentage points, not a growth rate")
    if not exact:
        low = "-inf" if span.lo.is_infinite() else plain(rounded(span.lo, 2))
        high = "+inf" if span.hi.is_infinite() else plain(rounded(span.hi, 2))
        notes.append(
            f"with the qualifiers ({_shown(a)}: {a.qualifier}, {_shown(b)}: {b.qualifier}) the change lies in {span}"
        )
        if span.lo < 0 < span.hi:
            notes.append(f"the direction cannot be told: between {low} and {high} {unit}")
            change = None
    return Comparison(
        ind,
        relation,
        a,
        b,
        change=change,
        change_interval=None if exact else span,
        change_unit=unit,
        formulas=formulas,
        notes=tuple(notes),
    )


def _shown(f: Figure) -> str:
    return f"{f.printed or plain(f.value)}{f.unit}"


def compare_pair(
    ind: Indicator, a: Figure, b: Figure, relation: str, places: tuple[str | None, str | None] = (None, None)
) -> Comparison:
    """The arithmetic of one pair (see the module's table)."""
    return replace(_arithmetic(ind, a, b, relation), places=places)


def _arithmetic(ind: Indicator, a: Figure, b: Figure, relation: str) -> Comparison:
    va, unit_a = to_base(a.value, a.unit)
    vb, _ = to_base(b.value, b.unit)
    sa, sb = f"{plain(a.value)}{a.unit}", f"{plain(b.value)}{b.unit}"
    formulas: dict[str, str] = {}
    notes: list[str] = []
    if relation in ("rank-to-rank", "share-to-share") or a.kind in DIFFERENCE_KINDS:
        return _difference(ind, relation, a, b)
    if va <= 0:
        return Comparison(ind, relation, a, b, notes=("from is zero: no multiple",))
    multiple = vb / va
    m_int = divide(base_interval(b), base_interval(a))
    bound = _bound(a, b)
    unit_note = "" if a.unit == b.unit else f" (both in {unit_a})"
    formulas["multiple"] = f"multiple = to / from = {sb} / {sa}{unit_note} = {plain(rounded(multiple, 3))}"
    change_base = vb - va
    change = change_base / to_base(Decimal(1), a.unit)[0]
    formulas["change"] = f"change = to - from = {sb} - {sa} = {plain(change)}{a.unit}"
    cagr = share = None
    c_int = None
    if relation == "level-to-level":
        years = parse(a.period).years_between(parse(b.period)) or 0
        if years > 0:
            cagr = nth_root_growth(multiple, years)
            c_int = cagr_interval(m_int, years)
            formulas["cagr"] = f"cagr = (to / from)^(1/{years}) - 1 = ({sb} / {sa})^(1/{years}) - 1 = {_pct(cagr)}"
            if unit_a == "元":
                notes.append("a CAGR of money amounts at current prices is nominal; official growth rates are real")
    ratio = None
    if relation in SHARE_OF_TOTAL:
        share = va / vb
        formulas["share"] = f"share = from / to = {sa} / {sb} = {_pct(share)} of the {parse(b.period).label()} total"
    if relation == RATIO:
        ratio = va / vb
        formulas["ratio"] = (
            f"ratio = from / to = {sa} / {sb} = {_pct(ratio)}: a plain ratio, no share "
            f"({parse(b.period).label()}'s figure is not the sum of its years)"
        )
    if relation == "target-to-achieved":
        formulas["multiple"] += " (achieved / target)"
    if relation == "place-to-place":
        formulas["multiple"] += " (one place against another, same period)"
    if bound:
        notes.append(f"qualifiers bound the multiple: {bound} {plain(rounded(multiple, 3))}")
    return Comparison(
        ind,
        relation,
        a,
        b,
        multiple=multiple,
        multiple_bound=bound,
        multiple_interval=m_int,
        cagr=cagr,
        cagr_interval=c_int,
        share=share,
        change=change,
        change_unit=a.unit,
        formulas=formulas,
        notes=tuple(notes),
        ratio=ratio,
    )

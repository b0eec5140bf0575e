"""2021 against the 14th Five-Year Plan period (十四五, plan_14th): pairs and their arithmetic.

A pair is two figures of one indicator, with the same scope and the same base
unit, whose kinds make the comparison meaningful:

========================  ==========================================  ===================
from                      to                                          relation
========================  ==========================================  ===================
2021 level                2025 level (the plan's last year)           level-to-level
2021 level/change/count   2021-2025 cumulative or change              annual-to-five-year-total
2022 target               2021-2025 result of the same kind           target-to-achieved
2022 target               2021-2025 cumulative total                  annual-target-to-five-year-total
2021 share/rate           2021-2025 or 2025 share/rate                share-to-share
2021 rank                 2021-2025 or 2025 rank (same scope)         rank-to-rank
========================  ==========================================  ===================

Every computed number (multiple, CAGR, share, change) is Decimal, carries the
qualifiers of its inputs as an interval, and comes with its formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jiexiu_cli.intervals import Interval, base_interval, cagr_interval, divide, interval_of, nth_root_growth, subtract
from jiexiu_cli.model import FactBase, Figure, Indicator
from jiexiu_cli.numbers import plain, rounded, to_base
from jiexiu_cli.query import period_key

PLAN = "2021-2025"
FLOW_KINDS = ("level", "change", "count", "cumulative")
TOTAL_KINDS = ("cumulative", "change", "count")
SHARE_KINDS = ("share", "rate")


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


def _years(a: Figure, b: Figure) -> int:
    return period_key(b.period)[1] - period_key(a.period)[1]


def relation_of(a: Figure, b: Figure) -> str | None:
    """How ``a`` (2021 or a 2022 target) relates to ``b`` (the plan period), or None."""
    if a.kind == "rank" and b.kind == "rank":  # ranks compare only within one peer group
        return "rank-to-rank" if b.period in (PLAN, "2025") and a.scope == b.scope else None
    if to_base(Decimal(1), a.unit)[1] != to_base(Decimal(1), b.unit)[1] or not a.unit:
        return None
    if a.kind in SHARE_KINDS and b.kind in SHARE_KINDS and a.kind == b.kind:
        # shares of different wholes still pair; the comparison names both wholes
        return "share-to-share" if b.period in (PLAN, "2025") and a.period != PLAN else None
    if a.scope != b.scope:
        return None
    if a.status == "target" and a.period != PLAN and b.period == PLAN and b.status == "actual":
        if a.kind == b.kind and a.kind in FLOW_KINDS:
            return "target-to-achieved"  # 5所学校 planned, 5所 built
        if a.kind in FLOW_KINDS and b.kind == "cumulative":
            return "annual-target-to-five-year-total"  # one year's plan against five years' total
        return None
    if a.period != "2021" or a.status == "target":
        return None
    if a.kind == "level" and b.kind == "level" and b.period == "2025":
        return "level-to-level"
    if a.kind in FLOW_KINDS and b.kind in TOTAL_KINDS and b.period == PLAN:
        return "annual-to-five-year-total"
    return None


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
    """Ranks and shares compare by difference (places, points), with the qualifiers' bounds."""
    unit = "places" if relation == "rank-to-rank" else ("个百分点" if a.unit == "%" else a.unit)
    point = b.value - a.value
    span = subtract(interval_of(b), interval_of(a))
    exact = a.qualifier == b.qualifier == "exact"
    formulas = {"change": f"change = to - from = {_shown(b)} - {_shown(a)} = {plain(point)} {unit}"}
    notes = []
    change: Decimal | None = point
    if relation == "share-to-share":
        notes.append("the change is in percentage points, not a growth rate")
        if a.scope != b.scope:
            notes.append(
                f"the shares are of different wholes: {a.scope or 'not stated'} against {b.scope or 'not stated'}"
            )
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


def compare_pair(ind: Indicator, a: Figure, b: Figure, relation: str) -> Comparison:
    va, unit_a = to_base(a.value, a.unit)
    vb, _ = to_base(b.value, b.unit)
    sa, sb = f"{plain(a.value)}{a.unit}", f"{plain(b.value)}{b.unit}"
    formulas: dict[str, str] = {}
    notes: list[str] = []
    if relation in ("rank-to-rank", "share-to-share"):
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
        years = _years(a, b)
        if years > 0:
            cagr = nth_root_growth(multiple, years)
            c_int = cagr_interval(m_int, years)
            formulas["cagr"] = f"cagr = (to / from)^(1/{years}) - 1 = ({sb} / {sa})^(1/{years}) - 1 = {_pct(cagr)}"
            if unit_a == "元":
                notes.append("a CAGR of money amounts at current prices is nominal; official growth rates are real")
    if relation in ("annual-to-five-year-total", "annual-target-to-five-year-total"):
        share = va / vb
        formulas["share"] = f"share = from / to = {sa} / {sb} = {_pct(share)} of the five-year total"
    if relation == "target-to-achieved":
        formulas["multiple"] += " (achieved / target)"
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
    )


def comparable_pairs(fb: FactBase, indicators: list[Indicator] | None = None) -> list[Comparison]:
    """Every meaningful (2021 or 2022 target) -> (plan period) pair, indicator by indicator."""
    chosen = indicators if indicators is not None else sorted(fb.indicators, key=lambda i: (i.topic, i.id))
    out = []
    for ind in chosen:
        figures = sorted(fb.figures_by_indicator.get(ind.id, ()), key=lambda f: (period_key(f.period), f.source))
        for a in figures:
            for b in figures:
                if a is b or a.source == b.source:
                    continue
                relation = relation_of(a, b)
                if relation:
                    out.append(compare_pair(ind, a, b, relation))
    return out

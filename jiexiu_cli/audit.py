"""Check the articles' claims against each other and against their own arithmetic.

Every figure is read as the interval of values it allows (``intervals.py``): 28.06 is
[28.055, 28.065], 突破40 is (40, +inf). A check computes an interval from some figures
and sets it against what another figure states:

* ``consistent``: shown to agree. Every value the other figures allow satisfies the claim
  (432亿元 lies inside 跨过四百亿元), or the claim lies inside the bounded interval the
  other figures give (1.6 + 48.5 + 49.9 is [99.85, 100.15], which holds the stated 100);
* ``compatible``: not contradicted, not shown. The intervals only overlap, or the claim lies
  inside an interval the other figures leave open (突破40亿元 over 20.63亿元 is × [1.94, +inf),
  which holds 翻了一番 but would hold × 3 as well), or the figures are of different wholes (86%
  of 预算 against 85%以上 of 财政收入);
* ``inconsistent``: the intervals do not meet: no reading of the printed figures makes the
  claims agree;
* ``cannot check``: a missing input, or inputs of different kinds or units, and why.

Checks come from two places, never from a list of special cases in code:

* derived from the figures' kinds:
  ``implied-baseline``  a level and its growth rate imply the base period's level
                        (28.06亿元, +36.03% -> 2020 about 20.63亿元), set against a stated one;
  ``stated-multiple``   a multiple (翻了一番, 11.5倍) against the level it multiplies and the
                        base level, stated or implied;
  ``same-quantity``     one indicator, period, kind and scope stated by two articles;
  ``growth-basis``      a real growth rate (GDP +8.5%) beside the nominal CAGR its levels give:
                        not comparable, so not compared;
* declared by the curator in a ``checks:`` section (``sum``, ``same``, ``within``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Any

from jiexiu_cli.intervals import (
    Interval,
    add,
    base_interval,
    cagr_interval,
    divide,
    interval_of,
    nth_root_growth,
    rule_of,
)
from jiexiu_cli.labels import display
from jiexiu_cli.model import PLAN_STATUSES, Check, FactBase, Figure
from jiexiu_cli.numbers import plain, rounded, to_base
from jiexiu_cli.periods import parse
from jiexiu_cli.query import period_key, place_of

CONSISTENT = "consistent"
COMPATIBLE = "compatible"
INCONSISTENT = "inconsistent"
CANNOT = "cannot check"
STATUSES = (CONSISTENT, COMPATIBLE, INCONSISTENT, CANNOT)

PLACES = 4  # computed numbers are shown to 4 decimals, their intervals rounded outward


@dataclass(frozen=True)
class Finding:
    """One check: what was set against what, the arithmetic, and the verdict."""

    id: str
    rule: str
    title: str
    status: str
    why: str
    formula: str
    inputs: tuple[Figure, ...]
    result: str  # the computed number and its interval, in words and digits
    result_value: Decimal | None = None
    result_interval: Interval | None = None
    result_unit: str = ""
    tolerance: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    declared_at: str | None = None


# ---------------------------------------------------------------- formatting


def shown(f: Figure) -> str:
    """The figure as the article writes it, as every output shows it (labels.display):
    有望突破40亿元, 85%以上, 5.6万余人, 全省第七, 有望翻了一番 (×2); the part of a ratio as its
    number alone (1.6 + 48.5 + 49.9)."""
    return plain(f.value) if f.kind == "ratio" and f.printed is None else display(f)


def num(x: Decimal) -> str:
    return plain(rounded(x, PLACES)) if x.is_finite() else ("+inf" if x > 0 else "-inf")


def span(i: Interval) -> str:
    return str(i.outward(PLACES))


def tolerance_of(figures: Iterable[Figure]) -> tuple[str, ...]:
    return tuple(f"{shown(f)} -> {interval_of(f)} ({rule_of(f)})" for f in figures)


def verdict(computed: Interval, stated: Interval) -> tuple[str, str]:
    """The status of a claim (``stated``) against the interval other figures give
    (``computed``), and how it was found (see the module docstring)."""
    if not computed.overlaps(stated):
        return INCONSISTENT, "the intervals do not meet"
    if computed.within(stated):
        return CONSISTENT, "every value the other figures allow satisfies the claim"
    if stated.within(computed) and computed.lo.is_finite() and computed.hi.is_finite():
        return CONSISTENT, "the claim lies inside the interval the other figures give"
    if stated.within(computed):
        return COMPATIBLE, (
            "the claim lies inside an interval the other figures leave open: not contradicted, not shown"
        )
    return COMPATIBLE, "the intervals only overlap: not contradicted, not shown"


def wholes_differ(figures: Iterable[Figure]) -> str | None:
    """'预算 against 财政收入' where the figures are of different wholes (scope or universe)."""
    wholes = [" ".join(w for w in (f.universe, f.scope) if w) or "not stated" for f in figures]
    return " against ".join(wholes) if len(set(wholes)) > 1 else None


def _unless_wholes_differ(status: str, why: str, figures: tuple[Figure, ...]) -> tuple[str, str]:
    """A consistent check of figures of different wholes is compatible, and says so."""
    differ = wholes_differ(figures)
    if status != CONSISTENT or differ is None:
        return status, why
    return COMPATIBLE, f"{why}; but the figures' wholes differ ({differ}): not contradicted, not confirmed"


def _years_label(period: str) -> str:
    return period if parse(period).kind != "years" else f"{period} (the period as a whole)"


def _spans_match(level: Figure, base_period: str) -> bool:
    """Whether a level's period and the base period of its growth rate are spans a baseline
    can be implied for: of equal length (2022Q1 against 2021Q1: 同比), or a run of years
    against its base year (2021-2025 against 2020, the end of 十三五)."""
    period = parse(level.period)
    return period.kind == "years" or period.same_length(parse(base_period))


# ---------------------------------------------------------------- derived checks


def _factor(r: Figure) -> Interval | None:
    """What a relative figure multiplies its base by: +36.03% -> 1.3603, 翻了一番 -> 2."""
    if r.kind == "multiple" and r.unit in ("倍", ""):
        return interval_of(r)
    if r.kind == "growth_rate" and r.unit == "%":
        return interval_of(r).scaled(Decimal("0.01")).shifted(Decimal(1))
    return None


def _point_factor(r: Figure) -> Decimal:
    return r.value if r.kind == "multiple" else 1 + r.value / 100


def _same_base_unit(a: Figure, b: Figure) -> bool:
    return bool(a.unit) and to_base(Decimal(1), a.unit)[1] == to_base(Decimal(1), b.unit)[1]


@dataclass(frozen=True)
class Baseline:
    """A level of the base period, stated or implied by a level and its growth rate."""

    indicator: str
    period: str
    interval: Interval  # in the base unit
    value: Decimal  # point estimate, in the base unit
    unit: str  # the unit to show it in (the level's printed unit)
    inputs: tuple[Figure, ...]
    text: str  # how it was found: "stated" or the arithmetic

    @property
    def stated(self) -> bool:
        return len(self.inputs) == 1


def _in_unit(x: Decimal, unit: str) -> Decimal:
    return x / to_base(Decimal(1), unit)[0]


def _interval_in_unit(i: Interval, unit: str) -> Interval:
    return i.scaled(1 / to_base(Decimal(1), unit)[0])


def _companions(fb: FactBase, r: Figure, kinds: tuple[str, ...]) -> list[Figure]:
    """The levels a relative figure speaks of: same indicator, period, source, scope and place."""
    return [
        x
        for x in fb.figures_by_indicator.get(r.indicator, ())
        if x.kind in kinds
        and (x.period, x.source, x.scope, x.place) == (r.period, r.source, r.scope, r.place)
        and x.unit
    ]


def _implied(level: Figure, growth: Figure) -> Baseline | None:
    factor = _factor(growth)
    if factor is None or factor.lo <= 0 or growth.base_period is None or not _spans_match(level, growth.base_period):
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        interval = divide(base_interval(level), factor)
        value = to_base(level.value, level.unit)[0] / _point_factor(growth)
    text = f"{shown(level)} / (1 + {plain(growth.value)}%) = {num(_in_unit(value, level.unit))}{level.unit}"
    return Baseline(level.indicator, growth.base_period, interval, value, level.unit, (level, growth), text)


def _stated_baselines(fb: FactBase, indicator: str, period: str, like: Figure) -> list[Baseline]:
    """Levels stated for exactly ``period`` (2021Q1 is not 2021), of ``like``'s scope and place."""
    return [
        Baseline(s.indicator, s.period, base_interval(s), to_base(s.value, s.unit)[0], s.unit, (s,), "stated")
        for s in fb.figures_by_indicator.get(indicator, ())
        if s.period == period
        and s.kind == "level"
        and s.scope == like.scope
        and place_of(fb, s) == place_of(fb, like)
        and _same_base_unit(s, like)
    ]


def implied_baselines(fb: FactBase) -> list[Finding]:
    """A level and its (nominal) growth rate imply the base period's level."""
    return [x for _, x in _implied_baselines(fb)]


def _implied_baselines(fb: FactBase, _: object = None) -> Iterator[tuple[Anchors, Finding]]:
    for g in fb.figures:
        if g.kind != "growth_rate" or g.base_period is None or g.basis == "real":
            continue
        for level in _companions(fb, g, ("level",)):
            if not _spans_match(level, g.base_period):
                yield (g,), _unmatched_spans(level, g)
                continue
            b = _implied(level, g)
            if b is None:
                continue
            shown_interval = _interval_in_unit(b.interval, b.unit)
            base = parse(g.base_period).label()
            title = f"{g.indicator}: the {base} level implied by {shown(level)} and +{plain(g.value)}%"
            stated: list[Figure | None] = [
                s.inputs[0] for s in _stated_baselines(fb, g.indicator, g.base_period, level)
            ]
            for against in stated or [None]:
                if against is None:
                    status = CANNOT
                    why = f"no figure states the {base} level; the implied one is computed for other checks"
                else:
                    status, how = verdict(b.interval, base_interval(against))
                    stated_text = f"{shown(against)} = {interval_of(against)}"
                    why = f"implied {span(shown_interval)}{b.unit} against stated {stated_text}: {how}"
                inputs = (level, g) if against is None else (level, g, against)
                yield (
                    (g,),
                    Finding(
                        id=f"implied-baseline:{level.id}+{g.id}" + (f":{against.id}" if against else ""),
                        rule="implied-baseline",
                        title=title,
                        status=status,
                        why=why,
                        formula=f"{base} level = {b.text}",
                        inputs=inputs,
                        result=f"{num(_in_unit(b.value, b.unit))}{b.unit} in {span(shown_interval)} (computed)",
                        result_value=_in_unit(b.value, b.unit),
                        result_interval=shown_interval,
                        result_unit=b.unit,
                        tolerance=tolerance_of(inputs),
                    ),
                )


def _unmatched_spans(level: Figure, g: Figure) -> Finding:
    """A growth rate whose base period is a span of another length than its level's: a
    quarter's growth against a year. No baseline is implied; the finding says why."""
    assert g.base_period is not None
    period, base = parse(level.period), parse(g.base_period)
    return Finding(
        id=f"implied-baseline:{level.id}+{g.id}",
        rule="implied-baseline",
        title=f"{g.indicator}: no {g.base_period} level is implied by {shown(level)} ({period.label()})",
        status=CANNOT,
        why=(
            f"{period.length_words()} ({period.label()}) grows against a span of the same length "
            f"(同比: {period.shifted(-1).label()}); its base period {base.label()} is {base.length_words()}, "
            "so no level of it is implied"
        ),
        formula="not computed",
        inputs=(level, g),
        result="not computed",
        tolerance=tolerance_of((level, g)),
    )


def stated_multiples(fb: FactBase) -> list[Finding]:
    """A multiple (翻了一番, 11.5倍) against its level and the base level, stated or implied."""
    return [x for _, x in _stated_multiples(fb)]


def _stated_multiples(fb: FactBase, _: object = None) -> Iterator[tuple[Anchors, Finding]]:
    for m in fb.figures:
        if m.kind != "multiple" or m.base_period is None or _factor(m) is None:
            continue
        for level in _companions(fb, m, ("level", "cumulative")):
            yield from (((m,), x) for x in _multiple_findings(fb, m, level))


def _baselines_for(fb: FactBase, m: Figure, level: Figure) -> list[Baseline]:
    """Stated levels of the base period, and levels implied by a level and a nominal growth rate."""
    assert m.base_period is not None
    found = _stated_baselines(fb, m.indicator, m.base_period, level)
    for g in fb.figures_by_indicator.get(m.indicator, ()):
        if g.kind != "growth_rate" or g.base_period != m.base_period or g.basis == "real" or g.scope != m.scope:
            continue
        for x in _companions(fb, g, ("level",)):
            b = _implied(x, g)
            if b is not None and _same_base_unit(x, level):
                found.append(b)
    return found


def _multiple_findings(fb: FactBase, m: Figure, level: Figure) -> Iterator[Finding]:
    assert m.base_period is not None
    stated_m = interval_of(m)
    mult = shown(m)
    title = f"{m.indicator}: {shown(level)} ({level.period}) against {mult} on the {m.base_period} level"
    baselines = _baselines_for(fb, m, level)
    modality = (
        [f"{shown(level)} is {level.status} ({level.qualifier_zh}), not a result"]
        if level.status
        in (
            "expected",
            "estimate",
            "target",
        )
        else []
    )
    if not baselines:
        factor = _factor(m)
        assert factor is not None
        implied = _interval_in_unit(divide(base_interval(level), factor), level.unit)
        point = level.value / m.value
        yield Finding(
            id=f"stated-multiple:{m.id}",
            rule="stated-multiple",
            title=title,
            status=CANNOT,
            why=f"no figure states or implies the {_years_label(m.base_period)} level to divide by",
            formula=f"implied {m.base_period} level = {shown(level)} / {plain(m.value)} = {num(point)}{level.unit}",
            inputs=(level, m),
            result=f"implied {m.base_period} level {num(point)}{level.unit} in {span(implied)} (computed)",
            result_value=point,
            result_interval=implied,
            result_unit=level.unit,
            tolerance=tolerance_of((level, m)),
            notes=tuple(modality),
        )
        return
    for b in baselines:
        with localcontext() as ctx:
            ctx.prec = 28
            computed = divide(base_interval(level), b.interval)
            point = to_base(level.value, level.unit)[0] / b.value
        base_text = shown(b.inputs[0]) if b.stated else f"{num(_in_unit(b.value, b.unit))}{b.unit}"
        formula = f"multiple = {shown(level)} / {base_text} = {num(point)}"
        if not b.stated:
            formula = f"{m.base_period} level = {b.text}; " + formula
        status, how = verdict(computed, stated_m)
        yield Finding(
            id=f"stated-multiple:{m.id}:" + "+".join(f.id for f in b.inputs),
            rule="stated-multiple",
            title=title,
            status=status,
            why=f"computed {span(computed)} against stated {mult} = {stated_m}: {how}",
            formula=formula,
            inputs=(level, m, *b.inputs),
            result=f"× {num(point)} in {span(computed)} (computed)",
            result_value=point,
            result_interval=computed,
            tolerance=tolerance_of((level, m, *b.inputs)),
            notes=tuple(modality),
        )


def same_quantities(fb: FactBase, declared: set[frozenset[str]]) -> list[Finding]:
    """One indicator, period, kind and scope, stated by two articles: do they agree?"""
    return [x for _, x in _same_quantities(fb, declared)]


def _same_quantities(fb: FactBase, declared: Any) -> Iterator[tuple[Anchors, Finding]]:
    for figures in fb.figures_by_indicator.values():
        for i, a in enumerate(figures):
            for b in figures[i + 1 :]:
                if a.source == b.source or frozenset((a.id, b.id)) in declared:
                    continue
                if (a.period, a.kind, a.scope, a.universe) != (
                    b.period,
                    b.kind,
                    b.scope,
                    b.universe,
                ) or a.unit != b.unit:
                    continue
                if place_of(fb, a) != place_of(fb, b):
                    continue
                if a.kind in ("level", "count", "cumulative", "change") and not _same_base_unit(a, b):
                    continue
                yield (figures[0], a, b), _same((a, b), f"same-quantity:{a.id}={b.id}", "same-quantity", None)


def growth_bases(fb: FactBase) -> list[Finding]:
    """A real growth rate beside the nominal CAGR its levels give: not comparable. The levels
    are of spans as long as the growth rate's (a year's growth beside years' levels; a
    quarter's growth is never set beside the CAGR of annual levels)."""
    return [x for _, x in _growth_bases(fb)]


def _growth_bases(fb: FactBase, _: object = None) -> Iterator[tuple[Anchors, Finding]]:
    for g in fb.figures:
        if g.kind != "growth_rate" or g.basis != "real":
            continue
        length = parse(g.period)
        levels = sorted(
            (
                x
                for x in fb.figures_by_indicator.get(g.indicator, ())
                if x.kind == "level"
                and parse(x.period).same_length(length)
                and x.scope == g.scope
                and place_of(fb, x) == place_of(fb, g)
                and x.unit
            ),
            key=lambda x: period_key(x.period),
        )
        first, last = (levels[0], levels[-1]) if levels else (None, None)
        if first is None or last is None or first.period == last.period or not _same_base_unit(first, last):
            continue
        years = parse(first.period).years_between(parse(last.period))
        if not years:
            continue
        with localcontext() as ctx:
            ctx.prec = 28
            multiple = to_base(last.value, last.unit)[0] / to_base(first.value, first.unit)[0]
            cagr = nth_root_growth(multiple, years) * 100
            interval = cagr_interval(divide(base_interval(last), base_interval(first)), years).scaled(Decimal(100))
        yield (
            (g,),
            Finding(
                id=f"growth-basis:{g.id}:{first.id}-{last.id}",
                rule="growth-basis",
                title=f"{g.indicator}: real growth {plain(g.value)}% ({g.period}) beside the CAGR of its levels",
                status=CANNOT,
                why=(
                    f"not comparable: {plain(g.value)}% is real growth (at comparable prices); the CAGR from "
                    f"{shown(first)} ({first.period}) to {shown(last)} ({last.period}) is nominal and includes "
                    "price changes"
                ),
                formula=(
                    f"nominal CAGR = ({shown(last)} / {shown(first)})^(1/{years}) - 1 = {num(cagr)}% "
                    f"(not compared with {plain(g.value)}%)"
                ),
                inputs=(g, first, last),
                result=f"{num(cagr)}% in {span(interval)} (computed, nominal)",
                result_value=cagr,
                result_interval=interval,
                result_unit="%",
                tolerance=tolerance_of((first, last)),
                notes=tuple(n for n in (_status_note(last),) if n),
            ),
        )


def _status_note(f: Figure) -> str:
    if f.status in PLAN_STATUSES:
        return f"{shown(f)} ({f.period}) is {f.status} ({f.qualifier_zh}), not a reported result"
    return ""


# ---------------------------------------------------------------- declared checks


def _same(figures: tuple[Figure, ...], id: str, rule: str, check: Check | None) -> Finding:
    title = check.title if check else f"{figures[0].indicator}: {figures[0].period} stated by two articles"
    intervals = [base_interval(f) for f in figures]
    units_ok = all(_same_base_unit(figures[0], f) or figures[0].unit == f.unit for f in figures)
    formula = " = ".join(f"{shown(f)} ({f.period}, {f.source[:3]})" for f in figures)
    common = _meet(intervals) if units_ok else None
    if not units_ok:
        status, why = CANNOT, "the figures are in different units: " + ", ".join(f.unit or "none" for f in figures)
    elif common is None:
        status, why = INCONSISTENT, "the figures' intervals do not overlap: " + ", ".join(map(str, intervals))
    elif any(all(i.within(j) for j in intervals) for i in intervals):
        status, why = CONSISTENT, f"the figures' intervals agree: they meet in {common}, which one of them is"
        status, why = _unless_wholes_differ(status, why, figures)
    else:
        status = COMPATIBLE
        why = f"the figures' intervals only overlap, in {common}: not contradicted, not shown to be one value"
    return Finding(
        id=id,
        rule=rule,
        title=title,
        status=status,
        why=why,
        formula=formula,
        inputs=figures,
        result=str(common) if common else "no common value",
        result_interval=common,
        tolerance=tolerance_of(figures),
        notes=_declared_notes(figures, check),
        declared_at=str(check.at) if check else None,
    )


def _meet(intervals: list[Interval]) -> Interval | None:
    """The values every interval allows, or None."""
    lo = max(intervals, key=lambda i: (i.lo, i.lo_open))
    hi = min(intervals, key=lambda i: (i.hi, not i.hi_open))
    common = Interval(lo.lo, hi.hi, lo.lo_open, hi.hi_open)
    if common.lo > common.hi or (common.lo == common.hi and (common.lo_open or common.hi_open)):
        return None
    return common if all(common.overlaps(i) for i in intervals) else None


def _declared_notes(figures: tuple[Figure, ...], check: Check | None) -> tuple[str, ...]:
    notes = [check.note] if check and check.note else []
    scopes = {f.scope for f in figures}
    if len(scopes) > 1:
        notes.append("the figures' wholes differ: " + " against ".join(f.scope or "not stated" for f in figures))
    notes.extend(n for n in (_status_note(f) for f in figures) if n)
    return tuple(notes)


def _sum(figures: tuple[Figure, ...], check: Check) -> Finding:
    assert check.total is not None
    total_interval = Interval(Decimal(0), Decimal(0))
    for f in figures:
        total_interval = add(total_interval, interval_of(f))
    point = sum((f.value for f in figures), Decimal(0))
    units = {f.unit for f in figures}
    expected = Interval(check.total, check.total)
    if len(units) > 1:
        status, why = CANNOT, "the parts are in different units: " + ", ".join(sorted(units))
    else:
        status, how = verdict(total_interval, expected)
        holds = "misses" if status == INCONSISTENT else "holds"
        why = f"the parts add up to {span(total_interval)}, which {holds} {plain(check.total)}: {how}"
    return Finding(
        id=f"sum:{check.id}",
        rule="sum",
        title=check.title,
        status=status,
        why=why,
        formula=" + ".join(shown(f) for f in figures) + f" = {plain(point)} (stated total {plain(check.total)})",
        inputs=figures,
        result=f"{plain(point)} in {span(total_interval)} (computed)",
        result_value=point,
        result_interval=total_interval,
        result_unit=figures[0].unit,
        tolerance=tolerance_of(figures),
        notes=_declared_notes(figures, check),
        declared_at=str(check.at),
    )


def _within(figures: tuple[Figure, ...], check: Check) -> Finding:
    value, bound = figures
    iv, ib = base_interval(value), base_interval(bound)
    if not _same_base_unit(value, bound) and value.unit != bound.unit:
        status, why = CANNOT, f"different units: {value.unit or 'none'} against {bound.unit or 'none'}"
    elif iv.within(ib):
        status, why = _unless_wholes_differ(
            CONSISTENT,
            f"{shown(value)} = {interval_of(value)} lies inside {shown(bound)} = {interval_of(bound)}",
            figures,
        )
    elif iv.overlaps(ib):
        status = COMPATIBLE
        why = f"{shown(value)} = {interval_of(value)} meets {shown(bound)} = {interval_of(bound)}"
        why += " within the rounding only: not contradicted, not shown to lie inside"
    else:
        status, why = (
            INCONSISTENT,
            f"{shown(value)} = {interval_of(value)} lies outside {shown(bound)} = {interval_of(bound)}",
        )
    return Finding(
        id=f"within:{check.id}",
        rule="within",
        title=check.title,
        status=status,
        why=why,
        formula=f"{shown(value)} ({value.period}) in {shown(bound)} ({bound.period})",
        inputs=figures,
        result=f"{interval_of(value)} ⊂ {interval_of(bound)}" if iv.within(ib) else why,
        result_interval=interval_of(value),
        result_unit=value.unit,
        tolerance=tolerance_of(figures),
        notes=_declared_notes(figures, check),
        declared_at=str(check.at),
    )


def declared(fb: FactBase) -> list[Finding]:
    by_id = {f.id: f for f in fb.figures}
    out = []
    for c in fb.checks:
        figures = tuple(by_id[i] for i in c.figures)
        if c.rule == "sum":
            out.append(_sum(figures, c))
        elif c.rule == "within":
            out.append(_within(figures, c))
        else:
            out.append(_same(figures, f"same:{c.id}", "same", c))
    return out


# ---------------------------------------------------------------- all of it


def audit(fb: FactBase, indicators: set[str] | None = None) -> list[Finding]:
    """Every check the fact base makes possible, declared ones first; optionally only those
    that involve one of ``indicators``."""
    position = {f.id: i for i, f in enumerate(fb.figures)}
    derived = in_order(derived_checks(fb, declared_pairs(fb.checks)), position.__getitem__)
    return chosen([*declared(fb), *derived], indicators)


#: the figures a derived check hangs on, whose places in the fact base order the checks
Anchors = tuple[Figure, ...]
#: a derived check: its family's rank, its anchors, its place among its family's
Derived = tuple[int, Anchors, int, Finding]

#: derived checks, in the order they are listed; each family goes through the figures in
#: the fact base's order, and every check it makes concerns one indicator's figures alone,
#: so an indicator's checks can be computed (and kept) on their own and put back in place
FAMILIES: tuple[Callable[[FactBase, set[frozenset[str]]], Iterable[tuple[Anchors, Finding]]], ...] = (
    _implied_baselines,
    _stated_multiples,
    _same_quantities,
    _growth_bases,
)


def declared_pairs(checks: Iterable[Check]) -> set[frozenset[str]]:
    """Pairs of figures a check declares (same-quantity does not check them again)."""
    return {frozenset(c.figures) for c in checks if len(c.figures) == 2}


def derived_checks(fb: FactBase, pairs: set[frozenset[str]]) -> list[Derived]:
    return [
        (rank, anchors, seq, x)
        for rank, family in enumerate(FAMILIES)
        for seq, (anchors, x) in enumerate(family(fb, pairs))
    ]


def in_order(derived: Iterable[Derived], position: Callable[[str], Any]) -> list[Finding]:
    """Derived checks (of one or many indicators) in the order of a whole fact base's:
    family, then the places of their anchors, then the order each was made in."""
    keyed = sorted(derived, key=lambda d: (d[0], [position(f.id) for f in d[1]], d[2]))
    return [d[3] for d in keyed]


def chosen(findings: list[Finding], indicators: set[str] | None) -> list[Finding]:
    if indicators is None:
        return findings
    return [f for f in findings if any(x.indicator in indicators for x in f.inputs)]


def inconsistent(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.status == INCONSISTENT]

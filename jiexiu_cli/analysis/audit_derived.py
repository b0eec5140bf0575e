"""Checks derived from the figures' kinds, never from a list of special cases in code:

``implied-baseline``  a level and its growth rate imply the base period's level
                      (28.06亿元, +36.03% -> 2020 about 20.63亿元), set against a stated one;
``stated-multiple``   a multiple (翻了一番, 11.5倍) against the level it multiplies and the
                      base level, stated or implied;
``same-quantity``     one indicator, period, kind and scope stated by two articles;
``growth-basis``      a real growth rate (GDP +8.5%) beside the nominal CAGR its levels give:
                      not comparable, so not compared.

Each family goes through the figures in the fact base's order, and every check it makes
concerns one indicator's figures alone (:data:`FAMILIES`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from jiexiu_cli.analysis.audit_declared import same_figures
from jiexiu_cli.analysis.audit_findings import (
    CANNOT,
    Finding,
    num,
    same_base_unit,
    shown,
    span,
    status_note,
    tolerance_of,
    verdict,
)
from jiexiu_cli.core.intervals import Interval, base_interval, cagr_interval, divide, interval_of, nth_root_growth
from jiexiu_cli.core.model import FactBase, Figure
from jiexiu_cli.core.numbers import plain, to_base
from jiexiu_cli.core.periods import parse
from jiexiu_cli.factbase.query import period_key, place_of

#: the figures a derived check hangs on, whose places in the fact base order the checks
Anchors = tuple[Figure, ...]


def _years_label(period: str) -> str:
    return period if parse(period).kind != "years" else f"{period} (the period as a whole)"


def _spans_match(level: Figure, base_period: str) -> bool:
    """Whether a level's period and the base period of its growth rate are spans a baseline
    can be implied for: of equal length (2022Q1 against 2021Q1: 同比), or a run of years
    against its base year (2021-2025 against 2020, the end of 十三五)."""
    period = parse(level.period)
    return period.kind == "years" or period.same_length(parse(base_period))


def _factor(r: Figure) -> Interval | None:
    """What a relative figure multiplies its base by: +36.03% -> 1.3603, 翻了一番 -> 2."""
    if r.kind == "multiple" and r.unit in ("倍", ""):
        return interval_of(r)
    if r.kind == "growth_rate" and r.unit == "%":
        return interval_of(r).scaled(Decimal("0.01")).shifted(Decimal(1))
    return None


def _point_factor(r: Figure) -> Decimal:
    return r.value if r.kind == "multiple" else 1 + r.value / 100


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
        and same_base_unit(s, like)
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
            if b is not None and same_base_unit(x, level):
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
                if a.kind in ("level", "count", "cumulative", "change") and not same_base_unit(a, b):
                    continue
                yield (figures[0], a, b), same_figures((a, b), f"same-quantity:{a.id}={b.id}", "same-quantity", None)


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
        if first is None or last is None or first.period == last.period or not same_base_unit(first, last):
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
                notes=tuple(n for n in (status_note(last),) if n),
            ),
        )


#: derived checks, in the order they are listed; each family goes through the figures in
#: the fact base's order, and every check it makes concerns one indicator's figures alone,
#: so an indicator's checks can be computed (and kept) on their own and put back in place
FAMILIES: tuple[Callable[[FactBase, set[frozenset[str]]], Iterable[tuple[Anchors, Finding]]], ...] = (
    _implied_baselines,
    _stated_multiples,
    _same_quantities,
    _growth_bases,
)

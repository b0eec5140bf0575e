"""Checks declared by the curator in a ``checks:`` section: ``sum`` (the parts add up to
the stated total), ``same`` (the figures state one quantity), ``within`` (a figure lies
inside another's bounds); ``same-quantity`` (two articles state one quantity) is judged
as ``same`` is."""

from __future__ import annotations

from decimal import Decimal

from jiexiu_cli.analysis.audit_findings import (
    CANNOT,
    COMPATIBLE,
    CONSISTENT,
    INCONSISTENT,
    Finding,
    same_base_unit,
    shown,
    span,
    status_note,
    tolerance_of,
    unless_wholes_differ,
    verdict,
)
from jiexiu_cli.core.intervals import Interval, add, base_interval, interval_of
from jiexiu_cli.core.model import Check, FactBase, Figure
from jiexiu_cli.core.numbers import plain


def same_figures(figures: tuple[Figure, ...], id: str, rule: str, check: Check | None) -> Finding:
    title = check.title if check else f"{figures[0].indicator}: {figures[0].period} stated by two articles"
    intervals = [base_interval(f) for f in figures]
    units_ok = all(same_base_unit(figures[0], f) or figures[0].unit == f.unit for f in figures)
    formula = " = ".join(f"{shown(f)} ({f.period}, {f.source[:3]})" for f in figures)
    common = _meet(intervals) if units_ok else None
    if not units_ok:
        status, why = CANNOT, "the figures are in different units: " + ", ".join(f.unit or "none" for f in figures)
    elif common is None:
        status, why = INCONSISTENT, "the figures' intervals do not overlap: " + ", ".join(map(str, intervals))
    elif any(all(i.within(j) for j in intervals) for i in intervals):
        status, why = CONSISTENT, f"the figures' intervals agree: they meet in {common}, which one of them is"
        status, why = unless_wholes_differ(status, why, figures)
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
        notes=declared_notes(figures, check),
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


def declared_notes(figures: tuple[Figure, ...], check: Check | None) -> tuple[str, ...]:
    notes = [check.note] if check and check.note else []
    scopes = {f.scope for f in figures}
    if len(scopes) > 1:
        notes.append("the figures' wholes differ: " + " against ".join(f.scope or "not stated" for f in figures))
    notes.extend(n for n in (status_note(f) for f in figures) if n)
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
        notes=declared_notes(figures, check),
        declared_at=str(check.at),
    )


def _within(figures: tuple[Figure, ...], check: Check) -> Finding:
    value, bound = figures
    iv, ib = base_interval(value), base_interval(bound)
    if not same_base_unit(value, bound) and value.unit != bound.unit:
        status, why = CANNOT, f"different units: {value.unit or 'none'} against {bound.unit or 'none'}"
    elif iv.within(ib):
        status, why = unless_wholes_differ(
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
        notes=declared_notes(figures, check),
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
            out.append(same_figures(figures, f"same:{c.id}", "same", c))
    return out

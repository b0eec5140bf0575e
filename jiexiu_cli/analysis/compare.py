"""Figures of one indicator set against each other: pairs and their arithmetic.

A pair is two figures of one indicator and one place (or of one period across places),
with the same scope, universe and base unit, whose periods and kinds make the comparison
meaningful. "A year within the run of years that holds it" generalises what this module
first did, 2021 against the 14th Five-Year Plan (十四五, plan_14th, 2021-2025):

=============================  ============================================  ================================
from                           to                                            relation
=============================  ============================================  ================================
a level                        a later level of an equal span                level-to-level
                               (2021 -> 2025; 2021Q1 -> 2022Q1)              (multiple, CAGR)
a year's level/change/count    the run of years that holds it: total         annual-to-five-year-total
                               or change (2021 -> 2021-2025)                 (share)
a year's target                the result over the run of years holding it   target-to-achieved
a year's target                the total over the run of years holding it    annual-target-to-five-year-total
a share/rate                   a later one of an equal span, or of the       share-to-share
                               run of years holding it
a rank (same universe)         the same                                      rank-to-rank
one place's figure             another place's of the same period and kind   place-to-place
=============================  ============================================  ================================

Spans: multiples and CAGRs only between spans of equal length (:meth:`Period.same_length`;
the CAGR's years from :meth:`Period.years_between`), or as a year's share of the run of
years that holds it. A figure of a span shorter than a year (a quarter, a half, a run of
months, a day) set against one of another length is not compared, and says so: such a pair
is returned with relation ``not-compared`` and why ("a quarter (2022 Q1) against a year
(2021)").

Every computed number (multiple, CAGR, share, change) is Decimal, carries the
qualifiers of its inputs as an interval, and comes with its formula: the arithmetic of
one pair is ``compare_arithmetic``'s; this module finds the pairs and judges them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from jiexiu_cli.analysis.compare_arithmetic import DIFFERENCE_KINDS, RATIO, SHARE_KINDS, SHARE_OF_TOTAL, compare_pair
from jiexiu_cli.analysis.compare_arithmetic import Comparison as Comparison  # one name for views and the kept results
from jiexiu_cli.core.model import Check, FactBase, Figure, Indicator
from jiexiu_cli.core.numbers import to_base
from jiexiu_cli.core.periods import Period, parse
from jiexiu_cli.factbase.query import period_key, place_of

FLOW_KINDS = ("level", "change", "count", "cumulative")
TOTAL_KINDS = ("cumulative", "change", "count")
NOT_COMPARED = "not-compared"
#: the verdicts: one measure; measures that differ, but a check (checks.yaml) declares how
#: they relate; not paired (listed, with why)
SAME_MEASURE, DECLARED, NOT_PAIRED = "same measure", "declared", "not paired"
_REASONS = {
    "level-to-level": "levels of equal spans, one scope",
    "annual-to-five-year-total": "a year within the run of years, whose total is the sum of its years, one scope",
    "annual-target-to-five-year-total": (
        "a year's target within the run of years, whose total is the sum of its years, one scope"
    ),
    "target-to-achieved": "a target for a year within the run of years whose result it is, one scope",
    "place-to-place": "one measure of one period, in two places",
    RATIO: "a year within the run of years, one scope; the run of years' figure is not the sum of its years",
}
#: spans shorter than a year: set against another length, they are reported as not compared
_SUB_YEAR = ("quarter", "half", "months", "point")


#: printed unit -> base unit (a vocabulary of the data's units: bounded like periods.parse's memory)
_BASE_UNITS: dict[str, str] = {}


def _base_unit(f: Figure) -> str:
    base = _BASE_UNITS.get(f.unit)
    if base is None:
        base = to_base(Decimal(1), f.unit)[1]
        if len(_BASE_UNITS) < 4096:
            _BASE_UNITS[f.unit] = base
    return base


def _after(pa: Period, pb: Period) -> bool:
    """``pb`` is a later span of the same length as ``pa``: 2021 -> 2025, 2021Q1 -> 2022Q1."""
    return pa.same_length(pb) and pa.key() < pb.key() and (pa.years_between(pb) or 0) > 0


def _year_within(pa: Period, pb: Period) -> bool:
    """``pa`` is one year of the run of years ``pb``: 2021 within 2021-2025."""
    return pa.kind == "year" and pb.kind == "years" and pb.contains(pa)


def relation_of(a: Figure, b: Figure) -> str | None:
    """How ``a`` relates to ``b`` over time (one place), or None, by their periods, kinds and
    units alone; whether they measure the same thing is :func:`difference`'s question."""
    pa, pb = parse(a.period), parse(b.period)
    if a.kind == "rank" and b.kind == "rank":
        return "rank-to-rank" if _after(pa, pb) or _year_within(pa, pb) else None
    if _base_unit(a) != _base_unit(b) or not a.unit:
        return None
    if a.kind in SHARE_KINDS and b.kind in SHARE_KINDS and a.kind == b.kind:
        return "share-to-share" if _after(pa, pb) or _year_within(pa, pb) else None
    if a.status == "target" and b.status == "actual" and _year_within(pa, pb):
        if a.kind == b.kind and a.kind in FLOW_KINDS:
            return "target-to-achieved"  # 5所学校 planned, 5所 built
        if a.kind in FLOW_KINDS and b.kind == "cumulative":
            return "annual-target-to-five-year-total"  # one year's plan against five years' total
        return None
    if a.status == "target":
        return None
    if a.kind == "level" and b.kind == "level" and _after(pa, pb):
        return "level-to-level"
    if a.kind in FLOW_KINDS and b.kind in TOTAL_KINDS and _year_within(pa, pb):
        return "annual-to-five-year-total"
    return None


def difference(a: Figure, b: Figure) -> str | None:
    """What differs in what two figures of one indicator measure, in words, from the data
    alone: their universe (ranks in 晋中市 against ranks in 山西省) and their scope (shares of
    预算 against 财政收入; 改建城市主干道 against 新改建主次干道). None where they are one measure."""
    parts = []
    if a.universe != b.universe:
        what = {"rank": "ranks in", "share": "shares of"}.get(a.kind, "figures of")
        parts.append(f"{what} different wholes: {a.universe or 'not stated'} against {b.universe or 'not stated'}")
    if a.scope != b.scope:
        kinds = {"share": "shares of different wholes", "rank": "ranks of different scopes"}
        parts.append(
            f"{kinds.get(a.kind, 'different measures')}: {a.scope or 'not stated'} against {b.scope or 'not stated'}"
        )
    return "; ".join(parts) or None


def not_additive(a: Figure, b: Figure, relation: str) -> str | None:
    """Why ``a`` is no share of ``b``'s total where the relation would make it one: a figure
    marked ``additive: false`` (a rolling list: the lists of 2021 and 2022 overlap, so the
    five years' list is not their sum). None where nothing says so."""
    if relation not in SHARE_OF_TOTAL:
        return None
    marked = [f.id for f in (a, b) if f.additive is False]
    if not marked:
        return None
    one = len(marked) == 1
    return (
        f"not additive: {' and '.join(marked)} {'is' if one else 'are'} not {'a part' if one else 'parts'} "
        "of a sum over the years (additive: false)"
    )


def declared_check(fb: FactBase, a: Figure, b: Figure) -> Check | None:
    """The curator's check (checks.yaml) that names both figures: a relation declared."""
    return next((c for c in fb.checks if a.id in c.figures and b.id in c.figures), None)


def unequal_spans(a: Figure, b: Figure) -> str | None:
    """Why ``a`` and ``b``, one measure of one place, are not compared: their spans differ in
    length and one is shorter than a year (a quarter against a year). None when that is not
    what keeps them apart."""
    pa, pb = parse(a.period), parse(b.period)
    if pa.same_length(pb) or (pa.kind not in _SUB_YEAR and pb.kind not in _SUB_YEAR):
        return None
    if a.kind == "rank" or b.kind == "rank":
        alike = a.kind == b.kind and a.scope == b.scope and a.universe == b.universe
    elif a.kind in SHARE_KINDS or b.kind in SHARE_KINDS:
        alike = a.kind == b.kind and _base_unit(a) == _base_unit(b)
    else:
        alike = a.kind in FLOW_KINDS and b.kind in FLOW_KINDS and a.scope == b.scope
        alike = alike and bool(a.unit) and _base_unit(a) == _base_unit(b)
    if not alike:
        return None
    measure = "a multiple or a CAGR needs" if a.kind in FLOW_KINDS else "a comparison needs"
    return (
        f"not compared: {pa.length_words()} ({pa.label()}) against {pb.length_words()} ({pb.label()}); "
        f"{measure} spans of equal length"
    )


def across_places(a: Figure, b: Figure) -> str | None:
    """``place-to-place`` where ``a`` and ``b`` state one measure of one period for two places."""
    same = (a.period, a.kind, a.scope, a.universe, a.status) == (b.period, b.kind, b.scope, b.universe, b.status)
    if not same or _base_unit(a) != _base_unit(b):
        return None
    return "place-to-place" if a.unit or a.kind == "rank" else None


def comparable_pairs(
    fb: FactBase,
    indicators: list[Indicator] | None = None,
    period: str | None = None,
    place_order: Mapping[str | None, int] | None = None,
) -> list[Comparison]:
    """Every meaningful pair, indicator by indicator: over time within one place (from
    different articles), then across places (one period), then the pairs of unequal spans
    that are not compared, each with why. ``period`` keeps the pairs one of whose figures
    is of that period (canonical text). ``place_order``: the places in the order the whole
    fact base first names them, where ``fb`` holds only some indicators' figures."""
    chosen = indicators if indicators is not None else sorted(fb.indicators, key=lambda i: (i.topic, i.id))
    # places in the order the fact base first names them (its files' order): from the first to the later
    order = place_order or {p: i for i, p in enumerate(dict.fromkeys(place_of(fb, f) for f in fb.figures))}
    out = []
    for ind in chosen:
        figures = sorted(fb.figures_by_indicator.get(ind.id, ()), key=lambda f: (period_key(f.period), f.source))
        placed = {f.id: place_of(fb, f) for f in figures}
        series = _Series(f.period for f in figures)
        starts = {f.id: period_key(f.period) for f in figures}
        related = _Relations(figures)
        over_time: list[Comparison] = []
        across: list[Comparison] = []
        unlike: list[Comparison] = []
        apart: list[Comparison] = []
        for a in figures:
            for b in figures:
                if a is b or (period is not None and period not in (a.period, b.period)):
                    continue
                pa, pb = placed[a.id], placed[b.id]
                if pa != pb:
                    first = pa is not None and pb is not None and order[pa] < order[pb]
                    relation = across_places(a, b) if first else None
                    if relation and a.kind in (*FLOW_KINDS, *DIFFERENCE_KINDS):
                        across.append(replace(compare_pair(ind, a, b, relation, (pa, pb)), reason=_reason(a, relation)))
                    continue
                if a.source == b.source:
                    continue
                relation = related(a, b)
                if relation and not series.neighbours(a.period, b.period):
                    continue
                if relation:
                    judged = judge(fb, ind, a, b, relation, (pa, pb))
                    (unlike if judged.verdict == NOT_PAIRED else over_time).append(judged)
                elif (
                    starts[a.id] < starts[b.id]
                    and series.unequal(a.period, b.period)
                    and related(b, a) is None
                    and series.adjacent(a.period, b.period)
                ):
                    why = unequal_spans(a, b)
                    if why:
                        apart.append(not_paired(ind, a, b, why, (pa, pb)))
        out += over_time + across + unlike + apart
    return out


class _Relations:
    """:func:`relation_of` over one indicator's figures, each answer computed once: it
    depends on the two figures' kinds, statuses, units and periods alone, which many of
    an indicator's figures share (articles restating one year; places), so a record of
    n figures asks n * n questions but computes far fewer."""

    def __init__(self, figures: Iterable[Figure]) -> None:
        signatures: dict[tuple[str, str, str, str], int] = {}
        #: figure id -> the number of its kind, status, unit and period
        self.signature = {
            f.id: signatures.setdefault((f.kind, f.status, f.unit, f.period), len(signatures)) for f in figures
        }
        self.known: dict[tuple[int, int], str | None] = {}

    def __call__(self, a: Figure, b: Figure) -> str | None:
        pair = (self.signature[a.id], self.signature[b.id])
        try:
            return self.known[pair]
        except KeyError:
            found = self.known[pair] = relation_of(a, b)
            return found


class _Series:
    """One indicator's periods as series, so that a long record pairs in linear, not
    quadratic, number: a span is set against the next span of its series (2021 -> 2022,
    2021Q1 -> 2022Q1) and the first against the last (2000 -> 2025), never every earlier
    against every later one (26 years of GDP would be 325 pairs); a span of another length
    is said not to compare with its neighbours of each other length, not with all of them."""

    def __init__(self, periods: Iterable[str]) -> None:
        parsed = {p: parse(p) for p in periods}
        self.parsed = parsed
        ordered = sorted(parsed, key=lambda p: parsed[p].key())
        #: same length and the same place in the year: what _after relates
        runs: dict[tuple[Any, ...], list[str]] = {}
        #: same length: what unequal_spans sets apart (as keys, for bisect)
        self.lengths: dict[tuple[Any, ...], tuple[list[tuple[int, int, int]], list[str]]] = {}
        for p in ordered:
            q = parsed[p]
            runs.setdefault(self._run(q), []).append(p)
            keys, names = self.lengths.setdefault((q.is_point, q.months), ([], []))
            keys.append(q.key())
            names.append(p)
        #: each period -> (its place in its run, the run's length): every question is O(log n)
        self.place = {p: (i, len(run)) for run in runs.values() for i, p in enumerate(run)}

        self._unequal: dict[tuple[str, str], bool] = {}

    def unequal(self, a: str, b: str) -> bool:
        """Whether spans ``a`` and ``b`` differ in length and one is shorter than a year:
        what :func:`unequal_spans` asks first (asked for many pairs of one indicator's
        few periods, so each answer is kept)."""
        found = self._unequal.get((a, b))
        if found is None:
            pa, pb = self.parsed[a], self.parsed[b]
            found = not pa.same_length(pb) and (pa.kind in _SUB_YEAR or pb.kind in _SUB_YEAR)
            self._unequal[(a, b)] = found
        return found

    @staticmethod
    def _run(q: Period) -> tuple[Any, ...]:
        return (q.is_point, q.months, q.last % 12, q.day)

    def neighbours(self, a: str, b: str) -> bool:
        """Whether ``a`` and ``b`` are next to each other in their series, or its ends
        (true for periods of different series: relations other than over time)."""
        pa, pb = self.parsed[a], self.parsed[b]
        if not _after(pa, pb) or self._run(pa) != self._run(pb):
            return True
        (i, n), (j, _) = self.place[a], self.place[b]
        return j - i == 1 or (i == 0 and j == n - 1)

    def adjacent(self, a: str, b: str) -> bool:
        """Whether ``a`` is the latest span of its length before ``b``, and ``b`` the
        earliest of its length after ``a`` (a quarter is set apart from the year before it
        and its own year, not from every year)."""
        from bisect import bisect_left, bisect_right

        pa, pb = self.parsed[a], self.parsed[b]
        keys_a, names_a = self.lengths[(pa.is_point, pa.months)]
        keys_b, names_b = self.lengths[(pb.is_point, pb.months)]
        i = bisect_left(keys_a, pb.key())  # the spans of a's length before b: names_a[:i]
        j = bisect_right(keys_b, pa.key())  # the spans of b's length after a: names_b[j:]
        return i > 0 and j < len(names_b) and names_a[i - 1] == a and names_b[j] == b


def judge(
    fb: FactBase, ind: Indicator, a: Figure, b: Figure, relation: str, places: tuple[str | None, str | None]
) -> Comparison:
    """One pair over time, judged: the same measure (computed; a plain ratio where the run of
    years' figure is not additive), measures that differ but whose relation a check declares
    (computed, the difference named), or not paired (listed, with why)."""
    diff = difference(a, b)
    caveat = not_additive(a, b, relation)
    if diff is not None:
        check = declared_check(fb, a, b)
        if check is None:
            why = f"not compared: {diff} (no check declares how they relate)" + (f"; {caveat}" if caveat else "")
            return not_paired(ind, a, b, why, places, (diff, *([caveat] if caveat else [])))
        c = compare_pair(ind, a, b, RATIO if caveat else relation, places)
        notes = tuple(n for n in (diff, caveat) if n)
        return replace(
            c,
            verdict=DECLARED,
            reason=f"declared by check {check.id} ({check.rule}): {diff}",
            differences=(diff,),
            notes=(*c.notes, *notes),
        )
    if caveat is not None:
        c = compare_pair(ind, a, b, RATIO, places)
        return replace(c, reason=_REASONS[RATIO], notes=(*c.notes, caveat))
    c = compare_pair(ind, a, b, relation, places)
    return replace(c, reason=_reason(a, relation))


def not_paired(
    ind: Indicator,
    a: Figure,
    b: Figure,
    why: str,
    places: tuple[str | None, str | None],
    differences: tuple[str, ...] = (),
) -> Comparison:
    """A pair listed as not compared, with why (and what differs in what they measure)."""
    return Comparison(
        ind,
        NOT_COMPARED,
        a,
        b,
        notes=(why,),
        why=why,
        places=places,
        verdict=NOT_PAIRED,
        reason=why,
        differences=differences,
    )


def _reason(a: Figure, relation: str) -> str:
    if relation == "rank-to-rank":
        return f"ranks in one whole ({a.universe or 'not stated'})"
    if relation == "share-to-share":
        return f"shares of one whole ({a.universe or a.scope or 'not stated'})"
    return _REASONS.get(relation, relation)

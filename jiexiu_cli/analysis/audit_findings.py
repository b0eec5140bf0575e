"""What an audit check is, and how it is told: the statuses, the finding, the figures and
intervals as every check shows them, and the verdict of a claim against an interval (see
``audit`` for the checks there are)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from jiexiu_cli.core.intervals import Interval, interval_of, rule_of
from jiexiu_cli.core.labels import display
from jiexiu_cli.core.model import Figure
from jiexiu_cli.core.numbers import plain, rounded, to_base
from jiexiu_cli.core.vocabulary import PLAN_STATUSES

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


def unless_wholes_differ(status: str, why: str, figures: tuple[Figure, ...]) -> tuple[str, str]:
    """A consistent check of figures of different wholes is compatible, and says so."""
    differ = wholes_differ(figures)
    if status != CONSISTENT or differ is None:
        return status, why
    return COMPATIBLE, f"{why}; but the figures' wholes differ ({differ}): not contradicted, not confirmed"


def same_base_unit(a: Figure, b: Figure) -> bool:
    return bool(a.unit) and to_base(Decimal(1), a.unit)[1] == to_base(Decimal(1), b.unit)[1]


def status_note(f: Figure) -> str:
    if f.status in PLAN_STATUSES:
        return f"{shown(f)} ({f.period}) is {f.status} ({f.qualifier_zh}), not a reported result"
    return ""

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

What a check is and how it is told: ``audit_findings``; the derived families:
``audit_derived``; the declared checks: ``audit_declared``; this module runs them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from jiexiu_cli.analysis.audit_declared import declared as declared
from jiexiu_cli.analysis.audit_derived import FAMILIES as FAMILIES
from jiexiu_cli.analysis.audit_derived import Anchors
from jiexiu_cli.analysis.audit_derived import growth_bases as growth_bases
from jiexiu_cli.analysis.audit_derived import implied_baselines as implied_baselines
from jiexiu_cli.analysis.audit_derived import same_quantities as same_quantities
from jiexiu_cli.analysis.audit_derived import stated_multiples as stated_multiples
from jiexiu_cli.analysis.audit_findings import CANNOT as CANNOT
from jiexiu_cli.analysis.audit_findings import COMPATIBLE as COMPATIBLE
from jiexiu_cli.analysis.audit_findings import CONSISTENT as CONSISTENT
from jiexiu_cli.analysis.audit_findings import INCONSISTENT as INCONSISTENT
from jiexiu_cli.analysis.audit_findings import STATUSES as STATUSES
from jiexiu_cli.analysis.audit_findings import Finding as Finding
from jiexiu_cli.analysis.audit_findings import shown as shown
from jiexiu_cli.core.model import Check, FactBase

#: a derived check: its family's rank, its anchors, its place among its family's
Derived = tuple[int, Anchors, int, Finding]


def audit(fb: FactBase, indicators: set[str] | None = None) -> list[Finding]:
    """Every check the fact base makes possible, declared ones first; optionally only those
    that involve one of ``indicators``."""
    position = {f.id: i for i, f in enumerate(fb.figures)}
    derived = in_order(derived_checks(fb, declared_pairs(fb.checks)), position.__getitem__)
    return chosen([*declared(fb), *derived], indicators)


def declared_pairs(checks: Iterable[Check]) -> set[frozenset[str]]:
    """Pairs of figures a check declares (same-quantity does not check them again)."""
    return {frozenset(c.figures) for c in checks if len(c.figures) == 2}


def chosen(findings: list[Finding], indicators: set[str] | None) -> list[Finding]:
    if indicators is None:
        return findings
    return [f for f in findings if any(x.indicator in indicators for x in f.inputs)]


def inconsistent(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.status == INCONSISTENT]


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

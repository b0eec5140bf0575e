"""``audit``'s answer: each check as a record (its inputs, formula and result interval) and
as a table row (the arithmetic with the quotes it rests on), with a count by status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiexiu_cli.core.labels import short_sources, whole_quote
from jiexiu_cli.core.model import Figure
from jiexiu_cli.present.records import figure_side, finite, rounded_or_none
from jiexiu_cli.present.render import Marked, Result

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jiexiu_cli.analysis.audit import Finding


def _input_record(f: Figure) -> dict[str, object]:
    from jiexiu_cli.core.intervals import interval_of, rule_of

    i = interval_of(f)
    return {
        **figure_side(f),
        "indicator": f.indicator,
        "interval": str(i),
        "min": finite(i.lo),
        "max": finite(i.hi),
        "rule": rule_of(f),
    }


def finding_record(x: Finding) -> dict[str, object]:
    i = x.result_interval
    return {
        "id": x.id,
        "rule": x.rule,
        "title": x.title,
        "status": x.status,
        "why": x.why,
        "formula": x.formula,
        "inputs": [_input_record(f) for f in x.inputs],
        "result": {
            "text": x.result,
            "value": rounded_or_none(x.result_value, 4),
            "min": finite(i.lo) if i else None,
            "max": finite(i.hi) if i else None,
            "min_open": (i.lo_open or i.lo.is_infinite()) if i else None,
            "max_open": (i.hi_open or i.hi.is_infinite()) if i else None,
            "unit": x.result_unit or None,
        },
        "tolerance": list(x.tolerance),
        "notes": list(x.notes),
        "declared_at": x.declared_at,
        "computed": True,
    }


def audit_view(findings: Iterable[Finding], sources: Iterable[str] | None = None) -> Result:
    """The answer as a table's rows (a table and Markdown; JSON and CSV write each check's
    :func:`finding_record` as it was kept), the findings read once, in order (each may be made
    as it is read: :class:`jiexiu_cli.results.audit.Findings`). ``sources``: the sources
    the findings' inputs quote, where known."""
    from jiexiu_cli.analysis.audit import STATUSES

    rows: list[list[str | Marked]] = []
    notes: list[str] = []
    if sources is None:
        findings = list(findings)
        sources = {f.source for x in findings for f in x.inputs}
    short = short_sources(sorted(sources))
    counts = dict.fromkeys(STATUSES, 0)
    for x in findings:
        if x.status in counts:
            counts[x.status] += 1
        n = len(notes) + 1
        cited = dict.fromkeys((whole_quote(f)[0], f.source) for f in x.inputs)
        quotes = "\n".join(f"「{q}」 {short[s]}" for q, s in cited)
        rows.append([x.status, f"{x.title}\n{x.rule} [{n}]", f"{x.formula}\n{quotes}", x.result])
        detail = [x.why, "read as: " + "; ".join(x.tolerance), *x.notes]
        notes.append(f"[{n}] " + ". ".join(d.rstrip(".") for d in detail if d) + ".")
    summary = f"{len(rows)} check(s): " + ", ".join(f"{v} {k}" for k, v in counts.items())
    return Result(
        records=[],
        columns=["status", "check", "arithmetic and quotes", "result"],
        rows=rows,
        title="Audit: the articles' claims against each other and their own arithmetic",
        footnotes=["intervals as in README, 'How figures become intervals'; computed in Decimal:", *notes, summary],
        wrap=("check", "arithmetic and quotes", "result"),
    )

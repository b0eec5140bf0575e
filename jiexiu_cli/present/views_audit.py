"""``audit``'s answer: each check as a record (its inputs, formula and result interval) and
as a table row (the arithmetic with the quotes it rests on), with a count by status."""

from __future__ import annotations

from collections.abc import Iterator, Sized
from itertools import chain
from typing import TYPE_CHECKING

from jiexiu_cli.core.labels import short_sources, whole_quote
from jiexiu_cli.core.model import Figure
from jiexiu_cli.present.records import figure_side, finite, rounded_or_none
from jiexiu_cli.present.render import Beside, Lazy, Marked, Result

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
    :func:`finding_record` as it was kept), made from the findings as they are read (each
    may be made as it is read: :class:`jiexiu_cli.results.audit.Findings`), never held:
    the rows, and the notes under them, are read again each time they are asked for
    (:class:`~jiexiu_cli.present.render.Lazy`). ``sources``: the sources the findings'
    inputs quote, where known."""
    if iter(findings) is findings or not isinstance(findings, Sized):  # read once: held
        findings = list(findings)
    if sources is None:
        sources = {f.source for x in findings for f in x.inputs}
    short = short_sources(sorted(sources))
    checks, size = findings, len(findings)
    notes = Beside()

    def rows() -> Iterator[list[str | Marked]]:
        notes.start()
        counts = _counts()
        for n, x in enumerate(checks, 1):
            notes.add(_note(x, n, counts))
            yield _row(x, n, short)
        notes.add(_summary(counts))
        notes.finish()

    def footnotes() -> Iterator[str]:
        head = "intervals as in README, 'How figures become intervals'; computed in Decimal:"
        return chain([head], notes.texts() if notes.complete else _notes(checks))

    return Result(
        records=[],
        columns=["status", "check", "arithmetic and quotes", "result"],
        rows=Lazy(rows, size),
        title="Audit: the articles' claims against each other and their own arithmetic",
        footnotes=Lazy(footnotes, size + 2),
        wrap=("check", "arithmetic and quotes", "result"),
    )


def _row(x: Finding, n: int, short: dict[str, str]) -> list[str | Marked]:
    """The row of check ``x``, the ``n``-th (its note's number)."""
    cited = dict.fromkeys((whole_quote(f)[0], f.source) for f in x.inputs)
    quotes = "\n".join(f"「{q}」 {short[s]}" for q, s in cited)
    return [x.status, f"{x.title}\n{x.rule} [{n}]", f"{x.formula}\n{quotes}", x.result]


def _counts() -> dict[str, int]:
    """How many checks of each status: none yet (and how many in all, under "")."""
    from jiexiu_cli.analysis.audit import STATUSES

    return {**dict.fromkeys(STATUSES, 0), "": 0}


def _note(x: Finding, n: int, counts: dict[str, int]) -> str:
    """The note of check ``x``, the ``n``-th, counted in ``counts``."""
    if x.status in counts:
        counts[x.status] += 1
    counts[""] += 1
    detail = [x.why, "read as: " + "; ".join(x.tolerance), *x.notes]
    return f"[{n}] " + ". ".join(d.rstrip(".") for d in detail if d) + "."


def _summary(counts: dict[str, int]) -> str:
    return f"{counts['']} check(s): " + ", ".join(f"{v} {k}" for k, v in counts.items() if k)


def _notes(findings: Iterable[Finding]) -> Iterator[str]:
    """The note of each check, in order, and last how many there are of each status."""
    counts = _counts()
    for n, x in enumerate(findings, 1):
        yield _note(x, n, counts)
    yield _summary(counts)

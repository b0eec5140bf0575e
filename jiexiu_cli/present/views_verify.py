"""``verify``'s report as records (JSON), as rows (CSV and Markdown) and as the lines a
person reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiexiu_cli.present.render import Marked, Result

if TYPE_CHECKING:
    from jiexiu_cli.analysis.verify import Report


def verify_records(report: Report) -> dict[str, object]:
    return {
        "ok": report.ok,
        "figures": report.figures,
        "indicators": report.indicators,
        "sources": report.sources,
        "tokens": report.tokens,
        "covered": report.covered,
        "coverage": [
            {"source": c.source, "tokens": c.tokens, "by_figures": c.by_figures, "by_exclusions": c.by_exclusions}
            for c in report.coverage
        ],
        "problems": [{"where": p.where, "message": p.message} for p in report.problems],
    }


def verify_view(report: Report) -> Result:
    """The report as rows, for csv and markdown: each article's coverage, then each problem."""
    records: list[dict[str, object]] = [
        {
            "kind": "coverage",
            "source": c.source,
            "tokens": c.tokens,
            "covered": c.covered,
            "by_figures": c.by_figures,
            "by_exclusions": c.by_exclusions,
            "where": None,
            "message": None,
        }
        for c in report.coverage
    ]
    records += [
        {
            "kind": "problem",
            "source": None,
            "tokens": None,
            "covered": None,
            "by_figures": None,
            "by_exclusions": None,
            "where": p.where,
            "message": p.message,
        }
        for p in report.problems
    ]
    rows: list[list[str | Marked]] = [
        [str(r["kind"]), str(r["source"] or r["where"]), _verify_detail(r)] for r in records
    ]
    *_, summary = verify_lines(report)
    return Result(
        records=records,
        columns=["kind", "where", "detail"],
        rows=rows,
        title=summary,
        wrap=("where", "detail"),
    )


def _verify_detail(r: dict[str, object]) -> str:
    if r["kind"] == "problem":
        return str(r["message"])
    return f"{r['covered']}/{r['tokens']} number tokens: {r['by_figures']} figures, {r['by_exclusions']} exclusions"


def verify_lines(report: Report) -> list[str]:
    """The human report: every problem, then the summary."""
    lines = [f"{p.where}: {p.message}" for p in report.problems]
    if lines:
        lines.append("")
    for c in report.coverage:
        pct = 100 * c.covered / c.tokens if c.tokens else 100.0
        lines.append(
            f"{c.source}: {c.covered}/{c.tokens} number tokens covered ({pct:.1f}%): "
            f"{c.by_figures} figures, {c.by_exclusions} exclusions"
        )
    verdict = "ok" if report.ok else f"FAILED: {len(report.problems)} problem(s)"
    lines.append(f"{report.figures} figures, {report.indicators} indicators, {report.sources} sources: {verdict}")
    return lines

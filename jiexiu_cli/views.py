"""Commands' answers as :class:`~jiexiu_cli.render.Result`: records plus a human view.

Plain functions of the fact base; no printing, no exit codes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from jiexiu_cli.model import FactBase, Figure, Indicator, Source
from jiexiu_cli.numbers import number_spans, plain, rounded, to_base
from jiexiu_cli.records import figure_record, indicator_record, source_record
from jiexiu_cli.render import Marked, Result

if TYPE_CHECKING:  # types only: `show` must not load compare, search or verify
    from jiexiu_cli.audit import Finding
    from jiexiu_cli.compare import Comparison
    from jiexiu_cli.intervals import Interval
    from jiexiu_cli.search import Hit
    from jiexiu_cli.verify import Report


def short_source(file: str) -> str:
    """'002_a7ce63afe1259d76.txt' -> '002' (the articles' own numbering)."""
    stem = file.rsplit(".", 1)[0]
    head = stem.split("_", 1)[0]
    return head if head and len(head) <= 8 else stem[:12]


def value_cell(f: Figure) -> str:
    number = plain(f.value)
    text = f"{number}{f.unit}"
    if f.printed is not None and f.printed != number:
        text += f" ({f.printed})"
    return text


def qualifier_cell(f: Figure) -> str:
    words = f" {f.qualifier_zh}" if f.qualifier_zh else ""
    status = f", {f.status}" if f.status not in ("actual", f.qualifier) else ""
    return f"{f.qualifier}{words}{status}"


def quote_cell(f: Figure) -> Marked:
    return Marked(f.quote, number_spans(f.quote, f.shown, f.nth))


def source_note(s: Source) -> str:
    return f"{short_source(s.file)} = {s.publisher}, {s.date}, 《{s.title}》 ({s.file})"


def show_view(fb: FactBase, ind: Indicator, figures: list[Figure]) -> Result:
    rows: list[list[str | Marked]] = []
    notes: list[str] = []
    for f in figures:
        marker = ""
        if f.note:
            notes.append(f"[{len(notes) + 1}] {f.note}")
            marker = f" [{len(notes)}]"
        scope = f" ({f.scope})" if f.scope else ""
        rows.append(
            [
                f.period,
                value_cell(f) + marker,
                qualifier_cell(f),
                f.kind + scope,
                short_source(f.source),
                quote_cell(f),
            ]
        )
    used = sorted({f.source for f in figures})
    notes += [source_note(fb.source_by_file[s]) for s in used]
    return Result(
        records=[figure_record(fb, f) for f in figures],
        columns=["period", "value", "qualifier", "kind", "source", "quote"],
        rows=rows,
        title=f"{ind.id} · {ind.name_zh} · {ind.name_en}",
        footnotes=notes,
        wrap=("quote", "value", "qualifier", "kind"),
    )


def cite_lines(fb: FactBase, ind: Indicator, figures: list[Figure]) -> list[str]:
    """One copy-ready citation per figure."""
    lines = []
    for f in figures:
        s = fb.source_by_file[f.source]
        qual = f" ({f.qualifier_zh})" if f.qualifier_zh else ""
        lines.append(
            f"{s.place or ''}{ind.name_zh} ({ind.name_en}), {f.period}: {plain(f.value)}{f.unit}{qual}"
            f" — {s.publisher}, {s.date}, 《{s.title}》: 「{f.quote}」"
        )
    return lines


def list_view(inds: list[Indicator], counts: Mapping[str, int]) -> Result:
    """The indicators, each with how many figures it has (``counts``, by indicator id)."""
    records = [indicator_record(i, counts.get(i.id, 0)) for i in inds]
    rows: list[list[str | Marked]] = [
        [r["indicator"], r["name_zh"], r["name_en"], r["topic"], str(r["figures"])] for r in records
    ]
    return Result(
        records=records,
        columns=["indicator", "name_zh", "name_en", "topic", "figures"],
        rows=rows,
        title=f"{len(inds)} indicators",
        wrap=("name_en", "name_zh"),
    )


def sources_view(sources: Sequence[Source], counts: Mapping[str, int]) -> Result:
    """The articles, each with how many figures cite it (``counts``, by source file)."""
    records = [source_record(s, counts.get(s.file, 0)) for s in sources]
    rows: list[list[str | Marked]] = [
        [
            short_source(r["source"]),
            r["title"],
            r["publisher"],
            r["date"],
            r["covers"],
            str(r["figures"]),
            r["sha256"][:12] + "…",
        ]
        for r in records
    ]
    return Result(
        records=records,
        columns=["source", "title", "publisher", "date", "covers", "figures", "sha256"],
        rows=rows,
        footnotes=[f"{short_source(s.file)} = {s.file}: {s.description}" for s in sources],
        wrap=("title", "publisher"),
    )


def export_view(fb: FactBase, figures: list[Figure]) -> Result:
    rows: list[list[str | Marked]] = [
        [f.id, f.period, value_cell(f), qualifier_cell(f), f.kind, short_source(f.source)] for f in figures
    ]
    return Result(
        records=[figure_record(fb, f) for f in figures],
        columns=["id", "period", "value", "qualifier", "kind", "source"],
        rows=rows,
        title=f"{len(figures)} figures",
        wrap=("id", "value"),
    )


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


# ---------------------------------------------------------------- compare

_BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(x: Decimal, biggest: Decimal, width: int = 12) -> str:
    """A horizontal bar of eighth-blocks: x's share of ``biggest`` over ``width`` cells."""
    if biggest <= 0 or x <= 0:
        return ""
    eighths = int((x / biggest * width * 8).to_integral_value())
    eighths = max(eighths, 1)
    return "█" * (eighths // 8) + (_BLOCKS[eighths % 8] if eighths % 8 else "")


def _side(f: Figure) -> dict[str, object]:
    return {
        "period": f.period,
        "value": f.value,
        "unit": f.unit,
        "qualifier": f.qualifier,
        "kind": f.kind,
        "status": f.status,
        "source": f.source,
        "quote": f.quote,
        "id": f.id,
    }


def _q(x: Decimal | None, places: int) -> Decimal | None:
    """Rounded for a record; None where there is no finite number."""
    return rounded(x, places) if x is not None and x.is_finite() else None


def comparison_record(c: Comparison) -> dict[str, object]:
    interval = c.multiple_interval.outward(3) if c.multiple_interval else None
    return {
        "indicator": c.indicator.id,
        "name_zh": c.indicator.name_zh,
        "name_en": c.indicator.name_en,
        "relation": c.relation,
        "from": _side(c.a),
        "to": _side(c.b),
        "multiple": _q(c.multiple, 3),
        "multiple_bound": c.multiple_bound or None,
        "multiple_min": interval.lo if interval and interval.lo.is_finite() else None,
        "multiple_max": interval.hi if interval and interval.hi.is_finite() else None,
        "cagr": _q(c.cagr, 4),
        "share": _q(c.share, 4),
        "change": c.change,
        "change_min": _finite(c.change_interval.lo) if c.change_interval else None,
        "change_max": _finite(c.change_interval.hi) if c.change_interval else None,
        "change_unit": c.change_unit or None,
        "computed": True,
        "formula": c.formulas,
        "notes": list(c.notes),
    }


def _spread(interval: Interval, places: int = 3) -> str:
    """' in [8.440, 8.454]' where the printed digits allow more than the shown rounding, else ''."""
    if interval.lo == interval.hi:
        return ""
    wide = interval.outward(places)
    if wide.lo.is_infinite() or wide.hi.is_infinite() or rounded(wide.lo, places) == rounded(wide.hi, places):
        return ""
    return f" in [{wide.lo:.{places}f}, {wide.hi:.{places}f}]"


def _finite(x: Decimal) -> Decimal | None:
    return x if x.is_finite() else None


def _figure_cell(f: Figure) -> Marked:
    head = f"{value_cell(f)} · {f.period}"
    if f.qualifier != "exact":
        head += f" · {qualifier_cell(f)}"
    text = f"{head}\n「{f.quote}」"
    offset = len(head) + 2
    spans = tuple((offset + a, offset + b) for a, b in number_spans(f.quote, f.shown, f.nth))
    return Marked(text, spans)


def compare_view(comparisons: list[Comparison]) -> Result:
    rows: list[list[str | Marked]] = []
    notes: list[str] = []
    for c in comparisons:
        va, vb = to_base(c.a.value, c.a.unit)[0], to_base(c.b.value, c.b.unit)[0]
        bound = f"{c.multiple_bound} " if c.multiple_bound else ""
        if c.multiple is not None:
            result = f"× {bound}{plain(rounded(c.multiple, 3))}"
            if not bound and c.multiple_interval is not None:
                result += _spread(c.multiple_interval)
        elif c.change is not None and c.change_interval is not None and c.change_interval.hi.is_infinite():
            result = f"≥ {plain(c.change)} {c.change_unit}".strip()
        elif c.change is not None and c.change_interval is not None and c.change_interval.lo.is_infinite():
            result = f"≤ {plain(c.change)} {c.change_unit}".strip()
        elif c.change is not None:
            result = f"{plain(c.change)} {c.change_unit}".strip()
        else:
            result = "direction unknown"
        extra = []
        if c.cagr is not None:
            extra.append(f"CAGR {bound}{plain(rounded(c.cagr * 100, 2))}%")
        if c.share is not None:
            extra.append(f"from = {plain(rounded(c.share * 100, 1))}% of to")
        notes.append(f"[{len(notes) + 1}] {c.indicator.id}: " + "; ".join([*c.formulas.values(), *c.notes]))
        graph = ""
        if c.relation not in ("rank-to-rank", "share-to-share"):
            top = max(va, vb)
            graph = f"{bar(va, top)}\n{bar(vb, top)}"
        rows.append(
            [
                f"{c.indicator.name_zh}\n{c.indicator.id}",
                _figure_cell(c.a),
                _figure_cell(c.b),
                f"{c.relation}\n{result} [{len(notes)}]" + ("\n" + "\n".join(extra) if extra else ""),
                graph,
            ]
        )
    return Result(
        records=[comparison_record(c) for c in comparisons],
        columns=["indicator", "from", "to", "computed", "bar"],
        rows=rows,
        title="2021 against the 14th Five-Year Plan period (2021-2025)",
        footnotes=["computed in Decimal from the printed figures:", *notes],
        wrap=("from", "to", "indicator"),
    )


# ---------------------------------------------------------------- search


def search_view(fb: FactBase, hits: list[Hit], terms: list[str]) -> Result:
    records = []
    rows: list[list[str | Marked]] = []
    for h in hits:
        record = figure_record(fb, h.figure)
        record["score"] = h.score
        record["matched"] = list(h.matched)
        records.append(record)
        f = h.figure
        ind = fb.indicator_by_id[f.indicator]
        spans = h.spans or number_spans(f.quote, f.shown, f.nth)
        rows.append(
            [
                f"{ind.name_zh}\n{ind.id}",
                f.period,
                value_cell(f),
                short_source(f.source),
                Marked(f.quote, spans),
                ", ".join(dict.fromkeys(h.matched)),
            ]
        )
    return Result(
        records=records,
        columns=["indicator", "period", "value", "source", "quote", "matched"],
        rows=rows,
        title=f"{len(hits)} figure(s) matching {' '.join(terms)}",
        wrap=("quote", "indicator", "matched"),
    )


# ---------------------------------------------------------------- audit


def _input_record(f: Figure) -> dict[str, object]:
    from jiexiu_cli.intervals import interval_of, rule_of

    i = interval_of(f)
    return {
        **_side(f),
        "indicator": f.indicator,
        "printed": f.printed,
        "basis": f.basis,
        "interval": str(i),
        "min": _finite(i.lo),
        "max": _finite(i.hi),
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
            "value": _q(x.result_value, 4),
            "min": _finite(i.lo) if i else None,
            "max": _finite(i.hi) if i else None,
            "min_open": (i.lo_open or i.lo.is_infinite()) if i else None,
            "max_open": (i.hi_open or i.hi.is_infinite()) if i else None,
            "unit": x.result_unit or None,
        },
        "tolerance": list(x.tolerance),
        "notes": list(x.notes),
        "declared_at": x.declared_at,
        "computed": True,
    }


def audit_view(findings: list[Finding]) -> Result:
    rows: list[list[str | Marked]] = []
    notes: list[str] = []
    files = {f.source for x in findings for f in x.inputs}
    short = {s: short_source(s) for s in files}
    if len(set(short.values())) < len(short):  # 'bad_a.txt' and 'bad_b.txt' must not both read 'bad'
        short = {s: s for s in files}
    for x in findings:
        n = len(notes) + 1
        cited = dict.fromkeys((f.quote, f.source) for f in x.inputs)
        quotes = "\n".join(f"「{q}」 {short[s]}" for q, s in cited)
        rows.append([x.status, f"{x.title}\n{x.rule} [{n}]", f"{x.formula}\n{quotes}", x.result])
        detail = [x.why, "read as: " + "; ".join(x.tolerance), *x.notes]
        notes.append(f"[{n}] " + ". ".join(d.rstrip(".") for d in detail if d) + ".")
    counts = {s: sum(1 for x in findings if x.status == s) for s in ("consistent", "inconsistent", "cannot check")}
    summary = f"{len(findings)} check(s): " + ", ".join(f"{v} {k}" for k, v in counts.items())
    return Result(
        records=[finding_record(x) for x in findings],
        columns=["status", "check", "arithmetic and quotes", "result"],
        rows=rows,
        title="Audit: the articles' claims against each other and their own arithmetic",
        footnotes=["intervals as in README, 'How figures become intervals'; computed in Decimal:", *notes, summary],
        wrap=("check", "arithmetic and quotes", "result"),
    )

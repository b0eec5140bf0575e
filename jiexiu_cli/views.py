"""Commands' answers as :class:`~jiexiu_cli.render.Result`: records plus a human view.

Plain functions of the fact base; no printing, no exit codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from jiexiu_cli.labels import display, whole_quote
from jiexiu_cli.model import FactBase, Figure, Indicator, Source
from jiexiu_cli.numbers import plain, rounded, to_base
from jiexiu_cli.periods import parse
from jiexiu_cli.query import place_of
from jiexiu_cli.records import figure_record, indicator_record, source_record
from jiexiu_cli.render import Marked, Result

if TYPE_CHECKING:  # types only: `show` must not load compare, search or verify
    from jiexiu_cli.audit import Finding
    from jiexiu_cli.compare import Comparison
    from jiexiu_cli.intervals import Interval
    from jiexiu_cli.search import Hit
    from jiexiu_cli.verify import Report


def short_source(file: str) -> str:
    """'002_a7ce63afe1259d76.txt' -> '002' (the articles' own numbering); a name without one
    keeps its whole stem ('jiexiu-2022q1.txt' -> 'jiexiu-2022q1'), a long stem its first 15
    characters and '…'. :func:`short_sources` makes the labels of a table unique."""
    stem = file.rsplit(".", 1)[0] if "." in file[1:] else file
    head = stem.split("_", 1)[0]
    if head and len(head) <= 8 and head != stem:
        return head
    return stem if len(stem) <= 16 else stem[:15] + "…"


def short_sources(files: Iterable[str]) -> dict[str, str]:
    """A short label for each file, unique among them: its :func:`short_source`, else (where
    two would read alike: 'a_1.txt' and 'a_2.txt') its stem, else its whole name."""
    chosen = {f: short_source(f) for f in dict.fromkeys(files)}
    for whole in (False, True):
        seen: dict[str, int] = {}
        for label in chosen.values():
            seen[label] = seen.get(label, 0) + 1
        chosen = {f: (_longer(f, whole) if seen[label] > 1 else label) for f, label in chosen.items()}
    return chosen


def _longer(file: str, whole: bool) -> str:
    return file if whole or "." not in file[1:] else file.rsplit(".", 1)[0]


def period_cell(period: str) -> str:
    """A period as a reader cannot mistake it: 2021, 2021-2025, 2022 Q1, 2022 H1, 2022 Jan-Oct."""
    return parse(period).label()


def figure_period_cell(f: Figure) -> str:
    """The figure's period and, for a growth rate, change or multiple, the period it is
    measured against, on a line of its own: '2022 Q1' / 'vs 2021 Q1' (同比)."""
    text = period_cell(f.period)
    if f.base_period and f.kind in _AGAINST_A_BASE:
        text += f"\nvs {period_cell(f.base_period)}"
    return text


_AGAINST_A_BASE = ("growth_rate", "change", "multiple")


def kind_cell(f: Figure, base: bool = False) -> str:
    """The kind, with what it is measured in: rank in 晋中市, share of 晋中市, share (新进教师),
    growth_rate (real); with ``base``, also what it is measured against: growth_rate vs 2021 Q1."""
    text = f.kind
    if f.universe:
        text += f" {'of' if f.kind == 'share' else 'in'} {f.universe}"
    if f.scope:
        text += f" ({f.scope})"
    if f.basis:
        text += f" ({f.basis})"
    if base and f.base_period and f.kind in _AGAINST_A_BASE:
        text += f" vs {period_cell(f.base_period)}"
    return text


def value_cell(f: Figure) -> str:
    """What the figure is, in its own words (labels.display): 全省第七, 增长36.03%."""
    return display(f)


def qualifier_cell(f: Figure) -> str:
    words = f" {f.qualifier_zh}" if f.qualifier_zh else ""
    status = f", {f.status}" if f.status not in ("actual", f.qualifier) else ""
    return f"{f.qualifier}{words}{status}"


def quote_cell(f: Figure) -> Marked:
    """The quote, with the other half of a sentence the layout split (fragment … quote)."""
    return Marked(*whole_quote(f))


def source_note(s: Source, label: str | None = None) -> str:
    return f"{label or short_source(s.file)} = {s.publisher}, {s.date}, 《{s.title}》 ({s.file})"


def _places(fb: FactBase, figures: list[Figure]) -> list[str | None]:
    """Each figure's place, or an empty list when they are all of one place (no column then)."""
    placed = [place_of(fb, f) for f in figures]
    return placed if len(set(placed)) > 1 else []


def show_view(fb: FactBase, ind: Indicator, figures: list[Figure]) -> Result:
    rows: list[list[str | Marked]] = []
    notes: list[str] = []
    short = short_sources(f.source for f in figures)
    placed = _places(fb, figures)
    records = [figure_record(fb, f) for f in figures]
    for i, f in enumerate(figures):
        marker = ""
        if f.note:
            notes.append(f"[{len(notes) + 1}] {f.note}")
            marker = f" [{len(notes)}]"
        rows.append(
            [
                figure_period_cell(f),
                *([placed[i] or ""] if placed else []),
                records[i]["display"] + marker,
                qualifier_cell(f),
                kind_cell(f),
                short[f.source],
                quote_cell(f),
            ]
        )
    used = sorted({f.source for f in figures})
    notes += [source_note(fb.source_by_file[s], short[s]) for s in used]
    return Result(
        records=records,
        columns=["period", *(["place"] if placed else []), "value", "qualifier", "kind", "source", "quote"],
        rows=rows,
        title=f"{ind.id} · {ind.name_zh} · {ind.name_en}",
        footnotes=notes,
        wrap=("quote", "value", "qualifier", "kind"),
        shorten=("quote",),
    )


def cite_lines(fb: FactBase, ind: Indicator, figures: list[Figure]) -> list[str]:
    """One copy-ready citation per figure."""
    lines = []
    for f in figures:
        s = fb.source_by_file[f.source]
        what = f" [{kind_cell(f, base=True)}]" if f.kind not in ("level", "count", "cumulative") else ""
        lines.append(
            f"{place_of(fb, f) or ''}{ind.name_zh} ({ind.name_en}), {period_cell(f.period)}: "
            f"{display(f)}{what} — {s.publisher}, {s.date}, 《{s.title}》: 「{whole_quote(f)[0]}」"
        )
    return lines


def cite_view(fb: FactBase, ind: Indicator, figures: list[Figure]) -> Result:
    """The citations as records (each figure's, with its ``citation``) for json and csv,
    and as a one-column table for markdown."""
    lines = cite_lines(fb, ind, figures)
    return Result(
        records=[{**figure_record(fb, f), "citation": line} for f, line in zip(figures, lines, strict=True)],
        columns=["citation"],
        rows=[[line] for line in lines],
        wrap=("citation",),
    )


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
        wrap=("name_en", "name_zh", "indicator"),
    )


def sources_view(sources: Sequence[Source], counts: Mapping[str, int]) -> Result:
    """The articles, each with how many figures cite it (``counts``, by source file)."""
    records = [source_record(s, counts.get(s.file, 0)) for s in sources]
    short = short_sources(s.file for s in sources)
    rows: list[list[str | Marked]] = [
        [
            short[r["source"]],
            r["title"],
            r["publisher"],
            r["date"],
            period_cell(r["covers"]),
            r["place"] or "",
            str(r["figures"]),
            r["sha256"][:8] + "…",
        ]
        for r in records
    ]
    return Result(
        records=records,
        columns=["source", "title", "publisher", "date", "covers", "place", "figures", "sha256"],
        rows=rows,
        footnotes=[f"{short[s.file]} = {s.file}: {s.description}" for s in sources],
        wrap=("title", "publisher"),
    )


def export_view(fb: FactBase, figures: list[Figure]) -> Result:
    short = short_sources(f.source for f in figures)
    placed = _places(fb, figures)
    rows: list[list[str | Marked]] = [
        [
            f.id,
            figure_period_cell(f),
            *([placed[i] or ""] if placed else []),
            value_cell(f),
            qualifier_cell(f),
            kind_cell(f),
            short[f.source],
        ]
        for i, f in enumerate(figures)
    ]
    return Result(
        records=[figure_record(fb, f) for f in figures],
        columns=["id", "period", *(["place"] if placed else []), "value", "qualifier", "kind", "source"],
        rows=rows,
        title=f"{len(figures)} figures",
        wrap=("id", "value", "qualifier", "kind"),
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


# ---------------------------------------------------------------- compare

_BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(x: Decimal, biggest: Decimal, width: int = 12) -> str:
    """A horizontal bar of eighth-blocks: x's share of ``biggest`` over ``width`` cells."""
    if biggest <= 0 or x <= 0:
        return ""
    eighths = int((x / biggest * width * 8).to_integral_value())
    eighths = max(eighths, 1)
    return "█" * (eighths // 8) + (_BLOCKS[eighths % 8] if eighths % 8 else "")


def _side(f: Figure, place: str | None = None) -> dict[str, object]:
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
        "period_label": period_cell(f.period),
        "place": place,
        "universe": f.universe,
        "display": display(f),
        "printed": f.printed,
        "qualifier_zh": f.qualifier_zh,
        "scope": f.scope,
        "basis": f.basis,
        "fragment": f.fragment,
        "fragment_before": f.fragment_before if f.fragment is not None else None,
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
        "from": _side(c.a, c.places[0]),
        "to": _side(c.b, c.places[1]),
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
        "ratio": _q(c.ratio, 4),
        "computed": c.why is None,
        "formula": c.formulas,
        "notes": list(c.notes),
        "why": c.why,
        "verdict": c.verdict,
        "reason": c.reason,
        "differences": list(c.differences),
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


def _figure_cell(f: Figure, place: str | None = None, quote: bool = True) -> Marked:
    # the canonical period (2022Q1): this cell wraps, and "2022 Q1" could break at its space
    head = f"{value_cell(f)} · {f.period}"
    if place:
        head += f" · {place}"
    if f.kind not in ("level", "count", "cumulative"):
        head += f" · {kind_cell(f, base=True)}"
    if f.qualifier != "exact" and not f.qualifier_zh:  # else the display carries the words (有望突破)
        head += f" · {qualifier_cell(f)}"
    if not quote:
        return Marked(head)
    whole, spans = whole_quote(f)
    text = f"{head}\n「{whole}」"
    offset = len(head) + 2
    return Marked(text, tuple((offset + a, offset + b) for a, b in spans))


def compare_view(comparisons: list[Comparison]) -> Result:
    rows: list[list[str | Marked]] = []
    notes: list[str] = []
    across = any(c.relation == "place-to-place" for c in comparisons)
    for c in comparisons:
        if c.why is not None:
            notes.append(f"[{len(notes) + 1}] {c.indicator.id}: {c.why}")
            pa, pb = parse(c.a.period), parse(c.b.period)
            # the measures differ (named), or the spans (a quarter against a year)
            what = "\n".join(c.differences) or f"{pa.length_words()}\nagainst {pb.length_words()}"
            rows.append(
                [
                    f"{c.indicator.name_zh}\n{c.indicator.id}",
                    _figure_cell(c.a, c.places[0] if across else None, quote=False),
                    _figure_cell(c.b, c.places[1] if across else None, quote=False),
                    f"not compared [{len(notes)}]:\n{what}",
                    "",
                ]
            )
            continue
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
        if c.ratio is not None:
            extra.append(f"from / to = {plain(rounded(c.ratio * 100, 1))}%, not a share: not additive")
        extra += [f"declared, but {d}" for d in c.differences]
        notes.append(f"[{len(notes) + 1}] {c.indicator.id}: " + "; ".join([*c.formulas.values(), *c.notes]))
        graph = ""
        if c.multiple is not None:
            top = max(va, vb)
            graph = f"{bar(va, top)}\n{bar(vb, top)}"
        rows.append(
            [
                f"{c.indicator.name_zh}\n{c.indicator.id}",
                _figure_cell(c.a, c.places[0] if across else None),
                _figure_cell(c.b, c.places[1] if across else None),
                f"{c.relation}\n{result} [{len(notes)}]" + ("\n" + "\n".join(extra) if extra else ""),
                graph,
            ]
        )
    return Result(
        records=[comparison_record(c) for c in comparisons],
        columns=["indicator", "from", "to", "computed", "bar"],
        rows=rows,
        title=(
            "Each figure against a later one of equal span, the run of years that holds it"
            + (", or another place's" if across else "")
        ),
        footnotes=["computed in Decimal from the printed figures:", *notes],
        wrap=("from", "to", "indicator", "computed"),
        shorten=("from", "to"),
        optional=("bar",),
    )


# ---------------------------------------------------------------- search


def search_count(matched: int, shown: int) -> str:
    """How many figures match and how many are shown: 50 figures match; showing the best 20
    (--limit 0 for all)."""
    said = f"{matched} figure{'' if matched == 1 else 's'} match{'es' if matched == 1 else ''}"
    return said if shown >= matched else f"{said}; showing the best {shown} (--limit 0 for all)"


def search_view(fb: FactBase, hits: list[Hit], terms: list[str], matched: int | None = None) -> Result:
    records = []
    rows: list[list[str | Marked]] = []
    short = short_sources(h.figure.source for h in hits)
    placed = _places(fb, [h.figure for h in hits])
    for i, h in enumerate(hits):
        record = figure_record(fb, h.figure)
        record["score"] = h.score
        record["matched"] = list(h.matched)
        records.append(record)
        f = h.figure
        ind = fb.indicator_by_id[f.indicator]
        rows.append(
            [
                f"{ind.name_zh}\n{ind.id}",
                period_cell(f.period),
                *([placed[i] or ""] if placed else []),
                value_cell(f),
                qualifier_cell(f),
                short[f.source],
                Marked(*whole_quote(f, h.spans or None)),
                ", ".join(dict.fromkeys(h.matched)),
            ]
        )
    count = search_count(len(hits) if matched is None else matched, len(hits))
    return Result(
        records=records,
        columns=[
            "indicator",
            "period",
            *(["place"] if placed else []),
            "value",
            "qualifier",
            "source",
            "quote",
            "matched",
        ],
        rows=rows,
        title=f"{' '.join(terms)}: {count}",
        wrap=("quote", "indicator", "matched", "qualifier"),
        shorten=("quote",),
        optional=("matched",),  # why each figure matched: left out where it costs lines (JSON keeps it)
    )


# ---------------------------------------------------------------- audit


def _input_record(f: Figure) -> dict[str, object]:
    from jiexiu_cli.intervals import interval_of, rule_of

    i = interval_of(f)
    return {
        **_side(f),
        "indicator": f.indicator,
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
    short = short_sources(sorted({f.source for x in findings for f in x.inputs}))
    for x in findings:
        n = len(notes) + 1
        cited = dict.fromkeys((whole_quote(f)[0], f.source) for f in x.inputs)
        quotes = "\n".join(f"「{q}」 {short[s]}" for q, s in cited)
        rows.append([x.status, f"{x.title}\n{x.rule} [{n}]", f"{x.formula}\n{quotes}", x.result])
        detail = [x.why, "read as: " + "; ".join(x.tolerance), *x.notes]
        notes.append(f"[{n}] " + ". ".join(d.rstrip(".") for d in detail if d) + ".")
    from jiexiu_cli.audit import STATUSES

    counts = {s: sum(1 for x in findings if x.status == s) for s in STATUSES}
    summary = f"{len(findings)} check(s): " + ", ".join(f"{v} {k}" for k, v in counts.items())
    return Result(
        records=[finding_record(x) for x in findings],
        columns=["status", "check", "arithmetic and quotes", "result"],
        rows=rows,
        title="Audit: the articles' claims against each other and their own arithmetic",
        footnotes=["intervals as in README, 'How figures become intervals'; computed in Decimal:", *notes, summary],
        wrap=("check", "arithmetic and quotes", "result"),
    )

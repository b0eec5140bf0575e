"""The answers of show, list, sources and export as :class:`~jiexiu_cli.present.render.Result`:
records plus a human view. (compare, search, verify and audit: ``views_compare``,
``views_search``, ``views_verify``, ``views_audit``; the cells they share: ``view_cells``.)

Plain functions of the fact base; no printing, no exit codes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from jiexiu_cli.core.labels import display, short_sources, whole_quote
from jiexiu_cli.core.model import FactBase, Figure, Indicator, Source
from jiexiu_cli.factbase.query import place_of
from jiexiu_cli.present.records import figure_record, indicator_record, source_record
from jiexiu_cli.present.render import Marked, Result
from jiexiu_cli.present.view_cells import (
    figure_period_cell,
    kind_cell,
    period_cell,
    places_column,
    qualifier_cell,
    quote_cell,
    source_note,
    value_cell,
)


def show_view(fb: FactBase, ind: Indicator, figures: list[Figure]) -> Result:
    rows: list[list[str | Marked]] = []
    notes: list[str] = []
    short = short_sources(f.source for f in figures)
    placed = places_column(fb, figures)
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
    """The figures as a table's rows (a table or Markdown: JSON and CSV stream the records
    themselves, so none is made here: 100,000 of them held at once would be most of the
    command's memory)."""
    short = short_sources(f.source for f in figures)
    placed = places_column(fb, figures)
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
        records=[],
        columns=["id", "period", *(["place"] if placed else []), "value", "qualifier", "kind", "source"],
        rows=rows,
        title=f"{len(figures)} figures",
        wrap=("id", "value", "qualifier", "kind"),
    )


# ---------------------------------------------------------------- search

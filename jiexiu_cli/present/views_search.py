"""``search``'s answer: each figure found as a record with its score and what matched it,
and as a table row with the match highlighted in its quote."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiexiu_cli.core.labels import short_sources, whole_quote
from jiexiu_cli.core.model import FactBase
from jiexiu_cli.present.records import figure_record
from jiexiu_cli.present.render import Marked, Result
from jiexiu_cli.present.view_cells import period_cell, places_column, qualifier_cell, value_cell

if TYPE_CHECKING:
    from jiexiu_cli.factbase.search import Hit


def search_count(matched: int, shown: int) -> str:
    """How many figures match and how many are shown: 50 figures match; showing the best 20
    (--limit 0 for all)."""
    said = f"{matched} figure{'' if matched == 1 else 's'} match{'es' if matched == 1 else ''}"
    return said if shown >= matched else f"{said}; showing the best {shown} (--limit 0 for all)"


def search_view(fb: FactBase, hits: list[Hit], terms: list[str], matched: int | None = None) -> Result:
    records = []
    rows: list[list[str | Marked]] = []
    short = short_sources(h.figure.source for h in hits)
    placed = places_column(fb, [h.figure for h in hits])
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

"""Model -> plain records (dicts) in the shape CONTRACT.md promises to scripts."""

from __future__ import annotations

from typing import Any

from jiexiu_cli.model import FactBase, Figure, Indicator, Source
from jiexiu_cli.numbers import to_base
from jiexiu_cli.periods import parse
from jiexiu_cli.query import place_of


def figure_record(fb: FactBase, f: Figure) -> dict[str, Any]:
    """One figure as a JSON/CSV record: the contract's keys first, then the extras.

    ``period`` is the canonical text (2022Q1); ``period_label`` how the tables print it
    (2022 Q1), ``period_start``/``period_end`` its first and last day. ``place`` is whose
    quantity it is (the figure's own, else its source's); ``universe`` the whole a rank or
    share is measured in."""
    ind = fb.indicator_by_id[f.indicator]
    value_base, unit_base = to_base(f.value, f.unit)
    period = parse(f.period)
    start, end = period.iso()
    return {
        "indicator": f.indicator,
        "name_zh": ind.name_zh,
        "name_en": ind.name_en,
        "period": f.period,
        "value": f.value,
        "printed": f.printed,
        "unit": f.unit,
        "qualifier": f.qualifier,
        "kind": f.kind,
        "source": f.source,
        "quote": f.quote,
        "id": f.id,
        "status": f.status,
        "qualifier_zh": f.qualifier_zh,
        "scope": f.scope,
        "base_period": f.base_period,
        "value_base": value_base,
        "unit_base": unit_base,
        "topic": ind.topic,
        "fragment": f.fragment,
        "unit_note": f.unit_note,
        "note": f.note,
        "period_label": period.label(),
        "period_start": start,
        "period_end": end,
        "place": place_of(fb, f),
        "universe": f.universe,
        "basis": f.basis,
    }


def indicator_record(ind: Indicator, figures: int) -> dict[str, Any]:
    return {
        "indicator": ind.id,
        "name_zh": ind.name_zh,
        "name_en": ind.name_en,
        "topic": ind.topic,
        "figures": figures,
        "aliases": list(ind.aliases),
    }


def source_record(s: Source, figures: int) -> dict[str, Any]:
    return {
        "source": s.file,
        "title": s.title,
        "publisher": s.publisher,
        "date": s.date,
        "covers": s.covers,
        "description": s.description,
        "sha256": s.sha256,
        "figures": figures,
        "place": s.place,
    }

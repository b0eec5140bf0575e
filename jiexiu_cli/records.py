"""Model -> plain records (dicts) in the shape CONTRACT.md promises to scripts."""

from __future__ import annotations

from typing import Any

from jiexiu_cli.model import FactBase, Figure, Indicator, Source
from jiexiu_cli.numbers import to_base


def figure_record(fb: FactBase, f: Figure) -> dict[str, Any]:
    """One figure as a JSON/CSV record: the contract's keys first, then the extras."""
    ind = fb.indicator_by_id[f.indicator]
    value_base, unit_base = to_base(f.value, f.unit)
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
    }

"""Model -> plain records (dicts) in the shape docs/CONTRACT.md promises to scripts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jiexiu_cli.core.labels import display
from jiexiu_cli.core.model import FactBase, Figure, Indicator, Source
from jiexiu_cli.core.numbers import plain, printed_fraction, rounded, to_base
from jiexiu_cli.core.periods import parse
from jiexiu_cli.factbase.query import place_of

#: the keys of a figure record, in order (CONTRACT.md's first; later ones only ever added at the end)
FIGURE_KEYS = (
    "indicator",
    "name_zh",
    "name_en",
    "period",
    "value",
    "printed",
    "unit",
    "qualifier",
    "kind",
    "source",
    "quote",
    "id",
    "status",
    "qualifier_zh",
    "scope",
    "base_period",
    "value_base",
    "unit_base",
    "topic",
    "fragment",
    "unit_note",
    "note",
    "period_label",
    "period_start",
    "period_end",
    "place",
    "universe",
    "basis",
    "display",
    "value_exact",
    "fragment_before",
    "additive",
    "source_title",
    "source_date",
)


def figure_record(fb: FactBase, f: Figure) -> dict[str, Any]:
    """One figure as a JSON/CSV record: the contract's keys first, then the extras.

    ``period`` is the canonical text (2022Q1); ``period_label`` how the tables print it
    (2022 Q1), ``period_start``/``period_end`` its first and last day. ``place`` is whose
    quantity it is (the figure's own, else its source's); ``universe`` the whole a rank or
    share is measured in. ``display`` is what the figure is, in its own words (全省第七,
    增长36.03%); ``value_exact`` a fraction as printed ("1/3", where ``value`` is 0.3333);
    ``source_title`` and ``source_date`` the article's (for a spreadsheet that has no
    ``jiexiu sources`` beside it)."""
    ind = fb.indicator_by_id[f.indicator]
    source = fb.source_by_file.get(f.source)
    value_base, unit_base = base_value(f)
    fraction = printed_fraction(f.printed)
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
        "display": display(f),
        "value_exact": f"{fraction[0]}/{fraction[1]}" if fraction else None,
        "fragment_before": f.fragment_before if f.fragment is not None else None,
        "additive": f.additive,
        # after every earlier key (issue 18): columns are only ever added at the end
        "source_title": source.title if source else None,
        "source_date": source.date if source else None,
    }


#: a share's unit -> what it is in per cent: shares are given one scale, per cent, in value_base
_PER_CENT = {"%": Decimal(1), "％": Decimal(1), "‰": Decimal("0.1"), "": Decimal(100)}


def base_value(f: Figure) -> tuple[Decimal, str]:
    """The figure in its base unit: magnitudes multiplied out (341.3 亿元 -> 34130000000 元;
    百亿 with unit 亿 -> 10000000000, a plain number), and a share in per cent whatever its
    printed scale (1/3 -> 33.3333 %, from the exact fraction, 4 decimals; 86% -> 86 %)."""
    if f.kind == "share" and f.unit in _PER_CENT:
        fraction = printed_fraction(f.printed)
        exact = Decimal(fraction[0]) / Decimal(fraction[1]) if fraction else f.value
        return Decimal(plain(rounded(exact * _PER_CENT[f.unit], 4))), "%"
    return to_base(f.value, f.unit)


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


def figure_side(f: Figure, place: str | None = None) -> dict[str, Any]:
    """A figure as one side of a comparison or an input of an audit check: what it is, as
    printed and labelled, and where it was said."""
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
        "period_label": parse(f.period).label(),
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


def rounded_or_none(x: Decimal | None, places: int) -> Decimal | None:
    """``x`` rounded to ``places`` for a record; None where there is no finite number."""
    return rounded(x, places) if x is not None and x.is_finite() else None


def finite(x: Decimal) -> Decimal | None:
    """``x``, or None for an unbounded end (JSON has no infinity)."""
    return x if x.is_finite() else None

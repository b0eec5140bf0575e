"""search over a fact base loaded in memory, as it was before the store: the reference the
store's search (SQL, ``store_search.py``) must agree with, hit for hit and in the same
order. The package itself searches only the store; this lives with the tests."""

from __future__ import annotations

from dataclasses import dataclass

from jiexiu_cli.core.model import FactBase
from jiexiu_cli.factbase.search import Hit, Item, Text, prepare, rank, text_maker


@dataclass(frozen=True, slots=True)
class SearchIndex:
    names: dict[str, tuple[Text, ...]]  # indicator id -> (id, name_zh, name_en, *aliases)
    quotes: dict[str, Text]  # figure id -> quote


def build_index(fb: FactBase) -> SearchIndex:
    """Pinyin for every name, alias and quote of ``fb`` (imports pypinyin)."""
    text = text_maker()
    names = {i.id: tuple(text(n) for n in (i.id, i.name_zh, i.name_en, *i.aliases)) for i in fb.indicators}
    quotes = {f.id: text(f.quote) for f in fb.figures}
    return SearchIndex(names, quotes)


def search(fb: FactBase, index: SearchIndex, terms: list[str], limit: int | None = 20) -> list[Hit]:
    """Figures matching every term, best first."""
    prepared = prepare(terms)
    items = (
        Item(
            f.id, f.indicator, f.period, f.source, index.quotes[f.id], f.kind, f.status, f.value, f.qualifier, f.printed
        )
        for f in fb.figures
    )
    by_id = {f.id: f for f in fb.figures}
    topics = {i.id: i.topic for i in fb.indicators}
    ranked = rank(index.names, items, prepared, limit, topics)
    return [Hit(by_id[r.item.id], r.score, r.matched, r.spans) for r in ranked]

"""``export --format json``'s records, kept as text per indicator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from jiexiu_cli.results.kept import PerIndicator, Results, pack_texts, unpack_texts

if TYPE_CHECKING:
    from jiexiu_cli.factbase.store_read import Store


def export_json(store: Store) -> Iterator[str]:
    """``export --format json``: each indicator's records as JSON text, kept (export lists
    figures by indicator, so an indicator's records are always one run of the list)."""
    from jiexiu_cli.present.records import figure_record
    from jiexiu_cli.present.render_json import json_items, json_list

    item = json_items()
    with Results(store) as results:
        per = PerIndicator(store, results, ("export-json",))
        order = sorted(per.digests)  # the indicators with figures, in export's order (by id)

        fb = store.record_base()

        def compute(batch: list[str]) -> dict[str, Any]:
            texts: dict[str, list[str]] = {}
            for f in store.export_order(_in_temp(store, batch)):
                texts.setdefault(f.indicator, []).append(item(figure_record(fb, f)))
            return {"export-json": {i: pack_texts(t) for i, t in texts.items()}}

        per.compute(per.missing(order), "exporting the indicators", compute, set(per.keys))
        yield from json_list(text for i in order for text in unpack_texts(per.value(i)))


def _in_temp(store: Store, ids: list[str]) -> str:
    store.temp("export_batch", ids)
    return "x.indicator IN (SELECT id FROM temp.export_batch)"

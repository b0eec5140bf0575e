"""compare's results, kept per indicator with its figures, the order of places and the
checks that name its figures."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from jiexiu_cli.results import PerIndicator, Results
from jiexiu_cli.results_codec import decode, encode, figure_ids

if TYPE_CHECKING:
    from jiexiu_cli.compare import Comparison
    from jiexiu_cli.model import Check, Indicator
    from jiexiu_cli.store import Store


def _checks_by_indicator(store: Store) -> dict[str, list[Check]]:
    """indicator -> the checks that name one of its figures."""
    checks = store.checks()
    owners = store.indicators_of_figures({fid for c in checks for fid in c.figures})
    found: dict[str, list[Check]] = {}
    for c in checks:
        for ind in dict.fromkeys(owners[fid] for fid in c.figures if fid in owners):
            found.setdefault(ind, []).append(c)
    return found


def compare(
    store: Store, chosen: list[Indicator] | None, period: str | None = None, place: str | None = None
) -> list[Comparison]:
    """compare.comparable_pairs over the store, each indicator's pairs kept with its figures
    (and the order of places, which says which place's figure is set against which).

    ``period`` and ``place`` narrow what is kept: comparable_pairs with ``period`` keeps
    the pairs one of whose figures is of it, and over the figures of ``place`` alone it
    finds the pairs whose both figures are of it (a pair never depends on other figures)."""
    from jiexiu_cli.compare import comparable_pairs

    place_order = store.place_order()
    declaring = _checks_by_indicator(store)
    with Results(store) as results:
        order_key = sorted(place_order.items(), key=lambda kv: kv[1])
        # a check naming an indicator's figures may declare how two of them relate: it is
        # part of what the indicator's pairs are computed from
        per = PerIndicator(
            store, results, ("compare",), lambda i: (order_key, [c._values() for c in declaring.get(i, ())])
        )
        if chosen is None:
            order = [i.id for i in sorted(store.indicators(), key=lambda i: (i.topic, i.id))]
        else:
            order = [i.id for i in chosen]

        def compute(batch: list[str]) -> dict[str, dict[str, Any]]:
            checks = {c.id: c for i in batch for c in declaring.get(i, ())}
            fb = store.factbase_of(batch, tuple(checks.values()))
            by_indicator: dict[str, list[Any]] = {}
            for c in comparable_pairs(fb, list(fb.indicators), place_order=place_order):
                by_indicator.setdefault(c.indicator.id, []).append(c)
            return {"compare": {i: encode(found) for i, found in by_indicator.items()}}

        wanted = list(dict.fromkeys(order))
        scopes = set(per.keys) if chosen is None else None
        per.compute(per.missing(wanted), "comparing the indicators", compute, scopes)
        rows = [row for i in order for row in json.loads(per.value(i))]
    figures = store.figures_by_id({fid for row in rows for fid in figure_ids(row)})
    indicators = {i.id: i for i in store.indicators(sorted({row["indicator"]["$i"] for row in rows}))}
    pairs = [decode(row, figures, indicators) for row in rows]
    return [
        c
        for c in pairs
        if (period is None or period in (c.a.period, c.b.period)) and (place is None or c.places == (place, place))
    ]

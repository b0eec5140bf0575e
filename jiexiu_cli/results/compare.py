"""compare's results, kept per indicator with its figures, the order of places and the
checks that name its figures."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from jiexiu_cli.results.codec import decode, encode, figure_ids
from jiexiu_cli.results.kept import PerIndicator, Results, Spilled, pack, pack_texts, unpack, unpack_texts

if TYPE_CHECKING:
    from jiexiu_cli.analysis.compare import Comparison
    from jiexiu_cli.core.model import Check, Indicator
    from jiexiu_cli.factbase.store_read import Store
    from jiexiu_cli.results.shown import Shown


def _checks_by_indicator(store: Store) -> dict[str, list[Check]]:
    """indicator -> the checks that name one of its figures."""
    checks = store.checks()
    owners = store.indicators_of_figures({fid for c in checks for fid in c.figures})
    found: dict[str, list[Check]] = {}
    for c in checks:
        for ind in dict.fromkeys(owners[fid] for fid in c.figures if fid in owners):
            found.setdefault(ind, []).append(c)
    return found


#: what compare keeps of each indicator: each pair's periods and places (what --period and
#: --place narrow by); the pairs' JSON records (``--format json`` writes them out as they
#: are kept); the pairs themselves (for a table, CSV or Markdown)
COMPARE = ("compare", "compare-json", "compare-found")


def _kept(store: Store, results: Results, chosen: list[Indicator] | None, kind: str) -> tuple[PerIndicator, list[str]]:
    """compare.comparable_pairs over the store, each indicator's pairs kept with its figures
    (and the order of places, which says which place's figure is set against which); and
    the indicators in the order their pairs are listed."""
    from jiexiu_cli.analysis.compare import comparable_pairs
    from jiexiu_cli.present.render_json import json_items
    from jiexiu_cli.present.views_compare import comparison_record

    place_order = store.place_order()
    declaring = _checks_by_indicator(store)
    order_key = sorted(place_order.items(), key=lambda kv: kv[1])
    # a check naming an indicator's figures may declare how two of them relate: it is
    # part of what the indicator's pairs are computed from
    per = PerIndicator(store, results, COMPARE, lambda i: (order_key, [c._values() for c in declaring.get(i, ())]))
    if chosen is None:
        order = [i.id for i in sorted(store.indicators(), key=lambda i: (i.topic, i.id))]
    else:
        order = [i.id for i in chosen]
    item = json_items()

    def compute(batch: list[str]) -> dict[str, dict[str, Any]]:
        checks = {c.id: c for i in batch for c in declaring.get(i, ())}
        fb = store.factbase_of(batch, tuple(checks.values()))
        by_indicator: dict[str, list[Comparison]] = {}
        for c in comparable_pairs(fb, list(fb.indicators), place_order=place_order):
            by_indicator.setdefault(c.indicator.id, []).append(c)
        where = {i: pack([[c.a.period, c.b.period, *c.places] for c in found]) for i, found in by_indicator.items()}
        if kind == COMPARE[1]:
            made = {i: pack_texts([item(comparison_record(c)) for c in found]) for i, found in by_indicator.items()}
        else:
            made = {i: zlib.compress(encode(found).encode("utf-8"), 1) for i, found in by_indicator.items()}
        return {COMPARE[0]: where, kind: made}

    # each indicator's pairs' periods and places, and their JSON texts or the pairs
    # themselves, as asked (the other is computed when it is asked for)
    kinds = (COMPARE[0], kind)
    wanted = list(dict.fromkeys(order))
    scopes = set(per.keys) if chosen is None else None
    per.compute(per.missing(wanted, kinds), "comparing the indicators", compute, scopes, kinds)
    return per, order


def _narrowed(per: PerIndicator, i: str, period: str | None, place: str | None) -> list[int]:
    """The places in indicator ``i``'s list of the pairs ``period`` and ``place`` keep:
    comparable_pairs with ``period`` keeps the pairs one of whose figures is of it, and
    over the figures of ``place`` alone it finds the pairs whose both figures are of it (a
    pair never depends on other figures)."""
    return [
        n
        for n, (pa, pb, *places) in enumerate(unpack(per.value(i)))
        if (period is None or period in (pa, pb)) and (place is None or places == [place, place])
    ]


def compare(
    store: Store, chosen: list[Indicator] | None, period: str | None = None, place: str | None = None
) -> list[Comparison]:
    """The pairs of these indicators (all where ``chosen`` is None), narrowed to ``period``
    and ``place``, as comparisons."""
    with Results(store) as results:
        per, order = _kept(store, results, chosen, COMPARE[2])
        rows = []
        for i in order:
            keep = _narrowed(per, i, period, place)
            if keep:
                found = unpack(per.value(i, COMPARE[2]))
                rows += [found[n] for n in keep]
    figures = store.figures_by_id({fid for row in rows for fid in figure_ids(row)})
    indicators = {i.id: i for i in store.indicators(sorted({row["indicator"]["$i"] for row in rows}))}
    return [decode(row, figures, indicators) for row in rows]


class Pairs:
    """:func:`compare`'s pairs for a table, CSV or Markdown, decoded one indicator at a time
    as they are read (never all of them held at once: a table of 75,000 pairs would hold
    every comparison and every decoded row); what a view needs first (each pair's
    indicator, whether any sets two places against each other) is known at once."""

    def __init__(
        self,
        blobs: Spilled,
        named: list[tuple[str, list[int]]],
        figures: dict[str, Any],
        indicators: dict[str, Indicator],
        ids: list[str],
        across: bool,
    ) -> None:
        #: each indicator's kept pairs, by its id, and which of them are shown
        self._blobs = blobs
        self._named = named
        self._figures = figures
        self._indicators = indicators
        #: the indicator of each pair, in order
        self.indicators = ids
        #: whether a pair sets one place's figure against another place's
        self.across = across

    def __len__(self) -> int:
        return len(self.indicators)

    def __iter__(self) -> Iterator[Comparison]:
        for i, keep in self._named:
            found = unpack(self._blobs[i])
            for n in keep:
                yield decode(found[n], self._figures, self._indicators)


def pairs(
    store: Store,
    chosen: list[Indicator] | None,
    period: str | None = None,
    place: str | None = None,
    shown: Shown | None = None,
) -> Pairs:
    """:func:`compare`'s pairs, read as they are drawn (:class:`Pairs`). With ``shown``
    (how they are to be printed), where that output of these pairs is kept, nothing of the
    pairs is read but which indicator each is of (``shown.kept``)."""
    with Results(store) as results:
        per, order = _kept(store, results, chosen, COMPARE[2])
        narrowed = [(i, keep) for i in order if (keep := _narrowed(per, i, period, place))]
        # (what --period and --place narrowed to is in the key: the pairs each indicator keeps)
        if shown is not None and shown.find(results, [(i, per.keys[i], keep) for i, keep in narrowed]):
            return Pairs(Spilled(), [], {}, {}, [i for i, keep in narrowed for _ in keep], False)
        spilled = Spilled()  # each indicator's pairs as read now, drawn later (never all held)
        ids: list[str] = []
        wanted: set[str] = set()
        across = False
        for i, keep in narrowed:
            blob = per.value(i, COMPARE[2])
            found = unpack(blob)
            for n in keep:
                wanted.update(figure_ids(found[n]))
                across = across or found[n]["relation"] == "place-to-place"
                ids.append(found[n]["indicator"]["$i"])
            spilled.add(i, blob)
    figures = store.figures_by_id(wanted)
    indicators = {i.id: i for i in store.indicators(sorted(set(ids)))}
    return Pairs(spilled, narrowed, figures, indicators, ids, across)


class Texts:
    """The JSON records of some pairs, as kept: which indicator each pair is of, and their
    texts, written out one indicator at a time (never all of them held at once)."""

    def __init__(self, blobs: list[tuple[str, Any, list[int]]], every: bool = False) -> None:
        self._blobs = blobs
        #: each indicator's pairs are all of its pairs (nothing narrowed)
        self.every = every
        #: the indicator of each pair, in order
        self.indicators = [i for i, _, keep in blobs for _ in keep]

    def __len__(self) -> int:
        return len(self.indicators)

    def texts(self) -> Iterator[str]:
        for _, blob, keep in self._blobs:
            texts = unpack_texts(blob)
            yield from (texts[n] for n in keep)

    def json(self) -> Iterator[bytes]:
        """The JSON list of the pairs' records (``render_json.json_list`` of :meth:`texts`),
        as UTF-8: each indicator's texts decompressed and joined as they are kept, never
        decoded (the list is most of what a warm ``compare --format json`` does)."""
        from jiexiu_cli.present.render_json import json_list

        if not self._blobs:
            yield "".join(json_list([])).encode("utf-8")
            return
        first, between, last = (p.removesuffix("\x01").encode("utf-8") for p in json_list(["\x01", "\x01"]))
        for n, text in enumerate(self.joined(between)):
            yield (between if n else first) + text
        yield last

    def joined(self, between: bytes) -> Iterator[bytes]:
        """The texts of each indicator's pairs joined by ``between`` (what a JSON list
        puts between its items), one UTF-8 text for each indicator: a whole list of
        75,000 pairs is 5,000 texts to write, not 75,000."""
        import zlib

        for _, blob, keep in self._blobs:
            if self.every and isinstance(blob, bytes) and blob[:1] == b"\x00":  # joined by NUL, as kept
                yield zlib.decompress(blob[1:]).replace(b"\x00", between)  # (never part of a UTF-8 character)
                continue
            texts = unpack_texts(blob)
            yield between.join(texts[n].encode("utf-8") for n in keep)


def compare_texts(
    store: Store, chosen: list[Indicator] | None, period: str | None = None, place: str | None = None
) -> Texts:
    """:func:`compare`'s pairs as their JSON records (``views_compare.comparison_record``), kept as text."""
    with Results(store) as results:
        per, order = _kept(store, results, chosen, COMPARE[1])
        blobs = []
        for i in order:
            keep = _narrowed(per, i, period, place)
            if keep:
                blobs.append((i, per.value(i, COMPARE[1]), keep))
    return Texts(blobs, period is None and place is None)

"""Which figures: the filters of `jiexiu export` and of the Python API's ``figures()``,
resolved once, as a condition on the store's figures (``x``).

Each filter means what it means elsewhere: ``indicators`` are names as `show` resolves
them (ids, Chinese or English names, aliases, any case), ``period`` a canonical period
(as `--period` reads it), ``topic`` a topic as `list --topic` takes it, ``place`` a place
as `--place` resolves it (Store.place). ``source`` names an article by its file name, its
stem or the short name the tables print (``002``, ``jiexiu-2022q1``), any case.
A name that names nothing is a NotFoundError that says what there is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jiexiu_cli.core.errors import NotFoundError

if TYPE_CHECKING:
    from jiexiu_cli.core.model import Indicator
    from jiexiu_cli.factbase.store_read import Store


def figure_filter(
    store: Store,
    indicators: Sequence[Indicator] = (),
    period: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    place: str | None = None,
) -> tuple[str, tuple[Any, ...]]:
    """The SQL condition on figures ``x`` and its parameters; ``indicators`` already
    resolved (``store.resolve``), ``period`` canonical, the rest as the user wrote them."""
    where, args = store.narrowing(period, store.place(place) if place is not None else None)
    parts, more = [where], list(args)
    if indicators:
        ids = list(dict.fromkeys(i.id for i in indicators))
        parts.append(f"x.indicator IN ({', '.join('?' * len(ids))})")
        more += ids
    if topic is not None:
        topics = store.topics()
        if topic not in topics:
            raise NotFoundError(f"no indicator has topic {topic!r} (topics: {', '.join(topics)})")
        parts.append("x.indicator IN (SELECT id FROM indicators WHERE topic = ?)")
        more.append(topic)
    if source is not None:
        parts.append("x.source = ?")
        more.append(resolve_source(store, source))
    return " AND ".join(p for p in parts if p != "1") or "1", tuple(more)


def resolve_source(store: Store, name: str) -> str:
    """The file name of the article ``name`` names: its file name, stem or short name."""
    from jiexiu_cli.core.labels import short_source
    from jiexiu_cli.factbase.query import fold

    files: list[str] = [file for (file,) in store.con.execute("SELECT file FROM sources ORDER BY file")]
    wanted = fold(name)
    for file in files:
        stem = file.rsplit(".", 1)[0]
        if wanted in (fold(file), fold(stem), fold(short_source(file))):
            return file
    raise NotFoundError(f"no source named {name!r} (sources: {', '.join(files) or 'none'})")


def described(
    indicators: Sequence[Indicator] = (),
    period: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    place: str | None = None,
) -> str:
    """What the filters asked for, in words: "of gdp for period '2021' of place '介休市'"."""
    parts = [
        indicators and "of " + ", ".join(i.id for i in indicators),
        topic is not None and f"of topic {topic!r}",
        period is not None and f"for period {period!r}",
        source is not None and f"from source {source!r}",
        place is not None and f"of place {place!r}",
    ]
    return " ".join(p for p in parts if p)

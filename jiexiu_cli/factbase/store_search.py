"""`search` over the compiled store: the same matching and ranking as the in-memory reference
(tests/search_reference.py) over a whole fact base, reading only what the indexes say may match.

Indicators whose names alone decide their figures' score (every term matches a name
better than any quote could) are ranked in SQL and only the best of their figures read;
the other candidates (a term in a quote, as text through the FTS5 index of characters or
as pinyin, or equal to a period, or a figure the term describes: search_meaning.py) are
scored in Python. Both then go through ``search.rank`` so the order, the matched labels and
the highlighted spans are search's. How many figures match in all is counted on the way:
the decided indicators' figures in SQL, the others as they are scored.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from jiexiu_cli.core.model import FactBase

if TYPE_CHECKING:
    from jiexiu_cli.factbase.search import Hit, Item, Term, Text
    from jiexiu_cli.factbase.store_read import Store

SortKey = tuple[int, str, Any, str, str]  # search's order: -score, indicator, period, source, id


class Found(NamedTuple):
    """The best figures (``hits``, at most the limit) of ``matched`` figures that match."""

    fb: FactBase
    hits: list[Hit]
    matched: int


def search(store: Store, terms: list[str], limit: int | None, place: str | None = None) -> Found:
    """``place``: only figures of that place (as ``Store.place`` resolved it)."""
    from jiexiu_cli.factbase import search as finder

    prepared = finder.prepare(terms)
    meta = dict(store.con.execute("SELECT key, value FROM meta WHERE key IN ('max_text', 'max_pinyin', 'fts')"))
    store.fts = meta.get("fts", "1") == "1"
    limits = int(meta["max_text"]), int(meta["max_pinyin"])
    pinyin = any(t.pinyin for t in prepared)  # else no syllable is ever read: skip decoding them
    named = [_named(store, term, *limits) for term in prepared]
    names = _texts(store, sorted(set().union(*named)), pinyin)
    topics = _topics(store, list(names))
    per_indicator = {i: finder.name_scores(texts, prepared, topics[i]) for i, texts in names.items()}
    decided = {i for i, per_term in per_indicator.items() if finder.decided_by_names(per_term)}
    store.temp("decided", decided)
    keyed, matched = _rank_decided(store, decided, per_indicator, limit, place)
    undecided = _rank_undecided(store, prepared, named, decided, limits, pinyin, names, topics, per_indicator, place)
    keyed += undecided
    matched += len(undecided)
    keyed.sort()
    top = [n for _, n in (keyed[:limit] if limit else keyed)]
    items, number_of = _items(store, top, pinyin)
    ranked = finder.rank(names, items, prepared, limit, topics)
    wanted = sorted(number_of[r.item.id] for r in ranked)
    figures = {f.id: f for chunk in chunks(wanted) for f in store.figures(_in("x.n", chunk), chunk)}
    inds = store.indicators(list(dict.fromkeys(r.item.indicator for r in ranked)))
    fb = store.factbase(inds, list(figures.values()))
    return Found(fb, [finder.Hit(figures[r.item.id], r.score, r.matched, r.spans) for r in ranked], matched)


def _in(column: str, values: list[Any]) -> str:
    return f"{column} IN ({', '.join('?' * len(values))})"


def chunks(items: list[Any]) -> Any:
    from jiexiu_cli.factbase.store_read import chunks

    return chunks(items)


def _rank_decided(
    store: Store,
    decided: set[str],
    per_indicator: dict[str, list[tuple[int, str]]],
    limit: int | None,
    place: str | None,
) -> tuple[list[tuple[SortKey, int]], int]:
    """The best figures of indicators whose names decide their score, in search's order:
    score (the same for all of an indicator's figures), indicator, period, source, id
    (periods in time order, as the store ranked them with ``period_key``); and how many
    figures they have in all."""
    from jiexiu_cli.factbase.query import period_key
    from jiexiu_cli.factbase.store_read import PLACE_OF

    placed, args = (f" AND {PLACE_OF} = ?", (place,)) if place is not None else ("", ())
    sql = "SELECT count(*) FROM figures x WHERE x.indicator IN (SELECT id FROM temp.decided)" + placed
    matched = store.con.execute(sql, args).fetchone()[0] if decided else 0
    groups: dict[int, list[str]] = {}
    for i in decided:
        groups.setdefault(sum(score for score, _ in per_indicator[i]), []).append(i)
    keyed: list[tuple[SortKey, int]] = []
    for total in sorted(groups, reverse=True):
        if limit and len(keyed) >= limit:
            break
        store.temp("chosen", groups[total])
        sql = (
            "SELECT x.n, x.id, x.indicator, x.period, x.source FROM figures x JOIN periods p ON p.period = x.period"
            " WHERE x.indicator IN (SELECT id FROM temp.chosen)"
            + placed
            + " ORDER BY x.indicator, p.ord, x.source, x.id"
            + (f" LIMIT {int(limit)}" if limit else "")
        )
        for n, fid, ind, period, source in store.con.execute(sql, args):
            keyed.append(((-total, ind, period_key(period), source, fid), n))
    return keyed, matched


def _rank_undecided(
    store: Store,
    prepared: list[Term],
    named: list[set[str]],
    decided: set[str],
    limits: tuple[int, int],
    pinyin: bool,
    names: dict[str, tuple[Text, ...]],
    topics: dict[str, str],
    per_indicator: dict[str, list[tuple[int, str]]],
    place: str | None,
) -> list[tuple[SortKey, int]]:
    """The other candidates (every term matched by a name, a quote or a period, of
    ``place`` if given), scored."""
    from jiexiu_cli.core.hanzi import fold_search
    from jiexiu_cli.factbase import search as finder
    from jiexiu_cli.factbase.query import period_key
    from jiexiu_cli.factbase.store_read import PLACE_OF

    chosen: set[int] | None = None
    for term, names_k in zip(prepared, named, strict=True):
        found = _candidates(store, term, names_k - decided, *limits)
        chosen = found if chosen is None else chosen & found
        if not chosen:
            return []
    undecided = sorted(chosen or ())
    if place is not None:
        sql = f"SELECT x.n FROM figures x WHERE x.n IN ({{}}) AND {PLACE_OF} = ?"
        undecided = sorted(n for (n,) in store.select(sql, undecided, place))
    missing = sorted(
        {i for (i,) in store.select("SELECT indicator FROM figures WHERE n IN ({})", undecided)} - names.keys()
    )
    names.update(_texts(store, missing, pinyin))
    topics.update(_topics(store, missing))
    per_indicator.update((i, finder.name_scores(names[i], prepared, topics[i])) for i in missing)
    keyed: list[tuple[SortKey, int]] = []
    if pinyin:
        items, number_of = _items(store, undecided, pinyin)
        for r in finder.rank(names, items, prepared, None, topics):
            i = r.item
            keyed.append(((-r.score, i.indicator, period_key(i.period), i.source, i.id), number_of[i.id]))
        return keyed
    quote, period_score = finder.SCORES["quote"], finder.SCORES["period"]
    described = any(term.meaning is not None for term in prepared)  # else no more columns are read
    sql = "SELECT n, id, indicator, period, source, quote"
    sql += (", kind, status, value, qualifier, printed" if described else "") + " FROM figures WHERE n IN ({})"
    for n, fid, ind, period, source, text, *rest in store.select(sql, undecided):
        folded = fold_search(text)  # text terms only: a quote holding the term scores 40, as search._match
        total = 0
        for (score, _), term in zip(per_indicator[ind], prepared, strict=True):
            score = max(score, quote if term.folded in folded else 0, period_score if term.text == period else 0)
            means = term.meaning
            if means is not None and finder.SCORES[means.label] > score and _describes(means, rest):
                score = finder.SCORES[means.label]
            if not score:
                break
            total += score
        else:
            keyed.append(((-total, ind, period_key(period), source, fid), n))
    return keyed


def _describes(m: Any, row: list[Any]) -> bool:
    """search.describes_item over a row's kind, status, value, qualifier and printed."""
    from jiexiu_cli.factbase.search_meaning import describes

    kind, status, value, qualifier, printed = row
    return m.label != "topic" and describes(m, None, kind, status, Decimal(value), qualifier, printed)


def _topics(store: Store, ids: list[str]) -> dict[str, str]:
    """Each indicator's topic."""
    topics: dict[str, str] = {}
    for chunk in chunks(ids):
        topics.update(store.con.execute(f"SELECT id, topic FROM indicators WHERE {_in('id', chunk)}", chunk))
    return topics


def _named(store: Store, term: Term, max_text: int, max_pinyin: int) -> set[str]:
    """Indicators with a name that may match ``term``, or of the topic it names (a
    superset: scoring decides)."""
    from jiexiu_cli.factbase.search_keys import indexed_chars

    found: set[str] = set()
    con = store.con
    if term.meaning is not None and term.meaning.topic is not None:
        found.update(i for (i,) in con.execute("SELECT id FROM indicators WHERE topic = ?", (term.meaning.topic,)))
    if len(term.folded) <= max_text:
        phrase = indexed_chars(term.folded) if store.fts else ""
        if phrase:
            sql = (  # the full-text query first, once (a join could run it once per name)
                "SELECT DISTINCT indicator FROM names"
                " WHERE n IN (SELECT rowid FROM name_chars WHERE name_chars MATCH ?)"
            )
            found.update(i for (i,) in con.execute(sql, (_phrase(phrase),)))
        else:
            sql = "SELECT DISTINCT indicator FROM names WHERE instr(folded, ?) > 0"
            found.update(i for (i,) in con.execute(sql, (term.folded,)))
    if term.pinyin and len(term.pinyin) <= max_pinyin:
        where = "instr(pinyin, ?) > 0" + (" OR instr(initials, ?) > 0" if term.initials_ok else "")
        args = (term.pinyin,) * (2 if term.initials_ok else 1)
        found.update(i for (i,) in con.execute(f"SELECT DISTINCT indicator FROM name_pinyin WHERE {where}", args))
    return found


def _candidates(store: Store, term: Term, named: set[str], max_text: int, max_pinyin: int) -> set[int]:
    """Figures, outside the decided indicators, that may match ``term``: of an indicator
    named so, or whose quote holds it (as text or pinyin), or of that period, or that it
    may describe."""
    from jiexiu_cli.core.hanzi import fold_search
    from jiexiu_cli.factbase.search_keys import indexed_chars
    from jiexiu_cli.factbase.search_meaning import candidates_sql

    con = store.con
    found: set[int] = set()
    if named:
        store.temp("named", named)
        found.update(n for (n,) in con.execute("SELECT n FROM figures WHERE indicator IN temp.named"))
    outside = " AND x.indicator NOT IN temp.decided"
    if len(term.folded) <= max_text:
        phrase = indexed_chars(term.folded) if store.fts else ""
        if phrase:  # the full-text query first, once (as a join it could run once per figure)
            sql = "SELECT x.n FROM figures x WHERE x.q IN (SELECT rowid FROM quote_chars WHERE quote_chars MATCH ?)"
            found.update(n for (n,) in con.execute(sql + outside, (_phrase(phrase),)))
        else:  # no letter, digit or ideograph to look up: read the quotes
            sql = "SELECT n, quote FROM figures WHERE indicator NOT IN temp.decided"
            found.update(n for n, quote in con.execute(sql) if term.folded in fold_search(quote))
    if term.pinyin and len(term.pinyin) <= max_pinyin:
        sql = "SELECT x.n FROM figures x WHERE x.q IN (SELECT q FROM quote_pinyin WHERE instr(pinyin, ?) > 0)" + outside
        found.update(n for (n,) in con.execute(sql, (term.pinyin,)))
    described = candidates_sql(term.meaning) if term.meaning is not None else None
    if described is not None:  # the figures the term describes (scoring checks each)
        sql = f"SELECT x.n FROM figures x WHERE {described[0]}" + outside
        found.update(n for (n,) in con.execute(sql, described[1]))
    if con.execute("SELECT 1 FROM periods WHERE period = ?", (term.text,)).fetchone():
        sql = "SELECT x.n FROM figures x WHERE x.period = ?" + outside
        found.update(n for (n,) in con.execute(sql, (term.text,)))
    return found


def _texts(store: Store, ids: list[str], pinyin: bool) -> dict[str, tuple[Text, ...]]:
    """Each indicator's id, names and aliases as search texts (syllables only if asked)."""
    from jiexiu_cli.factbase.search import Text
    from jiexiu_cli.factbase.search_keys import decode_syllables

    names: dict[str, list[Text]] = {i: [] for i in ids}
    for chunk in chunks(ids):
        sql = (
            "SELECT indicator, text, folded, syllables FROM names"
            f" WHERE {_in('indicator', chunk)} ORDER BY indicator, field"
        )
        for ind, text, folded, syl in store.con.execute(sql, chunk):
            names[ind].append(Text(text, folded, decode_syllables(text, syl) if pinyin else ()))
    return {i: tuple(t) for i, t in names.items()}


def _items(store: Store, numbers: list[int], pinyin: bool) -> tuple[list[Item], dict[str, int]]:
    """What ranking reads of these figures, and each figure's number by id."""
    from jiexiu_cli.core.hanzi import fold_search
    from jiexiu_cli.factbase.search import Item, Text
    from jiexiu_cli.factbase.search_keys import decode_syllables

    items, by_id = [], {}
    for chunk in chunks(numbers):
        sql = (
            "SELECT x.n, x.id, x.indicator, x.period, x.source, x.quote, qt.syllables,"
            " x.kind, x.status, x.value, x.qualifier, x.printed FROM figures x"
            f" JOIN quotes qt ON qt.q = x.q WHERE {_in('x.n', chunk)}"
        )
        for n, fid, ind, period, source, quote, syl, kind, status, value, qualifier, printed in store.con.execute(
            sql, chunk
        ):
            text = Text(quote, fold_search(quote), decode_syllables(quote, syl) if pinyin else ())
            items.append(Item(fid, ind, period, source, text, kind, status, Decimal(value), qualifier, printed))
            by_id[fid] = n
    return items, by_id


def _phrase(chars: str) -> str:
    """An FTS5 phrase query of these space-separated characters."""
    return '"' + chars.replace('"', '""') + '"'

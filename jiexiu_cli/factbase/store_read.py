"""Questions answered from the compiled store, each as records or a small FactBase: the
records of a file or of a condition, an indicator by name (with "did you mean"), counts
and places in SQL; search is ``store_search.py``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiexiu_cli.core.errors import NotFoundError
from jiexiu_cli.core.model import Check, Exclusion, FactBase, Figure, Indicator, Location, Source
from jiexiu_cli.factbase.data_path import display_path
from jiexiu_cli.factbase.query import closest, fold
from jiexiu_cli.factbase.store_schema import CHECK, EXCLUSION, FIGURE, INDICATOR, SOURCE

if TYPE_CHECKING:
    from jiexiu_cli.factbase.search import Hit
    from jiexiu_cli.factbase.store_search import Found

SUGGEST_CANDIDATES = 500
_CHUNK = 500  # SQL parameters per IN (...)

#: the columns of a figure as the store keeps them (the record's fields but ``at``)
FIGURE_FIELDS = FIGURE.fields
SOURCE_FIELDS = SOURCE.fields
#: a figure's (``x``) place: its own, else its source's (query.place_of)
PLACE_OF = "coalesce(x.place, (SELECT s.place FROM sources s WHERE s.file = x.source))"

# ---------------------------------------------------------------- reading


def _columns(codec_fields: tuple[str, ...]) -> str:
    return ", ".join((*(f'x."{c}"' for c in codec_fields), "x.k", "x.line", "x.col"))


class Store:
    """Questions answered from the compiled fact base, each as records or a small FactBase."""

    def __init__(self, con: sqlite3.Connection, walk: list[Path], db: Path | None, view: str = "") -> None:
        self.con = con
        self.walk = walk
        self.db = db
        #: what the paths the user is shown depend on (the folder jiexiu runs in, ...)
        self.view = view
        self.fts = True
        self._ord: dict[int, int] | None = None
        self._shown: dict[int, str] = {}

    def raise_error(self) -> None:
        """The fact base's own problems, if it has any (kept with the store: found once):
        the one, or every one shown (``store_rules.every_problem``) and how many more."""
        meta = dict(self.con.execute("SELECT key, value FROM meta WHERE key IN ('error', 'problems')"))
        if meta.get("error"):
            from jiexiu_cli.core.errors import data_error

            lines = meta["error"].split("\0")
            raise data_error(lines, int(meta.get("problems") or len(lines)))

    # -- where records were written

    def path(self, k: int) -> Path:
        if self._ord is None:
            self._ord = dict(self.con.execute("SELECT k, ord FROM files"))
        return self.walk[self._ord[k]]

    def shown(self, k: int) -> str:
        """The fact-base file ``k`` as the user is shown it (from the folder they are in)."""
        s = self._shown.get(k)
        if s is None:
            s = self._shown[k] = display_path(self.path(k))
        return s

    def at(self, k: int, line: int, col: int) -> Location:
        return Location(self.shown(k), line, col)

    # -- records

    _FIGURES = _columns(FIGURE_FIELDS)

    def figures(self, where: str = "1", args: Iterable[Any] = (), order: str = "f.ord, x.pos") -> list[Figure]:
        """Figures (``x``) of the files (``f``) in order."""
        return list(self.iter_figures(where, args, order))

    def iter_figures(
        self, where: str = "1", args: Iterable[Any] = (), order: str = "f.ord, x.pos", located: bool = True
    ) -> Iterator[Figure]:
        """Figures (``x``) of the files (``f``) in order; ``located=False``: without where
        each was written (``at`` is None: an export never shows it)."""
        sql = f"SELECT {self._FIGURES} FROM figures x JOIN files f ON f.k = x.k WHERE {where} ORDER BY {order}"
        record, shown, known = FIGURE.record, self.shown, self._shown
        rows = self.con.execute(sql, tuple(args))
        if not located:
            for row in rows:
                yield record(row[:-3])
            return
        for row in rows:
            k = row[-3]
            yield record(row[:-3], Location(known.get(k) or shown(k), row[-2], row[-1]))

    def sources(self, where: str = "1", args: Iterable[Any] = ()) -> list[Source]:
        sql = (
            f"SELECT {_columns(SOURCE_FIELDS)} FROM sources x JOIN files f ON f.k = x.k WHERE {where}"
            " ORDER BY f.ord, x.pos"
        )
        return [SOURCE.record(row[:-3], self.at(*row[-3:])) for row in self.con.execute(sql, tuple(args))]

    def indicators(self, ids: list[str] | None = None, where: str = "1", args: Iterable[Any] = ()) -> list[Indicator]:
        """The indicators with these ids, in this order (or all of ``where``, in file order)."""
        sql = f"SELECT {_columns(INDICATOR.fields)} FROM indicators x JOIN files f ON f.k = x.k"
        if ids is None:
            rows = self.con.execute(f"{sql} WHERE {where} ORDER BY f.ord, x.pos", tuple(args)).fetchall()
            return [INDICATOR.record(r[:-3], self.at(*r[-3:])) for r in rows]
        found: dict[str, Indicator] = {}
        for chunk in chunks(ids):
            for r in self.con.execute(f"{sql} WHERE x.id IN ({', '.join('?' * len(chunk))})", chunk):
                found[r[0]] = INDICATOR.record(r[:-3], self.at(*r[-3:]))
        return [found[i] for i in ids]

    def indicator(self, ind_id: str) -> Indicator:
        return self.indicators([ind_id])[0]

    def exclusions(self, where: str = "1", args: Iterable[Any] = ()) -> list[Exclusion]:
        sql = (
            f"SELECT {_columns(EXCLUSION.fields)} FROM exclusions x JOIN files f ON f.k = x.k WHERE {where}"
            " ORDER BY f.ord, x.pos"
        )
        return [EXCLUSION.record(r[:-3], self.at(*r[-3:])) for r in self.con.execute(sql, tuple(args))]

    def checks(self) -> list[Check]:
        sql = f"SELECT {_columns(CHECK.fields)} FROM checks x JOIN files f ON f.k = x.k ORDER BY f.ord, x.pos"
        return [CHECK.record(r[:-3], self.at(*r[-3:])) for r in self.con.execute(sql)]

    def whole(self) -> FactBase:
        """Every record: the fact base as the loader gives it."""
        return FactBase(
            tuple(self.sources()),
            tuple(self.indicators()),
            tuple(self.figures()),
            tuple(self.exclusions()),
            tuple(display_path(p) for p in self.walk),
            checks=tuple(self.checks()),
        )

    def factbase(self, indicators: list[Indicator], figures: list[Figure], checks: tuple[Check, ...] = ()) -> FactBase:
        """A small fact base of these records and the sources their figures cite."""
        wanted = sorted({f.source for f in figures})
        sources: list[Source] = []
        for chunk in chunks(wanted):
            sources += self.sources(f"x.file IN ({', '.join('?' * len(chunk))})", chunk)
        return FactBase(tuple(sources), tuple(indicators), tuple(figures), (), (), checks=checks)

    def figures_by_id(self, ids: Iterable[str]) -> dict[str, Figure]:
        self.temp("wanted", ids)
        return {f.id: f for f in self.iter_figures("x.id IN (SELECT id FROM temp.wanted)")}

    def positions(self, ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        """Where figures stand in the fact base's order (file, then place in the file)."""
        self.temp("wanted", ids)
        sql = "SELECT x.id, f.ord, x.pos FROM figures x JOIN files f ON f.k = x.k WHERE x.id IN temp.wanted"
        return {fid: (o, p) for fid, o, p in self.con.execute(sql)}

    def factbase_of(self, indicator_ids: list[str], checks: tuple[Check, ...] = ()) -> FactBase:
        """These indicators with all their figures (in the fact base's order), their
        sources, and ``checks``."""
        self.temp("chosen_indicators", indicator_ids)
        figures = self.figures("x.indicator IN (SELECT id FROM temp.chosen_indicators)")
        return self.factbase(self.indicators(indicator_ids), figures, checks)

    def indicators_of_figures(self, ids: Iterable[str]) -> dict[str, str]:
        """figure id -> its indicator, for the figures of ``ids`` that exist."""
        self.temp("wanted", ids)
        return dict(self.con.execute("SELECT x.id, x.indicator FROM figures x WHERE x.id IN temp.wanted"))

    def shown_path(self, path: Path) -> str:
        return display_path(path)

    def digests(self, kind: str) -> dict[str, str]:
        """name -> digest of every indicator or source that has rows (store_digests.Digests)."""
        return dict(self.con.execute("SELECT name, digest FROM digests WHERE kind = ?", (kind,)))

    def factbase_of_sources(self) -> FactBase:
        """Every source, and nothing else."""
        return FactBase(tuple(self.sources()), (), ())

    def factbase_for_text(self, text: str) -> FactBase:
        """Every source, and the figures and exclusions whose quote or context the text
        holds (those ``extract`` can mark: a candidate is a figure only where the figure's
        quote is in the text)."""
        quotes = [q for q, quote in self.con.execute("SELECT q, text FROM quotes") if quote in text]
        self.temp("quoted", quotes)
        excluded = tuple(e for e in self.exclusions() if e.context in text)
        return FactBase(tuple(self.sources()), (), tuple(self.figures("x.q IN temp.quoted")), excluded)

    # -- whole-fact-base answers, computed in SQL

    def figure_counts(self, column: str, period: str | None = None, place: str | None = None) -> dict[str, int]:
        """How many figures each indicator (``column='indicator'``) or source has (of
        ``period`` and ``place``, if given: an indicator with none is not named)."""
        assert column in ("indicator", "source")
        where, args = self.narrowing(period, place)
        return dict(self.con.execute(f"SELECT x.{column}, count(*) FROM figures x WHERE {where} GROUP BY 1", args))

    def narrowing(self, period: str | None, place: str | None) -> tuple[str, tuple[str, ...]]:
        """The condition on figures ``x`` of ``period`` (canonical text) and ``place`` (as
        :meth:`place` resolved it), as query.narrow keeps them."""
        parts, args = [], []
        if period is not None:
            parts.append("x.period = ?")
            args.append(period)
        if place is not None:
            parts.append(f"{PLACE_OF} = ?")
            args.append(place)
        return " AND ".join(parts) or "1", tuple(args)

    def any_figure(self, where: str = "1", args: Iterable[Any] = ()) -> bool:
        return self.con.execute(f"SELECT 1 FROM figures x WHERE {where} LIMIT 1", tuple(args)).fetchone() is not None

    def topics(self) -> list[str]:
        return sorted(t for (t,) in self.con.execute("SELECT DISTINCT topic FROM indicators"))

    def periods(self, indicator: str | None = None) -> set[str]:
        """The periods of the fact base's figures (of one indicator's, if given)."""
        if indicator is None:
            return {p for (p,) in self.con.execute("SELECT period FROM periods")}
        return {p for (p,) in self.con.execute("SELECT DISTINCT period FROM figures WHERE indicator = ?", (indicator,))}

    def place(self, name: str) -> str:
        """The place ``name`` names, as written in the data (query.resolve_place)."""
        from jiexiu_cli.factbase.query import resolve_place

        sql = f"SELECT DISTINCT {PLACE_OF} FROM figures x"
        known = sorted({p for (p,) in self.con.execute(sql) if p is not None})
        sql = "SELECT DISTINCT universe FROM figures WHERE universe IS NOT NULL"
        universes = sorted(u for (u,) in self.con.execute(sql))
        return resolve_place(known, universes, name)

    def place_names(self) -> list[str]:
        """Every place the fact base names: its sources' and figures' places and the
        universes of its ranks and shares (what extract proposes a place from)."""
        sql = "SELECT place FROM sources UNION SELECT place FROM figures UNION SELECT universe FROM figures"
        return sorted({p for (p,) in self.con.execute(sql) if p})

    def place_order(self) -> dict[str | None, int]:
        """Each place of the figures, by where the fact base first names it (its files'
        order): compare sets an earlier place's figure against a later one's."""
        sql = (
            f"SELECT {PLACE_OF} AS p, min(f.ord * 4294967296 + x.pos) AS first FROM figures x"
            " JOIN files f ON f.k = x.k GROUP BY p ORDER BY first"
        )
        return {p: i for i, (p, _) in enumerate(self.con.execute(sql))}

    def record_base(self) -> FactBase:
        """What a figure's record names besides the figure: every indicator and source."""
        return FactBase(tuple(self.sources()), tuple(self.indicators()), ())

    def export_order(self, where: str = "1", args: Iterable[Any] = ()) -> Iterator[Figure]:
        """Every figure (of ``where``), by indicator, period (in time order), source, then
        file order; without where each was written (an export does not show it)."""
        return self.iter_figures(
            where,
            args,
            order="x.indicator, (SELECT ord FROM periods p WHERE p.period = x.period), x.source, f.ord, x.pos",
            located=False,
        )

    def counts(self) -> tuple[int, int, int]:
        """(figures, indicators, sources)."""
        one = self.con.execute
        return (
            one("SELECT count(*) FROM figures").fetchone()[0],
            one("SELECT count(*) FROM indicators").fetchone()[0],
            one("SELECT count(*) FROM sources").fetchone()[0],
        )

    # -- show

    def show(self, name: str) -> tuple[FactBase, Indicator]:
        """The indicator called ``name`` with all its figures and their sources."""
        ind = self.resolve(name)
        figures = self.figures("x.indicator = ?", (ind.id,))
        return self.factbase([ind], figures), ind

    def resolve(self, name: str) -> Indicator:
        """As :func:`jiexiu_cli.factbase.query.resolve`: an id or a name wins over an alias."""
        wanted = fold(name)
        if not wanted:
            raise NotFoundError("no indicator name given")
        rows = self.con.execute(
            "SELECT i.id, min(nm.field) FROM names nm JOIN indicators i ON i.id = nm.indicator"
            " JOIN files f ON f.k = i.k WHERE nm.key = ? GROUP BY i.id ORDER BY min(f.ord), min(i.pos)",
            (wanted,),
        ).fetchall()
        named = [r[0] for r in rows if r[1] < 3]
        by_alias = [r[0] for r in rows if r[1] >= 3]
        if named:
            return self.indicator(named[0])
        if len(by_alias) == 1:
            return self.indicator(by_alias[0])
        if by_alias:
            raise NotFoundError(f"{name!r} is an alias of several indicators: {', '.join(by_alias)}", tuple(by_alias))
        raise NotFoundError(f"no indicator named {name!r}", self.suggest(name))

    def suggest(self, name: str, limit: int = 5) -> tuple[str, ...]:
        """As :func:`jiexiu_cli.factbase.query.suggest`, scored over the names that share a pair of
        characters with ``name`` (or, for one character, the names of one or two)."""
        wanted = fold(name)
        if not wanted:
            return ()
        if len(wanted) == 1:
            rows = self.con.execute(
                "SELECT indicator, key FROM names WHERE length(key) <= 2 AND instr(key, ?) > 0", (wanted,)
            ).fetchall()
            return closest(name, rows, limit)
        from jiexiu_cli.factbase.search_keys import name_grams

        grams = sorted(name_grams(wanted) | set(wanted))
        counts: dict[int, int] = {}
        for chunk in chunks(grams):
            sql = f"SELECT name, count(*) FROM grams WHERE gram IN ({', '.join('?' * len(chunk))}) GROUP BY name"
            for n, c in self.con.execute(sql, chunk):
                counts[n] = counts.get(n, 0) + c
        best = sorted(counts, key=lambda n: -counts[n])[:SUGGEST_CANDIDATES]
        rows = []
        for chunk in chunks(best):
            sql = f"SELECT indicator, key FROM names WHERE n IN ({', '.join('?' * len(chunk))})"
            rows += self.con.execute(sql, chunk).fetchall()
        return closest(name, rows, limit)

    # -- search

    def search(self, terms: list[str], limit: int | None, place: str | None = None) -> tuple[FactBase, list[Hit]]:
        """Search over what the indexes allow, with the ranking of ``search.rank``;
        ``place`` (as :meth:`place` resolved it) narrows to that place's figures."""
        found = self.find(terms, limit, place)
        return found.fb, found.hits

    def find(self, terms: list[str], limit: int | None, place: str | None = None) -> Found:
        """:meth:`search`, with how many figures match in all."""
        from jiexiu_cli.factbase.store_search import search

        return search(self, terms, limit, place)

    def select(self, sql: str, numbers: list[Any], *more: Any) -> Iterator[Any]:
        """Rows of ``sql`` (with ``{}`` for the marks of IN, then ``more`` parameters) for
        these values, chunk by chunk."""
        for chunk in chunks(numbers):
            yield from self.con.execute(sql.format(", ".join("?" * len(chunk))), (*chunk, *more))

    def temp(self, table: str, ids: Iterable[Any]) -> None:
        """A temporary table of ids (the store itself is never written)."""
        self.con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} (id PRIMARY KEY)")
        self.con.execute(f"DELETE FROM temp.{table}")
        self.con.executemany(f"INSERT OR IGNORE INTO temp.{table} VALUES (?)", ((i,) for i in ids))


def chunks(items: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]

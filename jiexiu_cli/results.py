"""Results kept beside the store, so `verify`, `audit` and `compare` redo only what an edit
made necessary.

Each result is kept with a key: a hash of everything it was computed from and nothing
else, so a result whose key matches is the result the computation would give now.

* verify, per article: the source entry, its figures and exclusions (each figure's id,
  place and a digest of its fields), the article file's stat (size, mtime, ctime, inode;
  kept only for an article last written more than two seconds before, as the store's
  racy-clean rule), the paths as the user is shown them, and jiexiu's code.
* audit, per indicator (every derived check concerns one indicator's figures alone; see
  ``audit.FAMILIES``) and per declared check; compare, per indicator.

Results are JSON (never a format that runs code on load) in a SQLite file beside the
store (``store-*.sqlite.results``), one row per article, indicator or check, replaced
when its key changes. A results file that cannot be trusted, read or written is not
used: the answer is computed, as without it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jiexiu_cli import cache
from jiexiu_cli.model import Check, Figure, Indicator

if TYPE_CHECKING:
    from jiexiu_cli.audit import Finding
    from jiexiu_cli.compare import Comparison
    from jiexiu_cli.store import Store
    from jiexiu_cli.verify import Report, SourceResult

#: indicators whose checks are computed together (bounds the records held at once)
BATCH = 400
RACY_NS = 2_000_000_000


class Results:
    """The results file of a store (nothing is kept for a store built in memory)."""

    def __init__(self, store: Store) -> None:
        from jiexiu_cli.store import code_stamp

        self.store = store
        self.code = code_stamp()
        self.con: sqlite3.Connection | None = None
        if store.db is None:
            return
        path = cache.companion(store.db, ".results")
        if os.path.lexists(path) and not cache.trusted(path):
            return
        try:
            con = sqlite3.connect(path, timeout=5)
            con.execute(
                "CREATE TABLE IF NOT EXISTS results (kind TEXT, scope TEXT, key TEXT, value TEXT,"
                " PRIMARY KEY (kind, scope))"
            )
            con.commit()
            self.con = con
        except sqlite3.Error:
            with contextlib.suppress(OSError, sqlite3.Error):
                con.close()
                os.unlink(path)  # not a database, or another schema: it is only a cache

    def close(self) -> None:
        if self.con is not None:
            self.con.close()

    def __enter__(self) -> Results:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def kept(self, kind: str) -> dict[str, tuple[str, str]]:
        """scope -> (key, value) of every result of ``kind``."""
        if self.con is None:
            return {}
        try:
            return {
                s: (k, v)
                for s, k, v in self.con.execute("SELECT scope, key, value FROM results WHERE kind = ?", (kind,))
            }
        except sqlite3.Error:
            return {}

    def keep(self, kind: str, rows: Iterable[tuple[str, str, str]], scopes: set[str] | None = None) -> None:
        """Keep (scope, key, value) results; ``scopes``: all the scopes there are now (the
        results of others go)."""
        if self.con is None:
            return
        try:
            with self.con:
                self.con.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", ((kind, *r) for r in rows))
                if scopes is not None:
                    gone = [s for (s,) in self.con.execute("SELECT scope FROM results WHERE kind = ?", (kind,))]
                    self.con.executemany(
                        "DELETE FROM results WHERE kind = ? AND scope = ?", ((kind, s) for s in gone if s not in scopes)
                    )
        except sqlite3.Error:
            pass  # busy or read-only: the next run computes again

    def key(self, *parts: Any) -> str:
        h = hashlib.blake2b(digest_size=16)
        h.update(self.code.encode())
        for part in parts:
            h.update(b"\x1e")
            h.update(repr(part).encode("utf-8", "surrogatepass"))
        return h.hexdigest()


# ---------------------------------------------------------------- what a result depends on


def _figure_rows(store: Store, where: str, order: str) -> Iterator[tuple[Any, ...]]:
    """(group, id, place, digest) of figures, ``group`` by ``where``'s first column."""
    sql = (
        f"SELECT {where}, x.id, x.k, x.line, x.col, x.digest FROM figures x JOIN files f ON f.k = x.k"
        f" ORDER BY {order}, f.ord, x.pos"
    )
    for group, fid, k, line, col, digest in store.con.execute(sql):
        yield group, (fid, store.shown(k), line, col, digest)


def _grouped(rows: Iterable[tuple[Any, Any]]) -> dict[Any, list[Any]]:
    out: dict[Any, list[Any]] = {}
    for group, row in rows:
        out.setdefault(group, []).append(row)
    return out


def _indicator_rows(store: Store) -> dict[str, tuple[Any, ...]]:
    from jiexiu_cli.store_schema import INDICATOR

    sql = f"SELECT {INDICATOR.columns('x.')}, x.k, x.line, x.col FROM indicators x"
    return {r[0]: (*r[:-3], store.shown(r[-3]), *r[-2:]) for r in store.con.execute(sql)}


# ---------------------------------------------------------------- verify


def verify(store: Store) -> Report:
    from jiexiu_cli import verify as rules
    from jiexiu_cli.progress import Progress

    sources = store.sources()
    with Results(store) as results:
        figures = _grouped(_figure_rows(store, "x.source", "x.source"))
        exclusions = _grouped(
            (group, (store.shown(k), line, col, digest))
            for group, k, line, col, digest in store.con.execute(
                "SELECT x.source, x.k, x.line, x.col, x.digest FROM exclusions x JOIN files f ON f.k = x.k"
                " ORDER BY x.source, f.ord, x.pos"
            )
        )
        kept = results.kept("verify")
        found: list[SourceResult] = []
        new = []
        with Progress("verifying the articles", len(sources), "articles") as progress:
            for s in sources:
                stat, stable = _article_stat(s.text_path)
                key = results.key(
                    "verify", s, store.shown_path(s.text_path), stat, figures.get(s.file), exclusions.get(s.file)
                )
                hit = kept.get(s.file)
                if hit is not None and hit[0] == key:
                    result = _verified(hit[1])
                else:
                    result = rules.check_source(
                        s, store.figures("x.source = ?", (s.file,)), store.exclusions("x.source = ?", (s.file,))
                    )
                    if stable:
                        new.append((s.file, key, _verified_text(result)))
                found.append(result)
                progress.advance()
        results.keep("verify", new, {s.file for s in sources})
    ids = [fid for r in found for fid, _ in r.duplicates]
    position = store.positions(ids)
    return rules.assemble(store.counts(), found, position.__getitem__)


def _article_stat(path: Any) -> tuple[Any, bool]:
    """What the article's result depends on of the file itself, without reading it; and
    whether a result may be kept (a regular file last written two seconds ago or more)."""
    import stat
    import time

    try:
        st = os.stat(path)
    except (OSError, ValueError) as e:
        return ("unreadable", type(e).__name__, getattr(e, "errno", None)), False
    regular = stat.S_ISREG(st.st_mode)
    stable = regular and st.st_mtime_ns < time.time_ns() - RACY_NS
    return (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev), stable


def _verified_text(r: SourceResult) -> str:
    c = r.coverage
    return json.dumps(
        {
            "problems": [[p.where, p.message] for p in r.problems],
            "coverage": None if c is None else [c.source, c.tokens, c.by_figures, c.by_exclusions],
            "duplicates": [[fid, p.where, p.message] for fid, p in r.duplicates],
        },
        ensure_ascii=False,
    )


def _verified(text: str) -> SourceResult:
    from jiexiu_cli.verify import Problem, SourceCoverage, SourceResult

    d = json.loads(text)
    return SourceResult(
        [Problem(w, m) for w, m in d["problems"]],
        None if d["coverage"] is None else SourceCoverage(*d["coverage"]),
        [(fid, Problem(w, m)) for fid, w, m in d["duplicates"]],
    )


# ---------------------------------------------------------------- audit and compare, per indicator


class _PerIndicator:
    """The keys of every indicator's results, and the results kept or computed."""

    def __init__(self, store: Store, results: Results, kind: str, extra: Callable[[str, list[Any]], Any]) -> None:
        self.store = store
        self.results = results
        self.kind = kind
        self.figures = _grouped(_figure_rows(store, "x.indicator", "x.indicator"))
        indicators = _indicator_rows(store)
        self.keys = {
            i: results.key(kind, row, self.figures.get(i), extra(i, self.figures.get(i, [])))
            for i, row in indicators.items()
        }
        self.kept = results.kept(kind)

    def missing(self, ids: Iterable[str]) -> list[str]:
        return [i for i in ids if self.kept.get(i, ("", ""))[0] != self.keys[i]]

    def value(self, i: str) -> str:
        return self.kept[i][1]

    def compute(self, ids: list[str], what: str, fn: Callable[[Any], dict[str, str]], scopes: set[str] | None) -> None:
        """Compute ``fn(fact base of a batch of indicators) -> {indicator: value}`` for the
        indicators ``ids``, keep the values, and hold them for :meth:`value`."""
        from jiexiu_cli.progress import Progress

        new = []
        with Progress(what, len(ids), "indicators") as progress:
            for start in range(0, len(ids), BATCH):
                batch = ids[start : start + BATCH]
                fb = self.store.factbase_of(batch)
                values = fn(fb)
                for i in batch:
                    self.kept[i] = (self.keys[i], values.get(i, "[]"))
                    new.append((i, self.keys[i], self.kept[i][1]))
                progress.advance(len(batch))
        self.results.keep(self.kind, new, scopes)


def audit(store: Store, indicators: set[str] | None) -> list[Finding]:
    """audit.audit over the store: each indicator's derived checks and each declared
    check kept with the content they were computed from, and put in the same order."""
    from jiexiu_cli import audit as rules

    checks = store.checks()
    pairs = rules.declared_pairs(checks)
    with Results(store) as results:

        def pairs_of(i: str, rows: list[Any]) -> Any:
            """The declared pairs among the indicator's figures (same-quantity skips them)."""
            ids = {r[0] for r in rows}
            return sorted(sorted(p) for p in pairs if p <= ids)

        per = _PerIndicator(store, results, "audit", pairs_of)
        wanted = sorted(per.keys) if indicators is None else sorted(indicators & per.keys.keys())

        def compute(fb: Any) -> dict[str, str]:
            by_indicator: dict[str, list[Any]] = {}
            for d in rules.derived_checks(fb, pairs):
                by_indicator.setdefault(d[1][0].indicator, []).append(d)
            return {i: _encode([[*d[:3], d[3]] for d in found]) for i, found in by_indicator.items()}

        per.compute(
            per.missing(wanted), "auditing the indicators", compute, set(per.keys) if indicators is None else None
        )
        declared = _declared(store, results, checks, per.figures)
        derived_rows = [row for i in wanted for row in json.loads(per.value(i))]
    figures = store.figures_by_id({fid for row in derived_rows for fid in _figure_ids(row)})
    derived = [(rank, tuple(figures[a] for a in anchors), seq, _decode(x, figures)) for rank, anchors, seq, x in
               ((r[0], [a["$f"] for a in r[1]["$t"]], r[2], r[3]) for r in derived_rows)]  # fmt: skip
    position = store.positions({f.id for d in derived for f in d[1]})
    return rules.chosen([*declared, *rules.in_order(derived, position.__getitem__)], indicators)


def _declared(store: Store, results: Results, checks: list[Check], figures: dict[str, list[Any]]) -> list[Finding]:
    """Each declared check's finding, kept with the check and its figures."""
    from jiexiu_cli import audit as rules

    rows = {r[0]: r for rows in figures.values() for r in rows}
    kept = results.kept("audit-check")
    out = []
    new = []
    for c in checks:
        key = results.key("audit-check", c, [rows.get(fid) for fid in c.figures])
        hit = kept.get(c.id)
        if hit is not None and hit[0] == key:
            out.append(json.loads(hit[1]))
            continue
        fb = store.factbase([], list(store.figures_by_id(set(c.figures)).values()), (c,))
        (finding,) = rules.declared(fb)
        encoded = json.loads(_encode([finding]))[0]
        out.append(encoded)
        new.append((c.id, key, json.dumps(encoded, ensure_ascii=False)))
    results.keep("audit-check", new, {c.id for c in checks})
    figures_of = store.figures_by_id({fid for x in out for fid in _figure_ids(x)})
    return [_decode(x, figures_of) for x in out]


def compare(store: Store, chosen: list[Indicator] | None) -> list[Comparison]:
    """compare.comparable_pairs over the store, each indicator's pairs kept with its figures."""
    from jiexiu_cli.compare import comparable_pairs

    with Results(store) as results:
        per = _PerIndicator(store, results, "compare", lambda i, rows: None)
        if chosen is None:
            order = [i.id for i in sorted(store.indicators(), key=lambda i: (i.topic, i.id))]
        else:
            order = [i.id for i in chosen]

        def compute(fb: Any) -> dict[str, str]:
            by_indicator: dict[str, list[Any]] = {}
            for c in comparable_pairs(fb, list(fb.indicators)):
                by_indicator.setdefault(c.indicator.id, []).append(c)
            return {i: _encode(found) for i, found in by_indicator.items()}

        wanted = list(dict.fromkeys(order))
        per.compute(per.missing(wanted), "comparing the indicators", compute, set(per.keys) if chosen is None else None)
        rows = [row for i in order for row in json.loads(per.value(i))]
    figures = store.figures_by_id({fid for row in rows for fid in _figure_ids(row)})
    indicators = {i.id: i for i in store.indicators(sorted({row["indicator"]["$i"] for row in rows}))}
    return [_decode(row, figures, indicators) for row in rows]


# ---------------------------------------------------------------- results as JSON


def _encode(values: list[Any]) -> str:
    """Findings and comparisons as JSON: figures and indicators by id, Decimals as text."""

    def enc(v: Any) -> Any:
        if v is None or isinstance(v, str | bool | int):
            return v
        if isinstance(v, Decimal):
            return {"$d": str(v)}
        if isinstance(v, Figure):
            return {"$f": v.id}
        if isinstance(v, Indicator):
            return {"$i": v.id}
        if isinstance(v, tuple):
            return {"$t": [enc(x) for x in v]}
        if isinstance(v, list):
            return [enc(x) for x in v]
        if isinstance(v, dict):
            return {"$m": [[enc(k), enc(x)] for k, x in v.items()]}
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            return {"$": type(v).__name__, **{f.name: enc(getattr(v, f.name)) for f in dataclasses.fields(v)}}
        raise TypeError(f"cannot keep a {type(v).__name__} as a result")

    return json.dumps([enc(v) for v in values], ensure_ascii=False)


def _classes() -> dict[str, type]:
    from jiexiu_cli.audit import Finding
    from jiexiu_cli.compare import Comparison
    from jiexiu_cli.intervals import Interval

    return {c.__name__: c for c in (Finding, Comparison, Interval)}


def _decode(value: Any, figures: dict[str, Figure], indicators: dict[str, Indicator] | None = None) -> Any:
    classes = _classes()

    def dec(v: Any) -> Any:
        if isinstance(v, list):
            return [dec(x) for x in v]
        if not isinstance(v, dict):
            return v
        if "$d" in v:
            return Decimal(v["$d"])
        if "$f" in v:
            return figures[v["$f"]]
        if "$i" in v:
            assert indicators is not None
            return indicators[v["$i"]]
        if "$t" in v:
            return tuple(dec(x) for x in v["$t"])
        if "$m" in v:
            return {dec(k): dec(x) for k, x in v["$m"]}
        fields = {k: dec(x) for k, x in v.items() if k != "$"}
        return classes[v["$"]](**fields)

    return dec(value)


def _figure_ids(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        for x in value:
            yield from _figure_ids(x)
    elif isinstance(value, dict):
        if "$f" in value:
            yield value["$f"]
        else:
            for x in value.values():
                yield from _figure_ids(x)

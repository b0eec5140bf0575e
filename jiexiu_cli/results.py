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
    from jiexiu_cli.store_read import Store
    from jiexiu_cli.verify import Report, SourceResult

#: indicators whose checks are computed together (bounds the records held at once)
BATCH = 400
RACY_NS = 2_000_000_000


class Results:
    """The results file of a store (nothing is kept for a store built in memory)."""

    def __init__(self, store: Store) -> None:
        from jiexiu_cli.store_fresh import code_stamp

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

    def kept(self, kind: str) -> dict[str, tuple[str, Any]]:
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

    def keep(self, kind: str, rows: Iterable[tuple[str, str, Any]], scopes: set[str] | None = None) -> None:
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


# ---------------------------------------------------------------- verify


def verify(store: Store) -> Report:
    from jiexiu_cli import verify as rules
    from jiexiu_cli.progress import Progress
    from jiexiu_cli.text_files import ARTICLE_LIMIT, max_bytes

    limit = max_bytes(ARTICLE_LIMIT)  # an article over it is a problem (and a wrong setting an error, at once)
    sources = store.sources()
    with Results(store) as results:
        digests = store.digests("source")
        kept = results.kept("verify")
        found: list[SourceResult] = []
        new = []
        with Progress("verifying the articles", len(sources), "articles") as progress:
            for s in sources:
                stat, stable = _article_stat(s.text_path)
                # the view: the paths in problems are shown as from the folder jiexiu runs in
                key = results.key(
                    "verify", s, store.shown_path(s.text_path), stat, digests.get(s.file), store.view, limit
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


# ---------------------------------------------------------------- per indicator: audit, compare, export


class _PerIndicator:
    """The keys of every indicator's results of some kinds (kept together, read apart), and
    the results kept or computed."""

    def __init__(
        self, store: Store, results: Results, kinds: tuple[str, ...], extra: Callable[[str], Any] | None = None
    ):
        from jiexiu_cli.store_schema import INDICATOR

        self.store = store
        self.results = results
        self.kinds = kinds
        #: the indicators that have figures, and what their figures are (store_build.digest)
        self.digests = store.digests("indicator")
        # a figure's place is its own, else its source's: every source's place is in each key
        places = sorted(store.con.execute("SELECT file, place FROM sources"), key=lambda r: (r[0], r[1] or ""))
        sql = f"SELECT {INDICATOR.columns('x.')} FROM indicators x"
        self.keys = {
            row[0]: results.key(kinds[0], row, self.digests.get(row[0]), places, extra(row[0]) if extra else None)
            for row in store.con.execute(sql)
        }
        self.kept: dict[str, dict[str, tuple[str, Any]]] = {kinds[0]: results.kept(kinds[0])}
        self.fresh: dict[str, dict[str, Any]] = {kind: {} for kind in kinds}

    def missing(self, ids: Iterable[str]) -> list[str]:
        """The indicators whose results are not kept with their key (all kinds are kept
        together, the first last: if it is there, so are the others)."""
        first = self.kept[self.kinds[0]]
        return [i for i in ids if first.get(i, ("", ""))[0] != self.keys[i]]

    def value(self, i: str, kind: str | None = None) -> Any:
        kind = kind or self.kinds[0]
        if i in self.fresh[kind]:
            return self.fresh[kind][i]
        if kind not in self.kept:
            self.kept[kind] = self.results.kept(kind)
        return self.kept[kind][i][1]

    def compute(
        self, ids: list[str], what: str, fn: Callable[[list[str]], dict[str, dict[str, Any]]], scopes: set[str] | None
    ) -> None:
        """Compute ``fn(a batch of indicator ids) -> {kind: {indicator: value}}`` for the
        indicators ``ids`` ("[]" for one it says nothing of), keep the values, and hold
        them for :meth:`value`."""
        from jiexiu_cli.progress import Progress

        with Progress(what, len(ids), "indicators") as progress:
            for start in range(0, len(ids), BATCH):
                batch = ids[start : start + BATCH]
                values = fn(batch)
                for kind in self.kinds:
                    for i in batch:
                        self.fresh[kind][i] = values.get(kind, {}).get(i, "[]")
                progress.advance(len(batch))
        for kind in reversed(self.kinds):  # the first last (see missing)
            self.results.keep(kind, ((i, self.keys[i], self.fresh[kind][i]) for i in ids), scopes)


class Audited:
    """One audit check as kept: its id, status and indicators, and one text: its JSON
    record, or the check itself (:func:`findings` makes it again, for a table); a derived
    check's text is read from its indicator's kept texts when asked for (:func:`texts`
    writes many out in order)."""

    __slots__ = ("_text", "id", "indicators", "status")

    def __init__(self, id: str, status: str, indicators: list[str], text: str | tuple[_Texts, str, int]) -> None:
        self.id = id
        self.status = status
        self.indicators = indicators
        self._text = text

    @property
    def text(self) -> str:
        if isinstance(self._text, str):
            return self._text
        kept, i, n = self._text
        return kept.texts(i)[n]


class _Texts:
    """Each indicator's kept texts, held compressed, a few indicators open at a time."""

    def __init__(self, blobs: dict[str, Any]) -> None:
        from collections import OrderedDict

        self.blobs = blobs
        self.open: OrderedDict[str, list[str]] = OrderedDict()

    def texts(self, i: str) -> list[str]:
        texts = self.open.get(i)
        if texts is None:
            texts = self.open[i] = _unpack_texts(self.blobs[i])
            if len(self.open) > 64:
                self.open.popitem(last=False)
        return texts


#: checks written out in order one by one (above, their texts go through a file first)
SPILL = 2000


def texts(audited: list[Audited]) -> Iterator[str]:
    """The texts of these checks, in order, each indicator's kept texts opened once.

    Checks come family by family and, within one, in the fact base's order, so one
    indicator's checks are spread through the list: its texts are opened once, written
    to a temporary file (where each one's place is noted) and read back in order; all
    of them held at once would be 300 MB at 100,000 checks."""
    import tempfile

    derived = [(k, x._text) for k, x in enumerate(audited) if not isinstance(x._text, str)]
    if len(derived) < SPILL:
        yield from (x.text for x in audited)
        return
    groups: dict[tuple[int, str], tuple[_Texts, list[tuple[int, int]]]] = {}
    for k, (kept, i, n) in derived:
        groups.setdefault((id(kept), i), (kept, []))[1].append((k, n))
    where: dict[int, tuple[int, int]] = {}  # the check's place in the list -> (offset, length)
    with tempfile.TemporaryFile() as spill:
        offset = 0
        for (_, i), (kept, slots) in groups.items():
            unpacked = _unpack_texts(kept.blobs[i])
            chunk = []
            for k, n in slots:
                data = unpacked[n].encode("utf-8")
                where[k] = (offset, len(data))
                offset += len(data)
                chunk.append(data)
            spill.write(b"".join(chunk))
        spill.flush()
        fd = spill.fileno()
        for k, x in enumerate(audited):
            if isinstance(x._text, str):
                yield x._text
            else:
                at, size = where[k]
                yield os.pread(fd, size, at).decode("utf-8")


#: what audit keeps of each indicator: its checks' order, ids and statuses; their JSON
#: records; the checks themselves
AUDIT = ("audit", "audit-json", "audit-found")


def audit(store: Store, indicators: set[str] | None, text: str = "json") -> list[Audited]:
    """audit.audit over the store, in the same order, as kept checks with their JSON
    records (``text="json"``) or themselves (``"found"``, for :func:`findings`): each
    indicator's derived checks and each declared check kept with what they were computed
    from. Only the texts asked for are read (42,000 checks' JSON is 90 MB)."""
    from jiexiu_cli import audit as rules
    from jiexiu_cli import views_audit
    from jiexiu_cli.render_json import json_items

    checks = store.checks()
    pairs = rules.declared_pairs(checks)
    item = json_items()

    def entry(x: Finding) -> list[Any]:
        inputs = sorted({f.indicator for f in x.inputs})
        return [x.id, x.status, inputs, item(views_audit.finding_record(x)), _encode([x])]

    with Results(store) as results:
        store.temp("declared", {fid for p in pairs for fid in p})
        indicator_of = dict(store.con.execute("SELECT id, indicator FROM figures WHERE id IN temp.declared"))
        within: dict[str, list[list[str]]] = {}  # the declared pairs inside each indicator (same-quantity skips them)
        for p in pairs:
            owners = {indicator_of.get(fid) for fid in p}
            owner = owners.pop() if len(owners) == 1 else None
            if owner is not None:
                within.setdefault(owner, []).append(sorted(p))
        per = _PerIndicator(store, results, AUDIT, lambda i: sorted(within.get(i, [])))
        wanted = sorted(per.keys) if indicators is None else sorted(indicators & per.keys.keys())

        def compute(batch: list[str]) -> dict[str, dict[str, Any]]:
            fb = store.factbase_of(batch)
            by_indicator: dict[str, list[list[Any]]] = {}
            for rank, anchors, seq, x in rules.derived_checks(fb, pairs):
                by_indicator.setdefault(anchors[0].indicator, []).append(
                    [rank, [a.id for a in anchors], seq, *entry(x)]
                )
            order, texts, themselves = AUDIT
            return {
                order: {i: _pack([row[:6] for row in rows]) for i, rows in by_indicator.items()},
                texts: {i: _pack_texts([row[6] for row in rows]) for i, rows in by_indicator.items()},
                themselves: {i: _pack_texts([row[7] for row in rows]) for i, rows in by_indicator.items()},
            }

        per.compute(
            per.missing(wanted), "auditing the indicators", compute, set(per.keys) if indicators is None else None
        )
        which = 3 if text == "json" else 4
        found = [Audited(row[0], row[1], row[2], row[which]) for row in _declared(store, results, checks, entry)]
        kind = AUDIT[1] if text == "json" else AUDIT[2]
        derived = []
        blobs: dict[str, Any] = {}
        kept = _Texts(blobs)
        for i in wanted:
            rows = _unpack(per.value(i))
            if rows:
                blobs[i] = per.value(i, kind)
                derived += [(*row, (kept, i, n)) for n, row in enumerate(rows)]
    position = store.positions({a for row in derived for a in row[1]})
    derived.sort(key=lambda row: (row[0], [position[a] for a in row[1]], row[2]))
    found += [Audited(*row[3:]) for row in derived]
    if indicators is None:
        return found
    return [x for x in found if any(i in indicators for i in x.indicators)]


def findings(store: Store, audited: list[Audited]) -> list[Finding]:
    """The checks themselves, for a table (audit(..., text="found"); figures from the store)."""
    encoded = [json.loads(x.text)[0] for x in audited]
    figures = store.figures_by_id({fid for x in encoded for fid in _figure_ids(x)})
    return [_decode(x, figures) for x in encoded]


def _declared(
    store: Store, results: Results, checks: list[Check], entry: Callable[[Any], list[Any]]
) -> list[list[Any]]:
    """Each declared check's entry, kept with the check and its figures."""
    from jiexiu_cli import audit as rules

    store.temp("declared", {fid for c in checks for fid in c.figures})
    parts = dict(store.con.execute("SELECT id, hex(digest) FROM figures WHERE id IN temp.declared"))
    kept = results.kept("audit-check")
    out = []
    new = []
    for c in checks:
        key = results.key("audit-check", c, [parts.get(fid) for fid in c.figures])
        hit = kept.get(c.id)
        if hit is not None and hit[0] == key:
            out.append(json.loads(hit[1]))
            continue
        fb = store.factbase([], list(store.figures_by_id(set(c.figures)).values()), (c,))
        (finding,) = rules.declared(fb)
        made = entry(finding)
        out.append(made)
        new.append((c.id, key, json.dumps(made, ensure_ascii=False)))
    results.keep("audit-check", new, {c.id for c in checks})
    return out


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
        per = _PerIndicator(
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
            return {"compare": {i: _encode(found) for i, found in by_indicator.items()}}

        wanted = list(dict.fromkeys(order))
        scopes = set(per.keys) if chosen is None else None
        per.compute(per.missing(wanted), "comparing the indicators", compute, scopes)
        rows = [row for i in order for row in json.loads(per.value(i))]
    figures = store.figures_by_id({fid for row in rows for fid in _figure_ids(row)})
    indicators = {i.id: i for i in store.indicators(sorted({row["indicator"]["$i"] for row in rows}))}
    pairs = [_decode(row, figures, indicators) for row in rows]
    return [
        c
        for c in pairs
        if (period is None or period in (c.a.period, c.b.period)) and (place is None or c.places == (place, place))
    ]


def export_json(store: Store) -> Iterator[str]:
    """``export --format json``: each indicator's records as JSON text, kept (export lists
    figures by indicator, so an indicator's records are always one run of the list)."""
    from jiexiu_cli.records import figure_record
    from jiexiu_cli.render_json import json_items, json_list

    item = json_items()
    with Results(store) as results:
        per = _PerIndicator(store, results, ("export-json",))
        order = sorted(per.digests)  # the indicators with figures, in export's order (by id)

        fb = store.record_base()

        def compute(batch: list[str]) -> dict[str, Any]:
            texts: dict[str, list[str]] = {}
            for f in store.export_order(_in_temp(store, batch)):
                texts.setdefault(f.indicator, []).append(item(figure_record(fb, f)))
            return {"export-json": {i: _pack_texts(t) for i, t in texts.items()}}

        per.compute(per.missing(order), "exporting the indicators", compute, set(per.keys))
        yield from json_list(text for i in order for text in _unpack_texts(per.value(i)))


def _in_temp(store: Store, ids: list[str]) -> str:
    store.temp("export_batch", ids)
    return "x.indicator IN (SELECT id FROM temp.export_batch)"


def _pack(values: list[Any]) -> bytes:
    """A kept value, compressed (an export's text is 700 bytes a figure; JSON compresses ten times)."""
    import zlib

    return zlib.compress(json.dumps(values, ensure_ascii=False).encode("utf-8"), 1)


def _unpack(value: str | bytes) -> list[Any]:
    import zlib

    if isinstance(value, str):  # "[]": nothing
        return list(json.loads(value))
    return list(json.loads(zlib.decompress(value).decode("utf-8")))


def _pack_texts(texts: list[str]) -> bytes:
    """Kept JSON texts, compressed: joined by NUL (which JSON text never holds raw: it is
    written \\u0000), so that reading them back is a split, not a JSON parse of texts
    quoted inside JSON (which is most of the time of a warm audit)."""
    import zlib

    if not texts or any("\x00" in t for t in texts):
        return _pack(texts)
    return b"\x00" + zlib.compress("\x00".join(texts).encode("utf-8"), 1)


def _unpack_texts(value: str | bytes) -> list[str]:
    import zlib

    if isinstance(value, bytes) and value[:1] == b"\x00":
        return zlib.decompress(value[1:]).decode("utf-8").split("\x00")
    return _unpack(value)


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

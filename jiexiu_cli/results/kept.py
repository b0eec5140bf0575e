"""Results kept beside the store, so `verify`, `audit` and `compare` redo only what an edit
made necessary: the results file, the keys its results are kept with, and the kept results
of every indicator, computed in batches.

Each result is kept with a key: a hash of everything it was computed from and nothing
else, so a result whose key matches is the result the computation would give now. What
each command keeps, and from what, is said in its own module: ``results_verify`` (per
article), ``results_audit`` (per indicator and per declared check), ``results_compare``
and ``results_export`` (per indicator); ``results_codec`` writes findings and comparisons
as JSON.

Results are JSON (never a format that runs code on load) in a SQLite file beside the
store (``store-*.sqlite.results``), one row per article, indicator or check, replaced
when its key changes. A results file that cannot be trusted, read or written is not
used: the answer is computed, as without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiexiu_cli.factbase import cache

if TYPE_CHECKING:
    from jiexiu_cli.factbase.store_read import Store

#: indicators whose checks are computed together: what one batch computes is held until it
#: is written (100 indicators of 20 figures: some 2,000 checks), then let go
BATCH = 100
#: batches from which they are shared out to worker processes, one for each core
PARALLEL_BATCHES = 4

#: what a worker process computes: the store and the function of a batch (a forked worker
#: has the parent's), and the process that opened its own connection to the store
_WORK: tuple[Store, Callable[[list[str]], dict[str, dict[str, Any]]]] | None = None
_CONNECTED = 0


class Results:
    """The results file of a store (nothing is kept for a store built in memory)."""

    def __init__(self, store: Store) -> None:
        from jiexiu_cli.factbase.store_fresh import code_stamp

        self.store = store
        self.code = code_stamp()
        self.con: sqlite3.Connection | None = None
        #: the results file (None for a store built in memory)
        self.path: Path | None = None
        if store.db is None:
            return
        path = self.path = cache.companion(store.db, ".results")
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

    def keys(self, kind: str) -> dict[str, str]:
        """scope -> key of every result of ``kind`` (not their values)."""
        if self.con is None:
            return {}
        try:
            return dict(self.con.execute("SELECT scope, key FROM results WHERE kind = ?", (kind,)))
        except sqlite3.Error:
            return {}

    def one(self, kind: str, scope: str) -> tuple[str, Any] | None:
        """(key, value) of one result, or None."""
        if self.con is None:
            return None
        try:
            row = self.con.execute("SELECT key, value FROM results WHERE kind = ? AND scope = ?", (kind, scope))
            found = row.fetchone()
        except sqlite3.Error:
            return None
        return None if found is None else (found[0], found[1])

    def keep(self, kind: str, rows: Iterable[tuple[str, str, Any]], scopes: set[str] | None = None) -> bool:
        """Keep (scope, key, value) results; ``scopes``: all the scopes there are now (the
        results of others go). Whether they were kept."""
        return self.keep_all([(kind, rows)], scopes)

    def keep_all(self, kinds: list[tuple[str, Iterable[tuple[str, str, Any]]]], scopes: set[str] | None = None) -> bool:
        """:meth:`keep` of the results of several kinds, in one transaction."""
        if self.con is None:
            return False
        try:
            with self.con:
                for kind, rows in kinds:
                    self.con.executemany(
                        "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", ((kind, *r) for r in rows)
                    )
                    if scopes is not None:
                        self._prune(kind, scopes)
        except sqlite3.Error:
            return False  # busy or read-only: the next run computes again
        return True

    def prune(self, kinds: Iterable[str], scopes: set[str]) -> None:
        """The results of ``kinds`` whose scope is not among ``scopes`` go."""
        if self.con is None:
            return
        try:
            with self.con:
                for kind in kinds:
                    self._prune(kind, scopes)
        except sqlite3.Error:
            pass

    def _prune(self, kind: str, scopes: set[str]) -> None:
        assert self.con is not None
        gone = [s for (s,) in self.con.execute("SELECT scope FROM results WHERE kind = ?", (kind,))]
        self.con.executemany(
            "DELETE FROM results WHERE kind = ? AND scope = ?", ((kind, s) for s in gone if s not in scopes)
        )

    def key(self, *parts: Any) -> str:
        h = hashlib.blake2b(digest_size=16)
        h.update(self.code.encode())
        for part in parts:
            h.update(b"\x1e")
            h.update(repr(part).encode("utf-8", "surrogatepass"))
        return h.hexdigest()


class PerIndicator:
    """The keys of every indicator's results of some kinds (kept together, read apart), and
    the results kept or computed."""

    def __init__(
        self, store: Store, results: Results, kinds: tuple[str, ...], extra: Callable[[str], Any] | None = None
    ):
        from jiexiu_cli.factbase.store_schema import INDICATOR

        self.store = store
        self.results = results
        self.kinds = kinds
        #: the indicators that have figures, and what their figures are (store_build.digest)
        self.digests = store.digests("indicator")
        # a figure's place is its own, else its source's: every source's place is in each key
        sources = sorted(store.con.execute("SELECT file, place FROM sources"), key=lambda r: (r[0], r[1] or ""))
        places = results.key("places", sources)  # hashed once, not once per indicator
        sql = f"SELECT {INDICATOR.columns('x.')} FROM indicators x"
        self.keys = {
            row[0]: results.key(kinds[0], row, self.digests.get(row[0]), places, extra(row[0]) if extra else None)
            for row in store.con.execute(sql)
        }
        #: kind -> the key each indicator's results of that kind are kept with (each kind is
        #: computed when it is asked for: JSON texts for JSON, the records themselves for a table)
        self.kept_keys: dict[str, dict[str, str]] = {}
        self.kept: dict[str, dict[str, tuple[str, Any]]] = {}
        #: the values computed that could not be kept (no results file, or it was busy)
        self.fresh: dict[str, dict[str, Any]] = {kind: {} for kind in kinds}

    def missing(self, ids: Iterable[str], kinds: tuple[str, ...] | None = None) -> list[str]:
        """The indicators whose results of ``kinds`` (all kinds where None) are not all kept
        with their key."""
        kinds = kinds or self.kinds
        for kind in kinds:
            if kind not in self.kept_keys:
                self.kept_keys[kind] = self.results.keys(kind)
        kept = [self.kept_keys[kind] for kind in kinds]
        return [i for i in ids if any(k.get(i) != self.keys[i] for k in kept)]

    def value(self, i: str, kind: str | None = None) -> Any:
        """The result of ``kind`` of indicator ``i`` (every result of that kind is read
        at the first one asked for: use :meth:`one` for a few)."""
        kind = kind or self.kinds[0]
        if i in self.fresh[kind]:
            return self.fresh[kind][i]
        if kind not in self.kept:
            self.kept[kind] = self.results.kept(kind)
        return self.kept[kind][i][1]

    def one(self, i: str, kind: str) -> Any:
        """The result of ``kind`` of indicator ``i``, read alone."""
        if i in self.fresh[kind]:
            return self.fresh[kind][i]
        if kind in self.kept:
            return self.kept[kind][i][1]
        found = self.results.one(kind, i)
        assert found is not None, f"no {kind} result kept for {i}"
        return found[1]

    def compute(
        self,
        ids: list[str],
        what: str,
        fn: Callable[[list[str]], dict[str, dict[str, Any]]],
        scopes: set[str] | None,
        kinds: tuple[str, ...] | None = None,
    ) -> int:
        """Compute ``fn(a batch of indicator ids) -> {kind: {indicator: value}}`` for the
        indicators ``ids`` ("[]" for one it says nothing of) a batch at a time, and keep
        each batch's values as soon as they are made (held only where they cannot be
        kept): what is held at once is one batch, whatever the fact base's size.
        ``kinds``: those ``fn`` computes (all where None); the results of every kind go for
        the indicators not in ``scopes``. The number of batches."""
        from jiexiu_cli.factbase.progress import Progress

        kinds = kinds or self.kinds
        batches = 0
        with Progress(what, len(ids), "indicators") as progress:
            for batch, values in _computed([ids[s : s + BATCH] for s in range(0, len(ids), BATCH)], self.store, fn):
                rows = {kind: [(i, self.keys[i], values.get(kind, {}).get(i, "[]")) for i in batch] for kind in kinds}
                del values
                if self.results.keep_all(list(rows.items())):
                    for kind in self.kept:  # read before: now out of date
                        self.kept[kind].update((i, (key, value)) for i, key, value in rows[kind])
                    for kind in kinds:
                        if kind in self.kept_keys:
                            self.kept_keys[kind].update((i, self.keys[i]) for i in batch)
                else:
                    for kind, made in rows.items():
                        self.fresh[kind].update((i, value) for i, _, value in made)
                batches += 1
                progress.advance(len(batch))
        if scopes is not None:
            self.results.prune(self.kinds, scopes)
        return batches


def _computed(
    batches: list[list[str]], store: Store, fn: Callable[[list[str]], dict[str, dict[str, Any]]]
) -> Iterator[tuple[list[str], dict[str, dict[str, Any]]]]:
    """Each batch with ``fn(batch)``, in order: computed in worker processes (forked, each
    with its own connection to the store) where there are several cores and enough
    batches to share out, else here."""
    global _WORK
    workers = _workers(len(batches), store)
    if workers <= 1:
        for batch in batches:
            yield batch, fn(batch)
        return
    import concurrent.futures
    import multiprocessing

    _WORK = (store, fn)
    try:
        with concurrent.futures.ProcessPoolExecutor(workers, multiprocessing.get_context("fork")) as pool:
            yield from zip(batches, pool.map(_work, batches), strict=True)
    finally:
        _WORK = None


def _workers(batches: int, store: Store) -> int:
    import multiprocessing

    if batches < PARALLEL_BATCHES or store.db is None or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    import threading

    if threading.active_count() > 1:  # a host with threads of its own (a notebook): a fork
        return 1  # copies their locks as they are at that instant, held or not; work here

    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return min(cores, batches)


def _work(batch: list[str]) -> dict[str, dict[str, Any]]:
    """A batch computed in a worker process, over a connection of its own (one carried
    over a fork is never used)."""
    global _CONNECTED
    assert _WORK is not None
    store, fn = _WORK
    if os.getpid() != _CONNECTED:
        from jiexiu_cli.factbase.store_fresh import WAIT_S, read_only

        assert store.db is not None
        store.con = sqlite3.connect(read_only(store.db), uri=True, timeout=WAIT_S)
        _CONNECTED = os.getpid()
    return fn(batch)


class Spilled:
    """Kept values read for a long table, written to a temporary file as they are read and
    read back one at a time when they are drawn: none of them held (at 100,000 figures,
    audit's checks are 15 MiB compressed), yet what is drawn is what was read (the results
    file may change meanwhile). Where no temporary file can be written, they are held."""

    def __init__(self) -> None:
        #: name -> where its value is in the file, its size, and whether it is a text
        self._at: dict[str, tuple[int, int, bool]] = {}
        self._held: dict[str, Any] = {}
        self._file: Any = None
        self._end = 0
        self._usable = True

    def add(self, name: str, value: Any) -> None:
        if self._usable and isinstance(value, (bytes, str)):
            import tempfile

            text = isinstance(value, str)
            data = value.encode("utf-8") if isinstance(value, str) else value
            try:
                if self._file is None:
                    self._file = tempfile.TemporaryFile()  # noqa: SIM115 (as long as the values: closed when freed)
                self._file.write(data)
                self._file.flush()  # each written whole, or held
            except OSError:  # no temporary folder, or the disk is full: held from here on
                self._usable = False
            else:
                self._at[name] = (self._end, len(data), text)
                self._end += len(data)
                return
        self._held[name] = value

    def __getitem__(self, name: str) -> Any:
        at = self._at.get(name)
        if at is None:
            return self._held[name]
        offset, size, text = at
        data = os.pread(self._file.fileno(), size, offset)
        if len(data) != size:
            raise OSError(f"a temporary file lost what was written to it ({size} bytes at {offset})")
        return data.decode("utf-8") if text else data


def pack(values: list[Any]) -> bytes:
    """A kept value, compressed (records' JSON repeats its keys: it compresses well)."""
    import zlib

    return zlib.compress(json.dumps(values, ensure_ascii=False).encode("utf-8"), 1)


def unpack(value: str | bytes) -> list[Any]:
    import zlib

    if isinstance(value, str):  # "[]": nothing
        return list(json.loads(value))
    return list(json.loads(zlib.decompress(value).decode("utf-8")))


def pack_texts(texts: list[str]) -> bytes:
    """Kept JSON texts, compressed: joined by NUL (which JSON text never holds raw: it is
    written \\u0000), so that reading them back is a split, not a JSON parse of texts
    quoted inside JSON (which is most of the time of a warm audit)."""
    import zlib

    if not texts or any("\x00" in t for t in texts):
        return pack(texts)
    return b"\x00" + zlib.compress("\x00".join(texts).encode("utf-8"), 1)


def unpack_texts(value: str | bytes) -> list[str]:
    import zlib

    if isinstance(value, bytes) and value[:1] == b"\x00":
        return zlib.decompress(value[1:]).decode("utf-8").split("\x00")
    return unpack(value)

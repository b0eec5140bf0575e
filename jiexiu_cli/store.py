"""The compiled fact base that every command reads: one SQLite file per fact base.

Why: parsing YAML costs about 0.3 ms a figure even with libyaml, and any whole-fact-base
object grows with it; an indexed SQLite lookup reads a few pages whatever the size. So
`show` reads one indicator's figures and their sources, `search` narrows with an index
before it scores, `list` counts in SQL, `export` streams rows, and the rest read just the
records they need (the views do not know the difference: they get a small FactBase).

What is stored (``store_build.py``): every record the YAML holds (sources, indicators,
figures, exclusions, checks), each with the fact-base file it comes from (``k``) and its
line and column; each file's path, stat and content hash; the order of periods; for
search, every name folded and in pinyin, pairs of characters of each name (for "did you
mean"), an FTS5 index of one token per character of every quote and name (so a Chinese
term of any length, 焦化, is found as a substring) and each quote's pinyin.

Change detection: the stat of every file (path, size, mtime_ns, ctime_ns, inode) must
equal what was stored: ctime and inode change on every write, rename or copy, and cannot
be set back by a user. A file whose mtime is within two seconds of the build (so an edit
could have kept the same stat) is compared by content hash instead (as git does for
"racily clean" files). Once the hashes have matched, later than two seconds after those
files' mtimes, a stamp beside the store (``<store>.verified``: the build it belongs to and
when the check began) says so, and later runs go by the stats alone, as git re-stamps its
index. Without it, a fact base installed by pip, whose files are stamped with the install
time and whose store is built by the first run seconds later, would be hashed on every run.

Bringing it up to date: only the files that changed are read again (their rows deleted,
their new rows inserted, the rules across files run again), on a copy of the store that
then replaces it by a rename; a cold build reads files in worker processes. Readers open
the store read-only and ``immutable``, so a rename under them is harmless; a lock makes
concurrent first runs build once. A store that is corrupt, of another version or format,
or whose schema is not exactly this version's, is rebuilt; one that cannot be written is
built in memory (``cache.py`` says which folders and files are trusted).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from jiexiu_cli import __version__, cache
from jiexiu_cli.data_path import Roots, display_path, fact_base
from jiexiu_cli.errors import DataError, NotFoundError
from jiexiu_cli.model import Check, Exclusion, FactBase, Figure, Indicator, Location, Source
from jiexiu_cli.query import closest, fold
from jiexiu_cli.store_schema import CHECK, EXCLUSION, FIGURE, FORMAT, INDICATOR, SOURCE

if TYPE_CHECKING:
    from jiexiu_cli.search import Hit
    from jiexiu_cli.store_search import Found

RACY_NS = 2_000_000_000
#: how long a reader waits for a writer's commit, and a writer for readers (seconds)
WAIT_S = 120.0
#: an update that would read more than this share of the fact base's bytes builds anew
REBUILD_SHARE = 0.5
SUGGEST_CANDIDATES = 500
_CHUNK = 500  # SQL parameters per IN (...)
T = TypeVar("T")

StatRow = tuple[str, int, int, int, int]

#: the columns of a figure as the store keeps them (the record's fields but ``at``)
FIGURE_FIELDS = FIGURE.fields
SOURCE_FIELDS = SOURCE.fields
#: a figure's (``x``) place: its own, else its source's (query.place_of)
PLACE_OF = "coalesce(x.place, (SELECT s.place FROM sources s WHERE s.file = x.source))"


# ---------------------------------------------------------------- the answer


def answer(path: Path, ask: Callable[[Store], T]) -> T:
    """``ask`` the store of the fact base at ``path``, brought up to date (in the cache
    where it can be, else in memory). A store found damaged while answering is rebuilt
    and asked again."""
    try:
        with open_store(path) as store:
            return ask(store)
    except sqlite3.DatabaseError:
        pass
    with open_store(path, rebuild=True) as store:
        try:
            return ask(store)
        except sqlite3.DatabaseError as e:
            raise DataError(f"the compiled fact base cannot be read: {e}", str(store.db or "memory")) from None


@contextlib.contextmanager
def open_store(path: Path, *, rebuild: bool = False) -> Iterator[Store]:
    """The store of the fact base at ``path``, up to date; a DataError where the fact base
    is invalid (the same error for every command, found once and kept with the store)."""
    walk, roots = fact_base(path)
    stats = stat_rows(walk)
    view = _view(path)
    store: Store | None = None
    where = cache.folder()
    if where is not None:
        db = cache.store_path(where, path)
        if _usable_path(db):
            store = None if rebuild else open_fresh(db, walk, stats, roots, view)
            if store is None:
                with cache.locked(db):
                    store = None if rebuild else open_fresh(db, walk, stats, roots, view)
                    store = store or _refresh(db, walk, stats, roots, view, rebuild)
    if store is None:
        store = _in_memory(walk, stats, roots, view)
    with contextlib.closing(store.con):
        store.raise_error()
        yield store


def load_files(files: list[Path], roots: Roots | None = None) -> FactBase:
    """Every record of these fact-base files, checked within and across files (the loader:
    a store built in memory, without the search indexes, read back whole). ``roots``: the
    fact base's folder trees (``data_path.fact_base``; default: each file's own folder, as
    ``load.load_file``)."""
    from jiexiu_cli import store_build

    stats = stat_rows(files)
    con = sqlite3.connect(":memory:")
    with contextlib.closing(con):
        store_build.build(con, files, stats, roots, search=False, view="")
        store = Store(con, files, None)
        store.raise_error()
        return store.whole()


def reading(roots: Roots | None) -> str:
    """What a store's rows depend on besides its files' bytes: the folder trees its files
    and articles must lie in, and the fact-base files' size limit (a store read under
    others is rebuilt)."""
    return f"{chr(1).join(roots or ())}\0{os.environ.get('JIEXIU_MAX_FACT_FILE_MIB', '').strip()}"


def _view(path: Path) -> str:
    """What the paths a user is shown depend on: the folder jiexiu runs in, and how the
    fact base was named (messages kept with the store are for this view only)."""
    try:
        cwd = os.getcwd()
    except OSError:
        cwd = "?"
    return f"{cwd}\0{path}"


def _usable_path(db: Path) -> bool:
    """A store file there is missing (to be built) or one of the user's own (a warning
    otherwise, and the answer is computed in memory)."""
    try:
        os.lstat(db)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False
    return cache.trusted(db)


# ---------------------------------------------------------------- the files and their stats


def stat_rows(files: list[Path]) -> list[StatRow]:
    rows = []
    for f in files:
        try:
            st = os.stat(f)
        except OSError as e:
            raise DataError(f"cannot read fact-base file: {e.strerror or e}", str(f)) from None
        rows.append((os.path.abspath(f), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    return rows


def content_hash(path: str) -> str:
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


_CODE: list[str] = []


def code_stamp() -> str:
    """jiexiu's version and the size and mtime of each of its modules: a store, or a
    result kept beside it, is this code's only while they are unchanged (a source
    checkout being edited changes them; an installed wheel does not)."""
    if not _CODE:
        parts = [__version__, FORMAT]
        try:
            with os.scandir(os.path.dirname(__file__)) as entries:
                for e in sorted(entries, key=lambda e: e.name):
                    if e.name.endswith(".py"):
                        st = e.stat()
                        parts.append(f"{e.name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append("?")
        import zlib

        data = "\n".join(parts).encode()
        _CODE.append(f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}")
    return _CODE[0]


def _expected_schema(search: bool, fts: bool) -> list[str]:
    from jiexiu_cli.store_schema import schema

    return [" ".join(s.split()) for s in schema(search, fts).split(";") if s.strip()]


def open_fresh(db: Path, walk: list[Path], stats: list[StatRow], roots: Roots, view: str) -> Store | None:
    """The cached store if it is whole, this version's, and built from these very files
    (of a fact base in this very folder tree: articles are resolved inside it)."""
    try:
        if not db.is_file():
            return None
        con = sqlite3.connect(_read_only(db), uri=True, timeout=WAIT_S)
    except (OSError, sqlite3.Error):
        return None
    try:
        meta = _meta(con)
        if (
            meta is not None
            and meta.get("reading") == reading(roots)
            and _fresh(con, meta, stats, db)
            and (not meta.get("error") or meta.get("view") == view)
        ):
            return Store(con, walk, db, view)
    except (OSError, sqlite3.Error):
        pass
    con.close()
    return None


def _read_only(db: Path) -> str:
    """The store's URI, read-only. Not ``immutable``: an update writes it in place (in one
    transaction), and SQLite's locks keep readers from seeing half of it."""
    return "file:" + str(db).replace("%", "%25").replace("?", "%3f").replace("#", "%23") + "?mode=ro"


def _meta(con: sqlite3.Connection) -> dict[str, str] | None:
    """The store's meta, if it is a whole store of exactly this version's schema."""
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("complete") != "1" or meta.get("format") != FORMAT or meta.get("code") != code_stamp():
        return None
    live = [
        " ".join(sql.split())
        for (sql,) in con.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE '%\\_chars\\_%' ESCAPE '\\'"
            " ORDER BY rowid"
        )
    ]
    return meta if live == _expected_schema(True, meta.get("fts") == "1") else None


def _fresh(con: sqlite3.Connection, meta: dict[str, str], rows: list[StatRow], db: Path) -> bool:
    stored = con.execute("SELECT path, size, mtime_ns, ctime_ns, ino, hash FROM files ORDER BY ord").fetchall()
    if [tuple(r[:5]) for r in stored] != rows:
        return False
    build = meta["built_ns"]
    checked = max(int(build), cache.verified(db, build))
    racy = [(row[0], s[5], row[2]) for row, s in zip(rows, stored, strict=True) if row[2] >= checked - RACY_NS]
    if not racy:
        return True
    import time

    began = time.time_ns()
    if any(content_hash(path) != digest for path, digest, _ in racy):
        return False
    if all(mtime < began - RACY_NS for _, _, mtime in racy):  # a stamp now spares the next runs
        cache.stamp(db, build, began)
    return True


# ---------------------------------------------------------------- building and updating


def _refresh(db: Path, walk: list[Path], stats: list[StatRow], roots: Roots, view: str, rebuild: bool) -> Store | None:
    """The store at ``db`` brought up to date in place, in one transaction (only the files
    that changed are read again), or a whole new one written beside it and renamed over
    it; None where it cannot be written."""
    from jiexiu_cli import store_build

    journal = Path(f"{db}-journal")
    if journal.exists() and not rebuild:  # an update was killed: SQLite rolls it back on a writer's first read
        with contextlib.suppress(sqlite3.Error), contextlib.closing(sqlite3.connect(db, timeout=WAIT_S)) as recover:
            recover.execute("SELECT count(*) FROM meta").fetchone()
    plan = None if rebuild else _plan(db, stats, roots, view)
    if plan is not None:
        updated: sqlite3.Connection | None
        try:
            updated = sqlite3.connect(db, timeout=WAIT_S)
        except sqlite3.Error:
            updated = None
        if updated is not None:
            con = updated
            try:
                # the journal makes a killed update roll back; not syncing it to the disk
                # risks what a whole build risks (it is renamed into place unsynced): the
                # store is a cache of the YAML, and an fsync costs more than the update
                for pragma in ("journal_mode=DELETE", "synchronous=OFF", "cache_size=-65536", "temp_store=MEMORY"):
                    con.execute(f"PRAGMA {pragma}")
                store_build.update(con, walk, stats, roots, plan, view=view)
                cache.unlink(cache.companion(db, ".verified"))  # the stamp of the build just replaced
                cache.sweep(db.parent, db)
                return Store(con, walk, db, view)
            except (OSError, sqlite3.Error):  # rolled back: build it whole
                con.close()
            except BaseException:
                con.close()
                raise
    tmp = cache.temporary(db)
    if tmp is None:
        return None
    built: sqlite3.Connection | None = None
    try:
        built = sqlite3.connect(tmp)
        _fast(built)
        store_build.build(built, walk, stats, roots, search=True, view=view)
        cache.unlink(journal)  # a killed update's journal must never be rolled back into the new store
        os.replace(tmp, db)
    except (OSError, sqlite3.Error):  # disk full, the folder gone: answer from memory
        if built is not None:
            built.close()
        cache.unlink(tmp)
        return None
    except BaseException:
        if built is not None:
            built.close()
        cache.unlink(tmp)
        raise
    cache.unlink(cache.companion(db, ".verified"))
    cache.sweep(db.parent, db)
    return Store(built, walk, db, view)


def _fast(con: sqlite3.Connection) -> None:
    for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-65536", "temp_store=MEMORY"):
        con.execute(f"PRAGMA {pragma}")


def _plan(db: Path, stats: list[StatRow], roots: Roots, view: str) -> Any:
    """What changed since the store at ``db`` was built: the files to read again (new, or
    whose content differs, or that failed to load in another view) and those to drop; None
    when a whole new build is cheaper (no usable store, or most of the bytes changed)."""
    from jiexiu_cli.store_build import Plan

    if not db.is_file():
        return None
    try:
        con = sqlite3.connect(_read_only(db), uri=True, timeout=WAIT_S)
    except sqlite3.Error:
        return None
    try:
        meta = _meta(con)
        if meta is None or meta.get("search") != "1" or meta.get("reading") != reading(roots):
            return None
        stored = {
            r[0]: r[1:] for r in con.execute("SELECT path, k, size, mtime_ns, ctime_ns, ino, hash, error FROM files")
        }
        checked = max(int(meta["built_ns"]), cache.verified(db, meta["built_ns"]))
    except sqlite3.Error:
        return None
    finally:
        con.close()
    plan = Plan()
    same_view = meta.get("view") == view
    for i, row in enumerate(stats):
        old = stored.pop(row[0], None)
        if old is not None:
            k, *stat, digest, error = old
            if error is not None and not same_view:
                pass  # its message names paths as another folder sees them: read it again
            elif tuple(stat) == row[1:] and row[2] < checked - RACY_NS:
                plan.keep[k] = i
                continue
            elif content_hash(row[0]) == digest:
                plan.keep[k] = i
                plan.restat[k] = row
                continue
            plan.drop.append(k)
        plan.read.append(i)
    plan.drop += [old[0] for old in stored.values()]
    if sum(stats[i][1] for i in plan.read) > REBUILD_SHARE * sum(r[1] for r in stats):
        return None
    return plan


def _in_memory(walk: list[Path], stats: list[StatRow], roots: Roots, view: str) -> Store:
    from jiexiu_cli import store_build

    con = sqlite3.connect(":memory:")
    try:
        store_build.build(con, walk, stats, roots, search=True, view=view)
    except BaseException:
        con.close()
        raise
    return Store(con, walk, None, view)


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
        the one, or every one shown (``store_build.every_problem``) and how many more."""
        meta = dict(self.con.execute("SELECT key, value FROM meta WHERE key IN ('error', 'problems')"))
        if meta.get("error"):
            from jiexiu_cli.errors import data_error

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
        for chunk in _chunks(ids):
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
        for chunk in _chunks(wanted):
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
        """name -> digest of every indicator or source that has rows (store_build.Digests)."""
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
        from jiexiu_cli.query import resolve_place

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
        """As :func:`jiexiu_cli.query.resolve`: an id or a name wins over an alias."""
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
        """As :func:`jiexiu_cli.query.suggest`, scored over the names that share a pair of
        characters with ``name`` (or, for one character, the names of one or two)."""
        wanted = fold(name)
        if not wanted:
            return ()
        if len(wanted) == 1:
            rows = self.con.execute(
                "SELECT indicator, key FROM names WHERE length(key) <= 2 AND instr(key, ?) > 0", (wanted,)
            ).fetchall()
            return closest(name, rows, limit)
        grams = sorted(name_grams(wanted) | set(wanted))
        counts: dict[int, int] = {}
        for chunk in _chunks(grams):
            sql = f"SELECT name, count(*) FROM grams WHERE gram IN ({', '.join('?' * len(chunk))}) GROUP BY name"
            for n, c in self.con.execute(sql, chunk):
                counts[n] = counts.get(n, 0) + c
        best = sorted(counts, key=lambda n: -counts[n])[:SUGGEST_CANDIDATES]
        rows = []
        for chunk in _chunks(best):
            sql = f"SELECT indicator, key FROM names WHERE n IN ({', '.join('?' * len(chunk))})"
            rows += self.con.execute(sql, chunk).fetchall()
        return closest(name, rows, limit)

    # -- search

    def search(self, terms: list[str], limit: int | None, place: str | None = None) -> tuple[FactBase, list[Hit]]:
        """search.search over what the indexes allow, with the same matching and ranking;
        ``place`` (as :meth:`place` resolved it) narrows to that place's figures."""
        found = self.find(terms, limit, place)
        return found.fb, found.hits

    def find(self, terms: list[str], limit: int | None, place: str | None = None) -> Found:
        """:meth:`search`, with how many figures match in all."""
        from jiexiu_cli.store_search import search

        return search(self, terms, limit, place)

    def select(self, sql: str, numbers: list[Any], *more: Any) -> Iterator[Any]:
        """Rows of ``sql`` (with ``{}`` for the marks of IN, then ``more`` parameters) for
        these values, chunk by chunk."""
        for chunk in _chunks(numbers):
            yield from self.con.execute(sql.format(", ".join("?" * len(chunk))), (*chunk, *more))

    def temp(self, table: str, ids: Iterable[Any]) -> None:
        """A temporary table of ids (the store itself is never written)."""
        self.con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} (id PRIMARY KEY)")
        self.con.execute(f"DELETE FROM temp.{table}")
        self.con.executemany(f"INSERT OR IGNORE INTO temp.{table} VALUES (?)", ((i,) for i in ids))


def indexed_chars(folded: str) -> str:
    """The characters of a text that the FTS5 index holds, one token each: ASCII letters and
    digits and the CJK ideographs of Unicode 6.1 (what the unicode61 tokenizer surely keeps
    as tokens). Dropping the same characters from a quote and a term keeps a term's
    characters a run of the quote's."""
    import re

    return " ".join(re.findall("[0-9A-Za-z\u4e00-\u9fcc\u3400-\u4db5]", folded))


def name_grams(key: str) -> set[str]:
    """Pairs of characters, adjacent or one apart (so gpd and gdp share gd and gp); a
    one-character name is its own gram."""
    if len(key) == 1:
        return {key}
    return {key[i : i + 2] for i in range(len(key) - 1)} | {key[i] + key[i + 2] for i in range(len(key) - 2)}


def decode_syllables(text: str, encoded: str) -> tuple[str, ...]:
    """The syllables of each character of ``text`` (``store_build.encode_syllables``)."""
    parts = encoded.split("\x1f")
    if len(parts) != len(text):
        return tuple(c.lower() for c in text)
    return tuple(parts)


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]

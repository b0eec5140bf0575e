"""The compiled fact base that every command reads: one SQLite file per fact base, opened
up to date (:func:`answer`, :func:`open_store`).

Why: parsing YAML costs far more per figure than an indexed lookup, and any
whole-fact-base object grows with the fact base; an indexed SQLite lookup reads a few
pages whatever the size. So `show` reads one indicator's figures and their sources,
`search` narrows with an index before it scores, `list` counts in SQL, `export` streams
rows, and the rest read just the records they need (``store_read.Store``; the views do
not know the difference: they get a small FactBase).

What is stored (``store_build.py``, ``store_schema.py``): every record the YAML holds
(sources, indicators, figures, exclusions, checks), each with the fact-base file it comes
from (``k``) and its line and column; each file's path, stat and content hash; the order
of periods; for search, every name folded and in pinyin, pairs of characters of each name
(for "did you mean"), an FTS5 index of one token per character of every quote and name (so
a Chinese term of any length, 焦化, is found as a substring) and each quote's pinyin.

Whether it is current: ``store_fresh.py``. Bringing it up to date: only the files that
changed are read again (their rows deleted, their new rows inserted, the rules across
files run again), in place, in one transaction; a whole build is written beside the store
and renamed over it, its files read in worker processes. Readers open the store
read-only, and SQLite's locks keep them from seeing half an update; a lock makes
concurrent first runs build once. A store that is corrupt, of another version or format,
or whose schema is not exactly this version's, is rebuilt; one that cannot be written is
built in memory (``cache.py`` says which folders and files are trusted).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from jiexiu_cli.core.errors import DataError
from jiexiu_cli.core.model import FactBase
from jiexiu_cli.factbase import cache
from jiexiu_cli.factbase.data_path import Roots, fact_base
from jiexiu_cli.factbase.store_fresh import WAIT_S, StatRow, open_fresh, plan, stat_rows
from jiexiu_cli.factbase.store_read import Store

T = TypeVar("T")

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
    ``loader.load_file``)."""
    from jiexiu_cli.factbase import store_build

    stats = stat_rows(files)
    con = sqlite3.connect(":memory:")
    with contextlib.closing(con):
        store_build.build(con, files, stats, roots, search=False, view="")
        store = Store(con, files, None)
        store.raise_error()
        return store.whole()


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


# ---------------------------------------------------------------- building and updating


def _refresh(db: Path, walk: list[Path], stats: list[StatRow], roots: Roots, view: str, rebuild: bool) -> Store | None:
    """The store at ``db`` brought up to date in place, in one transaction (only the files
    that changed are read again), or a whole new one written beside it and renamed over
    it; None where it cannot be written."""
    from jiexiu_cli.factbase import store_build

    journal = Path(f"{db}-journal")
    if journal.exists() and not rebuild:  # an update was killed: SQLite rolls it back on a writer's first read
        with contextlib.suppress(sqlite3.Error), contextlib.closing(sqlite3.connect(db, timeout=WAIT_S)) as recover:
            recover.execute("SELECT count(*) FROM meta").fetchone()
    plan_ = None if rebuild else plan(db, stats, roots, view)
    if plan_ is not None:
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
                store_build.update(con, walk, stats, roots, plan_, view=view)
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


def _in_memory(walk: list[Path], stats: list[StatRow], roots: Roots, view: str) -> Store:
    from jiexiu_cli.factbase import store_build

    con = sqlite3.connect(":memory:")
    try:
        store_build.build(con, walk, stats, roots, search=True, view=view)
    except BaseException:
        con.close()
        raise
    return Store(con, walk, None, view)

"""Whether a compiled store is current, and if not, what changed since it was built.

The stat of every file (path, size, mtime_ns, ctime_ns, inode) must equal what was stored:
ctime and inode change on every write, rename or copy, and cannot be set back by a user. A
file whose mtime is within two seconds of the build (so an edit could have kept the same
stat) is compared by content hash instead (as git does for "racily clean" files). Once the
hashes have matched, later than two seconds after those files' mtimes, a stamp beside the
store (``<store>.verified``: the build it belongs to and when the check began) says so, and
later runs go by the stats alone, as git re-stamps its index. Without it, a fact base
installed by pip, whose files are stamped with the install time and whose store is built
by the first run seconds later, would be hashed on every run.

What else a store's rows depend on (:func:`reading`) and the code that wrote it
(:func:`code_stamp`) must match too, and its schema must be exactly this version's.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from jiexiu_cli import __version__
from jiexiu_cli.core.errors import DataError
from jiexiu_cli.factbase import cache
from jiexiu_cli.factbase.data_path import Roots
from jiexiu_cli.factbase.store_read import Store
from jiexiu_cli.factbase.store_schema import FORMAT

RACY_NS = 2_000_000_000
#: how long a reader waits for a writer's commit, and a writer for readers (seconds)
WAIT_S = 120.0
#: an update that would read more than this share of the fact base's bytes builds anew
REBUILD_SHARE = 0.5

StatRow = tuple[str, int, int, int, int]


def reading(roots: Roots | None) -> str:
    """What a store's rows depend on besides its files' bytes: the folder trees its files
    and articles must lie in, and the fact-base files' size limit (a store read under
    others is rebuilt)."""
    return f"{chr(1).join(roots or ())}\0{os.environ.get('JIEXIU_MAX_FACT_FILE_MIB', '').strip()}"


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
    """jiexiu's version and the size and mtime of each of its modules, in every subpackage:
    a store, or a result kept beside it, is this code's only while they are unchanged (a
    source checkout being edited changes them; an installed wheel does not)."""
    if not _CODE:
        parts = [__version__, FORMAT]
        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # jiexiu_cli/
        try:
            _modules(package, "", parts)
        except OSError:
            parts.append("?")
        import zlib

        data = "\n".join(parts).encode()
        _CODE.append(f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}")
    return _CODE[0]


def _modules(folder: str, prefix: str, parts: list[str]) -> None:
    """Each module's path, size and mtime, folder by folder (scandir: no path joined or made
    relative per file, on every command's start)."""
    with os.scandir(folder) as listed:
        entries = sorted(listed, key=lambda e: e.name)
    for e in entries:
        if e.name.endswith(".py"):
            st = e.stat()
            parts.append(f"{prefix}{e.name}:{st.st_size}:{st.st_mtime_ns}")
        elif e.name.isidentifier() and e.name not in ("__pycache__", "data", "seeds") and e.is_dir():
            _modules(e.path, f"{prefix}{e.name}/", parts)  # a subpackage (not a wheel's fact base)


def _expected_schema(search: bool, fts: bool) -> list[str]:
    from jiexiu_cli.factbase.store_schema import schema

    return [" ".join(s.split()) for s in schema(search, fts).split(";") if s.strip()]


def open_fresh(db: Path, walk: list[Path], stats: list[StatRow], roots: Roots, view: str) -> Store | None:
    """The cached store if it is whole, this version's, and built from these very files
    (of a fact base in this very folder tree: articles are resolved inside it)."""
    try:
        if not db.is_file():
            return None
        con = sqlite3.connect(read_only(db), uri=True, timeout=WAIT_S)
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


def read_only(db: Path) -> str:
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


class Plan:
    """What an update does: files kept (``k`` -> their place in the walk; ``restat``: with
    new stats, same content), files whose rows go, and files to read (places in the walk)."""

    def __init__(self) -> None:
        self.keep: dict[int, int] = {}
        self.restat: dict[int, tuple[Any, ...]] = {}
        self.drop: list[int] = []
        self.read: list[int] = []


def plan(db: Path, stats: list[StatRow], roots: Roots, view: str) -> Any:
    """What changed since the store at ``db`` was built: the files to read again (new, or
    whose content differs, or that failed to load in another view) and those to drop; None
    when a whole new build is cheaper (no usable store, or most of the bytes changed)."""
    if not db.is_file():
        return None
    try:
        con = sqlite3.connect(read_only(db), uri=True, timeout=WAIT_S)
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

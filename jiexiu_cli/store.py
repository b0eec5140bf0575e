"""The compiled fact base that `show` and `search` read: one SQLite file per fact base.

Why: parsing YAML costs about 0.3 ms a figure even with libyaml, and unpickling a whole
fact base grows with it; an indexed SQLite lookup reads a few pages whatever the size.
So `show` reads one indicator's figures and their sources, `search` narrows with an
index before it scores, and both hand the views a small :class:`FactBase` holding just
what they need (the views do not know the difference).

What is stored (built once per fact-base content, file by file, never the whole YAML):

* ``files``: each fact-base file's path, size, mtime, ctime, inode and blake2b of its bytes;
* ``sources``, ``indicators``, ``figures`` (every field, values as their exact decimal text);
* ``names``: every id, name and alias of an indicator with its case-folded text, its pinyin
  (computed here, so pypinyin is never imported by a query), pinyin joined and its initials;
* ``grams``: pairs of characters (adjacent or one apart) of each folded name, so that the
  suggestions for a mistyped name are scored over the few names that share a pair;
* ``quote_chars``: an FTS5 index with one token per character of each case-folded quote,
  so a phrase query finds a Chinese term of any length (焦化), or any other text, as a
  substring; ``quote_pinyin``: each quote's pinyin joined, scanned for pinyin terms.

Change detection: the stat of every file (path, size, mtime_ns, ctime_ns, inode) must
equal what was stored: ctime and inode change on every write, rename or copy, and cannot
be set back by a user. A file whose mtime is within two seconds of the build (so an edit
could have kept the same stat) is compared by content hash instead (as git does for
"racily clean" files). A content hash of every file on every run would cost 0.1 s at
100,000 figures and 1 s at a million; the stats cost a few milliseconds. Once the hashes
have matched, later than two seconds after those files' mtimes, a small stamp beside the
store (``<store>.verified``: the build it belongs to and when the check began) says so,
and later runs go by the stats alone; as git re-stamps its index. Without it, a fact base
installed by pip, whose files are stamped with the install time and whose store is built
by the first run seconds later, would be hashed on every run for ever.

Writing: a temporary file in the cache folder, then a rename, so readers (opened with
``immutable=1``) never see half a file and concurrent first runs each write a whole one.
A cache that is corrupt is rebuilt; one that cannot be written is built in memory.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from jiexiu_cli import __version__
from jiexiu_cli.data_path import cache_dir, display_path, fact_files
from jiexiu_cli.errors import DataError, NotFoundError
from jiexiu_cli.model import FactBase, Figure, Indicator, Location, Source
from jiexiu_cli.query import closest, fold

if TYPE_CHECKING:
    from jiexiu_cli.search import Hit, Item, Term, Text

# bump when the tables change (4 folds names with NFKC, 5 adds place, universe, period_order, 6 folds
# Traditional, 7 adds fragment_before and additive)
FORMAT = "7"
RACY_NS = 2_000_000_000
SUGGEST_CANDIDATES = 500
_CHUNK = 500  # SQL parameters per IN (...)
T = TypeVar("T")

FIGURE_FIELDS = tuple(f for f in Figure._fields if f != "at")
SOURCE_FIELDS = tuple(f for f in Source._fields if f != "at")

StatRow = tuple[str, int, int, int, int]
SortKey = tuple[int, str, tuple[int, int, int], str, str]  # search's order: -score, indicator, period, source, id
#: a figure's place: its own, else its source's (query.place_of)
_PLACE = "coalesce(place, (SELECT s.place FROM sources s WHERE s.file = figures.source))"


# ---------------------------------------------------------------- the answer


def answer(path: Path, ask: Callable[[Store], T]) -> T:
    """``ask`` a store of the fact base at ``path``: the cached one while its files are
    unchanged, else a new one (written to the cache where it can be, else in memory)."""
    files = fact_files(path)
    rows = stat_rows(files)
    db = store_file(path)
    con = open_cached(db, rows)
    if con is not None:
        try:
            with contextlib.closing(con):
                return ask(Store(con))
        except sqlite3.DatabaseError:
            pass  # corrupt where the freshness check did not read: build it again
    con = build(files, rows, db)
    try:
        with contextlib.closing(con):
            return ask(Store(con))
    except sqlite3.DatabaseError as e:
        raise DataError(f"the compiled fact base cannot be read: {e}", str(db)) from None


def store_file(path: Path) -> Path:
    """One cache file per fact-base location (and jiexiu version); a name clash only
    means a rebuild, since the file records the paths it was built from."""
    import zlib

    key = f"{__version__}\0{FORMAT}\0{os.path.abspath(path)}".encode("utf-8", "surrogateescape")
    return cache_dir() / f"store-{zlib.crc32(key):08x}{zlib.adler32(key):08x}.sqlite"


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


def open_cached(db: Path, rows: list[StatRow]) -> sqlite3.Connection | None:
    """The cached store if it is whole, of this format, and built from these very files."""
    try:
        if not db.is_file():
            return None
        uri = "file:" + str(db).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
        con = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)
    except (OSError, sqlite3.Error):
        return None
    try:
        if _fresh(con, rows, db):
            return con
    except (OSError, sqlite3.Error):
        pass
    con.close()
    return None


def _fresh(con: sqlite3.Connection, rows: list[StatRow], db: Path) -> bool:
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("format") != FORMAT or meta.get("version") != __version__ or meta.get("complete") != "1":
        return False
    stored = con.execute("SELECT path, size, mtime_ns, ctime_ns, ino, hash FROM files ORDER BY n").fetchall()
    if [tuple(r[:5]) for r in stored] != rows:
        return False
    build = meta["built_ns"]
    checked = max(int(build), _verified(db, build))
    racy = [(row[0], s[5], row[2]) for row, s in zip(rows, stored, strict=True) if row[2] >= checked - RACY_NS]
    if not racy:
        return True
    import time

    began = time.time_ns()
    if any(content_hash(path) != digest for path, digest, _ in racy):
        return False
    if all(mtime < began - RACY_NS for _, _, mtime in racy):  # a stamp now spares the next runs
        _stamp(db, build, began)
    return True


def _stamp_file(db: Path) -> Path:
    return db.with_name(db.name + ".verified")


def _verified(db: Path, build: str) -> int:
    """When the racily clean files of this build were last found unchanged (0: never)."""
    try:
        with open(_stamp_file(db), encoding="ascii") as fh:
            stamp_build, _, when = fh.read(64).strip().partition(" ")
        return int(when) if stamp_build == build else 0
    except (OSError, ValueError, UnicodeDecodeError):
        return 0


def _stamp(db: Path, build: str, when: int) -> None:
    """Write the stamp atomically; where it cannot be written, later runs hash again."""
    tmp = _temporary(db)
    if tmp is None:
        return
    try:
        with open(tmp, "w", encoding="ascii") as fh:
            fh.write(f"{build} {when}\n")
        os.replace(tmp, _stamp_file(db))
    except OSError:
        _unlink(tmp)


# ---------------------------------------------------------------- building

_TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files (n INTEGER PRIMARY KEY, path TEXT, shown TEXT, size INT, mtime_ns INT, ctime_ns INT, ino INT,
                    hash TEXT);
CREATE TABLE sources (file TEXT PRIMARY KEY, {source_cols}, at_file TEXT, at_line INT, at_col INT);
CREATE TABLE indicators (n INTEGER PRIMARY KEY, id TEXT UNIQUE, name_zh TEXT, name_en TEXT, topic TEXT,
                         at_file TEXT, at_line INT, at_col INT);
CREATE TABLE names (n INTEGER PRIMARY KEY, indicator TEXT, field INT, text TEXT, folded TEXT, key TEXT,
                    syllables TEXT, pinyin TEXT, initials TEXT);
CREATE TABLE grams (gram TEXT, name INT);
CREATE TABLE figures (n INTEGER PRIMARY KEY, {figure_cols}, at_file TEXT, at_line INT, at_col INT,
                      syllables TEXT, period_order INT);
CREATE UNIQUE INDEX figures_id ON figures(id);
CREATE TABLE quote_pinyin (n INTEGER PRIMARY KEY, pinyin TEXT);
CREATE TABLE name_pinyin (n INTEGER PRIMARY KEY, indicator TEXT, pinyin TEXT, initials TEXT);
"""
_FTS = """
CREATE VIRTUAL TABLE name_chars USING fts5(chars, content='', columnsize=0, tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE quote_chars USING fts5(chars, content='', columnsize=0, tokenize='unicode61 remove_diacritics 0');
"""
_NO_FTS = """
CREATE TABLE name_chars (rowid INTEGER PRIMARY KEY, chars TEXT);
CREATE TABLE quote_chars (rowid INTEGER PRIMARY KEY, chars TEXT);
"""
_INDEXES = """
CREATE INDEX figures_indicator ON figures(indicator, n);
CREATE INDEX names_key ON names(key);
CREATE INDEX names_indicator ON names(indicator, field);
CREATE INDEX grams_gram ON grams(gram, name);
"""


def build(files: list[Path], rows: list[StatRow], db: Path | None) -> sqlite3.Connection:
    """A new store of ``files``: written to ``db`` atomically where possible, else in memory.
    The fact base's own errors (DataError) are raised whatever the cache can do."""
    tmp = _temporary(db) if db is not None else None
    if tmp is not None and db is not None:
        con = sqlite3.connect(tmp)
        try:
            _fill(con, files, rows)
            os.replace(tmp, db)
            return con
        except (OSError, sqlite3.Error):
            con.close()  # disk full, folder gone: answer from memory
        except BaseException:
            con.close()
            _unlink(tmp)
            raise
        _unlink(tmp)
    con = sqlite3.connect(":memory:")
    _fill(con, files, rows)
    return con


def _temporary(db: Path) -> str | None:
    import tempfile

    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        _sweep(db.parent)
        fd, name = tempfile.mkstemp(prefix=f".{db.name}.", suffix=".tmp", dir=db.parent)
        os.close(fd)
    except OSError:
        return None
    return name


def _sweep(folder: Path, stale_s: int = 3600) -> None:
    """Remove what a killed build left behind: temporary files untouched for an hour (a
    build that is running writes to its own all the time)."""
    import time

    for leftover in folder.glob(".store-*.tmp"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < time.time() - stale_s:
                leftover.unlink()


def _unlink(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def _fill(con: sqlite3.Connection, files: list[Path], rows: list[StatRow]) -> None:
    import time

    from jiexiu_cli.load import load_file
    from jiexiu_cli.search import text_maker

    built_ns = time.time_ns()
    for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-65536", "temp_store=MEMORY"):
        con.execute(f"PRAGMA {pragma}")
    con.executescript(
        _TABLES.format(
            source_cols=", ".join(f"{c} TEXT" for c in SOURCE_FIELDS if c != "file"),
            figure_cols=", ".join(FIGURE_FIELDS),
        )
    )
    try:
        con.executescript(_FTS)
        fts = "1"
    except sqlite3.OperationalError:  # an SQLite built without FTS5: search reads the quotes instead
        con.executescript(_NO_FTS)
        fts = "0"
    builder = _Builder(con, text_maker())
    for path, row in zip(files, rows, strict=True):
        content = load_file(path)  # one file's YAML at a time
        con.execute(
            "INSERT INTO files (path, shown, size, mtime_ns, ctime_ns, ino, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (row[0], display_path(path), *row[1:], content_hash(row[0])),
        )
        builder.add(content)
    builder.check(display_path(files[0]) if files else None)
    con.executescript(_INDEXES)
    meta = {"format": FORMAT, "version": __version__, "built_ns": str(built_ns), "fts": fts, **builder.meta()}
    meta["complete"] = "1"
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    con.commit()


class _Builder:
    """Inserts one file's content at a time, checking what the loader's merge checks:
    unique ids across files (naming both places) and references to known indicators and sources."""

    def __init__(self, con: sqlite3.Connection, text: Callable[[str], Text]) -> None:
        self.con = con
        self.text = text
        self.indicators: set[str] = set()
        self.sources: set[str] = set()
        self.auto_ids: dict[str, int] = {}
        self.order = 0
        # first (order, location) at which each indicator or source is referenced
        self.refs: dict[tuple[int, str, str], tuple[int, str]] = {}
        self.max_text = 0
        self.max_pinyin = 0
        self.quote_text = text
        self.figure_sql = (
            f"INSERT INTO figures ({', '.join(FIGURE_FIELDS)}, at_file, at_line, at_col, syllables, period_order) "
            f"VALUES ({', '.join('?' for _ in FIGURE_FIELDS)}, ?, ?, ?, ?, ?)"
        )
        self.source_sql = (
            f"INSERT INTO sources ({', '.join(SOURCE_FIELDS)}, at_file, at_line, at_col) "
            f"VALUES ({', '.join('?' for _ in SOURCE_FIELDS)}, ?, ?, ?)"
        )

    def _twice(self, what: str, key: str, table: str, column: str, at: Location) -> DataError:
        first = self.con.execute(f"SELECT at_file, at_line, at_col FROM {table} WHERE {column} = ?", (key,)).fetchone()
        return DataError(f"{what} {key!r} is defined twice (first at {Location(*first)})", str(at))

    def add(self, content: Any) -> None:
        seen: dict[str, Text] = {}  # figures of one sentence share its quote: its pinyin once
        text = self.text

        def quote_text(q: str) -> Text:
            t = seen.get(q)
            if t is None:
                t = seen[q] = text(q)
            return t

        self.quote_text = quote_text
        for s in content.sources:
            values = [str(v) if isinstance(v, Path) else v for v in (getattr(s, c) for c in SOURCE_FIELDS)]
            try:
                self.con.execute(self.source_sql, (*values, *_at(s.at)))
            except sqlite3.IntegrityError:
                raise self._twice("source", s.file, "sources", "file", s.at) from None
            self.sources.add(s.file)
        for i in content.indicators:
            try:
                self.con.execute(
                    "INSERT INTO indicators (id, name_zh, name_en, topic, at_file, at_line, at_col)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (i.id, i.name_zh, i.name_en, i.topic, *_at(i.at)),
                )
            except sqlite3.IntegrityError:
                raise self._twice("indicator id", i.id, "indicators", "id", i.at) from None
            self.indicators.add(i.id)
            self._names(i)
        for f in content.figures:
            self._figure(f)
        for e in content.exclusions:
            self.order += 1
            self.refs.setdefault((2, "source", e.source), (self.order, str(e.at)))

    def _names(self, ind: Indicator) -> None:
        for field, name in enumerate((ind.id, ind.name_zh, ind.name_en, *ind.aliases)):
            t = self.text(name)
            key = fold(name)
            cur = self.con.execute(
                "INSERT INTO names (indicator, field, text, folded, key, syllables, pinyin, initials)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (ind.id, field, name, t.folded, key, encode_syllables(t), "".join(t.syllables), initials(t)),
            )
            self.con.execute(
                "INSERT INTO name_pinyin VALUES (?, ?, ?, ?)",
                (cur.lastrowid, ind.id, "".join(t.syllables), initials(t)),
            )
            self.con.execute(
                "INSERT INTO name_chars (rowid, chars) VALUES (?, ?)", (cur.lastrowid, indexed_chars(t.folded))
            )
            self.max_text = max(self.max_text, len(t.folded))
            self.max_pinyin = max(self.max_pinyin, len("".join(t.syllables)))
            self.con.executemany("INSERT INTO grams VALUES (?, ?)", ((g, cur.lastrowid) for g in name_grams(key)))

    def _figure(self, f: Figure) -> None:
        from jiexiu_cli.load import with_id  # the build path has loaded it already

        f = with_id(f, self.auto_ids)
        self.order += 1
        self.refs.setdefault((0, "indicator", f.indicator), (self.order, str(f.at)))
        self.refs.setdefault((1, "source", f.source), (self.order, str(f.at)))
        t = self.quote_text(f.quote)
        values = [str(v) if isinstance(v, Decimal) else v for v in (getattr(f, c) for c in FIGURE_FIELDS)]
        try:
            cur = self.con.execute(self.figure_sql, (*values, *_at(f.at), encode_syllables(t), period_order(f.period)))
        except sqlite3.IntegrityError:
            raise self._twice("figure id", f.id, "figures", "id", f.at) from None
        pinyin = "".join(t.syllables)
        self.con.execute("INSERT INTO quote_pinyin VALUES (?, ?)", (cur.lastrowid, pinyin))
        self.con.execute(
            "INSERT INTO quote_chars (rowid, chars) VALUES (?, ?)", (cur.lastrowid, indexed_chars(t.folded))
        )
        self.max_text = max(self.max_text, len(t.folded))
        self.max_pinyin = max(self.max_pinyin, len(pinyin))

    def check(self, first_file: str | None) -> None:
        """References to unknown indicators or sources (the first in file order), then emptiness."""
        unknown = []
        for (rank, what, name), (order, at) in self.refs.items():
            known = self.indicators if what == "indicator" else self.sources
            if name not in known:
                unknown.append(((rank >= 2, order, rank), what, name, at, known))
        if unknown:
            from jiexiu_cli.load import unknown_name

            _, what, name, at, known = min(unknown, key=lambda u: u[0])
            raise DataError(unknown_name(what, name, known), at)
        empty = not self.sources and not self.indicators and not self.order
        if empty:
            raise DataError("the fact base is empty: no sources, indicators or figures", first_file)

    def meta(self) -> dict[str, str]:
        return {"max_text": str(self.max_text), "max_pinyin": str(self.max_pinyin)}


def period_order(period: str) -> int:
    """periods.key as one integer, so SQL orders periods as the views do (start, then length)."""
    from jiexiu_cli.periods import key

    first, day, months = key(period)
    return (first * 32 + day) * 100_000 + months


def indexed_chars(folded: str) -> str:
    """The characters of a text that the FTS5 index holds, one token each: ASCII letters and
    digits and the CJK ideographs of Unicode 6.1 (what the unicode61 tokenizer surely keeps
    as tokens). Dropping the same characters from a quote and a term keeps a term's
    characters a run of the quote's."""
    return " ".join(
        c for c in folded if (c.isascii() and c.isalnum()) or "\u4e00" <= c <= "\u9fcc" or "\u3400" <= c <= "\u4db5"
    )


def _at(at: Location) -> tuple[str, int, int]:
    return at.file, at.line, at.column


def encode_syllables(t: Text) -> str:
    """The syllables as one string: '' where a syllable is just its character, lower-cased."""
    parts = []
    for c, s in zip(t.text, t.syllables, strict=False):
        parts.append("" if s == c.lower() or " " in s else s)
    return " ".join(parts)


def decode_syllables(text: str, encoded: str) -> tuple[str, ...]:
    parts = encoded.split(" ")
    if len(parts) != len(text):
        return tuple(c.lower() for c in text)
    return tuple(p or c.lower() for p, c in zip(parts, text, strict=True))


def initials(t: Text) -> str:
    """Pinyin initials of the Chinese characters (what search's initials match reads)."""
    from jiexiu_cli.search import _has_han

    return "".join(s[0] for c, s in zip(t.text, t.syllables, strict=False) if _has_han(c) and s[:1].isalpha())


def name_grams(key: str) -> set[str]:
    """Pairs of characters, adjacent or one apart (so gpd and gdp share gd and gp); a
    one-character name is its own gram."""
    if len(key) == 1:
        return {key}
    return {key[i : i + 2] for i in range(len(key) - 1)} | {key[i] + key[i + 2] for i in range(len(key) - 2)}


# ---------------------------------------------------------------- reading


class Store:
    """Questions answered from the compiled fact base, each as a small FactBase."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.fts = True
        self.place_filter: str | None = None

    # -- show

    def show(self, name: str) -> tuple[FactBase, Indicator]:
        """The indicator called ``name`` with all its figures and their sources."""
        ind = self.resolve(name)
        figures = self._figures("indicator = ?", (ind.id,))
        return self._base([ind], figures), ind

    def resolve(self, name: str) -> Indicator:
        """As :func:`jiexiu_cli.query.resolve`: an id or a name wins over an alias."""
        wanted = fold(name)
        if not wanted:
            raise NotFoundError("no indicator name given")
        rows = self.con.execute(
            "SELECT i.id, min(nm.field) FROM names nm JOIN indicators i ON i.id = nm.indicator"
            " WHERE nm.key = ? GROUP BY i.n ORDER BY i.n",
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
        from jiexiu_cli import search as finder

        self.place_filter = place
        prepared = finder.prepare(terms)
        meta = dict(self.con.execute("SELECT key, value FROM meta WHERE key IN ('max_text', 'max_pinyin', 'fts')"))
        self.fts = meta.get("fts", "1") == "1"
        limits = int(meta["max_text"]), int(meta["max_pinyin"])
        pinyin = any(t.pinyin for t in prepared)  # else no syllable is ever read: skip decoding them
        named = [self._named(term, *limits) for term in prepared]
        names = self._texts(sorted(set().union(*named)), pinyin)
        per_indicator = {i: finder.name_scores(texts, prepared) for i, texts in names.items()}
        decided = {i for i, per_term in per_indicator.items() if finder.decided_by_names(per_term)}
        self._temp("decided", decided)
        keyed = self._rank_decided(decided, per_indicator, limit)
        keyed += self._rank_undecided(prepared, named, decided, limits, pinyin, names, per_indicator)
        keyed.sort()
        top = [n for _, n in (keyed[:limit] if limit else keyed)]
        items, number_of = self._items(top, pinyin)
        ranked = finder.rank(names, items, prepared, limit)
        figures = {f.id: f for f in self._figures_by_number(sorted(number_of[r.item.id] for r in ranked))}
        inds = self.indicators(list(dict.fromkeys(r.item.indicator for r in ranked)))
        fb = self._base(inds, list(figures.values()))
        return fb, [finder.Hit(figures[r.item.id], r.score, r.matched, r.spans) for r in ranked]

    def _rank_decided(
        self, decided: set[str], per_indicator: dict[str, list[tuple[int, str]]], limit: int | None
    ) -> list[tuple[SortKey, int]]:
        """The best figures of indicators whose names decide their score, in search's order:
        score (the same for all of an indicator's figures), indicator, period, source, id
        (period_order sorts as period_key does: by start, then length)."""
        from jiexiu_cli.query import period_key

        groups: dict[int, list[str]] = {}
        for i in decided:
            groups.setdefault(sum(score for score, _ in per_indicator[i]), []).append(i)
        keyed: list[tuple[SortKey, int]] = []
        for total in sorted(groups, reverse=True):
            if limit and len(keyed) >= limit:
                break
            self._temp("chosen", groups[total])
            placed = f" AND {_PLACE} = ?" if self.place_filter is not None else ""
            sql = (
                "SELECT n, id, indicator, period, source FROM figures WHERE indicator IN (SELECT id FROM temp.chosen)"
                + placed
                + " ORDER BY indicator, period_order, source, id"
                + (f" LIMIT {int(limit)}" if limit else "")
            )
            args = () if self.place_filter is None else (self.place_filter,)
            for n, fid, ind, period, source in self.con.execute(sql, args):
                keyed.append(((-total, ind, period_key(period), source, fid), n))
        return keyed

    def _rank_undecided(
        self,
        prepared: list[Term],
        named: list[set[str]],
        decided: set[str],
        limits: tuple[int, int],
        pinyin: bool,
        names: dict[str, tuple[Text, ...]],
        per_indicator: dict[str, list[tuple[int, str]]],
    ) -> list[tuple[SortKey, int]]:
        """The other candidates (every term matched by a name, a quote or a period), scored."""
        from jiexiu_cli import search as finder
        from jiexiu_cli.query import period_key

        chosen: set[int] | None = None
        for term, names_k in zip(prepared, named, strict=True):
            found = self._candidates(term, names_k - decided, *limits)
            chosen = found if chosen is None else chosen & found
            if not chosen:
                return []
        undecided = sorted(chosen or ())
        if self.place_filter is not None:
            sql = f"SELECT n FROM figures WHERE n IN ({{}}) AND {_PLACE} = ?"
            undecided = sorted(n for (n,) in self._select(sql, undecided, self.place_filter))
        missing = sorted(
            {i for (i,) in self._select("SELECT indicator FROM figures WHERE n IN ({})", undecided)} - names.keys()
        )
        names.update(self._texts(missing, pinyin))
        per_indicator.update((i, finder.name_scores(names[i], prepared)) for i in missing)
        keyed: list[tuple[SortKey, int]] = []
        if pinyin:
            items, number_of = self._items(undecided, pinyin)
            for r in finder.rank(names, items, prepared, None):
                i = r.item
                keyed.append(((-r.score, i.indicator, period_key(i.period), i.source, i.id), number_of[i.id]))
            return keyed
        quote, period_score = finder.SCORES["quote"], finder.SCORES["period"]
        sql = "SELECT n, id, indicator, period, source, quote FROM figures WHERE n IN ({})"
        for n, fid, ind, period, source, text in self._select(sql, undecided):
            folded = _fold_search(text)  # text terms only: a quote holding the term scores 40, as search._match
            total = 0
            for (score, _), term in zip(per_indicator[ind], prepared, strict=True):
                score = max(score, quote if term.folded in folded else 0, period_score if term.text == period else 0)
                if not score:
                    break
                total += score
            else:
                keyed.append(((-total, ind, period_key(period), source, fid), n))
        return keyed

    def _named(self, term: Term, max_text: int, max_pinyin: int) -> set[str]:
        """Indicators with a name that may match ``term`` (a superset: scoring decides)."""
        found: set[str] = set()
        if len(term.folded) <= max_text:
            phrase = indexed_chars(term.folded) if self.fts else ""
            if phrase:
                sql = (
                    "SELECT DISTINCT nm.indicator FROM name_chars c JOIN names nm ON nm.n = c.rowid"
                    " WHERE name_chars MATCH ?"
                )
                found.update(i for (i,) in self.con.execute(sql, (_phrase(phrase),)))
            else:
                sql = "SELECT DISTINCT indicator FROM names WHERE instr(folded, ?) > 0"
                found.update(i for (i,) in self.con.execute(sql, (term.folded,)))
        if term.pinyin and len(term.pinyin) <= max_pinyin:
            where = "instr(pinyin, ?) > 0" + (" OR instr(initials, ?) > 0" if term.initials_ok else "")
            args = (term.pinyin,) * (2 if term.initials_ok else 1)
            found.update(
                i for (i,) in self.con.execute(f"SELECT DISTINCT indicator FROM name_pinyin WHERE {where}", args)
            )
        return found

    def _candidates(self, term: Term, named: set[str], max_text: int, max_pinyin: int) -> set[int]:
        """Figures, outside the decided indicators, that may match ``term``: of an indicator
        named so, or whose quote holds it (as text or pinyin), or of that period."""
        found: set[int] = set()
        if named:
            self._temp("named", named)
            found.update(n for (n,) in self.con.execute("SELECT n FROM figures WHERE indicator IN temp.named"))
        outside = " EXCEPT SELECT n FROM figures WHERE indicator IN temp.decided"
        if len(term.folded) <= max_text:
            phrase = indexed_chars(term.folded) if self.fts else ""
            if phrase:
                sql = "SELECT rowid FROM quote_chars WHERE quote_chars MATCH ?" + outside
                found.update(n for (n,) in self.con.execute(sql, (_phrase(phrase),)))
            else:  # no letter, digit or ideograph to look up: read the quotes
                sql = "SELECT n, quote FROM figures WHERE indicator NOT IN temp.decided"
                found.update(n for n, quote in self.con.execute(sql) if term.folded in _fold_search(quote))
        if term.pinyin and len(term.pinyin) <= max_pinyin:
            sql = "SELECT n FROM quote_pinyin WHERE instr(pinyin, ?) > 0" + outside
            found.update(n for (n,) in self.con.execute(sql, (term.pinyin,)))
        if _looks_like_period(term.text):  # a period in its canonical text (the loader checks): else skip the scan
            sql = "SELECT n FROM figures WHERE period = ? AND indicator NOT IN temp.decided"
            found.update(n for (n,) in self.con.execute(sql, (term.text,)))
        return found

    def _temp(self, table: str, ids: Iterable[str]) -> None:
        """A temporary table of ids (the store itself is never written)."""
        self.con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} (id TEXT PRIMARY KEY)")
        self.con.execute(f"DELETE FROM temp.{table}")
        self.con.executemany(f"INSERT INTO temp.{table} VALUES (?)", ((i,) for i in ids))

    def _select(self, sql: str, numbers: list[int], *more: Any) -> Iterator[Any]:
        """Rows of ``sql`` (with ``{}`` for the marks of IN, then ``more`` parameters) for
        these figure numbers, chunk by chunk."""
        for chunk in _chunks(numbers):
            yield from self.con.execute(sql.format(", ".join("?" * len(chunk))), (*chunk, *more))

    # -- places

    def place(self, name: str) -> str:
        """The place ``name`` names, as written in the data (query.resolve_place)."""
        from jiexiu_cli.query import resolve_place

        known = sorted({p for (p,) in self.con.execute(f"SELECT DISTINCT {_PLACE} FROM figures") if p is not None})
        universes = [u for (u,) in self.con.execute("SELECT DISTINCT universe FROM figures WHERE universe IS NOT NULL")]
        return resolve_place(known, universes, name)

    # -- records

    def indicator(self, ind_id: str) -> Indicator:
        return self.indicators([ind_id])[0]

    def indicators(self, ids: list[str]) -> list[Indicator]:
        """The indicators with these ids, in this order, aliases and all."""
        rows: dict[str, Any] = {}
        aliases: dict[str, list[str]] = {i: [] for i in ids}
        for chunk in _chunks(ids):
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT id, name_zh, name_en, topic, at_file, at_line, at_col FROM indicators WHERE id IN ({marks})"
            rows.update((r[0], r) for r in self.con.execute(sql, chunk))
            sql = (
                f"SELECT indicator, text FROM names WHERE indicator IN ({marks}) AND field >= 3"
                " ORDER BY indicator, field"
            )
            for ind, alias in self.con.execute(sql, chunk):
                aliases[ind].append(alias)
        return [
            Indicator(r[0], r[1], r[2], tuple(aliases[r[0]]), r[3], Location(r[4], r[5], r[6]))
            for r in (rows[i] for i in ids)
        ]

    def _texts(self, ids: list[str], pinyin: bool) -> dict[str, tuple[Text, ...]]:
        """Each indicator's id, names and aliases as search texts (syllables only if asked)."""
        from jiexiu_cli.search import Text

        names: dict[str, list[Text]] = {i: [] for i in ids}
        for chunk in _chunks(ids):
            sql = (
                "SELECT indicator, text, folded, syllables FROM names"
                f" WHERE indicator IN ({', '.join('?' * len(chunk))}) ORDER BY indicator, field"
            )
            for ind, text, folded, syl in self.con.execute(sql, chunk):
                names[ind].append(Text(text, folded, decode_syllables(text, syl) if pinyin else ()))
        return {i: tuple(t) for i, t in names.items()}

    def _items(self, numbers: list[int], pinyin: bool) -> tuple[list[Item], dict[str, int]]:
        """What ranking reads of these figures, and each figure's number by id."""
        from jiexiu_cli.search import Item, Text

        items, by_id = [], {}
        for chunk in _chunks(numbers):
            sql = (
                "SELECT n, id, indicator, period, source, quote, syllables FROM figures"
                f" WHERE n IN ({', '.join('?' * len(chunk))})"
            )
            for n, fid, ind, period, source, quote, syl in self.con.execute(sql, chunk):
                text = Text(quote, _fold_search(quote), decode_syllables(quote, syl) if pinyin else ())
                items.append(Item(fid, ind, period, source, text))
                by_id[fid] = n
        return items, by_id

    _COLUMNS = ", ".join((*FIGURE_FIELDS, "at_file", "at_line", "at_col"))

    def _figures(self, where: str, args: tuple[Any, ...]) -> list[Figure]:
        rows = self.con.execute(f"SELECT {self._COLUMNS} FROM figures WHERE {where} ORDER BY n", args).fetchall()
        return [_figure(row) for row in rows]

    def _figures_by_number(self, numbers: list[int]) -> list[Figure]:
        rows: list[Any] = []
        for chunk in _chunks(numbers):
            sql = f"SELECT {self._COLUMNS} FROM figures WHERE n IN ({', '.join('?' * len(chunk))}) ORDER BY n"
            rows += self.con.execute(sql, chunk).fetchall()
        return [_figure(row) for row in rows]

    def _base(self, indicators: list[Indicator], figures: list[Figure]) -> FactBase:
        wanted = sorted({f.source for f in figures})
        sources = []
        cols = ", ".join((*SOURCE_FIELDS, "at_file", "at_line", "at_col"))
        k = len(SOURCE_FIELDS)
        for chunk in _chunks(wanted):
            sql = f"SELECT {cols} FROM sources WHERE file IN ({', '.join('?' * len(chunk))})"
            for row in self.con.execute(sql, chunk):
                values = dict(zip(SOURCE_FIELDS, row, strict=False))
                values["text_path"] = Path(values["text_path"])
                sources.append(Source(**values, at=Location(row[k], row[k + 1], row[k + 2])))
        files = tuple(s for (s,) in self.con.execute("SELECT shown FROM files ORDER BY n"))
        return FactBase(tuple(sources), tuple(indicators), tuple(figures), (), files)


def _figure(row: Any) -> Figure:
    k = len(FIGURE_FIELDS)
    values = dict(zip(FIGURE_FIELDS, row[:k], strict=True))
    values["value"] = Decimal(values["value"])
    for flag in ("fragment_before", "additive"):  # SQLite keeps a bool as 0 or 1
        if values[flag] is not None:
            values[flag] = bool(values[flag])
    return Figure(**values, at=Location(row[k], row[k + 1], row[k + 2]))


def _looks_like_period(text: str) -> bool:
    """Whether ``text`` is a period as the fact base writes it (2021, 2022Q1, 2022-06-30)."""
    from jiexiu_cli.periods import is_canonical

    return is_canonical(text)


def _phrase(chars: str) -> str:
    """An FTS5 phrase query of these space-separated characters."""
    return '"' + chars.replace('"', '""') + '"'


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _fold_search(text: str) -> str:
    """hanzi.fold_search, imported when a search first needs it (never on show's path)."""
    from jiexiu_cli.hanzi import fold_search

    return fold_search(text)

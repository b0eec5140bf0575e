"""Building the compiled store, and bringing it up to date: every fact-base file's rows
(``store_rows.py``), then what spans files.

Rows are keyed by the file (``k``) and its content hash, so an edit re-reads only the files
that changed: their old rows are deleted and their new ones inserted. A cold build parses
files in worker processes (the rows come back to this process, which alone writes the
database). Then, over the whole store, in SQL:

* the automatic ids (``indicator.period.kind``, then ``.2``, ``.3`` ... in file order,
  ``store_order.number_on``, ``assign_ids``), recomputed for just the bases an edit touched;
* the order of periods (:func:`jiexiu_cli.factbase.query.period_key` over the distinct periods);
* the digests of each indicator's and source's rows (``store_digests.py``);
* ``store_rules.every_problem``, the one validator: each file's own problems, then unique
  ids, references to known indicators, sources and figures, a fact base that is not empty.
  The loader (``loader.load``) is this same build in memory, so every command, and the
  library, refuse a fact base with the same lines, in file order (file, line, column): the
  first 20 and how many more.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiexiu_cli.factbase.store_digests import Digests
from jiexiu_cli.factbase.store_order import (
    FILE_BASES,
    FILE_BASES_OF_PART,
    assign_ids,
    number_on,
    order_periods,
    renumbering,
)
from jiexiu_cli.factbase.store_rows import Known, Part, json_each_ok, parse_all
from jiexiu_cli.factbase.store_rules import Changes, every_problem
from jiexiu_cli.factbase.store_schema import FORMAT, RECORD_TABLES, schema, temp_values

if TYPE_CHECKING:
    from jiexiu_cli.factbase.data_path import Roots
    from jiexiu_cli.factbase.store_fresh import Plan


def create(con: sqlite3.Connection, search: bool) -> tuple[bool, str]:
    """The empty tables (True where SQLite has FTS5; else search reads the quotes), and
    the statements that create their indexes, to run once the rows are in (faster than
    keeping indexes up to date row by row)."""
    fts = True
    try:
        tables, indexes = _split(schema(search, fts=True))
        con.executescript(tables)
    except sqlite3.OperationalError as e:
        if not search or "fts5" not in str(e):
            raise
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            con.execute(f"DROP TABLE IF EXISTS {table}")
        fts = False
        tables, indexes = _split(schema(search, fts=False))
        con.executescript(tables)
    return fts, indexes


def _split(statements: str) -> tuple[str, str]:
    at = statements.index("CREATE INDEX")
    return statements[:at], statements[at:]


# ---------------------------------------------------------------- rows -> the database


class Writer:
    """Copies files' rows into the store (numbering quotes and names as it goes), and
    deletes them again."""

    def __init__(self, con: sqlite3.Connection, search: bool, whole: bool = False) -> None:
        """(Before any write: SQLite attaches a database only outside a transaction; each
        file's rows are then copied from it in the one transaction of a build or update.)
        ``whole``: a whole build, which keeps each file's automatic-id bases
        (``store_order.number_on``)."""
        self.con = con
        self.search = search
        if not any(name == "part" for _, name, _ in con.execute("PRAGMA database_list")):
            con.execute("ATTACH ':memory:' AS part")
        self.next_q = (con.execute("SELECT max(q) FROM quotes").fetchone()[0] or 0) + 1 if search else 0
        self.next_name = (con.execute("SELECT max(n) FROM names").fetchone()[0] or 0) + 1 if search else 0
        self.copy = []
        for table, codec, extra in RECORD_TABLES:
            columns = ["pos", "line", "col", codec.columns(), *extra]
            picked = ["q + :q" if c == "q" else c for c in columns]  # a figure's quote, numbered in the store
            self.copy.append(
                f"INSERT INTO {table} (k, {', '.join(columns)}) SELECT :k, {', '.join(picked)} FROM part.{table}"
            )
        if whole:
            con.execute(FILE_BASES)
            self.copy.append(FILE_BASES_OF_PART)
        if search:
            self.copy += [
                "INSERT INTO quotes (q, k, text, syllables) SELECT q + :q, :k, text, syllables FROM part.quotes",
                "INSERT INTO quote_pinyin (q, pinyin) SELECT q + :q, pinyin FROM part.quotes",
                "INSERT INTO quote_chars (rowid, chars) SELECT q + :q, chars FROM part.quotes",
                "INSERT INTO names (n, k, indicator, field, text, folded, key, syllables)"
                " SELECT n + :n, :k, indicator, field, text, folded, key, syllables FROM part.names",
                "INSERT INTO name_pinyin (n, indicator, pinyin, initials)"
                " SELECT n + :n, indicator, pinyin, initials FROM part.names",
                "INSERT INTO name_chars (rowid, chars) SELECT n + :n, chars FROM part.names",
                "INSERT INTO grams (gram, name) SELECT gram, name + :n FROM part.grams",
            ]
            if json_each_ok(con):  # each name's grams as one array (``store_rows._search_rows``)
                self.copy.append(
                    "INSERT INTO grams (gram, name) SELECT g.value, p.n + :n"
                    " FROM part.names p, json_each(p.grams) g WHERE p.grams IS NOT NULL"
                )

    def file(self, k: int, ord_: int, stat: Sequence[Any], part: Part) -> None:
        """One file's row in ``files`` and, where it loaded, all its rows."""
        con = self.con
        con.execute(
            "INSERT INTO files (k, ord, path, size, mtime_ns, ctime_ns, ino, hash, max_text, max_pinyin, error)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (k, ord_, *stat, part.hash, part.max_text, part.max_pinyin, part.error),
        )
        if not part.image:
            return
        con.deserialize(part.image, name="part")  # attached as "part" by __init__
        numbers = {"k": k, "q": self.next_q, "n": self.next_name}
        for sql in self.copy:
            con.execute(sql, numbers)
        self.next_q += part.quotes
        self.next_name += part.names

    def delete(self, k: int) -> None:
        """Every row of file ``k`` (its FTS entries by their very tokens, as FTS5 needs)."""
        from jiexiu_cli.core.hanzi import fold_search
        from jiexiu_cli.factbase.search_keys import indexed_chars, name_grams

        con = self.con
        if self.search:
            con.executemany(
                "INSERT INTO quote_chars (quote_chars, rowid, chars) VALUES ('delete', ?, ?)",
                [
                    (q, indexed_chars(fold_search(text)))
                    for q, text in con.execute("SELECT q, text FROM quotes WHERE k = ?", (k,))
                ],
            )
            con.executemany(
                "INSERT INTO name_chars (name_chars, rowid, chars) VALUES ('delete', ?, ?)",
                [
                    (n, indexed_chars(folded))
                    for n, folded in con.execute("SELECT n, folded FROM names WHERE k = ?", (k,))
                ],
            )
            names = con.execute("SELECT n, key FROM names WHERE k = ?", (k,)).fetchall()
            # a name's grams by its very key (the table has no file column)
            con.executemany(
                "DELETE FROM grams WHERE gram = ? AND name = ?", [(g, n) for n, key in names for g in name_grams(key)]
            )
            con.execute("DELETE FROM quote_pinyin WHERE q IN (SELECT q FROM quotes WHERE k = ?)", (k,))
            con.execute("DELETE FROM name_pinyin WHERE n IN (SELECT n FROM names WHERE k = ?)", (k,))
            for table in ("quotes", "names"):
                con.execute(f"DELETE FROM {table} WHERE k = ?", (k,))
        for table, _, _ in RECORD_TABLES:
            con.execute(f"DELETE FROM {table} WHERE k = ?", (k,))
        con.execute("DELETE FROM files WHERE k = ?", (k,))

    def pinyin(self, ks: Iterable[int]) -> Known:
        """The pinyin of these files' quotes and names, by text."""
        known: Known = {}
        for k in ks:
            for table, pinyin, key in (("quotes", "quote_pinyin", "q"), ("names", "name_pinyin", "n")):
                sql = (
                    f"SELECT t.text, t.syllables, p.pinyin FROM {table} t JOIN {pinyin} p ON p.{key} = t.{key}"
                    f" WHERE t.k = ?"
                )
                known.update((text, (syllables, py)) for text, syllables, py in self.con.execute(sql, (k,)))
        return known

    def bases(self, ks: Iterable[int]) -> set[str]:
        """The automatic-id bases of these files' figures."""
        found: set[str] = set()
        for k in ks:
            found.update(
                b
                for (b,) in self.con.execute("SELECT DISTINCT base FROM figures WHERE k = ? AND base IS NOT NULL", (k,))
            )
        return found


# ---------------------------------------------------------------- a whole build, an update


def build(
    con: sqlite3.Connection,
    walk: list[Path],
    stats: list[tuple[Any, ...]],
    roots: Roots | None,
    *,
    search: bool,
    view: str,
) -> None:
    """A whole store of the files ``walk`` (with their ``stats``) of the fact base whose
    folder trees are ``roots``, in ``con``."""
    from jiexiu_cli.factbase.progress import Progress
    from jiexiu_cli.factbase.store_fresh import reading

    fts, indexes = create(con, search)
    writer = Writer(con, search, whole=True)
    todo = [(i + 1, str(path), stats[i][1]) for i, path in enumerate(walk)]  # k: in file order
    with Progress("building the compiled fact base", len(todo)) as progress:
        for k, part in parse_all(todo, roots, search, progress):
            writer.file(k, k - 1, stats[k - 1], part)
    number_on(con)  # before the indexes: a new id is not an index entry to move
    con.executescript(indexes)
    _finish(
        con,
        walk,
        set(),
        view,
        {"search": "1" if search else "0", "fts": "1" if fts else "0", "reading": reading(roots)},
    )


def update(
    con: sqlite3.Connection, walk: list[Path], stats: list[tuple[Any, ...]], roots: Roots, plan: Plan, *, view: str
) -> None:
    """Bring a store up to date in place, in one transaction: the rows of changed and
    removed files go, changed and new files are read, and the rules across files run again."""
    from jiexiu_cli.factbase.progress import Progress

    writer = Writer(con, search=True)
    con.execute("BEGIN IMMEDIATE")  # one transaction: a reader sees the store before or after, never between
    bases = writer.bases(plan.drop)
    known = writer.pinyin(plan.drop)
    changes = Changes(con, plan.drop)
    for k in plan.drop:
        changes.digests.rows("x.k = ?", (k,), sign=-1)
        writer.delete(k)
    con.executemany("UPDATE files SET ord = ? WHERE k = ?", ((i, k) for k, i in plan.keep.items()))
    con.executemany(
        "UPDATE files SET path = ?, size = ?, mtime_ns = ?, ctime_ns = ?, ino = ? WHERE k = ?",
        ((*row, k) for k, row in plan.restat.items()),
    )
    first = (con.execute("SELECT max(k) FROM files").fetchone()[0] or 0) + 1
    place = {first + j: i for j, i in enumerate(plan.read)}
    todo = [(k, str(walk[i]), stats[i][1]) for k, i in place.items()]
    with Progress("updating the compiled fact base", len(todo)) as progress:
        for k, part in parse_all(todo, roots, True, progress, known):
            writer.file(k, place[k], stats[place[k]], part)
            bases.update(part.bases)
    changes.new = set(place)
    _finish(con, walk, bases, view, {}, changes)


def _finish(
    con: sqlite3.Connection,
    walk: list[Path],
    bases: set[str] | None,
    view: str,
    meta: dict[str, str],
    changes: Changes | None = None,
) -> None:
    """The automatic ids of ``bases`` (None: all), the digests, the order of periods, the
    rules across files (all of it, or, for an update, what its ``changes`` touch), then
    what the store says of itself."""
    import time

    from jiexiu_cli import __version__
    from jiexiu_cli.factbase.data_path import display_path
    from jiexiu_cli.factbase.store_fresh import code_stamp

    if changes is None:
        assign_ids(con, bases)
        digests = Digests(con)
        digests.rows("1")
        digests.save(whole=True)
        order_periods(con)
    else:
        digests = changes.digests
        temp_values(con, "new_files", changes.new)
        temp_values(con, "bases", bases or ())
        ids = renumbering(con)  # (new id, n) of each figure whose automatic id changes
        temp_values(con, "renumbered", (n for _, n, new in ids if not new))  # of unchanged files
        digests.rows("x.n IN (SELECT v FROM temp.renumbered)", sign=-1, exclusions=False)  # with their old ids
        con.executemany("UPDATE figures SET id = ? WHERE n = ?", ((i, n) for i, n, _ in ids))
        digests.rows("x.n IN (SELECT v FROM temp.renumbered)", exclusions=False)  # with their new ids
        digests.rows("x.k IN (SELECT v FROM temp.new_files)")
        digests.save(whole=False)
        if changes.periods_changed():
            order_periods(con)
    ords = dict(con.execute("SELECT k, ord FROM files"))

    def shown(k: int) -> str:
        return display_path(walk[ords[k]])

    broken = con.execute("SELECT ord, error FROM files WHERE error IS NOT NULL ORDER BY ord").fetchall()
    count = 0
    if not broken and changes is not None and changes.valid_before and not changes.suspect():
        error = ""  # valid before, and nothing the update touched breaks a rule
    else:
        lines, count = every_problem(con, shown, display_path(walk[0]) if walk else None, broken)
        error = "\0".join(lines)
    max_text, max_pinyin = con.execute("SELECT max(max_text), max(max_pinyin) FROM files").fetchone()
    meta.update(
        format=FORMAT,
        version=__version__,
        code=code_stamp(),
        built_ns=str(time.time_ns()),
        max_text=str(max_text or 0),
        max_pinyin=str(max_pinyin or 0),
        error=error,
        problems=str(count),
        view=view,
        complete="1",
    )
    con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
    con.commit()

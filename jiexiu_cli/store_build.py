"""Building the compiled store: every fact-base file's rows, then the rules across files.

Each fact-base file is parsed on its own (``load.load_file``: YAML composed, never
constructed, every value checked against the schema) into plain rows: its sources,
indicators, figures, exclusions and checks, and for search the names' and quotes' pinyin
and characters. Rows are keyed by the file (``k``) and its content hash, so an edit
re-reads only the files that changed: their old rows are deleted and their new ones
inserted. A cold build parses files in worker processes (the rows come back to this
process, which alone writes the database).

Then the rules that span files run over the whole store, in SQL:

* the automatic ids (``indicator.period.kind``, then ``.2``, ``.3`` ... in file order,
  :func:`assign_ids`), recomputed for just the bases an edit touched;
* the order of periods (:func:`jiexiu_cli.query.period_key` over the distinct periods);
* :func:`every_problem`, the one validator: each file's own problems, then unique ids,
  references to known indicators, sources and figures, a fact base that is not empty. The
  loader (``load.load``) is this same build in memory, so every command, and the library,
  refuse a fact base with the same lines, in file order (file, line, column): the first
  20 and how many more.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from jiexiu_cli.errors import DataError
from jiexiu_cli.store_schema import CHECK, EXCLUSION, FIGURE, FORMAT, INDICATOR, RECORD_TABLES, SOURCE, schema

if TYPE_CHECKING:
    from jiexiu_cli.data_path import Roots
    from jiexiu_cli.loader import FileContent
    from jiexiu_cli.progress import Progress
    from jiexiu_cli.search import Text


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


# ---------------------------------------------------------------- one file -> its rows


class Part(NamedTuple):
    """One fact-base file read and checked (what a worker process sends back): its rows in
    a small SQLite database of their own (``image``, serialized: the process that writes
    the store copies them in SQL, never one Python object per row), and its problems
    (:func:`problems_text`; a file that cannot be read or parsed has no rows)."""

    hash: str
    error: str | None
    image: bytes = b""
    bases: tuple[str, ...] = ()
    quotes: int = 0
    names: int = 0
    max_text: int = 0
    max_pinyin: int = 0


def _part_schema() -> str:
    tables = [
        f"CREATE TABLE {table} (pos, line, col, {codec.columns()}{''.join(', ' + c for c in extra)});"
        for table, codec, extra in RECORD_TABLES
    ]
    return "\n".join(
        [
            *tables,
            "CREATE TABLE quotes (q INTEGER PRIMARY KEY, text, syllables, pinyin, chars);",
            "CREATE TABLE names (n INTEGER PRIMARY KEY, indicator, field, text, folded, key, syllables, pinyin,"
            " initials, chars);",
            "CREATE TABLE grams (gram, name);",
        ]
    )


_TEXT: list[Callable[[str], Text]] = []


def _text_maker() -> Callable[[str], Text]:
    """One pinyin maker per process: it remembers the words it has converted."""
    if not _TEXT:
        from jiexiu_cli.search import text_maker

        _TEXT.append(text_maker())
    return _TEXT[0]


def parse_file(path: str, roots: Roots | None, search: bool, known: Known | None = None) -> Part:
    """Read and check one fact-base file: its rows, or the error a reader of it gets. Runs
    in a worker process for a cold build: all it returns is plain data. ``roots``: the fact
    base's folder trees (``data_path.fact_base``); the file and every article it names must
    lie inside the one the file lies in (``load.load_file``; None: the file's own folder)."""
    from jiexiu_cli.data_path import root_of
    from jiexiu_cli.loader import load_file
    from jiexiu_cli.text_files import read_bytes

    p = Path(path)
    real = os.path.realpath(p)
    root = root_of(real, roots) if roots else os.path.dirname(real)
    try:
        data = read_bytes(p, "fact-base file", within=(root,))
    except DataError as e:
        return Part("", problems_text([e]))
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    problems: list[DataError] = []
    try:
        content = load_file(p, root, data, problems)
    except DataError as e:
        return Part(digest, problems_text([e]))
    part = rows_of(content, digest, search, known or {})
    return part._replace(error=problems_text(problems, content.broken)) if problems else part


def problems_text(problems: list[DataError], broken: Sequence[tuple[str, str]] = ()) -> str:
    """A file's problems as the store keeps them (``files.error``): the first
    ``MAX_PROBLEMS``, each with its line and column, how many there are, and the records
    that are problems themselves (a reference to one is not one more)."""
    import json

    from jiexiu_cli.errors import MAX_PROBLEMS
    from jiexiu_cli.yaml_reader import position

    first = [[*position(e), str(e)] for e in problems[:MAX_PROBLEMS]]
    return json.dumps({"n": len(problems), "first": first, "broken": [list(b) for b in broken]}, ensure_ascii=False)


def _digest(values: Sequence[Any]) -> bytes:
    return hashlib.blake2b(repr(values).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def rows_of(content: FileContent, digest: str, search: bool, known: Known | None = None) -> Part:
    """A file's records as rows of a small database of its own, serialized."""
    con = sqlite3.connect(":memory:")
    try:
        con.executescript(_part_schema())
        # an article's path as the loader resolved it (every link followed, inside the
        # fact base's tree or the shipped seeds): verify reads exactly that file
        sources = [(pos, s.at.line, s.at.column, *SOURCE.values(s)) for pos, s in enumerate(content.sources)]
        indicators = [(pos, i.at.line, i.at.column, *INDICATOR.values(i)) for pos, i in enumerate(content.indicators)]
        quote_numbers: dict[str, int] = {}
        figures = []
        bases = set()
        for pos, f in enumerate(content.figures):
            values = FIGURE.values(f)
            base = None
            if not f.id:
                base = f"{f.indicator}.{f.period}.{f.kind}"
                bases.add(base)
            q = quote_numbers.setdefault(f.quote, len(quote_numbers)) if search else None
            place = (pos, f.at.line, f.at.column)
            figures.append((*place, *values, 1 if f.id else 0, base, q, _digest(values)))
        exclusions = []
        for pos, e in enumerate(content.exclusions):
            place = (pos, e.at.line, e.at.column)
            exclusion = EXCLUSION.values(e)
            exclusions.append((*place, *exclusion, _digest(exclusion)))
        checks = [(pos, c.at.line, c.at.column, *CHECK.values(c)) for pos, c in enumerate(content.checks)]
        for (table, _, _), rows in zip(RECORD_TABLES, (sources, indicators, figures, exclusions, checks), strict=True):
            if rows:
                con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
        found = _search_rows(con, content, list(quote_numbers), known or {}) if search else (0, 0, 0)
        names, max_text, max_pinyin = found
        con.commit()
        image = con.serialize()
    finally:
        con.close()
    return Part(digest, None, image, tuple(sorted(bases)), len(quote_numbers), names, max_text, max_pinyin)


#: a text's pinyin as a file read before had it: (encoded syllables, pinyin)
Known = dict[str, tuple[str, str]]


def _search_rows(
    con: sqlite3.Connection, content: FileContent, quotes: list[str], known: Known
) -> tuple[int, int, int]:
    """Each name and quote with its pinyin and its characters (for the FTS5 index), and
    each name's pairs of characters; how many names, and the longest text and pinyin
    (search skips a term longer than any). A text found in ``known`` (the file's rows
    before an edit) keeps its pinyin: an edit that brings no new text never imports pypinyin."""
    from jiexiu_cli.hanzi import fold_search
    from jiexiu_cli.query import fold
    from jiexiu_cli.store import indexed_chars, name_grams

    def pinyin_of(text: str, name: bool) -> tuple[str, str, str]:
        """(encoded syllables, pinyin, and for a name its initials)."""
        found = known.get(text)
        if found is None:
            t = _text_maker()(text)
            return encode_syllables(t), "".join(t.syllables), initials(t) if name else ""
        syllables, pinyin = found
        if not name:
            return syllables, pinyin, ""
        from jiexiu_cli.search import Text
        from jiexiu_cli.store import decode_syllables

        return syllables, pinyin, initials(Text(text, "", decode_syllables(text, syllables)))

    names: list[tuple[Any, ...]] = []
    grams = []
    max_text = max_pinyin = 0
    for ind in content.indicators:
        for field, name in enumerate((ind.id, ind.name_zh, ind.name_en, *ind.aliases)):
            syllables, pinyin, first = pinyin_of(name, True)
            folded = fold_search(name)  # both scripts as one, as search folds a term
            key = fold(name)
            n = len(names)
            names.append((n, ind.id, field, name, folded, key, syllables, pinyin, first, indexed_chars(folded)))
            grams += [(g, n) for g in name_grams(key)]
            max_text = max(max_text, len(folded))
            max_pinyin = max(max_pinyin, len(pinyin))
    rows = []
    for q, quote in enumerate(quotes):
        syllables, pinyin, _ = pinyin_of(quote, False)
        folded = fold_search(quote)
        rows.append((q, quote, syllables, pinyin, indexed_chars(folded)))
        max_text = max(max_text, len(folded))
        max_pinyin = max(max_pinyin, len(pinyin))
    con.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", names)
    con.executemany("INSERT INTO grams VALUES (?, ?)", grams)
    con.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?)", rows)
    return len(names), max_text, max_pinyin


def encode_syllables(t: Text) -> str:
    """The syllables as one string, joined by U+001F (a YAML file cannot hold it)."""
    return "\x1f".join(t.syllables)


def initials(t: Text) -> str:
    """Pinyin initials of the Chinese characters (what search's initials match reads)."""
    from jiexiu_cli.search import _has_han

    return "".join(s[0] for c, s in zip(t.text, t.syllables, strict=False) if _has_han(c) and s[:1].isalpha())


# ---------------------------------------------------------------- rows -> the database


class Writer:
    """Copies files' rows into the store (numbering quotes and names as it goes), and
    deletes them again."""

    def __init__(self, con: sqlite3.Connection, search: bool) -> None:
        """(Before any write: SQLite attaches a database only outside a transaction; each
        file's rows are then copied from it in the one transaction of a build or update.)"""
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
                "INSERT INTO grams (gram, name, k) SELECT gram, name + :n, :k FROM part.grams",
            ]

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
        from jiexiu_cli.hanzi import fold_search
        from jiexiu_cli.store import indexed_chars

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
            con.execute("DELETE FROM quote_pinyin WHERE q IN (SELECT q FROM quotes WHERE k = ?)", (k,))
            con.execute("DELETE FROM name_pinyin WHERE n IN (SELECT n FROM names WHERE k = ?)", (k,))
            for table in ("quotes", "names", "grams"):
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


# ---------------------------------------------------------------- parsing many files


def parse_all(
    todo: list[tuple[int, str, int]],
    roots: Roots | None,
    search: bool,
    progress: Progress | None,
    known: Known | None = None,
) -> Iterator[tuple[int, Part]]:
    """(k, rows) of each file of ``todo`` (k, path, size), as soon as each is parsed: in
    worker processes when there are several cores and enough bytes to share out,
    else here. The order is not the files' order; ``k`` says which is which."""
    workers = _workers(todo)
    if workers <= 1:
        for k, path, _ in todo:
            parsed = parse_file(path, roots, search, known)
            if progress is not None:
                progress.advance()
            yield k, parsed
        return
    import concurrent.futures
    import multiprocessing

    if search and not known:
        _text_maker()  # import pypinyin once, here: forked workers share it
    ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        biggest_first = sorted(todo, key=lambda t: -t[2])
        futures = {pool.submit(parse_file, path, roots, search, known): k for k, path, _ in biggest_first}
        try:
            for future in concurrent.futures.as_completed(futures):
                if progress is not None:
                    progress.advance()
                yield futures[future], future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


#: bytes of YAML below which a worker process costs more than it saves
PARALLEL_BYTES = 2_000_000


def _workers(todo: list[tuple[int, str, int]]) -> int:
    if len(todo) < 2 or sum(size for _, _, size in todo) < PARALLEL_BYTES:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return min(cores, len(todo))


# ---------------------------------------------------------------- across files


def _numbered(bases: set[str] | None) -> str:
    """Each figure of these bases (None: every one without an id) and its automatic id."""
    where = "x.base IN (SELECT v FROM temp.bases)" if bases is not None else "x.base IS NOT NULL"
    return (
        "SELECT n, CASE WHEN r = 1 THEN base ELSE base || '.' || r END AS id FROM (SELECT x.n AS n, x.base AS base,"
        f" row_number() OVER (PARTITION BY x.base ORDER BY f.ord, x.pos) AS r FROM figures x JOIN files f ON f.k = x.k"
        f" WHERE {where})"
    )


def renumbering(con: sqlite3.Connection) -> list[tuple[str, int, bool]]:
    """(new automatic id, figure, whether of a file the update read) of every figure of
    ``temp.bases`` whose id an update changes (the figures of the files it read have none
    yet)."""
    sql = (
        f"SELECT w.id, w.n, x.k IN (SELECT v FROM temp.new_files) FROM ({_numbered(set())}) w"
        " JOIN figures x ON x.n = w.n WHERE x.id IS NOT w.id"
    )
    return [(i, n, bool(new)) for i, n, new in con.execute(sql)]


def assign_ids(con: sqlite3.Connection, bases: set[str] | None) -> None:
    """The automatic ids of figures without one: ``indicator.period.kind`` for the first
    in file order, then ``.2``, ``.3`` ... (``bases``: only these; None: every one)."""
    if bases is not None:
        if not bases:
            return
        _temp(con, "bases", bases)
    con.execute(
        f"UPDATE figures SET id = w.id FROM ({_numbered(bases)}) AS w"
        " WHERE figures.n = w.n AND figures.id IS NOT w.id"  # only ids that change: the index moves less
    )


class Changes:
    """What an update changed, for the rules across files to look at only that: the files
    it read (``new``), the keys the files it dropped held, and whether the store was valid
    before (if it was, a rule it now breaks involves a changed row or a key gone)."""

    def __init__(self, con: sqlite3.Connection, dropped: list[int]) -> None:
        self.con = con
        self.digests = Digests(con, remember=True)
        self.new: set[int] = set()
        row = con.execute("SELECT value FROM meta WHERE key = 'error'").fetchone()
        self.valid_before = row is not None and row[0] == ""
        _temp(con, "dropped_files", dropped)
        dropped_rows = "WHERE k IN (SELECT v FROM temp.dropped_files)"
        self.gone = {
            "indicator": {i for (i,) in con.execute(f"SELECT id FROM indicators {dropped_rows}")},
            "source": {s for (s,) in con.execute(f"SELECT file FROM sources {dropped_rows}")},
            "period": {p for (p,) in con.execute(f"SELECT DISTINCT period FROM figures {dropped_rows}")},
        }

    def periods_changed(self) -> bool:
        """Whether a period came or went (else the periods' order stands)."""
        con = self.con
        came = "SELECT 1 FROM figures x WHERE x.k IN (SELECT v FROM temp.new_files)"
        if con.execute(f"{came} AND x.period NOT IN (SELECT period FROM periods) LIMIT 1").fetchone():
            return True
        return any(
            not con.execute("SELECT 1 FROM figures WHERE period = ? LIMIT 1", (p,)).fetchone()
            for p in self.gone["period"]
        )

    def suspect(self) -> bool:
        """Whether a rule across files may be broken by this update (then every rule is
        checked, to find the first break in file order)."""
        con = self.con
        new = "k IN (SELECT v FROM temp.new_files)"
        for table, key in (("sources", "file"), ("indicators", "id")):
            if con.execute(
                f"SELECT 1 FROM {table} WHERE {key} IN (SELECT {key} FROM {table} WHERE {new})"
                f" GROUP BY {key} HAVING count(*) > 1 LIMIT 1"
            ).fetchone():
                return True
        if con.execute(
            "SELECT 1 FROM figures WHERE id IN (SELECT id FROM figures WHERE"
            f" {new} OR base IN (SELECT v FROM temp.bases)) GROUP BY id HAVING count(*) > 1 LIMIT 1"
        ).fetchone():
            return True
        unknown_indicator = "indicator NOT IN (SELECT id FROM indicators)"
        unknown_source = "source NOT IN (SELECT file FROM sources)"
        queries = [
            f"SELECT 1 FROM figures WHERE {new} AND ({unknown_indicator} OR {unknown_source})",
            f"SELECT 1 FROM exclusions WHERE {new} AND {unknown_source}",
        ]
        for kind, column, tables in (
            ("indicator", "indicator", ("figures",)),
            ("source", "source", ("figures", "exclusions")),
        ):
            if self.gone[kind]:
                _temp(con, f"gone_{kind}", self.gone[kind])
                queries += [
                    f"SELECT 1 FROM {t} WHERE {column} IN (SELECT v FROM temp.gone_{kind}) AND "
                    f"{unknown_indicator if kind == 'indicator' else unknown_source}"
                    for t in tables
                ]
        if any(con.execute(q + " LIMIT 1").fetchone() for q in queries):
            return True
        if not any(con.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in ("sources", "indicators", "figures")):
            return True
        for kind in ("source", "indicator", "figure"):
            _temp(con, f"broken_{kind}", ())  # the store was valid: no record is a problem
        never: Shown = str  # a message is not asked for here, only whether there is one
        return bool(_twice(con, "checks", "id", "check id", never) or _unknown_check_figures(con))


class Digests:
    """What each indicator's and each source's rows are, as one digest each: results kept
    beside the store (results.py) are keyed by them.

    A digest is a sum (modulo 2^128) of one hash per row, so an update changes it row by
    row: the rows that go are taken off, the rows that come are added, a row whose
    automatic id is renumbered is taken off with its old id and added with its new one.
    An indicator's row: a figure's id, the digest of its fields, and its file and place
    in it (which fix its place in the fact base's order: files are in their paths' order).
    A source's rows: its figures' and exclusions', with their line and column (verify
    names file:line:column)."""

    def __init__(self, con: sqlite3.Connection, remember: bool = False) -> None:
        self.con = con
        self.sums: dict[tuple[str, str], int] = {}
        #: ``remember``: each row's hash by its text (an update takes a file's rows off and
        #: adds most of them back; a whole build meets each row once)
        self.memo: dict[str, int] | None = {} if remember else None

    def rows(self, where: str, args: Sequence[Any] = (), sign: int = 1, exclusions: bool = True) -> None:
        """Add (``sign`` 1) or take off (-1) the rows of figures (and exclusions) of ``where``."""
        sums, memo = self.sums, self.memo
        element = _element
        if memo is not None:

            def element(text: str) -> int:
                found = memo.get(text)
                if found is None:
                    found = memo[text] = _element(text)
                return found

        for indicator, source, fid, d, path, pos, line, col in self.con.execute(_DIGESTED_FIGURES.format(where), args):
            head = f"f\x1f{fid}\x1f{d.hex()}\x1f{path}\x1f"
            key = ("indicator", indicator)
            sums[key] = sums.get(key, 0) + sign * element(f"{head}{pos}")
            key = ("source", source)
            sums[key] = sums.get(key, 0) + sign * element(f"{head}{line}\x1f{col}")
        if exclusions:
            for source, d, path, line, col in self.con.execute(_DIGESTED_EXCLUSIONS.format(where), args):
                key = ("source", source)
                sums[key] = sums.get(key, 0) + sign * element(f"e\x1f{d.hex()}\x1f{path}\x1f{line}\x1f{col}")

    def save(self, whole: bool) -> None:
        """Write the digests (``whole``: these are all; else changes to those kept)."""
        con = self.con
        if whole:
            con.execute("DELETE FROM digests")
            changed = self.sums
        else:  # a row taken off and added back unchanged leaves its name's digest as it was
            moved = {key: delta for key, delta in self.sums.items() if delta % _MOD}
            con.execute("CREATE TEMP TABLE IF NOT EXISTS moved (kind, name, PRIMARY KEY (kind, name))")
            con.execute("DELETE FROM temp.moved")
            con.executemany("INSERT INTO temp.moved VALUES (?, ?)", moved)
            sql = (
                "SELECT d.kind, d.name, d.digest FROM digests d"
                " JOIN temp.moved m ON m.kind = d.kind AND m.name = d.name"
            )
            kept = {(kind, name): int(digest, 16) for kind, name, digest in con.execute(sql)}
            changed = {key: kept.get(key, 0) + delta for key, delta in moved.items()}
        con.executemany("DELETE FROM digests WHERE kind = ? AND name = ?", changed)
        con.executemany(
            "INSERT INTO digests VALUES (?, ?, ?)",
            ((kind, name, f"{total % _MOD:032x}") for (kind, name), total in changed.items() if total % _MOD),
        )


_MOD = 1 << 128
_DIGESTED_FIGURES = (
    "SELECT x.indicator, x.source, x.id, x.digest, f.path, x.pos, x.line, x.col"
    " FROM figures x JOIN files f ON f.k = x.k WHERE {}"
)
_DIGESTED_EXCLUSIONS = (
    "SELECT x.source, x.digest, f.path, x.line, x.col FROM exclusions x JOIN files f ON f.k = x.k WHERE {}"
)


def _element(text: str) -> int:
    """One row's hash: its parts joined by U+001F (bytes as hex), as a number."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest(), "big")


def order_periods(con: sqlite3.Connection) -> None:
    """Each period's rank in time order, so SQL can sort by period as jiexiu does
    (:func:`jiexiu_cli.query.period_key`, the one place that knows how periods order)."""
    from jiexiu_cli.query import period_key

    periods = sorted(
        (p for (p,) in con.execute("SELECT DISTINCT period FROM figures")), key=lambda p: (period_key(p), p)
    )
    con.execute("DELETE FROM periods")
    con.executemany("INSERT INTO periods VALUES (?, ?)", ((p, i) for i, p in enumerate(periods)))


def _temp(con: sqlite3.Connection, name: str, values: Iterable[Any]) -> None:
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (v PRIMARY KEY)")
    con.execute(f"DELETE FROM temp.{name}")
    con.executemany(f"INSERT OR IGNORE INTO temp.{name} VALUES (?)", ((v,) for v in values))


Shown = Callable[[int], str]


def every_problem(
    con: sqlite3.Connection, shown: Shown, first_file: str | None, files: Sequence[tuple[int, str]] = ()
) -> tuple[list[str], int]:
    """Every problem of the fact base, in file order (file, line, column), as lines
    ``file:line:column: message``: the first ``MAX_PROBLEMS``, and how many there are.

    The problems of each file on its own (``files``: (ord, :func:`problems_text`) of each
    file that has some), then the rules across files, over the records that are not
    problems themselves: sources, indicator ids and figure ids each unique (each second
    one, naming the first); each figure's indicator and source known, then each
    exclusion's source; a fact base not empty; check ids unique and each check's figures
    known. A reference to a record that is a problem itself is not one more. The one
    validator: every command, and the library, refuse a fact base with these lines.

    Each rule is first asked whether it is broken at all, through an index (a few
    milliseconds at 100,000 figures); only a broken one is searched for its cases, and only
    the problems shown are worded (a "did you mean" looks through every name)."""
    import json

    from jiexiu_cli.errors import MAX_PROBLEMS

    found: list[tuple[int, int, int, Callable[[], str]]] = []
    count = 0
    broken: dict[str, set[str]] = {"source": set(), "indicator": set(), "figure": set()}
    for ord_, text in files:
        kept = json.loads(text)
        count += kept["n"] - len(kept["first"])  # beyond the first of a file: never shown
        found += [(ord_, line, col, _said(message)) for line, col, message in kept["first"]]
        for kind, name in kept.get("broken", ()):
            broken[kind].add(name)
    for kind, names in broken.items():
        _temp(con, f"broken_{kind}", names)
    found += _rules(con, shown, bool(files), first_file)
    count += len(found)
    found.sort(key=lambda p: p[:3])  # stable: at one place, in the order of the rules
    return [say() for *_, say in found[:MAX_PROBLEMS]], count


def _rules(
    con: sqlite3.Connection, shown: Shown, some_broken: bool, first_file: str | None
) -> list[tuple[int, int, int, Callable[[], str]]]:
    """The problems across files: (ord, line, column, what to say)."""
    from jiexiu_cli.loader import unknown_name

    found: list[tuple[int, int, int, Callable[[], str]]] = []
    names: dict[str, set[str]] = {}

    def known(sql: str) -> set[str]:
        if sql not in names:
            names[sql] = {v for (v,) in con.execute(sql)}
        return names[sql]

    def unknown(what: str, name: str, sql: str, where: str, tail: str = "") -> Callable[[], str]:
        return lambda: str(DataError(unknown_name(what, name, known(sql)) + tail, where))

    for table, key, what in (
        ("sources", "file", "source"),
        ("indicators", "id", "indicator id"),
        ("figures", "id", "figure id"),
    ):
        found += _twice(con, table, key, what, shown)
    indicators, sources = "SELECT id FROM indicators", "SELECT file FROM sources"
    unknown_indicator = f"x.indicator NOT IN ({indicators}) AND x.indicator NOT IN temp.broken_indicator"
    unknown_source = f"x.source NOT IN ({sources}) AND x.source NOT IN temp.broken_source"
    for indicator, source, bad_indicator, bad_source, ord_, k, line, col in _every(
        con,
        "figures",
        f"x.indicator, x.source, {unknown_indicator}, {unknown_source}",
        f"({unknown_indicator}) OR ({unknown_source})",
    ):
        at = _at((k, line, col), shown)
        if bad_indicator:
            found.append((ord_, line, col, unknown("indicator", indicator, indicators, at)))
        if bad_source:
            found.append((ord_, line, col, unknown("source", source, sources, at)))
    for source, ord_, k, line, col in _every(con, "exclusions", "x.source", unknown_source):
        found.append((ord_, line, col, unknown("source", source, sources, _at((k, line, col), shown))))
    if (
        not found
        and not some_broken
        and not any(con.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in ("sources", "indicators", "figures"))
    ):
        empty = DataError("the fact base is empty: no sources, indicators or figures", first_file)
        found.append((0, 0, 0, _said(str(empty))))
    found += _twice(con, "checks", "id", "check id", shown)
    for check_id, fid, ord_, k, line, col in _unknown_check_figures(con):
        tail = f" in check {check_id!r}"
        found.append(
            (ord_, line, col, unknown("figure", fid, "SELECT id FROM figures", _at((k, line, col), shown), tail))
        )
    return found


def _said(message: str) -> Callable[[], str]:
    return lambda: message


def _at(row: Sequence[Any], shown: Shown) -> str:
    k, line, col = row
    return f"{shown(k)}:{line}:{col}"


def _every(con: sqlite3.Connection, table: str, columns: str, where: str) -> list[Any]:
    """(columns..., ord, k, line, col) of each record of ``table`` (``x``) of ``where``, in file order."""
    return con.execute(
        f"SELECT {columns}, f.ord, x.k, x.line, x.col FROM {table} x JOIN files f ON f.k = x.k WHERE {where}"
        " ORDER BY f.ord, x.pos"
    ).fetchall()


def _twice(
    con: sqlite3.Connection, table: str, key: str, what: str, shown: Shown
) -> list[tuple[int, int, int, Callable[[], str]]]:
    """Each record of ``table`` whose ``key`` an earlier one (in file order) has already."""
    if not con.execute(f"SELECT 1 FROM {table} GROUP BY {key} HAVING count(*) > 1 LIMIT 1").fetchone():
        return []
    rows = con.execute(
        f"SELECT key, k, line, col, first_k, first_line, first_col, ord FROM ("
        f" SELECT x.{key} AS key, x.k, x.line, x.col, f.ord, x.pos,"
        f"  row_number() OVER w AS r, first_value(x.k) OVER w AS first_k,"
        f"  first_value(x.line) OVER w AS first_line, first_value(x.col) OVER w AS first_col"
        f" FROM {table} x JOIN files f ON f.k = x.k"
        f" WHERE x.{key} IN (SELECT {key} FROM {table} GROUP BY {key} HAVING count(*) > 1)"
        f" WINDOW w AS (PARTITION BY x.{key} ORDER BY f.ord, x.pos))"
        " WHERE r >= 2 ORDER BY ord, pos"
    ).fetchall()
    found: list[tuple[int, int, int, Callable[[], str]]] = []
    for row in rows:
        name, at, first = row[0], _at(row[1:4], shown), _at(row[4:7], shown)
        message = str(DataError(f"{what} {name!r} is defined twice (first at {first})", at))
        found.append((row[7], row[2], row[3], _said(message)))
    return found


def _unknown_check_figures(con: sqlite3.Connection) -> list[tuple[str, str, int, int, int, int]]:
    """(check id, figure id, ord, k, line, col) of each figure a check names that does not
    exist (nor is a problem itself). Checks are few: read them all, and ask the store
    which of their figures exist."""
    checks = con.execute(
        "SELECT x.id, x.figures, f.ord, x.k, x.line, x.col FROM checks x JOIN files f ON f.k = x.k"
        " ORDER BY f.ord, x.pos"
    ).fetchall()
    if not checks:
        return []
    from jiexiu_cli.store_schema import tuple_of

    named = {fid for _, figures, *_ in checks for fid in tuple_of(figures)}
    _temp(con, "named", named)
    known = {i for (i,) in con.execute("SELECT id FROM figures WHERE id IN (SELECT v FROM temp.named)")}
    known |= {i for (i,) in con.execute("SELECT v FROM temp.broken_figure WHERE v IN (SELECT v FROM temp.named)")}
    return [(check_id, fid, *at) for check_id, figures, *at in checks for fid in tuple_of(figures) if fid not in known]


# ---------------------------------------------------------------- a whole build, an update


class Plan:
    """What an update does: files kept (``k`` -> their place in the walk; ``restat``: with
    new stats, same content), files whose rows go, and files to read (places in the walk)."""

    def __init__(self) -> None:
        self.keep: dict[int, int] = {}
        self.restat: dict[int, tuple[Any, ...]] = {}
        self.drop: list[int] = []
        self.read: list[int] = []


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
    from jiexiu_cli.progress import Progress
    from jiexiu_cli.store import reading

    fts, indexes = create(con, search)
    writer = Writer(con, search)
    todo = [(i + 1, str(path), stats[i][1]) for i, path in enumerate(walk)]
    with Progress("building the compiled fact base", len(todo)) as progress:
        for k, part in parse_all(todo, roots, search, progress):
            writer.file(k, k - 1, stats[k - 1], part)
    assign_ids(con, None)  # before the indexes: a new id is not an index entry to move
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
    from jiexiu_cli.progress import Progress

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
    from jiexiu_cli.data_path import display_path
    from jiexiu_cli.store import code_stamp

    if changes is None:
        assign_ids(con, bases)
        digests = Digests(con)
        digests.rows("1")
        digests.save(whole=True)
        order_periods(con)
    else:
        digests = changes.digests
        _temp(con, "new_files", changes.new)
        _temp(con, "bases", bases or ())
        ids = renumbering(con)  # (new id, n) of each figure whose automatic id changes
        _temp(con, "renumbered", (n for _, n, new in ids if not new))  # of unchanged files
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

"""One fact-base file -> its rows for the compiled store, in plain data (what a worker
process of a cold build sends back), and many files parsed at once.

Each file is parsed on its own (``loader.load_file``: YAML composed, never constructed,
every value checked against the schema) into its sources, indicators, figures,
exclusions and checks, and for search the names' and quotes' pinyin and characters, in a
small SQLite database of its own (serialized: the process that writes the store copies
the rows in SQL, never one Python object per row). A cold build parses files in worker
processes; an update parses the few files that changed here.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from jiexiu_cli.core.errors import DataError
from jiexiu_cli.factbase.store_schema import CHECK, EXCLUSION, FIGURE, INDICATOR, RECORD_TABLES, SOURCE

if TYPE_CHECKING:
    from jiexiu_cli.factbase.data_path import Roots
    from jiexiu_cli.factbase.loader import FileContent
    from jiexiu_cli.factbase.progress import Progress
    from jiexiu_cli.factbase.search import Text


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
            " initials, chars, grams);",
            "CREATE TABLE grams (gram, name);",
        ]
    )


_TEXT: list[Callable[[str], Text]] = []


def _text_maker() -> Callable[[str], Text]:
    """One pinyin maker per process: it remembers the words it has converted."""
    if not _TEXT:
        from jiexiu_cli.factbase.search import text_maker

        _TEXT.append(text_maker())
    return _TEXT[0]


def parse_file(path: str, roots: Roots | None, search: bool, known: Known | None = None) -> Part:
    """Read and check one fact-base file: its rows, or the error a reader of it gets. Runs
    in a worker process for a cold build: all it returns is plain data. ``roots``: the fact
    base's folder trees (``data_path.fact_base``); the file and every article it names must
    lie inside the one the file lies in (``loader.load_file``; None: the file's own folder)."""
    from jiexiu_cli.factbase.data_path import root_of
    from jiexiu_cli.factbase.loader import load_file
    from jiexiu_cli.factbase.text_files import read_bytes

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

    from jiexiu_cli.core.errors import MAX_PROBLEMS
    from jiexiu_cli.factbase.yaml_reader import position

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
        bases: dict[str, int] = {}  # each automatic-id base: how many figures of this file have it
        for pos, f in enumerate(content.figures):
            values = FIGURE.values(f)
            written = _digest(values)  # of the fields as written (no automatic id)
            base = None
            if not f.id:
                base = f"{f.indicator}.{f.period}.{f.kind}"
                r = bases[base] = bases.get(base, 0) + 1
                # the automatic id as this file alone numbers it; the build numbers on
                # from the files before (``store_order``): most ids never change
                values[_FIGURE_ID] = base if r == 1 else f"{base}.{r}"
            q = quote_numbers.setdefault(f.quote, len(quote_numbers)) if search else None
            place = (pos, f.at.line, f.at.column)
            figures.append((*place, *values, 1 if f.id else 0, base, q, written))
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


_FIGURE_ID = FIGURE.fields.index("id")


#: a text's pinyin as a file read before had it: (encoded syllables, pinyin)
Known = dict[str, tuple[str, str]]

#: a name's keys, by its text (``_search_rows``): folded, key, syllables, pinyin, initials,
#: characters, grams as JSON
_NAME_KEYS: dict[str, tuple[Any, ...]] = {}


def _search_rows(
    con: sqlite3.Connection, content: FileContent, quotes: list[str], known: Known
) -> tuple[int, int, int]:
    """Each name and quote with its pinyin and its characters (for the FTS5 index), and
    each name's pairs of characters; how many names, and the longest text and pinyin
    (search skips a term longer than any). A text found in ``known`` (the file's rows
    before an edit) keeps its pinyin: an edit that brings no new text never imports pypinyin."""
    from jiexiu_cli.core.hanzi import fold_search
    from jiexiu_cli.factbase.query import fold
    from jiexiu_cli.factbase.search_keys import encode_syllables, indexed_chars, initials, name_grams

    def pinyin_of(text: str, name: bool) -> tuple[str, str, str, str]:
        """(encoded syllables, pinyin, for a name its initials, the text folded for search)."""
        found = known.get(text)
        if found is None:
            t = _text_maker()(text)
            return encode_syllables(t), "".join(t.syllables), initials(t) if name else "", t.folded
        syllables, pinyin = found
        if not name:
            return syllables, pinyin, "", fold_search(text)
        from jiexiu_cli.factbase.search import Text
        from jiexiu_cli.factbase.search_keys import decode_syllables

        return syllables, pinyin, initials(Text(text, "", decode_syllables(text, syllables))), fold_search(text)

    names: list[tuple[Any, ...]] = []
    grams: list[tuple[str, int]] = []
    # a name's grams as one JSON array, made rows by SQLite as the store copies them in
    # (one row per name here, not one per gram: a row costs far more to insert than to copy)
    as_json = json_each_ok(con)
    from json import dumps

    max_text = max_pinyin = 0
    # a name's keys by its text, in this process (a fact base names the same places and
    # industries in file after file); not in an update, whose known pinyin comes first
    remembered = _NAME_KEYS if not known else {}
    for ind in content.indicators:
        for field, name in enumerate((ind.id, ind.name_zh, ind.name_en, *ind.aliases)):
            keys = remembered.get(name)
            if keys is None:
                syllables, pinyin, first, folded = pinyin_of(name, True)  # folded: both scripts as one, as a term
                key = fold(name)
                joined = dumps(list(name_grams(key)), ensure_ascii=False)
                keys = (folded, key, syllables, pinyin, first, indexed_chars(folded), joined)
                if len(remembered) < 50_000:  # strings only: a few MB
                    remembered[name] = keys
            n = len(names)
            names.append((n, ind.id, field, name, *keys[:6], keys[6] if as_json else None))
            if not as_json:
                grams += [(g, n) for g in name_grams(keys[1])]
            max_text = max(max_text, len(keys[0]))
            max_pinyin = max(max_pinyin, len(keys[3]))
    rows = []
    for q, quote in enumerate(quotes):
        syllables, pinyin, _, folded = pinyin_of(quote, False)
        rows.append((q, quote, syllables, pinyin, indexed_chars(folded)))
        max_text = max(max_text, len(folded))
        max_pinyin = max(max_pinyin, len(pinyin))
    con.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", names)
    con.executemany("INSERT INTO grams VALUES (?, ?)", grams)
    con.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?)", rows)
    return len(names), max_text, max_pinyin


_JSON_EACH: list[bool] = []


def json_each_ok(con: sqlite3.Connection) -> bool:
    """Whether this SQLite has ``json_each`` (built in since 3.38; an older one may lack it)."""
    if not _JSON_EACH:
        try:
            con.execute("SELECT count(*) FROM json_each('[1]')").fetchone()
            _JSON_EACH.append(True)
        except sqlite3.OperationalError:
            _JSON_EACH.append(False)
    return _JSON_EACH[0]


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
    import threading

    # fork where this process has no other thread; in a host with threads of its own (a
    # notebook's kernel) a fork would copy their locks as they are at that instant: spawn
    forks = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    ctx = multiprocessing.get_context("fork" if forks else "spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        biggest_first = sorted(todo, key=lambda t: -t[2])
        futures = {pool.submit(parse_file, path, roots, search, known): k for k, path, _ in biggest_first}
        try:
            for future in concurrent.futures.as_completed(futures):
                if progress is not None:
                    progress.advance()
                # taken out of the map: a future holds its file's rows until dropped,
                # and the map would keep every file's until the last one is in
                yield futures.pop(future), future.result()
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

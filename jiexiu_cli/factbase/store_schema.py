"""The compiled store's tables, and records <-> rows: one column per field of each record class.

The columns are derived from each class's ``_fields`` and the kind of value its
annotation names, so a field added to :class:`~jiexiu_cli.core.model.Figure` (say ``place``)
is stored and read back without an edit here:

* ``Decimal``: its exact text (``341.30`` stays ``341.30``, never a float);
* ``Path``: its text;
* ``tuple``: its strings joined by U+001F (a YAML file cannot hold that character, so it
  cannot be in one; JSON after U+001E, should a string ever hold it);
* ``bool``: 0 or 1;
* anything else (``str``, ``int``, ``None``) as it is.

``at`` (where a record was written) is not a field column: the store keeps it as the
fact-base file's number, line and column (``k``, ``line``, ``col``), because the path a
user is shown depends on the folder they run jiexiu from.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from jiexiu_cli.core.model import Check, Exclusion, Figure, Indicator, Location, Source

#: the store's own columns in front of every record table's fields: the row's number, the
from jiexiu_cli.core.record import Record

#: the store's own columns in front of every record table's fields: the row's number, the
#: fact-base file it comes from, its position in that file's section, line and column
PLACE_COLUMNS = ("n", "k", "pos", "line", "col")


def _joined(values: tuple[str, ...]) -> str:
    if values == ("",) or any("\x1e" in v or "\x1f" in v for v in values):
        import json

        return "\x1e" + json.dumps(list(values))
    return "\x1f".join(values)


def tuple_of(text: str) -> tuple[str, ...]:
    """Not JSON, so that ``show`` (reading an indicator's aliases) never imports json."""
    if text.startswith("\x1e"):
        import json

        return tuple(json.loads(text[1:]))
    return tuple(text.split("\x1f")) if text else ()


def _kind(annotation: str) -> tuple[Callable[[Any], Any] | None, Callable[[Any], Any] | None]:
    """How a value of this annotation is written to and read from a column."""
    if "Decimal" in annotation:
        return str, Decimal
    if "Path" in annotation:
        return str, Path
    if annotation.startswith("tuple"):
        return _joined, tuple_of
    if annotation.startswith("bool"):
        return int, bool
    return None, None


class Codec:
    """A record class's columns (its fields but ``at``) and how each value is stored."""

    def __init__(self, cls: type[Record]) -> None:
        self.cls = cls
        self.fields = tuple(f for f in cls._fields if f != "at")
        clash = set(self.fields) & set(PLACE_COLUMNS)
        if clash:  # a test keeps this from ever happening
            raise TypeError(f"{cls.__name__} has fields named like the store's columns: {sorted(clash)}")
        kinds = [_kind(str(cls.__annotations__[f])) for f in self.fields]
        self.writers = tuple(w for w, _ in kinds)
        self.readers = tuple(r for _, r in kinds)
        self.conversions = tuple((i, r) for i, r in enumerate(self.readers) if r is not None)
        self.conversions_out = tuple((i, w) for i, w in enumerate(self.writers) if w is not None)
        #: where ``at`` goes among the constructor's arguments (the records' constructors
        #: take their fields in ``_fields`` order: tests/factbase/test_load.py holds them to it)
        self.at_index = cls._fields.index("at") if "at" in cls._fields else None

    def values(self, record: Record) -> list[Any]:
        """The record's field values as columns, in ``fields`` order."""
        out = list(record._values())
        if self.at_index is not None:
            del out[self.at_index]
        for i, write in self.conversions_out:
            if out[i] is not None:
                out[i] = write(out[i])
        return out

    def record(self, row: Sequence[Any], at: Location | None = None) -> Any:
        """The record of these column values (in ``fields`` order), made positionally:
        an export reads every figure of the store, so no work is done per field beyond its conversion."""
        values = list(row)
        for i, read in self.conversions:
            if values[i] is not None:
                values[i] = read(values[i])
        if self.at_index is not None:
            values.insert(self.at_index, at)
        return self.cls(*values)

    def columns(self, prefix: str = "") -> str:
        """The field columns for SQL, quoted (an exclusion has a field called ``all``)."""
        return ", ".join(f'{prefix}"{f}"' for f in self.fields)


# bump when the tables change, or what is stored in them (7: figures' place and universe,
# names and quotes folded Traditional -> Simplified, articles' resolved paths; 8: figures'
# fragment_before and additive, qualifier over_about; 9: names and quotes folded full-width
# to plain, as search folds a term; 10: grams keyed by (gram, name) without a rowid or a
# file column: one B-tree filled as each file is copied in, not a table and two indexes
# sorted after the last)
FORMAT = "10"

SOURCE = Codec(Source)
INDICATOR = Codec(Indicator)
FIGURE = Codec(Figure)
EXCLUSION = Codec(Exclusion)
CHECK = Codec(Check)

#: (table, codec, the store's own columns after the record's fields): a figure's
#: ``given`` (1 when its id is written in the file), ``base`` (of its automatic id),
#: ``q`` (its quote's number) and a ``digest`` of its fields (not of where it is written)
RECORD_TABLES: tuple[tuple[str, Codec, tuple[str, ...]], ...] = (
    ("sources", SOURCE, ()),
    ("indicators", INDICATOR, ()),
    ("figures", FIGURE, ("given", "base", "q", "digest")),
    ("exclusions", EXCLUSION, ("digest",)),
    ("checks", CHECK, ()),
)

_CORE = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files (k INTEGER PRIMARY KEY, ord INT, path TEXT UNIQUE, size INT, mtime_ns INT, ctime_ns INT, ino INT,
                    hash TEXT, max_text INT, max_pinyin INT, error TEXT);
CREATE TABLE periods (period TEXT PRIMARY KEY, ord INT);
CREATE TABLE digests (kind TEXT, name TEXT, digest TEXT, PRIMARY KEY (kind, name));
"""
_SEARCH = """
CREATE TABLE names (n INTEGER PRIMARY KEY, k INT, indicator TEXT, field INT, text TEXT, folded TEXT, key TEXT,
                    syllables TEXT);
CREATE TABLE name_pinyin (n INTEGER PRIMARY KEY, indicator TEXT, pinyin TEXT, initials TEXT);
CREATE TABLE grams (gram TEXT, name INT, PRIMARY KEY (gram, name)) WITHOUT ROWID;
CREATE TABLE quotes (q INTEGER PRIMARY KEY, k INT, text TEXT, syllables TEXT);
CREATE TABLE quote_pinyin (q INTEGER PRIMARY KEY, pinyin TEXT);
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
CREATE INDEX sources_file ON sources(file);
CREATE INDEX sources_k ON sources(k);
CREATE INDEX indicators_id ON indicators(id);
CREATE INDEX indicators_k ON indicators(k);
CREATE INDEX figures_indicator ON figures(indicator);
CREATE INDEX figures_id ON figures(id);
CREATE INDEX figures_source ON figures(source);
CREATE INDEX figures_k ON figures(k);
CREATE INDEX figures_base ON figures(base) WHERE base IS NOT NULL;
CREATE INDEX figures_period ON figures(period);
CREATE INDEX exclusions_source ON exclusions(source);
CREATE INDEX exclusions_k ON exclusions(k);
CREATE INDEX checks_k ON checks(k);
"""
_SEARCH_INDEXES = """
CREATE INDEX figures_q ON figures(q);
CREATE INDEX names_key ON names(key);
CREATE INDEX names_indicator ON names(indicator, field);
CREATE INDEX names_k ON names(k);
CREATE INDEX quotes_k ON quotes(k);
"""


def schema(search: bool, fts: bool = True) -> str:
    """Every statement that creates the store's tables and indexes, in order."""
    tables = [_CORE]
    for table, codec, extra in RECORD_TABLES:
        tables.append(f"CREATE TABLE {table} (n INTEGER PRIMARY KEY, k INT, pos INT, line INT, col INT, ")
        tables.append(f"{codec.columns()}{''.join(', ' + c for c in extra)});\n")
    if search:
        tables += [_SEARCH, _FTS if fts else _NO_FTS]
    tables.append(_INDEXES)
    if search:
        tables.append(_SEARCH_INDEXES)
    return "".join(tables)


def temp_values(con: sqlite3.Connection, name: str, values: Iterable[Any]) -> None:
    """A temporary table ``temp.<name>`` of these values (column ``v``), emptied first."""
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (v PRIMARY KEY)")
    con.execute(f"DELETE FROM temp.{name}")
    con.executemany(f"INSERT OR IGNORE INTO temp.{name} VALUES (?)", ((v,) for v in values))

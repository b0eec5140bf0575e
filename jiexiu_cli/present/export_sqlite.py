"""`jiexiu export --format sqlite --output facts.db`: a database ready for Datasette and
sqlite-utils, and its ``metadata.json`` (Datasette's format) beside it.

Tables (the records of `jiexiu export`, `list` and `sources` as ``--format json`` gives
them, one column a key):

* ``figures``: one row a figure, primary key ``id``; ``indicator`` references
  ``indicators``, ``source`` references ``sources``. ``value`` and ``value_base`` are
  REAL for sorting and charts, and ``value_decimal`` and ``value_base_decimal`` beside
  them the exact Decimal as text (``tabular.py``); ``search_text`` is what full-text
  search indexes.
* ``indicators`` (primary key ``indicator``), ``sources`` (primary key ``source``), each
  with ``figures``, the number of its figures in this database.
* ``figures_fts``: FTS5 over ``search_text``, set up as ``sqlite-utils enable-fts``
  does (``content=[figures]``), so Datasette's search box and ``sqlite-utils search``
  find it. The unicode61 tokenizer keeps a run of Chinese characters as one token, and
  the trigram tokenizer matches nothing shorter than three characters; so
  ``search_text`` holds the quote (folded: NFKC, simplified characters, lower case) with
  every run of Chinese characters written as all its substrings of one to
  :data:`GRAM` characters, each a token: 焦化 finds 焦化企业 and 焦化行业.

Written atomically: each file is built under a temporary name in its folder and renamed
over the old one (``os.replace``) only when complete; an existing file is replaced only
with ``force`` (as ``gh release download --clobber``), because a database is often
someone's work.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from jiexiu_cli.core.errors import JiexiuError
from jiexiu_cli.core.model import Indicator, Source
from jiexiu_cli.present.records import indicator_record, source_record
from jiexiu_cli.present.tabular import COLUMNS, analyst_row

#: the longest Chinese term (in characters) full-text search finds as one term
GRAM = 4
_HAN = re.compile("([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")

_INTEGER = {"fragment_before", "additive", "figures"}
_REAL = {"value", "value_base"}


def search_text(quote: str) -> str:
    """The text ``figures_fts`` indexes for ``quote`` (see the module's docstring)."""
    from jiexiu_cli.core.hanzi import fold_search

    folded = fold_search(unicodedata.normalize("NFKC", quote))
    out: list[str] = []
    for i, part in enumerate(_HAN.split(folded)):
        if i % 2 == 0:
            out.append(part)
            continue
        grams = (part[a : a + n] for n in range(1, GRAM + 1) for a in range(len(part) - n + 1))
        out.append(" " + " ".join(dict.fromkeys(grams)) + " ")
    return " ".join("".join(out).split())


def write(
    output: Path,
    figures: Iterable[dict[str, Any]],
    indicators: list[Indicator],
    sources: list[Source],
    about: dict[str, str],
    force: bool = False,
) -> tuple[Path, Path, int]:
    """Write the database and its metadata.json; (database, metadata, figures written)."""
    metadata = output.parent / "metadata.json"
    for path in (output, metadata):
        if path.is_dir():
            raise JiexiuError(f"{path} is a folder: give the database a file name (e.g. {output / 'facts.db'})")
    if not force:
        for path in (output, metadata):
            if os.path.lexists(path):
                raise JiexiuError(f"{path} exists: give --force to replace it")
    with _temporary(output) as tmp:
        count = _write_db(tmp, figures, indicators, sources)
        with _temporary(metadata) as meta_tmp:
            meta_tmp.write_text(
                json.dumps(_metadata(output.stem, about, sources), ensure_ascii=False, indent=2) + "\n",
                encoding="utf-8",
            )
            os.replace(tmp, output)
            os.replace(meta_tmp, metadata)
    return output, metadata, count


@contextlib.contextmanager
def _temporary(final: Path) -> Iterator[Path]:
    """A new empty file's path beside ``final``, removed unless it was renamed."""
    while True:  # O_EXCL: a new file of our own; mode 0o666 less the umask, as any file written
        tmp = final.parent / f".{final.name}.{secrets.token_hex(6)}.tmp"
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            break
        except FileExistsError:
            continue
        except OSError as e:
            raise JiexiuError(f"cannot write in {final.parent}: {e.strerror or e}") from None
    try:
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _type(column: str) -> str:
    return "INTEGER" if column in _INTEGER else "REAL" if column in _REAL else "TEXT"


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _write_db(path: Path, figures: Iterable[dict[str, Any]], indicators: list[Indicator], sources: list[Source]) -> int:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = OFF")  # a new file, renamed into place only when complete
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("BEGIN")
        ind_columns = list(indicator_record(indicators[0], 0)) if indicators else ["indicator"]
        src_columns = list(source_record(sources[0], 0)) if sources else ["source"]
        _create(con, "indicators", ind_columns, "indicator", {})
        _create(con, "sources", src_columns, "source", {})
        columns = [*COLUMNS, "search_text"]
        _create(
            con, "figures", columns, "id", {"indicator": ("indicators", "indicator"), "source": ("sources", "source")}
        )
        # the referenced rows first (counts filled in after the figures)
        _insert(con, "indicators", ind_columns, (indicator_record(i, 0) for i in indicators))
        _insert(con, "sources", src_columns, (source_record(s, 0) for s in sources))
        count = 0
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO [figures] ({', '.join(f'[{c}]' for c in columns)}) VALUES ({marks})"
        for record in figures:
            row = analyst_row(record)
            con.execute(sql, [*(_cell(row[c]) for c in COLUMNS), search_text(record["quote"])])
            count += 1
        # the indexes before the counts: each count is then a range of an index, not a scan
        # of every figure (5,166 indicators x 100,000 figures took 3 minutes)
        for column in ("indicator", "source", "period", "topic", "place"):
            con.execute(f"CREATE INDEX [idx_figures_{column}] ON [figures] ([{column}])")
        con.execute(
            "UPDATE indicators SET figures = (SELECT count(*) FROM figures f WHERE f.indicator = indicators.indicator)"
        )
        con.execute("UPDATE sources SET figures = (SELECT count(*) FROM figures f WHERE f.source = sources.source)")
        # as `sqlite-utils enable-fts figures search_text` writes it, so both tools detect it
        con.execute("CREATE VIRTUAL TABLE [figures_fts] USING FTS5 ([search_text], content=[figures])")
        con.execute("INSERT INTO [figures_fts] (rowid, [search_text]) SELECT rowid, [search_text] FROM [figures]")
        problems = con.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # the fact base's loader guarantees these; a failure here is a bug
            raise JiexiuError(f"figures name missing indicators or sources: {problems[:3]}")
        con.execute("COMMIT")
        con.execute("VACUUM")
    except sqlite3.Error as e:
        raise JiexiuError(f"cannot write {path.name}: {e}") from None
    finally:
        con.close()
    return count


def _create(
    con: sqlite3.Connection, table: str, columns: list[str], key: str, refs: dict[str, tuple[str, str]]
) -> None:
    parts = []
    for c in columns:
        part = f"[{c}] {_type(c)}"
        if c == key:
            part += " PRIMARY KEY"
        if c in refs:
            part += f" REFERENCES [{refs[c][0]}]([{refs[c][1]}])"
        parts.append(part)
    con.execute(f"CREATE TABLE [{table}] (\n   " + ",\n   ".join(parts) + "\n)")


def _insert(con: sqlite3.Connection, table: str, columns: list[str], records: Iterable[dict[str, Any]]) -> None:
    sql = f"INSERT INTO [{table}] VALUES ({', '.join('?' * len(columns))})"
    con.executemany(sql, ([_cell(r[c]) for c in columns] for r in records))


# ---------------------------------------------------------------- metadata.json

FIGURE_COLUMNS = {
    "indicator": "The indicator's stable id (see the indicators table).",
    "name_zh": "The indicator's Chinese name.",
    "name_en": "The indicator's English name.",
    "period": "The span the figure speaks of, canonical: 2021, 2021-2025, 2022Q1, 2022H1, 2022M01-M10, 2022-06-30.",
    "value": "The number as the article prints it, as a float (exact digits in value_decimal).",
    "value_decimal": "The number as the article prints it, exactly (Decimal as text).",
    "printed": "The figure's text where it is no plain Arabic number (1/3, 翻了一番, 十大).",
    "unit": "The unit as the article prints it (亿元, %, 万平方米).",
    "qualifier": "How the words qualify the number: exact, over, at_least, over_about, about, under, at_most, "
    "estimate, expected, target.",
    "kind": "What the figure is: level, growth_rate, share, count, rank, cumulative, change, multiple, …",
    "source": "The article's file name (see the sources table).",
    "quote": "The clause that states the figure, verbatim from the article.",
    "id": "The figure's id in the fact base.",
    "status": "actual, target, estimate, …: whether the figure is a result.",
    "qualifier_zh": "The qualifier's words as printed (超, 突破, 余, 预计, 有望).",
    "scope": "What else qualifies the measure (预算, 民企, 增幅).",
    "base_period": "For a growth rate: the period it is against.",
    "value_base": "The value in its base unit (magnitudes multiplied out; shares in per cent), as a float.",
    "value_base_decimal": "The value in its base unit, exactly (Decimal as text).",
    "unit_base": "The base unit (元, %, or empty for a plain number).",
    "topic": "The indicator's topic (economy, fiscal, environment, …).",
    "fragment": "The other half of a sentence the page layout split.",
    "unit_note": "A note on the unit.",
    "note": "The curator's note.",
    "period_label": "The period as tables print it (2022 Q1).",
    "period_start": "The period's first day.",
    "period_end": "The period's last day.",
    "place": "Whose quantity it is (the figure's place, else its article's).",
    "universe": "For a rank or share: the whole it is measured in (晋中市, 山西省).",
    "basis": "For a growth rate: real (at comparable prices) or nominal.",
    "display": "The figure in its own words (全省第七, 增长8.5%, 有望突破40亿元): how jiexiu prints it.",
    "value_exact": "A fraction as printed (1/3) where value is its rounding.",
    "fragment_before": "1 where the fragment is read before the quote.",
    "additive": "0 for a figure that is no part of a sum over the years (a rolling list of projects).",
    "source_title": "The article's title.",
    "source_date": "The article's date.",
    "search_text": "What full-text search indexes: the quote folded, each run of Chinese characters cut into "
    f"its 1- to {GRAM}-character pieces. Not for reading.",
}

INDICATOR_COLUMNS = {
    "indicator": "The indicator's stable id.",
    "name_zh": "Chinese name.",
    "name_en": "English name.",
    "topic": "Topic.",
    "figures": "How many figures of this indicator the figures table holds.",
    "aliases": "Other names it is found by (a JSON list).",
}

SOURCE_COLUMNS = {
    "source": "The article's file name.",
    "title": "Title.",
    "publisher": "Publisher.",
    "date": "Date of publication.",
    "covers": "The period the article covers.",
    "description": "What the article is.",
    "sha256": "SHA-256 of the article's text as kept (jiexiu verify checks it).",
    "figures": "How many figures of this article the figures table holds.",
    "place": "The place the article reports on.",
}


def _metadata(database: str, about: dict[str, str], sources: list[Source]) -> dict[str, Any]:
    cited = "; ".join(f"{s.publisher}, {s.date}, 《{s.title}》" for s in sources)
    return {
        "title": about["title"],
        "description": about["description"],
        "source": cited or "no article",
        "license": "The figures' quotes are short excerpts of the articles named in source; "
        "jiexiu, which compiled them, is MIT-licensed",
        "about": about["about"],
        "databases": {
            database: {
                "tables": {
                    "figures": {
                        "description": "Every figure: its number, unit, qualifier, period and place, and the "
                        "sentence of the article that states it. Search finds Chinese terms of up to "
                        f"{GRAM} characters (焦化), English words and numbers; separate terms with spaces.",
                        "columns": {c: FIGURE_COLUMNS.get(c, "") for c in [*COLUMNS, "search_text"]},
                        "fts_table": "figures_fts",
                        "fts_pk": "rowid",
                    },
                    "indicators": {"description": "The indicators the figures measure.", "columns": INDICATOR_COLUMNS},
                    "sources": {"description": "The articles, kept byte-identical.", "columns": SOURCE_COLUMNS},
                    "figures_fts": {"hidden": True},
                }
            }
        },
    }
